"""OCR of image-only pages into the same Grid the text layer gives.

Pipeline per page: render (pypdfium2) → deskew → ruling lines → cell boxes
(`extract.raster`) → text detection on the whole page (PP-OCRv4 via
rapidocr_onnxruntime, models ship in its wheel) → each detected line cut at the
cell walls it crosses → recognition of every piece → `Word`s in PDF points →
`build_grid`, exactly as for text PDFs.  Cutting at the walls matters: the
detector happily joins "部门名称" and "东莞市司法局" across a rule into one line.
Painting the rules white first was tried and is worse: it eats strokes of
glyphs touching a rule (聘 → 请).
"""
from __future__ import annotations

import difflib
import logging
import os
import shutil
import subprocess
from functools import lru_cache

import numpy as np
import regex

from budgetpdf.extract import raster
from budgetpdf.extract.grid import Grid, Word, build_grid, loose_lines
from budgetpdf.model import PageContent
from budgetpdf.normalize.text import clean


MIN_SCORE = 0.5  # recognizer score below which a piece is noise, not text

_HAN = regex.compile(r"\p{Han}")
_WIDE = regex.compile(r"[\p{Han}\u3000-\u303f\uff00-\uffef“”‘’…—]")

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def engine():
    """One RapidOCR per process, pinned to one thread: a batch worker owns one core."""
    from rapidocr_onnxruntime import RapidOCR
    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, print_verbose=False)


def _bgr(gray: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2))


def detect(gray: np.ndarray) -> list[tuple[float, float, float, float]]:
    """Axis-aligned boxes of text lines (pixels); the page is already level."""
    boxes, _ = engine().text_det(_bgr(gray))
    if boxes is None:
        return []
    out = []
    for quad in boxes:
        xs, ys = quad[:, 0], quad[:, 1]
        out.append((float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())))
    return out


def split_at_walls(box, tables: list[raster.Table], wall: float):
    """Pieces of one text-line box, one per table cell it overlaps, each with
    the x-range it may grow into (its cell's interior; the page for loose text).

    Slivers narrower than half a line height are dropped: they are a glyph's
    edge poking over a wall, not text of that cell.
    """
    x0, y0, x1, y1 = box
    yc = (y0 + y1) / 2
    pieces = []
    for table in tables:
        tx0, ty0, tx1, ty1 = table.bbox
        if x1 <= tx0 or x0 >= tx1 or not ty0 <= yc <= ty1:
            continue
        for cx0, cy0, cx1, cy1 in table.cells:
            if not cy0 <= yc <= cy1:
                continue
            px0, px1 = max(x0, cx0 + wall), min(x1, cx1 - wall)
            if px1 - px0 >= 0.5 * (y1 - y0):
                pieces.append(((px0, max(y0, cy0 + wall), px1, min(y1, cy1 - wall)),
                               (cx0 + wall, cx1 - wall)))
        return pieces
    return [(box, (x0 - (y1 - y0), x1 + (y1 - y0)))]


def _same_line(a, b) -> bool:
    return min(a[3], b[3]) - max(a[1], b[1]) >= 0.5 * min(a[3] - a[1], b[3] - b[1])


def merge_overlaps(pieces):
    """Union of pieces of one cell that overlap on the same line: the detector
    sometimes returns two boxes sharing a glyph, which would be read twice."""
    pieces = sorted(pieces, key=lambda p: (p[1], p[0][0]))
    out: list = []
    for rect, bounds in pieces:
        for k, (r, b) in enumerate(out):
            if b == bounds and _same_line(r, rect) and rect[0] < r[2] and r[0] < rect[2]:
                out[k] = ((min(r[0], rect[0]), min(r[1], rect[1]),
                           max(r[2], rect[2]), max(r[3], rect[3])), b)
                break
        else:
            out.append((rect, bounds))
    return out


def widen(pieces, grow: float = 0.6):
    """Grow each piece sideways by `grow` line heights, never past its bounds
    nor into the next piece on the same line.  The detector often leaves out
    a lone leading sign (the ≥ of "≥6名") or a thin first stroke; the
    recognizer does not mind some blank margin.
    """
    out = []
    for i, ((x0, y0, x1, y1), (lo, hi)) in enumerate(pieces):
        h = y1 - y0
        left, right = max(lo, x0 - grow * h), min(hi, x1 + grow * h)
        for j, (other, _) in enumerate(pieces):
            if j == i or not _same_line(other, (x0, y0, x1, y1)):
                continue
            a0, a1 = other[0], other[2]
            if a1 <= x0:
                left = max(left, min(x0, (a1 + x0) / 2))
            elif a0 >= x1:
                right = min(right, max(x1, (x1 + a0) / 2))
        out.append((min(left, x0), y0, max(right, x1), y1))
    return out


def recognize(gray: np.ndarray, rects) -> list[tuple[str, float]]:
    """Text and score of each rectangle of the page image, cropped as is
    (white padding measurably hurts: "≥5000人" then reads as ">5000人")."""
    h, w = gray.shape
    crops = []
    for x0, y0, x1, y1 in rects:
        crop = gray[max(int(y0), 0):min(int(np.ceil(y1)), h), max(int(x0), 0):min(int(np.ceil(x1)), w)]
        crops.append(_bgr(crop))
    if not crops:
        return []
    res, _ = engine().text_rec(crops)
    return [(text, float(score)) for text, score, *_ in res]


def _units(text: str) -> float:
    """Width of a text in ems: CJK and full-width forms 1, the rest about half."""
    return sum(1.0 if _WIDE.match(ch) else 0.55 for ch in text)


def looks_short(crop: np.ndarray, text: str) -> bool:
    """The reading holds clearly fewer characters than the ink does.

    PP-OCRv4 silently skips some rarer characters (缮 never comes out); a CJK
    glyph is about 0.92 em tall, so ink width / height counts the characters.
    """
    w, h = raster.ink_extent(crop)
    return h > 0 and w / (h / 0.92) - _units(text) >= 0.7


def tesseract(crop: np.ndarray) -> str | None:
    """One line read by Tesseract (chi_sim), or None when it is not installed."""
    import cv2
    if not shutil.which("tesseract"):
        return None
    ok, png = cv2.imencode(".png", np.pad(crop, 8, constant_values=255))
    try:
        out = subprocess.run(["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", "7"],
                             input=png.tobytes(), capture_output=True, timeout=30,
                             env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except (OSError, subprocess.TimeoutExpired):
        return None
    return clean(out.stdout.decode("utf-8", "replace")) if out.returncode == 0 else None


def fill_skipped(text: str, other: str | None) -> str:
    """`text` with the CJK characters it skipped, taken from a second reading.

    Accepted only if the second reading is the first plus inserted Han
    characters, at most three: nothing is changed, no digit is guessed.
    """
    if not other or len(other) <= len(text) or len(other) - len(text) > 3:
        return text
    it = iter(other)
    if not all(ch in it for ch in text):  # text is not a subsequence of other
        return text
    sm = difflib.SequenceMatcher(None, text, other, autojunk=False)
    added = "".join(other[j0:j1] for op, _i0, _i1, j0, j1 in sm.get_opcodes() if op != "equal")
    return other if added and all(_HAN.match(ch) for ch in added) else text


# --- OCR confusions in value cells ------------------------------------------
# Letters inside a number: "1O0" "2,5O0" "l00" -> digits.  Only between digits
# (or a digit and a decimal point/percent): a letter in a word is left alone.
_LETTER_DIGIT = regex.compile(r"(?<=\d[.,]?)[OoIl|](?=[.,]?\d|%)|(?<![A-Za-z])[Oo](?=\.\d)")
_VALUE = regex.compile(r"^[≥≤<>=2]?[\dOoIl|][\d.,OoIl|]*(?:%|[\p{Han}/A-Za-z]{0,6})$")
# A comparator's lower bar gets lost ("≤" -> "<") or the sign is read as "2";
# the row's other value cell, printed the same way, shows which it was.
# Systematic misreads of one frequent word in sans-serif print (门 → 內/巾);
# neither reading is a word in simplified Chinese, so the swap cannot hurt.
_MISREAD = regex.compile(r"部[內巾]")
_RICHER = {("<", "≤"): "≤", (">", "≥"): "≥", ("2", "≥"): "≥"}


def fix_value(text: str) -> str:
    """Letter-for-digit confusions and rule remnants in a value-like cell."""
    text = text.strip("|").strip()
    if not _VALUE.match(text):
        return text
    return _LETTER_DIGIT.sub(lambda m: "0" if m.group() in "Oo" else "1", text)


def agree_comparators(a: str, b: str) -> tuple[str, str]:
    """Two value cells of one row that differ only in a confusable first sign
    both get the sign with the stroke the other lost."""
    if len(a) < 2 or a[1:] != b[1:] or not regex.match(r"\d", a[1]):
        return a, b
    sign = _RICHER.get((a[0], b[0])) or _RICHER.get((b[0], a[0]))
    return (sign + a[1:], sign + b[1:]) if sign else (a, b)


def fix_grid(grid: Grid) -> Grid:
    for cell in grid.cells:
        cell.text = fix_value(cell.text)
    for r in range(grid.n_rows):
        cells = [c for c in grid.row(r) if c.row == r and _VALUE.match(c.text)]
        for a, b in zip(cells, cells[1:]):
            a.text, b.text = agree_comparators(a.text, b.text)
    return grid


def read_image(gray: np.ndarray, dpi: int, page_no: int) -> tuple[list[Grid], list[Word]]:
    """Grids and all words (points) of one page image."""
    level, angle = raster.deskew(gray)
    tables = raster.find_tables(level, dpi)
    rects = widen(merge_overlaps([p for box in detect(level)
                                  for p in split_at_walls(box, tables, wall=dpi / 72)]))
    k = 72 / dpi
    words = []
    for rect, (text, score) in zip(rects, recognize(level, rects)):
        if not text.strip() or score < MIN_SCORE:
            continue
        x0, y0, x1, y1 = rect
        if _HAN.search(text):
            crop = level[int(y0):int(np.ceil(y1)), int(x0):int(np.ceil(x1))]
            if looks_short(crop, text):
                text = fill_skipped(text, tesseract(crop))
        text = _MISREAD.sub("部门", text)
        words.append(Word(text, x0 * k, y0 * k, x1 * k, y1 * k, score))
    grids = []
    for table in tables:
        boxes = [tuple(v * k for v in cell) for cell in table.cells]
        x0, y0, x1, y1 = (v * k for v in table.bbox)
        inside = [w for w in words if x0 <= w.xc <= x1 and y0 <= w.yc <= y1]
        grid = build_grid(boxes, inside, page_no, "ocr")
        if grid is not None and grid.n_rows >= 1 and grid.n_cols >= 2:
            grids.append(fix_grid(grid))
    log.debug("page %d: skew %.2f°, %d tables, %d words", page_no, angle, len(grids), len(words))
    return grids, words


def ocr_page(path, page, page_no: int, dpi: int = 150):
    """`PageContent` of a page without a usable text layer, in PDF points."""
    width, height = float(page.width), float(page.height)
    try:
        gray = raster.render(path, page_no - 1, dpi)
        grids, words = read_image(gray, dpi, page_no)
    except Exception as e:  # a bad page must not sink the document
        log.warning("OCR failed on page %d: %s", page_no, e)
        return PageContent(page_no, width, height, ocr=True, error=f"page {page_no}: OCR failed: {e}")
    # pixels of the rendered page map 1:1 to points at 72/dpi; pdfium renders the
    # page box, so this is the page's own coordinate frame
    return PageContent(page_no, width, height, grids, loose_lines(words, grids), ocr=True)
