"""Rows of a table without full ruling, and rowspans of merged labels.

Lines of one column closer than `TIGHT` x char height are one cell (a wrapped
text).  The column holding most cells seeds the rows; every other cell joins
the row it overlaps in y, or makes a row of its own -- unless it floats in the
gap between two rows (a label centred on a two-row block): then it joins the
nearer row.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

import regex

from extract.columns import Piece, spanned

TIGHT = 0.75        # within-cell line gap, in char heights
FLOAT = 0.6         # a block closer than this x the usual row gap to a row floats
NUMERIC = regex.compile(r"^[\d\s,.%％≥≤<>＞＜=+\-()（）]*$")


@dataclass
class Row:
    top: float
    bottom: float
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class Block:
    col: int
    pieces: list[Piece]

    @property
    def top(self) -> float:
        return min(p.top for p in self.pieces)

    @property
    def bottom(self) -> float:
        return max(p.bottom for p in self.pieces)


def rules_between(rules, y0: float, y1: float) -> list:
    return [r for r in rules if y0 - 0.5 < r.y < y1 + 0.5]


def rule_between(rules, y0: float, y1: float):
    """The widest rule in the gap (y0, y1), or None."""
    found = rules_between(rules, y0, y1)
    return max(found, key=lambda r: r.x1 - r.x0) if found else None


def covers(rules, y0: float, y1: float, x: float) -> bool:
    return any(r.x0 - 1 <= x <= r.x1 + 1 for r in rules_between(rules, y0, y1))


def blocks(pieces: list[Piece], cols: list[float], rules, h: float) -> list[Block]:
    """Per column, runs of lines spaced tighter than between rows and not split by a rule."""
    by_col: dict[int, list[Piece]] = {}
    for p in sorted(pieces, key=lambda p: (p.top, p.x0)):
        by_col.setdefault(spanned(p, cols)[0], []).append(p)
    out = []
    for c, ps in by_col.items():
        cur: Block | None = None
        for p in ps:
            xc = (p.x0 + p.x1) / 2
            if cur and p.top - cur.bottom <= TIGHT * h and not covers(rules, cur.bottom, p.top, xc):
                cur.pieces.append(p)
            else:
                cur = Block(c, [p])
                out.append(cur)
    return out


def build_rows(pieces: list[Piece], cols: list[float], rules, h: float) -> list[Row]:
    """Rows seeded by the column with most cells; other columns' cells join the
    row they overlap, the nearer row when they float in a gap, or make a row."""
    bl = blocks(pieces, cols, rules, h)
    count: dict[int, int] = {}
    for b in bl:
        count[b.col] = count.get(b.col, 0) + 1
    seed = max(count, key=lambda c: (count[c], c))
    rows = [Row(b.top, b.bottom, list(b.pieces))
            for b in sorted((b for b in bl if b.col == seed), key=lambda b: b.top)]
    gaps = [b.top - a.bottom for a, b in zip(rows, rows[1:])]
    usual = median(gaps) if gaps else h
    rest = [b for b in bl if b.col != seed]
    rest.sort(key=lambda b: (-count[b.col], b.col, b.top))
    for b in rest:
        _place(rows, b, rules, usual)
    return rows


def _place(rows: list[Row], b: Block, rules, usual: float) -> None:
    """Put a sparse block in the row it overlaps most, the nearer row when it
    floats in a gap, or a new row of its own."""
    best = max(rows, key=lambda r: min(r.bottom, b.bottom) - max(r.top, b.top))
    # touching is not overlapping: a label centred on two rows touches both
    if min(best.bottom, b.bottom) - max(best.top, b.top) > 0.3 * min(p.height for p in b.pieces):
        best.pieces += b.pieces
        best.top, best.bottom = min(best.top, b.top), max(best.bottom, b.bottom)
        return
    i = sum(1 for r in rows if r.bottom <= b.top)
    above = rows[i - 1] if i > 0 else None
    below = rows[i] if i < len(rows) else None
    options, xc = [], (b.pieces[0].x0 + b.pieces[0].x1) / 2
    if above and not covers(rules, above.bottom, b.top, xc):
        options.append((b.top - above.bottom, above))
    if below and not covers(rules, b.bottom, below.top, xc):
        options.append((below.top - b.bottom, below))
    floating = (above is not None and below is not None
                and max(b.top - above.bottom, below.top - b.bottom) < FLOAT * usual * 2
                and min(b.top - above.bottom, below.top - b.bottom) < FLOAT * usual)
    if options and floating:
        min(options, key=lambda o: o[0])[1].pieces += b.pieces
    else:
        rows.insert(i, Row(b.top, b.bottom, list(b.pieces)))


def label_spans(rows: list[Row], cols: list[float], ys: list[float], rules) -> list[tuple[int, int, int]]:
    """(col, first_row, last_row) for labels printed once, centred on a block.

    Per column the blocks are taken to tile: each label's block starts where
    the previous one ended and is the run of rows it sits in the middle of.
    A column where more labels sit on the first free row with empty rows
    under them than sit centred is top-aligned: no spans (readers carry down).
    """
    n, m = len(rows), len(cols) - 1
    filled = [[False] * m for _ in range(n)]
    label: dict[tuple[int, int], float] = {}
    for r, row in enumerate(rows):
        own: dict[int, list[Piece]] = {}
        for p in row.pieces:
            c0, c1 = spanned(p, cols)
            for c in range(c0, c1 + 1):
                filled[r][c] = True
            if c0 == c1:
                own.setdefault(c0, []).append(p)
        for c, ps in own.items():
            text = "".join(p.text for p in ps)
            if not NUMERIC.match(text) and len(text) <= 12:  # labels are short words
                label[(r, c)] = (min(p.top for p in ps) + max(p.bottom for p in ps)) / 2
    heights = [b - a for a, b in zip(ys, ys[1:])]
    tol = 0.3 * median(heights)
    out = []
    for c in range(m):
        if sum(filled[r][c] for r in range(n)) > 0.6 * n:
            continue  # a column of values, not of merged labels
        spans, top_votes, free = [], 0, 0
        xc = (cols[c] + cols[c + 1]) / 2
        for r in range(n):
            if not filled[r][c]:
                continue
            nxt = next((k for k in range(r + 1, n) if filled[k][c]), n)
            if (r, c) not in label:
                free = r + 1
                continue
            if r == free and nxt > r + 1:
                top_votes += 1
            best = None
            for b in range(r, nxt):
                if any(covers(rules, rows[k].bottom, rows[k + 1].top, xc) for k in range(free, b)):
                    break
                err = abs((ys[free] + ys[b + 1]) / 2 - label[(r, c)])
                if err <= tol and (best is None or err < best[0]):
                    best = (err, b)
            if best and best[1] > free:
                spans.append((c, free, best[1]))
                free = best[1] + 1
            else:
                free = r + 1
        if len(spans) >= top_votes:  # more centred labels than top-aligned ones
            out += spans
    return out
