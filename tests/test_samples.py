"""The sample generator's own output (not the pipeline): text layer, rulings, scans, page breaks."""
import json
import re
from pathlib import Path

import pdfplumber
import pytest

from samples import generate
from samples.generate import SAMPLE_OPTS, SCANNED, generate_all, load, names, render

ROOT = Path(__file__).resolve().parent.parent
TRUTH = ROOT.parent / "shared" / "devset" / "truth"
NAMES = names()


def squash(s):
    return re.sub(r"\s+", "", s or "")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    root = tmp_path_factory.mktemp("samples")
    generate_all(root)
    return root


def cell_texts(pdf_path):
    """Per page, every table cell's text (whitespace removed), in reading order."""
    with pdfplumber.open(pdf_path) as pdf:
        return [[[squash(c) for c in row] for t in page.find_tables() for row in t.extract()]
                for page in pdf.pages]


def test_all_five_samples_exist():
    assert NAMES == ["dg_project_tables", "dk_project_tables", "gz_project_list", "th_project_list",
                     "wnd_dept_overall"]


@pytest.mark.parametrize("name", NAMES)
def test_content_follows_truth_format(name):
    doc = load(name)
    ref = json.loads(next(TRUTH.glob("*.json")).read_text()) if TRUTH.exists() else None
    doc_keys = ["doc", "seed", "family", "title", "department", "year", "amount_unit", "list_style",
                "department_info", "projects"]
    assert list(doc) == (list(ref) if ref else doc_keys)
    proj_keys = list(ref["projects"][0]) if ref else None
    for p in doc["projects"]:
        if proj_keys:
            assert list(p) == proj_keys
        assert p["kind"] in {"project", "department", "task"}
        if p["amount_raw"] is not None:
            factor = 10000 if doc["amount_unit"] == "万元" else 1
            assert p["amount_yuan"] == pytest.approx(float(p["amount_raw"].replace(",", "")) * factor)
        for i in p["indicators"]:
            assert list(i) == ["level1", "level2", "name", "period", "annual"] and i["name"]
            assert "\\geq" not in json.dumps(i) and "<p>" not in json.dumps(p)


@pytest.mark.parametrize("name", NAMES)
def test_text_layer_holds_every_name(out, name):
    doc = load(name)
    cells = "|".join(c for page in cell_texts(out / f"{name}.pdf") for row in page for c in row)
    for p in doc["projects"]:
        assert squash(p["name"]) in cells, p["name"]
        for i in p["indicators"]:
            assert squash(i["name"]) in cells, (p["name"], i["name"])
            assert squash(i["annual"]) in cells


@pytest.mark.parametrize("name", NAMES)
def test_rulings_per_variant(out, name):
    with pdfplumber.open(out / f"{name}.pdf") as ruled, \
            pdfplumber.open(out / "variants" / f"{name}.hrules.pdf") as hrules, \
            pdfplumber.open(out / "variants" / f"{name}.norules.pdf") as norules:
        assert len(ruled.pages) == len(hrules.pages) == len(norules.pages)
        for a, h, n in zip(ruled.pages, hrules.pages, norules.pages):
            orient = lambda page: {e["orientation"] for e in page.edges}
            assert orient(a) == {"h", "v"}
            assert orient(h) == {"h"}
            assert not n.edges and not n.lines and not n.rects
            chars = lambda page: [(c["text"], round(c["x0"], 1), round(c["top"], 1)) for c in page.chars]
            assert chars(a) == chars(n) == chars(h)     # same text at the same place, only the lines differ


@pytest.mark.parametrize("name", SCANNED)
def test_scan_is_image_only(out, name):
    with pdfplumber.open(out / f"{name}.pdf") as ruled, \
            pdfplumber.open(out / "variants" / f"{name}.scan.pdf") as scan:
        assert len(scan.pages) == len(ruled.pages)
        for page in scan.pages:
            assert not page.chars
            assert len(page.images) == 1
            img = page.images[0]
            assert img["srcsize"][0] == pytest.approx(page.width / 72 * 150, abs=3)
    assert (out / "variants" / f"{name}.scan.pdf").stat().st_size < 2_000_000


def indicator_pages(name, pdf_path):
    """For each project table: the pages holding its indicator rows, and whether the
    indicator header row (一级指标 ...) was printed again on the continuation page."""
    doc = load(name)
    inds = {p["name"]: {squash(i["name"]) for i in p["indicators"]} for p in doc["projects"]}
    seen, current = {}, None
    for k, page in enumerate(cell_texts(pdf_path)):
        header_on_page = False
        for row in page:
            if "项目名称" in row:
                current = row[row.index("项目名称") + 1]
                header_on_page = False
            elif "一级指标" in row:
                header_on_page = True
            elif current and any(c in inds.get(current, ()) for c in row):
                pages = seen.setdefault(current, {})
                pages.setdefault(k, header_on_page)
    return seen


def test_project_tables_cross_page_breaks(out):
    name = "dg_project_tables"
    seen = indicator_pages(name, out / f"{name}.pdf")
    crossing = {p: pages for p, pages in seen.items() if len(pages) > 1}
    repeat = set(SAMPLE_OPTS[name]["repeat_header"])
    assert crossing.keys() & repeat, "a table with a repeated header must cross a page break"
    assert crossing.keys() - repeat, "a table without a repeated header must cross a page break"
    for p, pages in crossing.items():
        later = sorted(pages)[1:]
        assert all(pages[k] == (p in repeat) for k in later), (p, pages)


@pytest.mark.parametrize("name", NAMES)
def test_committed_pdfs_are_current(out, name):
    """The bundled text PDFs were rendered from the current content and generator
    (reportlab output is byte-stable); if this fails, run `python samples/generate.py`."""
    for rel in [f"{name}.pdf", f"variants/{name}.hrules.pdf", f"variants/{name}.norules.pdf"]:
        assert (ROOT / "samples" / rel).read_bytes() == (out / rel).read_bytes(), rel
    assert 1 <= len(pdfplumber.open(ROOT / "samples" / f"{name}.pdf").pages) <= 6


def test_render_modified_content(tmp_path):
    doc = load("gz_project_list")
    doc["projects"][0]["indicators"][0]["annual"] = "≥99小时"
    pdf = render(doc, tmp_path / "broken.pdf", total_raw="9,999.99")
    rows = [r for page in cell_texts(pdf) for r in page]
    assert ["合计", "9,999.99"] == rows[1][:2]
    assert any("≥99小时" in c for r in rows for c in r)
    with pytest.raises(ValueError):
        render(doc, tmp_path / "x.pdf", rules="dotted")


def test_samples_folder_is_small():
    size = sum(p.stat().st_size for p in (ROOT / "samples").rglob("*") if p.is_file())
    assert size < 3_000_000
    assert generate.HERE == ROOT / "samples"
