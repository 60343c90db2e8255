"""Comparator signs printed alone in a cell, read from the shape of their ink.

Templates with split 符号 | 指标值 | 单位 columns print ≥, ≤, =, >, < alone in a
cell.  The line recognizer, trained on text lines, reads such a lone sign as a
letter ("M", "N") or a dash: it has no neighbours to tell it what it is.  The
shapes are simple enough to read row by row, whatever the font, even where a
scan's blur has joined the strokes into one blob:

* *bar rows* are rows inked across nearly all the sign's width; a run of them
  is a bar;
* the other rows are a *chevron* when their ink's centre moves out to one side
  and back: to the right for ">", to the left for "<";
* a chevron with bars under it is "≥" / "≤" (≧ / ≦ print two bars); one whose
  bar runs parallel to its lower arm (⩾ / ⩽) is a chevron heavier below;
* no chevron and two bars, or one bar that is two strokes blurred together
  (its gray profile dark, lighter, dark), is "=".

Anything else (a letter, a digit, a dash, a character) gives None and the
recognizer's reading stands.
"""
from __future__ import annotations

import cv2
import numpy as np

MIN_AREA = 6      # pixels: smaller components are specks
BAR_FILL = 0.85   # a row inked over this share of the width is a bar row


def clean(mask: np.ndarray) -> np.ndarray:
    """The mask without specks, cropped to its ink."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    big = max((stats[i][4] for i in range(1, n)), default=0)
    # specks, and bits of a rule or of noise much smaller than the sign's strokes
    keep = np.isin(labels, [i for i in range(1, n) if stats[i][4] >= max(MIN_AREA, 0.1 * big)])
    ys, xs = np.nonzero(keep)
    if not len(ys):
        return keep[:0, :0]
    return keep[ys.min():ys.max() + 1, xs.min():xs.max() + 1]


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) of the True runs."""
    d = np.diff(np.concatenate(([0], flags.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist()))


def chevron(rows: np.ndarray) -> str | None:
    """">" or "<" when the rows' ink centres move out to one side and back."""
    centre = np.array([np.flatnonzero(r).mean() for r in rows if r.any()])
    if len(centre) < 5:
        return None
    width = rows.shape[1]
    k = max(1, len(centre) // 5)
    ends = (centre[:k].mean() + centre[-k:].mean()) / 2
    middle = centre[len(centre) // 3: len(centre) - len(centre) // 3].mean()
    if middle - ends >= 0.3 * width:
        return ">"
    if ends - middle >= 0.3 * width:
        return "<"
    return None


def sign_of(mask: np.ndarray, gray: np.ndarray | None = None) -> str | None:
    """The comparator sign a piece of ink is, or None when it is not one.
    `gray`: the same crop's gray levels (to split two blurred bars)."""
    if gray is not None:
        ys, xs = np.nonzero(mask)
        if len(ys):
            gray = gray[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    m = clean(mask)
    h, w = m.shape
    if h < 2 or w < 4:
        return None
    bar_rows = m.sum(axis=1) >= BAR_FILL * w
    bars = _runs(bar_rows)
    first_bar = bars[0][0] if bars else h
    # the chevron is what lies above the bars; rows between two blurred bars are bar
    body = [i for i in range(first_bar) if m[i].any() and not bar_rows[i]]
    if len(body) <= 1:
        if len(bars) == 2 and w >= 1.2 * h:  # two bars, however thick the font draws them
            return "="
        if w < 2.0 * h:
            return None
        if len(bars) == 1 and gray is not None and gray.shape == m.shape and _two_strokes(gray):
            return "="
        return None
    point = chevron(m[min(body):max(body) + 1])
    if point is None and bars:
        # a ⩾ whose slanted bar crosses the lower arm fills a row or two
        # across: that "bar" cuts the chevron short, but the whole is one
        point = chevron(m)
    if point is None:
        return _slanted(m)
    if bars or _lower_heavy(m):
        return {">": "≥", "<": "≤"}[point]
    return point


def _lower_heavy(m: np.ndarray) -> bool:
    """The lower half holds clearly more ink than the upper: a ⩾ / ⩽ whose
    bar runs beside the lower arm (a > or < is symmetric)."""
    h = m.shape[0]
    upper, lower = m[: h // 2].sum(), m[h - h // 2:].sum()
    return lower >= 1.3 * max(upper, 1)


def _slanted(m: np.ndarray) -> str | None:
    """"⩾" / "⩽": the bar under the chevron drawn parallel to its lower arm
    (many Chinese fonts), so blurred the two strokes fill rows in the sign's
    lower middle, not a bar at its foot: the whole sign is a chevron whose
    lower half holds clearly more ink than its upper half."""
    point = chevron(m)
    if point is None or not _lower_heavy(m):
        return None
    return {">": "≥", "<": "≤"}[point]


def _two_strokes(gray: np.ndarray) -> bool:
    """A bar whose rows are dark, lighter, dark: two strokes a blur joined."""
    profile = gray.astype(float).mean(axis=1)
    if len(profile) < 3:
        return False
    inner = profile[1:-1]
    k = int(np.argmax(inner)) + 1
    return profile[:k].min() + 25 <= profile[k] and profile[k + 1:].min() + 25 <= profile[k]
