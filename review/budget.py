"""The budget tables (九张表) in the review report: a summary per kind over the run,
and per document its tables with their reconciliation failures and its spending
by 类 (the 一般公共预算支出表's 合计 column, or the 支出总表's)."""
from __future__ import annotations

import pandas as pd

from budgetpdf.review.html import esc, table, worst

KIND_ORDER = ["summary", "income", "expenditure", "fiscal_summary", "general_expenditure", "general_basic",
              "three_public", "fund", "state_capital", "project_expenditure", "other"]






def _budget_checks(checks: pd.DataFrame) -> pd.DataFrame:
    if checks.empty or "table_id" not in checks.columns:
        return checks.iloc[0:0].assign(table_id=pd.Series(dtype=str))
    return checks[checks["check"].str.startswith("budget_")]




def summary_section(t: dict[str, pd.DataFrame]) -> str:
    """Budget tables over the run, per kind: tables, documents, lines, empty ones, failures."""
    tables, lines = t["budget_tables"], t["budget_lines"]
    if tables.empty:
        return ""
    checks = _budget_checks(t["checks"])
    kind_of = tables.set_index("table_id")["kind"]
    fails = checks.assign(kind=checks["table_id"].map(kind_of)).groupby(["kind", "severity"]).size() \
        if not checks.empty else pd.Series(dtype=int)
    n_lines = lines.groupby("table_id").size() if not lines.empty else pd.Series(dtype=int)
    rows, classes = [], []
    kinds = sorted(tables["kind"].unique(), key=lambda k: KIND_ORDER.index(k) if k in KIND_ORDER else 99)
    for kind in kinds:
        sub = tables[tables["kind"] == kind]
        errs, warns = int(fails.get((kind, "error"), 0)), int(fails.get((kind, "warning"), 0))
        rows.append([esc(kind), f"#{len(sub)}", f"#{sub['doc_id'].nunique()}",
                     f"#{int(n_lines.reindex(sub['table_id']).fillna(0).sum())}", f"#{int(sub['empty'].sum())}",
                     f"#{errs}", f"#{warns}"])
        classes.append("error" if errs else "warning" if warns else "")
    return ("<h2>Budget tables</h2>" + table(
        ["kind", "tables", "documents", "lines", "empty", "check errors", "check warnings"], rows, classes))


def spending_by_class(tables: pd.DataFrame, lines: pd.DataFrame) -> list[tuple[str, str, float]]:
    """(code, item, 元) of the 类 lines of the document's main functional table."""
    for kind in ("general_expenditure", "expenditure"):
        ids = tables[tables["kind"] == kind]["table_id"]
        sub = lines[lines["table_id"].isin(ids) & (lines["code"].str.len() == 3)] if not lines.empty else lines
        if sub.empty:
            continue
        first = sub.groupby(["table_id", "line"]).head(1)  # a line's first amount: its total column
        return [(r.code, r.item, r.amount_yuan) for r in first.drop_duplicates("code").itertuples()]
    return []


def document_section(doc_id: str, t: dict[str, pd.DataFrame]) -> str:
    """One document's budget tables with their check failures, and its spending by 类."""
    tables = t["budget_tables"][t["budget_tables"]["doc_id"] == doc_id]
    if tables.empty:
        return ""
    lines = t["budget_lines"][t["budget_lines"]["doc_id"] == doc_id]
    checks = _budget_checks(t["checks"])
    checks = checks[checks["doc_id"] == doc_id]
    rows, classes = [], []
    for tb in tables.sort_values("seq").itertuples():
        issues = checks[checks["table_id"] == tb.table_id]
        note = f'<br><span class="muted">{esc(tb.note)}</span>' if isinstance(tb.note, str) else ""
        rows.append([f"#{tb.seq}", esc(tb.number), esc(tb.title) + note, esc(tb.kind), esc(tb.budget_stage),
                     esc(tb.unit), f"{tb.page_start}–{tb.page_end}", f"#{tb.n_lines}",
                     "empty" if tb.empty else "",
                     "<br>".join(f"<b>{esc(c.check)}</b>: {esc(c.message)}" for c in issues.itertuples())])
        classes.append(worst(issues["severity"]))
    other = checks[checks["table_id"].isna() | ~checks["table_id"].isin(tables["table_id"])]
    extra = "".join(f'<p class="{esc(c.severity)}"><b>{esc(c.check)}</b>: {esc(c.message)}</p>'
                    for c in other.itertuples())
    parts = ["<h3>Budget tables</h3>", table(
        ["#", "number", "title", "kind", "stage", "unit", "pages", "lines", "", "checks"], rows, classes), extra]
    by_class = spending_by_class(tables, lines)
    if by_class:
        parts.append("<details><summary>spending by 类</summary>" + table(
            ["code", "类", "万元"], [[esc(c), esc(i), f"#{y / 1e4:,.2f}"] for c, i, y in by_class]) + "</details>")
    return "".join(parts)
