"""Reconciliation checks: on ground truth, on deliberately broken documents, end to end."""
from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from budgetpdf.process import process_document
from budgetpdf.checks import CHECKS, run_checks, summarize
from budgetpdf.schemas.io import read_table
from truth_rows import truth_to_result

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset"
needs_devset = pytest.mark.skipif(not (DEVSET / "truth").is_dir(), reason="devset not available")


def truth(doc: str) -> dict:
    return json.loads((DEVSET / "truth" / f"{doc}.json").read_text(encoding="utf-8"))


def pdf_text(doc: str) -> str:
    with pdfplumber.open(DEVSET / "xlsx" / f"{doc}.pdf") as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def printed_total(text: str, label: str) -> float:
    """A total row's amount as printed in the PDF: '<label> 9,486.23' → 9486.23."""
    m = re.search(rf"^\s*{label}\s*\*?\s*([\d,]+(?:\.\d+)?)", text, re.M)
    assert m, f"no {label} row in the PDF text"
    return float(m.group(1).replace(",", ""))


def by_check(rows) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(r["check"], []).append(r)
    return out


@pytest.fixture(scope="module")
def gz():
    """The devset project list with its 合计 and subtotal read from the PDF itself."""
    text = pdf_text("gz_sfj_2023")
    total = printed_total(text, "合计") * 1e4
    subtotal = printed_total(text, "广州市司法局") * 1e4
    return truth_to_result(truth("gz_sfj_2023"), doc_id="gz" * 32,
                           totals={"合计": total, "subtotals": {"广州市司法局": subtotal}})


@needs_devset
def test_rows_match_the_checks_schema(gz):
    from budgetpdf.schemas.tables import CHECKS as SCHEMA, to_table
    broken = copy.deepcopy(gz)
    broken.document["totals"]["合计"] += 1e6
    rows = run_checks(broken)
    assert rows and to_table("checks", rows).num_rows == len(rows)
    assert all(set(r) == set(SCHEMA.names) and r["severity"] == CHECKS[r["check"]][0] for r in rows)


@needs_devset
def test_true_project_list_reconciles(gz):
    checks = by_check(run_checks(gz))
    assert not {"list_total", "list_subtotal", "funds_split"} & set(checks), checks


@needs_devset
def test_broken_total_and_missing_project_are_errors(gz):
    broken = copy.deepcopy(gz)
    broken.document["totals"]["合计"] += 123_456.0
    checks = by_check(run_checks(broken))
    assert [r["severity"] for r in checks["list_total"]] == ["error"]
    assert "list_subtotal" not in checks  # the subtotal still agrees
    dropped = copy.deepcopy(gz)
    lost = dropped.projects.pop(3)
    checks = by_check(run_checks(dropped))
    found = float(checks["list_total"][0]["found"].replace(",", "").split()[0])
    assert found == pytest.approx(gz.document["totals"]["合计"] - lost["amount_yuan"], abs=2000)
    assert checks["list_subtotal"][0]["message"].startswith("广州市司法局")


@needs_devset
def test_funds_split_and_period_order(gz):
    broken = copy.deepcopy(gz)
    p = broken.projects[0]
    p["fiscal_yuan"] -= 10_000
    p["start_year"], p["end_year"] = 2025, 2023
    checks = by_check(run_checks(broken))
    assert [r["project_id"] for r in checks["funds_split"]] == [p["project_id"]]
    assert checks["period_order"][0]["found"] == "2025-2023"


@needs_devset
def test_tasks_against_printed_total_find_the_real_inconsistency():
    """wnd_sfj_2024's tasks add up to 123.1 万元 but its 金额合计 row prints 96.1."""
    total = printed_total(pdf_text("wnd_sfj_2024"), "金额合计") * 1e4
    t = truth("wnd_sfj_2024")
    tasks = sum(p["amount_yuan"] for p in t["projects"] if p["kind"] == "task")
    rows = by_check(run_checks(truth_to_result(t, totals={"金额合计": total})))["task_total"]
    assert len(rows) == 1 and rows[0]["severity"] == "error"
    assert rows[0]["found"] == f"{tasks:,.2f} 元" and rows[0]["expected"] == f"{total:,.2f} 元"
    # the same document with a 金额合计 that matches passes
    ok = run_checks(truth_to_result(t, totals={"金额合计": tasks}))
    assert "task_total" not in by_check(ok)


@needs_devset
def test_cost_indicator_against_amount():
    rows = by_check(run_checks(truth_to_result(truth("dg_sfj_2026"))))
    # 21 预算控制数/支出总额 rows agree within their printed precision; one does not (115.76万 vs 1,150,300)
    assert [(r["expected"], r["found"]) for r in rows["cost_amount"]] == [("1,150,300.00 元", "115.76万元/年")]


@needs_devset
def test_levels_and_values_parsed():
    t = truth("dg_sfj_2026")
    res = truth_to_result(t)
    project = res.projects[8]
    mine = [i for i in res.indicators if i["project_id"] == project["project_id"]]
    assert "indicator_levels" not in by_check(run_checks(res))
    res.indicators = [i for i in res.indicators if i not in mine or i["level1"] != "满意度指标"]
    mine[0]["annual_value"], mine[0]["annual_raw"] = None, "按时完成"
    checks = by_check(run_checks(res))
    assert [r["project_id"] for r in checks["indicator_levels"]] == [project["project_id"]]
    assert "满意度指标" in checks["indicator_levels"][0]["message"]
    assert [r["found"] for r in checks["value_parsed"]] == ["按时完成"]


def test_failed_document_has_no_checks():
    from budgetpdf.model import DocResult
    assert run_checks(DocResult({"doc_id": "x", "status": "failed"})) == []


# ---- end to end: a sample whose 合计 does not add up --------------------------------

@pytest.fixture(scope="module")
def broken_run(tmp_path_factory):
    generate = pytest.importorskip("samples.generate")
    tmp = tmp_path_factory.mktemp("broken")
    content = generate.load("gz_project_list")
    total = sum(p["amount_yuan"] for p in content["projects"] if p["kind"] == "project") / 1e4
    pdf = generate.render(content, tmp / "gz_broken_total.pdf", total_raw=f"{total + 100:,.2f}")
    out = tmp / "out"
    run = subprocess.run([sys.executable, "pipeline.py", "run", str(pdf), "--out", str(out), "--workers", "1"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    return pdf, out, run, total


def test_broken_total_in_process_document(broken_run):
    pdf, _, _, total = broken_run
    rows = by_check(process_document(pdf).checks)
    assert len(rows["list_total"]) == 1
    assert rows["list_total"][0]["expected"] == f"{(total + 100) * 1e4:,.2f} 元"
    assert rows["list_total"][0]["found"] == f"{total * 1e4:,.2f} 元"
    assert "list_subtotal" not in rows  # the unit's subtotal row still adds up


def test_broken_total_in_checks_table_and_summary(broken_run):
    _, out, run, _ = broken_run
    assert run.returncode == 0, run.stderr
    checks = read_table(out, "checks")
    assert list(checks.loc[checks["severity"] == "error", "check"]) == ["list_total"]
    summary = summarize(out)
    assert re.search(r"error\s+list_total\s+1", summary)
    assert "gz_broken_total.pdf" in summary


def test_summary_of_a_clean_run(tmp_path):
    from budgetpdf.batch.writer import ensure_tables
    ensure_tables(tmp_path)
    assert summarize(tmp_path) == "checks: everything reconciles"


def test_department_without_task_amounts_and_a_part_budget_raise_nothing():
    """A 部门整体支出绩效目标表 (corpus hen_qixian): four tasks listed without money
    under a department total, and a “三公”经费预算控制数 target, which is the budget
    of one kind of spending, not the department's: neither is an inconsistency."""
    import json
    from pathlib import Path
    t = json.loads((Path(__file__).resolve().parents[1] / "corpus" / "truth"
                    / "hen_qixian_caizhengju_bmys_2023.json").read_text(encoding="utf-8"))
    dept = next(p for p in t["projects"] if p["kind"] == "department")
    assert dept["amount_yuan"] and not any(p.get("amount_yuan") for p in t["projects"] if p["kind"] == "task")
    assert any("三公" in i["name"] for i in dept["indicators"])
    checks = by_check(run_checks(truth_to_result(t, totals={"金额合计": dept["amount_yuan"]})))
    assert "task_total" not in checks and "cost_amount" not in checks


def test_funds_split_counts_the_carry_over():
    """全年预算 122.68 = 当年财政拨款 110.28 + 上年结转 12.40 (a self-evaluation's funds
    block): the carry-over is a part of the total; without it the split is short."""
    from budgetpdf.checks.performance import check_funds
    doc = {"doc_id": "d", "amount_unit": "万元"}
    p = {"project_id": "d-1", "name": "防汛", "amount_raw": "122.68", "amount_yuan": 1226800.0,
         "fiscal_yuan": 1102800.0, "special_yuan": None, "other_yuan": None, "carryover_yuan": 124000.0}
    assert check_funds(doc, [p]) == []
    assert len(check_funds(doc, [dict(p, carryover_yuan=None)])) == 1
