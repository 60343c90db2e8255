"""The standard budget tables (九张表): vocabulary, header paths, code joining, units,
and whole documents read against their truth (every amount cell of every table)."""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from budgetpdf.extract.grid import Cell, Grid
from budgetpdf.extract.pages import read_pdf
from budgetpdf.normalize import budget as vocab
from budgetpdf.readers.budget_headers import analyse
from budgetpdf.readers.budget_lines import Table, table_rows
from budgetpdf.readers.budget_tables import read_budget_tables
from budgetpdf.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "budget"
DEVSET_FULL = ROOT.parent / "shared" / "devset" / "full"


# ---- vocabulary -------------------------------------------------------------------

@pytest.mark.parametrize("title, kind", [
    ("部门收支总表", "summary"), ("收入支出决算总表", "summary"), ("单位收支总体情况表", "summary"),
    ("部门收入总表", "income"), ("收入决算表", "income"), ("部门支出总表", "expenditure"),
    ("财政拨款收支总表", "fiscal_summary"), ("财政拨款收入支出决算总表", "fiscal_summary"),
    ("一般公共预算财政拨款支出预算表", "general_expenditure"),
    ("一般公共预算基本支出表", "general_basic"), ("一般公共预算“三公”经费支出表", "three_public"),
    ("一般公共预算“三公”经费、会议费和培训费支出情况表", "three_public"),
    ("政府性基金预算支出表", "fund"), ("国有资本经营预算支出表", "state_capital"),
    ("项目支出表", "project_expenditure"), ("政府采购预算表", "other"),
])
def test_canonical_kind(title, kind):
    assert vocab.canonical_kind(title) == kind


@pytest.mark.parametrize("line, title, number, continued", [
    ("表一 部门收支总表", "部门收支总表", "表一", False),
    ("附表3：2024年一般公共预算支出表", "一般公共预算支出表", "附表3", False),
    ("2023年部门收入总表", "部门收入总表", None, False),
    ("部门收支总表（表1-1）", "部门收支总表", "表1-1", False),
    ("1.部门收支总表", "部门收支总表", "1", False),
    ("预算公开01表 单位收支总体情况表", "单位收支总体情况表", "预算公开01表", False),
    ("部门支出总表（续）", "部门支出总表", None, True),
    ("部门收支总表部门：重庆市荣昌区远觉镇人民政府单位：万元", "部门收支总表", None, False),
])
def test_title_parts(line, title, number, continued):
    assert vocab.title_parts(line) == (title, number, continued)


def test_title_lines_and_numbers():
    assert vocab.is_title("2024年部门收支总表")
    assert not vocab.is_title("表3-1")                    # a number alone
    assert not vocab.is_title("注：本表为空表")
    assert not vocab.is_title("一、部门收支总体情况说明")   # prose heading, not a table
    assert vocab.is_performance_title("2024年项目支出绩效目标表")
    assert not vocab.is_performance_title("一般公共预算基本支出表")
    assert vocab.number_of("预算公开01表") == "预算公开01表"
    assert vocab.number_of("表1-2") == "表1-2"
    assert vocab.number_of("部门收支总表") is None


@pytest.mark.parametrize("text, unit", [
    ("单位：万元", "万元"), ("金额单位：元", "元"), ("单位名称：梧州市第三中学单位：元", "元"),
    ("部门：XX局 单位: 万元", "万元"), ("预算数（万元）", "万元"), ("单位名称：XX单位", None),
])
def test_units(text, unit):
    assert vocab.unit_of(text) == unit


def test_amounts_and_codes():
    assert vocab.amount_value("24,268.22") == 24268.22
    assert vocab.amount_value("-3.44") == -3.44
    assert vocab.amount_value("0.00") == 0.0
    assert vocab.amount_value("—") is None and vocab.amount_value("") is None
    assert vocab.amount_value("一般公共服务支出") is None
    assert vocab.amount_value("20万元") == 20 and vocab.cell_unit("20万元") == "万元"
    assert vocab.to_yuan(1586.42, "万元") == 15864200.0
    assert vocab.join_code(["208", "05", "05"]) == "2080505"
    assert vocab.join_code(["208", "05", ""]) == "20805"
    assert vocab.join_code(["208", "20805", "2080505"]) == "2080505"   # 款/项 printed in full
    assert [vocab.code_level(c) for c in ("201", "20101", "2010101", "")] == [1, 2, 3, None]


# ---- header paths on hand-built grids -------------------------------------------------

def grid(rows: list[list], strategy: str = "lattice", widths: list[float] | None = None) -> Grid:
    """A Grid from rows of cell texts; ("text", colspan, rowspan) for a merged cell,
    None for a position another cell covers."""
    n_cols = max(sum(c[1] if isinstance(c, tuple) else 1 for c in row) for row in rows[:1])
    xs = [0.0]
    for w in widths or [60.0] * n_cols:
        xs.append(xs[-1] + w)
    ys = [20.0 * i for i in range(len(rows) + 1)]
    cells, covered = [], set()
    for r, row in enumerate(rows):
        c = 0
        for item in row:
            while (r, c) in covered:
                c += 1
            if item is None:
                c += 1
                continue
            text, cs, rs = item if isinstance(item, tuple) else (item, 1, 1)
            cells.append(Cell(text, r, c, rs, cs, 1, (xs[c], ys[r], xs[c + cs], ys[r + rs]), None, xs[c] + 2))
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    covered.add((rr, cc))
            c += cs
    return Grid(cells, xs, ys, 1, strategy)


def test_group_headers_and_split_codes():
    g = grid([
        [("科目编码", 3, 1), ("科目名称", 1, 2), ("合计", 1, 2), ("基本支出", 2, 1), ("项目支出", 1, 2)],
        ["类", "款", "项", "人员经费", "公用经费"],
        ["", "", "", "合计", "10.00", "6.00", "1.00", "3.00"],
        ["208", "", "", "社会保障和就业支出", "10.00", "6.00", "1.00", "3.00"],
        ["208", "05", "05", "机关事业单位基本养老保险缴费支出", "10.00", "6.00", "1.00", "—"],
    ])
    lay = analyse(g)
    assert lay.header == [0, 1] and lay.body == [2, 3, 4]
    assert [c.path for c in lay.columns] == ["科目编码/类", "科目编码/款", "科目编码/项", "科目名称", "合计",
                                             "基本支出/人员经费", "基本支出/公用经费", "项目支出"]
    assert [c.role for c in lay.columns] == ["code"] * 3 + ["label"] + ["amount"] * 4


def test_two_sided_header_without_vertical_rules():
    # a borderless grid: "收入" / "支出" each printed over the first of their columns
    g = grid([
        ["收入", "", "支出", ""],
        ["项目", "预算数", "项目", "预算数"],
        ["一、一般公共预算拨款收入", "100.00", "一、一般公共服务支出", "100.00"],
    ], strategy="hrules", widths=[180, 80, 180, 80])
    g.at(0, 0).text_x0 = 120.0   # centred over 0..260
    g.at(0, 2).text_x0 = 380.0   # centred over 260..520
    lay = analyse(g, char_w=10.0)
    assert [c.path for c in lay.columns] == ["收入/项目", "收入/预算数", "支出/项目", "支出/预算数"]


def test_split_codes_printed_once_take_the_levels_above():
    g = grid([
        [("科目编码", 3, 1), ("科目名称", 1, 2), ("合计", 1, 2)],
        ["类", "款", "项"],
        ["208", "", "", "社会保障和就业支出", "10.00"],
        ["", "05", "", "行政事业单位养老支出", "10.00"],
        ["", "", "05", "机关事业单位基本养老保险缴费支出", "10.00"],
    ])
    row, lines = table_rows(Table("一般公共预算支出表", None, "万元", [(g, analyse(g))]), "d", 1, None)
    assert [(ln["code"], ln["level"], ln["amount_yuan"]) for ln in lines] == [
        ("208", 1, 100000.0), ("20805", 2, 100000.0), ("2080505", 3, 100000.0)]
    assert row["kind"] == "general_expenditure" and row["n_lines"] == 3 and not row["empty"]


def test_column_number_row_is_no_header_level():
    g = grid([
        ["项目", "行次", "金额"],
        ["栏次", "", "1"],
        ["一、财政拨款收入", "1", "312.46"],
    ])
    lay = analyse(g)
    assert lay.body == [2]
    assert [(c.path, c.role) for c in lay.columns] == [("项目", "label"), ("行次", "skip"), ("金额", "amount")]


# ---- whole documents ------------------------------------------------------------------

def norm(x) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(x or "")))


def truth_cells(table: dict) -> list[tuple]:
    """(code, item, column, yuan) of every amount cell of a truth table (the scorers' rule)."""
    amount = re.compile(r"^-?[\d,]*\d(\.\d+)?$")
    cols = [norm(c) for c in table["columns"]]
    leaves = [c.split("/")[-1] for c in cols]
    code_col = [bool(re.search("编码|代码", c)) or leaf in ("类", "款", "项") for c, leaf in zip(cols, leaves)]
    scale = 10000 if table.get("unit") == "万元" else 1
    out = []
    for row in table["rows"]:
        cells = [norm(c) for c in row]
        for j, cell in enumerate(cells):
            if code_col[j] or re.search("行次|数量", leaves[j]) or not amount.match(cell):
                continue
            item = next((c for c, is_code in zip(cells[j - 1::-1] if j else [], code_col[j - 1::-1] if j else [])
                         if c and not amount.match(c) and (not is_code or re.search(r"[\u4e00-\u9fff]", c))), "")
            k = j - 1
            while k >= 0 and not code_col[k]:
                k -= 1
            parts = []
            while k >= 0 and code_col[k]:
                parts.insert(0, cells[k] if cells[k].isdigit() else "")
                k -= 1
            out.append(("".join(parts), item, cols[j], round(float(cell.replace(",", "")) * scale, 2)))
    return out


def score(pdf: Path, truth: dict) -> dict:
    read = read_budget_tables(read_pdf(pdf, Settings()), "doc")
    lines = {t["table_id"]: [] for t in read.tables}
    for ln in read.lines:
        lines[ln["table_id"]].append(ln)
    found, missing, kinds = 0, [], 0
    for tb, out in zip(truth["budget_tables"], read.tables):
        kinds += out["kind"] == vocab.canonical_kind(tb["name"])
        assert out["empty"] == tb["empty"], tb["name"]
        got = Counter((norm(ln["code"]), norm(ln["item"]), norm(ln["column"]), round(ln["amount_yuan"], 2))
                      for ln in lines[out["table_id"]])
        want = truth_cells(tb)
        for cell in want:
            if got[cell] > 0:
                got[cell] -= 1
                found += 1
            else:
                missing.append((tb["name"], cell))
    n_truth = sum(len(truth_cells(tb)) for tb in truth["budget_tables"])
    return {"tables": len(read.tables), "truth_tables": len(truth["budget_tables"]), "kinds": kinds,
            "recall": found / n_truth, "precision": found / max(len(read.lines), 1), "missing": missing[:5],
            "read": read}


def corpus_doc(doc: str, form: str) -> tuple[Path, dict]:
    pdf = CORPUS / "pdf" / form / f"{doc}.pdf"
    truth = CORPUS / "truth" / f"{doc}.json"
    if not pdf.exists() or not truth.exists():
        pytest.skip(f"corpus document {form}/{doc} not present")
    return pdf, json.loads(truth.read_text(encoding="utf-8"))


@pytest.mark.parametrize("doc, form", [
    ("cq_rongchang_yuanjuezhen_bmys_2026", "grid"),     # tables continued with repeated headers, 3-row header
    ("hn_miluo_tieshanguanqu_bmjs_2024", "hrules"),     # 决算, 行次, two halves, no vertical rules
])
def test_corpus_whole_documents(doc, form):
    res = score(*corpus_doc(doc, form))
    assert res["tables"] == res["truth_tables"]
    assert res["kinds"] == res["tables"]
    # ruled: exact; without vertical rules the cells are only as good as the borderless
    # grids (extract/borderless.py), the bar is 0.97
    bar = 1.0 if form == "grid" else 0.97
    assert res["recall"] >= bar and res["precision"] >= bar, res["missing"]


def test_fixture_document_tables():
    """The checks' test document: every table found, in order, with its title, kind,
    unit, stage and note; a continuation-free 9-table budget in 万元."""
    read = read_budget_tables(read_pdf(FIXTURES / "consistent.pdf", Settings()), "doc")
    assert [(t["title"], t["kind"]) for t in read.tables] == [
        ("部门收支总表", "summary"), ("部门收入总表", "income"), ("部门支出总表", "expenditure"),
        ("财政拨款收支总表", "fiscal_summary"), ("一般公共预算支出表", "general_expenditure"),
        ("一般公共预算基本支出表", "general_basic"), ("一般公共预算“三公”经费支出表", "three_public"),
        ("政府性基金预算支出表", "fund"), ("项目支出表", "project_expenditure")]
    assert {t["unit"] for t in read.tables} == {"万元"}
    assert {t["budget_stage"] for t in read.tables} == {"budget"}
    fund = read.tables[7]
    assert fund["empty"] and fund["n_lines"] == 0 and fund["note"].startswith("注：本部门无政府性基金")
    by_key = {(ln["table_id"][-3:], ln["code"], ln["item"], ln["column"]): ln for ln in read.lines}
    line = by_key[("005", "2080505", "机关事业单位基本养老保险缴费支出", "基本支出/人员经费")]
    assert line["amount_raw"] == "200.34" and line["amount_yuan"] == 2003400.0 and line["level"] == 3
    summary = {(ln["item"], ln["column"]): ln["amount_raw"] for ln in read.lines if ln["table_id"].endswith("001")}
    assert summary[("收入总计", "收入/预算数")] == "1,000.67"      # each side takes its own label
    assert summary[("支出总计", "支出/预算数")] == "1,000.67"
    assert summary[("上年结转", "收入/预算数")] == "0.00"          # 0.00 writes a line
    assert ("二、政府性基金预算拨款收入", "收入/预算数") not in summary  # a blank writes none
    three = [ln for ln in read.lines if ln["table_id"].endswith("007")]
    assert {ln["item"] for ln in three} == {""}
    assert "公务用车购置及运行费/公务用车运行费" in {ln["column"] for ln in three}


def test_performance_tables_are_left_alone():
    """Budget tables claim their grids; the 项目支出绩效目标表 grids stay unclaimed."""
    content = read_pdf(FIXTURES / "consistent.pdf", Settings())
    read = read_budget_tables(content, "doc")
    grids = [g for p in content.pages for g in p.grids]
    unclaimed = [g for g in grids if id(g) not in read.claimed]
    assert len(unclaimed) == 2
    assert all(any("一级指标" in c.text for c in g.cells) for g in unclaimed)


@pytest.mark.skipif(not (DEVSET_FULL / "truth").is_dir(), reason="../shared devset not available")
def test_devset_full_document():
    truth = json.loads((DEVSET_FULL / "truth" / "gx_wzsz_2023.json").read_text(encoding="utf-8"))
    res = score(DEVSET_FULL / "pdf" / "gx_wzsz_2023.pdf", truth)
    assert res["tables"] == 9 and res["kinds"] == 9
    assert res["recall"] == 1.0 and res["precision"] == 1.0, res["missing"]


FEATURE_TABLES = [  # number, title, kind, pages, note
    ("表一", "收入支出决算总表", "summary", (2, 2), None),            # leading year cut off
    ("表二", "收入决算表", "income", (2, 2), None),                   # second table on the page
    ("表三", "支出决算表", "expenditure", (3, 4), None),              # title printed again on p. 4
    ("表四", "一般公共预算财政拨款基本支出决算表", "general_basic", (5, 6), None),  # p. 6: no header
    ("表五", "政府性基金预算财政拨款收入支出决算表", "fund", (7, 7),
     "注：本单位2023年度无政府性基金预算财政拨款收入、支出，故本表无数据。"),        # no grid at all
    ("表六", "国有资本经营预算财政拨款支出决算表", "state_capital", (7, 7),
     "注：本单位2023年度无国有资本经营预算财政拨款支出，故本表无数据。"),
    ("表七", "“三公”经费支出决算表", "three_public", (8, 8), "注：决算数小于预算数，主要是厉行节约。"),
    ("表八", "项目支出决算表", "project_expenditure", (8, 8), None),
]


@pytest.mark.parametrize("form", ["grid", "hrules"])
def test_feature_document_tables(form):
    read = read_budget_tables(read_pdf(FIXTURES / f"features_{form}.pdf", Settings()), "doc")
    got = [(t["number"], t["title"], t["kind"], (t["page_start"], t["page_end"]), t["note"]) for t in read.tables]
    assert got == FEATURE_TABLES
    assert {(t["unit"], t["budget_stage"]) for t in read.tables} == {("元", "final")}
    assert [t["empty"] for t in read.tables][4:6] == [True, True]


def test_feature_document_lines():
    read = read_budget_tables(read_pdf(FIXTURES / "features_grid.pdf", Settings()), "doc")
    by_table = {}
    for ln in read.lines:
        by_table.setdefault(ln["table_id"][-3:], []).append(ln)
    summary = by_table["001"]   # 行次 columns and the 栏次 row write nothing
    assert {ln["column"] for ln in summary} == {"收入/金额", "支出/金额"}
    assert [(ln["item"], ln["amount_raw"]) for ln in summary if ln["item"] == "总计"] == \
        [("总计", "1,250,000.00"), ("总计", "1,250,000.00")]
    assert "其他收入" not in {ln["column"] for ln in by_table["002"] if ln["code"] == "221"}  # "—"
    spending = by_table["003"]  # continued: one table, lines numbered on, header read once
    assert [ln["line"] for ln in spending if ln["column"] == "本年支出合计"] == list(range(1, 9))
    assert [ln["code"] for ln in spending if ln["column"] == "本年支出合计"][-1] == "2210201"
    basic = by_table["004"]     # the page without a header takes the first page's columns
    assert [(ln["code"], ln["column"]) for ln in basic][-1] == ("30201", "决算数")
    three = by_table["007"]     # one label column: the items are the 三公 parts
    assert ("2.公务用车购置及运行费", "决算数", 19000.0) in {(ln["item"], ln["column"], ln["amount_yuan"])
                                                          for ln in three}
    assert [ln["column"] for ln in by_table["008"]] == ["决算数"]  # 98.5% is no amount
    assert all(t["n_unread"] == 0 for t in read.tables)


def test_column_numbers_without_their_label_are_no_amounts():
    """A 决算 table's 1 | 2 | 3 … row under its header (栏次 printed or not)."""
    from budgetpdf.readers.budget_paths import numbering_row
    assert numbering_row(["栏次", "1", "2", "3"])
    assert numbering_row([str(i) for i in range(1, 13)])
    assert not numbering_row(["1", "3", "2"]) and not numbering_row(["12.50", "3", "4"])


def test_a_spaced_header_is_one_word():
    """"项　　目" printed with wide spaces comes apart without rules; 类 | 款 | 项 does not join."""
    from budgetpdf.readers.budget_paths import join_spaced
    texts = ["项", "目", "", "预算数", "收", "入"]
    join_spaced(texts)
    assert texts == ["项目", "", "", "预算数", "收入", ""]
    codes = ["类", "款", "项", "科目名称"]
    join_spaced(codes)
    assert codes == ["类", "款", "项", "科目名称"]
