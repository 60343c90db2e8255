"""Pages printed sideways: turn them upright before any table is looked for.

Published documents carry landscape tables on portrait pages: a text layer
whose characters run up or down the page (a landscape sheet placed turned,
or a page whose /Rotate shows it sideways), and scans fed through the
scanner the long way.  The readers expect rows that run left to right, so
the page is turned first:

* text layer: each character's text matrix says which way it runs; when most
  of the page runs one way, words and rules are turned a quarter (or half)
  turn into a `VectorPage` (extract.vector.turned_page), which the table finders read like any page;
* scans: text lines are long blobs along the reading direction, so the page
  is turned until its lines lie level; which of the two level turns is
  upright is the one the recognizer reads with more confidence.
"""
from __future__ import annotations

import math

import numpy as np

from budgetpdf.extract.grid import Word

# a page turns when at least this share of its characters runs the same other way
_MAJORITY = 0.6


def char_turn(a: float, b: float) -> int:
    """Degrees (0, 90, 180, 270, counter-clockwise) a character's text matrix
    (a b c d in PDF space, y up) turns its baseline."""
    return int(round(math.degrees(math.atan2(b, a)) / 90.0)) % 4 * 90


def skewed(a: float, b: float, tol: float = 5.0) -> bool:
    """A character set at a slant (a diagonal watermark such as "政务公开" across
    the page): more than `tol` degrees off every quarter turn.  Such text is
    never part of a table and is left out of the text layer."""
    deg = math.degrees(math.atan2(b, a)) % 90.0
    return tol < deg < 90.0 - tol


def text_turn(angles: list[int]) -> int:
    """The turn of a page's text: the one most characters share, if they are
    a clear majority and it is not upright."""
    if not angles:
        return 0
    counts = np.bincount([a // 90 for a in angles], minlength=4)
    best = int(counts.argmax())
    return best * 90 if best and counts[best] >= _MAJORITY * len(angles) else 0


def plumber_turn(chars: list[dict]) -> int:
    """`text_turn` of a pdfplumber page's characters (a sample decides)."""
    sample = chars[:: max(1, len(chars) // 400)]
    return text_turn([char_turn(c["matrix"][0], c["matrix"][1]) for c in sample
                      if c.get("matrix") and c["text"].strip()])


def _turn_box(x0: float, top: float, x1: float, bottom: float, turn: int, width: float,
              height: float) -> tuple[float, float, float, float]:
    """A box (y down) after the page turns so text that ran at `turn` degrees
    reads left to right: 90 (reading upward) turns the page clockwise, 270
    (reading downward) counter-clockwise, 180 half round."""
    if turn == 90:
        return height - bottom, x0, height - top, x1
    if turn == 270:
        return top, width - x1, bottom, width - x0
    return width - x1, height - bottom, width - x0, height - top


def turn_words(words: list[Word], turn: int, width: float, height: float) -> list[Word]:
    return [Word(w.text, *_turn_box(w.x0, w.top, w.x1, w.bottom, turn, width, height), w.conf)
            for w in words]


def turn_edges(edges: list[dict], turn: int, width: float, height: float) -> list[dict]:
    out = []
    for e in edges:
        x0, top, x1, bottom = _turn_box(e["x0"], e["top"], e["x1"], e["bottom"], turn, width, height)
        flip = turn in (90, 270)
        orientation = {"h": "v", "v": "h"}.get(e.get("orientation"), None) if flip \
            else e.get("orientation")
        out.append({"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0,
                    "height": bottom - top, "orientation": orientation,
                    "object_type": e.get("object_type", "line")})
    return out



def _line_blobs(ink: np.ndarray, dpi: int, horizontal: bool) -> np.ndarray:
    """Boxes (x, y, w, h) of text lines running along one axis: glyphs joined
    across the gaps between them (about 2.5 pt), kept when long and of a
    glyph's thickness (strokes such as 一 and digits such as 1 drop out)."""
    import cv2
    gap = max(2, round(dpi / 72 * 2.5))
    size = (gap, 1) if horizontal else (1, gap)
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, size))
    _n, _labels, stats, _c = cv2.connectedComponentsWithStats(closed, connectivity=8)
    boxes = stats[1:, :4]
    along, across = (boxes[:, 2], boxes[:, 3]) if horizontal else (boxes[:, 3], boxes[:, 2])
    pt = dpi / 72
    keep = (along >= 4 * across) & (across >= 4 * pt) & (across <= 30 * pt)
    return boxes[keep]


def _text_ink(gray: np.ndarray, dpi: int) -> np.ndarray:
    """Ink without the long ruling lines (a rule is a line of neither axis)."""
    import cv2

    from budgetpdf.extract import raster
    ink = raster.binarize(gray)
    reach = max(dpi // 2, 10)
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, 1)))
    rules |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, reach)))
    return cv2.subtract(ink, rules)


def lines_run_down(gray: np.ndarray, dpi: int) -> bool:
    """Whether the page's text lines run down it (a sideways page): the total
    length of vertical line blobs clearly outweighs the horizontal ones."""
    ink = _text_ink(gray, dpi)
    across = _line_blobs(ink, dpi, True)[:, 2].sum()
    down = _line_blobs(ink, dpi, False)[:, 3].sum()
    return bool(down > 2 * across and down >= dpi)  # an inch of text at least


def _confidence(gray: np.ndarray, dpi: int, sample: int = 12) -> float:
    """Mean recognizer score over a sample of the page's longest text lines."""
    from budgetpdf.extract.ocr_engine import recognizer
    boxes = _line_blobs(_text_ink(gray, dpi), dpi, True)
    if not len(boxes):
        return 0.0
    boxes = boxes[np.argsort(-boxes[:, 2])][:sample]
    pad = max(2, dpi // 36)
    crops = [np.ascontiguousarray(gray[max(y - pad, 0):y + h + pad, max(x - pad, 0):x + w + pad])
             for x, y, w, h in boxes]
    return float(np.mean([r.score for r in recognizer()(crops)]))


def image_turns(gray: np.ndarray, dpi: int) -> int:
    """Counter-clockwise quarter turns (for np.rot90) that set a page image
    upright: 0 unless its text runs down the page; then whichever of the two
    quarter turns the recognizer reads better."""
    if not lines_run_down(gray, dpi):
        return 0
    scores = {k: _confidence(np.ascontiguousarray(np.rot90(gray, k)), dpi) for k in (1, 3)}
    return max(scores, key=scores.get)
