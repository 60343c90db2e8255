"""Text geometry for tables without full ruling: pieces, lines, column edges.

A *piece* is a run of characters on one baseline with no wide gap inside; a
*line* is every piece sharing a baseline across the page.  Column edges come
from the x-positions no text crosses (header words count like any other text),
so nothing here knows a coordinate in advance.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

import regex

from budgetpdf.extract.geometry import line_groups
from budgetpdf.normalize.vocab import HEADER_WORD
from budgetpdf.extract.grid import Word


@dataclass
class Piece:
    words: list[Word]
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def text(self) -> str:
        return "".join(w.text for w in sorted(self.words, key=lambda w: w.x0))


class PieceSpan:
    """Vertical extent of anything made of pieces (a line, a merged label block)."""
    pieces: list[Piece]

    @property
    def top(self) -> float:
        return min(p.top for p in self.pieces)

    @property
    def bottom(self) -> float:
        return max(p.bottom for p in self.pieces)


@dataclass
class Line(PieceSpan):
    pieces: list[Piece] = field(default_factory=list)

    @property
    def height(self) -> float:
        return median(p.height for p in self.pieces)

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.pieces)


def _piece(words: list[Word]) -> Piece:
    return Piece(words, min(w.x0 for w in words), min(w.top for w in words),
                 max(w.x1 for w in words), max(w.bottom for w in words))


def text_lines(words: list[Word], gap: float = 0.8) -> list[Line]:
    """Baseline clusters split into pieces where the x-gap exceeds gap x char height."""
    lines = []
    for row in line_groups(words, 0.4):
        h = median(w.bottom - w.top for w in row)
        runs = [[row[0]]]
        for prev, w in zip(row, row[1:]):
            if w.x0 - max(x.x1 for x in runs[-1]) > gap * h:
                runs.append([w])
            else:
                runs[-1].append(w)
        lines.append(Line([_piece(r) for r in runs]))
    return lines


def coverage(lines: list[Line], lo: float, hi: float) -> list[int]:
    """For each 1-pt bin in [lo, hi), how many lines have text over it."""
    n = int(hi - lo) + 1
    cov = [0] * n
    for line in lines:
        hit = [False] * n
        for p in line.pieces:
            for i in range(max(int(p.x0 - lo) + 1, 0), min(int(p.x1 - lo), n)):
                hit[i] = True
        for i, h in enumerate(hit):
            cov[i] += h
    return cov


WIDE = 0.6  # a piece this wide a share of the table is a spanning paragraph


def column_edges(lines: list[Line], crossing: float = 0.15) -> list[float]:
    """Column edges: outer text bounds plus the middle of every gap of `column_gaps`."""
    pieces = [p for ln in lines for p in ln.pieces]
    if not pieces:
        return []
    lo, hi = min(p.x0 for p in pieces), max(p.x1 for p in pieces)
    return [lo - 2.0] + [(a + b) / 2 for a, b, _ in column_gaps(lines, crossing)] + [hi + 2.0]


def column_gaps(lines: list[Line], crossing: float = 0.15) -> list[tuple[float, float, bool]]:
    """x-intervals between columns, and whether no text at all crosses them.  A
    gap that a few spanning lines cross (at most `crossing` of the lines, e.g. a
    goal text over several columns) still counts when the coverage dips there
    from both sides."""
    pieces = [p for ln in lines for p in ln.pieces]
    if not pieces:
        return []
    lo, hi = min(p.x0 for p in pieces), max(p.x1 for p in pieces)
    # a paragraph across most of the table (a goal text) is a cell spanning
    # columns: it hides gaps and tells nothing about them
    narrow = [Line(kept) for ln in lines
              if (kept := [p for p in ln.pieces if p.x1 - p.x0 < WIDE * (hi - lo)])]
    if not narrow:
        return []
    lo = min(p.x0 for ln in narrow for p in ln.pieces)
    hi = max(p.x1 for ln in narrow for p in ln.pieces)
    cov = coverage(narrow, lo, hi)
    limit = max(1, int(crossing * len(narrow)))
    gaps = []
    i, n = 1, len(cov)
    while i < n - 1:
        if cov[i] > limit:
            i += 1
            continue
        j = i
        while j < n - 1 and cov[j] <= limit:
            j += 1
        gaps.extend((lo + a, lo + b, z) for a, b, z in _cuts(cov, i, j))
        i = j
    return gaps


def _cuts(cov: list[int], i: int, j: int) -> list[tuple[int, int, bool]]:
    """Gaps inside the low-coverage run cov[i:j]: every zero sub-run, else the minimum."""
    zeros, k = [], i
    while k < j:
        if cov[k] == 0:
            m = k
            while m < j and cov[m] == 0:
                m += 1
            zeros.append((k, m, True))
            k = m
        else:
            k += 1
    if zeros:
        return zeros
    if j - i < 2:
        return []
    low = min(cov[i:j])
    ks = [k for k in range(i, j) if cov[k] == low]
    # a dip only when both sides rise above it (not a ragged column end)
    left, right = max(cov[max(i - 3, 0):i] or [0]), max(cov[j:j + 3] or [0])
    if low * 2 > min(left, right):
        return []
    return [(ks[0], ks[-1] + 1, False)]


# a header cell ends with one of these words (a parenthesised unit may follow);
# wrapped text that merely contains one ("提高单位的工作效") is no header
HEADER = HEADER_WORD


def is_header(line: Line) -> bool:
    """A column-header line: three or more header words, most of its pieces."""
    hits = sum(1 for p in line.pieces
               if HEADER.search(p.text) and len(regex.sub(r"[(（].*$", "", p.text)) <= 10)
    return hits >= 3 and hits * 2 >= len(line.pieces)


def section_edges(lines: list[Line], tol: float = 12.0) -> list[float]:
    return section_layout(lines, tol)[0]


@dataclass
class Part:
    """Lines between header lines, and which of the table's edges are its own."""
    top: float
    bottom: float
    edges: set[int]


def section_layout(lines: list[Line], tol: float = 12.0) -> tuple[list[float], list[Part]]:
    """Column edges of a table whose parts differ (key/value rows above an
    indicator header): each part between header lines finds its own gaps
    (text of another part spanning them does not hide them).  A gap of one
    part and an overlapping gap of another are one edge, in the x-range both
    leave free (gaps no text crosses win over dips, which may be ragged
    text); gaps that do not overlap but lie within `tol` are one edge too."""
    starts = [0]
    for k, ln in enumerate(lines):
        if k - starts[-1] >= 3 and is_header(ln):
            starts.append(k)
    parts = [lines[a:b] for a, b in zip(starts, starts[1:] + [len(lines)])]
    if len(parts[-1]) < 3 and len(parts) > 1:
        parts[-2:] = [parts[-2] + parts[-1]]
    found = sorted((*g, i) for i, part in enumerate(parts) for g in column_gaps(part))
    groups: list[list] = []  # [gaps, lo, hi, parts]
    for a, b, zero, i in found:
        last = groups[-1] if groups else None
        if last and (a < last[2] or (a + b) / 2 - _edge(last[0]) <= tol):
            last[0].append((a, b, zero))
            last[1], last[2] = max(last[1], a), min(last[2], b)
            last[3].add(i)
        else:
            groups.append([[(a, b, zero)], a, b, {i}])
    whole = column_edges(lines)
    edges = [whole[0]] + [_edge(g[0]) for g in groups] + [whole[-1]]
    own = [Part(part[0].top, part[-1].bottom,
                {0, len(edges) - 1} | {k + 1 for k, g in enumerate(groups) if i in g[3]})
           for i, part in enumerate(parts)]
    return edges, own


def _edge(gaps: list[tuple[float, float, bool]]) -> float:
    """One edge for gaps of several parts: the middle of the range they all
    leave free (of the clean gaps when there are any), else of their middles."""
    use = [g for g in gaps if g[2]] or gaps
    lo, hi = max(g[0] for g in use), min(g[1] for g in use)
    return (lo + hi) / 2 if lo < hi else sum(g[0] + g[1] for g in use) / (2 * len(use))


def spanned(piece: Piece, edges: list[float]) -> tuple[int, int]:
    """First and last column a piece covers (its centre decides when it fits one)."""
    inner = [c for c in range(len(edges) - 1)
             if piece.x0 < edges[c + 1] - 1 and piece.x1 > edges[c] + 1]
    if not inner:
        xc = (piece.x0 + piece.x1) / 2
        inner = [max(0, min(len(edges) - 2, sum(1 for e in edges if e <= xc) - 1))]
    return inner[0], inner[-1]


def fits(template: list[float], edges: list[float], lines: list[Line], tol: float = 4.0) -> bool:
    """Whether a previous table's columns continue here (a header-less
    continuation page whose empty columns leave no gap of their own)."""
    if len(template) <= len(edges):
        return False
    # the text lies within the template (its first columns may be empty here:
    # a label merged over the rows of both pages is printed on one page only)
    if edges[0] < template[0] - 3 * tol or edges[-1] > template[-1] + 3 * tol:
        return False
    lo = min(template[0], edges[0])
    cov = coverage(lines, lo, max(template[-1], edges[-1]))
    limit = max(1, int(0.15 * len(lines)))

    def low(a: float, b: float) -> bool:  # text crosses nothing between a and b
        i, j = sorted((int(a - lo), int(b - lo)))
        return max(cov[max(i, 0):min(j + 1, len(cov))] or [0]) <= limit
    # each edge found here is in the same gap as a template edge, and no
    # template edge is crossed by text
    return (all(any(low(e, t) for t in template[1:-1]) for e in edges[1:-1])
            and all(low(t, t) for t in template[1:-1]))
