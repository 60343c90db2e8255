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
The Walker (readers.walk) mixes this in; it reads `self.roles`,
`self.grid_rows` (rows of the grid being read) and `self.extras`.
"""
from __future__ import annotations

from budgetpdf.extract.grid import Cell
from budgetpdf.normalize.levels import canonical_level2
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
