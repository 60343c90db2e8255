"""Borderless stage 4 (part) — merged labels: which rows a label printed once
spans.  A label whose text crosses rows spans them (`block_spans`); a label
printed in the middle of its block, or at its top, spans the rows the table's
tiling gives it (`label_spans`).  Works on rows (stage 3) and column edges
(stage 2); extract.cells joins the lattice positions.
"""
from __future__ import annotations

from functools import lru_cache
from statistics import median

import regex

from budgetpdf.extract.columns import spanned
from budgetpdf.extract.lines import Piece, covers
from budgetpdf.extract.rows import NUMERIC, Row, glyph_height, overlap
from budgetpdf.extract.valign import LABEL, shared_block_votes, vertical_alignment


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
    top-aligned; as many for each: the one that leaves fewer rows bare).
    `given`: blocks already known (labels whose text crosses rows); their rows
    count as the label's.  A label is a cell's text (`_cells`); one over
    several columns spans no row that another of its columns fills.  The labels of a column
    header span no rows (`_column_heads`); cells beside a merged label on its
    own rows take its rows (`_beside`).
    """
    n, m = len(rows), len(cols) - 1
    filled, own, width, cont = _cells(rows, cols)
    for c, a, b in given:  # the rows a label's text crosses are the label's
        for k in range(a, b + 1):
            filled[k][c] = True
            if k > a:
                cont.add((k, c))
    label: dict[tuple[int, int], float] = {}
    for (r, c), ps in own.items():
        text = "".join(p.text for p in ps)
        if ps and not NUMERIC.match(text) and len(text) <= LABEL:  # labels are short words
            label[(r, c)] = (min(p.top for p in ps) + max(p.bottom for p in ps)) / 2
    heads = set(_column_heads(rows, cols, label, own)) | set(_sentence_heads(label, own, cont))
    for r, c in heads:
        label.pop((r, c), None)
    glyph_h = median(p.height for row in rows for p in row.pieces)
    tol = min(0.3 * median(b - a for a, b in zip(ys, ys[1:])), 0.75 * glyph_h)
    valign = vertical_alignment(rows, cols, shared_block_votes(filled, cont, own, given, tol))
    starts = {r for r, row in enumerate(rows) if row.starts}
    walls_of = [{k for k in range(n - 1) if covers(rules, rows[k].bottom, rows[k + 1].top, (x0 + x1) / 2)}
                for x0, x1 in zip(cols, cols[1:])]
    need_of = [[not filled[k][c] and any(filled[k][c + 1:]) for k in range(n)] for c in range(m)]
    # the last column has no finer columns: its label may reach up over rows the
    # others fill, where it is centred better so (a header over both header rows
    # at the right end, beside a group header and the columns under it)
    reach_last = _reach_up(own, filled, n, m, glyph_h)
    reach_of = need_of[:-1] + [reach_last]
    alone = [_centred(_items(c, n, filled, cont, given, width, label), need_of[c], starts,
                      walls_of[c], ys, tol, reach=reach_of[c]) for c in range(m)]  # each column read on its own
    ctx = (rows, cols, n, m, filled, cont, given, width, label, heads, valign, starts,
           walls_of, need_of, reach_of, alone, ys, tol)
    out, anchors, votes = _read_columns(ctx, False)
    if not valign and votes[1] >= 2 and votes[1] > votes[0]:
        # one label per column with rows only below it is weak evidence in each
        # column, but the table is set one way: read every column top-aligned
        out, anchors, votes = _read_columns(ctx, True)
    return out + _beside_left(anchors, out, filled, cont, rows, cols, rules, label)


def _read_columns(ctx, table_top: bool):
    """label_spans' column-by-column reading: (blocks, anchors, the votes of
    the table's body labels [centred, top-aligned]); `table_top`: the table reads top-aligned, so
    one label explained only that way is enough in a column."""
    (rows, cols, n, m, filled, cont, given, width, label, heads, valign, starts,
     walls_of, need_of, reach_of, alone, ys, tol) = ctx
    out: list[tuple[int, int, int]] = []
    anchors: list[tuple[int, int, int, int, int]] = []  # a label's block and its own rows
    total = [0, 0]
    for c in range(m):
        cuts = _cuts_left_of(c, out, [g for g in given if (g[1], g[0]) in label]) | starts
        walls, need = walls_of[c], need_of[c]
        items = _items(c, n, filled, cont, given, width, label)
        forced = _beside(items, anchors, filled, c, walls, heads)
        inside = {k for j in range(c + 1, m) for a, b in alone[j] for k in range(a, b)}
        spans = [(c, a, b) for a, b in _centred(items, need, cuts, walls, ys, tol, inside, reach_of[c])]
        tops, votes = [], [0, 0]  # votes: centred, top-aligned
        for i, (r, end, centre, blocked, last_col) in enumerate(items):
            if centre is None:
                continue
            nxt = items[i + 1][0] if i + 1 < len(items) else n
            mine = next((sp for sp in spans if sp[1] <= r <= sp[2]), None)
            body = r not in starts  # (a header's labels have no row above: they tell nothing of the table)
            votes[0] += mine is not None and mine[1] < r  # empty rows above it: only centring explains them
            total[0] += body and mine is not None and mine[1] < r
            last = end  # read top-aligned: the block runs down to the next label
            while (last + 1 < nxt and last + 1 not in cuts and last not in walls
                   and last + 1 not in blocked and any(filled[last + 1][last_col + 1:])
                   and not any(filled[last + 1][j] and (last + 1, j) not in cont for j in range(c))):
                last += 1
            if last > end:
                tops.append((c, r, last))
                votes[1] += mine is None  # empty rows below only: only top alignment explains them
                total[1] += body and mine is None
        if valign:
            top = valign == "top"
        elif votes[0] == votes[1] >= 1:  # as many labels for each: the reading that leaves fewer rows bare
            top = _covered(tops, need) > _covered(spans, need) or \
                (table_top and _covered(tops, need) == _covered(spans, need))  # (a tie: as the table reads)
        else:
            top = votes[1] > max(votes[0], 0 if table_top else 1)
        chosen = tops if top else spans
        out += chosen + [f[:3] for f in forced]
        for _, a, b in chosen:
            own_rows = next(((it[0], it[1]) for it in items if a <= it[0] <= b and it[2] is not None), None)
            if own_rows is not None:
                anchors.append((c, a, b) + own_rows)
        anchors += [(c, a, b, r0, e0) for _, a, b, r0, e0 in forced]
    return out, anchors, total


def _reach_up(own: dict, filled, n: int, m: int, glyph_h: float) -> list[bool]:
    """The rows above a label of the last column it may reach up over: rows the
    other columns fill, above a label set higher than the lowest first line of
    its row's other texts (a value level with its key, 项目执行单位 | 化工区学校,
    keeps its row; a header centred over two rows sits above the leaves' line)."""
    out = [False] * n
    for r in range(n):
        mine = own.get((r, m - 1))
        if not mine:
            continue
        others = [min(p.top for p in ps) for (k, c), ps in own.items() if k == r and c < m - 1 and ps]
        if not others or min(p.top for p in mine) >= max(others) - 0.3 * glyph_h:
            continue  # (as low as the row's own texts: its row's; labels merged over rows sit higher)
        k = r - 1
        while k >= 0 and not filled[k][m - 1] and any(filled[k][:m - 1]):
            out[k] = True
            k -= 1
    return out


def _items(c: int, n: int, filled, cont, given, width, label) -> list[tuple]:
    """The texts of column c, top to bottom: (row, last row its text crosses,
    centre or None for text that is no label, rows it may not reach, last
    column): a label over several columns reaches no row another of them fills."""
    items = []
    for r in range(n):
        if filled[r][c] and (r, c) not in cont:
            end = max([b for col, a, b in given if col == c and a == r] + [r])
            last_col = width.get((r, c), c)
            blocked = {k for k in range(n) if any(filled[k][j] and (k, j) not in cont
                                                  for j in range(c + 1, last_col + 1))}
            items.append((r, end, label.get((r, c)), blocked - set(range(r, end + 1)), last_col))
    return items


def _beside(items: list, anchors, filled, c: int, walls, heads) -> list[tuple[int, int, int, int, int]]:
    """Cells beside a label merged over rows a..b (a block of a coarser
    column), on the label's own rows, whose column is empty in every other row
    of the block, span the same rows (the 序号, amount and goal of a project
    beside its name); so do the next columns that do the same.  Not labels:
    a label finds its own block.  Their items in `items` take the block's
    rows; each comes back with the label's own rows, as an anchor."""
    out = []
    for i, (r, end, centre, blocked, last_col) in enumerate(items):
        if (r, c) in heads or centre is not None:
            continue
        for ac, a, b, r0, e0 in anchors:
            if ac == c - 1 and a <= r and end <= b and (a, b) != (r, end) and r <= e0 and end >= r0 \
                    and not any(filled[k][c] for k in range(a, b + 1) if not r <= k <= end) \
                    and not any(k in walls for k in range(a, b)):
                out.append((c, a, b, r0, e0))
                items[i] = (a, b, None, blocked, last_col)
                break
    return out


def _beside_left(anchors, out, filled, cont, rows, cols, rules, label) -> list[tuple[int, int, int]]:
    """`_beside` for the columns left of a label (found after them)."""
    found = []
    for ac, a, b, r0, e0 in anchors:
        for j in range(ac - 1, -1, -1):
            here = [k for k in range(a, b + 1) if filled[k][j] and (k, j) not in cont]
            xc = (cols[j] + cols[j + 1]) / 2
            if not here or not all(r0 <= k <= e0 and (k, j) not in label for k in here) or \
                    any(covers(rules, rows[k].bottom, rows[k + 1].top, xc) for k in range(a, b)) or \
                    any(sc == j and sa <= b and a <= sb for sc, sa, sb in out + found):
                break
            found.append((j, a, b))
    return found


def _cells(rows: list[Row], cols: list[float]):
    """What each row holds: which lattice positions have text (`filled`), the
    pieces of each cell by its first row and column (`own`: the texts of one
    row whose columns overlap are one cell, the lines of a label over several
    rows all at its first row), the last column of a cell over several
    (`width`), and the positions a label's text reaches below its first row
    (`cont`)."""
    n, m = len(rows), len(cols) - 1
    filled = [[False] * m for _ in range(n)]
    own: dict[tuple[int, int], list[Piece]] = {}
    width: dict[tuple[int, int], int] = {}
    home: dict[int, tuple[int, int]] = {}  # piece -> its cell
    for r, row in enumerate(rows):
        groups: list[list] = []  # [first col, last col, pieces]
        for p, (c0, c1) in sorted(((p, spanned(p, cols)) for p in row.pieces), key=lambda x: x[1]):
            for c in range(c0, c1 + 1):
                filled[r][c] = True
            if groups and c0 <= groups[-1][1]:
                groups[-1][1] = max(groups[-1][1], c1)
                groups[-1][2].append(p)
            else:
                groups.append([c0, c1, [p]])
        for c0, c1, ps in groups:
            own[(r, c0)] = ps
            if c1 > c0:
                width[(r, c0)] = c1
            for p in ps:
                home[id(p)] = (r, c0)
    cont: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):  # a label whose text crosses rows: all of it at its first row
        for b in row.spans:
            first = (r, min(spanned(p, cols)[0] for p in b.pieces))
            for p in b.pieces:
                cell = home[id(p)]
                if cell == first or p not in own.get(cell, []):
                    continue
                own[cell].remove(p)
                own.setdefault(first, []).append(p)
                c0, c1 = spanned(p, cols)
                width[first] = max(width.get(first, first[1]), c1)
                if cell[0] > r:
                    cont.update((cell[0], c) for c in range(c0, c1 + 1))
                if not own[cell]:
                    del own[cell]
    for (r, c), last in list(width.items()):
        if last == c:
            del width[(r, c)]
    return filled, own, width, cont


def _covered(spans: list[tuple[int, int, int]], need: list[bool]) -> int:
    return sum(1 for _, a, b in spans for k in range(a, b + 1) if need[k])


def _column_heads(rows: list[Row], cols: list[float], label: dict, own: dict) -> list[tuple[int, int]]:
    """Labels that head the columns below them and span no rows: a row of
    three or more one-line labels, one per column and nothing else from the
    first of them on, right under a cell that spans several of their columns
    (an indicator header 一级指标 | 二级指标 | 三级指标 under a goal text)."""
    out = []
    for r in range(1, len(rows)):
        mine = sorted(c for (k, c) in label if k == r and len(own[(k, c)]) == 1)
        if len(mine) < 3:
            continue
        spans = [spanned(p, cols) for p in rows[r].pieces]
        if any(c1 > c0 or (c0 >= mine[0] and c0 not in mine) for c0, c1 in spans):
            continue
        above = [spanned(p, cols) for p in rows[r - 1].pieces]
        if any(sum(1 for c in mine if c0 <= c <= c1) >= 2 for c0, c1 in above):
            out += [(r, c) for c in mine]
    return out


def _sentence_heads(label: dict, own: dict, cont: set) -> list[tuple[int, int]]:
    """A row of labels only over a row whose texts are sentences (预期目标 |
    实际完成情况 over "已完成…。"): the header of that text, whose labels span
    no rows; the row's first label names the block (年度总体目标 over both rows)
    and is read as any label."""
    out = []
    for r in sorted({k for k, _ in own}):
        mine = [c for (k, c) in own if k == r]
        below = [c for (k, c) in own if k == r + 1]
        if len(mine) < 2 or not below or any((r, c) not in label for c in mine):
            continue
        if all(_SENTENCE.search("".join(p.text for p in own[(r + 1, c)])) for c in below):
            out += [(r, c) for c in sorted(mine)[1:] if (r + 1, c) not in cont]
    return out


_SENTENCE = regex.compile(r"[。；;]")


def _centred(items: list[tuple[int, int, float | None]], need: list[bool], cuts: set[int],
             walls: set[int], ys: list[float], tol: float, inside=frozenset(),
             reach: list[bool] | None = None) -> list[tuple[int, int]]:
    """Blocks for the labels of one column read as centred: each label (or text
    that is no label, which keeps its own rows) gets a run of rows around it,
    the runs in order and not overlapping, no run crossing a cut or a wall
    (a rule).  The choice minimises the labels' distance from the middle of
    their runs plus `tol` for every row that finer columns fill and no run
    covers, and `tol` for every block edge that falls inside a block of a
    finer column read on its own (`inside`: k for the edge below row k) — a
    symmetric run around a label is centred as well as a narrower one; the
    finer labels tell which (dynamic programming over the column's items).
    `reach`: the rows above its label a run may cover (default: `need`)."""
    n = len(need)
    reach = need if reach is None else reach
    if not items:
        return []

    def uncovered(a: int, b: int) -> float:
        return tol * sum(1 for k in range(a, b) if need[k])

    def options(i: int, avail: int):
        r, end, centre, blocked, _ = items[i]
        nxt = items[i + 1][0] if i + 1 < len(items) else n
        if centre is None:
            yield r, end, 0.0
            return
        yield r, end, min(tol, abs((ys[r] + ys[end + 1]) / 2 - centre))  # (off the middle of its own rows too)
        for s in range(r, avail - 1, -1):
            if s < r and (s + 1 in cuts or s in walls or s in blocked):
                break
            for b in range(end, nxt):
                if b > end and (b in cuts or b - 1 in walls or b in blocked):
                    break
                if (s, b) == (r, end) or (s < r and not reach[s]) or (b > end and not need[b]):
                    continue  # (a block ends on rows that finer columns fill)
                err = abs((ys[s] + ys[b + 1]) / 2 - centre)
                if err <= tol:
                    yield s, b, err + tol * ((s - 1 in inside) + (b in inside))

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
    return [(s, b) for (s, b), (r, end, *_) in zip(blocks, items) if (s, b) != (r, end)]


def _cuts_left_of(c: int, spans: list[tuple[int, int, int]], given=()) -> set[int]:
    """Rows where a block of a coarser column (to the left) starts or ends: a
    finer label's block never crosses them.  A label's text crossing rows
    (`given`) starts a block, unless a block found for it holds it."""
    out = {k for col, a, b in spans if col < c for k in (a, b + 1)}
    for col, a, b in given:
        if col < c and not any(sc == col and sa <= a and b <= sb for sc, sa, sb in spans):
            out.add(a)
    return out
