"""Column roles: what a header cell means, whatever the template.

A header row maps to a `RoleMap`: (role, x-range) pairs.  Data rows — in the
same grid, the next grid, or the next page — are read by x-overlap with those
ranges, so a table continued without a repeated header keeps its roles.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from budgetpdf.extract.grid import Cell
from budgetpdf.normalize.vocab import ROLES, lookup

INDICATOR_ROLES = {"level1", "level2", "name"}
VALUE_ROLES = {"period", "annual"}
PROJECT_ROLES = {"p_name", "p_unit", "p_amount", "goal"}
LIST_ROLES = {"total", "fiscal", "ind_text"}
TASK_ROLES = {"t_name", "t_content", "t_amount"}


def role_of(text: str) -> str | None:
    return lookup(ROLES, text, 24)


@dataclass
class Column:
    role: str
    x0: float
    x1: float
    header: str
    side: str = ""  # "b" for the second of a side-by-side pair (annual side)


class RoleMap:
    """Roles of one header row, as x-ranges."""

    def __init__(self, columns: list[Column], kind: str):
        self.columns = columns
        self.kind = kind  # indicators | flat | list | tasks | outline

    @property
    def roles(self) -> set[str]:
        return {c.role for c in self.columns}

    def has(self, role: str) -> bool:
        return any(c.role == role for c in self.columns)

    def area_sides(self) -> list[str]:
        """Sides of target columns that belong to one area each ("@新罗区")."""
        return [c.side for c in self.columns if c.role == "annual" and c.side.startswith("@")]

    def column(self, role: str, side: str = "") -> Column | None:
        return next((c for c in self.columns if c.role == role and c.side == side), None)

    def refine(self, sub: list[Column]) -> None:
        """A second header row: sub-columns replace the spanning column above them
        (年度指标值 over 指标性质 | 指标值 | 计量单位).  A target column's one
        sub-column left unnamed (预期指标值 over 符号 | (blank) | 单位) keeps its role."""
        gaps = []
        for col in sub:
            spanning = [c for c in self.columns
                        if c.x0 <= col.x0 + 1 and col.x1 <= c.x1 + 1 and c.x1 - c.x0 > col.x1 - col.x0 + 2]
            self.columns = [c for c in self.columns if c not in spanning]
            gaps += [gap for c in spanning if c.role in ("annual", "period") for gap in _unnamed(c, sub)]
        for col in sub + gaps:
            if not any(abs(c.x0 - col.x0) < 2 and abs(c.x1 - col.x1) < 2 for c in self.columns):
                if any(c.role == col.role for c in self.columns):
                    col.side = "b"
                self.columns.append(col)
        self.columns.sort(key=lambda c: c.x0)

    def cell(self, row: list[Cell], role: str, side: str = "") -> Cell | None:
        """The row's cell under this role's column (largest horizontal overlap)."""
        col = self.column(role, side)
        if col is None:
            return None
        best, best_overlap, best_key = None, 0.0, (0.0, 0.0)
        for cell in row:
            overlap = min(cell.bbox[2], col.x1) - max(cell.bbox[0], col.x0)
            # as much overlap (to a point): the cell lying more inside the column (a
            # wide neighbour reaching into it on another page is not its cell)
            key = (round(overlap), overlap / max(cell.bbox[2] - cell.bbox[0], 1.0))
            if overlap > 0 and key > best_key:
                best, best_overlap, best_key = cell, overlap, key
        width = col.x1 - col.x0
        if best is None or best_overlap < 0.5 * min(width, best.bbox[2] - best.bbox[0]):
            return None
        return best

    def text(self, row: list[Cell], role: str, side: str = "") -> str:
        cell = self.cell(row, role, side)
        return cell.text if cell is not None else ""


def _unnamed(parent: Column, sub: list[Column]) -> list[Column]:
    """The one stretch of a spanning column no sub-column names, as a column of
    the parent's role (none if the sub-columns name that role themselves)."""
    inside = sorted((c for c in sub if parent.x0 - 1 <= c.x0 and c.x1 <= parent.x1 + 1), key=lambda c: c.x0)
    if any(c.role == parent.role for c in inside):
        return []
    edges = [parent.x0] + [x for c in inside for x in (c.x0, c.x1)] + [parent.x1]
    gaps = [(a, b) for a, b in zip(edges[0::2], edges[1::2]) if b - a > 8]
    return [Column(parent.role, gaps[0][0], gaps[0][1], parent.header, parent.side)] if len(gaps) == 1 else []


def header_columns(row: list[Cell]) -> list[Column]:
    cols: list[Column] = []
    for cell in row:
        role = role_of(cell.text)
        if role is None:
            continue
        side = "b" if any(c.role == role for c in cols) else ""
        if side and any(c.role == role and c.side == "b" for c in cols):
            continue
        cols.append(Column(role, cell.bbox[0], cell.bbox[2], cell.text, side))
    return cols


def classify_header(row: list[Cell]) -> RoleMap | None:
    """A RoleMap if the row is a table header row, else None."""
    cols = header_columns(row)
    roles = {c.role for c in cols}
    n_ind = len(roles & INDICATOR_ROLES)
    if n_ind >= 2 or (n_ind == 1 and roles & VALUE_ROLES and "name" in roles):
        kind = "flat" if "p_name" in roles else "indicators"
        return RoleMap(cols, kind)
    if "p_name" in roles and len(roles & LIST_ROLES) >= 2:
        return RoleMap(cols, "list")
    if "t_name" in roles and len(roles & {"t_content", "t_amount", "t_goal", "p_amount"}) >= 1:
        return RoleMap(cols, "tasks")
    if "o_item" in roles and "annual" in roles:
        return RoleMap(cols, "outline")
    return None


def amount_unit_of(header: str) -> str | None:
    """'年度预算金额(万元)' → 万元; '拟投入的资金(元)' → 元."""
    m = regex.search(r"(万元|元)", header or "")
    return m.group(1) if m else None
