"""OCR of image-only pages into the same Grid the text layer gives.

Pipeline per page: render (pypdfium2) → deskew → ruling lines → cell boxes
(`extract.raster`) → lines of text inside each cell and outside the tables
(`extract.ocr_layout`) → PP-OCRv4 recognition of each line
(`extract.ocr_engine`) → repairs (`extract.ocr_fix`) → `Word`s in PDF points
→ `build_grid`, exactly as for text PDFs.  Lines are found inside their cell,
so a line never runs across a rule ("部门名称" and "东莞市司法局" stay apart);
the crops are the page's own pixels (painting the rules white eats strokes of
glyphs touching a rule: 聘 → 请).
"""
from __future__ import annotations

import logging

import cv2
import numpy as np
import regex

from budgetpdf.extract import ocr_layout, ocr_punct, ocr_signs, ocr_tables, ocr_words, orient, raster
from budgetpdf.extract.grid import Grid, Word, build_grid, loose_lines
from budgetpdf.extract.ocr_engine import Reading, recognizer
from budgetpdf.extract.ocr_fix import (  # noqa: F401  (the repairs' public names)
    agree_comparators, dash_as_one, dash_width, digit_gap, digits_inserted, fill_skipped, fix_grid,
    fix_value, han_gap, looks_short, subsequence, tesseract, fix_misreads, tesseract_all,
    year_without_point,
)
from budgetpdf.model import PageContent

MIN_SCORE = 0.5  # recognizer score below which a piece is noise, not text
DOUBT = 0.7      # a reading less sure than this is read again from wider crops

_HAN = regex.compile(r"\p{Han}")
_DOTS = regex.compile(r"^[.·…。,]+$")

log = logging.getLogger(__name__)


def engine():
    """The recognizer, loaded once per process."""
    return recognizer()


def crop(gray: np.ndarray, box) -> np.ndarray:
    h, w = gray.shape
    x0, y0, x1, y1 = box
    return gray[max(int(y0), 0):min(int(np.ceil(y1)), h), max(int(x0), 0):min(int(np.ceil(x1)), w)]


def stitch(gray: np.ndarray, glyphs, em: float) -> np.ndarray:
    """The glyphs of a label printed down a cell, side by side on one line."""
    crops = [crop(gray, b) for b in glyphs]
    height = max(c.shape[0] for c in crops)
    parts = []
    for c in crops:
        top = (height - c.shape[0]) // 2
        canvas = np.full((height, c.shape[1]), int(np.median(c)), np.uint8)
        canvas[top:top + c.shape[0]] = c
        parts.append(canvas)
    return np.ascontiguousarray(np.hstack(parts))


def pieces_of(level: np.ndarray, dpi: int):
    """Tables, text pieces, glyph height, text ink and horizontal rules of a
    level page."""
    ink, rules, tables, horiz = raster.analyse(level, dpi)
    text, em = ocr_layout.text_ink(ink, rules, dpi)
    wall = dpi / 72
    pieces = [p for ti, t in enumerate(tables) for ci, cell in enumerate(t.cells)
              for p in ocr_layout.cell_pieces(text, cell, (ti, ci), em, wall)]
    pieces += ocr_layout.loose_pieces(text, tables, em)
    return tables, ocr_layout.drop_specks(pieces, em), em, text, horiz


def read_pieces(level: np.ndarray, pieces, em: float) -> list[Reading]:
    """Every piece read once, one line at a time (see extract.ocr_engine)."""
    crops, shifts = [], []
    for p in pieces:
        if p.glyphs:
            crops.append(stitch(level, p.glyphs, em))
            shifts.append(0)
        else:
            c, left = margined(crop(level, p.crop), p, em)
            crops.append(c)
            shifts.append(left)
    readings = recognizer()(crops)
    for r, left in zip(readings, shifts):
        if left:  # time steps count from the crop's own left edge
            r.steps = [x - left for x in r.steps]
    for k, p in enumerate(pieces):
        r = readings[k]
        if p.glyphs:
            continue
        if r.score < MIN_SCORE or not r.text.strip():
            readings[k] = reread(level, p, r, em)
        elif r.score < DOUBT:  # unsure: only a reading that adds to it ("“" → "“三"; a
            other = reread(level, p, r, em)  # shorter one may be surer by dropping characters)
            readings[k] = other if len(other.text) > len(r.text) and subsequence(r.text, other.text) else r
        elif digit_gap(r.text, r.steps, em):
            readings[k] = reread_digits(level, p, r, em)
    for p, r in zip(pieces, readings):
        if not p.glyphs and _SIGN.search(r.text) and len(r.text) <= 12:
            r.text = signs_by_vote(level, p, r.text, em)
    for r in readings:  # look-alikes the recognizer doubted, settled by the words they make
        r.text = ocr_words.settle(r.text, r.probs, r.alts)
    return readings


_SIGN = regex.compile(r"[<>≤≥]")
_BAR = {"<": "≤", ">": "≥"}
_VARIANTS = ((0.45, 0.4), (0.6, 0.22), (0.8, 0.1), (0.8, 0.4))  # margins (glyph heights) of the re-reads


def signs_by_vote(level: np.ndarray, piece, text: str, em: float) -> str:
    """A comparator read again from more crops of the same ink, taller and
    wider: the bar under ≤/≥ is lost or kept depending on a pixel of margin,
    so each sign is what most readings say (two more; four more when those
    two do not agree with the first).  Only the
    signs change, and only where the readings agree on everything else."""
    x0, y0, x1, y1 = piece.ink
    h = max(y1 - y0, ocr_layout.LOW * em)
    def read(variants) -> list[str]:
        crops = [crop(level, (x0 - px * h, y0 - py * h, x1 + px * h, y1 + py * h)) for px, py in variants]
        return [r.text for r in recognizer()(crops)]
    others = read(_VARIANTS[:2])
    if any(o != text for o in others):  # not unanimous: two more
        others += read(_VARIANTS[2:])
    plain = _SIGN.sub("<", text.translate(str.maketrans("≤≥>", "<<<")))
    if any(len(o) != len(text) or _SIGN.sub("<", o.translate(str.maketrans("≤≥>", "<<<"))) != plain
           for o in others):
        return text
    out = []
    for k, ch in enumerate(text):
        if ch in "<>≤≥":
            bare = {"≤": "<", "≥": ">"}.get(ch, ch)
            barred = sum(t[k] in "≤≥" for t in [text, *others])
            ch = _BAR[bare] if 2 * barred > len(others) + 1 else bare
        out.append(ch)
    return "".join(out)


def wider_readings(level: np.ndarray, piece, em: float) -> list[Reading]:
    """The piece read again from the crops of `signs_by_vote`, its steps
    counted from the piece's own crop."""
    x0, y0, x1, y1 = piece.ink
    h = max(y1 - y0, ocr_layout.LOW * em)
    boxes = [(x0 - px * h, y0 - py * h, x1 + px * h, y1 + py * h) for px, py in _VARIANTS]
    others = recognizer()([crop(level, b) for b in boxes])
    for o, box in zip(others, boxes):
        shift = max(int(box[0]), 0) - int(piece.crop[0])
        o.steps = [x + shift for x in o.steps]
    return others


def reread(level: np.ndarray, piece, reading: Reading, em: float) -> Reading:
    """A line of real ink the recognizer read as nothing, as noise or unsurely
    ("≤4" read as "" from one crop, "≤4" from a wider one; "“三" read as "“"
    at 0.64, as "“三" at 0.97 from another), read again from wider crops: the
    surest reading, if it is surer."""
    x0, y0, x1, y1 = piece.ink
    if min(x1 - x0, y1 - y0) < 0.4 * em:  # a speck, a dot, a dash: nothing more to read
        return reading
    best = max(wider_readings(level, piece, em), key=lambda o: o.score)
    if best.score < MIN_SCORE or best.score <= reading.score or not best.text.strip():
        return reading
    return best


def reread_digits(level: np.ndarray, piece, reading: Reading, em: float) -> Reading:
    """A number the recognizer skipped a digit of ("7,548,150" read "7,548,10":
    the steps of 1 and 0 two digits apart), read from wider crops: what most of
    them read, if that is the first reading with digits inserted (no digit is
    guessed: the ink is read again)."""
    others = wider_readings(level, piece, em)
    texts = [o.text for o in others]
    best = max(texts, key=texts.count)
    if 2 * texts.count(best) <= len(texts) or not digits_inserted(reading.text, best):
        return reading
    return next(o for o in others if o.text == best)


def margined(c: np.ndarray, piece, em: float) -> tuple[np.ndarray, int]:
    """A crop whose text its cell's wall cramps (a number printed against the
    rule) gets the margin the recognizer needs, in the crop's paper colour:
    with one pixel of margin "1,150,300.00" reads "1,150,00."."""
    want = ocr_layout.PAD_X * max(piece.ink[3] - piece.ink[1], ocr_layout.LOW * em)
    left = int(round(want - (piece.ink[0] - piece.crop[0])))
    right = int(round(want - (piece.crop[2] - piece.ink[2])))
    left, right = max(left, 0), max(right, 0)
    if not left and not right or not c.size:
        return c, 0
    paper = int(np.median(c))
    return cv2.copyMakeBorder(c, 0, 0, left, right, cv2.BORDER_CONSTANT, value=paper), left


def ellipsis(ink: np.ndarray, piece, em: float) -> str | None:
    """A line that is only a row of evenly spaced dots, in threes: "……".
    The recognizer reads such a row as so many periods and middle dots."""
    x0, y0, x1, y1 = (int(round(v)) for v in piece.ink)
    if y1 - y0 > 0.35 * em:
        return None
    n, _, stats, cents = cv2.connectedComponentsWithStats(ink[y0:y1, x0:x1], connectivity=8)
    if n - 1 < 3 or (n - 1) % 3 or stats[1:, 2].max() > 0.3 * em:
        return None
    area = stats[1:, 4]
    if area.min() < 4 or area.max() > 2.5 * area.min():  # printed dots are alike; specks are not
        return None
    xs = np.sort(cents[1:, 0])
    steps = np.diff(xs)
    if steps.max() > 1.5 * steps.min() + 1:
        return None
    return "…" * ((n - 1) // 3)


def line_ink(ink: np.ndarray, piece) -> np.ndarray:
    """The text ink of a piece's line, from the left edge of its crop (where
    the recognizer's time steps count from)."""
    x0, _, x1, _ = (int(v) for v in piece.crop)
    _, y0, _, y1 = (int(round(v)) for v in piece.ink)
    return ink[y0:y1, x0:int(np.ceil(x1))]


def punctuation(pieces, readings: list[Reading], ink: np.ndarray, em: float,
                level: np.ndarray | None = None) -> list[str]:
    """The readings with full-width or ASCII punctuation as the ink shows it,
    and without marks read from specks (`ocr_punct`)."""
    marks = []
    for i, (piece, reading) in enumerate(zip(pieces, readings)):
        if not any(ch in ocr_punct.FULL or ch in ocr_punct.HALF for ch in reading.text):
            continue
        if piece.glyphs:
            marks += ocr_punct.stacked(reading.text, reading.steps, piece, ink, em, i)
        else:
            marks += ocr_punct.decide(reading.text, reading.steps, line_ink(ink, piece), 0.0, em, i)
    ocr_punct.settle(marks)
    texts = [r.text for r in readings]
    by_piece: dict[int, list] = {}
    for m in marks:
        by_piece.setdefault(m.piece, []).append(m)
    for i, ms in by_piece.items():
        texts[i] = ocr_punct.apply(texts[i], ms)  # one character for one: steps still match
    for i, (piece, reading) in enumerate(zip(pieces, readings)):
        text = texts[i]
        if piece.glyphs or not text:
            continue
        text, steps = ocr_punct.long_marks(text, reading.steps, line_ink(ink, piece), em)
        if set(text[0] + text[-1]) & set(".,·-．“”‘’。、") or ":" in text:
            gray = line_ink(level, piece) if level is not None else None
            text = ocr_punct.stray_marks(text, steps, line_ink(ink, piece), em, gray)
        if "*" in text and len(text) == len(steps):
            text = ocr_punct.asterisks(text, steps, line_ink(ink, piece), em)
        texts[i] = text
    return texts


def skipped(level: np.ndarray, pieces, readings: list[Reading], texts: list[str]) -> list[str]:
    """Characters PP-OCRv4 skipped (缮), from Tesseract: only lines whose ink
    is clearly wider than their reading, or whose reading leaves a glyph's
    room between two of its characters, all in one Tesseract run."""
    unsure = [i for i, (p, r, t) in enumerate(zip(pieces, readings, texts))
              if t.strip() and r.score >= MIN_SCORE and not p.glyphs and _HAN.search(t)
              and (looks_short(crop(level, p.crop), t.strip()) or han_gap(r.text, r.steps))]
    if not unsure:
        return texts
    others = tesseract_all([crop(level, pieces[i].crop) for i in unsure])
    texts = list(texts)
    for i, other in zip(unsure, others):
        texts[i] = fill_skipped(texts[i].strip(), other)
    return texts


_SURE = regex.compile(r"[\p{Han}\d%]+")


def lone_sign(level: np.ndarray, ink: np.ndarray, piece, reading: Reading, text: str,
              em: float) -> str | None:
    """A comparator printed alone (a 符号 column's cell), read from its shape
    (extract.ocr_signs) where the recognizer, with no neighbours to go by,
    reads a letter or a dash; a confident character or digit stands."""
    x0, y0, x1, y1 = (int(round(v)) for v in piece.ink)
    if piece.glyphs or len(text) > 2 or x1 - x0 > 3 * em or y1 - y0 > 2 * em:
        return None
    if reading.score >= 0.9 and _SURE.fullmatch(text):
        return None
    mask = ink[y0:y1 + 1, x0:x1 + 1] > 0
    height, width = ocr_signs.clean(mask).shape  # (specks of noise beside it widen the piece)
    if width > 1.5 * em or height > 1.2 * em:
        return None
    return ocr_signs.sign_of(mask, level[y0:y1 + 1, x0:x1 + 1])


def characters(piece, reading: Reading, text: str, word: Word, ink: np.ndarray, em: float,
               k: float) -> list[Word]:
    """The piece's text as character words, placed as a text layer places
    them (the borderless reader works on characters): a label printed down a
    cell one glyph per line, a line at the recognizer's time steps."""
    if piece.glyphs:
        if len(text) == len(piece.glyph_ink):
            return [Word(ch, b[0] * k, b[1] * k, b[2] * k, b[3] * k, word.conf)
                    for ch, b in zip(text, piece.glyph_ink)]
        return [word]
    at = ocr_tables.centres_of(text, reading.text, reading.steps, int(piece.crop[0]))
    known = bool(at) and all(v is not None for v in at)
    blanks = ocr_tables.blanks_of(line_ink(ink, piece), int(piece.crop[0]), em, k)
    return ocr_tables.char_words(word, [v * k for v in at] if known else None, blanks)


def read_image(gray: np.ndarray, dpi: int, page_no: int) -> tuple[list[Grid], list[Word]]:
    """Grids and all words (points) of one page image."""
    level, angle = raster.deskew(gray)
    tables, pieces, em, ink, horiz = pieces_of(level, dpi)
    readings = read_pieces(level, pieces, em)
    texts = punctuation(pieces, readings, ink, em, level)
    k = 72 / dpi
    words, chars = [], []
    texts = skipped(level, pieces, readings, texts)
    for piece, reading, text in zip(pieces, readings, texts):
        text = text.strip()
        sign = lone_sign(level, ink, piece, reading, text, em)
        if sign:
            text = sign
        elif _DOTS.match(text) or not text:
            text = ellipsis(ink, piece, em) or text
        elif reading.score < MIN_SCORE:
            continue
        if not text:
            continue
        text = year_without_point(dash_as_one(fix_misreads(text)))
        x0, y0, x1, y1 = piece.ink
        text = dash_width(text, x1 - x0, y1 - y0, em)
        word = Word(text, x0 * k, y0 * k, x1 * k, y1 * k, reading.score)
        words.append(word)
        chars += characters(piece, reading, text, word, ink, em, k)
    grids = []
    for table in tables:
        boxes = [tuple(v * k for v in cell) for cell in table.cells]
        x0, y0, x1, y1 = (v * k for v in table.bbox)
        inside = [w for w in words if x0 <= w.xc <= x1 and y0 <= w.yc <= y1]
        grid = build_grid(boxes, inside, page_no, "ocr")
        if grid is not None and grid.n_rows >= 1 and grid.n_cols >= 2:
            grids.append(fix_grid(grid))
    grids = [g if g.strategy == "ocr" else fix_grid(g)
             for g in ocr_tables.with_borderless(grids, ocr_tables.em_boxes(chars, em * k), horiz, dpi,
                                                 page_no)]
    log.debug("page %d: skew %.2f°, %d tables, %d words", page_no, angle, len(grids), len(words))
    return grids, words


def ocr_pictures(path, page_no: int, boxes: list[tuple], dpi: int = 150):
    """Grids and loose lines of the pictures on a text page (a table pasted in
    as an image): the page rendered with all but the pictures painted white,
    read as a scan; coordinates in the page's points."""
    gray = raster.render(path, page_no - 1, dpi)
    k = dpi / 72
    only = np.full_like(gray, 255)
    for x0, top, x1, bottom in boxes:
        rows = slice(max(int(top * k), 0), int(np.ceil(bottom * k)))
        cols = slice(max(int(x0 * k), 0), int(np.ceil(x1 * k)))
        only[rows, cols] = gray[rows, cols]
    grids, words = read_image(only, dpi, page_no)
    return grids, loose_lines(words, grids)


def ocr_page(path, page, page_no: int, dpi: int = 150):
    """`PageContent` of a page without a usable text layer, in PDF points."""
    width, height = float(page.width), float(page.height)
    try:
        gray = raster.render(path, page_no - 1, dpi)
        turns = orient.image_turns(gray, dpi)
        if turns:  # scanned sideways: read it upright, in the upright page's frame
            gray = np.ascontiguousarray(np.rot90(gray, turns))
            width, height = (height, width) if turns % 2 else (width, height)
        grids, words = read_image(gray, dpi, page_no)
    except Exception as e:  # a bad page must not sink the document
        log.warning("OCR failed on page %d: %s", page_no, e)
        return PageContent(page_no, width, height, ocr=True, error=f"page {page_no}: OCR failed: {e}")
    # pixels of the rendered page map 1:1 to points at 72/dpi; pdfium renders the
    # page box, so this is the page's own coordinate frame
    return PageContent(page_no, width, height, grids, loose_lines(words, grids), ocr=True)
