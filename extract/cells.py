"""Borderless stage 4 — cells: rows (stage 3) and column edges (stage 2) to the
rectangles of the table's cells, which `extract.grid.build_grid` turns into a Grid.

Lattice positions are joined down a column where a rule stops short of it or
a merged label spans the rows (extract.labels), then across where text
crosses a column edge, where a short text starts like the cells of a merged
column or is centred on empty columns around it (`centred_spans`).  A joined
set of positions is always a rectangle.
"""
from __future__ import annotations

from collections import Counter

from budgetpdf.extract.columns import spanned
from budgetpdf.extract.labels import block_spans, label_spans
from budgetpdf.extract.lines import Rule, covers, rule_between
from budgetpdf.extract.rows import Row


def row_edges(rows: list[Row], rules: list[Rule], h: float) -> list[float]:
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


def cell_boxes(rows: list[Row], cols: list[float], ys: list[float],
                rules: list[Rule]) -> list[tuple]:
    """Rectangles of cells on the lattice `cols` × `ys` (see the module doc)."""
    n, m = len(rows), len(cols) - 1
    parent = list(range(n * m))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a, b):
        parent[find(a)] = find(b)

    for r in range(n - 1):
        if rule_between(rules, rows[r].bottom, rows[r + 1].top) is None:
            continue
        for c in range(m):  # rules at one y may be several segments
            if not covers(rules, rows[r].bottom, rows[r + 1].top, (cols[c] + cols[c + 1]) / 2):
                union(r * m + c, (r + 1) * m + c)
    placed = block_spans(rows, cols)
    down = label_spans(rows, cols, ys, rules, placed) + placed
    for c, a, b in down:
        for r in range(a, b):
            union(r * m + c, (r + 1) * m + c)
    rows_of: dict[int, set[int]] = {}
    for r in range(n):
        for c in range(m):
            rows_of.setdefault(find(r * m + c), set()).add(r)
    held = {(r, c) for r in range(n) for c in range(m) if len(rows_of[find(r * m + c)]) > 1}
    for r, c0, c1 in centred_spans(rows, cols, held):
        for c in range(c0, c1):
            union(r * m + c, r * m + c + 1)
    changed = True
    while changed:  # a cell is a rectangle: what its bounding box covers is in it
        changed = False
        for r0, c0, r1, c1 in _bounds(n, m, find).values():
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if find(r * m + c) != find(r0 * m + c0):
                        union(r * m + c, r0 * m + c0)
                        changed = True
    return [(cols[c0], ys[r0], cols[c1 + 1], ys[r1 + 1]) for r0, c0, r1, c1 in _bounds(n, m, find).values()]


def _bounds(n: int, m: int, find) -> dict[int, tuple[int, int, int, int]]:
    """(first row, first col, last row, last col) of every joined set of lattice positions."""
    out: dict[int, tuple[int, int, int, int]] = {}
    for r in range(n):
        for c in range(m):
            k = find(r * m + c)
            r0, c0, r1, c1 = out.get(k, (r, c, r, c))
            out[k] = (min(r0, r), min(c0, c), max(r1, r), max(c1, c))
    return out


def centred_spans(rows: list[Row], cols: list[float], held=frozenset()) -> list[tuple[int, int, int]]:
    """(row, first_col, last_col) of every piece: the columns its text crosses,
    widened over empty columns of its row (a merged cell whose text is too
    short to cross an edge) when
    - it starts where other texts start that (mostly) span on to one column:
      it is one more cell of that merged column; or
    - it is centred on those columns and not on its own; or
    - it is the one value beside a label over several columns (`_key_value`).
    `held`: positions a label over several rows takes."""
    own = [[spanned(p, cols) for p in row.pieces] for row in rows]
    ends: dict[int, list[tuple[float, int]]] = {}  # per first column: a row's left ends, last columns
    for row, spans in zip(rows, own):
        cells: dict[tuple[int, float], int] = {}
        for p, (c0, c1) in zip(row.pieces, spans):
            key = (c0, round(p.x0))
            cells[key] = max(cells.get(key, c1), c1)
        for (c0, x0), c1 in cells.items():
            ends.setdefault(c0, []).append((x0, c1))
    out = []
    for r, (row, spans) in enumerate(zip(rows, own)):
        taken = {c for c0, c1 in spans for c in range(c0, c1 + 1)} | {c for k, c in held if k == r}
        for p, (c0, c1) in zip(row.pieces, spans):
            a, b = c0, c1
            while a > 0 and a - 1 not in taken:
                a -= 1
            while b < len(cols) - 2 and b + 1 not in taken:
                b += 1
            like = Counter(c for x, c in ends.get(c0, ()) if abs(x - p.x0) <= 1.0)
            flush = sum(like.values()) >= 3
            wide, votes = like.most_common(1)[0] if like else (c1, 0)
            if flush and votes >= max(2, 0.6 * sum(like.values())) and c1 < wide <= b:
                c1 = wide  # flush with others that span on: the same merged column
            elif not flush and abs(p.xc - (cols[c0] + cols[c1 + 1]) / 2) > _centring(p, cols[c0], cols[c1 + 1]):
                best = None
                for lo in range(a, c0 + 1):
                    for hi in range(c1, b + 1):
                        err = abs(p.xc - (cols[lo] + cols[hi + 1]) / 2)
                        if err <= _centring(p, cols[lo], cols[hi + 1]) and (best is None or err < best[0]):
                            best = (err, lo, hi)
                if best is not None:
                    c0, c1 = best[1], best[2]
            out.append((r, c0, c1))
        out[len(out) - len(spans):] = _key_value(out[len(out) - len(spans):], r, len(cols) - 1, held)
    return out


def _key_value(found: list[tuple[int, int, int]], r: int, m: int, held) -> list[tuple[int, int, int]]:
    """A row of a label (over two or more columns, or in the first column of a
    row no merged label crosses) and one value right after it (其他需要说明事项 |
    无): the value's cell runs to the table's right edge when nothing else is in
    the row, as a key/value row's is."""
    cells = sorted({(c0, c1) for _, c0, c1 in found})
    if len(cells) != 2 or cells[1][0] != cells[0][1] + 1:
        return found  # (a value right after its label; one set apart sits in a column of its own)
    if cells[0][1] <= cells[0][0] and (cells[0][0] > 0 or any((r, c) in held for c in range(m))):
        return found  # (a label of one column: the first of a row no merged label crosses)
    value = cells[1]
    if value[1] >= m - 1 or any((r, c) in held for c in range(value[1] + 1, m)):
        return found
    return [(r, c0, m - 1) if (c0, c1) == value else (r, c0, c1) for _, c0, c1 in found]


def _centring(p, x0: float, x1: float) -> float:
    """How far off the middle of [x0, x1] a short text centred there may be:
    edges found in whitespace are not the cells' borders (a text filling half
    the width or more must sit closer: it may be a left-aligned one)."""
    if p.x1 - p.x0 >= 0.5 * (x1 - x0):
        return 0.4 * p.height
    return max(0.4 * p.height, 0.03 * (x1 - x0))
