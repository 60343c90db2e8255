"""Full-width or ASCII punctuation, from the ink of the page.

The recognizer reads `,` and `，` (`:`/`：`, `;`/`；`, `(`/`（`, `)`/`）`) as one
shape: both are printed, and the contract keeps them apart (`，：；（）` stay
full-width in free text, the ASCII forms stay ASCII).  A full-width mark sits
in a whole em box, so the blank beside its ink is wide — after `，：；）`
(their ink is at the left of the box in Chinese fonts), before `（` — while
an ASCII mark is set tight against its neighbours.  Each mark is found in
the line's ink near the time step where the recognizer read it; where its
neighbour is not there to measure (the mark ends the line, or a font's
punctuation squeezing trimmed the pair `）：`), the mark takes the form its
partner parenthesis has, else the form the same mark has elsewhere on the
page, else the recognizer's.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}
HALF = {v: k for k, v in FULL.items()}
# marks the recognizer reads alike in both widths whose full-width form
# leaves the right of its box blank
OPEN_RIGHT = frozenset("。、，,；;：:！!？?)）]】》」』”’")
QUOTES = "“”‘’"
WIDE_GAP = 0.4   # em: a blank at least this wide beside the ink → full-width
TIGHT_GAP = 0.28  # em: at most this → ASCII


@dataclass
class Mark:
    piece: int      # index of the reading
    pos: int        # index of the character in its text
    kind: str       # the ASCII form
    full: bool | None  # decided width, None when the ink cannot tell


def components(mask: np.ndarray) -> list[tuple[int, int, int, int, int]]:
    """Connected pieces of a line's ink: (x0, x1, top, bottom, area), x1 and
    bottom exclusive, left to right."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = [(int(x), int(x + w), int(y), int(y + h), int(a)) for x, y, w, h, a in stats[1:]]
    return sorted(out)


def _find(comps, x: float, kind: str, em: float, height: int):
    """The ink of the mark read at x: narrow, near x, placed as the mark is
    (a comma low in the line, a parenthesis tall); a colon's two dots are one
    mark.  (x0, x1) or None."""
    best, dist = None, 0.75 * em
    for a, b, top, bottom, _ in comps:
        if b - a > 0.45 * em:
            continue
        if kind in ",;" and bottom < 0.55 * height:
            continue
        if kind in "()" and bottom - top < 0.55 * height:
            continue
        d = abs((a + b) / 2 - x)
        if d < dist:
            best, dist = (a, b), d
    if best is None:
        return None
    a, b = best
    for c in comps:  # the other dot of a colon, the tail of a semicolon
        if c[1] - c[0] <= 0.45 * em and c[0] < b and a < c[1]:
            a, b = min(a, c[0]), max(b, c[1])
    return a, b


def decide(text: str, steps: list[float], mask: np.ndarray, x_offset: float, em: float,
           piece: int) -> list[Mark]:
    """Width of every ASCII/full-width mark in one reading.  `mask` is the
    line's text ink, `x_offset` the x of the crop's left edge within it."""
    marks = []
    comps = components(mask) if mask.size else []
    # what the blank is measured to: glyphs, not specks of noise beside them
    solid = [c for c in comps if c[4] >= 0.04 * em * em or c[3] - c[2] >= 0.4 * em]
    gaps = [q[0] - p[1] for p, q in zip(solid, solid[1:]) if q[0] - p[1] > 0]
    usual = min(float(np.median(gaps)), 0.2 * em) if gaps else 0.0
    for pos, (ch, step) in enumerate(zip(text, steps)):
        kind = HALF.get(ch, ch)
        if kind not in FULL:
            continue
        ink = _find(comps, step + x_offset, kind, em, mask.shape[0]) if comps else None
        full = None
        prev = text[pos - 1] if pos else ""
        if ink is not None and not (kind == "(" and prev in OPEN_RIGHT):
            # (after 。，、 or a closing bracket the blank before "(" is that
            # mark's own: their ink sits at the left of a whole em box)
            a, b = ink
            if kind == "(":
                # a glyph the mark's ink runs into (blur joined a colon's dot
                # to 户) is no blank away: it counts from the mark's edge
                before = [min(c[1], a) for c in solid if c[0] < a and c[1] <= b]
                gap = a - max(before) if before else None
            else:
                after = [max(c[0], b) for c in solid if c[1] > b and c[0] >= a]
                gap = min(after) - b if after else None
            nxt = text[pos + 1] if pos + 1 < len(text) else ""
            squeezed = kind != "(" and (HALF.get(nxt, nxt) in FULL or nxt in "。、")
            if gap is not None:
                gap -= usual
                if gap >= WIDE_GAP * em:
                    full = True
                elif gap <= TIGHT_GAP * em and not squeezed:
                    full = False
        marks.append(Mark(piece, pos, kind, full))
    return marks


def stacked(text: str, steps: list[float], piece, ink: np.ndarray, em: float, index: int) -> list[Mark]:
    """Parentheses of a label printed down a cell, one or two glyphs a line.

    The cell is about a glyph wide, so a parenthesis shares its line with a
    glyph only when it is the narrow ASCII one ("(万", "元)"); a full-width
    one would not fit and sits alone or makes its line two glyphs wide."""
    widths = [int(np.ceil(g[2])) - int(g[0]) for g in piece.glyphs]
    edges = np.cumsum([0] + widths)
    marks = []
    for pos, (ch, step) in enumerate(zip(text, steps)):
        kind = HALF.get(ch, ch)
        if kind not in "()":
            continue
        j = int(np.searchsorted(edges, step, side="right")) - 1
        if not 0 <= j < len(piece.glyph_ink):
            continue
        x0, y0, x1, y1 = (int(round(v)) for v in piece.glyph_ink[j])
        n = len(components(ink[y0:y1, x0:x1]))
        full = None
        if n >= 2 and x1 - x0 <= 1.45 * em:
            full = False
        elif x1 - x0 >= 1.75 * em:
            full = True
        marks.append(Mark(index, pos, kind, full))
    return marks


def settle(marks: list[Mark]) -> list[Mark]:
    """Undecided marks: a parenthesis as its partner, else the page's usual
    form of that mark (when the page is clear about it); a pair decided two
    ways takes the page's usual parenthesis."""
    by_piece: dict[int, list[Mark]] = {}
    for m in marks:
        by_piece.setdefault(m.piece, []).append(m)
    parens = [m.full for m in marks if m.kind in "()" and m.full is not None]
    for group in by_piece.values():
        opened: list[Mark] = []
        for m in group:
            if m.kind == "(":
                opened.append(m)
            elif m.kind == ")" and opened:
                o = opened.pop()
                if o.full is None:
                    o.full = m.full
                elif m.full is None:
                    m.full = o.full
                elif o.full != m.full and parens:
                    # a pair is one width: "(参保率）" has one side misjudged; the
                    # page's usual parenthesis decides which
                    o.full = m.full = sum(parens) * 2 > len(parens)
    for kind in FULL:
        votes = [m.full for m in marks if m.kind == kind and m.full is not None]
        if not votes:
            continue
        share = sum(votes) / len(votes)
        usual = True if share >= 0.8 else False if share <= 0.2 else None
        for m in marks:
            if m.kind == kind and m.full is None:
                m.full = usual
    return marks


def apply(text: str, marks: list[Mark]) -> str:
    chars = list(text)
    for m in marks:
        if m.full is not None:
            chars[m.pos] = FULL[m.kind] if m.full else m.kind
    return "".join(chars)


def _on_baseline(ch: str, c, base: float, em: float) -> bool:
    """A period ends on the baseline, a comma a little below it; the middle
    dot sits halfway up."""
    if ch == ",":
        return base - 0.15 * em - 1 <= c[3] <= base + 0.4 * em
    if ch == "·":
        return c[3] <= base - 0.2 * em
    return abs(c[3] - base) <= 0.15 * em + 1


def stray_marks(text: str, steps: list[float], mask: np.ndarray, em: float,
                gray: np.ndarray | None = None) -> str:
    """The reading without marks the ink does not hold: a "." "。" "、" or "-"
    read from a speck of noise at either end of a line, a ":" that is one dot on the
    baseline between digits (a decimal point: "68:42" → "68.42").

    A period or comma sits on the line's baseline; a minus sign is a bar at
    mid height; a speck is neither, or is much fainter than the print
    (`gray`: the same region's gray levels; printed marks are as dark as the
    strokes of the glyphs beside them)."""
    if not text or not mask.size:
        return text
    comps = components(mask)
    solid = [c for c in comps if c[4] >= 0.04 * em * em or c[3] - c[2] >= 0.4 * em]
    if gray is not None and gray.shape == mask.shape and solid:
        comps = [c for c in comps if c in solid or _bar(c, em) or not _faint(c, solid, gray)]
    if not solid:  # specks alone: a line of "." or "-" read from noise
        return "" if all(ch in ".,·'`-_" for ch in text) else text
    base = float(np.median([c[3] for c in solid]))
    top = float(np.median([c[2] for c in solid]))
    mid = (base + top) / 2
    chars = list(text)

    def ink_at(pos: int):
        x = steps[pos]
        near = [c for c in comps if c[1] - c[0] <= 0.5 * em and c[3] - c[2] <= 0.6 * em
                and abs((c[0] + c[1]) / 2 - x) <= 0.6 * em]
        return near

    def merged(pos: int, slack: float = 0.0) -> bool:
        """The mark's ink runs into a glyph beside it (試，): it cannot be
        told from a speck, so it stays.  (`slack`: a full-width mark's time
        step may fall just past its ink.)"""
        x, d = steps[pos], slack * em
        return any(c[0] - d <= x <= c[1] + d and c[1] - c[0] > 0.5 * em for c in comps)

    def stray(pos: int) -> bool:
        ch = chars[pos].replace("．", ".")  # the full-width period: the same speck
        if ch in ".,·":
            return not merged(pos) and not any(_on_baseline(ch, c, base, em) and c[4] >= 0.006 * em * em
                                               for c in ink_at(pos))  # (a pixel is no period)
        if ch in "。、":  # a full stop's ring, a dun's stroke: a third of an em, never a dot
            return not merged(pos, 0.15) and not any(
                min(c[1] - c[0], c[3] - c[2]) >= 0.15 * em for c in ink_at(pos))
        if ch in QUOTES:  # a quotation mark's strokes hang at the top of the line
            return not merged(pos) and not any(c[2] < mid for c in ink_at(pos))
        return ch == "-" and not any(
            _bar(c, em) and c[2] <= mid + 0.15 * em <= c[3] + 0.3 * em for c in ink_at(pos))

    lo, hi = 0, len(chars) - 1  # from each end inward: specks come in runs ("稳步推进.·")
    while lo <= hi and stray(lo):
        chars[lo] = ""
        lo += 1
    while hi > lo and stray(hi):
        chars[hi] = ""
        hi -= 1
    for pos in range(1, len(chars) - 1):
        if chars[pos] == ":" and chars[pos - 1].isdigit() and chars[pos + 1].isdigit():
            near = ink_at(pos)
            low = [c for c in near if c[2] >= mid]
            # a colon's two dots are alike; a speck above a decimal point is not
            if low and all(c[4] < 0.4 * max(d[4] for d in low) for c in near if c[2] < mid):
                chars[pos] = "."
    return "".join(chars)



FAINT = 0.5  # share of the way from the print's darkest to the paper


def _bar(c, em: float) -> bool:
    """A minus sign's ink: a bar at least a fifth of an em long, clearly longer
    than tall and thin (two specks corner to corner make no bar).  Printed
    thin, a scan leaves it light, so it is never taken for a faint speck
    (noise is dots, not bars): "-204.61"."""
    w, h = c[1] - c[0], c[3] - c[2]
    return w >= 0.18 * em and w >= 1.3 * h and h <= 0.25 * em


def _faint(c, solid, gray: np.ndarray) -> bool:
    """A component whose darkest pixel is much lighter than the glyphs' own
    darkest: scanner noise the adaptive threshold caught, not print."""
    def darkest(k) -> int:
        return int(gray[k[2]:k[3], k[0]:k[1]].min())
    stroke = float(np.median([darkest(k) for k in solid]))
    paper = float(np.median(gray))
    return darkest(c) > stroke + FAINT * (paper - stroke)


def asterisks(text: str, steps: list[float], mask: np.ndarray, em: float) -> str:
    """Each run of "*" as long as the ink holds: CTC reads two asterisks set
    side by side as one when no blank step falls between them ("≥**万元" read
    "≥*万元"), a placeholder templates print.  The stars are the blobs between
    the steps of the run's neighbours, each narrower and lower than a glyph,
    in the upper part of the line, bigger than a speck."""
    if "*" not in text or len(steps) != len(text) or not mask.size:
        return text
    comps = components(mask)
    glyphs = [c for c in comps if c[3] - c[2] >= 0.6 * em]  # the line's height, from whole glyphs
    if not glyphs:
        return text
    mid = (float(np.median([c[2] for c in glyphs])) + float(np.median([c[3] for c in glyphs]))) / 2
    out, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and text[j] == "*":
            j += 1
        if j == i:
            out.append(text[i])
            i += 1
            continue
        lo = steps[i - 1] if i else -1e9
        hi = steps[j] if j < len(text) else 1e9
        stars = [c for c in comps if lo < (c[0] + c[1]) / 2 < hi and c[1] - c[0] <= 0.6 * em
                 and c[3] - c[2] <= 0.6 * em and c[3] <= mid + 0.1 * em and c[4] >= 0.05 * em * em]
        out.append("*" * max(j - i, min(len(stars), 3)))
        i = j
    return "".join(out)


def long_marks(text: str, steps: list[float], mask: np.ndarray, em: float) -> tuple[str, list[float]]:
    """Each run of "—" or "…" as long as its ink: CTC reads two dashes or two
    ellipses set side by side as one when no blank step falls between them
    ("——" read "—", "……" read "…" or "…．").  A dash's ink is a flat bar an
    em long, an ellipsis three dots an em wide; both are counted between the
    run's neighbours.  Dots read beside an ellipsis are its own.  Returns the
    text and a step per character."""
    if not ("—" in text or "…" in text) or len(steps) != len(text) or not mask.size:
        return text, steps
    comps = components(mask)
    out, at, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch not in "—…":
            out.append(ch)
            at.append(steps[i])
            i += 1
            continue
        j = i
        while j < len(text) and text[j] == ch:
            j += 1
        k = j
        while ch == "…" and k < len(text) and text[k] in ".．·":
            k += 1
        lo = steps[i - 1] if i else -1e9
        hi = steps[k] if k < len(text) else 1e9
        between = [c for c in comps if lo < (c[0] + c[1]) / 2 < hi]
        if ch == "—":
            ink = sum(c[1] - c[0] for c in between if c[3] - c[2] <= 0.25 * em and c[1] - c[0] >= 0.6 * em)
            n = round(ink / em)
        else:
            dots = [c for c in between if c[1] - c[0] <= 0.3 * em and c[3] - c[2] <= 0.3 * em
                    and c[4] >= 0.01 * em * em]
            n = round(len(dots) / 3)
            if len(dots) > 3 * n:
                k = j  # (dots beyond the ellipses': a mark of their own, which stays)
        n = max(j - i, min(n, 2 * (j - i)))  # (never shorter than read; a doubled mark at most)
        out.append(ch * n)
        at += [steps[i]] * n
        i = k
    return "".join(out), at
