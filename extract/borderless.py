"""Tables without full ruling: horizontal rules only ("hrules") or none ("stream").

A straight sequence of stages, each a function of the previous stage's plain data:

  1. lines    (extract.lines)    characters + horizontal rules → pieces, lines, rules,
                                 regions (titles, furniture and prose cut away)
  2. columns  (extract.columns)  a region's lines (+ rule joints) → column edges
  3. rows     (extract.rows)     pieces + column edges + rules → cell blocks → rows
  4. cells    (extract.cells,    rows + edges + rules → rowspans of merged labels
               extract.labels)   → colspans → cell rectangles
  5. grid     (extract.grid)     rectangles + characters → Grid

Geometry shared with the other sources (line grouping, coordinate clustering,
coverage) lives in extract.geometry.  Per-document context is explicit: a
continuation page without a header row takes the column edges of the previous
page's last table (`Carry`), which the caller (extract.pages) hands from page
to page.  Thresholds are ratios of the glyph height (or the table's own
measured line pitch), so PDFium's and pdfminer's glyph boxes read alike.
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import median

import regex

from budgetpdf.extract import cells, columns, lines as stage1, rows as stage3, template as carried_edges
from budgetpdf.extract.grid import Grid, Word, build_grid
from budgetpdf.extract.lines import Line, Rule, rules_from_edges
from budgetpdf.normalize.budget import is_amount, is_performance_title, is_title
from budgetpdf.normalize.levels import is_level1, is_level2
from budgetpdf.normalize.text import clean
from budgetpdf.normalize.vocab import HEADER_WORD, KV, lookup


@dataclass(frozen=True)
class Carry:
    """What one page of a document tells the next: the column edges of its last
    borderless table (None when it had none)."""
    edges: tuple[float, ...] | None = None
    pitch: float | None = None  # its line pitch: a continuation may show no wrap to measure it on


def page_rules(page, min_len: float = 20.0) -> list[Rule]:
    """Horizontal ruling segments of a page (pdfplumber page or extract.vector.VectorPage)."""
    return rules_from_edges(page.horizontal_edges, min_len)


def grids_from(words: list[Word], rules: list[Rule], page_no: int,
               template: list[float] | None = None, pitch: float | None = None) -> list[Grid]:
    """Grids from a page's characters and horizontal rules (pure; testable on any
    layout).  `template`, `pitch`: column edges and line pitch of the previous
    page's last table."""
    found = []
    lines = stage1.text_lines(words)
    if template is not None and _titled(lines):
        template = None  # a table under its own title starts here: it continues nothing
    parts = [part for k, region in enumerate(stage1.regions(lines, rules, template is not None))
             for part in stage1.split_at_rules(region, rules, template is not None and k == 0)]
    # (one line alone is no table, unless it is the first on a page that may go on
    # with the previous page's table: its last row, carried over by the break)
    regions = [p for k, p in enumerate(parts) if len(p) >= 2 or (k == 0 and template is not None)]
    for k, region in enumerate(regions):
        carried = None if found else template
        grid = region_grid(region, rules, page_no, carried, None if found else pitch)
        if grid is None or is_prose(grid) or is_title_block(grid):
            continue
        if (grid.n_rows >= 2 and (is_table(region, rules) or looks_like_table(grid))) or \
                (carried is not None and continues(grid)) or \
                (k == len(regions) - 1 and block_row(grid)):
            found.append(grid)
    return found


def block_row(grid: Grid) -> bool:
    """A table's first row alone at a page's foot, the page break right under it:
    one row of a header block (专项资金名称 | X), a label and its value.  It
    names the project the next page's rows belong to."""
    if grid.n_rows != 1:
        return False
    texts = [t for t in grid.matrix()[0] if t]
    return len(texts) == 2 and lookup(KV, clean(texts[0]), 16) is not None


def _titled(lines: list[Line]) -> bool:
    """A title line (one piece, taller than body text) above the page's first
    line with text in two or more places (the first row of a table)."""
    if not lines:
        return False
    body = stage1.body_height(lines)
    for ln in lines:
        if len(ln.pieces) >= 2:
            return False
        if ln.height > stage1.TITLE_SCALE * body:
            return True
    return False


def is_table(region: list[Line], rules: list[Rule]) -> bool:
    """A region that is a table whatever its grid: ruled above and below, or
    two or more lines with text in two or more places.  Other regions (prose,
    signature blocks, a table whose labels and values never share a
    baseline) must give a grid that `looks_like_table`."""
    if len({round(r.y) for r in stage1.table_rules(region, rules)}) >= 2:
        return True
    return sum(1 for ln in region if len(ln.pieces) >= 2) >= 2


def region_grid(region: list[Line], rules: list[Rule], page_no: int,
                template: list[float] | None = None, pitch: float | None = None) -> Grid | None:
    """Stages 2–5 on one region."""
    near = stage1.table_rules(region, rules)
    edges = columns.column_edges(region, stage1.rule_joints(near))
    h = median(p.height for ln in region for p in ln.pieces)
    tol = 0.6 * h if template else 0.0  # (edges carried from another page lie near a gap, not in it)
    if template:  # pieces the template's edges cross at a glyph gap are split first
        split = [Line(columns.split_at_edges(ln.pieces, template, h, tol)) for ln in region]
        edges = carried_edges.continued(template, edges, split) or edges
    if len(edges) < 3:
        return None
    pieces = columns.split_at_edges([p for ln in region for p in ln.pieces], edges, h, tol)
    pitch = stage3.line_pitch(stage3.by_column(pieces, edges), edges, h) or (pitch if template else None)
    table_rows = stage3.build_rows(pieces, edges, near, h, pitch)
    if not table_rows:  # (one row alone may go on from the page before, or to the next)
        return None
    ys = cells.row_edges(table_rows, near, h)
    boxes = cells.cell_boxes(table_rows, edges, ys, near)
    grid = build_grid(boxes, [w for p in pieces for w in p.words], page_no,
                      "hrules" if near else "stream")
    if grid is None or grid.n_cols < 2:
        return None
    grid.line_pitch = pitch
    return grid


def page_grids(words: list[Word], rules: list[Rule], ruled_grids: list[Grid], page_no: int,
               carry: Carry = Carry()) -> tuple[list[Grid], Carry]:
    """extract.pages' entry point for every text page: the lattice grids plus the
    unruled tables around them (see `merge_with_ruled`), and what the next page
    needs to know.  A page with no lattice grid is read whole by the borderless
    reader (its first table may continue the previous page's columns)."""
    if ruled_grids:
        grids = merge_with_ruled(ruled_grids, words, rules, page_no)
        last = grids[-1] if grids else None
        return grids, (_carry(last) if last is not None and last.strategy != "lattice" else Carry())
    grids = grids_from(words, rules, page_no, list(carry.edges) if carry.edges else None, carry.pitch)
    return grids, (_carry(grids[-1]) if grids else Carry())


def _carry(grid: Grid) -> Carry:
    return Carry(tuple(grid.col_edges), grid.line_pitch)


def find_grids(page, words: list[Word], page_no: int, carry: Carry = Carry()) -> list[Grid]:
    """Grids of a page the lattice strategy found nothing on."""
    return page_grids(words, page_rules(page), [], page_no, carry)[0]


def with_ruled(page, words: list[Word], page_no: int, ruled_grids: list[Grid]) -> list[Grid]:
    """The lattice grids plus the unruled tables around them (one page, no context)."""
    return page_grids(words, page_rules(page), ruled_grids, page_no)[0]


def merge_with_ruled(ruled_grids: list[Grid], words: list[Word], rules: list[Rule],
                     page_no: int) -> list[Grid]:
    """Lattice grids of a page plus the tables its text shows outside them.

    The borderless reader runs on the words outside the lattice tables of 3+
    columns; of its grids, those that look like tables are kept.  A lattice
    "table" of fewer than 3 columns (a frame, a ruled header band) gives way to
    a borderless grid with more columns that overlaps or continues it."""
    firm = [g for g in ruled_grids if g.n_cols >= 3]
    rest = [w for w in words if not any(_holds(g.bbox, w.anchor_x, w.yc) for g in firm)]
    free = [r for r in rules if not any(_holds(g.bbox, (r.x0 + r.x1) / 2, r.y) for g in firm)]
    found = [g for g in grids_from(rest, free, page_no) if looks_like_table(g)]
    out = list(firm)
    for g in ruled_grids:
        if g.n_cols >= 3:
            continue
        if any(e.n_cols > g.n_cols and _touches(g.bbox, e.bbox) for e in found):
            continue  # the borderless grid reads this text with its real columns
        out.append(g)
        found = [e for e in found if not _overlaps(g.bbox, e.bbox)]
    out += found
    return sorted(out, key=lambda g: g.bbox[1])


def is_prose(grid: Grid) -> bool:
    """Paragraphs a justified setting (or an OCR's uneven spacing) cut into
    pieces: most rows are one long line of text in one cell, and sentences."""
    rows = [[t for t in row if t] for row in grid.matrix()]
    rows = [r for r in rows if r]
    if len(rows) < 4:
        return False
    lines = sum(1 for r in rows if len(r) == 1 and len(r[0]) >= 15)
    sentences = sum(1 for r in rows if any(regex.search(r"[，。；：]", t) for t in r))
    return lines >= 0.6 * len(rows) and sentences >= 0.5 * len(rows)


def is_title_block(grid: Grid) -> bool:
    """A table's title set with gaps wide enough to cut it into columns ("表一" …
    "收入支出决算总表" over "2022年度"): a few rows, no amount, one row reading as a
    title.  Its words stay text lines, where readers look for titles."""
    rows = [[t for t in row if t] for row in grid.matrix()]
    if grid.n_rows > 3 or any(is_amount(t) for row in rows for t in row) \
            or any(lookup(KV, clean(row[0]), 16) for row in rows if row):
        return False  # (项目名称 | XX项目 … 表: a header block's row)
    return any(is_title(" ".join(row)) or is_performance_title(" ".join(row)) for row in rows if row)


def continues(grid: Grid) -> bool:
    """A region read with the previous page's column edges, a row of which
    fills three or more of them and names an indicator level (a project's
    first row alone on a page before the page breaks again), or holds a label
    and two amounts (a budget table's last rows, 收入总计 … 支出总计 …): the
    table goes on."""
    def amounts(row: list[str]) -> int:
        return sum(1 for t in row if t and is_amount(t))
    return any(sum(1 for t in row if t) >= 3 and (any(is_level1(t) or is_level2(t) for t in row)
                                                 or amounts(row) >= 2 and amounts(row) < sum(1 for t in row if t))
               for row in grid.matrix())


def looks_like_table(grid: Grid, min_rows: int = 3) -> bool:
    """Two or more columns and `min_rows` rows with two or more filled cells
    (not a signature line or a stray two-column note), or a header row, or two
    rows of a header block (专项资金名称 | X, 业务主管部门 | Y at a page's foot)."""
    rows = [[t for t in row if t] for row in grid.matrix()]
    full = sum(1 for row in rows if len(row) >= 2)
    if grid.n_cols < 2:
        return False
    header = any(sum(1 for c in grid.row(r) if c.text and HEADER_WORD.search(c.text)) >= 3
                 for r in range(min(grid.n_rows, 3)))
    block = sum(1 for row in rows if len(row) >= 2 and lookup(KV, clean(row[0]), 16))
    return full >= min_rows or (header and full >= 2) or block >= 2


def _holds(bbox, x: float, y: float, pad: float = 1.0) -> bool:
    return bbox[0] - pad <= x <= bbox[2] + pad and bbox[1] - pad <= y <= bbox[3] + pad


def _overlaps(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _touches(a, b, gap: float = 6.0) -> bool:
    """b overlaps a, or starts right below it (the rows under a ruled header band)."""
    x = min(a[2], b[2]) > max(a[0], b[0])
    return x and (_overlaps(a, b) or 0 <= b[1] - a[3] <= gap)
