"""corpus/score.py, continued: budget-table cells, self-evaluation columns, reading
Parquet output, the report and the command line."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_truth import SELF_EVAL, TRUTH, _mut, _score, score, truth_to_tables


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
