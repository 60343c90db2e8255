"""Reconciliation checks of the budget tables: nothing on a consistent document, exactly
the planted inconsistencies on its broken copy (tests/fixtures/budget/make.py), and the
tolerance rules on hand-made rows."""
from __future__ import annotations

from pathlib import Path

import pytest

from budgetpdf.checks import CHECKS
from budgetpdf.checks import budget
from budgetpdf.model import DocResult
from budgetpdf.process import process_document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "budget"

# (check, table title, severity) of every finding planted.html must give
PLANTED_FINDINGS = sorted([
    ("budget_balance", "部门收支总表", "error"),                   # 支出总计 1,010.67 vs 收入总计
    ("budget_total_sum", "部门收入总表", "error"),                 # 合计 line 1,005.67 vs Σ 类
    ("budget_row_total", "部门收入总表", "error"),                 # … and vs its columns
    ("budget_row_total", "财政拨款收支总表", "error"),             # 本年支出 合计 vs 一般公共预算 990.67
    ("budget_cross_general", "一般公共预算支出表", "error"),       # … and vs the 一般公共预算支出表 合计
    ("budget_subclass_sum", "一般公共预算支出表", "error"),        # 2080506 90.34: 20805 ≠ Σ 项, in
    ("budget_subclass_sum", "一般公共预算支出表", "error"),        # 合计, 基本支出/小计 and 人员经费
    ("budget_subclass_sum", "一般公共预算支出表", "error"),
    ("budget_cross_basic", "一般公共预算基本支出表", "error"),     # 845.67 vs 基本支出 850.67
    ("budget_three_public", "一般公共预算“三公”经费支出表", "error"),  # 6.00 vs 0 + 4.00 + 1.50
    ("budget_project_amount", "项目支出表", "warning"),            # 120.00 vs the target table's 100.00
])


@pytest.fixture(scope="module")
def consistent():
    return process_document(FIXTURES / "consistent.pdf")


@pytest.fixture(scope="module")
def planted():
    return process_document(FIXTURES / "planted.pdf")


def findings(result) -> list[tuple]:
    titles = {t["table_id"]: t["title"] for t in result.budget_tables}
    return sorted((c["check"], titles.get(c.get("table_id")), c["severity"])
                  for c in result.checks if c["check"].startswith("budget_"))


def test_consistent_document_has_no_finding(consistent):
    assert len(consistent.budget_tables) == 9 and len(consistent.budget_lines) > 150
    assert findings(consistent) == []
    assert [c for c in consistent.checks if c["severity"] == "error"] == []


def test_planted_inconsistencies_are_found_exactly(planted):
    assert findings(planted) == PLANTED_FINDINGS


def test_findings_say_what_and_by_how_much(planted):
    rows = {c["check"]: c for c in planted.checks if c["check"].startswith("budget_")}
    bal = rows["budget_balance"]
    assert (bal["expected"], bal["found"]) == ("1,000.67 万元", "1,010.67 万元")
    assert "支出总计" in bal["message"] and "收入总计" in bal["message"]
    prj = rows["budget_project_amount"]
    assert prj["project_id"] is not None and "档案馆办公楼维修改造" in prj["message"]
    assert all(c["check"] in CHECKS for c in planted.checks)


# ---- tolerance, on hand-made rows --------------------------------------------------------

def result(lines: list[tuple], kind="general_expenditure", unit="万元", columns="合计") -> DocResult:
    """A document with one table; lines are (line, code, item, column, raw)."""
    table = {"table_id": "t1", "title": "一般公共预算支出表", "kind": kind, "unit": unit, "columns": columns}
    scale = 10000 if unit == "万元" else 1
    rows = [{"table_id": "t1", "line": n, "code": code, "item": item, "column": col, "amount_raw": raw,
             "amount_yuan": round(float(raw.replace(",", "")) * scale, 2)} for n, code, item, col, raw in lines]
    return DocResult({"doc_id": "d"}, budget_tables=[table], budget_lines=rows)


def hierarchy(class_amount: str) -> DocResult:
    return result([(1, None, "合计", "合计", class_amount), (2, "208", "社会保障和就业支出", "合计", class_amount),
                   (3, "20805", "行政事业单位养老支出", "合计", "300.67"),
                   (4, "2080505", "基本养老保险缴费支出", "合计", "200.34"),
                   (5, "2080506", "职业年金缴费支出", "合计", "100.34")])


def test_a_rounding_difference_of_one_cent_is_no_finding():
    # 200.34 + 100.34 = 300.68 against a printed 300.67: the publisher's rounding
    assert budget.run_checks(hierarchy("300.67")) == []


def test_severity_grows_with_the_difference():
    small = budget.run_checks(hierarchy("300.70"))      # 0.03 off: a warning
    assert [(c["check"], c["severity"]) for c in small] == [("budget_class_sum", "warning")]
    big = budget.run_checks(hierarchy("310.67"))        # 10 off: an error
    assert [(c["check"], c["severity"]) for c in big] == [("budget_class_sum", "error")]
    assert big[0]["expected"] == "310.67 万元" and big[0]["found"] == "300.67 万元"


def test_row_totals_follow_the_header():
    cols = "合计 | 基本支出/小计 | 基本支出/人员经费 | 基本支出/公用经费 | 项目支出 | 2024年比2023年增减%"
    ok = [(1, "201", "一般公共服务支出", "合计", "10.00"), (1, "201", "一般公共服务支出", "基本支出/小计", "6.00"),
          (1, "201", "一般公共服务支出", "基本支出/人员经费", "5.00"),
          (1, "201", "一般公共服务支出", "基本支出/公用经费", "1.00"), (1, "201", "一般公共服务支出", "项目支出", "4.00"),
          (1, "201", "一般公共服务支出", "2024年比2023年增减%", "-3.44")]
    assert budget.run_checks(result(ok, columns=cols)) == []
    bad = [x if x[3] != "基本支出/公用经费" else x[:4] + ("2.00",) for x in ok]
    found = budget.run_checks(result(bad, columns=cols))
    assert [(c["check"], c["expected"], c["found"]) for c in found] == [
        ("budget_row_total", "6.00 万元", "7.00 万元")]


def test_basic_table_printed_in_two_halves():
    """人员经费 | 公用经费 side by side: each half's codes add up on their own, and the
    two half totals together are the 基本支出 total."""
    basic = [(1, "301", "工资福利支出", "人员经费/决算数", "10.00"), (1, "302", "商品和服务支出", "公用经费/决算数", "3.00"),
             (2, "30101", "基本工资", "人员经费/决算数", "10.00"), (2, "30201", "办公费", "公用经费/决算数", "3.00"),
             (3, None, "人员经费合计", "人员经费/决算数", "10.00"), (3, None, "公用经费合计", "公用经费/决算数", "3.00")]
    res = result(basic, kind="general_basic", columns="人员经费/决算数 | 公用经费/决算数")
    general = {"table_id": "t2", "title": "一般公共预算财政拨款支出决算表", "kind": "general_expenditure",
               "unit": "万元", "columns": "本年支出/小计 | 本年支出/基本支出"}
    res.budget_tables.append(general)
    res.budget_lines += [{"table_id": "t2", "line": 1, "code": None, "item": "合计", "column": col,
                          "amount_raw": raw, "amount_yuan": float(raw) * 10000}
                         for col, raw in (("本年支出/小计", "13.00"), ("本年支出/基本支出", "13.00"))]
    assert budget.run_checks(res) == []
    res.budget_lines[-1]["amount_yuan"] = 140000.0
    assert [c["check"] for c in budget.run_checks(res)] == ["budget_cross_basic"]
