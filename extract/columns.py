"""Borderless stage 2 — column edges: a region's lines (stage 1) to the
x-positions of the table's column edges.

The lattice of a table is the union of every row's cell boundaries, so an edge
needs the support of the lines that have whitespace between two of their
pieces there, not the agreement of every line: a goal text spanning four
columns crosses edges that the indicator rows below it define.  An edge sits
where most lines with a gap there agree and few lines have text; two pieces of
one line always end up in different columns.  Vertical whitespace no text
crosses (or only a merged cell, where a column of aligned text starts) is an
edge, and where the page's rules are cut into segments (a border drawn cell
by cell) the joints are edges too.  A continuation page may take the previous
page's edges (extract.template).  Nothing here knows a coordinate or a header
word in advance.
"""
from __future__ import annotations

from math import ceil
from statistics import median

from budgetpdf.extract.geometry import (cluster_groups, coverage as _coverage, low_runs, middle_of_widest,
                                        widest_run)
from budgetpdf.extract.lines import Line, Piece, glyph, piece, wide

MIN_SUPPORT = 2  # lines that must leave a gap at an edge (others: see `_split_joined`)


def coverage(lines: list[Line], lo: float, hi: float) -> list[float]:
    """For each 1-pt bin in [lo, hi), how many lines have text over it."""
    return _coverage(([(p.x0, p.x1) for p in ln.pieces] for ln in lines), lo, hi)


def column_edges(lines: list[Line], joints: list[float] = ()) -> list[float]:
    """Column edges of a region, outer bounds included, left to right.

    Every gap between two pieces of a line needs an edge inside it.  Edges are
    chosen greedily: rule joints first, then, while some x lies in the
    uncovered gaps of two or more lines, the x most such gaps share (and
    fewest lines cross); a gap left over gets an edge of its own
    (`_split_joined`).  A gap holding an edge already supports no other, so
    two lines whose wide gaps happen to overlap in an empty area do not make
    an edge there."""
    pieces = [p for ln in lines for p in ln.pieces]
    if not pieces:
        return []
    h = median(p.height for p in pieces)
    lo, hi = min(p.x0 for p in pieces) - 2.0, max(p.x1 for p in pieces) + 2.0
    text = coverage(lines, lo, hi)
    gaps = [(a.x1, b.x0) for ln in lines for a, b in zip(ln.pieces, ln.pieces[1:])]
    support = _coverage(([g] for g in gaps), lo, hi)
    limit = 0.3 * len(lines)
    edges = [j for j in joints if lo < j < hi and _at(text, j - lo) <= max(_at(support, j - lo), limit)]
    edges += [(a + b) / 2 for a, b in _channels(text, lo, 0.3 * h)
              if not any(a - 1 <= e <= b + 1 for e in edges)]
    edges += [(a + b) / 2 for a, b in _aligned_channels(lines, text, lo, 0.3 * h)
              if not any(a - 1 <= e <= b + 1 for e in edges)]
    while True:
        open_gaps = [g for g in gaps if not any(g[0] < e < g[1] for e in edges)]
        free = _coverage(([g] for g in open_gaps), lo, hi)
        best = _best(text, free, lo)
        if best is None:
            break
        edges.append(best)
    # (within a channel found on some rows, the stretch fewest lines of the whole region cross)
    edges += [sum(_clearest(text, int(a - lo), max(int(b - lo), int(a - lo) + 1), lo)) / 2
              for a, b in _local_channels(lines, lo, hi, 0.3 * h)
              if not any(a - 1 <= e <= b + 1 for e in edges)]
    edges = _merge(sorted(edges), 0.5 * h, text, support, lo)
    edges = _stack_edges(lines, edges, text, lo, h)
    edges = _split_joined(lines, edges, text, support, lo)
    return [lo] + _one_per_gap(edges, set(joints), text, lo, pieces) + [hi]


def _one_per_gap(edges: list[float], joints: set[float], text: list[float], lo: float,
                 pieces: list[Piece]) -> list[float]:
    """Edges with no text between them but one that crosses one of them (a group
    header over the columns on one side) are one edge (found twice in one gap):
    the rule joint among them if any, else the one fewer lines cross; two
    joints stay (an empty column the rules show)."""
    out: list[float] = []
    for e in edges:
        if out:
            a, b = int(out[-1] - lo), int(e - lo)
            clear = max(text[max(a, 0):b + 1] or [0]) == 0
            ends = sum((out[-1] + 0.5 < p.x0 < e - 0.5) + (out[-1] + 0.5 < p.x1 < e - 0.5) for p in pieces)
            alone = clear or (ends <= 1 and not any(p.x0 > out[-1] - 0.5 and p.x1 < e + 0.5 for p in pieces))
            if alone and not (out[-1] in joints and e in joints):
                if e in joints or (out[-1] not in joints and not clear and _at(text, b) < _at(text, a)):
                    out[-1] = e
                continue
        out.append(e)
    return out


def _channels(text: list[float], lo: float, width: float) -> list[tuple[float, float]]:
    """The vertical whitespace runs no line's text crosses (between the first
    and last text of the region), at least `width` wide."""
    n = len(text)
    return [(lo + i, lo + j) for i, j in low_runs(text, 0, max(1, ceil(width))) if i > 0 and j < n - 1]


def _aligned_channels(lines: list[Line], text: list[float], lo: float,
                      width: float) -> list[tuple[float, float]]:
    """Vertical whitespace runs that a line or two cross (a merged cell over
    two columns) and that three or more pieces start right after (a column of
    left-aligned text) or end right before (right-aligned numbers)."""
    pieces = [p for ln in lines for p in ln.pieces]
    starts, ends = [p.x0 for p in pieces], [p.x1 for p in pieces]
    # A few lines may cross (a merged cell); so may more lines over half the
    # table wide (goals and conclusions across the columns) where nothing narrower does.
    span = len(text)
    narrow = _coverage(([(p.x0, p.x1) for p in ln.pieces if p.x1 - p.x0 < 0.5 * span]
                        for ln in lines), lo, lo + span)
    runs = low_runs(text, max(1.0, 0.05 * len(lines)), max(1, ceil(width)))
    runs += [(i, j) for i, j in low_runs(narrow, 0, max(1, ceil(width)))
             if max(text[i:j]) <= 0.3 * len(lines) and not any(i < y and x < j for x, y in runs)]
    out = []
    for i, j in runs:
        a, b = lo + i, lo + j
        inside = any(x <= a + 1 for x in ends) and any(x >= b - 1 for x in starts)
        if inside and (_aligned_at(pieces, b, "x0", "x1") or _aligned_at(pieces, a, "x1", "x0")):
            out.append(_clearest(text, i, j, lo))
    return out


def _local_channels(lines: list[Line], lo: float, hi: float, width: float) -> list[tuple[float, float]]:
    """Whitespace left of a column of left-aligned texts (three or more of two
    or more widths starting at one x, or the lines of one wrapped text) that no
    line crosses over the rows those texts occupy (a header block above may
    cross it: its cells are merged): columns whose lines never share a baseline
    with their neighbour's.  Right of a wrapped text likewise: its first line
    filled the column, so what starts further right is the next column's."""
    pieces = [p for ln in lines for p in ln.pieces]
    out = []
    for x in sorted({round(p.x0) for p in pieces}):
        centred = _centred_from(pieces, x)
        if not (_aligned_at(pieces, x, "x0", "x1") or _wrapped_at(pieces, x) or _repeated_at(pieces, x)
                or centred):
            continue
        at = centred or [p for p in pieces if abs(p.x0 - x) <= 1.5]
        top, bottom = min(p.top for p in at), max(p.bottom for p in at)
        band = [ln for ln in lines if top <= (ln.top + ln.bottom) / 2 <= bottom]
        cov = coverage(band, lo, hi)
        k = int(min(p.x0 for p in at) - lo) - 1
        if k <= 0 or cov[k] > 0:
            continue
        j = k
        while j > 0 and cov[j - 1] == 0:
            j -= 1
        if j > 0 and k + 1 - j >= width:  # (text on its left within the band: a column there)
            out.append((lo + j, lo + k + 1))
        if _wrapped_at(pieces, x):  # and right of a wrapped text, up to the next column's text
            r = int(max(p.x1 for p in at) - lo) + 1
            e = r
            while e < len(cov) and cov[e] == 0:
                e += 1
            mid = lo + (r + e) / 2  # (a text below crossing it: the wrapped text was a merged cell's)
            if e < len(cov) and e - r >= width and not any(p.top > bottom and p.x0 < mid < p.x1 for p in pieces):
                out.append((lo + r, lo + e))
    merged: list[tuple[float, float]] = []  # channels that overlap are one gap: what they share
    for a, b in sorted(out):
        if merged and a < merged[-1][1]:
            merged[-1] = (max(a, merged[-1][0]), min(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _centred_from(pieces: list[Piece], x: float) -> list[Piece]:
    """A column of centred texts whose widest starts at x: three or more texts
    of two or more widths sharing one middle (数量指标 … 可持续影响指标 …
    满意度指标), none starting left of x; [] when there is none."""
    for p in pieces:
        if abs(p.x0 - x) <= 1.5:
            column = [q for q in pieces if abs(q.xc - p.xc) <= 1.5]
            if len(column) >= 3 and len({round(q.x1 - q.x0) for q in column}) >= 2 and \
                    min(q.x0 for q in column) >= x - 1.5:
                return column
    return []


def _aligned_at(pieces: list[Piece], x: float, side: str, other: str) -> bool:
    """Three or more pieces whose `side` (x0: left-aligned, x1: right-aligned)
    is at x, of two or more widths: the same short text repeated ("0", "/")
    aligns on both sides and says nothing of its column's alignment."""
    at = [p for p in pieces if abs(getattr(p, side) - x) <= 1.5]
    return len(at) >= 3 and len({round(getattr(p, other)) for p in at}) >= 2


def _repeated_at(pieces: list[Piece], x: float) -> bool:
    """Two or more short texts of one width starting at x, apart from each
    other with nothing else over them in between (定量 / 定性 down a column,
    数量目标 / 质量目标 beside the 产出目标 they divide): a column, whatever its
    alignment, its left side clear however the name beside it wraps."""
    at = sorted((p for p in pieces if abs(p.x0 - x) <= 1.5), key=lambda p: p.top)
    if len(at) < 2 or len({round(p.x1) for p in at}) != 1 or not all(wide(p.text) for p in at):
        return False
    if len(at) == 2 and len(at[0].text) > 4:  # (two longer texts alike: a repeated name or two headers)
        return False
    x0, x1 = at[0].x0, at[0].x1
    # (a line within the column's width is its own: "经济效益" / "指标" centred)
    between = [p for p in pieces if p not in at and p.x0 < x1 and p.x1 > x0 and at[0].top < p.top < at[-1].top
               and not (x0 - 1.5 <= p.x0 and p.x1 <= x1 + 1.5)]
    return not between and all(b.top - a.bottom > 0.8 * a.height for a, b in zip(at, at[1:]))


def _wrapped_at(pieces: list[Piece], x: float) -> bool:
    """Two or more pieces of two widths starting at x, each right under the one
    above: a left-aligned text wrapped in its cell."""
    at = sorted((p for p in pieces if abs(p.x0 - x) <= 1.5), key=lambda p: p.top)
    if len(at) < 2 or len({round(p.x1) for p in at}) < 2:
        return False
    return all(b.top - a.bottom <= 0.8 * a.height for a, b in zip(at, at[1:]))


def _clearest(text: list[float], i: int, j: int, lo: float) -> tuple[float, float]:
    """The part of the run [i, j) that fewest lines cross (the widest such part)."""
    low = min(text[i:j])
    first, last = widest_run([k for k in range(i, j) if text[k] == low])
    return lo + first, lo + last + 1


def _best(text: list[float], free: list[float], lo: float) -> float | None:
    """The x in most open gaps (at least MIN_SUPPORT; or nearly as many, where
    fewer lines cross), fewest lines crossing it (no more than twice its
    support), the middle of the widest such plateau."""
    cands = [k for k, v in enumerate(free) if v >= MIN_SUPPORT and text[k] <= 2 * v]
    if not cands:
        return None
    top = max(free[k] for k in cands)  # among places nearly as well supported, the one
    cands = [k for k in cands if free[k] >= 0.8 * top]  # fewest lines cross: a gap left
    key = max((-text[k], free[k]) for k in cands)  # out gets its own edge (`_split_joined`)
    return lo + middle_of_widest([k for k in cands if (-text[k], free[k]) == key]) + 0.5


def _merge(xs: list[float], tol: float, text, gaps, lo: float) -> list[float]:
    """Edges closer than `tol` are one: the better supported."""
    out = []
    for group in cluster_groups(xs, tol):
        out.append(max(group, key=lambda x: (-_at(text, x - lo), _at(gaps, x - lo))))
    return out


def _at(values, i: float) -> float:
    k = min(max(int(i), 0), len(values) - 1)
    return values[k]


def stacks(lines: list[Line], h: float) -> list[list[Piece]]:
    """Labels printed one character per line: three or more single characters
    one under the other (centres within 0.3 × the glyph height), each within
    1.6 glyph heights of the one above."""
    singles = sorted((p for ln in lines for p in ln.pieces if glyph(p) is not None), key=lambda p: p.top)
    chains: list[list[Piece]] = []
    for p in singles:
        for ch in chains:
            q = ch[-1]
            if abs(p.xc - q.xc) <= 0.3 * h and 0.5 * h <= p.yc - q.yc <= 1.6 * h:
                ch.append(p)
                break
        else:
            chains.append([p])
    return [ch for ch in chains if len(ch) >= 3]


def _stack_edges(lines: list[Line], edges: list[float], text, lo: float, h: float) -> list[float]:
    """A label printed one character per line is a narrow column of its own:
    where other lines have text between it and the next edge (the labels of
    the next column, under a header block whose wider cells cross the gap),
    an edge goes between them, where fewest of the lines beside the label
    have text (no more than 30% of them)."""
    edges = sorted(edges)
    everywhere = [p for ln in lines for p in ln.pieces]
    for st in stacks(lines, h):
        x0, x1 = min(p.x0 for p in st), max(p.x1 for p in st)
        beside = [ln for ln in lines if ln.bottom > st[0].top - h and ln.top < st[-1].bottom + h]
        for side in (1, -1):
            # the texts on the label's own lines first (a header block above, its
            # labels merged over this column and the next, starts nearer)
            pieces = _nearest_side([p for ln in beside for p in ln.pieces], x0, x1, edges, side) or \
                _nearest_side(everywhere, x0, x1, edges, side)
            # (the nearest texts, not one stray line of a block above)
            span = ((x1, sorted(pieces)[len(pieces) // 4]) if side == 1 else
                    (sorted(pieces)[-1 - len(pieces) // 4], x0)) if pieces else None
            if span is None or span[1] - span[0] < 0.3 * h:
                continue
            i, j = int(span[0] - lo) + 1, int(span[1] - lo)
            if j <= i:
                continue
            # the lines beside the label say where its column ends (a key/value
            # block above it may cross the gap)
            near = coverage(beside, lo, lo + len(text))
            low = min(near[i:j])
            if low > 0.3 * len(beside):
                continue
            ks = [k for k in range(i, j) if near[k] == low]
            edges.append(lo + middle_of_widest(ks) + 0.5)
            edges.sort()
    return edges


def _nearest_side(pieces: list[Piece], x0: float, x1: float, edges: list[float], side: int) -> list[float]:
    """Where the texts between a stacked label (x0–x1) and the next edge on
    `side` (1: right, -1: left) begin, seen from the label."""
    if side == 1:
        bound = min((e for e in edges if e > x1), default=None)
        return [p.x0 for p in pieces if bound is not None and p.x0 >= x1 and p.x1 <= bound]
    bound = max((e for e in edges if e < x0), default=None)
    return [p.x1 for p in pieces if bound is not None and p.x1 <= x0 and p.x0 >= bound]


def _split_joined(lines: list[Line], edges: list[float], text, gaps, lo: float) -> list[float]:
    """Two pieces of one line are two cells: where no edge lies between them, one
    is added in their gap, where fewest other lines have text."""
    edges = sorted(edges)
    for ln in lines:
        for a, b in zip(ln.pieces, ln.pieces[1:]):
            if any(a.x1 - 0.5 < e < b.x0 + 0.5 for e in edges):
                continue
            i, j = int(a.x1 - lo) + 1, int(b.x0 - lo)
            if j <= i:
                edges.append((a.x1 + b.x0) / 2)
                edges.sort()
                continue
            edges += _best_any(text, gaps, i, j, lo)
            edges.sort()
    return edges


def _best_any(text, gaps, i: int, j: int, lo: float) -> list[float]:
    key = [(-text[k], gaps[k]) for k in range(i, j)]
    top = max(key)
    ks = [k for k in range(i, j) if key[k - i] == top]
    return [lo + (ks[0] + ks[-1] + 1) / 2]


def spanned(piece: Piece, edges: list[float]) -> tuple[int, int]:
    """First and last column a piece covers (its centre decides when it fits one)."""
    inner = [c for c in range(len(edges) - 1)
             if piece.x0 < edges[c + 1] - 1 and piece.x1 > edges[c] + 1]
    if not inner:
        xc = (piece.x0 + piece.x1) / 2
        inner = [max(0, min(len(edges) - 2, sum(1 for e in edges if e <= xc) - 1))]
    return inner[0], inner[-1]


def split_at_edges(pieces: list[Piece], edges: list[float], h: float, tol: float = 0.0) -> list[Piece]:
    """A piece column edges cross through gaps between its glyphs, each wider
    by a quarter glyph than its other gaps, into parts that each fit one
    column, is that many cells' text: labels of neighbouring narrow columns
    set closer than a piece's gap ("绩" | "效益") were joined by line grouping.
    (Text over several columns, an option list "1、…□ 2、…□" or a title, keeps
    its word spaces.)  `tol`: how far beside a gap an edge may lie (edges
    carried from another page)."""
    out = []
    for p in pieces:
        ws = sorted(p.words, key=lambda w: w.x0)
        gaps = [b.x0 - a.x1 for a, b in zip(ws, ws[1:])]
        cuts = []
        for k, g in enumerate(gaps):
            usual = sorted(gaps[:k] + gaps[k + 1:])
            typical = max(usual[len(usual) // 2], 0.0) if usual else 0.0
            if g - typical >= 0.25 * h and any(ws[k].x1 - tol < e < ws[k + 1].x0 + tol for e in edges[1:-1]):
                cuts.append(k + 1)
        parts = [piece(ws[i:j]) for i, j in zip([0] + cuts, cuts + [len(ws)])]
        one_each = all(len(set(spanned(q, edges))) == 1 for q in parts)
        out += parts if cuts and one_each else [p]
    return out
