"""Tables of a scanned page that have no ruling lines (or only horizontal ones).

The OCR's words go through the same borderless reader the text layer uses
(`extract.borderless.page_grids`), with the page's lattice grids, exactly as
`extract.pages.text_page` does for a text page: unruled tables beside ruled
ones, frames too narrow for their text, prose left alone.  That reader works on
characters, so each recognized line is cut into character boxes by the usual
widths of its characters (CJK and full-width forms one em, the rest about half),
spread over the line's ink.  The horizontal rules it needs come from the raster
rule mask.
"""
from __future__ import annotations

import logging

import cv2
import numpy as np
import regex

from budgetpdf.extract.grid import Grid, Word

_CLOSING = frozenset("，。、；：）」』》！？”’")
_OPENING = frozenset("（「『《“‘")
_WIDE = regex.compile(r"[\p{Han}\u3000-\u303f\uff00-\uffef“”‘’…—]")
log = logging.getLogger(__name__)


def char_words(word: Word, centres: list[float] | None = None,
               blanks: list[tuple[float, float]] = ()) -> list[Word]:
    """A line-level word as character words that tile its box.

    `centres`: x of each character where the recognizer read it; characters
    meet halfway between neighbours, except across a blank of the line's ink
    (`blanks`, wide ones only), so the reader sees the gaps the page has and
    no others.  Without centres the characters are spread over the box by
    their usual widths (CJK and full-width forms one em, the rest half)."""
    text = word.text
    if len(text) <= 1:
        return [word]
    if not centres or len(centres) != len(text):
        units = [1.0 if _WIDE.match(ch) else 0.55 for ch in text]
        scale = (word.x1 - word.x0) / sum(units)
        edges = [word.x0]
        for u in units:
            edges.append(edges[-1] + u * scale)
        spans = list(zip(edges, edges[1:]))
    else:
        cuts = [(a + b) / 2 for a, b in zip(centres, centres[1:])]
        bounds = [word.x0, *cuts, word.x1]
        spans = [[lo, hi] for lo, hi in zip(bounds, bounds[1:])]
        for g0, g1 in blanks:
            for i in range(len(spans) - 1):
                # a full-width mark owns the blank of its em box (after ，。、；：） and
                # before （), as its box in a text layer does: no gap there
                if (g0 - 1 <= spans[i][1] <= g1 + 1 and spans[i][0] < g0 and g1 < spans[i + 1][1]
                        and text[i] not in _CLOSING and text[i + 1] not in _OPENING):
                    spans[i][1], spans[i + 1][0] = g0, g1
    return [Word(ch, lo, word.top, hi, word.bottom, word.conf)
            for ch, (lo, hi) in zip(text, spans) if not ch.isspace() and hi > lo]


def em_boxes(chars: list[Word], em: float) -> list[Word]:
    """Full-width marks with the whole em box a text layer gives them: the
    blank after ，。、；：） (before （) is the mark's, not a gap between pieces."""
    out = []
    for w in chars:
        if w.text in _CLOSING:
            w = Word(w.text, w.x0, w.top, max(w.x1, w.x0 + em), w.bottom, w.conf)
        elif w.text in _OPENING:
            w = Word(w.text, min(w.x0, w.x1 - em), w.top, w.x1, w.bottom, w.conf)
        out.append(w)
    return out


def blanks_of(mask: np.ndarray, x0: float, em: float, k: float) -> list[tuple[float, float]]:
    """Blanks at least 0.6 glyph wide between the ink of a line (points);
    `mask` is the line's ink from x0 (pixels), k points per pixel."""
    cols = mask.any(axis=0)
    d = np.diff(np.concatenate(([0], cols.astype(np.int8), [0])))
    starts, ends = np.nonzero(d == 1)[0], np.nonzero(d == -1)[0]
    return [((x0 + e) * k, (x0 + s) * k) for e, s in zip(ends[:-1], starts[1:]) if s - e >= 0.6 * em]


def centres_of(text: str, read: str, steps: list[float], x0: float) -> list[float | None]:
    """x of each character of `text` (a repaired reading) where the recognizer
    read it: characters the repair kept keep their time step, the others
    take the middle of their neighbours."""
    import difflib
    out: list[float | None] = [None] * len(text)
    for a, b, n in difflib.SequenceMatcher(None, text, read, autojunk=False).get_matching_blocks():
        for k in range(n):
            out[a + k] = x0 + steps[b + k]
    known = [i for i, v in enumerate(out) if v is not None]
    if not known:
        return out
    for i in range(len(out)):
        if out[i] is None:
            left = max((j for j in known if j < i), default=None)
            right = min((j for j in known if j > i), default=None)
            if left is not None and right is not None:
                out[i] = out[left] + (out[right] - out[left]) * (i - left) / (right - left)
            else:
                out[i] = out[left if left is not None else right]
    return out


def rules_of(horiz: np.ndarray, dpi: int, min_pt: float = 20.0):
    """Horizontal rules of the raster rule mask, in points (extract.lines.Rule)."""
    from budgetpdf.extract.lines import Rule, merge_rules
    k = 72 / dpi
    n, _, stats, _ = cv2.connectedComponentsWithStats(horiz, connectivity=8)
    rules = [Rule((y + h / 2) * k, x * k, (x + w) * k) for x, y, w, h, _ in stats[1:]
             if w * k >= min_pt and h * k <= 4]
    return merge_rules(rules)


def with_borderless(lattice: list[Grid], chars: list[Word], horiz: np.ndarray, dpi: int,
                    page_no: int) -> list[Grid]:
    """The lattice grids plus the tables the borderless reader finds in the
    character words around them; the lattice grids alone if that reader is
    unavailable or fails (a scan's ruled tables must not be lost to it)."""
    try:
        from budgetpdf.extract import borderless
        grids, _ = borderless.page_grids(chars, rules_of(horiz, dpi), lattice, page_no)
    except Exception as e:  # noqa: BLE001
        log.warning("page %d: borderless reading of the OCR words failed: %s", page_no, e)
        return lattice
    return grids
