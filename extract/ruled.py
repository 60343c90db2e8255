"""Lattice strategy: tables drawn with ruling lines (rects or lines) in a text PDF.

pdfplumber finds the cell rectangles from the page's ruling; `build_grid` turns
them into a Grid.  Only pdfplumber objects cross into this module.
"""
from __future__ import annotations

from budgetpdf.extract import orient
from budgetpdf.extract.geometry import union_length
from budgetpdf.extract.grid import Grid, Word, build_grid, dedupe, join_spaced

LATTICE = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}


def page_words(page) -> list[Word]:
    """Every visible character of the page as a Word (text layer only); space
    characters only join the characters around them (`grid.join_spaced`)."""
    stream = [Word(c["text"], c["x0"], c["top"], c["x1"], c["bottom"]) for c in page.chars
              if c["text"] and not (c.get("matrix") and orient.skewed(*c["matrix"][:2]))]
    return dedupe(join_spaced(stream))


def closing_edges(v_edges: list[dict], h_edges: list[dict], tol: float = 2.0) -> list[dict]:
    """Horizontal edges a table cut by a page break lacks.

    A table continued on the next page often has no rule where the page cut it:
    the vertical rules of several columns stop (or start) at one y with nothing
    across.  The cut is a cell boundary all the same; without it the merged
    cells the break cut (一级/二级 labels, a project's name) form no rectangle
    and their text is lost."""
    out = []
    for key, other in (("top", "bottom"), ("bottom", "top")):
        # where segments end on the other side, by (x, y) grid cell: a lookup, not a scan
        joins = {(round(f["x0"] / tol), round(f[other] / tol)) for f in v_edges}
        ends: dict[int, list[dict]] = {}
        for e in v_edges:
            gx, gy = round(e["x0"] / tol), round(e[key] / tol)
            if any((gx + dx, gy + dy) in joins for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
                continue  # the rule goes on in another segment: not an end
            ends.setdefault(gy, []).append(e)
        for group in ends.values():
            if len(group) < 2:
                continue
            y = sum(e[key] for e in group) / len(group)
            x0, x1 = min(e["x0"] for e in group), max(e["x0"] for e in group)
            covered = union_length([(max(h["x0"], x0), min(h["x1"], x1)) for h in h_edges
                                    if abs(h["top"] - y) <= tol and h["x1"] > x0 and h["x0"] < x1])
            if x1 - x0 > 10 and covered < 0.95 * (x1 - x0):
                out.append({"object_type": "line_edge", "orientation": "h", "x0": x0, "x1": x1,
                            "top": y, "bottom": y, "width": x1 - x0, "height": 0.0})
    return out


def find_grids(page, words: list[Word], page_no: int) -> list[Grid]:
    grids = []
    settings = dict(LATTICE, explicit_horizontal_lines=closing_edges(
        [e for e in page.vertical_edges if e["height"] >= 3], page.horizontal_edges))
    for table in page.find_tables(settings):
        grid = build_grid(list(table.cells), _inside(words, table.bbox), page_no, "lattice")
        if grid is not None and grid.n_rows >= 1 and grid.n_cols >= 2:
            grids.append(grid)
    grids.sort(key=lambda g: g.row_edges[0])
    return grids


def _inside(words: list[Word], bbox) -> list[Word]:
    x0, top, x1, bottom = bbox
    return [w for w in words if x0 <= w.anchor_x <= x1 and top <= w.yc <= bottom]
