"""OCR of corpus scans against the text layer of the same pages (fast subset).

`corpus/ocrcheck.py` measures every scan page of the corpus; these pages
stand for the hard cases: rows barely taller than their glyphs (strokes
that touch both rules are not walls), a table cut by the page break (open
sides closed, an ellipsis cell), labels printed down a cell with ASCII
parentheses, a notice with prose above the table, and a prose page of a
whole document (text outside tables stays loose lines).
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCAN = ROOT / "corpus" / "pdf" / "scan"


def _ocrcheck():
    spec = importlib.util.spec_from_file_location("ocrcheck", ROOT / "corpus" / "ocrcheck.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _have(doc_id: str) -> bool:
    return (SCAN / f"{doc_id}.pdf").exists() and (ROOT / "corpus" / "pdf" / "grid" / f"{doc_id}.pdf").exists()


PAGES = [  # id, page, least character accuracy of cells, of loose text
    ("hb_qingshan_bogai_2020", 1, 0.98, 0.95),
    ("heb_langfang_nuantong_2019", 2, 0.98, 0.9),
    ("cq_zx_szdx_2022", 1, 0.98, 0.95),
    ("hn_miluo_tieshanguanqu_bmjs_2024", 16, 1.0, 0.97),
]


@pytest.mark.parametrize("doc_id, page, cells, lines", PAGES, ids=lambda v: str(v))
def test_scan_page_reads_like_its_text_layer(doc_id, page, cells, lines):
    if not _have(doc_id):
        pytest.skip("corpus PDFs not rendered")
    check = _ocrcheck()
    result = check.check_page(doc_id, page, 150, ref="lattice")
    score = check.score_pages([result])
    assert result["error"] is None
    assert not result["spurious_grids"]
    assert all(g["found"] and g["same_structure"] for g in result["grids"]), score
    assert score["structure"] == 1.0
    assert score["chars"] >= cells, check.worst_cells([result], 5)
    assert score["lines"] >= lines, (result["ref_lines"], result["ocr_lines"])


def test_known_cells_exactly():
    """Texts the old pipeline got wrong: a label down a narrow cell with
    ASCII parentheses, a cut table's ellipsis, a full-width colon."""
    wanted = {("cq_zx_szdx_2022", 1): {"中央主管部门", "区县财政部门", "生猪(牛羊)调出大县奖励资金"},
              ("heb_langfang_nuantong_2019", 2): {"……", "已完工,剩余3%尾款未付,且最高限价低于预算金额。提高预算准确度。"}}
    if not all(_have(d) for d, _ in wanted):
        pytest.skip("corpus PDFs not rendered")
    check = _ocrcheck()
    for (doc_id, page), texts in wanted.items():
        result = check.check_page(doc_id, page, 150, ref="lattice")
        got = {c["ocr"] for g in result["grids"] for c in g["cells"]}
        assert texts <= got, texts - got


def test_edit_distance():
    check = _ocrcheck()
    assert check.edit_distance("修缮工程数量", "修工程数量") == 1
    assert check.edit_distance("", "abc") == 3
    assert check.edit_distance("≥90%", "≥95%") == 1
    assert check.edit_distance("kitten", "sitting") == 3
