"""Checks of self-evaluation tables: a real 自评表 that adds up gives no finding;
each planted inconsistency gives exactly its own."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

from budgetpdf.checks import selfeval
from budgetpdf.process import process_document

PDF = Path(__file__).resolve().parents[1] / "corpus" / "pdf" / "grid" / "yn_yongde_yingyang_2022.pdf"


@pytest.fixture(scope="module")
def yongde():
    result = process_document(PDF)
    assert result.projects[0]["table_kind"] == "self_evaluation"
    return result


def found(result) -> list[str]:
    return sorted(r["check"] for r in selfeval.run_checks(result))


def test_real_table_adds_up(yongde):
    assert found(yongde) == []


def test_score_above_its_maximum(yongde):
    r = copy.deepcopy(yongde)
    r.indicators[0]["score"] = r.indicators[0]["score_max"] + 2
    assert found(r) == ["score_over_max", "score_total"]


def test_total_score_disagrees(yongde):
    r = copy.deepcopy(yongde)
    r.projects[0]["total_score"] = 90.0
    assert found(r) == ["score_total"]


def test_execution_rate_disagrees(yongde):
    r = copy.deepcopy(yongde)
    r.projects[0]["executed_yuan"] = r.projects[0]["budget_full_yuan"] * 0.8
    assert found(r) == ["execution_rate"]


def test_full_marks_for_a_missed_target(yongde):
    r = copy.deepcopy(yongde)
    ind = next(i for i in r.indicators if i["annual_op"] == ">=" and i["annual_unit_std"] == "%")
    ind.update(actual_raw="90%", actual_value_std=90.0, actual_unit_std="%", score=ind["score_max"])
    assert "full_marks_missed" in found(r)


def test_actual_without_unit_is_read_in_the_targets_unit(yongde):
    r = copy.deepcopy(yongde)
    ind = next(i for i in r.indicators if i["annual_op"] == ">=" and i["annual_unit_std"] == "%")
    ind.update(actual_raw="90", actual_value_std=90.0, actual_unit_std=None, score=ind["score_max"])
    assert "full_marks_missed" in found(r)


def test_all_zero_funds_total_is_reported():
    """The defect seen in real tables: 年度资金总额 all zero, 财政拨款 filled."""
    from budgetpdf.readers.selfeval import funds_fields
    values, notes = funds_fields({"total": {"budget_initial": "0", "budget_full": "0", "executed": "0"},
                                  "fiscal": {"budget_initial": "90", "budget_full": "89.974",
                                             "executed": "89.974"}}, "万元")
    assert notes == ["funds_total_zero"]
    assert values["amount_yuan"] == 899740.0 and values["budget_full_yuan"] == 0.0
