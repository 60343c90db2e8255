"""Page images with the extracted cells outlined, for eyeballing an extraction.

The source PDF is read again with `extract.pages.read_pdf`, so the outlines are
exactly the Grids the readers consumed (grids are per page).  Images are small
PNGs (50 dpi by default), returned base64-encoded for embedding in HTML.
"""
from __future__ import annotations

import base64
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from budgetpdf.settings import Settings

log = logging.getLogger(__name__)

CELL_STROKE = (220, 38, 38)       # red outline per cell
CELL_FILL = (255, 196, 0, 35)     # faint yellow, so text stays legible


@dataclass
class PageImage:
    page_no: int
    png_b64: str
    width: int
    height: int
    n_cells: int


def locate(source: str | None, file_name: str | None, search_dirs: list[Path]) -> Path | None:
    """The PDF a documents row came from: its source path, else by file name in search_dirs."""
    if source and not source.startswith(("http://", "https://")) and Path(source).is_file():
        return Path(source)
    for d in search_dirs:
        for name in filter(None, (file_name, Path(source or "").name)):
            hits = [p for p in Path(d).rglob(name) if p.is_file()]
            if hits:
                return hits[0]
    return None


def cell_boxes(path: Path, ocr: str) -> dict[int, list[tuple]]:
    """page_no → every grid cell bbox on that page, as read by the pipeline."""
    from budgetpdf.extract.pages import read_pdf
    content = read_pdf(path, Settings(ocr=ocr))
    return {p.page_no: [c.bbox for g in p.grids for c in g.cells] for p in content.pages}


def render_pages(path: Path, page_nos: list[int], ocr: str = "auto",
                 resolution: int = 50) -> tuple[list[PageImage], str | None]:
    """Images of the given 1-based pages with cells outlined; (images, problem or None)."""
    import pdfplumber
    try:
        boxes = cell_boxes(path, ocr)
        problem = None
    except Exception as e:  # still show the pages, just without outlines
        boxes, problem = {}, f"could not re-read tables: {type(e).__name__}: {e}"[:200]
    images = []
    try:
        with pdfplumber.open(path) as pdf:
            for n in page_nos:
                if not 1 <= n <= len(pdf.pages):
                    continue
                im = pdf.pages[n - 1].to_image(resolution=resolution)
                rects = boxes.get(n, [])
                if rects:
                    im.draw_rects(rects, stroke=CELL_STROKE, fill=CELL_FILL, stroke_width=1)
                buf = io.BytesIO()
                im.save(buf, format="PNG")  # quantized to 256 colours: small
                w, h = im.annotated.size
                images.append(PageImage(n, base64.b64encode(buf.getvalue()).decode(), w, h, len(rects)))
    except Exception as e:
        log.warning("cannot render %s: %s", path, e)
        return images, f"could not render pages: {type(e).__name__}: {e}"[:200]
    return images, problem
