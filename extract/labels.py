"""Borderless stage 4 (part) — merged labels: which rows a label printed once
spans.  A label whose text crosses rows spans them (`block_spans`); a label
printed in the middle of its block, or at its top, spans the rows the table's
tiling gives it (`label_spans`).  Works on rows (stage 3) and column edges
(stage 2); extract.cells joins the lattice positions.
"""
from __future__ import annotations

from functools import lru_cache
from statistics import median

from budgetpdf.extract.columns import spanned
from budgetpdf.extract.lines import Piece, covers
from budgetpdf.extract.rows import NUMERIC, Row, glyph_height, overlap


def block_spans(rows: list[Row], cols: list[float]) -> list[tuple[int, int, int]]:
    """(col, first_row, last_row) of labels placed over several rows."""
    out = []
    for r, row in enumerate(rows):
        for b in row.spans:
            last = max((k for k in range(r, len(rows)) if overlap(rows[k], b) > 0.3 * glyph_height(b)),
                       default=r)
            if last > r:
                out.append((spanned(b.pieces[0], cols)[0], r, last))
    return out


def label_spans(rows: list[Row], cols: list[float], ys: list[float], rules,
                given=()) -> list[tuple[int, int, int]]:
    """(col, first_row, last_row) for labels printed once for a block of rows.

    Per column, left to right, the blocks tile the rows that finer columns (to
    the right) fill: a block never crosses a coarser column's block start, a
    section start or a rule.  Read centred, each label sits in the middle of
    its block, the blocks chosen together so that the labels sit best and
    fewest rows stay outside every block (`_centred`).  Read top-aligned, a
    label's block runs down to the next label over rows that coarser columns
    leave empty.  A column is read the way the table sets short cells beside
    tall ones (`vertical_alignment`), else whichever reading alone explains
    more labels (empty rows above a label: centred; below it only:
    top-aligned).  `given`: blocks already known (labels whose text crosses
    rows); their rows count as the label's.
    """
    n, m = len(rows), len(cols) - 1
    filled = [[False] * m for _ in range(n)]
    own: dict[tuple[int, int], list[Piece]] = {}
    for r, row in enumerate(rows):
        spans = [spanned(p, cols) for p in row.pieces]
        wide = {c for c0, c1 in spans if c1 > c0 for c in range(c0, c1 + 1)}
        for p, (c0, c1) in zip(row.pieces, spans):
            for c in range(c0, c1 + 1):
                filled[r][c] = True
            if c0 == c1 and c0 not in wide:  # (not the last line of a text over several columns)
                own.setdefault((r, c0), []).append(p)
    cont = {(k, c) for c, a, b in given for k in range(a + 1, b + 1)}
    for c, a, b in given:  # a label whose text crosses rows: all of it at its first row
        for k in range(a, b + 1):
            filled[k][c] = True
            if k > a:
                own.setdefault((a, c), []).extend(own.pop((k, c), []))
    label: dict[tuple[int, int], float] = {}
    for (r, c), ps in own.items():
        text = "".join(p.text for p in ps)
        if ps and not NUMERIC.match(text) and len(text) <= 16:  # labels are short words
            label[(r, c)] = (min(p.top for p in ps) + max(p.bottom for p in ps)) / 2
    tol = 0.3 * median(b - a for a, b in zip(ys, ys[1:]))
    out: list[tuple[int, int, int]] = []
    valign = vertical_alignment(rows, cols)
    for c in range(m):
        cuts = _cuts_left_of(c, out, given) | {r for r, row in enumerate(rows) if row.starts}
        xc = (cols[c] + cols[c + 1]) / 2
        walls = {k for k in range(n - 1) if covers(rules, rows[k].bottom, rows[k + 1].top, xc)}
        items = []  # (row, last row, centre or None for text that is no label)
        for r in range(n):
            if filled[r][c] and (r, c) not in cont:
                end = max([b for col, a, b in given if col == c and a == r] + [r])
                items.append((r, end, label.get((r, c))))
        need = [not filled[k][c] and any(filled[k][c + 1:]) for k in range(n)]
        spans = [(c, a, b) for a, b in _centred(items, need, cuts, walls, ys, tol)]
        tops, votes = [], [0, 0]  # votes: centred, top-aligned
        for i, (r, end, centre) in enumerate(items):
            if centre is None:
                continue
            nxt = items[i + 1][0] if i + 1 < len(items) else n
            mine = next((sp for sp in spans if sp[1] <= r <= sp[2]), None)
            votes[0] += mine is not None and mine[1] < r  # empty rows above it: only centring explains them
            last = end  # read top-aligned: the block runs down to the next label
            while (last + 1 < nxt and last + 1 not in cuts and last not in walls
                   and any(filled[last + 1][c + 1:]) and not any(filled[last + 1][:c])):
                last += 1
            if last > end:
                tops.append((c, r, last))
                votes[1] += mine is None  # empty rows below only: only top alignment explains them
        top = valign == "top" if valign else votes[1] > max(votes[0], 1)
        out += tops if top else spans
    return out


def _centred(items: list[tuple[int, int, float | None]], need: list[bool], cuts: set[int],
             walls: set[int], ys: list[float], tol: float) -> list[tuple[int, int]]:
    """Blocks for the labels of one column read as centred: each label (or text
    that is no label, which keeps its own rows) gets a run of rows around it,
    the runs in order and not overlapping, no run crossing a cut or a wall
    (a rule).  The choice minimises the labels' distance from the middle of
    their runs plus `tol` for every row that finer columns fill and no run
    covers (dynamic programming over the column's items)."""
    n = len(need)
    if not items:
        return []

    def uncovered(a: int, b: int) -> float:
        return tol * sum(1 for k in range(a, b) if need[k])

    def options(i: int, avail: int):
        r, end, centre = items[i]
        nxt = items[i + 1][0] if i + 1 < len(items) else n
        yield r, end, 0.0
        if centre is None:
            return
        for s in range(r, avail - 1, -1):
            if s < r and (s + 1 in cuts or s in walls):
                break
            for b in range(end, nxt):
                if b > end and (b in cuts or b - 1 in walls):
                    break
                if (s, b) == (r, end):
                    continue
                err = abs((ys[s] + ys[b + 1]) / 2 - centre)
                if err <= tol:
                    yield s, b, err

    @lru_cache(maxsize=None)
    def best(i: int, avail: int) -> tuple[float, tuple]:
        if i == len(items):
            return uncovered(avail, n), ()
        found = (float("inf"), ())
        for s, b, err in options(i, avail):
            rest, chosen = best(i + 1, b + 1)
            cost = uncovered(avail, s) + err + rest
            if cost < found[0]:
                found = (cost, ((s, b),) + chosen)
        return found

    blocks = best(0, 0)[1]
    return [(s, b) for (s, b), (r, end, _) in zip(blocks, items) if (s, b) != (r, end)]


def vertical_alignment(rows: list[Row], cols: list[float]) -> str | None:
    """How the table sets short cells beside tall ones: "top" (their first
    lines level) or "middle" (centred on the tall one); None without rows that
    hold a cell of two or more lines beside cells of one."""
    votes = {"top": 0, "middle": 0}
    crossing = {id(p) for row in rows for b in row.spans for p in b.pieces}
    for row in rows:
        cells: dict[int, list] = {}
        for p in row.pieces:
            if id(p) not in crossing:  # a label over several rows tells nothing of this one
                cells.setdefault(spanned(p, cols)[0], []).append(p)
        tall = [ps for ps in cells.values() if len(ps) >= 2]
        if not tall:
            continue
        big = max(tall, key=lambda ps: max(p.bottom for p in ps) - min(p.top for p in ps))
        top, bottom = min(p.top for p in big), max(p.bottom for p in big)
        for ps in cells.values():
            if len(ps) != 1:
                continue
            p = ps[0]
            if abs(p.top - top) <= 0.25 * p.height:
                votes["top"] += 1
            elif abs(p.top + p.bottom - top - bottom) <= 0.5 * p.height:
                votes["middle"] += 1
    if votes["top"] == votes["middle"]:
        return None
    return max(votes, key=votes.get)


def _cuts_left_of(c: int, spans: list[tuple[int, int, int]], given=()) -> set[int]:
    """Rows where a block of a coarser column (to the left) starts or ends: a
    finer label's block never crosses them.  A label's text crossing rows
    (`given`) starts a block, unless a block found for it holds it."""
    out = {k for col, a, b in spans if col < c for k in (a, b + 1)}
    for col, a, b in given:
        if col < c and not any(sc == col and sa <= a and b <= sb for sc, sa, sb in spans):
            out.add(a)
    return out
