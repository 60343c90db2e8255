"""Borderless stage 3 — rows: a region's pieces, its column edges (stage 2) and
its horizontal rules to the rows of the table.

Where rules frame the table, each band between two rule heights is one row,
however many lines it holds (`band_rows`; a band holding several rows of a
table ruled only around its header and body is read like unruled text).
Otherwise rows come from text blocks (`blocks`): the lines over the same
columns that are aligned and follow each other at the table's own line pitch
form one cell (a wrapped text).  The pitch is measured on the table
(`line_pitch`): the tightest spacing of a line under a line that filled its
column (so it wrapped).  Row boundaries are then the dual of the column
edges (`text_rows`): between two blocks of a column lies a boundary; where
no block is, a row ends; a block a boundary cuts is a label merged over rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from budgetpdf.extract.columns import spanned
from budgetpdf.extract.ended import block_cols as _cols, split_ended
from budgetpdf.extract.geometry import coverage as _coverage, low_runs, middle_of_widest, overlap as _overlap
from budgetpdf.extract.lines import Piece, PieceSpan, Rule, covers, glyph, wide as chinese
from budgetpdf.extract.pitch import (JITTER, NUMERIC, aligned, apart, by_column, centre, fills,  # noqa: F401
                                     line_pitch, number_step, stack_step, unit_wrapped, widest_lines)

LOOSE = 1.3     # without a measured pitch, lines closer than this × char height are one cell
SLACK = 0.4     # points beyond the pitch's jitter a line that filled its column may still wrap
PADDING = 0.1   # × glyph height: a row's padding beyond the line pitch, where labels a character wide end
STACKED = 1.6   # Chinese characters printed one per line (a narrow label) this close are one cell


@dataclass
class Row:
    top: float
    bottom: float
    pieces: list[Piece] = field(default_factory=list)
    spans: list["Block"] = field(default_factory=list)   # labels hanging past the row
    starts: bool = False  # first row of a section (a header row): blocks start here


@dataclass
class Block(PieceSpan):
    col: int
    pieces: list[Piece]


def blocks(pieces: list[Piece], cols: list[float], rules, h: float,
           pitch: float | None = None) -> list[Block]:
    """Cells of text: runs of aligned lines at the table's line pitch (measured
    here unless given) over the same columns (a centred label may wrap onto a
    line narrower than its first), not split by a rule."""
    pitch = pitch or line_pitch(by_column(pieces, cols), cols, h)
    widest = widest_lines([pieces], cols)
    limit = pitch + JITTER if pitch else LOOSE * h
    if not pitch:  # nothing wraps: rows may be set closer than LOOSE, as numbers show
        step = number_step(by_column(pieces, cols), h)
        limit = min(limit, step - JITTER) if step else limit
    reach = max(limit, STACKED * h)
    stack = limit if pitch else stack_step(by_column(pieces, cols), h)
    out: list[Block] = []
    spans: list[set[int]] = []
    open_ = []  # blocks whose last line may still be followed
    for p in sorted(pieces, key=lambda p: (p.top, p.x0)):
        c0, c1 = spanned(p, cols)
        mine = set(range(c0, c1 + 1))
        best = None
        open_ = [k for k in open_ if p.base - out[k].pieces[-1].base <= reach + h]
        for k in open_:
            b = out[k]
            last = b.pieces[-1]
            rise = p.base - last.base
            stacked = _single(last) and _single(p)
            if not (mine & spans[k]) or rise < 0.5 * h or \
                    (apart(last, p, fills(last, p, widest, cols)) and not unit_wrapped(last, p, widest, cols)):
                continue
            if not (_stack_step(last, p, stack, h) if stacked else _step(last, p, limit, h)):
                if stacked or not pitch or not (_step(last, p, limit + SLACK, h) and fills(last, p, widest, cols)
                                                or _cut_unit(last, p, limit + SLACK)):
                    continue  # (a jitter further: only a line that filled its column, or cut a unit, wrapped)
            if aligned(last, p, h) and _keeps_alignment(b, p, h) and not covers(rules, last.bottom, p.top, p.xc):
                if best is None or rise < best[0]:
                    best = (rise, k)
        if best is None:
            open_.append(len(out))
            out.append(Block(c0, [p]))
            spans.append(mine)
        else:
            out[best[1]].pieces.append(p)
            spans[best[1]] |= mine
    return split_ended(out, cols, widest, h)


_CUT_UNIT = regex.compile(r"\d\s*\p{Han}{1,3}\s*[/／]$")


def _cut_unit(a: Piece, b: Piece, limit: float) -> bool:
    """A target cut after its unit's slash (">=570元/" over "人*月") goes on
    to the next line.  Measured top to top: a line holding a glyph of a
    fallback font ("*") sets its characters' boxes lower."""
    return _CUT_UNIT.search(a.text) is not None and b.top - a.top <= limit


def _single(p: Piece) -> bool:
    return glyph(p) is not None


def _stack_step(a: Piece, b: Piece, limit: float | None, h: float) -> bool:
    """Two characters printed one per line follow each other in one cell: as
    close as the table's line pitch allows (`limit`), or STACKED × the glyph
    height where no pitch was measured.  Measured between the characters'
    centres, with some slack for a tight glyph box (a character printed alone
    may have no advance box: its bottom is where its ink ends)."""
    ga, gb = glyph(a), glyph(b)
    rise = (gb.top + gb.bottom - ga.top - ga.bottom) / 2
    if limit is None:
        return rise <= STACKED * h
    ha, hb = ga.bottom - ga.top, gb.bottom - gb.top
    tight = min(ha, hb) < 0.95 * max(ha, hb, h)
    return rise <= limit + (0.5 if tight else 0.0)


def _step(a: Piece, b: Piece, limit: float, h: float) -> bool:
    """Line b follows line a in one cell: baselines within `limit`; beside a
    character printed alone (whose box may be tight) measured between centres,
    between a line of Chinese alone and one holding Latin letters, digits or
    signs ("指标" / "(50", "目标值" / "(A)", "…人口数" / "≥**人") top to top
    as well."""
    ga, gb = glyph(a), glyph(b)
    if ga is None and gb is None:
        if _pure(a.text) != _pure(b.text) and len((b.text if _pure(a.text) else a.text).strip()) >= 2:
            # (a Latin or sign glyph's box reaches lower, its line set lower, and its top less so)
            return min(b.base - a.base, b.top - a.top) <= limit
        return b.base - a.base <= limit
    tight = any(g is not None and g.bottom - g.top < 0.95 * h for g in (ga, gb))
    return centre(b) - centre(a) <= limit + (0.5 if tight else 0.0)


def _pure(text: str) -> bool:
    """Chinese characters and full-width marks only (one font's boxes)."""
    return all(chinese(ch) for ch in text if not ch.isspace())


def _keeps_alignment(b: Block, p: Piece, h: float) -> bool:
    """A block whose lines share a left edge but not a right one is a
    left-aligned text: a line that does not start there (a centred label
    under a paragraph) is not its continuation."""
    if len(b.pieces) < 2 or abs(p.x0 - b.pieces[0].x0) <= 0.6 * h:
        return True
    left = all(abs(q.x0 - b.pieces[0].x0) <= 0.6 * h for q in b.pieces)
    right = max(q.x1 for q in b.pieces)
    return not (left and any(right - q.x1 > 0.6 * h for q in b.pieces))


def overlap(a, b) -> float:
    """Height two boxes share (negative: the gap between them)."""
    return _overlap(a.top, a.bottom, b.top, b.bottom)


def build_rows(pieces: list[Piece], cols: list[float], rules: list[Rule], h: float,
               pitch: float | None = None) -> list[Row]:
    """Rows of one table: bands between rules when the table is ruled above
    and below, else rows found in the text (`text_rows`).  `pitch`: the line
    pitch when this region shows none (carried from the table's previous page)."""
    top, bottom = min(p.top for p in pieces), max(p.bottom for p in pieces)
    pitch = line_pitch(by_column(pieces, cols), cols, h) or pitch
    if len({round(r.y) for r in rules if top - 2 * h < r.y < bottom + 2 * h}) >= 2:
        return band_rows(pieces, cols, rules, h, pitch)
    rows = text_rows(blocks(pieces, cols, rules, h, pitch), cols, rules)
    rows[0].starts = True
    for above, row in zip(rows, rows[1:]):
        if _title_row(above, cols):
            row.starts = True  # under a title printed inside the table: no label reaches above
    return rows


def _title_row(row: Row, cols: list[float]) -> bool:
    """A row holding one line of text, a third of the table's width or more,
    centred on it with a margin on either side: a title or a band inside the table."""
    if len(row.pieces) != 1:
        return False
    p, width = row.pieces[0], cols[-1] - cols[0]
    left, right = p.x0 - cols[0], cols[-1] - p.x1  # (a text across the value columns has no left margin)
    return p.x1 - p.x0 >= 0.3 * width and min(left, right) >= 0.15 * width and abs(left - right) <= 0.1 * width


def text_rows(bl: list[Block], cols: list[float], rules) -> list[Row]:
    """Rows from cell blocks, the dual of the column edges: between two blocks
    of a column lies a row boundary.  Boundaries are chosen greedily where most
    such gaps agree and fewest blocks are cut (a block cut is a label merged
    over several rows); a gap holding a boundary supports no other, and a
    boundary needs at least as many gaps as the blocks it cuts."""
    if not bl:
        return []
    top, bottom = min(b.top for b in bl), max(b.bottom for b in bl)
    cover = [_cols(b, cols) for b in bl]
    gaps = []
    for c in range(len(cols) - 1):
        mine = sorted((b for b, cs in zip(bl, cover) if c in cs), key=lambda b: b.top)
        for a, b in zip(mine, mine[1:]):
            if b.top > a.bottom:
                gaps.append((a.bottom, b.top))
    scale = 2.0  # half-point bins
    lo = top - 1.0
    n = int((bottom - lo) * scale) + 2
    cut = _coverage(([((b.top - lo) * scale, (b.bottom - lo) * scale)] for b in bl), 0, n)
    text = _coverage(([((b.top - lo) * scale, (b.bottom - lo) * scale)] for b in bl if not _label(b)), 0, n)
    # where no block is, a row ends; elsewhere a boundary cuts merged labels
    ys = [lo + (a + b) / 2 / scale for a, b in low_runs(cut, 0, 2) if a > 0 and b < n - 1]
    sizes = sorted(b - a for a, b in gaps)
    usual = sizes[len(sizes) // 4] if sizes else None  # the space between two rows of one line each
    while True:
        free = [g for g in gaps if not any(g[0] < y < g[1] for y in ys)]
        support = _coverage(([((a - lo) * scale, (b - lo) * scale)] for a, b in free), 0, n)
        wide = _coverage(([((a - lo) * scale, (b - lo) * scale)] for a, b in free
                          if usual and b - a >= 0.9 * usual), 0, n)
        best = _best_bin(support, cut, text, wide)
        if best is None:
            break
        ys.append(lo + best / scale)
    ys = sorted(_at_label_ends(y, bl) for y in ys)
    rows: list[list[Block]] = [[] for _ in range(len(ys) + 1)]
    out = [Row(0.0, 0.0) for _ in range(len(ys) + 1)]
    cut_blocks = []
    for b in bl:
        for p in b.pieces:
            out[sum(1 for y in ys if y < p.yc)].pieces.append(p)
        first = sum(1 for y in ys if y < b.top + 0.25 * glyph_height(b))
        last = sum(1 for y in ys if y < b.bottom - 0.25 * glyph_height(b))
        if last > first:  # a block a boundary cuts: a label over the rows on both sides
            cut_blocks.append((b, first, last))
    for b, first, last in cut_blocks:
        if not _labels_a_row_each(b, out[first:last + 1]):
            out[first].spans.append(b)
    out = _between([r for r in out if r.pieces], cols)
    for r in out:
        r.top, r.bottom = min(p.top for p in r.pieces), max(p.bottom for p in r.pieces)
    return out


def _at_label_ends(y: float, bl: list[Block]) -> float:
    """A row boundary through a column of characters printed one per line,
    moved within the free space between the other columns' text to the widest
    step of that column there: where one label ends and the next begins (rows
    add padding to the line pitch)."""
    for b in bl:
        if not b.top < y < b.bottom or len(b.pieces) < 3 or not all(_single(p) for p in b.pieces):
            continue
        others = [p for o in bl if o is not b for p in o.pieces]
        lower = max((p.bottom for p in others if p.yc < y), default=b.top)
        upper = min((p.top for p in others if p.yc > y), default=b.bottom)
        chars = sorted(b.pieces, key=lambda p: p.yc)
        usual = sorted(q.yc - p.yc for p, q in zip(chars, chars[1:]))[(len(chars) - 1) // 2]
        steps = [(q.yc - p.yc, (p.bottom + q.top) / 2) for p, q in zip(chars, chars[1:])
                 if lower <= (p.yc + q.yc) / 2 <= upper]
        if steps and max(steps)[0] >= usual + PADDING * glyph_height(b):  # (a row's padding)
            return max(steps)[1]
    return y


def _labels_a_row_each(b: Block, rows: list[Row]) -> bool:
    """A column of characters printed one per line that the row boundaries cut
    into parts of two or more characters, a row's padding between the parts, each
    centred on its row's other text (or level with its top): labels of a
    key/value block a character wide, one per row (项/目/名/称 beside its value,
    主/管/部/门 beside the next), not one label merged over the rows."""
    if not all(_single(p) for p in b.pieces):
        return False
    parts = [sorted((p for p in row.pieces if p in b.pieces), key=lambda p: p.yc) for row in rows]
    if any(len(part) < 2 for part in parts):
        return False
    within = sorted(q.yc - p.yc for part in parts for p, q in zip(part, part[1:]))
    between = [b2[0].yc - a2[-1].yc for a2, b2 in zip(parts, parts[1:])]
    if min(between) < max(within) + max(PADDING * glyph_height(b), 1.25 * JITTER):
        return False  # set at one pitch through: one label's characters, merged over the rows
    for row in rows:
        mine = [p for p in row.pieces if p in b.pieces]
        rest = [p for p in row.pieces if p not in b.pieces]
        if len(mine) < 2 or not rest:
            return False
        h = glyph_height(b)
        top, bottom = min(p.top for p in mine), max(p.bottom for p in mine)
        r_top, r_bottom = min(p.top for p in rest), max(p.bottom for p in rest)
        if abs((top + bottom) - (r_top + r_bottom)) > 1.2 * h and abs(top - r_top) > 0.6 * h:
            return False
    return True


def _between(rows: list[Row], cols: list[float]) -> list[Row]:
    """A row of labels alone between two rows that leave their columns empty
    and fill columns to their right is no row: the labels sit in the middle
    of a block over both (a merged label whose padding kept it clear of
    either row's text); they join the row above, where `extract.labels`
    finds them centred on the two."""
    top = [min(p.top for p in r.pieces) for r in rows]
    bottom = [max(p.bottom for p in r.pieces) for r in rows]
    gaps = sorted(b - a for a, b in zip(bottom, top[1:]))
    usual = gaps[len(gaps) // 2] if gaps else 0.0
    k = 1
    while k < len(rows) - 1:
        mine = [spanned(p, cols) for p in rows[k].pieces]
        last = max(c1 for _, c1 in mine)
        used = {c for c0, c1 in mine for c in range(c0, c1 + 1)}
        ok = all(_short(p.text) for p in rows[k].pieces)
        # (leaves on both sides of a group sit half a row off, closer than rows are)
        half = max(min(p.top for p in rows[k].pieces) - bottom[k - 1],
                   top[k + 1] - max(p.bottom for p in rows[k].pieces)) < 0.5 * usual
        for other in (rows[k - 1], rows[k + 1]):
            spans = [spanned(p, cols) for p in other.pieces]
            ok = ok and not any(c in used for c0, c1 in spans for c in range(c0, c1 + 1)) \
                and (any(c0 > last for c0, _ in spans) or (half and _inside(spans, mine)))
        if ok:
            rows[k - 1].pieces += rows[k].pieces
            rows[k - 1].spans += rows[k].spans
            del rows[k]
        else:
            k += 1
    return rows


def _inside(spans: list[tuple[int, int]], mine: list[tuple[int, int]]) -> bool:
    """Another row's text lies between two of this row's labels: a group head and
    its members between tall leaves on either side (合计 | 基本支出 (小计 | 人员经费) |
    项目支出, the leaves centred on the two header rows)."""
    mine = sorted(mine)
    return any(a1 < c0 and c1 < b0 for (_, a1), (b0, _) in zip(mine, mine[1:]) for c0, c1 in spans)


def _short(text: str) -> bool:
    return len(text) <= 16 and not NUMERIC.match(text)  # (labels are short words)


def glyph_height(b: Block) -> float:
    """The height of a block's smallest line."""
    return min(p.height for p in b.pieces)


def _label(b: Block) -> bool:
    """A short text, not a number (a label that may be merged over rows)."""
    return _short("".join(p.text for p in b.pieces))


def _best_bin(support: list[float], cut: list[float], text: list[float], wide: list[float]) -> float | None:
    """The bin in most open gaps (two or more columns agree; one needs as many
    gaps as blocks cut, or to cut labels only, or to be as wide as the space
    between rows usually is: two cells of a column one under the other beside
    values merged over both), fewest blocks cut, the middle of the widest such run."""
    cands = [k for k, v in enumerate(support)
             if v >= 2 or (v >= 1 and (cut[k] <= v or text[k] == 0 or wide[k] >= 1))]
    if not cands:
        return None
    key = max((support[k], -cut[k]) for k in cands)
    return middle_of_widest([k for k in cands if (support[k], -cut[k]) == key])


def band_rows(pieces: list[Piece], cols: list[float], rules: list[Rule], h: float,
              pitch: float | None) -> list[Row]:
    """One row per band between two rule heights that holds text (a band
    reaches from rule to rule: text may touch a rule), unless the band holds
    several rows itself (a table ruled only around its header and body):
    two columns with three or more cells starting at the same heights."""
    ys = sorted({r.y for r in rules})
    bands: dict[int, list[Piece]] = {}
    for p in pieces:
        bands.setdefault(sum(1 for y in ys if y < p.yc), []).append(p)
    rows = []
    for k, ps in sorted(bands.items()):
        top = ys[k - 1] if k > 0 else min(p.top for p in ps)
        bottom = ys[k] if k < len(ys) else max(p.bottom for p in ps)
        bl = blocks(ps, cols, rules, h, pitch)
        if _several_rows(bl, h):
            more = text_rows(bl, cols, rules)
            more[0].top, more[-1].bottom = top, bottom
            rows += more
        else:
            rows.append(Row(top, bottom, ps))
    return rows


def _several_rows(bl: list[Block], h: float) -> bool:
    tops: dict[int, list[float]] = {}
    for b in bl:
        tops.setdefault(b.col, []).append(b.top)
    multi = sorted((t for t in tops.values() if len(t) >= 2), key=len, reverse=True)
    if len(multi) < 2:
        return False
    shared = sum(1 for t in multi[0] if any(abs(t - u) <= 0.5 * h for u in multi[1]))
    return shared >= 3
