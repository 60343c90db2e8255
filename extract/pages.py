"""Open a PDF and turn every page into grids plus loose text lines.

Per page the source is chosen automatically: the text layer with ruling lines
(lattice), the text layer without full ruling (borderless), or OCR for pages
with no usable text layer.  Everything downstream sees only `PageContent`.
"""
from __future__ import annotations

import logging
from pathlib import Path

from budgetpdf.extract.grid import Word, loose_lines
from budgetpdf.extract.vector import open_document, vector_page
from budgetpdf.model import PageContent, PdfContent, PdfError
from budgetpdf.settings import Settings

logging.getLogger("pdfminer").setLevel(logging.ERROR)


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
    from budgetpdf.extract import borderless, ruled
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


def read_pdf(path: Path, settings: Settings | None = None) -> PdfContent:
    """Every page of a PDF as grids and loose lines; raises PdfError if it cannot be opened."""
    settings = settings or Settings()
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
    fast = _fast_source(path, len(page_list), settings)
    pages = []
    with pdf:
        for i, page in enumerate(page_list):
            try:
                content = _fast_page(fast, i)
                pages.append(content or _read_page(path, page, i + 1, settings))
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


def _fast_source(path: Path, n_pages: int, settings: Settings):
    """PDFium's view of the document for the fast path (extract.vector), or None.

    Settings.engine "pdfminer" reads every page through pdfplumber instead."""
    if settings.ocr == "force" or settings.engine == "pdfminer":
        return None
    doc = open_document(path)
    if doc is not None and len(doc) != n_pages:  # the two parsers disagree: trust pdfminer
        doc.close()
        return None
    return doc


def _read_page(path: Path, page, page_no: int, settings: Settings) -> PageContent:
    from budgetpdf.extract import ruled
    ocr = settings.ocr
    words = ruled.page_words(page) if ocr != "force" else []
    if words and has_text_layer(words):
        return text_page(page, page_no, words)
    if ocr == "off":
        return PageContent(page_no, float(page.width), float(page.height),
                           error=f"page {page_no} has no text layer and OCR is off")
    try:
        from budgetpdf.extract.ocr import ocr_page
    except ImportError:
        return PageContent(page_no, float(page.width), float(page.height),
                           error=f"page {page_no} needs OCR, which is not available")
    return ocr_page(path, page, page_no, settings.ocr_dpi)
