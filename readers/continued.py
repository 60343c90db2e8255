"""Rows a page break cut, as spreadsheets print them.

Excel, WPS and LibreOffice cut a table at the page's end wherever it falls:
- a tall row is split, and the rest of its wrapped name ("机制" of
  "设施长效管护机制") is printed at the top of the next page, in a row with no
  level and no value (`cut_row_rest`);
- a merged 一级 or 二级 label whose rows straddle the break prints its text
  once, on one side only: rows above the break sit under a blank merged cell
  that runs to the page's end, and the label shows at the top of the next page
  (`note_blank_label` / `cut_label_below`).  Without this those rows would take
  the label of the group above them.
A table without rules whose rows are one line tall cuts a wrapped label the same
way: "经济效" in one row, "益指标" in the next (`join_cut_labels`).
The Walker (readers.walk) mixes this in; it reads `self.roles`,
`self.grid_rows` (rows of the grid being read) and `self.extras`.
"""
from __future__ import annotations

from dataclasses import replace

import regex

from budgetpdf.extract.grid import Cell, Grid
from budgetpdf.normalize.levels import canonical_level1, canonical_level2
from budgetpdf.normalize.text import leaves_open
from budgetpdf.normalize.values import join_split_value, parse_value
from budgetpdf.readers.cells import is_level
from budgetpdf.readers.labels import goal_field, kv_field
from budgetpdf.readers.records import Block, set_values

_VALUE_ROLES = ("period", "annual", "op", "unit", "actual", "score", "weight")
_UNIT = regex.compile(r"\p{Han}{1,3}(?:[/／·]\p{Han}{1,3})?")  # a unit alone: 人, 元/户


class CutRows:
    grid_rows: int = 0
    body_rows: int = 0  # rows of the grid being read so far (the Walker counts them)
    grid_id: int | None = None
    last_row: tuple | None = None  # (indicator, grid, row) of the last indicator row, if its name may wrap
    row_above: tuple | None = None  # (indicator, grid, row) of the last indicator row

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

    def wrapped_name_rest(self, cells: list[Cell], block: Block, name: str, l1_cell, l2_cell) -> bool:
        """A rule-less row one line tall holding the end of a name, right under an
        indicator row with a value ("5000吨稻谷、500吨成" / "品粮储备到位率"): the
        name's wrapped line, not an indicator of its own.  Values beside it go to
        the indicator where its row left them blank (scores level with the name's
        second line: "目成本影响程" | 10 | 10 under "对控制基建项" | 效果明显 | …)."""
        last = block.indicators[-1] if block.indicators else None
        top = max(c.row for c in cells)
        if last is None or name == last["name"] or self.row_above != (id(last), self.grid_id, top - 1) \
                or not (last.get("annual_raw") or last.get("period_raw")):
            return False
        if any(c is not None and c.text and c.row == top for c in (l1_cell, l2_cell)):
            return False
        own = [c if c.row == top else replace(c, text="") for c in cells]  # (not merged down)
        if any(self.roles.text(own, r, side) for r in _VALUE_ROLES for side in ("", "b")):
            period, annual = self.targets(own)
            extra = {k: v for k, v in self.extras(own).items() if v is not None}
            if period or annual or any(last.get(k) is not None for k in extra):
                return False  # (values of its own: an indicator of its own)
            set_values(last, last.get("period_raw"), last.get("annual_raw"), extra)
        elif self.last_row != self.row_above and not leaves_open(last["name"]):
            return False  # (a name alone goes on one that filled its line, or left a bracket open)
        last["name"] += name
        self.last_row = self.row_above = (id(last), self.grid_id, top)
        return True

    def targets(self, cells: list[Cell]) -> tuple[str | None, str | None]:
        """A row's (period, annual) targets: 中期 | 年度 sides, or one target, its
        comparator and unit joined where they have columns of their own."""
        roles = self.roles
        period = roles.text(cells, "period") or None
        two_sides = roles.column("annual", "b") is not None and roles.column("name", "b") is not None
        annual = roles.text(cells, "annual", "b") or (None if two_sides else roles.text(cells, "annual")) or None
        if period is None and two_sides:  # (中期 | 年度 sides: the first is the period's; a blank
            period = roles.text(cells, "annual") or None  # annual side sets no annual target)
        if roles.has("op") or roles.has("unit"):
            annual = join_split_value(roles.text(cells, "op"), annual or "", roles.text(cells, "unit")) or None
        return period, annual

    def units_below(self, cells: list[Cell], block: Block, name: str) -> bool:
        """A rule-less row holding only units under the row above's bare numbers
        (">=21933" | "21980" over "人" | "人", the units wrapped in their cells): the
        numbers' units."""
        last = self._row_above(cells, block, name)
        if last is None:
            return False
        roles, units, top = self.roles, {}, max(c.row for c in cells)
        for key, role, side in (("annual_raw", "annual", "b"), ("annual_raw", "annual", ""),
                                ("period_raw", "period", ""), ("actual_raw", "actual", "")):
            cell = roles.cell(cells, role, side)
            text = roles.text(cells, role, side) if cell is not None and cell.row == top else ""
            if not text or key in units:  # (a value merged down from the row above is its own)
                continue
            number = last.get(key) or ""
            if not _UNIT.fullmatch(text) or parse_value(number).unit or parse_value(number + text).unit != text:
                return False
            units[key] = number + text
        others = [c for c in cells if c.text and c.row == top and not _UNIT.fullmatch(c.text)]
        if not units or others:
            return False
        extra = {"actual_raw": units["actual_raw"]} if "actual_raw" in units else {}
        set_values(last, units.get("period_raw", last.get("period_raw")),
                   units.get("annual_raw", last.get("annual_raw")), extra)
        return True

    def _row_above(self, cells: list[Cell], block: Block, name: str) -> dict | None:
        """The indicator of the row right above, where this row prints no name of its
        own (none, or that indicator's merged down)."""
        last = block.indicators[-1] if block.indicators else None
        top = max(c.row for c in cells)
        name_cell = self.roles.cell(cells, "name")
        if last is None or self.row_above != (id(last), self.grid_id, top - 1):
            return None
        if name and (name_cell is None or name_cell.row >= top or last["name"] != name):
            return None
        return last

    def values_below(self, cells: list[Cell], block: Block, name: str) -> bool:
        """A rule-less row with targets and no name of its own (none, or the name
        merged down from the row above) right under an indicator row with a name and
        no target: the values set level with the name's last line, which a label's
        second line ("（50分）") started as a row of its own.  They are that row's."""
        last = self._row_above(cells, block, name)
        if last is None or any(last.get(k) for k in ("period_raw", "annual_raw", "actual_raw")):
            return False
        period, annual = self.targets(cells)
        if not (period or annual):
            return False
        set_values(last, period, annual, {k: v for k, v in self.extras(cells).items() if v is not None})
        return True

    def cut_level_rest(self, block: Block, l1_cell, l2_cell, page: int) -> set[str]:
        """The first row of a page whose level cells print the end of the labels the
        page break cut ("产出指" above it, "标" here): the labels joined, on the rows
        above too; the levels of the rows that joined (a set of "level1"/"level2")."""
        last = block.indicators[-1] if block.indicators else None
        if last is None or self.body_rows != 0 or last.get("page") != page - 1:
            return set()
        out = set()
        for key, cell in (("level1", l1_cell), ("level2", l2_cell)):
            prev = last.get(f"{key}_raw") or ""
            if not cell or not cell.text or not prev or is_level(prev, known=True) \
                    or not is_level(prev + cell.text, known=True):
                continue
            joined = prev + cell.text
            for ind in block.indicators:
                if ind.get(f"{key}_raw") == prev:
                    ind[f"{key}_raw"] = joined
                    ind[key] = canonical_level1(joined) if key == "level1" else canonical_level2(joined, ind.get("level1"))
            if key == "level1":
                self.level1 = joined
            else:
                self.level2 = joined
            out.add(key)
        return out

    def note_blank_label(self, l1_cell: Cell | None, l2_cell: Cell | None, indicator: dict) -> None:
        """An indicator under a blank merged 一级 or 二级 cell that runs to the
        bottom of the page: its label may be printed on the next page."""
        pending = getattr(self, "_blank_label", None) or {}
        for key, cell in (("level1", l1_cell), ("level2", l2_cell)):
            if cell is None or cell.text or cell.row + cell.rowspan < self.grid_rows or \
                    (key == "level1" and (cell.rowspan < 2 or cell is l2_cell)):
                continue
            if key not in pending or pending[key][0] is not cell:
                pending[key] = (cell, indicator["page"], [])
            pending[key][2].append(indicator)
        self._blank_label = pending

    def cut_label_below(self, l1_cell: Cell | None, l2_cell: Cell | None, page: int) -> None:
        """The first labels of the next page, printed in cells that start at the
        top of its grid, are the labels of the rows left blank above the break."""
        pending = getattr(self, "_blank_label", None) or {}
        for key, cell in (("level1", l1_cell), ("level2", l2_cell)):
            if key not in pending or cell is None or not cell.text or page <= pending[key][1]:
                continue
            _, _, rows = pending.pop(key)
            if cell.row != 0:
                continue  # the next page starts with a label of its own: the blank rows keep theirs
            for ind in rows:
                if key == "level1":
                    ind["level1"], ind["level1_raw"] = canonical_level1(cell.text), cell.text
                else:
                    level2 = canonical_level2(cell.text, ind.get("level1_raw") or ind.get("level1") or "")
                    ind["level2"], ind["level2_raw"] = level2, cell.text
        self._blank_label = pending


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
        k = _label_rows(grid, a, below)
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


def _label_rows(grid: Grid, a: Cell, below: list[Cell]) -> int:
    """How many cells below complete `a`'s label (0: none)."""
    if not below:
        return 0
    if not (is_level(a.text, known=True) and len(a.text) > 2):
        text = a.text
        for k, b in enumerate(below, 1):  # "经济效" / "益指标", "服务" / "对象" / "满意" / "度指标"
            if len(b.text) > 4:
                break
            text += b.text
            if is_level(text, known=True):
                return k
    if kv_field(a.text) or goal_field(a.text) or is_level(a.text, known=True):
        return 0
    def shares(cell: Cell) -> bool:  # its row holds other text of its own
        return any(c.text and c is not cell and c.row == cell.row for c in grid.row(cell.row))
    text, busy = a.text, shares(a)
    for k, b in enumerate(below, 1):
        busy += shares(b)
        if len(b.text) > 6 or busy > 1:
            return 0  # (a label's lines stand alone in their rows but the one beside its value)
        text += b.text
        if kv_field(text) or goal_field(text):
            above = grid.at(a.row - 1, a.col) if a.row else None
            if above is not None and above.text and (kv_field(above.text + text) or goal_field(above.text + text)):
                return 0  # the middle of a longer label (年度 / 总体 / 目标), its lines not alone
            return k
    return 0


def text_width(text: str, size: float) -> float:
    """A one-line text's width estimated from the glyph size: a Chinese character
    an em, anything else about half of one."""
    han = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff" or ch in "、，。：；（）")
    return (han + 0.55 * (len(text) - han)) * size


def widest_lines(grid: Grid) -> dict[tuple[int, int], float]:
    """Per column (col, colspan), the estimated width of its widest text."""
    out: dict[tuple[int, int], float] = {}
    for cell in grid.cells:
        if cell.text:
            key = (cell.col, cell.colspan)
            out[key] = max(out.get(key, 0.0), text_width(cell.text, grid.text_size))
    return out


def fills(cell: Cell | None, size: float, widest: dict) -> bool:
    """Whether a one-line text runs as wide as its column's widest (where the
    column's lines wrap): a rule-less cell's box reaches the next column, so its
    width says nothing."""
    if cell is None or not cell.text or size <= 0:
        return False
    return text_width(cell.text, size) >= widest.get((cell.col, cell.colspan), 0.0) - 2.5 * size
