"""Reconciliation checks: does what we extracted add up the way the document says?

`run_checks(result)` takes a `batch.process.DocResult` and returns rows of the
CHECKS table (one per failed check).  A failure means either the extraction
lost or misread something, or the document itself is inconsistent: both are
worth a person's look, which is what the review report is for.

Tolerances follow the printed precision: an amount printed as 9,486.23 万元 is
exact to 50 元, so a sum of n such amounts may be off by n × 50 元.
"""
from __future__ import annotations

import re

from budgetpdf.checks.finding import finding
from budgetpdf.normalize.values import MONEY_UNITS, amount_parts, parse_value, rounding

# check name → (severity, what it verifies); also documented in docs/analysts.md
CHECKS = {
    "list_total": ("error", "project list: the projects' 总计 add up to the 合计 row"),
    "list_subtotal": ("error", "project list: a unit's projects add up to its subtotal row"),
    "funds_split": ("error", "总计 = 财政拨款 + 财政专户拨款 + 其他资金 (+ 上年结转 where a funds block prints it)"),
    "task_total": ("error", "department overall: the tasks add up to 金额合计"),
    "cost_amount": ("warning", "预算控制数 / 支出总额 cost indicator agrees with the project's amount"),
    "indicator_levels": ("warning", "a project has at least one 产出指标 and one 满意度指标 row"),
    "period_order": ("error", "实施周期 start year is not after its end year"),
    "value_parsed": ("warning", "an indicator value parsed to a number on one side (实施周期 / 年度) but not the other"),
    "unread_table": ("error", "a table with the marks of a performance table (level names) gave no indicators"),
    "levels_missing": ("warning", "indicator rows whose level cells are blank (level1 written empty)"),
    "budget_unreadable": ("error", "the budget-table reader failed on this document (its tables are missing)"),
    "unread_prose": ("error", "text naming performance levels and targets that no project heading owns"),
    "project_unnamed": ("error", "a performance table prints no project name (its indicators are kept)"),
}

# a cost indicator that states the project's budget (not a unit cost "/人", "/卷")
_COST_NAME = re.compile(r"预算控制数|支出总额|预算总额|项目预算|预算金额|资金总额")
# the budget of one kind of spending inside the whole ("“三公”经费预算控制数"), not the whole
_PART_COST = re.compile(r"三公|会议|培训|差旅|接待|公务用车|出国|办公|印刷|物业")
_MONEY_STD = ("元", "元/年")
REQUIRED_LEVELS = ("产出指标", "满意度指标")


def row(doc_id, check, message, project_id=None, expected=None, found=None) -> dict:
    return finding(CHECKS, doc_id, check, message, project_id, expected, found)


def yuan(x: float | None) -> str:
    return "—" if x is None else f"{x:,.2f} 元"


def half_unit(raw: str | None, scale: float) -> float:
    """Half a unit of the last printed digit of `raw`, in 元 (how far rounding can move it)."""
    return rounding(raw, scale)


def amount_scale(p: dict, doc: dict) -> float:
    """元 per printed unit for this row: from raw vs yuan, else the document's unit."""
    parts = amount_parts(p.get("amount_raw"))
    if parts and parts[0] and p.get("amount_yuan"):
        ratio = p["amount_yuan"] / parts[0]
        return min(MONEY_UNITS.values(), key=lambda s: abs(s - ratio))
    return MONEY_UNITS.get(doc.get("amount_unit") or "元", 1.0)


def close(found: float, expected: float, tol: float) -> bool:
    return abs(found - expected) <= tol + 0.005


# ---- money totals -----------------------------------------------------------

def _sum_check(doc, check, members, total, total_tol, what, total_name):
    found = sum(p.get("amount_yuan") or 0.0 for p in members)
    tol = total_tol + sum(half_unit(p.get("amount_raw"), amount_scale(p, doc)) for p in members)
    missing = sum(p.get("amount_yuan") is None for p in members)
    if (close(found, total, tol) and not missing) or missing == len(members):
        return []  # adds up, or prints no amounts to add (tasks listed without money)
    note = f" ({missing} without an amount)" if missing else ""
    return [row(doc["doc_id"], check,
                f"{len(members)} {what} add up to {yuan(found)}{note}; the {total_name} says {yuan(total)}",
                expected=yuan(total), found=yuan(found))]


def list_projects(doc: dict, projects: list[dict]) -> list[dict]:
    doc_family = doc.get("family") or ""
    return [p for p in projects
            if p.get("kind") == "project" and "project_list" in (p.get("family") or doc_family)]


def check_list_totals(doc, projects, totals) -> list[dict]:
    rows = list_projects(doc, projects)
    if not rows:
        return []
    scale = MONEY_UNITS.get(doc.get("amount_unit") or "元", 1.0)
    out = []
    if totals.get("合计") is not None:
        out += _sum_check(doc, "list_total", rows, totals["合计"], 0.5 * 0.01 * scale,
                          "projects' 总计", "合计 row")
    for unit, amount in (totals.get("subtotals") or {}).items():
        if amount is None:
            continue
        members = [p for p in rows if (p.get("unit") or "") == unit]
        out += [dict(r, message=f"{unit}: {r['message']}")
                for r in _sum_check(doc, "list_subtotal", members, amount, 0.5 * 0.01 * scale,
                                    "projects", "subtotal row")]
    return out


def check_funds(doc, projects) -> list[dict]:
    out = []
    for p in projects:
        funds = [p.get(k) for k in ("fiscal_yuan", "special_yuan", "other_yuan", "carryover_yuan")]
        if p.get("amount_yuan") is None or all(f is None for f in funds):
            continue
        found = sum(f or 0.0 for f in funds)
        tol = 4 * half_unit(p.get("amount_raw"), amount_scale(p, doc))
        if not close(found, p["amount_yuan"], tol):
            out.append(row(doc["doc_id"], "funds_split",
                           f"{p.get('name')}: 财政拨款 + 财政专户拨款 + 其他资金 = {yuan(found)}, "
                           f"总计 is {yuan(p['amount_yuan'])}",
                           p.get("project_id"), yuan(p["amount_yuan"]), yuan(found)))
    return out


def department_blocks(projects) -> list[tuple[dict | None, list[dict]]]:
    """(department row, its task rows) in document order; tasks before any department get None."""
    blocks: list[tuple[dict | None, list[dict]]] = []
    for p in sorted(projects, key=lambda p: p.get("seq") or 0):
        if p.get("kind") == "department":
            blocks.append((p, []))
        elif p.get("kind") == "task":
            if not blocks:
                blocks.append((None, []))
            blocks[-1][1].append(p)
    return [b for b in blocks if b[1]]


def check_task_totals(doc, projects, totals) -> list[dict]:
    blocks = department_blocks(projects)
    out = []
    for dept, tasks in blocks:
        total = totals.get("金额合计") if len(blocks) == 1 else None
        if total is None and dept is not None:
            total = dept.get("amount_yuan")
        if total is None:
            continue
        scale = amount_scale(dept, doc) if dept else MONEY_UNITS.get(doc.get("amount_unit") or "元", 1.0)
        tol = half_unit(dept.get("amount_raw") if dept else None, scale)
        out += [dict(r, project_id=dept.get("project_id") if dept else None)
                for r in _sum_check(doc, "task_total", tasks, total, tol, "tasks", "金额合计")]
    return out


# ---- per project -------------------------------------------------------------

def printed_money(text: str | None) -> tuple[float, float, str] | None:
    """(yuan, tolerance in 元, comparator) of a money target like "94.4万元/年",
    "每年≤6万元", read by the one value parser (normalize.values)."""
    v = parse_value(text)
    if v.value is None or v.unit_std not in _MONEY_STD or not v.value:
        return None
    return v.value_std, 2 * rounding(text, v.value_std / v.value), v.op or "="


def check_cost(doc, p, inds) -> list[dict]:
    if p.get("amount_yuan") is None:
        return []
    out = []
    for ind in inds:
        if not _COST_NAME.search(ind.get("name") or "") or _PART_COST.search(ind.get("name") or ""):
            continue
        raw = ind.get("annual_raw") or ind.get("period_raw")
        money = printed_money(raw)
        if money is None:
            continue
        value, tol, op = money
        amount = p["amount_yuan"]
        ok = {"<=": amount <= value + tol, ">=": amount >= value - tol}.get(op, close(amount, value, tol))
        if not ok:
            out.append(row(doc["doc_id"], "cost_amount",
                           f"{p.get('name')}: cost indicator {ind.get('name')} = {raw} "
                           f"but the project's amount is {yuan(amount)}",
                           p.get("project_id"), yuan(amount), raw))
    return out


def check_levels(doc, p, inds) -> list[dict]:
    if p.get("kind") not in ("project", "department"):
        return []
    have = {i.get("level1") for i in inds}
    missing = [lvl for lvl in REQUIRED_LEVELS if lvl not in have]
    if not missing:
        return []
    what = "no indicator rows" if not inds else "no " + " and no ".join(missing) + " row"
    return [row(doc["doc_id"], "indicator_levels", f"{p.get('name')}: {what}",
                p.get("project_id"), ", ".join(REQUIRED_LEVELS), ", ".join(sorted(l for l in have if l)))]


def check_period(doc, p) -> list[dict]:
    start, end = p.get("start_year"), p.get("end_year")
    if start is None or end is None or start <= end:
        return []
    return [row(doc["doc_id"], "period_order", f"{p.get('name')}: 实施周期 {start}–{end} runs backwards",
                p.get("project_id"), "start <= end", f"{start}-{end}")]


def check_values(doc, p, inds) -> list[dict]:
    out = []
    for ind in inds:
        sides = {side: (ind.get(f"{side}_raw"), ind.get(f"{side}_value")) for side in ("period", "annual")}
        parsed = {s for s, (raw, val) in sides.items() if val is not None}
        texts = {s for s, (raw, val) in sides.items() if raw and val is None}
        if len(parsed) == 1 and len(texts) == 1:
            num, txt = parsed.pop(), texts.pop()
            out.append(row(doc["doc_id"], "value_parsed",
                           f"{ind.get('name')}: {num} value {sides[num][0]!r} is a number, "
                           f"{txt} value {sides[txt][0]!r} is not",
                           p.get("project_id"), f"a number in {txt}_raw", sides[txt][0]))
    return out


def run_checks(result) -> list[dict]:
    """CHECKS rows for one document (empty when everything reconciles)."""
    doc, projects = result.document, list(result.projects)
    if doc.get("status") == "failed":
        return []
    totals = doc.get("totals") or {}
    by_project: dict[str, list[dict]] = {}
    for ind in sorted(result.indicators, key=lambda i: i.get("seq") or 0):
        by_project.setdefault(ind.get("project_id"), []).append(ind)
    out = [row(doc.get("doc_id"), check, message) for check, _, message in doc.get("problems") or ()]
    out += check_list_totals(doc, projects, totals) + check_funds(doc, projects)
    out += check_task_totals(doc, projects, totals)
    for p in projects:
        inds = by_project.get(p.get("project_id"), [])
        out += check_period(doc, p) + check_cost(doc, p, inds)
        out += check_levels(doc, p, inds) + check_values(doc, p, inds)
    return out


def summarize(out) -> str:
    """End-of-run summary of OUT/checks: failures by severity and check, a few examples."""
    from budgetpdf.schemas.io import read_table
    checks = read_table(out, "checks")
    if checks.empty:
        return "checks: everything reconciles"
    docs = read_table(out, "documents")[["doc_id", "file_name"]]
    lines = [f"checks: {len(checks)} failed in {checks['doc_id'].nunique()} document(s)"]
    counts = checks.groupby(["severity", "check"]).size().sort_index()
    lines += [f"  {sev:7} {name:16} {n:6}" for (sev, name), n in counts.items()]
    errors = checks[checks["severity"] == "error"].merge(docs, on="doc_id", how="left").head(5)
    lines += [f"  ! {r.file_name}: {r.message}" for r in errors.itertuples()]
    return "\n".join(lines)
