"""corpus/score.py, the strict corpus scorer: a perfect output scores 1.0, each kind of
defect lowers the metric it should (and only that one).  No Chromium, no pipeline run:
outputs are built from truth with truth_to_tables() below."""
from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("corpus_score", ROOT / "corpus" / "score.py")
score = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score)

SELF_EVAL_KEYS = ("table_kind", "budget_initial_yuan", "budget_full_yuan", "executed_yuan",
                  "execution_rate", "budget_score_max", "budget_score", "goal_actual",
                  "total_score_max", "total_score")


def truth_to_tables(truth: dict, doc_id: str | None = None,
                    extracted_at="2025-01-01T00:00:00Z") -> dict[str, pd.DataFrame]:
    """The rows a perfect pipeline would write for one truth file (DATA_CONTRACT.md)."""
    doc_id = doc_id or ("d" + truth["doc"]).ljust(64, "0")[:64]
    documents = [{
        "doc_id": doc_id, "source": f"corpus/pdf/grid/{truth['doc']}.pdf",
        "file_name": f"{truth['doc']}.pdf", "title": truth.get("title"),
        "department": truth.get("department"), "year": truth.get("year"),
        "budget_stage": truth.get("budget_stage"), "pages": 1, "status": "ok", "error": None,
        "extracted_at": pd.Timestamp(extracted_at),
    }]
    projects, indicators = [], []
    for seq, p in enumerate(truth.get("projects") or [], 1):
        pid = f"{doc_id[:12]}-{seq:04d}"
        funds = p.get("funds_yuan") or {}
        row = {"doc_id": doc_id, "project_id": pid, "seq": seq,
               "fiscal_yuan": funds.get("fiscal"), "special_yuan": funds.get("special"),
               "other_yuan": funds.get("other")}
        for k in ("kind", "name", "project_type", "project_level", "department", "unit",
                  "start_year", "end_year", "amount_raw", "amount_yuan", "period_goal",
                  "annual_goal", "content") + SELF_EVAL_KEYS:
            row[k] = p.get(k)
        projects.append(row)
        for iseq, ind in enumerate(p.get("indicators") or [], 1):
            indicators.append({
                "doc_id": doc_id, "project_id": pid, "seq": iseq, "level1": ind.get("level1"),
                "level2": ind.get("level2"), "name": ind.get("name"),
                "period_raw": ind.get("period"), "annual_raw": ind.get("annual"),
                "actual_raw": ind.get("actual"), "score_max": ind.get("score_max"),
                "score": ind.get("score"), "deviation": ind.get("deviation")})
    tables, lines = [], []
    for seq, t in enumerate(truth.get("budget_tables") or [], 1):
        tid = f"{doc_id[:12]}-t{seq:03d}"
        cells = score.truth_cells(t)
        tables.append({"doc_id": doc_id, "table_id": tid, "seq": seq,
                       "kind": score.canonical_kind(t["name"]), "title": t.get("title"),
                       "number": t.get("no"), "unit": t.get("unit"), "empty": bool(t.get("empty")),
                       "note": t.get("note"), "n_lines": len(cells)})
        for c in cells:
            lines.append({"doc_id": doc_id, "table_id": tid, "line": c["row"] + 1,
                          "code": c["code"] or None, "item": c["item"], "column": c["column"],
                          "amount_raw": c["raw"], "amount_yuan": c["yuan"], "page": 1})
    out = {"documents": pd.DataFrame(documents), "projects": pd.DataFrame(projects),
           "indicators": pd.DataFrame(indicators)}
    if "budget_tables" in truth:
        out["budget_tables"] = pd.DataFrame(tables)
        out["budget_lines"] = pd.DataFrame(lines)
    return out


TRUTH = {
    "doc": "zz_unit_2024", "title": "2024年项目支出绩效目标表", "department": "示例县农业农村局",
    "year": 2024, "budget_stage": "budget", "amount_unit": "万元",
    "projects": [
        {"kind": "project", "name": "高标准农田建设管护", "project_type": "其他运转类",
         "project_level": None, "department": "示例县农业农村局", "unit": "示例县农田建设服务中心",
         "start_year": 2024, "end_year": 2025, "amount_raw": "125.60", "amount_yuan": 1256000.0,
         "funds_yuan": {"fiscal": 1200000.0, "special": None, "other": 56000.0},
         "period_goal": "完成全县3.2万亩高标准农田设施管护。", "annual_goal": None, "content": None,
         "indicators": [
             {"level1": "产出指标", "level2": "数量指标", "name": "管护面积", "period": None, "annual": "≥3.2万亩"},
             {"level1": "产出指标", "level2": "质量指标", "name": "工程设施完好率", "period": "≥90%", "annual": "≥95%"},
             {"level1": "效益指标", "level2": "社会效益指标", "name": "粮食稳产", "period": None, "annual": "持续发挥作用"},
             {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "农户满意度", "period": None, "annual": "≥90%"},
         ]},
        {"kind": "project", "name": "农村人居环境整治", "project_type": None, "project_level": None,
         "department": None, "unit": None, "start_year": None, "end_year": None,
         "amount_raw": "30", "amount_yuan": 300000.0,
         "funds_yuan": {"fiscal": None, "special": None, "other": None},
         "period_goal": None, "annual_goal": "完成20个村整治。", "content": None,
         "indicators": [
             {"level1": "产出指标", "level2": "数量指标", "name": "整治村数", "period": None, "annual": "20个"},
             {"level1": "产出指标", "level2": "数量指标", "name": "整治村数", "period": None, "annual": "20个"},
         ]},
    ],
    "budget_tables": [
        {"no": "一", "name": "部门收支总表", "title": "部门收支总表", "unit": "万元",
         "columns": ["收入/项目", "收入/预算数", "支出/项目", "支出/预算数"],
         "rows": [["一、一般公共预算拨款", "1,586.42", "一、农林水支出", "1,586.42"],
                  ["二、政府性基金预算拨款", "", "二、住房保障支出", "0.00"],
                  ["收入总计", "1,586.42", "支出总计", "1,586.42"]],
         "note": None, "empty": False},
        {"no": "五", "name": "一般公共预算支出表", "title": "一般公共预算支出表", "unit": "万元",
         "columns": ["科目编码/类", "科目编码/款", "科目编码/项", "科目名称", "合计",
                     "基本支出/人员经费", "基本支出/公用经费", "项目支出"],
         "rows": [["合计", "", "", "", "1,586.42", "402.15", "58.67", "1,125.60"],
                  ["213", "", "", "农林水支出", "1,586.42", "402.15", "58.67", "1,125.60"],
                  ["213", "01", "", "　农业农村", "1,586.42", "402.15", "58.67", "1,125.60"],
                  ["213", "01", "01", "　　行政运行", "460.82", "402.15", "58.67", ""]],
         "note": None, "empty": False},
        {"no": "七", "name": "“三公”经费支出表", "title": "“三公”经费支出表", "unit": "元",
         "columns": ["行次", "合计", "因公出国（境）费", "公务用车购置及运行费/公务用车运行费", "公务接待费"],
         "rows": [["1", "8,000.00", "0.00", "6,000.00", "2,000.00"]], "note": None, "empty": False},
        {"no": "八", "name": "政府性基金预算支出表", "title": "政府性基金预算支出表", "unit": "万元",
         "columns": ["科目编码", "科目名称", "合计"], "rows": [["", "", ""]],
         "note": "注：本部门无政府性基金预算支出，故本表为空表。", "empty": True},
    ],
}

SELF_EVAL = {
    "doc": "zz_selfeval_2023", "title": "项目支出绩效自评表", "department": "示例学校", "year": 2023,
    "budget_stage": "final",
    "projects": [
        {"kind": "project", "name": "暖通改造", "table_kind": "self_evaluation",
         "project_type": None, "project_level": None, "department": None, "unit": "示例学校",
         "start_year": None, "end_year": None, "amount_raw": "43.2", "amount_yuan": 432000.0,
         "funds_yuan": {"fiscal": 432000.0, "special": None, "other": None},
         "period_goal": None, "annual_goal": "完成改造", "content": None,
         "budget_initial_yuan": 432000.0, "budget_full_yuan": 432000.0, "executed_yuan": 372400.0,
         "execution_rate": 86.0, "budget_score_max": 10.0, "budget_score": 9.0,
         "goal_actual": "基本完成", "total_score_max": 100.0, "total_score": 92.5,
         "indicators": [
             {"level1": "产出指标", "level2": "数量指标", "name": "改造面积", "period": None,
              "annual": "≥3000平方米", "actual": "3200平方米", "score_max": 20.0, "score": 20.0,
              "deviation": None},
             {"level1": "效益指标", "level2": "社会效益指标", "name": "供暖达标率", "period": None,
              "annual": "100%", "actual": "97%", "score_max": 30.0, "score": 27.5,
              "deviation": "部分管网老化。"},
         ]},
    ],
}


def _score(truth, tables):
    return score.score_document(tables, truth)


def _applicable(m: dict) -> dict:
    return {k: v for k, v in m.items() if k != "fields" and v is not None}


def test_perfect_output_scores_one():
    for truth in (TRUTH, SELF_EVAL):
        res = _score(truth, truth_to_tables(truth))
        m = res["metrics"]
        assert res["found"]
        assert m["project_f1"] == m["indicator_f1"] == m["value_acc"] == m["field_acc"] == 1.0
        assert all(v == 1.0 for v in _applicable(m).values()), _applicable(m)
        assert all(v == 1.0 for v in m["fields"].values())
        assert not {k: v for k, v in res["details"].items() if v}, res["details"]
    m = _score(TRUTH, truth_to_tables(TRUTH))["metrics"]
    assert m["cell_f1"] == m["table_recall"] == m["kind_acc"] == 1.0
    assert m["doc_acc"] == 1.0
    m = _score(SELF_EVAL, truth_to_tables(SELF_EVAL))["metrics"]
    for k in ("actual_acc", "score_acc", "deviation_acc", "funds_acc"):
        assert m[k] == 1.0


def _corpus_truths():
    return sorted(p.stem for p in (ROOT / "corpus" / "truth").glob("*.json")) or ["<none>"]


@pytest.mark.parametrize("doc_id", _corpus_truths())
def test_perfect_output_of_every_corpus_truth_scores_one(doc_id):
    if doc_id == "<none>":
        pytest.skip("no corpus truth yet")
    truth = score.load_truth(doc_id)
    m = _score(truth, truth_to_tables(truth))["metrics"]
    assert all(v == 1.0 for v in _applicable(m).values()), _applicable(m)


def _mut(truth=TRUTH):
    return copy.deepcopy(truth), truth_to_tables(truth)


def test_duplicated_project_is_a_false_positive():
    truth, t = _mut()
    p = t["projects"]
    dup = p.iloc[[0]].assign(project_id="dup-1", seq=99)
    t["projects"] = pd.concat([p, dup], ignore_index=True)
    dup_inds = t["indicators"][t["indicators"]["project_id"] == p.iloc[0]["project_id"]].assign(project_id="dup-1")
    t["indicators"] = pd.concat([t["indicators"], dup_inds], ignore_index=True)
    m = _score(truth, t)["metrics"]
    assert m["project_recall"] == 1.0 and m["project_precision"] == pytest.approx(2 / 3)
    assert m["indicator_recall"] == 1.0 and m["indicator_precision"] < 1.0
    assert m["value_acc"] == 1.0 and m["field_acc"] == 1.0


def test_repeated_indicator_pairs_in_order_and_an_extra_copy_counts():
    truth, t = _mut()
    ind = t["indicators"]
    extra = ind[ind["name"] == "整治村数"].iloc[[0]].assign(seq=50)
    t["indicators"] = pd.concat([ind, extra], ignore_index=True)
    m = _score(truth, t)["metrics"]
    assert m["indicator_recall"] == 1.0 and m["indicator_precision"] < 1.0


def test_full_width_digit_in_a_value_fails_value_only():
    truth, t = _mut()
    t["indicators"].loc[1, "annual_raw"] = "≥９5%"
    res = _score(truth, t)
    m = res["metrics"]
    assert m["indicator_f1"] == 1.0 and m["project_f1"] == 1.0
    assert m["value_acc"] == pytest.approx(1 - 1 / 12)
    assert any("U+FF19" in x for x in res["details"]["values"])


@pytest.mark.parametrize("bad", ["≥95% ", "≧95%", "≥95％"])
def test_no_normalisation_of_values(bad):
    truth, t = _mut()
    t["indicators"].loc[1, "annual_raw"] = bad
    assert _score(truth, t)["metrics"]["value_acc"] < 1.0


def test_null_and_empty_string_are_equal():
    truth, t = _mut()
    t["indicators"]["period_raw"] = t["indicators"]["period_raw"].where(
        t["indicators"]["period_raw"].notna(), "")
    t["projects"].loc[1, "unit"] = ""
    m = _score(truth, t)["metrics"]
    assert m["value_acc"] == 1.0 and m["field_acc"] == 1.0


def test_missing_indicator_lowers_recall():
    truth, t = _mut()
    t["indicators"] = t["indicators"].drop(index=2).reset_index(drop=True)
    m = _score(truth, t)["metrics"]
    assert m["indicator_precision"] == 1.0 and m["indicator_recall"] == pytest.approx(5 / 6)
    assert m["project_f1"] == 1.0 and m["value_acc"] == 1.0


def test_wrong_level2_is_a_miss_and_a_false_positive():
    truth, t = _mut()
    t["indicators"].loc[1, "level2"] = "数量指标"
    res = _score(truth, t)
    m = res["metrics"]
    assert m["indicator_precision"] == pytest.approx(5 / 6) and m["indicator_recall"] == pytest.approx(5 / 6)
    assert any("level2" in x for x in res["details"]["indicators_missing"])


def test_kangxi_radical_in_a_project_name_unmatches_the_project():
    truth, t = _mut()
    t["projects"].loc[0, "name"] = "高标准农⽥建设管护"  # ⽥ U+2F65 for 田
    res = _score(truth, t)
    m = res["metrics"]
    assert m["project_f1"] == 0.5
    assert m["indicator_recall"] == pytest.approx(2 / 6)
    assert "U+2F65" in res["details"]["projects_missing"][0]


def test_field_errors_lower_field_acc():
    truth, t = _mut()
    t["projects"].loc[0, "amount_yuan"] = 1256000.4  # within ±0.5
    assert _score(truth, t)["metrics"]["field_acc"] == 1.0
    t["projects"].loc[0, "amount_yuan"] = 1256001.0
    t["projects"].loc[1, "annual_goal"] = "完成20个村整治"  # 。 dropped
    res = _score(truth, t)
    m = res["metrics"]
    assert m["fields"]["amount_yuan"] == 0.5 and m["fields"]["annual_goal"] == 0.5
    assert m["field_acc"] == pytest.approx(1 - 2 / 26)
    assert m["project_f1"] == 1.0
    assert len(res["details"]["fields"]) == 2


def test_doc_facts_and_unscored_null_keys():
    truth, t = _mut()
    t["documents"].loc[0, "year"] = 2023
    assert _score(truth, t)["metrics"]["doc_acc"] == 0.75
    truth["year"] = None
    assert _score(truth, t)["metrics"]["doc_acc"] == 1.0


def test_document_missing_from_output():
    truth, t = _mut()
    t["documents"] = t["documents"].iloc[0:0]
    res = _score(truth, t)
    assert not res["found"]
    assert res["metrics"]["project_f1"] == 0.0 and res["metrics"]["indicator_f1"] == 0.0
    assert res["metrics"]["cell_f1"] == 0.0


def test_budget_line_with_wrong_column():
    truth, t = _mut()
    lines = t["budget_lines"]
    i = lines.index[lines["column"] == "基本支出/人员经费"][0]
    lines.loc[i, "column"] = "基本支出/公用经费"
    res = _score(truth, t)
    m = res["metrics"]
    n = res["counts"]["cell_truth"]
    assert m["cell_precision"] == pytest.approx((n - 1) / n) and m["cell_recall"] == pytest.approx((n - 1) / n)
    assert m["table_recall"] == 1.0 and m["project_f1"] == 1.0 and m["indicator_f1"] == 1.0
    assert any("column" in x for x in res["details"]["cells_missing"])


def test_budget_line_amount_must_be_exact_to_the_cent_and_item_strict():
    truth, t = _mut()
    lines = t["budget_lines"]
    lines.loc[0, "amount_yuan"] = lines.loc[0, "amount_yuan"] + 0.01
    lines.loc[5, "item"] = "　　" + lines.loc[5, "item"] + "　"  # indentation kept: still fine (stripped)
    m = _score(truth, t)["metrics"]
    n = _score(truth, truth_to_tables(truth))["counts"]["cell_truth"]
    assert m["cell_recall"] == pytest.approx((n - 1) / n)
    lines.loc[5, "item"] = "农林水 支出"
    assert _score(truth, t)["metrics"]["cell_recall"] < (n - 1) / n


def test_unique_leaf_column_is_accepted_but_not_an_ambiguous_one():
    truth, t = _mut()
    lines = t["budget_lines"]
    i = lines.index[lines["column"] == "基本支出/人员经费"][0]
    lines.loc[i, "column"] = "人员经费"  # the leaf is unique in its table
    assert _score(truth, t)["metrics"]["cell_f1"] == 1.0
    j = lines.index[lines["column"] == "支出/预算数"][0]
    lines.loc[j, "column"] = "预算数"  # 收入/预算数 and 支出/预算数: ambiguous
    assert _score(truth, t)["metrics"]["cell_f1"] < 1.0


def test_truth_cells_rules():
    cells = score.truth_cells(TRUTH["budget_tables"][1])
    first = {(c["code"], c["item"], c["column"]): c["yuan"] for c in cells}
    assert first[("", "合计", "合计")] == 15864200.0  # 合计 printed in the code column
    assert first[("21301", "农业农村", "基本支出/人员经费")] == 4021500.0  # indentation removed
    assert ("2130101", "行政运行", "项目支出") not in first  # blank cell: no amount
    summary = score.truth_cells(TRUTH["budget_tables"][0])
    keys = {(c["item"], c["column"]) for c in summary}
    assert ("一、农林水支出", "支出/预算数") in keys and ("一、一般公共预算拨款", "收入/预算数") in keys
    assert ("二、住房保障支出", "支出/预算数") in keys  # a printed 0.00 is an amount
    three = score.truth_cells(TRUTH["budget_tables"][2])
    assert [c["item"] for c in three] == [""] * 4  # 行次 holds no amount and no label
    assert score.truth_cells(TRUTH["budget_tables"][3]) == []
    assert [score.canonical_kind(t["name"]) for t in TRUTH["budget_tables"]] == \
        ["summary", "general_expenditure", "three_public", "fund"]


def test_empty_table_pairs_with_an_empty_table_of_the_same_kind():
    truth, t = _mut()
    bt = t["budget_tables"]
    i = bt.index[bt["kind"] == "fund"][0]
    bt.loc[i, "kind"] = "state_capital"
    m = _score(truth, t)["metrics"]
    assert m["table_recall"] == 0.75 and m["cell_f1"] == 1.0
    t["budget_tables"] = bt.drop(index=i)
    assert _score(truth, t)["metrics"]["table_recall"] == 0.75


def test_wrong_kind_lowers_kind_acc():
    truth, t = _mut()
    t["budget_tables"].loc[1, "kind"] = "general_basic"
    m = _score(truth, t)["metrics"]
    assert m["kind_acc"] == 0.75 and m["cell_f1"] == 1.0 and m["table_recall"] == 1.0


def test_output_where_truth_has_none_hurts_precision():
    truth, t = _mut()
    truth_no_proj = dict(truth, projects=[])
    m = _score(truth_no_proj, t)["metrics"]
    assert m["project_precision"] == 0.0 and m["project_f1"] == 0.0 and m["indicator_f1"] == 0.0
    m = _score(truth_no_proj, {**t, "projects": t["projects"].iloc[0:0],
                               "indicators": t["indicators"].iloc[0:0]})["metrics"]
    assert m["project_f1"] is None and m["indicator_f1"] is None
    no_budget = {k: v for k, v in truth.items() if k != "budget_tables"}
    m = _score(no_budget, t)["metrics"]
    assert m["cell_precision"] == 0.0 and m["cell_f1"] == 0.0
    assert "cell_f1" not in _score(no_budget, truth_to_tables(no_budget))["metrics"]


def test_self_evaluation_defects():
    truth, t = _mut(SELF_EVAL)
    t["indicators"].loc[1, "score"] = 27.0
    t["indicators"].loc[0, "actual_raw"] = "3200 平方米"
    t["projects"].loc[0, "executed_yuan"] = 372000.0
    m = _score(truth, t)["metrics"]
    assert m["score_acc"] == 0.75 and m["actual_acc"] == 0.5 and m["funds_acc"] == 0.9
    assert m["deviation_acc"] == 1.0 and m["indicator_f1"] == 1.0 and m["value_acc"] == 1.0


def _write(out: Path, tables: list[dict]):
    for name in score.TABLES:
        frames = [t[name] for t in tables if t.get(name) is not None and len(t[name])]
        if not frames:
            continue
        (out / name).mkdir(parents=True, exist_ok=True)
        for k, f in enumerate(frames):
            f.to_parquet(out / name / f"part-{k}.parquet", index=False)


def test_evaluate_reads_parquet_and_takes_the_newest_document_row(tmp_path):
    tdir = tmp_path / "truth"
    tdir.mkdir()
    for tr in (TRUTH, SELF_EVAL):
        (tdir / f"{tr['doc']}.json").write_text(json.dumps(tr, ensure_ascii=False), encoding="utf-8")
    old = truth_to_tables(TRUTH, doc_id="a" * 64, extracted_at="2024-01-01T00:00:00Z")
    old["indicators"] = old["indicators"].iloc[0:1]
    new = truth_to_tables(TRUTH, doc_id="b" * 64, extracted_at="2025-06-01T00:00:00Z")
    _write(tmp_path / "out", [new, old, truth_to_tables(SELF_EVAL)])
    res = score.evaluate(tmp_path / "out", tdir)
    assert set(res["docs"]) == {TRUTH["doc"], SELF_EVAL["doc"]}
    assert res["docs"][TRUTH["doc"]]["doc_id"] == "b" * 64
    s = res["summary"]
    assert s["project_f1"] == s["indicator_f1"] == s["value_acc"] == s["cell_f1"] == 1.0
    assert s["counts"]["docs_found"] == 2
    rep = score.format_report(res)
    assert TRUTH["doc"] in rep and "SUMMARY" in rep
    assert score.check_failures(res) == []


def test_report_lists_mismatches_and_check_fails(tmp_path):
    tdir = tmp_path / "truth"
    tdir.mkdir()
    (tdir / f"{TRUTH['doc']}.json").write_text(json.dumps(TRUTH, ensure_ascii=False), encoding="utf-8")
    t = truth_to_tables(TRUTH)
    t["indicators"] = t["indicators"].iloc[:3]
    t["indicators"].loc[0, "annual_raw"] = "≥3.2 万亩"
    _write(tmp_path / "out", [t])
    res = score.evaluate(tmp_path / "out", tdir)
    rep = score.format_report(res, verbose=True)
    assert "indicators_missing" in rep and "values" in rep and "'≥3.2 万亩'" in rep
    fails = score.check_failures(res)
    assert len(fails) == 1 and "indicator_f1" in fails[0]


def test_cli_check_exit_code(tmp_path, monkeypatch, capsys):
    tdir = tmp_path / "truth"
    tdir.mkdir()
    (tdir / f"{TRUTH['doc']}.json").write_text(json.dumps(TRUTH, ensure_ascii=False), encoding="utf-8")
    pdf = tmp_path / "pdf"
    for form in ("grid", "scan"):
        (pdf / form).mkdir(parents=True)
        (pdf / form / f"{TRUTH['doc']}.pdf").write_bytes(b"%PDF-1.4\n")
    monkeypatch.setattr(score, "PDF_DIR", pdf)
    good = truth_to_tables(TRUTH)
    _write(tmp_path / "out" / "grid", [good])
    bad = truth_to_tables(TRUTH)
    bad["projects"] = bad["projects"].iloc[:1]
    _write(tmp_path / "out" / "scan", [bad])
    args = ["--truth", str(tdir), "--out", str(tmp_path / "out"), "--forms", "grid,scan"]
    assert score.main(args + ["--check"]) == 1
    out = capsys.readouterr().out
    assert "FAIL zz_unit_2024 scan" in out and "FAIL zz_unit_2024 grid" not in out
    assert score.main(args + ["--forms", "grid", "--check"]) == 0
    capsys.readouterr()
    assert score.main(args + ["--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["forms"]["grid"]["summary"]["project_f1"] == 1.0
    assert res["forms"]["scan"]["docs"]["zz_unit_2024"]["metrics"]["project_recall"] == 0.5
