"""The one cell-grid type every source fills and every reader consumes.

Sources (ruled text PDFs, borderless layouts, OCR'd scans) produce `Word`s and
cell rectangles; `build_grid` turns them into a `Grid` of `Cell`s with row/col
spans.  Readers only ever see `Grid`, never pdfplumber or OCR objects.
Coordinates are PDF points, origin top-left (pdfplumber's `top`/`bottom`).
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from budgetpdf.extract.geometry import cluster, line_groups, median_height
from budgetpdf.normalize.text import clean, join_lines

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom
_HANGING = set("、，。；：！？）」』》〉”’,.;:!?)%％")


@dataclass(frozen=True)
class Word:
    """A piece of text with its box: a pdfplumber char or word, or an OCR box."""
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float | None = None  # OCR score in [0, 1]; None for a text layer

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def anchor_x(self) -> float:
        """x that decides the word's column: punctuation may hang past a cell's
        right edge (kinsoku wrapping), so it counts from its left edge."""
        if len(self.text) == 1 and self.text in _HANGING:
            return self.x0 + 1.0
        return self.xc

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


def join_spaced(stream: list[Word], most: int = 2) -> list[Word]:
    """The visible characters of a text stream (in the order the page draws
    them), a character followed by one or two space characters and then by the
    next character of the same line, the spaces filling the gap between them,
    reaching over the spaces: a label spaced by hand ("合　计", "项　目") is one
    text, whereas the gap between two cells holds no space character (cells are
    drawn apart, not spaced)."""
    out: list[Word] = []
    spaces: list[Word] = []
    for w in stream:
        if not w.text.strip():
            spaces.append(w)
            continue
        if out and 1 <= len(spaces) <= most and _filled(out[-1], spaces, w):
            a = out[-1]
            out[-1] = Word(a.text, a.x0, a.top, w.x0, a.bottom, a.conf)
        out.append(w)
        spaces = []
    return out


def _filled(a: Word, spaces: list[Word], b: Word, tol: float = 1.0) -> bool:
    h = max(a.bottom - a.top, 1.0)
    chain = [a] + spaces + [b]
    return abs(a.top - b.top) <= 0.3 * h and b.x0 - a.x1 <= 2.5 * h and \
        all(abs(q.x0 - p.x1) <= tol for p, q in zip(chain, chain[1:]))


def dedupe(words: list[Word], tol: float = 1.0) -> list[Word]:
    """The words without repeats: a character drawn again where it already is
    (within `tol` points) is one character.  Some producers print bold by
    drawing each glyph twice, slightly offset (pdfplumber's dedupe_chars
    exists for the same PDFs); their text layer says "项项目目"."""
    seen: dict[tuple, list[Word]] = {}
    out = []
    for w in words:
        gx, gy = round(w.x0 / tol), round(w.top / tol)
        near = (v for dx in (-1, 0, 1) for dy in (-1, 0, 1) for v in seen.get((w.text, gx + dx, gy + dy), ()))
        if any(abs(v.x0 - w.x0) <= tol and abs(v.top - w.top) <= tol for v in near):
            continue
        seen.setdefault((w.text, gx, gy), []).append(w)
        out.append(w)
    return out


@dataclass
class TextLine:
    """A line of text outside every grid (titles, 单位：万元, prose)."""
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0  # median glyph height: headings are taller than body text


@dataclass
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    page: int = 1
    bbox: BBox = (0.0, 0.0, 0.0, 0.0)
    conf: float | None = None
    text_x0: float | None = None  # left edge of the text: indentation in outline tables
    text_top: float | None = None  # top of the text: which rows a merged cell's text sits in
    text_x1: float | None = None  # right edge of the text (with text_x0: where its column may end)

    @property
    def empty(self) -> bool:
        return not self.text


@dataclass
class Grid:
    """A table on one page: cells on a lattice of row and column edges."""
    cells: list[Cell]
    col_edges: list[float]
    row_edges: list[float]
    page: int
    strategy: str  # lattice | hrules | stream | ocr
    text_size: float = 0.0  # median glyph height of its text (tells headings from body text)
    line_pitch: float | None = None  # a borderless table's in-cell line pitch (carried to its next page)
    _index: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    self._index[(r, c)] = cell

    @property
    def n_rows(self) -> int:
        return max(len(self.row_edges) - 1, 0)

    @property
    def n_cols(self) -> int:
        return max(len(self.col_edges) - 1, 0)

    @property
    def bbox(self) -> BBox:
        return (self.col_edges[0], self.row_edges[0], self.col_edges[-1], self.row_edges[-1])

    def at(self, r: int, c: int) -> Cell | None:
        """The cell covering lattice position (r, c), spanned cells included."""
        return self._index.get((r, c))

    def row(self, r: int) -> list[Cell]:
        """Distinct cells crossing row r, left to right (a spanned cell once)."""
        seen, out = set(), []
        for c in range(self.n_cols):
            cell = self._index.get((r, c))
            if cell is not None and id(cell) not in seen:
                seen.add(id(cell))
                out.append(cell)
        return out

    def matrix(self) -> list[list[str | None]]:
        """Text matrix like pdfplumber's extract(): None where a span covers."""
        rows = []
        for r in range(self.n_rows):
            line = []
            for c in range(self.n_cols):
                cell = self._index.get((r, c))
                line.append(None if cell is None or (cell.row, cell.col) != (r, c) else cell.text)
            rows.append(line)
        return rows


def _index_of(edges: list[float], v: float) -> int:
    """Index of the edge nearest to v."""
    i = bisect_right(edges, v)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - v < v - edges[i - 1] else i - 1


def words_to_text(words: list[Word]) -> str:
    """Reading order inside one cell: lines top to bottom, words left to right."""
    if not words:
        return ""
    lines = line_groups(words, 0.5, height=max(median_height(words), 2.0))
    texts = []
    for line in lines:
        parts = [line[0].text]
        for prev, w in zip(line, line[1:]):
            gap = w.x0 - prev.x1
            if gap > 0.6 * max(w.bottom - w.top, 1.0):
                parts.append(" ")
            parts.append(w.text)
        texts.append("".join(parts))
    return join_lines(texts)


def _close_holes(owner: dict, kept: list, xs: list[float], ys: list[float]) -> None:
    """Lattice positions no rectangle covers, joined down each column into one cell.

    A merged cell cut by a page break has no closing rule, so no rectangle:
    its label still has to land in a cell spanning the rows it covered.
    """
    for c in range(len(xs) - 1):
        r = 0
        while r < len(ys) - 1:
            if (r, c) in owner:
                r += 1
                continue
            r0 = r
            while r < len(ys) - 1 and (r, c) not in owner:
                owner[(r, c)] = len(kept)
                r += 1
            kept.append((r0, c, r - r0, 1, (xs[c], ys[r0], xs[c + 1], ys[r])))


def build_grid(boxes: list[BBox], words: list[Word], page: int, strategy: str,
               tol: float = 2.0) -> Grid | None:
    """Cells from rectangles; each word goes to the box holding its centre.

    Lattice positions no box covers are joined down their column into cells
    (see _close_holes), so every (r, c) of the grid has a cell.
    """
    if not boxes:
        return None
    xs = cluster([b[0] for b in boxes] + [b[2] for b in boxes], tol)
    ys = cluster([b[1] for b in boxes] + [b[3] for b in boxes], tol)
    if len(xs) < 2 or len(ys) < 2:
        return None
    spans = []
    for b in boxes:
        c0, c1 = _index_of(xs, b[0]), _index_of(xs, b[2])
        r0, r1 = _index_of(ys, b[1]), _index_of(ys, b[3])
        if c1 > c0 and r1 > r0:
            spans.append((r0, c0, r1 - r0, c1 - c0, b))
    # smaller boxes first so a nested box wins over its container
    spans.sort(key=lambda s: s[2] * s[3])
    owner: dict[tuple[int, int], int] = {}
    kept = []
    for r0, c0, rs, cs, b in spans:
        pos = [(r, c) for r in range(r0, r0 + rs) for c in range(c0, c0 + cs)]
        if any(p in owner for p in pos):
            continue
        for p in pos:
            owner[p] = len(kept)
        kept.append((r0, c0, rs, cs, b))
    _close_holes(owner, kept, xs, ys)
    bucket: dict[int, list[Word]] = {}
    for w in words:
        c, r = bisect_right(xs, w.anchor_x) - 1, bisect_right(ys, w.yc) - 1
        k = owner.get((r, c))
        if k is not None:
            bucket.setdefault(k, []).append(w)
    cells = []
    for k, (r0, c0, rs, cs, b) in enumerate(kept):
        ws = bucket.get(k, [])
        confs = [w.conf for w in ws if w.conf is not None]
        cells.append(Cell(clean(words_to_text(ws)), r0, c0, rs, cs, page,
                          (xs[c0], ys[r0], xs[c0 + cs], ys[r0 + rs]),
                          sum(confs) / len(confs) if confs else None,
                          min((w.x0 for w in ws), default=None),
                          min((w.top for w in ws), default=None),
                          max((w.x1 for w in ws), default=None)))
    return Grid(cells, xs, ys, page, strategy, median_height(words))


def loose_lines(words: list[Word], grids: list[Grid]) -> list[TextLine]:
    """Words outside every grid as text lines (titles, 单位：万元, prose), each
    with its glyph height so headings can be told from body text."""
    def inside(w: Word) -> bool:  # as build_grid places a word: a word no cell took is a line
        return any(g.col_edges[0] <= w.anchor_x < g.col_edges[-1] and g.row_edges[0] <= w.yc < g.row_edges[-1]
                   for g in grids if g.col_edges and g.row_edges)
    out = []
    for group in line_groups([w for w in words if not inside(w)], 0.5):
        text = clean(words_to_text(group))
        if text:
            out.append(TextLine(text, min(w.x0 for w in group), min(w.top for w in group),
                                max(w.x1 for w in group), max(w.bottom for w in group),
                                median_height(group)))
    return out
