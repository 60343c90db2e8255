"""Open a PDF and turn every page into grids plus loose text lines.

Per page the source is chosen automatically: the text layer (through PDFium,
extract.vector, else pdfminer) with its ruled tables (lattice, extract.ruled)
and the tables without full ruling around them (extract.borderless), or OCR
for pages with no usable text layer.  Pages are read in order and hand the
borderless reader's context (`borderless.Carry`) from one to the next.
Everything downstream sees only `PageContent`.
"""
from __future__ import annotations

import logging
from pathlib import Path

from budgetpdf.extract import orient
from budgetpdf.extract.grid import Word, loose_lines
from budgetpdf.extract.vector import open_document, turned_page, vector_page
from budgetpdf.model import PageContent, PdfContent, PdfError
from budgetpdf.settings import Settings

logging.getLogger("pdfminer").setLevel(logging.ERROR)


def has_text_layer(words: list[Word], images: list[tuple] = (), width: float = 0.0,
                   height: float = 0.0) -> bool:
    """A usable text layer: enough characters, mostly CJK/digits rather than junk
    (pdfminer's "(cid:12)" for glyphs it cannot map is junk), and not a stamp
    over a scan: where images cover most of the page, the text must cover a
    fair part of them (a searchable scan's hidden text does; a page number, a
    date stamp or a watermark a publisher put on scanned pages does not)."""
    if len(words) < 5:
        return False
    sample = words[:: max(1, len(words) // 400)]  # a few hundred characters decide
    good = sum(1 for w in sample if not w.text.startswith("(cid:") and any(map(_readable, w.text)))
    if good / len(sample) < 0.3:
        return False
    pictured = _covered(images, width, height)
    if pictured < 0.5 * width * height:
        return True
    return sum((w.x1 - w.x0) * (w.bottom - w.top) for w in words) >= 0.02 * pictured


def pictures(words: list[Word], images: list[tuple], width: float, height: float) -> list[tuple]:
    """Images on a text page that carry content the text layer lacks: large
    (an eighth of the page or more) with next to no text drawn over them.  A
    table pasted in as a picture is one; a logo, a seal or a background
    under the text is not."""
    out = []
    for box in images:
        x0, top, x1, bottom = (max(box[0], 0), max(box[1], 0), min(box[2], width), min(box[3], height))
        area = (x1 - x0) * (bottom - top)
        if x1 <= x0 or bottom <= top or area < width * height / 8:
            continue
        inked = sum((w.x1 - w.x0) * (w.bottom - w.top) for w in words
                    if x0 <= w.xc <= x1 and top <= w.yc <= bottom)
        if inked < 0.02 * area:
            out.append((x0, top, x1, bottom))
    return out


def with_pictures(content: PageContent, path: Path, boxes: list[tuple], settings: Settings) -> PageContent:
    """A text page with the pictures it carries read by OCR and added to it."""
    if not boxes or settings.ocr == "off":
        return content
    try:
        from budgetpdf.extract.ocr import ocr_pictures
    except ImportError:
        content.error = f"page {content.page_no} has a picture that needs OCR, which is not available"
        return content
    grids, lines = ocr_pictures(path, content.page_no, boxes, settings.ocr_dpi)
    content.grids = sorted(content.grids + grids, key=lambda g: g.row_edges[0])
    content.lines = sorted(content.lines + lines, key=lambda ln: (ln.top, ln.x0))
    content.ocr = content.ocr or bool(grids or lines)
    return content


def _covered(images: list[tuple], width: float, height: float) -> float:
    """Area of the page the images cover (their boxes clipped to the page, overlaps counted once
    on a coarse raster: a scan is one image or a few strips)."""
    import numpy as np
    if not images or width <= 0 or height <= 0:
        return 0.0
    cells = np.zeros((64, 64), bool)
    for x0, top, x1, bottom in images:
        cells[max(int(top / height * 64), 0):max(int(np.ceil(bottom / height * 64)), 0),
              max(int(x0 / width * 64), 0):max(int(np.ceil(x1 / width * 64)), 0)] = True
    return float(cells.mean()) * width * height


def _readable(ch: str) -> bool:
    """CJK ideographs (radical look-alikes included, see normalize.text) or digits."""
    return "\u4e00" <= ch <= "\u9fff" or "\u2e80" <= ch <= "\u2fdf" or ch.isdigit()


def text_page(page, page_no: int, words: list[Word], carry=None) -> tuple[PageContent, object]:
    """Ruled tables first; the borderless reader takes the rest of the page
    (unruled tables beside ruled ones, frames too narrow for their text).
    `carry` is what the previous page's borderless tables tell this one
    (extract.borderless.Carry); the page's own comes back with its content."""
    from budgetpdf.extract import borderless, ruled
    carry = carry or borderless.Carry()
    # text set off the page is never seen (a merged cell's text a page break cut
    # off, drawn above the next page's top edge)
    words = [w for w in words if 0 <= w.yc <= float(page.height) and 0 <= w.anchor_x <= float(page.width)]
    grids, carry = borderless.page_grids(words, borderless.page_rules(page),
                                         ruled.find_grids(page, words, page_no), page_no, carry)
    content = PageContent(page_no, float(page.width), float(page.height), grids, loose_lines(words, grids))
    return content, carry


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
    """Every page of a PDF as grids and loose lines; raises PdfError if it cannot be opened.

    PDFium reads every page it can describe that has a text layer, ruled and
    borderless tables alike (`_read_pdfium`); pdfplumber is opened only for
    the other pages (pdfminer's text layer, or OCR for pages without one), or
    for the whole document when PDFium cannot open it or Settings.engine is
    "pdfminer"."""
    settings = settings or Settings()
    path = Path(path)
    if path.stat().st_size == 0:
        raise PdfError("empty file (0 bytes)")
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        kind = "HTML" if b"<html" in head.lower() or b"<!doctype" in head.lower() else "not a PDF"
        raise PdfError(f"not a PDF file ({kind}: no %PDF- header)")
    fast = None if settings.ocr == "force" or settings.engine == "pdfminer" else open_document(path)
    if fast is not None:
        try:
            pages = _read_pdfium(path, fast, settings)
        finally:
            fast.close()
        if pages is not None:
            return PdfContent(path, pages)
    return PdfContent(path, _read_pdfminer(path, settings))


def _read_pdfium(path: Path, fast, settings: Settings) -> list[PageContent] | None:
    """Pages through PDFium, falling back page by page to pdfplumber (opened on
    first need); None when the two parsers disagree on the page count (then
    pdfminer reads the whole document)."""
    import pdfplumber
    pdf, pages, carry = None, [], None
    try:
        for i in range(len(fast)):
            try:
                vector = vector_page(fast, i)
                if vector is not None and has_text_layer(vector.words, vector.images,
                                                         vector.width, vector.height):
                    content, carry = text_page(vector, i + 1, vector.words, carry)
                    content = with_pictures(content, path, pictures(
                        vector.words, vector.images, vector.width, vector.height), settings)
                else:
                    if pdf is None:
                        pdf = pdfplumber.open(path)
                        if len(pdf.pages) != len(fast):
                            return None
                    page = pdf.pages[i]
                    content, carry = _read_page(path, page, i + 1, settings, carry)
                    page.close()
            except Exception as e:  # one broken page must not cost the others
                content, carry = PageContent(i + 1, 0.0, 0.0, error=f"page {i + 1}: {_open_error(e)}"), None
            pages.append(content)
    finally:
        if pdf is not None:
            pdf.close()
    return pages


def _read_pdfminer(path: Path, settings: Settings) -> list[PageContent]:
    """Every page through pdfplumber/pdfminer (the reference reading)."""
    import pdfplumber
    try:
        pdf = pdfplumber.open(path)
        page_list = pdf.pages
    except Exception as e:
        raise _open_error(e) from None
    pages, carry = [], None
    with pdf:
        for i, page in enumerate(page_list):
            try:
                content, carry = _read_page(path, page, i + 1, settings, carry)
            except Exception as e:  # one broken page must not cost the others
                content, carry = PageContent(i + 1, 0.0, 0.0, error=f"page {i + 1}: {_open_error(e)}"), None
            pages.append(content)
            page.close()  # frees pdfminer's layout cache: keeps memory flat on long files
    return pages


def _read_page(path: Path, page, page_no: int, settings: Settings, carry=None):
    from budgetpdf.extract import ruled
    ocr = settings.ocr
    words = ruled.page_words(page) if ocr != "force" else []
    images = [(i["x0"], i["top"], i["x1"], i["bottom"]) for i in page.images] if words else []
    if words and has_text_layer(words, images, float(page.width), float(page.height)):
        turn = orient.plumber_turn(page.chars)
        if turn:  # printed sideways: read it turned upright
            page = turned_page(float(page.width), float(page.height), words, page.edges, turn)
            words = page.words
            return text_page(page, page_no, words, carry)
        content, carry = text_page(page, page_no, words, carry)
        boxes = pictures(words, images, float(page.width), float(page.height))
        return with_pictures(content, path, boxes, settings), carry
    if ocr == "off":
        return PageContent(page_no, float(page.width), float(page.height),
                           error=f"page {page_no} has no text layer and OCR is off"), None
    try:
        from budgetpdf.extract.ocr import ocr_page
    except ImportError:
        return PageContent(page_no, float(page.width), float(page.height),
                           error=f"page {page_no} needs OCR, which is not available"), None
    return ocr_page(path, page, page_no, settings.ocr_dpi), None
