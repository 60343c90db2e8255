"""Borderless stage 4 — cells: rows (stage 3) and column edges (stage 2) to the
rectangles of the table's cells, which `extract.grid.build_grid` turns into a Grid.

Lattice positions are joined down a column where a rule stops short of it or
a merged label spans the rows (extract.labels), then across where text
crosses a column edge, where a short text starts like the cells of a merged
column or is centred on empty columns around it, and where a key/value row or
block's cells run on over empty positions (`centred_spans`).  A joined set of
positions is always a rectangle.
"""
from __future__ import annotations

from collections import Counter

from budgetpdf.extract.columns import spanned
from budgetpdf.extract.labels import block_spans, label_spans
from budgetpdf.extract.lines import Rule, covers, rule_between, wide as chinese
from budgetpdf.extract.rows import NUMERIC, Row


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
    merged = [(c0, r0, r1) for r0, c0, r1, c1 in _bounds(n, m, find).values() if r1 > r0]
    for r, c0, c1 in centred_spans(rows, cols, held, merged):
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


def centred_spans(rows: list[Row], cols: list[float], held=frozenset(),
                  blocks=()) -> list[tuple[int, int, int]]:
    """(row, first_col, last_col) of every piece: the columns its text crosses,
    widened over empty columns of its row (a merged cell whose text is too
    short to cross an edge) when
    - it starts where other texts start that (mostly) span on to one column:
      it is one more cell of that merged column; or
    - it is centred on those columns and not on its own (not an amount that
      ends where two or more amounts of its column end: right-aligned); or
    - it is the one value beside a label over several columns (`_key_value`);
    - it is a line alone in its row, centred on the table (a title row);
    - it is a merged cell of a key/value row followed by empty positions
      (`_fill_gaps`), a text under a wider cell starting where it starts
      (`_under`), or a sub-label or amount of a key/value block (`_block_values`).
    `held`: positions a label over several rows takes; `blocks`: the (col,
    first row, last row) of cells merged over several rows."""
    own = [[spanned(p, cols) for p in row.pieces] for row in rows]
    ends: dict[int, list[tuple[float, int]]] = {}  # per first column: a row's left ends, last columns
    rights: dict[tuple[int, int], set[int]] = {}
    for row, spans in zip(rows, own):
        cells: dict[tuple[int, float], int] = {}
        for p, (c0, c1) in zip(row.pieces, spans):
            key = (c0, round(p.x0))
            cells[key] = max(cells.get(key, c1), c1)
            rights.setdefault(key, set()).add(round(p.x1))  # (texts of one width may be centred)
        for (c0, x0), c1 in cells.items():
            ends.setdefault(c0, []).append((x0, c1))
    num_rights: dict[int, list[float]] = {}  # per first column: right ends of its amounts
    for row, spans in zip(rows, own):
        for p, (c0, c1) in zip(row.pieces, spans):
            if c0 == c1 and NUMERIC.match(p.text):
                num_rights.setdefault(c0, []).append(p.x1)
    out, texts, lefts = [], [], []
    for r, (row, spans) in enumerate(zip(rows, own)):
        taken = {c for c0, c1 in spans for c in range(c0, c1 + 1)} | {c for k, c in held if k == r}
        for p, (c0, c1) in zip(row.pieces, spans):
            a, b = c0, c1
            while a > 0 and a - 1 not in taken:
                a -= 1
            while b < len(cols) - 2 and b + 1 not in taken:
                b += 1
            like = Counter(c for x, c in ends.get(c0, ()) if abs(x - p.x0) <= 1.0)
            flush = sum(like.values()) >= 3 and (len(rights.get((c0, round(p.x0)), ())) >= 2
                                                 or NUMERIC.match(p.text) is not None)
            wide, votes = like.most_common(1)[0] if like else (c1, 0)
            right = c0 == c1 and NUMERIC.match(p.text) is not None and \
                sum(1 for x in num_rights.get(c0, ()) if abs(x - p.x1) <= 1.0) >= 3
            if flush and votes >= max(2, 0.6 * sum(like.values())) and c1 < wide <= b:
                c1 = wide  # flush with others that span on: the same merged column
            elif not flush and not right and abs(p.xc - (cols[c0] + cols[c1 + 1]) / 2) > _centring(p, cols[c0], cols[c1 + 1]):
                best = None
                for lo in range(a, c0 + 1):
                    for hi in range(c1, b + 1):
                        err = abs(p.xc - (cols[lo] + cols[hi + 1]) / 2)
                        if err <= _centring(p, cols[lo], cols[hi + 1]) and (best is None or err < best[0]):
                            best = (err, lo, hi)
                if best is not None:
                    c0, c1 = best[1], best[2]
            out.append((r, c0, c1))
            texts.append(p.text)
            lefts.append(sum(like.values()) >= 3)
        _apart(out, spans, r)
        _fill_gaps(out, texts, lefts, len(spans), r, held)
        _under(out, len(spans), r, held)
        if len(row.pieces) == 1 and not any(k == r for k, _ in held) and \
                abs(row.pieces[0].xc - (cols[0] + cols[-1]) / 2) <= _centring(row.pieces[0], cols[0], cols[-1]):
            out[-1] = (r, 0, len(cols) - 2)  # a line alone in its row, centred on the table: a title row
        k = len(out) - len(spans)
        out[k:] = _key_value(out[k:], r, len(cols) - 1, held, list(zip(out[:k], texts[:k])))
    return _block_values(out, texts, blocks, held, len(cols) - 1)


def _apart(found: list, spans: list[tuple[int, int]], r: int) -> None:
    """Two texts of a row widened into the same empty column are not one cell:
    both keep the columns they cross (centred each on a wider span, neither
    says which of them the empty column belongs to).  The last len(spans)
    entries of `found` are the row's; changed in place."""
    k0 = len(found) - len(spans)
    mine = found[k0:]
    for i, (_, a0, a1) in enumerate(mine):
        for j, (_, b0, b1) in enumerate(mine):
            if i < j and a0 <= b1 and b0 <= a1 and (spans[i], spans[j]) != ((a0, a1), (b0, b1)):
                found[k0 + i] = (r, *spans[i])
                found[k0 + j] = (r, *spans[j])


def _under(found: list, n: int, r: int, held) -> None:
    """The one text of a row (beside labels over several rows) that starts
    where the nearest cell above it starts, that cell spanning on over
    positions this row leaves empty, spans as far (the goal text under its
    centred 年度目标 heading; a row's last sub-label).  The last `n` entries
    of `found` are the row's; changed in place."""
    if n != 1:
        return
    _, c0, c1 = found[-1]
    above = [f for f in found[:-1] if f[0] < r and f[1] <= c0 <= f[2]]
    if not above:
        return
    _, a0, a1 = max(above, key=lambda f: f[0])
    if a0 == c0 and a1 > c1:
        while c1 < a1 and (r, c1 + 1) not in held:
            c1 += 1
        found[-1] = (r, c0, c1)


def _fill_gaps(found: list, texts: list[str], lefts: list[bool], n: int, r: int, held) -> None:
    """A row of words only (labels and their values, no amount or mark): a
    text over several columns (a merged cell) that starts where others of its
    column start (left-aligned) takes the empty positions after it up to the
    next text of the row, as a key/value row's value does (主管部门 | XX局 .. |
    实施单位 | ..); not a label over several rows.  The last `n` entries of
    `found` are the row's; changed in place."""
    mine = sorted(range(len(found) - n, len(found)), key=lambda k: found[k][1])
    if len({found[k][1] for k in mine}) < 2 or not all(chinese(texts[k]) for k in mine):
        return
    for k, nxt in zip(mine, mine[1:]):
        _, c0, c1 = found[k]
        stop = found[nxt][1]
        if lefts[k] and c0 < c1 and c1 + 1 < stop and (r, c0) not in held:
            while c1 + 1 < stop and (r, c1 + 1) not in held:
                c1 += 1
            found[k] = (r, c0, c1)


def _block_values(found: list[tuple[int, int, int]], texts: list[str], blocks, held,
                  m: int) -> list[tuple[int, int, int]]:
    """Inside a label merged over rows a..b (a key/value block), the texts in
    the column right after it (its sub-labels) are one column of cells: each
    spans as far as the widest of them, over positions its own row leaves
    empty and no other text of the block takes.  Columns empty in every row of
    the block between the sub-labels and the values are the values' when
    those are amounts at the table's right edge (a key/value row's number),
    else the sub-labels'."""
    found = list(found)
    for c, a, b in blocks:
        label = [f for f in found if a <= f[0] <= b and f[1] == c]
        if not label:
            continue
        vc = max(f[2] for f in label) + 1
        subs = [k for k, (r, c0, _) in enumerate(found) if a <= r <= b and c0 == vc]
        if len({found[k][0] for k in subs}) < 2:
            continue
        rest = [k for k, (r, c0, _) in enumerate(found) if a <= r <= b and c0 > vc and k not in subs]
        others = {j for k in rest for j in range(found[k][1], found[k][2] + 1)}
        target = max(found[k][2] for k in subs)
        run = target
        while run + 1 < m and run + 1 not in others:
            run += 1
        if target < run < m - 1:  # empty columns between sub-labels and values
            values = [k for k in rest if found[k][1] == run + 1]
            if values and all(NUMERIC.match(texts[k]) and found[k][2] == m - 1 for k in values):
                for k in values:
                    r, _, c1 = found[k]
                    if not any((r, j) in held for j in range(target + 1, run + 1)):
                        found[k] = (r, target + 1, c1)
            else:
                target = run
        for k in subs:
            r, c0, c1 = found[k]
            taken = {j for i, f in enumerate(found) if f[0] == r and i != k for j in range(f[1], f[2] + 1)}
            while c1 < target and c1 + 1 not in taken | others and (r, c1 + 1) not in held:
                c1 += 1
            found[k] = (r, c0, c1)
    return found


def _key_value(found: list[tuple[int, int, int]], r: int, m: int, held,
               before=()) -> list[tuple[int, int, int]]:
    """A row of a label (over two or more columns, or in the first column of a
    row no merged label crosses) and one value right after it (其他需要说明事项 |
    无): the value's cell runs to the table's right edge when nothing else is in
    the row, as a key/value row's is; not where the row above heads three or
    more columns there by short words (科目代码 | 科目名称 under 项目 | 本年收入合计 |
    财政拨款收入 | …: a header row).  `before`: the spans and texts of the rows above."""
    cells = sorted({(c0, c1) for _, c0, c1 in found})
    if len(cells) != 2 or cells[1][0] != cells[0][1] + 1:
        return found  # (a value right after its label; one set apart sits in a column of its own)
    if cells[0][1] <= cells[0][0] and (cells[0][0] > 0 or any((r, c) in held for c in range(m))):
        return found  # (a label of one column: the first of a row no merged label crosses)
    value = cells[1]
    if value[1] >= m - 1 or any((r, c) in held for c in range(value[1] + 1, m)):
        return found
    heads = [t for (k, c0, _), t in before if k == r - 1 and c0 > value[1]]
    columns = {c0 for (k, c0, _), _t in before if k == r - 1 and c0 > value[1]}
    if len(columns) >= 3 and not any(NUMERIC.match(t) or len(t) > 12 for t in heads):
        return found
    return [(r, c0, m - 1) if (c0, c1) == value else (r, c0, c1) for _, c0, c1 in found]


def _centring(p, x0: float, x1: float) -> float:
    """How far off the middle of [x0, x1] a short text centred there may be:
    edges found in whitespace are not the cells' borders (a text filling half
    the width or more must sit closer: it may be a left-aligned one)."""
    if p.x1 - p.x0 >= 0.5 * (x1 - x0):
        return 0.4 * p.height
    return max(0.4 * p.height, 0.03 * (x1 - x0))
