"""Rows a page break cut, as spreadsheets print them.

Excel, WPS and LibreOffice cut a table at the page's end wherever it falls:
- a tall row is split, and the rest of its wrapped name ("机制" of
  "设施长效管护机制") is printed at the top of the next page, in a row with no
  level and no value (`cut_row_rest`);
- a merged 二级 label whose rows straddle the break prints its text once, on
  one side only: rows above the break sit under a blank merged cell that runs
  to the page's end, and the label shows at the top of the next page
  (`note_blank_label` / `cut_label_below`).  Without this those rows would take
  the label of the group above them.
A table without rules whose rows are one line tall cuts a wrapped label the same
way: "经济效" in one row, "益指标" in the next (`join_cut_labels`).
The Walker (readers.walk) mixes this in; it reads `self.roles`,
`self.grid_rows` (rows of the grid being read) and `self.extras`.
"""
from __future__ import annotations

from dataclasses import replace

from budgetpdf.extract.grid import Cell, Grid
from budgetpdf.normalize.levels import canonical_level2
from budgetpdf.readers.cells import is_level
from budgetpdf.readers.labels import goal_field, kv_field
from budgetpdf.readers.records import Block

_VALUE_ROLES = ("period", "annual", "op", "unit", "actual", "score", "weight")


class CutRows:
    grid_rows: int = 0

    def cut_row_rest(self, cells: list[Cell], page: int, block: Block, name: str, l1_cell, l2_cell) -> bool:
        """The first row on a new page that prints only the end of a name and
        explanation texts, no level and no value: the previous page's last row
        goes on here."""
        last = block.indicators[-1] if block.indicators else None
        if last is None or last.get("page", page) >= page:
            return False
        top = max(c.row for c in cells)
        if any(c is not None and c.text and c.row == top for c in (l1_cell, l2_cell)):
            return False
        if any(self.roles.text(cells, r, side) for r in _VALUE_ROLES for side in ("", "b")):
            return False
        last["name"] += name
        for role, text in self.extras(cells).items():
            if isinstance(text, str) and isinstance(last.get(role), str):
                last[role] += text
        return True

    def note_blank_label(self, l2_cell: Cell | None, indicator: dict) -> None:
        """An indicator under a blank merged 二级 cell that runs to the bottom of
        the page: its label may be printed on the next page."""
        if l2_cell is not None and not l2_cell.text and l2_cell.rowspan >= 1 \
                and l2_cell.row + l2_cell.rowspan >= self.grid_rows:
            pending = getattr(self, "_blank_label", None)
            if pending is None or pending[0] is not l2_cell:
                pending = (l2_cell, indicator["page"], [])
                self._blank_label = pending
            pending[2].append(indicator)

    def cut_label_below(self, l2_cell: Cell | None, page: int) -> None:
        """The first 二级 label of the next page, printed in a cell that starts
        at the top of its grid, is the label of the rows left blank above the break."""
        pending = getattr(self, "_blank_label", None)
        if pending is None or l2_cell is None or not l2_cell.text or page <= pending[1]:
            return
        self._blank_label = None
        if l2_cell.row != 0:
            return  # the next page starts with a label of its own: the blank rows keep theirs
        for ind in pending[2]:
            level2 = canonical_level2(l2_cell.text, ind.get("level1_raw") or ind.get("level1") or "")
            ind["level2"], ind["level2_raw"] = level2, l2_cell.text


def join_cut_labels(grid: Grid) -> Grid:
    """A rule-less grid whose label was wrapped over rows one line tall: a level
    label ("经济效" over "益指标", "数量" over "指标") whose two cells only together
    make a level name, and a header block's label ("专项" / "资金" / "名称" beside
    its value) whose lower lines stand alone in their rows, joined into one cell."""
    if grid.strategy == "lattice":
        return grid  # rules draw every cell: a label is never cut by them
    cells, joined = list(grid.cells), False
    for a in sorted(grid.cells, key=lambda c: (c.col, c.row)):
        if a not in cells or not a.text:
            continue
        below = _pieces_below(grid, a, cells)
        k = _label_rows(a, below)
        if k:
            for b in below[:k]:
                cells.remove(b)
            last = below[k - 1]
            cells[cells.index(a)] = replace(a, text=a.text + "".join(b.text for b in below[:k]),
                                            rowspan=last.row + last.rowspan - a.row,
                                            bbox=(a.bbox[0], a.bbox[1], a.bbox[2], last.bbox[3]))
            joined = True
    return replace(grid, cells=cells, _index={}) if joined else grid


def _pieces_below(grid: Grid, a: Cell, cells: list[Cell], most: int = 3) -> list[Cell]:
    """The cells right under `a` in its columns, one per row, up to `most`."""
    out, row = [], a.row + a.rowspan
    while len(out) < most:
        b = grid.at(row, a.col)
        if b is None or b not in cells or (b.col, b.colspan, b.row) != (a.col, a.colspan, row) or not b.text:
            break
        out.append(b)
        row = b.row + b.rowspan
    return out


def _label_rows(a: Cell, below: list[Cell]) -> int:
    """How many cells below complete `a`'s label (0: none)."""
    if not below:
        return 0
    b = below[0]
    if len(b.text) <= 4 and is_level(a.text + b.text, known=True) and not is_level(b.text, known=True) \
            and not (is_level(a.text, known=True) and len(a.text) > 2):
        return 1
    if kv_field(a.text) or goal_field(a.text) or is_level(a.text, known=True):
        return 0
    text = a.text
    for k, b in enumerate(below, 1):
        if len(b.text) > 6:
            return 0
        text += b.text
        if kv_field(text) or goal_field(text):
            return k
    return 0
