"""The PDFium fast path reads ruled pages exactly as the pdfminer path does."""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from budgetpdf.extract import ruled
from budgetpdf.extract.pages import read_pdf
from budgetpdf.settings import Settings
from budgetpdf.extract.vector import open_document, vector_page

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset"
RULED = sorted((ROOT / "samples").glob("*.pdf")) + sorted((DEVSET / "xlsx").glob("*.pdf")) \
    + sorted((DEVSET / "html").glob("*.pdf")) + sorted((DEVSET / "wild" / "pdf").glob("*.pdf"))


def grids_text(content):
    return [[g.strategy, g.n_rows, g.n_cols, g.matrix()] for p in content.pages for g in p.grids]


@pytest.mark.parametrize("path", RULED, ids=lambda p: p.name)
def test_same_grids_as_pdfminer(path):
    fast = read_pdf(path)
    slow = read_pdf(path, Settings(engine="pdfminer"))
    assert grids_text(fast) == grids_text(slow)
    assert [[ln.text for ln in p.lines] for p in fast.pages] == [[ln.text for ln in p.lines] for p in slow.pages]


def test_rules_and_characters_match_pdfplumber():
    path = ROOT / "samples" / "dg_project_tables.pdf"
    doc = open_document(path)
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages):
            vector = vector_page(doc, i)
            assert "".join(w.text for w in vector.words) == "".join(w.text for w in ruled.page_words(page))
            assert len(vector.find_tables(ruled.LATTICE)) == len(page.find_tables(ruled.LATTICE))
    doc.close()


def test_line_end_hyphen_is_a_hyphen():
    """PDFium reports a hyphen that ends a text line as U+0002; it must read '-'."""
    path = DEVSET / "xlsx" / "gz_sfj_2023.pdf"
    if not path.exists():
        pytest.skip("devset absent")
    texts = [c.text for p in read_pdf(path).pages for g in p.grids for c in g.cells]
    assert any("2022年-2023年" in t for t in texts)
    assert not any("\x02" in t for t in texts)


def test_pages_it_cannot_describe_fall_back(tmp_path):
    """A rotated page goes to pdfplumber, and still reads."""
    import pikepdf
    src = ROOT / "samples" / "gz_project_list.pdf"
    rotated = tmp_path / "rotated.pdf"
    with pikepdf.open(src) as pdf:
        pdf.pages[0].Rotate = 90
        pdf.save(rotated)
    doc = open_document(rotated)
    assert vector_page(doc, 0) is None and vector_page(doc, 1) is not None
    doc.close()
    assert read_pdf(rotated).pages[0].grids
