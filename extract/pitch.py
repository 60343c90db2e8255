"""Borderless stage 3 (part) — a table's line pitch: how far apart the lines of
one wrapped cell are, measured on the table itself, so that extract.rows can
tell a wrapped line (one cell) from the next row (a cell's padding further),
and which two lines can never be one cell (`apart`, `unit_wrapped`).

Renderers snap baselines to a pixel grid, so one table's pitches vary by a
jitter; single characters printed alone may have tight glyph boxes (their
bottom is where their ink ends), so beside them lines are measured between
centres.
"""
from __future__ import annotations

from collections import Counter

import regex

from budgetpdf.extract.columns import spanned
from budgetpdf.extract.lines import Piece, glyph, wide
from budgetpdf.normalize.text import clean, leaves_open
from budgetpdf.normalize.values import parse_value

NUMERIC = regex.compile(r"^[\d\s,.%％≥≤<>＞＜=+\-()（）—–－]*$")  # numbers and the dashes of an empty amount
JITTER = 0.8    # points a line pitch may vary by (renderers snap baselines to a pixel grid)


def aligned(a: Piece, b: Piece, h: float) -> bool:
    """Lines of one wrapped cell share a left edge, a right edge or a centre; a
    centred label under a left-aligned paragraph (2024年度目标) shares none."""
    tol = 0.6 * h
    return (abs(a.x0 - b.x0) <= tol or abs(a.x1 - b.x1) <= tol
            or abs(a.x0 + a.x1 - b.x0 - b.x1) <= 2 * tol)


def by_column(pieces: list[Piece], cols: list[float]) -> dict[int, list[Piece]]:
    """Pieces per first column, top to bottom."""
    out: dict[int, list[Piece]] = {}
    for p in sorted(pieces, key=lambda p: (p.top, p.x0)):
        out.setdefault(spanned(p, cols)[0], []).append(p)
    return out


def line_pitch(columns: dict[int, list[Piece]], cols: list[float], h: float) -> float | None:
    """The table's in-cell line pitch (baseline to baseline), measured where a
    line filled its column (the next line's first word would not have fitted
    after it: it is within a word of the widest line of the same columns) and
    the next, aligned, line carries on; None when no text wraps.  A pair is no
    wrap when it is as far apart as the column's other lines (mostly rows), or
    when another column has a line beside each of the two and its first did
    not fill its column (two rows).  The tightest such pitch (within the
    renderer's jitter) is the pitch: a row break adds the cell padding.  Lines
    of one or two characters (vertical labels, often set tighter) do not count."""
    if len(_lines(columns, h)) < 3:
        return None  # (two lines: the wider one set its column's width, so it "fills" it whatever they are)
    widest = widest_lines(columns.values(), cols)
    nexts = {id(a): b for ps in columns.values() for a, b in zip(ps, ps[1:])}

    def full(a: Piece, b: Piece) -> bool:
        return fills(a, b, widest, cols)

    def close_pairs(ps: list[Piece]) -> list[tuple[Piece, Piece]]:
        return [(a, b) for a, b in zip(ps, ps[1:]) if aligned(a, b, h)
                and abs(a.height - b.height) <= 0.2 * h and 0.9 * h <= rise(a, b, h) <= 1.8 * h]

    # two centred labels, the lower one wider, are two rows wherever they stand
    # (a centred text that wraps fills its first line): the table's row pitch
    # for a column that shows none of its own
    centred = [rise(a, b, h) for ps in columns.values() for a, b in close_pairs(ps) if _centred_pair(a, b, h)]
    found = []
    for c, ps in columns.items():
        pairs = close_pairs(ps)
        rows = sorted(rise(a, b, h) for a, b in pairs if not full(a, b))
        row_pitch = rows[len(rows) // 2] if len(rows) >= 2 else min(centred, default=None)
        for a, b in pairs:
            if len(a.words) < 3 or not full(a, b) or NUMERIC.match(b.text):
                continue  # (a number under a label is a row of its own: numbers never wrap)
            if row_pitch is not None and rise(a, b, h) > row_pitch - JITTER:
                continue  # as far apart as this column's rows: the widest text, then the next row
            beside = [(x, nexts.get(id(x))) for k, xs in columns.items() if k != c for x in xs
                      if abs(x.base - a.base) <= 0.3 * h]
            if any(y is not None and abs(y.base - b.base) <= 0.3 * h and not full(x, y) for x, y in beside):
                continue  # the row next to it broke there too: two rows, not a wrap
            found.append(rise(a, b, h))
    if not found:
        found = _closer_than_rows(columns, close_pairs, h)
    if not found or _one_step(columns, h):
        return None
    # the tightest pitch; but one wrap set tighter than the pitch two or more wraps
    # share, by less than a row's padding could add (a fifth of a glyph), is a label
    # set with other leading ("总体目" / "标"), not a sign that the others are rows
    ordered = sorted(found)
    low = ordered[0]
    if sum(1 for q in found if low <= q <= low + JITTER) < 2:
        shared = next((p for p in ordered if sum(1 for q in found if p <= q <= p + JITTER) >= 2), low)
        low = shared if shared - low < 0.2 * h else low
    near = Counter(round(4 * p) / 4 for p in found if low <= p <= low + JITTER)
    return max(near, key=lambda p: (near[p], p))  # the usual pitch: a line may sit a jitter off


def _lines(columns: dict[int, list[Piece]], h: float) -> list[list[float]]:
    """The baselines of the table's lines, grouped (within 0.3 h: one line)."""
    lines: list[list[float]] = []
    for base in sorted(p.base for ps in columns.values() for p in ps):
        if lines and base - lines[-1][0] <= 0.3 * h:
            lines[-1].append(base)
        else:
            lines.append([base])
    return lines


def _one_step(columns: dict[int, list[Piece]], h: float) -> bool:
    """Every line of the table has text in two or more columns, and each follows
    the one above at one step (within the jitter): a grid of one-line cells,
    each column's widest text the one that set its width.  Nothing tells a wrap
    from a row there, and a table that wraps shows a row's padding somewhere."""
    lines = _lines(columns, h)
    if len(lines) < 3 or any(len(ln) < 2 for ln in lines):
        return False
    rises = [rise(a, b, h) for ps in columns.values() for a, b in zip(ps, ps[1:])]
    return bool(rises) and max(rises) - min(rises) <= 2 * JITTER and max(rises) <= 1.8 * h


def _closer_than_rows(columns: dict[int, list[Piece]], close_pairs, h: float) -> list[float]:
    """Rises of text lines set closer than two rows of amounts: wraps of cells
    whose lines were broken by hand (a transcribed source keeps its breaks, so
    no line fills its column).  Amounts never wrap, so the tightest step
    between two of them one under the other (of two or more) bounds a row;
    lines of three or more characters closer than that by a row's padding (a
    quarter glyph, and beyond the jitter) are one cell's, unless another
    column has a line beside each that is an amount or a code, or text of three
    or more characters (a row each: labels of a two-sided table, names beside
    their codes), or their column shows no wider step (a list, a row a line)."""
    steps = amount_steps(columns, h, 4.0 * h)
    if len(steps) < 2:
        return []
    row = steps[0]

    def rows_beside(c: int, a: Piece, b: Piece) -> bool:
        for k, ps in columns.items():
            xs = [p for p in ps if abs(p.base - a.base) <= 0.3 * h]
            ys = [p for p in ps if abs(p.base - b.base) <= 0.3 * h]
            if k != c and xs and ys and all(NUMERIC.match(q.text) or len(q.words) >= 3 for q in (xs[0], ys[0])):
                return True
        return False

    wrap = row - max(0.25 * h, 2 * JITTER)
    # (a column whose lines all follow at one step shows no row break to tell its wraps from)
    breaks = {c for c, ps in columns.items() if any(wrap < b.base - a.base <= 4.0 * h for a, b in zip(ps, ps[1:]))}
    return [rise(a, b, h) for c, ps in columns.items() if c in breaks for a, b in close_pairs(ps)
            if len(a.words) >= 3 and not NUMERIC.match(a.text) and not NUMERIC.match(b.text)
            and rise(a, b, h) <= wrap and not rows_beside(c, a, b)]


def stack_step(columns: dict[int, list[Piece]], h: float) -> float | None:
    """Where no line pitch was measured: how far apart the characters of labels
    printed one per line usually follow each other (the most common step, and
    steps within the jitter of it); a step beyond that is a row's padding
    between two labels.  None with fewer than three such steps."""
    rises = []
    for ps in columns.values():
        for a, b in zip(ps, ps[1:]):
            ga, gb = glyph(a), glyph(b)
            if ga is None or gb is None or abs(a.xc - b.xc) > 0.6 * h:
                continue
            r = (gb.top + gb.bottom - ga.top - ga.bottom) / 2
            if 0.9 * h <= r <= 1.8 * h:
                rises.append(round(4 * r) / 4)
    if len(rises) < 3:
        return None
    counts = Counter(rises)
    usual = max(counts, key=lambda r: (counts[r], -r))
    return max(r for r in rises if abs(r - usual) <= JITTER) + 0.25  # (steps were rounded to 0.25)


def _centred_pair(x: Piece, y: Piece, h: float) -> bool:
    """Two centred Chinese labels one under the other, the lower one wider by
    more than a character and a half (brackets are narrow): a centred text
    that wraps fills its first line, so they are two cells (a paragraph's
    explicit line breaks share a left edge instead; a bracketed note set under
    a label, "(必填)", is one cell with it)."""
    return (wide(x.text) and wide(y.text) and not regex.search(r"[0-9A-Za-z]|^\s*[(（\[【]", y.text)
            and abs(x.x0 + x.x1 - y.x0 - y.x1) <= 0.6 * h and len(x.words) >= 3 and y.x1 - y.x0 > x.x1 - x.x0 + 1.5 * h)


def widest_lines(groups, cols: list[float]) -> dict[tuple[int, int], float]:
    """The widest line over each run of columns."""
    widest: dict[tuple[int, int], float] = {}
    for ps in groups:
        for p in ps:
            key = spanned(p, cols)
            widest[key] = max(widest.get(key, 0.0), p.x1 - p.x0)
    return widest


def fills(a: Piece, b: Piece, widest: dict, cols: list[float]) -> bool:
    """Line a filled its columns: b's first word would not have fitted after it
    (a number or a code never does: it does not wrap)."""
    return wide(a.text) and a.x1 - a.x0 + first_word(b) > widest.get(spanned(a, cols), 0.0) + 0.5


def number_step(columns: dict[int, list[Piece]], h: float) -> float | None:
    """The tightest step between two amounts or codes one under the other in a
    column (numbers never wrap: each is a row of its own), seen twice or more;
    None without such pairs."""
    steps = amount_steps(columns, h, 1.8 * h)
    return steps[1] if len(steps) >= 2 else None


def amount_steps(columns: dict[int, list[Piece]], h: float, most: float) -> list[float]:
    """Steps between two amounts or codes one under the other in a column,
    aligned on a side, from 0.9 glyph heights to `most`, tightest first."""
    return sorted(b.base - a.base for ps in columns.values() for a, b in zip(ps, ps[1:])
                  if NUMERIC.match(a.text) and NUMERIC.match(b.text) and regex.search(r"\d", a.text + b.text)
                  and (abs(a.x1 - b.x1) <= 0.6 * h or abs(a.x0 - b.x0) <= 0.6 * h)
                  and 0.9 * h <= b.base - a.base <= most)


_NO_START = set(")）]］】」』〉》、，,。.：:；;！!？?%％·・…—")


def first_word(piece: Piece) -> float:
    """Width of what a line break could not have split: the first character of
    Chinese text, the first word of Latin text or a number."""
    words = sorted(piece.words, key=lambda w: w.x0)
    end, k = words[0].x1, 1
    for prev, w in zip(words, words[1:]):
        if wide(prev.text) or wide(w.text) or w.x0 - prev.x1 > 0.15 * (w.bottom - w.top):
            break
        end, k = w.x1, k + 1
    # closing marks never start a line: they went down with the word before them ("年)");
    # nor does a slash, nor a number after it or an ASCII colon ("额/2023年", "款:683":
    # the break was before 额, 款; Unicode line breaking keeps SY/IS × NU)
    slash = False
    while k < len(words) and words[k].x0 - end <= 0.15 * (words[k].bottom - words[k].top):
        t = words[k].text
        if not (t in _NO_START or t == "/" or (slash and t.replace(".", "").isdigit())):
            break
        slash = t in ("/", ":") or (slash and t.replace(".", "").isdigit())
        end, k = words[k].x1, k + 1
    return end - words[0].x0


def rise(a: Piece, b: Piece, h: float) -> float:
    """From line a to line b: between the middles of their Chinese characters
    when both have some (digits' and Latin glyph boxes sit lower: "2020年12月"
    over "完成"; a character printed alone may have a tight box), else
    baseline to baseline."""
    if any(wide(w.text) for w in a.words) and any(wide(w.text) for w in b.words) or \
            any(g is not None and g.bottom - g.top < 0.95 * h for g in (glyph(a), glyph(b))):
        return centre(b) - centre(a)
    return b.base - a.base


def centre(p: Piece) -> float:
    """The middle of a piece's Chinese characters (Latin glyph boxes and
    brackets reach lower)."""
    ws = [w for w in p.words if wide(w.text)] or p.words
    return sorted((w.top + w.bottom) / 2 for w in ws)[len(ws) // 2]


def apart(a: Piece, b: Piece, full: bool) -> bool:
    """Two lines that are never one cell: text that did not fill its column and
    a bare number under it, or a number and text (an amount or a column number
    does not wrap onto a label's line; "大于 | 90%" in a narrow cell does), or
    the 栏次 / 行次 of a final-accounts column-number row, a row of its own."""
    kinds = [bool(NUMERIC.match(p.text) and regex.search(r"\d", p.text)) for p in (a, b)]
    if leaves_open(a.text) and regex.search(r"[)）]", b.text):
        return False  # "规划(15" over "分)": a bracket opened on one line and closed on the next
    return (kinds[0] != kinds[1] and not (full and kinds[1])) or \
        any(_COLUMN_NUMBERS.match(p.text) for p in (a, b))


_COLUMN_NUMBERS = regex.compile(r"^\s*[栏行]\s*次\s*$")


def unit_wrapped(a: Piece, b: Piece, widest: dict, cols: list[float]) -> bool:
    """A target's number filling its narrow column and its unit alone on the
    next line (">=21933" / "人", "<=5300" / "元/户"): one cell, the unit the number's."""
    unit = clean(b.text)  # (a text layer may print radicals for the characters: ⼈)
    if not regex.search(r"\d", a.text) or not regex.fullmatch(r"\p{Han}{1,3}(?:[/／·*]\p{Han}{1,3})*", unit):
        return False
    if parse_value(clean(a.text) + unit).unit != unit:
        return False
    if regex.search(r"[/／·*]", unit):
        return True  # (a unit per something is never a cell's whole text: the line wrapped inside it)
    return a.x1 - a.x0 + (b.x1 - b.x0) / len(b.text) > widest.get(spanned(a, cols), 0.0) + 0.5
