"""Where the text of a level page image is: one piece per line of text.

No detection model: the page is printed matter on a clean ground, its tables
are ruled, and `extract.raster` already knows the rules and the cells.  The
ink that is not a rule (`text_ink`) is cut into lines inside each cell and,
outside the tables, into lines of the page's loose text:

* rows of ink separated by blank rows are lines (strokes of 二/三 that leave a
  blank row inside one line are joined back: a line is never much taller
  than the page's glyphs);
* a line is cut where its blank gap is wider than `GAP` glyph heights (two
  texts side by side: 单位名称 … 单位：万元);
* a label printed one glyph per line down a narrow cell (绩效指标, 项目名称)
  is one piece whose glyphs are read side by side (`Piece.glyphs`).

A piece's crop is its ink box widened by `PAD_X`/`PAD_Y` glyph heights of the
page image itself (never white padding), kept inside its cell.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

PAD_X = 0.45   # crop margin left and right, in glyph heights
PAD_Y = 0.22   # crop margin above and below
LOW = 0.6      # a crop is at least this many glyph heights high
GAP = 1.2      # a blank this wide (glyph heights) parts two pieces on one line
CELL_GAP = 1.6  # the same inside a table cell

BBox = tuple[float, float, float, float]


@dataclass
class Piece:
    ink: BBox                      # box of the ink (pixels): where the text is
    crop: BBox                     # what the recognizer gets
    cell: tuple[int, int] | None   # (table, cell) index, None for loose text
    glyphs: list[BBox] = field(default_factory=list)  # a stacked label's glyph crops, top down
    glyph_ink: list[BBox] = field(default_factory=list)  # ... and their ink boxes


def text_ink(ink: np.ndarray, rules: np.ndarray, dpi: int) -> tuple[np.ndarray, float]:
    """Ink that is text, and the page's glyph height (pixels).

    Ruling lines are taken out; specks of scanner noise (components of a few
    pixels with no text next to them) too, unless several line up like the
    dots of "……".
    """
    text = cv2.bitwise_and(ink, cv2.bitwise_not(cv2.dilate(rules, np.ones((3, 3), np.uint8))))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(text, connectivity=8)
    w, h, area = stats[:, 2], stats[:, 3], stats[:, 4]
    px = dpi / 72
    big = (area >= 4 * px * px) & ((h >= 2.5 * px) | (w >= 2.5 * px))
    big[0] = False
    tall = h[big & (h >= 3 * px)]
    em = float(np.median(tall)) * 1.15 if len(tall) else 10 * px
    em = min(max(em, 5 * px), 30 * px)
    big |= (w >= 0.25 * em) & (w >= 2.5 * h) & (area >= 0.6 * w)  # a dash: 一, -, —
    big[0] = False
    near = cv2.dilate(np.where(big[labels], 255, 0).astype(np.uint8),
                      cv2.getStructuringElement(cv2.MORPH_RECT, (int(em) | 1, int(0.6 * em) | 1)))
    cx = (stats[:, 0] + w // 2).clip(0, text.shape[1] - 1)
    cy = (stats[:, 1] + h // 2).clip(0, text.shape[0] - 1)
    keep = big | (near[cy, cx] > 0)
    keep[0] = True
    keep[_dot_rows(np.nonzero(~keep)[0], cx, cy, area, em)] = True
    keep[0] = False
    return np.where(keep[labels], 255, 0).astype(np.uint8), em


def _dot_rows(small: np.ndarray, cx: np.ndarray, cy: np.ndarray, area: np.ndarray, em: float) -> list[int]:
    """Small components that sit in a row of three or more, evenly spaced a
    fraction of a glyph apart on one baseline and alike in size: the dots of
    an ellipsis, not noise (scanner specks are as small, but scattered)."""
    small = small[area[small] >= 4]
    if len(small) < 3:
        return []
    small = small[np.argsort(cy[small], kind="stable")]
    out: list[int] = []
    row = [small[0]]
    for a in list(small[1:]) + [None]:
        if a is not None and cy[a] - cy[row[-1]] <= 1:
            row.append(a)
            continue
        if len(row) >= 3:
            out += _even_runs(sorted(row, key=lambda i: cx[i]), cx, area, em)
        if a is not None:
            row = [a]
    return out


def _even_runs(row: list[int], cx: np.ndarray, area: np.ndarray, em: float) -> list[int]:
    out: list[int] = []
    run = [row[0]]
    for a in row[1:] + [None]:
        if a is not None and 0.1 * em < cx[a] - cx[run[-1]] <= 0.6 * em:
            run.append(a)
            continue
        if len(run) >= 3:
            steps, sizes = np.diff(cx[run]), area[run]
            if steps.max() <= 1.3 * steps.min() + 1 and sizes.max() <= 2.5 * sizes.min():
                out += run
        if a is not None:
            run = [a]
    return out


def runs(profile: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) of the True runs of a 1-d mask."""
    d = np.diff(np.concatenate(([0], profile.astype(np.int8), [0])))
    return list(zip(np.nonzero(d == 1)[0].tolist(), np.nonzero(d == -1)[0].tolist()))


def line_bands(rows: np.ndarray, em: float, counts: np.ndarray | None = None) -> list[tuple[int, int]]:
    """Lines of a region from its rows that hold ink (and how much: `counts`).

    A band much lower than a glyph (a stroke of 二, the dots of a 的) joins
    its neighbour when the two together are no taller than a glyph and a
    third; a band taller than one and a half glyphs (two lines a blur has
    joined) is cut at its thinnest row.
    """
    merged = [list(r) for r in runs(rows)]
    changed = True
    while changed and len(merged) > 1:
        changed = False
        for i, (a, b) in enumerate(merged):
            if b - a >= 0.55 * em:
                continue
            best = None
            for j in (i - 1, i + 1):
                if 0 <= j < len(merged):
                    lo, hi = min(a, merged[j][0]), max(b, merged[j][1])
                    gap = merged[j][0] - b if j > i else a - merged[j][1]
                    if hi - lo <= 1.3 * em and gap <= 0.45 * em and (best is None or gap < best[0]):
                        best = (gap, j, lo, hi)
            if best:
                _, j, lo, hi = best
                merged[min(i, j)] = [lo, hi]
                del merged[max(i, j)]
                changed = True
                break
    out: list[tuple[int, int]] = []
    for a, b in merged:
        out += _split_tall(a, b, em, counts)
    return out


def _split_tall(a: int, b: int, em: float, counts: np.ndarray | None) -> list[tuple[int, int]]:
    if counts is None or b - a <= 1.55 * em:
        return [(a, b)]
    lo, hi = a + int(0.6 * em), b - int(0.6 * em)
    if hi <= lo:
        return [(a, b)]
    seg = counts[lo:hi]
    cut = lo + int(np.argmin(seg))
    if counts[cut] > 0.25 * np.median(counts[a:b]):
        return [(a, b)]
    return _split_tall(a, cut, em, counts) + _split_tall(cut + 1, b, em, counts)


def line_pieces(region: np.ndarray, x0: int, y0: int, em: float, gap: float) -> list[BBox]:
    """Ink boxes (page pixels) of the lines in one region whose top left is
    (x0, y0), cut at wide blanks."""
    if not region.any():
        return []
    out = []
    counts = np.count_nonzero(region, axis=1)
    for a, b in line_bands(counts > 0, em, counts):
        cols = region[a:b].any(axis=0)
        spans = runs(cols)
        joined: list[list[int]] = []
        for s, e in spans:
            if joined and s - joined[-1][1] < gap * max(b - a, 0.6 * em):
                joined[-1][1] = e
            else:
                joined.append([s, e])
        for s, e in joined:
            sub = region[a:b, s:e].any(axis=1)
            ys = np.nonzero(sub)[0]
            if e - s < 0.25 * em and ys[-1] - ys[0] < 0.25 * em:
                continue  # a speck beside a line, not a line
            out.append((x0 + s, y0 + a + ys[0], x0 + e, y0 + a + ys[-1] + 1))
    return out


def _stacked(boxes: list[BBox], em: float, width: float) -> bool:
    """One glyph per line down a narrow cell: a vertical label."""
    if len(boxes) < 2 or width > 2.6 * em:
        return False
    widths = [b[2] - b[0] for b in boxes]
    centres = [(b[0] + b[2]) / 2 for b in boxes]
    return (max(widths) <= 1.7 * em and float(np.median(widths)) <= 1.25 * em
            and max(centres) - min(centres) <= 0.6 * em)


def cell_pieces(text: np.ndarray, cell: BBox, key: tuple[int, int], em: float, wall: float) -> list[Piece]:
    x0, y0, x1, y1 = (int(round(v)) for v in cell)
    ix0, iy0, ix1, iy1 = int(x0 + wall), int(y0 + wall), int(x1 - wall), int(y1 - wall)
    if ix1 - ix0 < 2 or iy1 - iy0 < 2:
        return []
    boxes = line_pieces(text[iy0:iy1, ix0:ix1], ix0, iy0, em, CELL_GAP)
    bounds = (ix0, iy0, ix1, iy1)
    if _stacked(boxes, em, ix1 - ix0):
        ink = (min(b[0] for b in boxes), boxes[0][1], max(b[2] for b in boxes), boxes[-1][3])
        glyphs = [pad(b, em, bounds) for b in boxes]
        return [Piece(ink, ink, key, glyphs, boxes)]
    return [Piece(b, pad(b, em, bounds), key) for b in boxes]


def drop_specks(pieces: list[Piece], em: float) -> list[Piece]:
    """Without pieces that would repeat a glyph of another piece when read:
    a piece whose ink lies inside a larger piece's ink box (a stroke of 三 the
    smear left apart from its line), and a speck (lower and narrower than
    half a glyph) whose crop reaches into another piece's ink."""
    def tiny(p: Piece) -> bool:
        return not p.glyphs and p.ink[2] - p.ink[0] < 0.45 * em and p.ink[3] - p.ink[1] < 0.45 * em

    def area(b: BBox) -> float:
        return max(b[2] - b[0], 0) * max(b[3] - b[1], 0)

    def common(a: BBox, b: BBox) -> float:
        return area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))

    def meets(a: BBox, b: BBox) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    def inside(p: Piece) -> bool:
        a = area(p.ink)
        return any(q is not p and area(q.ink) > a and common(p.ink, q.ink) >= 0.8 * a for q in pieces)
    return [p for p in pieces
            if not (tiny(p) and any(q is not p and meets(p.crop, q.ink) for q in pieces))
            and not (p.cell is None and not p.glyphs and inside(p))]


def pad(box: BBox, em: float, bounds: BBox) -> BBox:
    """The crop of an ink box: margins of the page's own pixels, and never
    lower than a line of glyphs (a lone dash or 0 keeps its scale)."""
    x0, y0, x1, y1 = box
    h = max(y1 - y0, LOW * em)
    mid = (y0 + y1) / 2
    top, bottom = min(y0, mid - h / 2) - PAD_Y * h, max(y1, mid + h / 2) + PAD_Y * h
    return (max(bounds[0], x0 - PAD_X * h), max(bounds[1], top),
            min(bounds[2], x1 + PAD_X * h), min(bounds[3], bottom))


def loose_pieces(text: np.ndarray, tables, em: float) -> list[Piece]:
    """Lines of the page outside every table.

    Text is smeared sideways by `GAP` glyphs so each line of words is one
    component; a component holding several lines is cut into its bands."""
    rest = text.copy()
    for t in tables:
        x0, y0, x1, y1 = (int(round(v)) for v in t.bbox)
        rest[max(y0 - 2, 0):y1 + 3, max(x0 - 2, 0):x1 + 3] = 0
    if not rest.any():
        return []
    k = cv2.getStructuringElement(cv2.MORPH_RECT, (int(GAP * em) | 1, 1))
    smear = cv2.dilate(rest, k)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(smear, connectivity=8)
    page = (0, 0, text.shape[1], text.shape[0])
    out = []
    for group in _same_line(stats, n, em):
        x, y = min(stats[i][0] for i in group), min(stats[i][1] for i in group)
        x1 = max(stats[i][0] + stats[i][2] for i in group)
        y1 = max(stats[i][1] + stats[i][3] for i in group)
        region = np.where(np.isin(labels[y:y1, x:x1], group), rest[y:y1, x:x1], 0)
        for b in line_pieces(region, x, y, em, GAP):
            out.append(Piece(b, pad(b, em, page), None))
    return out


def _same_line(stats: np.ndarray, n: int, em: float) -> list[list[int]]:
    """The smeared components, those of one line together: a smear is one
    pixel high, so glyphs of a line that share no row stay apart — the
    stroke of 一 at mid height beside the 、 at the foot of its box ("一、收支
    总表") — though their smears meet.  Components whose smeared boxes meet
    and one of which lies mostly within the other's rows are one line (a
    line at most a large title's height: not a picture beside a line)."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    order = sorted(range(1, n), key=lambda i: stats[i][0])
    for k, i in enumerate(order):
        xi, yi, wi, hi, _ = stats[i]
        for j in order[k + 1:]:
            xj, yj, wj, hj, _ = stats[j]
            if xj > xi + wi:
                break
            common = min(yi + hi, yj + hj) - max(yi, yj)
            if common >= 0.5 * min(hi, hj) and max(hi, hj) <= 2.5 * em:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(1, n):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())
