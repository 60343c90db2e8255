"""Lattice strategy: tables drawn with ruling lines (rects or lines) in a text PDF.

pdfplumber finds the cell rectangles from the page's ruling; `build_grid` turns
them into a Grid.  Only pdfplumber objects cross into this module.
"""
from __future__ import annotations

from budgetpdf.extract.grid import Grid, Word, build_grid

LATTICE = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}


def page_words(page) -> list[Word]:
    """Every visible character of the page as a Word (text layer only)."""
    return [Word(c["text"], c["x0"], c["top"], c["x1"], c["bottom"])
            for c in page.chars if c["text"].strip()]


def find_grids(page, words: list[Word], page_no: int) -> list[Grid]:
    grids = []
    for table in page.find_tables(LATTICE):
        grid = build_grid(list(table.cells), _inside(words, table.bbox), page_no, "lattice")
        if grid is not None and grid.n_rows >= 1 and grid.n_cols >= 2:
            grids.append(grid)
    grids.sort(key=lambda g: g.row_edges[0])
    return grids


def _inside(words: list[Word], bbox) -> list[Word]:
    x0, top, x1, bottom = bbox
    return [w for w in words if x0 <= w.anchor_x <= x1 and top <= w.yc <= bottom]
