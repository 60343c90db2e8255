"""Checks of self-evaluation tables (绩效自评表): scores and execution add up.

- score_over_max: an indicator scored above its 分值;
- score_total: Σ indicator scores + the funds score ≠ the printed 总分;
- execution_rate: the printed 执行率 ≠ 全年执行数 / 全年预算数;
- full_marks_missed: full marks for an indicator whose actual value misses its
  target (target ≥95%, actual 90%, full points);
- funds_total_zero: the 年度资金总额 row is all zero while 财政拨款 is filled (the
  amount was taken from the 财政拨款 row).
"""
from __future__ import annotations

import math

from budgetpdf.checks.finding import finding

CHECKS = {
    "score_over_max": ("error", "an indicator's 得分 is above its 分值"),
    "score_total": ("error", "Σ indicator 得分 + funds 得分 equals the 总分 row"),
    "execution_rate": ("warning", "the printed 执行率 equals 全年执行数 / 全年预算数"),
    "full_marks_missed": ("warning", "full marks for an indicator whose actual value misses its target"),
    "funds_total_zero": ("warning", "年度资金总额 all zero while 财政拨款 is filled: amount taken from 财政拨款"),
}


def _num(x) -> float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return float(x)


def _row(doc_id, project, check, message, expected=None, found=None) -> dict:
    return finding(CHECKS, doc_id, check, message, project.get("project_id"), expected, found)


def _misses(ind: dict) -> bool:
    """The actual value is on the wrong side of its target (same base unit only)."""
    op, target, actual = ind.get("annual_op"), _num(ind.get("annual_value_std")), _num(ind.get("actual_value_std"))
    # an actual printed without its unit ("100" for a "≥95%" target) is in the target's unit
    if target is None or actual is None or ind.get("actual_unit_std") not in (None, ind.get("annual_unit_std")):
        return False
    return {">=": actual < target, "<=": actual > target, ">": actual <= target,
            "<": actual >= target}.get(op, False)  # "=" targets: over or under may both be fine


def check_project(doc_id: str, p: dict, inds: list[dict], notes: list[str]) -> list[dict]:
    out = []
    name = p.get("name")
    for ind in inds:
        score, top = _num(ind.get("score")), _num(ind.get("score_max"))
        if score is not None and top is not None and score > top + 1e-6:
            out.append(_row(doc_id, p, "score_over_max", f"{name} / {ind.get('name')}: 得分 {score:g} > 分值 {top:g}",
                            f"≤ {top:g}", f"{score:g}"))
        if score is not None and top is not None and abs(score - top) < 1e-6 and _misses(ind):
            out.append(_row(doc_id, p, "full_marks_missed",
                            f"{name} / {ind.get('name')}: full marks, but actual {ind.get('actual_raw')!r} "
                            f"misses target {ind.get('annual_raw')!r}", ind.get("annual_raw"), ind.get("actual_raw")))
    scores = [_num(i.get("score")) for i in inds]
    total = _num(p.get("total_score"))
    if total is not None and scores and all(s is not None for s in scores):
        found = sum(scores) + (_num(p.get("budget_score")) or 0.0)
        if abs(found - total) > 0.01 * max(len(scores), 1):
            out.append(_row(doc_id, p, "score_total", f"{name}: scores add up to {found:g}, 总分 {total:g}",
                            f"{total:g}", f"{found:g}"))
    full, done, rate = (_num(p.get(k)) for k in ("budget_full_yuan", "executed_yuan", "execution_rate"))
    if full and done is not None and rate is not None:
        computed = 100.0 * done / full
        if abs(computed - rate) > 0.051 and not (rate >= 100 and computed >= 100):
            out.append(_row(doc_id, p, "execution_rate", f"{name}: 执行率 {rate:g}% but 执行数/预算数 = {computed:.2f}%",
                            f"{computed:.2f}", f"{rate:g}"))
    if "funds_total_zero" in notes:
        out.append(_row(doc_id, p, "funds_total_zero",
                        f"{name}: 年度资金总额 printed as zero; amount taken from the 财政拨款 row",
                        None, p.get("amount_raw")))
    return out


def run_checks(result) -> list[dict]:
    doc_id = result.document.get("doc_id")
    by_project: dict[str, list[dict]] = {}
    for ind in result.indicators:
        by_project.setdefault(ind.get("project_id"), []).append(ind)
    out = []
    for p in result.projects:
        if p.get("table_kind") != "self_evaluation":
            continue
        out += check_project(doc_id, p, by_project.get(p.get("project_id"), []), p.get("notes") or [])
    return out
