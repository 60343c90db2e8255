"""Header paths of a budget-table grid: the header rows above each lattice column
joined by "/" (`支出/一般公共预算`, `公务用车购置及运行费/公务用车运行费`), as the
contract writes budget_lines.column.

Ruled grids give group headers as merged cells.  Without vertical rules a group
header ("收入", "2026年预算数") lands in one lattice column of its group; the blank
columns around it join the group its text is centred over (header_matrix).
"""
from __future__ import annotations

import re

from budgetpdf.extract.grid import Cell, Grid

CODE_PARTS = ("类", "款", "项")


def numbering_row(texts: list[str]) -> bool:
    """The column-number row of final accounts: 栏次 | 1 | 2 | 3 …, or the numbers
    alone when they count 1, 2, 3 … across the columns."""
    words = [t.replace(" ", "") for t in texts]
    if any(w in ("栏次", "行次") for w in words):
        return all(w in ("栏次", "行次") or re.fullmatch(r"\d{1,2}", w) for w in words) and len(words) > 1
    numbers = [int(w) for w in words if re.fullmatch(r"\d{1,2}", w)]
    return len(words) >= 3 and len(numbers) == len(words) and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _text_width(text: str, char_w: float) -> float:
    """Printed width of a header text: CJK glyphs are square, ASCII about half."""
    return sum(char_w if ord(ch) > 0x2e7f else 0.55 * char_w for ch in text)


def _group_misfit(grid: Grid, row: list[str], cell: Cell, j: int, char_w: float,
                  parent: list[str] | None = None, room: bool = False) -> float:
    """How far a group header `cell` would be from centred if its group reached column
    j: 0 when its text can be the centre of a span that holds both, else the
    overshoot in points.  The span cannot pass a column that prints its own text
    in the same header row, nor leave the group above it (`parent`: the header row
    above, groups joined).  `room`: the edges anywhere in the whitespace they were
    put in, not at its middle."""
    x_text = (cell.text_x0 if cell.text_x0 is not None else cell.bbox[0]) + \
        min(_text_width(cell.text, char_w), cell.bbox[2] - cell.bbox[0]) / 2
    lo = _run_end(row, cell.col, -1, cell.text, parent)
    hi = _run_end(row, cell.col + cell.colspan - 1, 1, cell.text, parent)
    def place(k: int) -> tuple[float, float]:
        return _room(grid, k, char_w) if room else (grid.col_edges[k], grid.col_edges[k])
    left_edge, right_edge = place(lo)[0], place(hi + 1)[1]
    if j > cell.col:   # the group starts at or before the cell and ends with column j
        a, b = place(j + 1)
        return _apart((2 * x_text - b, 2 * x_text - a), (left_edge, cell.bbox[0]))
    a, b = place(j)  # the group starts with column j
    return _apart((2 * x_text - b, 2 * x_text - a), (cell.bbox[2], right_edge))


def _off_centre(grid: Grid, row: list[str], cell: Cell, char_w: float) -> float:
    """How far a group header's text is from the middle of the columns it holds so far."""
    lo, hi = cell.col, cell.col + cell.colspan - 1
    while lo > 0 and row[lo - 1] == row[cell.col]:
        lo -= 1
    while hi + 1 < len(row) and row[hi + 1] == row[cell.col]:
        hi += 1
    x0 = cell.text_x0 if cell.text_x0 is not None else cell.bbox[0]
    x = x0 + min(_text_width(cell.text, char_w), cell.bbox[2] - cell.bbox[0]) / 2
    return abs(x - (grid.col_edges[lo] + grid.col_edges[hi + 1]) / 2)


def _room(grid: Grid, k: int, char_w: float) -> tuple[float, float]:
    """Where column edge k may lie: without rules it was put in the whitespace
    between the texts of the columns beside it, anywhere there fits (the
    table's outer edges a cell's padding beyond its text)."""
    def texts(c: int, side: str) -> list[float]:
        return [getattr(x, side) for x in grid.cells if x.col == c and x.colspan == 1 and x.text
                and getattr(x, side) is not None]
    edge = grid.col_edges[k]
    left = texts(k - 1, "text_x1") if k > 0 else []
    right = texts(k, "text_x0") if k < grid.n_cols else []
    a = max(left) if left else edge - (char_w if k == 0 else 0.0)
    b = min(right) if right else edge + (char_w if k == grid.n_cols else 0.0)
    return (min(a, edge), max(b, edge))


def _apart(a: tuple[float, float], b: tuple[float, float]) -> float:
    """How far apart two ranges are (0 when they meet)."""
    return max(0.0, b[0] - a[1], a[0] - b[1])


def _run_end(row: list[str], k: int, step: int, text: str, parent: list[str] | None) -> int:
    """The last column from k in direction `step` a group could reach: over blanks,
    and over the columns right beside it already given its text (_recentre_groups),
    not over another group of the same name further on, never out of its parent."""
    while 0 <= k + step < len(row) and (not row[k + step] or row[k + step] == text == row[k]) \
            and (parent is None or parent[k + step] == parent[k]):
        k += step
    return k


def _group_candidate(grid: Grid, u: int, j: int, step: int, last: int, adjacent: bool,
                     row: list[str]) -> Cell | None:
    """The nearest printed cell of header row u (`row`: its texts) from column j in
    direction `step`, when it is a group header (it stops above the leaf row);
    `adjacent`: only right beside j."""
    k = j + step
    while 0 <= k < grid.n_cols:
        cell = grid.at(u, k)
        if cell is not None and cell.text and row[k]:
            return cell if cell.row + cell.rowspan - 1 < last else None
        if adjacent:
            return None
        k += step
    return None


def header_matrix(grid: Grid, header: list[int], char_w: float) -> list[list[str]]:
    """Header text every column sees in every header row.  Without vertical rules a
    group header ("支出", "2026年预算数") lands in one column of its group: the blank
    columns around it join the group its text is centred over."""
    rows = []
    for u in header:
        texts = [(grid.at(u, c).text if grid.at(u, c) is not None else "") for c in range(grid.n_cols)]
        own = [c for c in range(grid.n_cols) if grid.at(u, c) is not None and grid.at(u, c).row == u]
        numbers = numbering_row([t for t in texts if t])
        if numbers:
            texts = ["" for _ in texts]  # column numbers are no header level
        elif numbering_row([texts[c] for c in own if texts[c]]):  # beside a label merged down
            texts = ["" if c in own else t for c, t in enumerate(texts)]
        if grid.strategy != "lattice" and not numbers:
            join_spaced(texts)
            _recentre_groups(grid, u, texts, char_w)
        rows.append(texts)
    if grid.strategy == "lattice" or len(header) < 2:
        return rows
    last = header[-1]
    tall = _drop_tall_leaves(grid, header[0], rows[0])
    groups = {id(c) for c in (grid.at(header[0], j) for j in range(grid.n_cols))
              if c is not None and c.text and c.row == header[0] and c.rowspan == 1}
    if len(groups) != 1:  # groups side by side (预算数 | 决算数) share the leaves printed
        tall = _centred_between(grid, header, tall, char_w)  # in the row below them
    texts = [list(r) for r in rows]  # as printed, before any column joins a group
    for i, u in enumerate(header[:-1]):
        for j in range(grid.n_cols):
            if rows[i][j] or not any(rows[k][j] for k in range(i + 1, len(header))) or (i == 0 and j in tall):
                continue
            # below the top row a blank is as often a leaf header centred over two
            # rows as a group member: there only a column beside the group joins it
            cands = [c for c in (_group_candidate(grid, u, j, -1, last, i > 0, texts[i]),
                                 _group_candidate(grid, u, j, 1, last, i > 0, texts[i])) if c]
            parent = rows[i - 1] if i else None
            scored = sorted((_group_misfit(grid, texts[i], c, j, char_w, parent), c.col) for c in cands)
            if scored and scored[0][0] <= 3 * char_w:
                rows[i][j] = texts[i][scored[0][1]]
            elif len(cands) == 1 and _off_centre(grid, rows[i], cands[0], char_w) > char_w and \
                    _group_misfit(grid, texts[i], cands[0], j, char_w, parent, True) <= 3 * char_w:
                # the one group it could join, not centred over the columns it has:
                # the edges were set in wide whitespace, anywhere there may do
                rows[i][j] = texts[i][cands[0].col]
    _join_tall(grid, header[0], rows[0], texts[0], tall, char_w)
    return rows


def _join_tall(grid: Grid, u: int, row: list[str], printed: list[str], tall: set[int], char_w: float) -> None:
    """A leaf over every header row beside a group (合计 | 基本支出 over 人员经费 |
    公用经费 | 项目支出) joins the group only when the group's text is centred
    better with it: a group is centred as well over its members as over them and
    a tall leaf on each side, and those are leaves of their own."""
    def error(lo: int, hi: int, cell: Cell) -> float:
        x0 = cell.text_x0 if cell.text_x0 is not None else cell.bbox[0]
        x = x0 + min(_text_width(cell.text, char_w), cell.bbox[2] - cell.bbox[0]) / 2
        return abs(x - (grid.col_edges[lo] + grid.col_edges[hi + 1]) / 2)
    for g in range(grid.n_cols):
        cell = grid.at(u, g)
        if cell is None or cell.col != g or not printed[g] or not row[g]:
            continue
        lo, hi = g, g + cell.colspan - 1
        while lo > 0 and row[lo - 1] == row[g] and lo - 1 not in tall:
            lo -= 1
        while hi + 1 < len(row) and row[hi + 1] == row[g] and hi + 1 not in tall:
            hi += 1
        while True:
            best = error(lo, hi, cell) - 0.25 * char_w
            options = [(error(lo - 1, hi, cell), lo - 1, hi)] if lo - 1 in tall and not row[lo - 1] else []
            options += [(error(lo, hi + 1, cell), lo, hi + 1)] if hi + 1 in tall and not row[hi + 1] else []
            better = [o for o in options if o[0] < best]
            if not better:
                break
            _, lo, hi = min(better)
            for k in (lo, hi):
                row[k] = row[g]


def header_paths(grid: Grid, header: list[int], char_w: float) -> list[str]:
    """Group headers over the leaf header of every lattice column, joined by "/".
    A one-character piece ("费", "计") under a one-column cell is the wrapped end of
    that cell's text (a cell the lattice cut in two), not a header level: joined on;
    so is a one-column cell under another (a header broken by hand, "公务" / "接待费":
    no group heads one column alone)."""
    matrix = header_matrix(grid, header, char_w)
    paths = []
    for c in range(grid.n_cols):
        parts: list[str] = []
        narrow = False  # the last part came from a cell one column wide
        for u, row in zip(header, matrix):
            text = re.sub(r"\s+", "", row[c])
            if not text or (parts and parts[-1] == text):
                continue
            cell = grid.at(u, c)
            alone = row[c] not in (row[c - 1] if c else None, row[c + 1] if c + 1 < len(row) else None)
            one_wide = cell is not None and cell.text == row[c] and cell.colspan == 1 and alone
            if parts and narrow and text not in CODE_PARTS and (len(text) == 1 or len(parts[-1]) == 1 or one_wide):
                parts[-1] += text  # (a group is never one column wide: "公务" over "接待费" wrapped)
            else:
                parts.append(text)
            narrow = one_wide
        paths.append("/".join(parts))
    return paths


def _drop_tall_leaves(grid: Grid, u: int, row: list[str]) -> set[int]:
    """Without rules a leaf header ("合计" beside "小计 | 购置费 | 运行费") may be
    given every header row, the top group row too ("预算数 | 决算数"); its text is
    printed below that row, so there it is no header of its own: blanked, the
    group header over it reaches its column."""
    blanked = set()
    for j in range(grid.n_cols):
        cell = grid.at(u, j)
        if cell is not None and cell.text and cell.row == u and cell.rowspan > 1 \
                and cell.text_top is not None and cell.text_top >= grid.row_edges[u + 1] - 0.5:
            row[j] = ""
            blanked.add(j)
    return blanked


def _centred_between(grid: Grid, header: list[int], tall: set[int], char_w: float) -> set[int]:
    """Of the leaves given every header row, those printed centred over the rows
    (项目支出 beside 基本支出 over 人员经费 | 公用经费), not level with the leaf
    row's own texts: such a leaf is no member of a group, however centred."""
    below = [c.text_top for c in (grid.at(header[1], j) for j in range(grid.n_cols))
             if c is not None and c.text and c.row == header[1] and c.text_top is not None]
    if not below:
        return tall
    keep = set()
    for j in tall:
        top = grid.at(header[0], j).text_top
        if min(abs(top - b) for b in below) > 0.3 * char_w:
            keep.add(j)
    return keep


def join_spaced(texts: list[str]) -> None:
    """A header printed with wide spaces ("项　　目", "收　　入") comes apart without
    rules: one character per column, side by side.  Such a run is one header, in
    its first column (类 | 款 | 项, the parts of a code, are headers of their own)."""
    j = 0
    while j < len(texts):
        k = j
        while k < len(texts) and re.fullmatch(r"[\u4e00-\u9fff]", texts[k]):
            k += 1
        if k - j >= 2 and not all(t in CODE_PARTS for t in texts[j:k]):
            texts[j] = "".join(texts[j:k])
            for m in range(j + 1, k):
                texts[m] = ""
        j = max(k, j + 1)


def _recentre_groups(grid: Grid, u: int, texts: list[str], char_w: float) -> None:
    """A row of group headers only ("项目" over the code and name columns, "本年支出"
    over the amounts): without vertical rules the reader may give a group one
    column too many.  Each group is printed centred over its columns, so the
    boundary between two neighbours lies where both would be centred."""
    cells, seen = [], set()
    for c in range(grid.n_cols):
        cell = grid.at(u, c)
        if cell is not None and cell.text and id(cell) not in seen and cell.row == u:
            seen.add(id(cell))
            cells.append(cell)
    if len(cells) < 2 or any(c.colspan < 2 for c in cells):
        return
    if any(b.col > a.col + a.colspan for a, b in zip(cells, cells[1:])):
        return  # blank columns between them: leaves over every header row, no group's
    edges = grid.col_edges

    def centre(cell: Cell) -> float:
        x0 = cell.text_x0 if cell.text_x0 is not None else cell.bbox[0]
        return x0 + min(_text_width(cell.text, char_w), cell.bbox[2] - cell.bbox[0]) / 2

    bounds = [cells[0].col]
    for a, b in zip(cells, cells[1:]):
        want = (2 * centre(a) - edges[a.col] + 2 * centre(b) - edges[b.col + b.colspan]) / 2
        lo, hi = a.col + 1, b.col + b.colspan - 1  # each keeps a column at least
        bounds.append(min(range(lo, hi + 1), key=lambda k: abs(edges[k] - want)))
    bounds.append(cells[-1].col + cells[-1].colspan)
    for cell, start, end in zip(cells, bounds, bounds[1:]):
        for k in range(start, end):
            texts[k] = cell.text
