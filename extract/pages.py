"""Open a PDF and turn every page into grids plus loose text lines.

Per page the source is chosen automatically: the text layer with ruling lines
(lattice), the text layer without full ruling (borderless), or OCR for pages
with no usable text layer.  Everything downstream sees only `PageContent`.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from extract.grid import Grid, Word, words_to_text
from extract.vector import open_document, vector_page
from normalize.text import clean

logging.getLogger("pdfminer").setLevel(logging.ERROR)


class PdfError(Exception):
    """A document that cannot be read at all; the message is the `error` column."""


@dataclass
class TextLine:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class PageContent:
    page_no: int  # 1-based
    width: float
    height: float
    grids: list[Grid] = field(default_factory=list)
    lines: list[TextLine] = field(default_factory=list)  # text outside every grid
    ocr: bool = False
    error: str | None = None  # why this page could not be read


@dataclass
class PdfContent:
    path: Path
    pages: list[PageContent]

    @property
    def n_pages(self) -> int:
        return len(self.pages)

    @property
    def ocr_pages(self) -> list[int]:
        return [p.page_no for p in self.pages if p.ocr]


def loose_lines(words: list[Word], grids: list[Grid]) -> list[TextLine]:
    """Group words outside every grid into text lines (titles, 单位：万元 …)."""
    def inside(w: Word) -> bool:
        return any(g.bbox[0] - 1 <= w.anchor_x <= g.bbox[2] + 1 and g.bbox[1] - 1 <= w.yc <= g.bbox[3] + 1
                   for g in grids)
    rest = sorted((w for w in words if not inside(w)), key=lambda w: (w.yc, w.x0))
    groups: list[list[Word]] = []
    for w in rest:
        if groups and abs(w.yc - groups[-1][-1].yc) <= max((w.bottom - w.top) * 0.5, 1.0):
            groups[-1].append(w)
        else:
            groups.append([w])
    out = []
    for g in groups:
        text = clean(words_to_text(g))
        if text:
            out.append(TextLine(text, min(w.x0 for w in g), min(w.top for w in g),
                                max(w.x1 for w in g), max(w.bottom for w in g)))
    return out


def has_text_layer(words: list[Word]) -> bool:
    """A usable text layer: enough characters, mostly CJK/digits rather than junk."""
    if len(words) < 5:
        return False
    sample = words[:: max(1, len(words) // 400)]  # a few hundred characters decide
    good = sum(1 for w in sample if any(_readable(ch) for ch in w.text))
    return good / len(sample) >= 0.3


def _readable(ch: str) -> bool:
    """CJK ideographs (radical look-alikes included, see normalize.text) or digits."""
    return "\u4e00" <= ch <= "\u9fff" or "\u2e80" <= ch <= "\u2fdf" or ch.isdigit()


def text_page(page, page_no: int, words: list[Word]) -> PageContent:
    """Ruled tables first; the borderless reader takes the rest of the page
    (unruled tables beside ruled ones, frames too narrow for their text)."""
    from extract import borderless, ruled
    grids = borderless.with_ruled(page, words, page_no, ruled.find_grids(page, words, page_no))
    return PageContent(page_no, float(page.width), float(page.height), grids, loose_lines(words, grids))


def _open_error(e: Exception) -> PdfError:
    """pdfminer's exceptions, often wrapped by pdfplumber, in plain words."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    inner = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
    if isinstance(inner, PDFPasswordIncorrect):
        return PdfError("encrypted PDF: a password is required to open it")
    if isinstance(inner, PDFEncryptionError):
        return PdfError(f"encrypted PDF with an unsupported scheme: {inner}")
    if isinstance(inner, PDFSyntaxError) or "EOF" in str(inner):
        return PdfError(f"damaged or truncated PDF: {inner or type(inner).__name__}")
    return PdfError(f"unreadable PDF: {type(inner).__name__}: {inner}"[:300])


def read_pdf(path: Path, ocr: str = "auto") -> PdfContent:
    import pdfplumber

    path = Path(path)
    if path.stat().st_size == 0:
        raise PdfError("empty file (0 bytes)")
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        kind = "HTML" if b"<html" in head.lower() or b"<!doctype" in head.lower() else "not a PDF"
        raise PdfError(f"not a PDF file ({kind}: no %PDF- header)")
    try:
        pdf = pdfplumber.open(path)
        page_list = pdf.pages
    except Exception as e:
        raise _open_error(e) from None
    fast = _fast_source(path, len(page_list), ocr)
    pages = []
    with pdf:
        for i, page in enumerate(page_list):
            try:
                content = _fast_page(fast, i)
                pages.append(content or _read_page(path, page, i + 1, ocr))
            except Exception as e:  # one broken page must not cost the others
                pages.append(PageContent(i + 1, 0.0, 0.0, error=f"page {i + 1}: {_open_error(e)}"))
            page.close()  # frees pdfminer's layout cache: keeps memory flat on long files
    if fast is not None:
        fast.close()
    return PdfContent(path, pages)


def _fast_page(fast, index: int) -> PageContent | None:
    """A ruled text page read through PDFium, or None to read it with pdfplumber.

    Only pages with ruled tables take the fast path: a cell's rectangle decides
    where a character goes, so the two parsers' slightly different glyph boxes
    do not matter there.  Borderless layouts read glyph geometry closely and
    are tuned on pdfminer's boxes."""
    vector = vector_page(fast, index) if fast is not None else None
    if vector is None or not has_text_layer(vector.words):
        return None
    content = text_page(vector, index + 1, vector.words)
    if not any(g.strategy == "lattice" for g in content.grids):
        return None
    return content


def _fast_source(path: Path, n_pages: int, ocr: str):
    """PDFium's view of the document for the fast path (extract.vector), or None.

    BUDGETPDF_ENGINE=pdfminer reads every page through pdfplumber instead."""
    if ocr == "force" or os.environ.get("BUDGETPDF_ENGINE", "pdfium") == "pdfminer":
        return None
    doc = open_document(path)
    if doc is not None and len(doc) != n_pages:  # the two parsers disagree: trust pdfminer
        doc.close()
        return None
    return doc


def _read_page(path: Path, page, page_no: int, ocr: str) -> PageContent:
    from extract import ruled
    words = ruled.page_words(page) if ocr != "force" else []
    if words and has_text_layer(words):
        return text_page(page, page_no, words)
    if ocr == "off":
        return PageContent(page_no, float(page.width), float(page.height),
                           error=f"page {page_no} has no text layer and OCR is off")
    try:
        from extract.ocr import ocr_page
    except ImportError:
        return PageContent(page_no, float(page.width), float(page.height),
                           error=f"page {page_no} needs OCR, which is not available")
    return ocr_page(path, page, page_no)
