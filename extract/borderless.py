"""Tables without full ruling: horizontal rules only ("hrules") or none ("stream").

Columns come from the x-gaps no text crosses (`extract.columns`).  Rows come
from text blocks: lines of one column whose spacing is tighter than between
rows form one cell; horizontal rules, where present, are hard row breaks and
their x-extent tells which columns a cell spans down.  A label printed once in
the middle of a block of rows (a merged 一级/二级 cell) is given the rowspan
that centres it, so the Grid matches what a fully ruled rendering gives.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass
from statistics import median

import regex

from budgetpdf.extract.columns import HEADER as HEADER_CELL, Line, Part, fits, is_header, section_layout, spanned, text_lines
from budgetpdf.extract.grid import Grid, Word, build_grid
from budgetpdf.extract.rows import Row, block_spans, build_rows, covers, label_spans, rule_between

# page furniture that is never a table row: page numbers, units, subtitles
PAGE_NO = regex.compile(r"^[-—\s]*\d{1,3}[-—\s]*$")  # only as a page's first or last line
FURNITURE = regex.compile(
    r"^(第\s*\d+\s*页.*|.*共\s*\d+\s*页|.*单位\s*[:：].*|[（(]\s*\d{4}\s*年度?\s*[)）]"
    r"|(注|备注|说明)\s*\d*\s*[:：].*)$")
TITLE_SCALE = 1.25  # a line this much taller than body text is a title


@dataclass(frozen=True)
class Rule:
    """A horizontal ruling segment."""
    y: float
    x0: float
    x1: float


def page_rules(page, min_len: float = 20.0) -> list[Rule]:
    """Horizontal ruling segments of a pdfplumber page (lines and thin rects)."""
    out = []
    for e in page.horizontal_edges:
        if e["x1"] - e["x0"] >= min_len:
            out.append(Rule(float(e["top"]), float(e["x0"]), float(e["x1"])))
    return _merge_rules(out)


def _merge_rules(rules: list[Rule], tol: float = 1.5) -> list[Rule]:
    rules = sorted(rules, key=lambda r: (r.y, r.x0))
    out: list[Rule] = []
    for r in rules:
        if out and abs(r.y - out[-1].y) <= tol and r.x0 <= out[-1].x1 + tol:
            last = out.pop()
            r = Rule(last.y, min(last.x0, r.x0), max(last.x1, r.x1))
        out.append(r)
    return out


# last table's column edges per open document: a continuation page without a
# header row (and with empty columns) keeps the columns its header defined
_last_edges: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def find_grids(page, words: list[Word], page_no: int) -> list[Grid]:
    """pages.py entry point: grids of a page the lattice strategy found nothing on."""
    key = getattr(page, "pdf", None)
    try:
        template = _last_edges.get(key) if key is not None else None
    except TypeError:
        key = template = None
    grids = grids_from(words, page_rules(page), page_no, template)
    if grids and key is not None:
        _last_edges[key] = grids[-1].col_edges
    return grids


def grids_from(words: list[Word], rules: list[Rule], page_no: int,
               template: list[float] | None = None) -> list[Grid]:
    """Grids from a page's characters and horizontal rules (pure; testable on any
    layout).  `template`: column edges of the previous page's last table."""
    lines = text_lines(words)
    if not lines:
        return []
    grids = []
    for k, region in enumerate(regions(lines)):
        grid = region_grid(region, rules, page_no, template if k == 0 else None)
        if grid is not None:
            grids.append(grid)
    return grids


def is_furniture(line: Line, body_height: float) -> bool:
    text = regex.sub(r"\s+", "", line.text)
    if FURNITURE.match(text):
        return True
    return len(line.pieces) == 1 and line.height > TITLE_SCALE * body_height


def regions(lines: list[Line]) -> list[list[Line]]:
    """Runs of lines between titles and page furniture; each run may be a table."""
    body = median(ln.height for ln in lines)
    out: list[list[Line]] = [[]]
    for k, ln in enumerate(lines):
        edge = k in (0, len(lines) - 1) and PAGE_NO.match(ln.text)
        if edge or is_furniture(ln, body):
            out.append([])
        else:
            out[-1].append(ln)
    return [r for r in out if len(r) >= 2]


def region_grid(lines: list[Line], rules: list[Rule], page_no: int,
                template: list[float] | None = None) -> Grid | None:
    edges, parts = section_layout(lines)
    if template and fits(template, edges, lines):
        edges = [min(edges[0], template[0])] + list(template[1:-1]) + [max(edges[-1], template[-1])]
        parts = []
    if len(edges) < 3:
        return None
    pieces = [p for ln in lines for p in ln.pieces]
    top, bottom = min(p.top for p in pieces), max(p.bottom for p in pieces)
    x0, x1 = edges[0], edges[-1]
    # rules belonging to this table: within its text span (plus one row's slack)
    h = median(p.height for p in pieces)
    near = [r for r in rules if top - 3 * h <= r.y <= bottom + 3 * h
            and min(r.x1, x1) - max(r.x0, x0) > 0.5 * (x1 - x0) * 0.3]
    breaks = [ln.top for ln in lines[1:] if is_header(ln)]
    rows = build_rows(pieces, edges, near, h, breaks)
    if len(rows) < 2:
        return None
    row_edges = _row_edges(rows, near, h)
    boxes = _cell_boxes(rows, edges, row_edges, near, parts)
    strategy = "hrules" if near else "stream"
    words = [w for p in pieces for w in p.words]
    grid = build_grid(boxes, words, page_no, strategy)
    if grid is None or grid.n_cols < 2:
        return None
    return grid


def _row_edges(rows: list[Row], rules: list[Rule], h: float) -> list[float]:
    """Edges between rows: the rule between them, else the middle of the gap."""
    edges = []
    first = [r.y for r in rules if rows[0].top - 2 * h <= r.y <= rows[0].top + 1]
    edges.append(max(first) if first else rows[0].top - 0.3 * h)
    for a, b in zip(rows, rows[1:]):
        rule = rule_between(rules, a.bottom, b.top)
        edges.append(rule.y if rule else (a.bottom + b.top) / 2)
    last = [r.y for r in rules if rows[-1].bottom - 1 <= r.y <= rows[-1].bottom + 2 * h]
    edges.append(min(last) if last else rows[-1].bottom + 0.3 * h)
    return edges


def _cell_boxes(rows: list[Row], cols: list[float], ys: list[float],
                rules: list[Rule], parts: list[Part]) -> list[tuple]:
    """Rectangles of cells: lattice positions joined where text crosses a column
    edge, where a rule stops short of a column, where a label is centred on
    a block of rows (see `extract.rows.label_spans`), or where a part of the
    table has a wider column than others (`_part_spans`)."""
    n, m = len(rows), len(cols) - 1
    parent = list(range(n * m))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a, b):
        parent[find(a)] = find(b)

    for r, row in enumerate(rows):
        for p in row.pieces:
            c0, c1 = spanned(p, cols)
            for c in range(c0, c1):
                union(r * m + c, r * m + c + 1)
    for r in range(n - 1):
        if rule_between(rules, rows[r].bottom, rows[r + 1].top) is None:
            continue
        for c in range(m):  # rules at one y may be several segments
            if not covers(rules, rows[r].bottom, rows[r + 1].top, (cols[c] + cols[c + 1]) / 2):
                union(r * m + c, (r + 1) * m + c)
    placed = block_spans(rows, cols)
    for c, a, b in label_spans(rows, cols, ys, rules, placed) + placed:
        for r in range(a, b):
            union(r * m + c, (r + 1) * m + c)
    for r, c0, c1 in _part_spans(rows, cols, parts):
        for c in range(c0, c1):
            union(r * m + c, r * m + c + 1)
    comps: dict[int, list[tuple[int, int]]] = {}
    for r in range(n):
        for c in range(m):
            comps.setdefault(find(r * m + c), []).append((r, c))
    boxes = []
    for cells in comps.values():
        r0, r1 = min(r for r, _ in cells), max(r for r, _ in cells)
        c0, c1 = min(c for _, c in cells), max(c for _, c in cells)
        boxes.append((cols[c0], ys[r0], cols[c1 + 1], ys[r1 + 1]))
    return boxes


def _part_spans(rows: list[Row], cols: list[float], parts: list[Part]) -> list[tuple[int, int, int]]:
    """(row, first_col, last_col): in a part whose columns are wider than the
    table's lattice (an edge found only in another part), a cell covers the
    empty lattice columns of its part column, as a ruled cell would."""
    out = []
    for r, row in enumerate(rows):
        yc = (row.top + row.bottom) / 2
        part = next((p for p in parts if p.top - 1 <= yc <= p.bottom + 1), None)
        if part is None:
            continue
        filled = set()
        for p in row.pieces:
            c0, c1 = spanned(p, cols)
            filled.update(range(c0, c1 + 1))
        own = sorted(part.edges)
        for a, b in zip(own, own[1:]):  # lattice columns a..b-1 form one part column
            if b - a > 1 and len(filled & set(range(a, b))) <= 1:
                out.append((r, a, b - 1))
    return out


def with_ruled(page, words: list[Word], page_no: int, ruled_grids: list[Grid]) -> list[Grid]:
    """pages.py entry point for every text page: the lattice grids plus the
    unruled tables around them (see `merge_with_ruled`); with no lattice grid
    it is `find_grids`."""
    if not ruled_grids:
        return find_grids(page, words, page_no)
    return merge_with_ruled(ruled_grids, words, page_rules(page), page_no)


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


def looks_like_table(grid: Grid, min_rows: int = 3) -> bool:
    """Two or more columns and `min_rows` rows with two or more filled cells
    (not a signature line or a stray two-column note), or a header row."""
    full = sum(1 for row in grid.matrix() if sum(1 for t in row if t) >= 2)
    if grid.n_cols < 2:
        return False
    header = any(sum(1 for c in grid.row(r) if c.text and HEADER_CELL.search(c.text)) >= 3
                 for r in range(min(grid.n_rows, 3)))
    return full >= min_rows or (header and full >= 2)


def _holds(bbox, x: float, y: float, pad: float = 1.0) -> bool:
    return bbox[0] - pad <= x <= bbox[2] + pad and bbox[1] - pad <= y <= bbox[3] + pad


def _overlaps(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _touches(a, b, gap: float = 6.0) -> bool:
    """b overlaps a, or starts right below it (the rows under a ruled header band)."""
    x = min(a[2], b[2]) > max(a[0], b[0])
    return x and (_overlaps(a, b) or 0 <= b[1] - a[3] <= gap)
