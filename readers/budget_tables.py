"""The standard budget tables (九张表) of a document → budget_tables / budget_lines rows.

Placeholder until the budget-table reader lands: finds nothing, claims nothing."""
from __future__ import annotations

from dataclasses import dataclass, field

from budgetpdf.model import PdfContent


@dataclass
class BudgetRead:
    tables: list[dict] = field(default_factory=list)   # budget_tables rows
    lines: list[dict] = field(default_factory=list)    # budget_lines rows
    claimed: set[int] = field(default_factory=set)     # id() of grids that belong to budget tables


def read_budget_tables(content: PdfContent, doc_id: str) -> BudgetRead:
    return BudgetRead()
