"""HTML pieces every part of the review report uses: escaping, tables, severities."""
from __future__ import annotations

import html

import pandas as pd

SEVERITIES = ("error", "warning", "info")


def esc(x) -> str:
    if x is None or (isinstance(x, float) and pd.isna(x)) or x is pd.NA:
        return ""
    return html.escape(str(x))


def money(x) -> str:
    return "" if x is None or pd.isna(x) else f"{x / 1e4:,.2f}"


def table(headers: list[str], rows: list[list[str]], classes: list[str] | None = None) -> str:
    """Rows are pre-escaped HTML cells; a cell starting with '#' is right-aligned (numeric)."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = []
    for i, r in enumerate(rows):
        cls = f' class="{classes[i]}"' if classes and classes[i] else ""
        tds = "".join(f'<td class="n">{c[1:]}</td>' if c.startswith("#") else f"<td>{c}</td>" for c in r)
        body.append(f"<tr{cls}>{tds}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def worst(severities) -> str:
    """The row class for a set of check severities: the most serious one."""
    present = set(severities)
    return next((s for s in SEVERITIES if s in present), "")
