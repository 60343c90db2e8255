"""OCR of scanned pages: same Grid as the text layer of the same document.

The devset scan `dg_sfj_2026.pdf` is a 150-dpi gray, rotated, noisy JPEG scan
of `xlsx/dg_sfj_2026.pdf`; the bundled sample scans are made the same way by
samples/generate.py.  The text PDF's lattice Grid is the reference.
"""
from __future__ import annotations

import difflib
import unicodedata
from pathlib import Path

import cv2
import pdfplumber
import pytest

from budgetpdf.extract import ocr, raster, ruled
from budgetpdf.extract.grid import build_grid
from budgetpdf.extract.pages import read_pdf
from budgetpdf.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT.parent / "shared" / "devset"
SCAN = DEVSET / "scan" / "dg_sfj_2026.pdf"
TEXT = DEVSET / "xlsx" / "dg_sfj_2026.pdf"
SAMPLE_SCANS = sorted((ROOT / "samples" / "variants").glob("*.scan.pdf"))
DPI = Settings().ocr_dpi

needs_devset = pytest.mark.skipif(not SCAN.exists(), reason="devset not present")


def text_grids(pdf_path: Path, page_no: int):
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[page_no - 1]
        return ruled.find_grids(page, ruled.page_words(page), page_no)


def shape(grid):
    return sorted((c.row, c.col, c.rowspan, c.colspan) for c in grid.cells)


def char_accuracy(ours, ref) -> float:
    """Matched characters over the longer text, cell by cell (NFKC: ( and （ alike)."""
    norm = lambda s: unicodedata.normalize("NFKC", s or "")  # noqa: E731
    got = {(c.row, c.col): norm(c.text) for c in ours.cells}
    same = total = 0
    for cell in ref.cells:
        a, b = got.get((cell.row, cell.col), ""), norm(cell.text)
        same += sum(m.size for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
        total += max(len(a), len(b))
    return same / max(total, 1)


# --- raster: rules and cells, no OCR (fast) ---------------------------------

@needs_devset
@pytest.mark.parametrize("page_no", range(1, 23))
def test_scan_cells_match_text_lattice(page_no):
    """Every table of every scanned page has the text PDF's rows, columns and spans."""
    gray, _ = raster.deskew(raster.render(SCAN, page_no - 1, DPI))
    k = 72 / DPI
    ours = [build_grid([tuple(v * k for v in c) for c in t.cells], [], page_no, "ocr")
            for t in raster.find_tables(gray, DPI)]
    ref = text_grids(TEXT, page_no)
    assert [shape(g) for g in ours] == [shape(g) for g in ref]


@pytest.mark.parametrize("scan", SAMPLE_SCANS, ids=lambda p: p.name)
def test_sample_scan_cells_match_source(scan):
    source = ROOT / "samples" / scan.name.replace(".scan.pdf", ".pdf")
    with pdfplumber.open(scan) as pdf:
        n = len(pdf.pages)
    for page_no in range(1, n + 1):
        gray, _ = raster.deskew(raster.render(scan, page_no - 1, DPI))
        cells = [len(t.cells) for t in raster.find_tables(gray, DPI)]
        assert cells == [len(g.cells) for g in text_grids(source, page_no)], page_no


@needs_devset
@pytest.mark.parametrize("angle", [-1.2, 0.7])
def test_deskew_measures_known_rotation(angle):
    """Rotate a clean rendering by a known angle; the skew found undoes it."""
    gray = raster.render(TEXT, 1, DPI)
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    tilted = cv2.warpAffine(gray, m, (w, h), borderValue=255)
    assert raster.skew_angle(raster.binarize(tilted)) == pytest.approx(-angle, abs=0.08)
    level, applied = raster.deskew(tilted)
    assert len(raster.find_tables(level, DPI)[0].cells) == len(text_grids(TEXT, 2)[0].cells)


# --- OCR on a couple of pages ------------------------------------------------

@needs_devset
@pytest.mark.parametrize("page_no", [2, 14])
def test_ocr_grid_matches_text_grid(page_no):
    """Page 2 holds ≥ values and amounts; page 14 holds 缮, which PP-OCRv4 skips
    and the Tesseract re-read restores."""
    grids, words = ocr.read_image(raster.render(SCAN, page_no - 1, DPI), DPI, page_no)
    ref = text_grids(TEXT, page_no)
    assert [shape(g) for g in grids] == [shape(g) for g in ref]
    for ours, theirs in zip(grids, ref):
        assert char_accuracy(ours, theirs) >= 0.995
        assert all(c.conf is None or 0.5 <= c.conf <= 1 for c in ours.cells)
        assert any(c.conf is not None for c in ours.cells)
    texts = {c.text for g in grids for c in g.cells}
    if page_no == 2:
        assert {"≥5000人", "≥90宗", ">4期", "2,410,000.00", "2355226.17"} <= texts
    else:
        assert "修缮工程数量" in texts


@needs_devset
def test_mixed_pdf_text_and_scanned_pages(tmp_path):
    """Page 1 from the text PDF, page 2 from the scan: each read its own way."""
    import pypdfium2 as pdfium
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(str(TEXT)), [0])
    mixed.import_pages(pdfium.PdfDocument(str(SCAN)), [1])
    path = tmp_path / "mixed.pdf"
    mixed.save(str(path))
    content = read_pdf(path, Settings(ocr="auto"))
    assert content.ocr_pages == [2]
    p1, p2 = content.pages
    assert p1.grids and p2.grids and p1.error is None and p2.error is None
    assert shape(p2.grids[0]) == shape(text_grids(TEXT, 2)[0])
    assert any("东莞市部门整体预算绩效目标表" in line.text for line in p1.lines)


@needs_devset
def test_loose_lines_of_a_scanned_page_carry_title():
    with pdfplumber.open(SCAN) as pdf:
        content = ocr.ocr_page(SCAN, pdf.pages[0], 1)
    assert content.ocr and content.error is None
    assert any("东莞市部门整体预算绩效目标表" in line.text for line in content.lines)
    assert any("2026" in line.text for line in content.lines)
    assert content.grids[0].strategy == "ocr"
    x0, top, x1, bottom = content.grids[0].bbox
    assert 0 < x0 < x1 <= content.width and 0 < top < bottom <= content.height


@needs_devset
def test_ocr_off_is_a_clear_failure_not_empty_success():
    from budgetpdf.process import process_document
    pages = read_pdf(SCAN, Settings(ocr="off")).pages
    assert all(p.error and "OCR is off" in p.error and not p.grids for p in pages)
    doc = process_document(SCAN, settings=Settings(ocr="off")).document
    assert doc["status"] in ("failed", "partial")
    assert "OCR is off" in (doc["error"] or "")


@needs_devset
@pytest.mark.slow
def test_whole_scanned_document_matches_text_document():
    with pdfplumber.open(SCAN) as pdf:
        n = len(pdf.pages)
    worst = 1.0
    for page_no in range(1, n + 1):
        grids, _ = ocr.read_image(raster.render(SCAN, page_no - 1, DPI), DPI, page_no)
        ref = text_grids(TEXT, page_no)
        assert [shape(g) for g in grids] == [shape(g) for g in ref], page_no
        worst = min([worst] + [char_accuracy(a, b) for a, b in zip(grids, ref)])
    assert worst >= 0.99


@pytest.mark.parametrize("angle", [-0.8, 0.6])
def test_deskew_of_a_page_of_prose_without_rules(angle):
    """A page of prose (no rule to measure) scanned at a slant is levelled by
    its lines of text: its lines keep their glyph height, so a wrapped
    paragraph's lines still read as one paragraph's."""
    page = ROOT / "corpus" / "pdf" / "grid" / "hn_miluo_tieshanguanqu_bmjs_2024.pdf"
    gray = raster.render(page, 1, DPI)  # 部门概况: prose only
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    tilted = cv2.warpAffine(gray, m, (w, h), borderValue=255)
    assert raster.skew_angle(raster.binarize(tilted)) == pytest.approx(-angle, abs=0.1)
