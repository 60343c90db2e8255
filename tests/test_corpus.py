"""The pipeline on real templates of other provinces (the development corpus), scored
strictly against their truth: the fast subset whose PDFs are committed.

`make corpus` scores every template in every form; these tests keep a sample of
layouts — a 2015-style project table, a self-evaluation with split comparator |
value | unit columns, a 2017 template with 投入/产出 and 目标N rows, level-2 names
under a 一级 header, a multi-project grid cut by page breaks, a budget-system
export with weights, a notice printed before its table, a header block with a
nested funds list, and five whole documents (部门预算 and 部门决算 of five provinces, one
with its targets written as sentences) —
in each form they are committed in.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from budgetpdf.process import process_document
from corpus_scored import CORPUS, TEMPLATES, TEXT_FORMS, WHOLE, cases, scored
from corpus_scored import fmt as _fmt


@pytest.mark.parametrize("doc,form", cases(TEMPLATES, TEXT_FORMS), ids=lambda x: str(x))
def test_template_reads_as_its_truth(doc, form):
    res = scored(doc, form)
    m = res["metrics"]
    assert res["status"] == "ok", res
    assert m["project_f1"] >= 0.95 and m["indicator_f1"] >= 0.95, _fmt(res)
    assert m["value_acc"] >= 0.95, _fmt(res)


@pytest.mark.parametrize("doc,form", cases(WHOLE, TEXT_FORMS), ids=lambda x: str(x))
def test_whole_document_reads_as_its_truth(doc, form):
    res = scored(doc, form)
    m = res["metrics"]
    assert m["project_f1"] >= 0.95 and m["indicator_f1"] >= 0.95, _fmt(res)
    assert m["cell_f1"] >= 0.97 and m["table_recall"] == 1.0 and m["kind_acc"] >= 0.95, _fmt(res)
    assert m["doc_acc"] == 1.0, _fmt(res)


@pytest.mark.slow
@pytest.mark.parametrize("doc,form", cases(TEMPLATES[:2], ["scan"]), ids=lambda x: str(x))
def test_scanned_template_reads_as_its_truth(doc, form):
    res = scored(doc, form)
    m = res["metrics"]
    assert m["project_f1"] >= 0.95 and m["indicator_f1"] >= 0.95, _fmt(res)


@pytest.mark.parametrize("doc", ["ah_guichi_tangxi_weituo_2022", "sc_zhongjiang_shuibiaochi_2022",
                                 "ln_benxi_guanyinge_bmjs_2023"])
def test_spreadsheet_page_cuts(doc):
    """LibreOffice Calc prints these tables cut by page breaks as spreadsheets
    do: a merged 二级 label whose rows straddle the break shows only on the next
    page, a tall row's wrapped name ends at the top of the next page."""
    res = scored(doc, "office")
    m = res["metrics"]
    assert m["project_f1"] >= 0.95 and m["indicator_f1"] == 1.0, _fmt(res)


def test_text_a_page_break_clipped_is_not_read():
    """LibreOffice draws a merged cell cut by a page break whole on the next
    page too, clipped to the cell's part there: 绩/效/指/标 and 产出指标 above
    the page's top edge or in its margin are not printed, and the 标 left in
    the margin is no goal of the project its description (prose above the
    table, reaching into the page by that stray text) gives a name to."""
    res = scored("ah_tai_chengguanranyou_2023", "office")
    m = res["metrics"]
    assert m["project_f1"] == 1.0 and m["indicator_f1"] == 1.0 and m["field_acc"] == 1.0, _fmt(res)


def test_a_two_sided_row_of_blank_amounts_at_a_page_top_is_a_row():
    """LibreOffice breaks 财政拨款收支总体情况表 after 本年收入合计 … 本年支出合计: the
    next page starts with 上年结转 | 年终结转结余 (amounts blank) over 收入总计 …
    支出总计 ….  Header words stand in the label columns only: rows of the table
    (not a new header), and labels on both sides are no rest of a cut label."""
    res = scored("hen_qixian_caizhengju_bmys_2023", "office")
    assert res["metrics"]["cell_f1"] == 1.0, _fmt(res)


def test_older_self_evaluation_funds_block():
    """A 湖南 部门整体 self-evaluation of the older form: the funds block has only
    年初预算资金总额: | 实际投入资金额 (no 分值, no 得分)."""
    res = scored("hn_nanyue_zhonglieci_2020", "grid")
    m = res["metrics"]
    assert m["indicator_f1"] == 1.0 and m["funds_acc"] == 1.0 and m["field_acc"] == 1.0, _fmt(res)


def test_self_evaluation_columns():
    res = scored("yn_yongde_yingyang_2022", "grid")
    m = res["metrics"]
    assert m["actual_acc"] == 1.0 and m["score_acc"] == 1.0 and m["funds_acc"] == 1.0, _fmt(res)


def test_budget_tables_never_become_projects():
    """A whole 决算 document: nine budget tables read as tables, and the only
    projects are the ones its performance grid prints."""
    result = process_document(CORPUS / "pdf" / "grid" / "hn_miluo_tieshanguanqu_bmjs_2024.pdf")
    truth = json.loads((CORPUS / "truth" / "hn_miluo_tieshanguanqu_bmjs_2024.json").read_text())
    assert sorted(p["name"] for p in result.projects) == sorted(p["name"] for p in truth["projects"])
    assert len(result.budget_tables) == len(truth["budget_tables"])
    assert result.document["budget_stage"] == "final"


def sideways(src: Path, dst: Path, degrees: int) -> Path:
    """A copy of `src` whose pages show turned by `degrees` (/Rotate), as a
    landscape table placed on a portrait page or a sheet scanned the long way."""
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(str(src))
    for page in doc:
        page.set_rotation((page.get_rotation() + degrees) % 360)
    doc.save(str(dst))
    doc.close()
    return dst


@pytest.mark.parametrize("doc,form,degrees", [
    ("yn_yongde_yingyang_2022", "grid", 90), ("hn_xiangtan_wupaoche_2024", "norules", 270),
    ("sc_zhaohua_mafeng_2021", "hrules", 180), ("sc_kaijiang_wentilvju_dwys_2023", "grid", 90)])
def test_sideways_text_pages_read_upright(doc, form, degrees, tmp_path):
    """Text running up, down or upside down the page is turned before tables
    are looked for: the page reads as its upright print does."""
    res = scored(doc, form, sideways(CORPUS / "pdf" / form / f"{doc}.pdf", tmp_path / "s.pdf", degrees))
    m = res["metrics"]
    assert m["project_f1"] >= 0.95 and m["indicator_f1"] >= 0.95, _fmt(res)
    assert m.get("cell_f1", 1.0) >= 0.97, _fmt(res)


@pytest.mark.slow
@pytest.mark.parametrize("degrees", [90, 270])
def test_sideways_scan_reads_upright(degrees, tmp_path):
    """A sheet scanned the long way: its lines run down the image; the page
    is turned (the recognizer picks which way) and read as usual."""
    doc = "yn_yongde_yingyang_2022"
    res = scored(doc, "scan", sideways(CORPUS / "pdf" / "scan" / f"{doc}.pdf", tmp_path / "s.pdf", degrees))
    m = res["metrics"]
    assert m["project_f1"] >= 0.95 and m["indicator_f1"] >= 0.95, _fmt(res)


@pytest.mark.slow
def test_stamped_scan_is_read_by_ocr(tmp_path):
    """A scan with a line of text a publisher stamped on each page (a date, a
    page number): the stamp is not the page's text layer; the page is OCR'd."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    doc_id = "yn_yongde_yingyang_2022"
    doc = pdfium.PdfDocument(str(CORPUS / "pdf" / "scan" / f"{doc_id}.pdf"))
    for page in doc:
        stamp = raw.FPDFPageObj_NewTextObj(doc.raw, b"Helvetica", ctypes.c_float(9))
        text = "Published 2024-03-05 page 1\x00"
        raw.FPDFText_SetText(stamp, (ctypes.c_ushort * len(text))(*map(ord, text)))
        raw.FPDFPageObj_Transform(stamp, 1, 0, 0, 1, 40, 20)
        raw.FPDFPage_InsertObject(page.raw, stamp)
        raw.FPDFPage_GenerateContent(page.raw)
    doc.save(str(tmp_path / "stamped.pdf"))
    doc.close()
    res = scored(doc_id, "scan", tmp_path / "stamped.pdf")
    m = res["metrics"]
    assert m["project_f1"] >= 0.95 and m["indicator_f1"] >= 0.95, _fmt(res)


def _typeset():
    """The corpus typesetter (prints HTML with Chromium); skips without Chromium."""
    import shutil
    if not any(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")):
        pytest.skip("Chromium is needed to print the page")
    spec = importlib.util.spec_from_file_location("corpus_typeset", CORPUS / "typeset.py")
    typeset = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(typeset)
    return typeset


@pytest.mark.parametrize("doc", ["hb_ezhou_dalou_2022", "sc_zhaohua_mafeng_2021"])
def test_glyphs_drawn_twice_read_once(doc, tmp_path):
    """A producer that prints every glyph twice, a fraction of a point apart
    (Chromium draws a text-shadow so; some office software prints bold so):
    the text layer holds each character twice, the reading holds it once."""
    typeset = _typeset()
    fragment = (CORPUS / "src" / f"{doc}.html").read_text(encoding="utf-8")
    html = typeset.page_html(fragment, "grid", typeset.style_for(doc)).replace(
        "</style>", "main * { text-shadow: 0.4px 0.3px 0 #000 }</style>", 1)
    path = tmp_path / "twice.pdf"
    path.write_bytes(typeset.print_pdf(html, tmp_path))
    import pdfplumber

    from budgetpdf.extract.grid import Word, dedupe
    with pdfplumber.open(path) as pdf:  # the producer did draw every glyph twice
        chars = [Word(c["text"], c["x0"], c["top"], c["x1"], c["bottom"])
                 for c in pdf.pages[0].chars if c["text"].strip()]
        assert len(dedupe(chars)) <= 0.55 * len(chars)
    res = scored(doc, "grid", path)
    m = res["metrics"]
    assert m["project_f1"] >= 0.95 and m["indicator_f1"] >= 0.95 and m["value_acc"] >= 0.95, _fmt(res)


@pytest.mark.parametrize("form", ["grid", "norules"])
def test_diagonal_watermark_is_not_table_text(form, tmp_path):
    """"政务公开" printed large and slanted across the page, over the table:
    slanted characters are a watermark, never a cell's text."""
    doc = "hn_xiangtan_wupaoche_2024"
    typeset = _typeset()
    mark = ("body::after { content: '政务公开 政务公开'; position: fixed; top: 45%; left: 10%;"
            " font-size: 54pt; color: rgba(0,0,0,0.15); transform: rotate(-35deg); z-index: 10 }")
    html = typeset.page_html((CORPUS / "src" / f"{doc}.html").read_text(encoding="utf-8"), form,
                             typeset.style_for(doc)).replace("</style>", mark + "</style>", 1)
    path = tmp_path / "watermarked.pdf"
    path.write_bytes(typeset.print_pdf(html, tmp_path))
    res = scored(doc, form, path)
    m = res["metrics"]
    assert m["project_f1"] >= 0.95 and m["indicator_f1"] >= 0.95 and m["value_acc"] >= 0.95, _fmt(res)


@pytest.mark.slow
def test_table_pasted_as_a_picture_is_read(tmp_path):
    """A text page (a heading, a paragraph) whose performance table is a
    picture: the text layer says nothing of the table; the picture is OCR'd
    and read with the page, and a sentence is never the document's title."""
    import base64

    from budgetpdf.extract import raster
    doc = "hb_ezhou_dalou_2022"
    gray = raster.render(CORPUS / "pdf" / "scan" / f"{doc}.pdf", 0, 150)
    import cv2
    png = base64.b64encode(cv2.imencode(".png", gray)[1].tobytes()).decode()
    html = ("<html><head><meta charset='utf-8'><style>body{font-family:'Noto Serif CJK SC';"
            "font-size:12pt} img{max-height:205mm;max-width:100%}</style></head><body>"
            "<h3>附件2</h3><p>现将本部门项目支出绩效目标公开如下，绩效目标详见下表，请予监督。</p>"
            f"<img src='data:image/png;base64,{png}'></body></html>")
    path = tmp_path / "picture.pdf"
    path.write_bytes(_typeset().print_pdf(html, tmp_path))
    res = scored(doc, "scan", path)
    m = res["metrics"]
    assert m["project_f1"] >= 0.95 and m["indicator_f1"] >= 0.95, _fmt(res)
    assert m["doc_acc"] == 1.0, _fmt(res)


@pytest.mark.slow
def test_red_seal_over_a_scanned_table(tmp_path):
    """A colour scan with a red seal (公章) stamped over the table: the seal's
    ink is coloured and fades out; the black print under it stays."""
    import cv2
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image
    doc_id = "yn_yongde_yingyang_2022"
    pdf = pdfium.PdfDocument(str(CORPUS / "pdf" / "grid" / f"{doc_id}.pdf"))
    pages = []
    for page in pdf:
        rgb = page.render(scale=150 / 72, rev_byteorder=True).to_numpy()[:, :, :3].astype(np.float32)
        h, w = rgb.shape[:2]
        seal = np.full(rgb.shape, 255, np.uint8)
        for cx, cy in ((int(w * 0.55), int(h * 0.45)), (int(w * 0.3), int(h * 0.75))):
            cv2.circle(seal, (cx, cy), 95, (214, 40, 40), 7)
            cv2.putText(seal, "SEAL", (cx - 75, cy + 15), cv2.FONT_HERSHEY_DUPLEX, 1.8, (214, 40, 40), 5)
        pages.append(Image.fromarray((rgb * seal / 255).astype(np.uint8)))  # inks multiply
    pdf.close()
    path = tmp_path / "sealed.pdf"
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=150, quality=80)
    res = scored(doc_id, "scan", path)
    m = res["metrics"]
    assert m["project_f1"] >= 0.95 and m["indicator_f1"] >= 0.95, _fmt(res)
