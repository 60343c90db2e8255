"""Page image → deskewed image → ruling lines → table cell boxes.

The raster counterpart of pdfplumber's lattice finder, for scanned pages:
ruling lines are found by morphological opening (as camelot's lattice parser
does), the page is straightened by the angle of the long horizontal rules, and
every enclosed region of the ruling mask becomes a cell box.  Coordinates here
are pixels of the deskewed image; `extract.ocr` converts them to points.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from budgetpdf.extract.geometry import cluster

cv2.setNumThreads(1)  # one worker, one core

BBox = tuple[float, float, float, float]


@dataclass
class Table:
    bbox: BBox               # x0, top, x1, bottom in pixels
    cells: list[BBox]        # cell rectangles in pixels, edges shared with neighbours


SEAL_CHROMA = 60  # a pixel this far from grey is coloured ink (a red seal), not print


def render(pdf_path, page_index: int, dpi: int) -> np.ndarray:
    """The page as an 8-bit gray image at `dpi` (pypdfium2, no text layer needed),
    without its coloured ink (`without_colour`)."""
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        img = doc[page_index].render(scale=dpi / 72).to_numpy()
    finally:
        doc.close()
    return without_colour(img)


def without_colour(img: np.ndarray) -> np.ndarray:
    """Gray image of a BGR(A) render that keeps black print and drops coloured
    ink.  Each pixel is its brightest channel, so a red seal stamped over a
    table (公章) turns light; coloured pixels about as light as the seal's own
    ink (seal over paper) are paper.  Ink multiplies: where the seal covers
    black text or a rule the pixel is darker than the seal's ink and stays, so
    the strokes and rules it crosses are not cut; grey print is unchanged."""
    if img.ndim == 2:
        return np.ascontiguousarray(img)
    bgr = img[:, :, :3]
    gray = bgr.max(axis=2)
    coloured = (gray.astype(np.int16) - bgr.min(axis=2)) > SEAL_CHROMA
    if coloured.sum() > 50:  # the seal's own ink: the usual brightness of coloured pixels
        own = float(np.median(gray[coloured]))
        gray[coloured & (gray >= 0.8 * own)] = 255
    return np.ascontiguousarray(gray)


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink = 255.  Adaptive so uneven scan lighting and JPEG haze don't matter."""
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                 cv2.THRESH_BINARY_INV, 25, 12)


def _open(ink: np.ndarray, kw: int, kh: int) -> np.ndarray:
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(kw, 1), max(kh, 1)))
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)


def skew_angle(ink: np.ndarray, max_deg: float = 5.0) -> float:
    """Angle (degrees, image y down) of the long horizontal rules, length-weighted.

    A short kernel still catches a rule tilted by a degree or two; each long
    component then gets a least-squares line fit.
    """
    w = ink.shape[1]
    horiz = _open(ink, max(w // 40, 10), 1)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(horiz, connectivity=8)
    angles, weights = [], []
    for i in range(1, n):
        x, y, cw, ch, _area = stats[i]
        if cw < w // 6:
            continue
        ys, xs = np.nonzero(labels[y:y + ch, x:x + cw] == i)
        slope = np.polyfit(xs.astype(float), ys.astype(float), 1)[0]
        deg = math.degrees(math.atan(slope))
        if abs(deg) <= max_deg:
            angles.append(deg)
            weights.append(cw)
    if not angles:
        angles, weights = _text_line_angles(ink, max_deg)
    if not angles:
        return 0.0
    order = np.argsort(angles)
    cum = np.cumsum(np.asarray(weights, float)[order])
    return float(np.asarray(angles)[order][np.searchsorted(cum, cum[-1] / 2)])


def _text_line_angles(ink: np.ndarray, max_deg: float) -> tuple[list[float], list[int]]:
    """The angle of the lines of text of a page without rules (prose): the
    slant at which the ink's row profile is sharpest (lines and the gaps
    between them line up), searched to 0.025°; none on a page with little ink."""
    ys, xs = np.nonzero(ink)
    if len(ys) < 2000:
        return [], []
    if len(ys) > 200_000:
        keep = np.random.default_rng(0).choice(len(ys), 200_000, replace=False)
        ys, xs = ys[keep], xs[keep]
    xs = xs - xs.mean()
    best, best_score = 0.0, -1.0
    for deg in np.arange(-min(max_deg, 2.0), min(max_deg, 2.0) + 1e-9, 0.025):
        rows = np.round(ys - xs * math.tan(math.radians(deg))).astype(np.int64)
        score = float(np.var(np.bincount(rows - rows.min())))
        if score > best_score:
            best, best_score = float(deg), score
    return ([best], [1]) if abs(best) >= 0.1 else ([], [])  # (level within what this can tell)


def deskew(gray: np.ndarray, min_deg: float = 0.05) -> tuple[np.ndarray, float]:
    """Rotate the page so its rules are level; returns (image, angle applied)."""
    angle = skew_angle(binarize(gray))
    if abs(angle) < min_deg:
        return gray, 0.0
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    out = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    return out, angle


def rule_masks(ink: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling-line masks of a level page.

    Horizontal rules are longer than any character, so a long kernel suffices.
    Vertical rules can be as short as one text row, no taller than a glyph, so
    a vertical run is a rule only if it is straight (one column ±1 holds it:
    the strokes of a label printed down a cell wander) and either its ink runs
    unbroken into a horizontal rule at both ends — glyph strokes stop at their
    cell's padding, however tight the row — or it is longer than any glyph
    stack (30 pt), which keeps the open sides of a table cut by the page.
    A rule's run that merged into the text of the row below is trimmed back
    to the last horizontal rule it touches.  Where several vertical rules end
    at one height with no horizontal rule across (a page break cut the
    table), a closing rule is drawn, as `extract.ruled.closing_edges` does.
    """
    px = dpi / 72  # pixels per point
    hraw = _open(ink, int(40 * px), 1)
    horiz = cv2.dilate(hraw, np.ones((3, 9), np.uint8))  # bridge JPEG gaps
    vraw = _open(ink, 1, int(6 * px))
    vert = cv2.dilate(vraw, np.ones((7, 3), np.uint8))
    reach = cv2.dilate(horiz, np.ones((int(3 * px) * 2 + 1, 1), np.uint8)) > 0
    n, labels, stats, _ = cv2.connectedComponentsWithStats(vert, connectivity=8)
    out = np.zeros_like(vert)
    ends = []
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if h < 9 * px:
            continue
        mine = labels[y:y + h, x:x + w] == i
        core = _straight_core(vraw[y:y + h, x:x + w] > 0, mine)
        if core is None:  # a short rule whose run merged into the glyphs above or below
            part = _straight_part(vraw[y:y + h, x:x + w] > 0, mine, 9 * px)
            if part is None:
                continue
            a, b = part
            cols = np.nonzero(mine[a:b].any(axis=0))[0]
            x, y, w, h = x + cols[0], y + a, cols[-1] + 1 - cols[0], b - a
            mine = mine[a:b, cols[0]:cols[-1] + 1]
            core = _straight_core(vraw[y:y + h, x:x + w] > 0, mine)
            if core is None:
                continue
        xr = x + core
        touch = np.nonzero((mine & reach[y:y + h, x:x + w]).any(axis=1))[0]
        if not _alone(ink, hraw, x, y, w, h):
            continue
        if len(touch) and touch[-1] - touch[0] >= 9 * px and _joins_rules(ink, hraw, xr, y, y + h, px):
            # beyond its first and last rule a run is a glyph it merged into,
            # unless it goes on long and unbroken: the open side of a cut table
            a, b = touch[0], touch[-1] + 1
            raw = vraw[y:y + h, x:x + w] > 0
            if a >= 20 * px and _unbroken(raw[:a + 3], mine[:a + 3], core):
                a = 0
            if h - b >= 20 * px and _unbroken(raw[b - 3:], mine[b - 3:], core):
                b = h
            top, bottom = y + a, y + b
            keep = mine[a:b]
        elif h >= 30 * px and _unbroken(vraw[y:y + h, x:x + w] > 0, mine, core):
            top, bottom, keep = y, y + h, mine
        else:
            continue
        out[top:bottom, x:x + w][keep] = 255
        for a, b in _stroke_spans(ink, hraw, xr, top, bottom):
            out[a:b, x:x + w] = 0
        ends.append((xr, top, bottom))
    _close_cut_tables(horiz, ends, px)
    return horiz, out


def _straight_core(raw: np.ndarray, mine: np.ndarray) -> int | None:
    """Column (in the box) of a straight vertical run, None if it wanders."""
    raw = raw & mine
    rows = raw.any(axis=1).sum()
    if not rows:
        return None
    core = int(np.argmax(raw.sum(axis=0)))
    held = raw[:, max(core - 1, 0):core + 2].any(axis=1).sum()
    return core if held >= 0.85 * rows else None


def _straight_part(raw: np.ndarray, mine: np.ndarray, least: float) -> tuple[int, int] | None:
    """Rows [a, b) of the longest straight stretch of a run that wanders
    elsewhere (its most inked column ±1 holds ink all along, one-pixel breaks
    forgiven), grown by the dilation's three pixels; None if under `least`."""
    raw = raw & mine
    core = int(np.argmax(raw.sum(axis=0)))
    col = raw[:, max(core - 1, 0):core + 2].any(axis=1)
    col[1:-1] |= col[:-2] & col[2:]
    d = np.diff(np.concatenate(([0], col.astype(np.int8), [0])))
    spans = list(zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1)))
    a, b = max(spans, key=lambda r: r[1] - r[0])
    if b - a < least:
        return None
    return max(int(a) - 3, 0), min(int(b) + 3, raw.shape[0])


def _unbroken(raw: np.ndarray, mine: np.ndarray, core: int) -> bool:
    """The run's own column holds ink all the way (the mask is grown by three
    pixels at each end); a stack of glyph strokes has a gap at every glyph."""
    held = (raw & mine)[:, max(core - 1, 0):core + 2].any(axis=1).sum()
    return held >= 0.95 * (raw.shape[0] - 6)


def _alone(ink: np.ndarray, hraw: np.ndarray, x: int, y: int, w: int, h: int) -> bool:
    """A long vertical run with blank paper on at least one side: a rule.
    The strokes of a label printed down a narrow cell line up as long, but
    their glyphs have ink on both sides."""
    free = ~hraw[y:y + h, max(x - 6, 0):x + w + 6].any(axis=1)
    if not free.any():
        return False
    left = ink[y:y + h, max(x - 4, 0):x].any(axis=1) & free
    right = ink[y:y + h, x + w:x + w + 4].any(axis=1) & free
    n = free.sum()
    return min(left.sum(), right.sum()) <= 0.15 * n


def _stroke_spans(ink: np.ndarray, hraw: np.ndarray, xr: int, top: int, bottom: int) -> list[tuple[int, int]]:
    """Rows of a rule's run, between two horizontal rules it meets (the last
    one just past its end), where its own column is not inked most of the
    way: a glyph's stroke (目, 期) in a tight merged header cell that the
    dilation joined to the rule above it, not a wall of the cell."""
    lo, hi = max(top - 8, 0), min(bottom + 8, ink.shape[0])
    rule = hraw[lo:hi, max(xr - 3, 0):xr + 4].any(axis=1)
    col = ink[lo:hi, max(xr - 1, 0):xr + 2].any(axis=1)
    cross = np.flatnonzero(rule)
    out = []
    for a, b in zip(cross, cross[1:]):
        if b - a > 2 and col[a + 1:b].mean() < 0.9:
            out.append((max(lo + int(a) + 1, top), min(lo + int(b), bottom)))
    return out


def _joins_rules(ink: np.ndarray, hraw: np.ndarray, xr: int, y0: int, y1: int, px: float) -> bool:
    """The ink of column xr (±1) runs unbroken from the middle of [y0, y1)
    into a horizontal rule above and one below (one-pixel breaks forgiven)."""
    height = ink.shape[0]
    lo, hi = max(y0 - int(8 * px), 0), min(y1 + int(8 * px), height)
    col = ink[lo:hi, max(xr - 1, 0):xr + 2].any(axis=1)
    col[1:-1] |= col[:-2] & col[2:]
    rule = hraw[lo:hi, max(xr - 3, 0):xr + 4].any(axis=1)
    m = (y0 + y1) // 2 - lo
    gaps = np.nonzero(~col)[0]
    a = gaps[gaps < m].max() + 1 if (gaps < m).any() else 0
    b = gaps[gaps > m].min() if (gaps > m).any() else len(col)
    return bool(rule[a:m].any() and rule[m:b].any())


def _close_cut_tables(horiz: np.ndarray, ends: list[tuple[int, int, int]], px: float) -> None:
    """Draw a rule where several vertical rules end at one height and no
    horizontal rule runs across them."""
    tol = 3 * px
    t = int(tol)
    for key in (1, 2):  # tops, bottoms
        # an end on a horizontal rule that runs on both sides of it is not
        # cut: a rule under a spanning header (科目编码 over 类|款|项) is no
        # closing edge across the header cells beside it (科目名称, 合计); a
        # corner, where a rule only starts, may be the top of a cut column
        marks = sorted((e[key], e[0]) for e in ends if not _crossed(horiz, e[0], e[key], t))
        group: list[tuple[int, int]] = []
        for mark in marks + [(None, None)]:
            if group and (mark[0] is None or mark[0] - group[0][0] > tol):
                if len(group) >= 2:
                    yy = int(round(sum(g[0] for g in group) / len(group)))
                    if key == 2:
                        yy -= 1
                    x0, x1 = min(g[1] for g in group), max(g[1] for g in group)
                    band = horiz[max(yy - int(tol), 0):yy + int(tol) + 1, x0:x1 + 1].any(axis=0)
                    if x1 - x0 > 10 * px and band.mean() < 0.95:
                        cv2.line(horiz, (x0 - 1, yy), (x1 + 1, yy), 255, 3)
                group = []
            if mark[0] is not None:
                group.append(mark)


def _crossed(horiz: np.ndarray, x: int, y: int, t: int) -> bool:
    """A horizontal rule runs through (x, y) to both sides, beyond the
    dilation of a rule that only ends there."""
    rows = slice(max(y - 1 - t, 0), y + t)
    return bool(horiz[rows, max(x - 5 - t, 0):max(x - 5, 0)].any() and horiz[rows, x + 6:x + 6 + t].any())


def find_tables(gray: np.ndarray, dpi: int) -> list[Table]:
    """Tables of a level page: each outer ruled region with its enclosed cells."""
    return analyse(gray, dpi)[2]


def analyse(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray, list[Table], np.ndarray]:
    """Ink (255) of a level page, its ruling-line mask, its tables and its
    horizontal rules alone."""
    ink = binarize(gray)
    horiz, vert = rule_masks(ink, dpi)
    grid = cv2.bitwise_or(horiz, vert)
    return ink, grid, tables_of(grid, dpi), horiz


def tables_of(grid: np.ndarray, dpi: int) -> list[Table]:
    """Each outer region of a ruling mask with the cells it encloses."""
    contours, hierarchy = cv2.findContours(grid, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    px = dpi / 72
    min_cell = 4 * px
    tables: dict[int, list[BBox]] = {}
    for i, (_nxt, _prv, _child, parent) in enumerate(hierarchy[0]):
        if parent < 0:
            continue
        x, y, w, h = cv2.boundingRect(contours[i])
        if w >= min_cell and h >= min_cell:
            tables.setdefault(parent, []).append((x, y, x + w, y + h))
    out = []
    for parent, holes in tables.items():
        if len(holes) < 2:
            continue  # a framed box, not a table
        cells = snap_cells(holes, tol=3 * px)
        x0 = min(c[0] for c in cells)
        y0 = min(c[1] for c in cells)
        x1 = max(c[2] for c in cells)
        y1 = max(c[3] for c in cells)
        out.append(Table((x0, y0, x1, y1), cells))
    out.sort(key=lambda t: t.bbox[1])
    return out


def snap_cells(holes: list[BBox], tol: float) -> list[BBox]:
    """Hole rectangles → cell boxes sharing edges: a rule's two faces meet in its middle.

    A hole's left face and its neighbour's right face are one rule apart; both
    snap to the rule's centre line, so `build_grid` sees one edge per rule.
    """
    def centres(lo: list[float], hi: list[float]) -> list[float]:
        # a rule shows up as a hole's far face (hi) followed by the next hole's near face (lo)
        return cluster(list(lo) + list(hi), tol)

    xs = centres([h[0] for h in holes], [h[2] for h in holes])
    ys = centres([h[1] for h in holes], [h[3] for h in holes])

    def snap(v: float, edges: list[float]) -> float:
        return min(edges, key=lambda e: abs(e - v))
    return [(snap(h[0], xs), snap(h[1], ys), snap(h[2], xs), snap(h[3], ys)) for h in holes]


def ink_extent(crop: np.ndarray) -> tuple[int, int]:
    """Width and height (pixels) of the ink in a one-line crop: how much text
    the pixels hold, to check a recognizer's reading against."""
    ink = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))  # JPEG specks
    cols, rows = np.nonzero(ink.any(axis=0))[0], np.nonzero(ink.any(axis=1))[0]
    if not len(cols):
        return 0, 0
    return int(cols[-1] - cols[0] + 1), int(rows[-1] - rows[0] + 1)
