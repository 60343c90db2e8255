"""A page's text layer and ruling read with PDFium: the path for every text page.

pdfminer (under pdfplumber) parses content streams in Python; PDFium does it in
C, about ten times faster.  `VectorPage` offers what the table finders use of a
pdfplumber page (size, edges, `find_tables`), so `extract.ruled` and
`extract.borderless` run unchanged on either.  Characters come with their
advance boxes, as pdfminer gives them (`_advance_boxes` mends the glyphs PDFium
gives a tight box), and the borderless thresholds are ratios of the glyph
height or measured on the table, so the two read alike.  Pages PDFium cannot
describe simply (rotated, offset boxes, form XObjects) return None: the caller
falls back to pdfplumber for them.
"""
from __future__ import annotations

import ctypes
import math

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfplumber.table import TableFinder
from pdfplumber.utils import filter_edges

from budgetpdf.extract import orient
from budgetpdf.extract.grid import Word, dedupe, join_spaced

_AXIS_TOL = 0.01  # a segment this close to level/plumb is a rule
_MIN_EDGE = 1.0   # pdfplumber's edge_min_length_prefilter


class VectorPage:
    """The parts of a pdfplumber Page the table finders read, from PDFium."""

    def __init__(self, width: float, height: float, words: list[Word], edges: list[dict],
                 images: list[tuple] | None = None):
        self.width, self.height = width, height
        self.bbox = (0.0, 0.0, width, height)
        self.words = words
        self.edges = edges
        self.images = images or []  # (x0, top, x1, bottom) of each image drawn

    @property
    def horizontal_edges(self) -> list[dict]:
        return filter_edges(self.edges, "h")

    @property
    def vertical_edges(self) -> list[dict]:
        return filter_edges(self.edges, "v")

    def find_tables(self, settings: dict):
        return TableFinder(self, settings).tables

    def close(self) -> None:
        pass


def turned_page(width: float, height: float, words: list[Word], edges: list[dict],
                turn: int) -> VectorPage:
    """A page whose text runs at `turn` degrees, turned upright (sizes swap on
    a quarter turn): the table finders then read it like any page."""
    size = (height, width) if turn in (90, 270) else (width, height)
    return VectorPage(*size, orient.turn_words(words, turn, width, height),
                      orient.turn_edges(edges, turn, width, height))


def open_document(path) -> pdfium.PdfDocument | None:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return None  # let pdfplumber open it and say what is wrong


def vector_page(doc: pdfium.PdfDocument, index: int) -> VectorPage | None:
    """The page's words and rules, or None when it needs pdfplumber."""
    page = doc[index]
    try:
        width, height = page.get_size()
        if page.get_rotation() or tuple(page.get_mediabox()[:2]) != (0, 0) \
                or tuple(page.get_cropbox()) != tuple(page.get_mediabox()):
            return None
        edges, images, cut = [], [], False
        for k in range(raw.FPDFPage_CountObjects(page.raw)):  # raw calls: no wrapper per object
            obj = raw.FPDFPage_GetObject(page.raw, k)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_FORM:
                return None  # nested coordinate systems: leave them to pdfminer
            if kind == raw.FPDF_PAGEOBJ_PATH:
                edges.extend(_path_edges(obj, height))
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                images.append(_bounds(obj, height))
            elif kind == raw.FPDF_PAGEOBJ_TEXT and not cut:
                cut = _reaches_out(obj)
        words = _words(page, height, cut)
        return None if words is None else VectorPage(width, height, words, edges, images)
    finally:
        page.close()


def _bounds(obj, height: float) -> tuple[float, float, float, float]:
    """A page object's box (x0, top, x1, bottom), origin top-left."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
    return left.value, height - top.value, right.value, height - bottom.value


def _reaches_out(obj) -> bool:
    """Whether a text object is drawn partly outside its clip."""
    clip = _clip_box(obj)
    if clip is None:
        return False
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
    return left.value < clip[0] - 1 or bottom.value < clip[1] - 1 or right.value > clip[2] + 1 or top.value > clip[3] + 1


def _words(page, height: float, cut: bool = True) -> list[Word] | None:
    """Every visible character with its advance box (PDF points, origin top-left);
    None when the text runs sideways (pdfminer's path turns such pages upright,
    extract.orient)."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        step = max(1, count // 400)
        angles = [orient.char_turn(math.cos(a), math.sin(a)) for k in range(0, count, step)
                  if (a := raw.FPDFText_GetCharAngle(textpage, k)) >= 0]
        if orient.text_turn(angles):
            return None
        chars = []  # (text, loose box, index, whether PDFium gave a glyph box instead)
        clips: dict = {}  # text object -> its clip box (None: unclipped)
        spaces = []  # (index, Word) of the space characters the text draws (not PDFium's own)
        for k in range(count):
            if raw.FPDFText_IsGenerated(textpage, k) == 1:
                continue
            ch = chr(raw.FPDFText_GetUnicode(textpage, k))
            if raw.FPDFText_IsHyphen(textpage, k) == 1:
                ch = "-"  # PDFium reports a hyphen that ends a line as U+0002
            if ch in " \u3000\u2002\u2003\u00a0":
                left, bottom, right, top = textpage.get_charbox(k, loose=True)
                spaces.append((k, Word(" ", left, height - top, right, height - bottom)))
                continue
            if not ch.strip() or ch < " " or ch == "\ufffe":
                continue
            if (a := raw.FPDFText_GetCharAngle(textpage, k)) > 0 and orient.skewed(math.cos(a), math.sin(a)):
                continue  # a diagonal watermark
            box = textpage.get_charbox(k, loose=True)
            if cut and _clipped(textpage, k, box, clips):  # (`cut`: some text object reaches out of its clip)
                continue
            chars.append((ch, box, k, box == textpage.get_charbox(k, loose=False)))
        drawn = [(c[2], Word(_two_em(ch, right - left, top - bottom), left, height - top, right, height - bottom))
                 for c, (ch, (left, bottom, right, top)) in zip(chars, _advance_boxes(textpage, chars))]
        return dedupe(join_spaced([w for _, w in sorted(drawn + spaces, key=lambda kw: kw[0])]))
    finally:
        textpage.close()


def _clipped(textpage, k: int, box, clips: dict) -> bool:
    """Whether character k is drawn outside its text object's clip (a merged
    cell's text the page break cut off: office suites draw it whole, clipped to
    the part of the cell on this page).  The clip is taken as the box common to
    its paths' bounds."""
    obj = raw.FPDFText_GetTextObject(textpage, k)
    if not obj:
        return False
    key = ctypes.cast(obj, ctypes.c_void_p).value
    if key not in clips:
        clips[key] = _clip_box(obj)
    clip = clips[key]
    if clip is None:
        return False
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return not (clip[0] <= x <= clip[2] and clip[1] <= y <= clip[3])


def _clip_box(obj) -> tuple[float, float, float, float] | None:
    clip = raw.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    box = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(raw.FPDFClipPath_CountPaths(clip)):
        xs, ys = [], []
        for j in range(raw.FPDFClipPath_CountPathSegments(clip, i)):
            raw.FPDFPathSegment_GetPoint(raw.FPDFClipPath_GetPathSegment(clip, i, j), x, y)
            xs.append(x.value)
            ys.append(y.value)
        if xs:
            b = (min(xs), min(ys), max(xs), max(ys))
            box = b if box is None else (max(box[0], b[0]), max(box[1], b[1]), min(box[2], b[2]), min(box[3], b[3]))
    return box


def _two_em(ch: str, width: float, height: float) -> str:
    """A dash drawn two ems wide is the Chinese "——", which a font may map as one
    glyph whose text PDFium reports as a single "—"."""
    return "——" if ch in "—―" and height > 0 and width >= 1.6 * height else ch


def _origin(textpage, k: int) -> tuple[float, float]:
    x, y = ctypes.c_double(), ctypes.c_double()
    raw.FPDFText_GetCharOrigin(textpage, k, x, y)
    return x.value, y.value


def _advance_boxes(textpage, chars: list) -> list:
    """PDFium's loose box is the advance box (origin to advance, font ascent to
    descent) except for glyphs whose text comes from a ToUnicode remap (一, 目,
    门 of many CJK fonts): there it falls back to the tight glyph box, which
    opens gaps inside words.  Those get the advance box of a full-width neighbour
    on the same baseline: from the glyph's origin, one em wide (CJK) or as drawn."""
    out = []
    for i, (ch, box, k, tight) in enumerate(chars):
        if not tight:
            out.append((ch, box))
            continue
        left, bottom, right, top = box
        ox, oy = _origin(textpage, k)
        ref = _neighbour(textpage, chars, i, oy)
        if ref is not None:
            (l2, b2, r2, t2), wide = ref
            bottom, top = b2, t2
            if wide and _wide(ch):
                left, right = ox, ox + (r2 - l2)
            else:
                left = min(left, ox)
        out.append((ch, (left, bottom, right, top)))
    return out


def _neighbour(textpage, chars: list, i: int, baseline: float, reach: int = 8):
    """The loose box of the nearest character on the same baseline whose box
    PDFium gave as an advance box, and whether that character is full-width."""
    for d in range(1, reach + 1):
        for j in (i - d, i + d):
            if 0 <= j < len(chars) and not chars[j][3]:
                if abs(_origin(textpage, chars[j][2])[1] - baseline) <= 0.5:
                    return chars[j][1], _wide(chars[j][0])
    return None


def _wide(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff01" <= ch <= "\uff60"


def _path_edges(obj, height: float) -> list[dict]:
    """Level and plumb segments of a (raw) path object, in pdfplumber's edge dicts."""
    m = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, m)
    x, y = ctypes.c_float(), ctypes.c_float()
    edges, start, prev = [], None, None
    for i in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        raw.FPDFPathSegment_GetPoint(seg, x, y)
        point = (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
        if raw.FPDFPathSegment_GetType(seg) == raw.FPDF_SEGMENT_MOVETO:
            start = point
        elif prev is not None:
            edges.extend(_edge(prev, point, height))
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            edges.extend(_edge(point, start, height))
        prev = point
    return edges


def _edge(p, q, height: float) -> list[dict]:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) <= _AXIS_TOL and abs(x1 - x0) >= _MIN_EDGE:
        left, right = sorted((x0, x1))
        top = height - y0
        return [{"x0": left, "x1": right, "top": top, "bottom": top, "width": right - left,
                 "height": 0.0, "orientation": "h", "object_type": "line"}]
    if abs(x0 - x1) <= _AXIS_TOL and abs(y1 - y0) >= _MIN_EDGE:
        top, bottom = sorted((height - y0, height - y1))
        return [{"x0": x0, "x1": x0, "top": top, "bottom": bottom, "width": 0.0,
                 "height": bottom - top, "orientation": "v", "object_type": "line"}]
    return []
