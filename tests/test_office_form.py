"""corpus/office.py without LibreOffice: the workbook a template becomes, the HTML Writer
is given, the PDF fix-up (the office form itself is rendered by hand, not in CI)."""
import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
openpyxl = pytest.importorskip("openpyxl")


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


office = _load("corpus_office_test", ROOT / "corpus" / "office.py")
typeset = _load("corpus_typeset_test", ROOT / "corpus" / "typeset.py")


def _book(doc_id, tmp_path):
    fragment = (ROOT / "corpus" / "src" / f"{doc_id}.html").read_text(encoding="utf-8")
    assert not office.is_document(fragment)
    path = tmp_path / f"{doc_id}.xlsx"
    office.build_workbook(doc_id, office.blocks(office.parse(fragment)), path)
    return fragment, openpyxl.load_workbook(path)


def test_workbook_cells_merges_borders(tmp_path):
    fragment, wb = _book("hn_xiangtan_wupaoche_2024", tmp_path)
    ws = wb.worksheets[0]
    texts = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert texts[0] == "2024年项目绩效目标表" and ws["A1"].font.b
    assert ws["A1"].font.sz == office.style_for("hn_xiangtan_wupaoche_2024")["title_pt"]
    assert "项目起\n止时间" in texts  # <br> is a line break in a wrapped cell
    assert "资金总额: 250\n一、预算资金:250\n二、自有资金:0\n三、其他:0" in texts
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "年度绩效指标")
    rng = next(r for r in ws.merged_cells.ranges if cell.coordinate in r)
    assert (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1) == (11, 1)
    assert cell.border.left.style == "thin" and cell.alignment.wrap_text
    assert ws["A1"].border.left.style is None  # title rows are not ruled
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # every cell text of the HTML is in the workbook, nothing else
    grid = office.blocks(office.parse(fragment))
    want = sorted(c["text"] for b in grid if b[0] == "table" for c in b[1]["cells"] if c["text"])
    lines = [b[3] for b in grid if b[0] == "line"]
    assert sorted(texts) == sorted(want + lines)


def test_one_sheet_per_table_and_landscape_when_wide(tmp_path):
    _, wb = _book("fj_longyan_zongjiao_2023", tmp_path)
    assert len(wb.worksheets) == 2
    first, second = wb.worksheets
    assert first.page_setup.orientation == "portrait"
    assert second.page_setup.orientation == "landscape"  # 12 columns
    assert second["A1"].value == "附件2"


def test_writer_page_breaks_and_orientation():
    doc_id = "hn_miluo_tieshanguanqu_bmjs_2024"
    fragment = (ROOT / "corpus" / "src" / f"{doc_id}.html").read_text(encoding="utf-8")
    assert office.is_document(fragment)
    page = office.writer_page(fragment, doc_id, typeset)
    assert "<section" not in page and "<script>" not in page
    kinds = ["L" if "landscape" in a else "P" for a in re.findall(r"<section([^>]*)>", fragment)]
    runs = [k for i, k in enumerate(kinds) if k != (kinds[i - 1] if i else "P")]
    assert page.count(office.MARK["L"]) == runs.count("L") >= 1
    assert page.count(office.MARK["P"]) == runs.count("P")
    assert 'style="page-break-before: always"' in page
    assert '<table border="1" cellspacing="0"' in page


def test_fix_pdf_is_deterministic():
    def pdf(date, checksum, ident):
        return (b"%PDF-1.6\n/CreationDate(D:" + date + b"Z')>>\n/DocChecksum /" + checksum
                + b"\ntrailer\n/ID [ <" + ident + b">\n<" + ident + b"> ]\n")
    a = office.fix_pdf(pdf(b"20261201000332", b"A" * 32, b"1" * 32))
    b = office.fix_pdf(pdf(b"20250101120000", b"B" * 32, b"2" * 32))
    assert a == b and len(a) == len(pdf(b"20261201000332", b"A" * 32, b"1" * 32))
    assert re.search(rb"D:20000101000000", a)
