"""Borderless stage 3, within blocks: where rows are set a line pitch apart (no
padding), a text that ended short of its column's width is a cell of its own
when the next line starts level with a new cell of another column; a line that
filled its column wrapped (one text)."""
from __future__ import annotations

import regex

from budgetpdf.extract.columns import spanned
from budgetpdf.extract.lines import PieceSpan, wide
from budgetpdf.extract.pitch import fills, first_word
from budgetpdf.normalize.levels import is_level1, is_level2
from budgetpdf.normalize.vocab import GOALS, KV, ROLES, lookup


def split_ended(bl: list, cols: list[float], widest: dict, h: float) -> list:
    """A text (left-aligned or centred) whose line ended short of its column's
    width, and the next line, level with a new cell of another column, in a table
    whose cells start at their row's top: two cells set without padding (rows a
    line pitch apart), not one text (a wrapped line fills its column).  The width
    is the column's nearby (a key/value block above the table may set its columns
    wider than the table's own)."""
    firsts = [(b.pieces[0].top, block_cols(b, cols)) for b in bl]
    ends = {id(b): _ended(b, bl, widest, cols, h) for b in bl}
    # two columns whose texts end short on the same line and go on level on the
    # next are evidence for each other: a row of two wrapped cells ends there
    others = [(p.top, block_cols(b, cols)) for b in bl for _, p in ends[id(b)]]
    out = []
    for b in bl:
        mine = block_cols(b, cols)
        starts = [t for t, cs in firsts if not cs & mine]
        level = lambda y: any(abs(t - y) <= 0.3 * h for t in starts)  # noqa: E731
        also = [t for t, cs in others if not cs & mine]
        if not ends[id(b)] or not level(b.pieces[0].top):
            out.append(b)
            continue
        breaks = {id(p) for _, p in ends[id(b)] if level(p.top) or any(abs(t - p.top) <= 0.3 * h for t in also)}
        part = [b.pieces[0]]
        for p in b.pieces[1:]:
            if id(p) in breaks:
                out.append(type(b)(b.col, part))
                part = []
            part.append(p)
        out.append(type(b)(b.col, part))
    return out


def _ended(b, bl: list, widest: dict, cols: list[float], h: float) -> list:
    """(a, p) pairs of a block where line a ended short of its column's nearby
    width and p could open a new cell: a text that did not wrap there."""
    if len(b.pieces) < 2 or _one_name(b.pieces):
        return []
    x0, xc = b.pieces[0].x0, b.pieces[0].xc
    aligned_ = all(abs(q.x0 - x0) <= 0.6 * h for q in b.pieces) or all(abs(q.xc - xc) <= 0.6 * h for q in b.pieces)
    # a label set a character per line ("项" / "目" / "资" / "金" / "(元)")
    stacked = all(len(q.text) <= 2 or _aside(q.text) for q in b.pieces)
    if stacked or not aligned_:
        return []
    # (a line opening a bracket goes on: "(按月平均)")
    return [(a, p) for a, p in zip(b.pieces, b.pieces[1:])
            if wide(a.text) and not fills(a, p, widest, cols) and p.text.lstrip()[:1] not in "(（"
            and not _mid_sentence(a, b) and a.x1 - a.x0 + first_word(p) <= _near_widest(a, bl, cols, 8 * h) + 0.5]


def _near_widest(a, bl: list, cols: list[float], reach: float) -> float:
    """The widest line over a's columns within `reach` above or below it."""
    span = spanned(a, cols)
    return max(q.x1 - q.x0 for b in bl for q in b.pieces if spanned(q, cols) == span and abs(q.top - a.top) <= reach)


def _one_name(pieces: list) -> bool:
    """"可持" / "续影" / "响指标", "年度总" / "体目标": a level name or a label broken
    where its cell's text was (a line break typed in the cell), not two cells."""
    text = "".join(q.text for q in pieces)
    return is_level1(text) or is_level2(text) or any(lookup(t, text, 16) for t in (KV, GOALS, ROLES)) \
        or bool(regex.search(r"[(（]万?元[)）]$", text))  # a label over amounts: 年度预算执行情况（万元）


def _mid_sentence(a, b) -> bool:
    """A line of prose that ends inside its sentence ("…秋灌用水" / "调度，做好…。"):
    the text goes on, whatever lies level with its next line."""
    text = "".join(q.text for q in b.pieces)
    return bool(regex.search(r"[，。；,;]", text)) and not regex.search(r"[。；;！!？?]$", a.text.strip())


def _aside(text: str) -> bool:
    """A bracketed qualifier alone on its line ("（万元）", "（必填）"): it ends the
    text above it, never a cell of its own."""
    t = text.strip()
    return 2 < len(t) <= 10 and t[0] in "(（" and t[-1] in ")）"


def block_cols(b: PieceSpan, cols: list[float]) -> set[int]:
    out: set[int] = set()
    for p in b.pieces:
        c0, c1 = spanned(p, cols)
        out.update(range(c0, c1 + 1))
    return out
