"""Self-evaluation tables (绩效自评表): the funds row and totals of a project
(table_kind, budget_initial_yuan, budget_full_yuan, executed_yuan, execution_rate,
budget_score_max, budget_score, total_score_max, total_score, goal_actual; only keys the
truth project has) and per indicator actual_raw, score_max / score (±0.005) and deviation.
"""
from __future__ import annotations

from .compare import CMP, _add, _show, hint, score_eq, text, text_eq

SELF_EVAL_FIELDS = [  # only where the truth project has the key
    ("table_kind", "text"), ("budget_initial_yuan", "money"), ("budget_full_yuan", "money"),
    ("executed_yuan", "money"), ("execution_rate", "score"), ("budget_score_max", "score"),
    ("budget_score", "score"), ("total_score_max", "score"), ("total_score", "score"),
    ("goal_actual", "text"),
]


def is_selfeval(tprojs: list[dict]) -> bool:
    """Self-evaluation truth: a project with table_kind self_evaluation or an indicator
    with an actual value."""
    return any(p.get("table_kind") == "self_evaluation"
               or any("actual" in i for i in p.get("indicators") or []) for p in tprojs)


def score_funds(t: dict, p: dict, pname, c: dict, details: dict) -> None:
    """The self-evaluation fields of a matched project pair (truth t, output p)."""
    for col, cmp in SELF_EVAL_FIELDS:
        if col not in t:
            continue
        c["funds_total"] += 1
        if CMP[cmp](t.get(col), p.get(col)):
            c["funds_ok"] += 1
        else:
            _add(details, "selfeval", f"{_show(pname, 30)} {col}: truth {_show(t.get(col))}"
                 f" got {_show(p.get(col))}")


def score_indicator(ind: dict, r: dict, c: dict, details: dict) -> None:
    """actual / score_max / score / deviation of a matched indicator pair (the keys the
    truth indicator has)."""
    if "actual" in ind:
        c["actual_total"] += 1
        if text_eq(ind.get("actual"), r.get("actual_raw")):
            c["actual_ok"] += 1
        else:
            h = hint(ind.get("actual"), r.get("actual_raw"))
            _add(details, "selfeval", f"{_show(ind.get('name'), 30)} actual: truth {_show(ind.get('actual'))}"
                 f" got {_show(text(r.get('actual_raw')))}" + (f"  [{h}]" if h else ""))
    for key in ("score_max", "score"):
        if key in ind:
            c["score_total"] += 1
            if score_eq(ind.get(key), r.get(key)):
                c["score_ok"] += 1
            else:
                _add(details, "selfeval", f"{_show(ind.get('name'), 30)} {key}: truth {ind.get(key)}"
                     f" got {r.get(key)}")
    if "deviation" in ind:
        c["dev_total"] += 1
        if text_eq(ind.get("deviation"), r.get("deviation")):
            c["dev_ok"] += 1
        else:
            _add(details, "selfeval", f"{_show(ind.get('name'), 30)} deviation: truth "
                 f"{_show(ind.get('deviation'))} got {_show(text(r.get('deviation')))}")
