"""Rows of a table without full ruling, and rowspans of merged labels.

Aligned lines of one column closer than `TIGHT` x char height are one cell (a
wrapped text); a centred label under a left-aligned paragraph is not.  Each
section of the table (split at header lines) is seeded by its column with most
cells; every other cell joins the one row it overlaps, is a merged label over
the rows it overlaps or floats between, or makes a row of its own.  Labels
printed once for a block of rows get the rowspan that centres them; a finer
label's block never crosses a coarser one's or a section start.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

import regex

from budgetpdf.extract.columns import Piece, PieceSpan, spanned

TIGHT = 0.75        # within-cell line gap, in char heights
NUMERIC = regex.compile(r"^[\d\s,.%％≥≤<>＞＜=+\-()（）]*$")


@dataclass
class Row:
    top: float
    bottom: float
    pieces: list[Piece] = field(default_factory=list)
    spans: list["Block"] = field(default_factory=list)   # labels hanging past the row
    floats: list["Block"] = field(default_factory=list)  # labels centred on it and the next
    starts: bool = False  # first row of a section (a header row): blocks start here


@dataclass
class Block(PieceSpan):
    col: int
    pieces: list[Piece]


def rules_between(rules, y0: float, y1: float) -> list:
    return [r for r in rules if y0 - 0.5 < r.y < y1 + 0.5]


def rule_between(rules, y0: float, y1: float):
    """The widest rule in the gap (y0, y1), or None."""
    found = rules_between(rules, y0, y1)
    return max(found, key=lambda r: r.x1 - r.x0) if found else None


def covers(rules, y0: float, y1: float, x: float) -> bool:
    return any(r.x0 - 1 <= x <= r.x1 + 1 for r in rules_between(rules, y0, y1))


def aligned(a: Piece, b: Piece, h: float) -> bool:
    """Lines of one wrapped cell share a left edge, a right edge or a centre; a
    centred label under a left-aligned paragraph (2024年度目标) shares none."""
    tol = 0.8 * h
    return (abs(a.x0 - b.x0) <= tol or abs(a.x1 - b.x1) <= tol
            or abs(a.x0 + a.x1 - b.x0 - b.x1) <= 2 * tol)


def blocks(pieces: list[Piece], cols: list[float], rules, h: float) -> list[Block]:
    """Per column, runs of aligned lines spaced tighter than between rows and
    not split by a rule."""
    by_col: dict[int, list[Piece]] = {}
    for p in sorted(pieces, key=lambda p: (p.top, p.x0)):
        by_col.setdefault(spanned(p, cols)[0], []).append(p)
    out = []
    for c, ps in by_col.items():
        cur: Block | None = None
        for p in ps:
            xc = (p.x0 + p.x1) / 2
            if (cur and p.top - cur.bottom <= TIGHT * h and aligned(cur.pieces[-1], p, h)
                    and not covers(rules, cur.bottom, p.top, xc)):
                cur.pieces.append(p)
            else:
                cur = Block(c, [p])
                out.append(cur)
    return out


def overlap(a, b) -> float:
    return min(a.bottom, b.bottom) - max(a.top, b.top)


def build_rows(pieces: list[Piece], cols: list[float], rules, h: float,
               breaks: list[float] = ()) -> list[Row]:
    """Rows per section (parts of the table between header lines, which may
    differ in which column is dense): see `section_rows`."""
    bl = blocks(pieces, cols, rules, h)
    cuts = sorted(breaks)
    parts: list[list[Block]] = [[] for _ in range(len(cuts) + 1)]
    for b in bl:
        parts[sum(1 for y in cuts if (b.top + b.bottom) / 2 >= y - 0.3 * h)].append(b)
    rows: list[Row] = []
    for part in parts:
        if part:
            more = section_rows(part, rules, h)
            more[0].starts = True
            rows += more
    return rows


def section_rows(bl: list[Block], rules, h: float) -> list[Row]:
    """The column with most cells seeds the rows.  Other columns follow, denser
    first: each cell joins the one row it overlaps, spans the rows it overlaps
    or floats between (a merged label), or makes a new row."""
    count: dict[int, int] = {}
    for b in bl:
        count[b.col] = count.get(b.col, 0) + 1
    seed = max(count, key=lambda c: (count[c], c))
    rows = [Row(b.top, b.bottom, list(b.pieces))
            for b in sorted((b for b in bl if b.col == seed), key=lambda b: b.top)]
    gaps = [b.top - a.bottom for a, b in zip(rows, rows[1:])]
    usual = max(median(gaps), 0.0) if gaps else h
    rest = [b for b in bl if b.col != seed]
    rest.sort(key=lambda b: (-count[b.col], b.col, b.top))
    for b in rest:
        _place(rows, b, rules, usual)
    for row in rows:  # a cell taller than its row and alone in it (top-aligned text)
        for b in row.spans:
            if sum(1 for r in rows if overlap(r, b) > 0.3 * _lh(b)) == 1:
                row.top, row.bottom = min(row.top, b.top), max(row.bottom, b.bottom)
    return rows


def _lh(b: Block) -> float:
    return min(p.height for p in b.pieces)


def _place(rows: list[Row], b: Block, rules, usual: float) -> None:
    lh = _lh(b)
    hit = [r for r in rows if overlap(r, b) > 0.3 * lh]
    if len(hit) == 1:
        r = hit[0]
        centred = abs(r.top + r.bottom - b.top - b.bottom) <= lh
        inside = b.top >= r.top - 0.5 * lh and b.bottom <= r.bottom + 0.5 * lh
        r.pieces += b.pieces
        if centred or inside:
            r.top, r.bottom = min(r.top, b.top), max(r.bottom, b.bottom)
        else:  # hangs past its row: a label over rows that may not exist yet
            r.spans.append(b)
        return
    if len(hit) > 1:  # a wrapped label over several rows
        hit[0].pieces += b.pieces
        hit[0].spans.append(b)
        return
    yc = (b.top + b.bottom) / 2
    i = sum(1 for r in rows if (r.top + r.bottom) / 2 < yc)
    above = rows[i - 1] if i > 0 else None
    below = rows[i] if i < len(rows) else None
    xc = (b.pieces[0].x0 + b.pieces[0].x1) / 2
    if above and below and not covers(rules, above.bottom, b.top, xc) \
            and not covers(rules, b.bottom, below.top, xc):
        ga, gb = b.top - above.bottom, below.top - b.bottom
        # centred on the gap between two rows: a label merged over both
        if abs(ga - gb) <= 0.3 * lh and ga + gb < usual - 0.5 * lh:
            above.pieces += b.pieces
            above.floats.append(b)
            return
    rows.insert(i, Row(b.top, b.bottom, list(b.pieces)))


def block_spans(rows: list[Row], cols: list[float]) -> list[tuple[int, int, int]]:
    """(col, first_row, last_row) of labels placed over several rows."""
    out = []
    for r, row in enumerate(rows):
        for b in row.spans + row.floats:
            last = max((k for k in range(r, len(rows)) if overlap(rows[k], b) > 0.3 * _lh(b)),
                       default=r)
            if b in row.floats:
                last = min(r + 1, len(rows) - 1)
            if last > r:
                out.append((spanned(b.pieces[0], cols)[0], r, last))
    return out


def label_spans(rows: list[Row], cols: list[float], ys: list[float], rules,
                given=()) -> list[tuple[int, int, int]]:
    """(col, first_row, last_row) for labels printed once, centred on a block.

    Per column the blocks are taken to tile: each label's block starts where
    the previous one ended (or where a coarser column's block or a section
    starts) and is the run of rows it sits in the middle of, when finer columns
    fill two or more of those rows.
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
            if not NUMERIC.match(text) and len(text) <= 16:  # labels are short words
                label[(r, c)] = (min(p.top for p in ps) + max(p.bottom for p in ps)) / 2
    heights = [b - a for a, b in zip(ys, ys[1:])]
    tol = 0.3 * median(heights)
    out = []
    for c in range(m):
        spans, top_votes, free = [], 0, 0
        cuts = _cuts_left_of(c, out) | {r for r, row in enumerate(rows) if row.starts}
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
            free = max([free] + [k for k in cuts if k <= r])
            best = None
            for b in range(r, nxt):
                if any(covers(rules, rows[k].bottom, rows[k + 1].top, xc) for k in range(free, b)):
                    break
                err = abs((ys[free] + ys[b + 1]) / 2 - label[(r, c)])
                if err <= tol and (best is None or err < best[0]):
                    best = (err, b)
            # a merged label groups rows that finer columns (to its right) fill
            if best and best[1] > free and sum(any(filled[k][c + 1:]) for k in range(free, best[1] + 1)) >= 2:
                spans.append((c, free, best[1]))
                free = best[1] + 1
            else:
                free = r + 1
        if len(spans) >= top_votes:  # more centred labels than top-aligned ones
            out += spans
    return out


def _cuts_left_of(c: int, spans: list[tuple[int, int, int]]) -> set[int]:
    """Rows where a block of a coarser column (to the left) starts or ends: a
    finer label's block never crosses them."""
    return {k for col, a, b in spans if col < c for k in (a, b + 1)}
