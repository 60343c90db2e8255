"""The HTML review report: built from a real run, self-contained, and seen by a browser."""
from __future__ import annotations

import base64
from html import escape
import io
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from budgetpdf.schemas.io import read_table
from budgetpdf.review.pages import CELL_STROKE
from budgetpdf.review.report import build_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ("gz_project_list", "wnd_dept_overall", "dk_project_tables")


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """`pipeline.py run` over three samples plus a list whose 合计 is 100 万元 too high."""
    generate = pytest.importorskip("samples.generate")
    tmp = tmp_path_factory.mktemp("report")
    content = generate.load("gz_project_list")
    total = sum(p["amount_yuan"] for p in content["projects"] if p["kind"] == "project") / 1e4
    broken = generate.render(content, tmp / "gz_broken_total.pdf", total_raw=f"{total + 100:,.2f}")
    pdfs = [str(ROOT / "samples" / f"{n}.pdf") for n in SAMPLES] + [str(broken)]
    out = tmp / "out"
    proc = subprocess.run([sys.executable, "pipeline.py", "run", *pdfs, "--out", str(out), "--workers", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    html_path = build_report(out, tmp / "report.html", ocr="off")
    return out, html_path, html_path.read_text(encoding="utf-8")


def test_report_is_self_contained(run):
    _, _, html = run
    parser = Tags()
    parser.feed(html)
    ids = {a["id"] for _, a in parser.tags if "id" in a}
    for tag, attrs in parser.tags:
        assert tag != "script"
        for key in ("src", "href"):
            value = attrs.get(key)
            if value is not None:
                assert value.startswith(("data:", "#")), (tag, value[:80])
                if value.startswith("#"):
                    assert value[1:] in ids, f"dangling reference {value}"


def test_report_lists_documents_projects_and_the_broken_total(run):
    out, _, html = run
    docs, projects = read_table(out, "documents"), read_table(out, "projects")
    checks = read_table(out, "checks")
    assert len(docs) == len(SAMPLES) + 1 and len(projects) > 0
    for d in docs.itertuples():
        assert f">{d.file_name}</a>" in html and f'id="doc-{d.doc_id[:16]}"' in html
    for name in projects["name"]:
        assert f"<td>{name}</td>" in html
    error = checks[checks["severity"] == "error"]
    broken = docs.loc[docs["file_name"] == "gz_broken_total.pdf", "doc_id"].item()
    assert "list_total" in set(error.loc[error["doc_id"] == broken, "check"])
    for msg in error["message"]:
        assert escape(msg) in html
    assert re.search(r"<tr class=\"error\"><td><a href=\"#doc-[0-9a-f]{16}\">gz_broken_total.pdf", html)


def page_pngs(html: str) -> dict[str, Image.Image]:
    return {m.group(1): Image.open(io.BytesIO(base64.b64decode(m.group(2))))
            for m in re.finditer(r'<image id="([^"]+)"[^>]*href="data:image/png;base64,([^"]+)"', html)}


def test_every_project_shows_its_pages_with_cells_outlined(run):
    out, _, html = run
    images = page_pngs(html)
    projects = read_table(out, "projects")
    for p in projects.itertuples():
        for n in range(p.page_start, p.page_end + 1):
            assert f"doc-{p.doc_id[:16]}-p{n}" in images
    for key, im in images.items():
        rgb = np.asarray(im.convert("RGB")).astype(int)
        assert 350 < max(im.size) < 700, "about 50 dpi for an A4 page"
        red = (np.abs(rgb - np.array(CELL_STROKE)).sum(axis=2) < 60).sum()
        assert red > 200, f"{key}: no cell outlines drawn"
    thumbs = len(re.findall(r'<svg class="thumb"', html))
    assert thumbs >= sum(p.page_end - p.page_start + 1 for p in projects.itertuples())


def test_plots_are_inline_svg(run):
    _, _, html = run
    assert "Largest" in html and "Indicators per" in html
    assert len(re.findall(r'<div><svg[^>]*xmlns="http://www.w3.org/2000/svg"', html)) == 2


def test_cli(run, tmp_path):
    out, _, _ = run
    target = tmp_path / "r.html"
    ok = subprocess.run([sys.executable, "pipeline.py", "report", str(out), "--html", str(target), "--ocr", "off",
                         "--max-pages", "2"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stderr
    assert len(page_pngs(target.read_text(encoding="utf-8"))) == 2  # the page budget holds
    bad = subprocess.run([sys.executable, "pipeline.py", "report", str(tmp_path), "--html", str(target)],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "not an output folder" in bad.stderr


def test_report_of_failed_documents_only(tmp_path):
    from budgetpdf.process import process_document
    from budgetpdf.batch.writer import ensure_tables, write_result
    (tmp_path / "page.pdf").write_text("<html>a web page saved as .pdf</html>")
    out = tmp_path / "out"
    ensure_tables(out)
    result = process_document(tmp_path / "page.pdf")
    write_result(out, result)
    html = build_report(out, tmp_path / "r.html").read_text(encoding="utf-8")
    assert '<span class="failed">failed</span>' in html and escape(result.document["error"]) in html
    assert "Every check passed" in html and "<image" not in html


# ---- in a real browser --------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install chromium)")


def chromium(url: str, shot: Path, profile: Path, size=(1280, 2000)) -> list[str]:
    """Load `url` headless, screenshot it; returns the page's console messages."""
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
         f"--screenshot={shot}", f"--window-size={size[0]},{size[1]}", url],
        capture_output=True, text=True, timeout=120)
    assert shot.is_file(), proc.stderr[-2000:]
    return [ln for ln in proc.stderr.splitlines() if ":CONSOLE" in ln]


@needs_chromium
def test_console_detection_works(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text("<html><body><script>undefined_function()</script></body></html>")
    console = chromium(page.as_uri(), tmp_path / "bad.png", tmp_path / "profile", (400, 300))
    assert any("undefined_function" in ln for ln in console)


@needs_chromium
def test_report_in_headless_chromium(run, tmp_path):
    _, html_path, _ = run
    shot = tmp_path / "shot.png"
    assert chromium(html_path.as_uri(), shot, tmp_path / "profile") == []
    img = np.asarray(Image.open(shot).convert("RGB")).astype(int)
    assert img.shape[:2] == (2000, 1280)

    def share(hex_colour: str) -> float:
        rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
        return float((np.abs(img - rgb).sum(axis=2) < 12).mean())
    assert share("#f3f3f3") > 0.002, "table header cells are painted"
    assert share("#fde8e8") > 0.001, "the failing document's row is highlighted"
    assert share("#4c78a8") > 0.002, "the amount plot is drawn"


def test_target_versus_actual_section(tmp_path):
    """A 自评表 run: the report lists every indicator's target beside its actual
    value and score, and marks the one row that missed its target."""
    import budgetpdf
    pdf = Path(__file__).resolve().parents[1] / "corpus" / "pdf" / "grid" / "yn_yongde_yingyang_2022.pdf"
    budgetpdf.run([pdf], tmp_path / "out", workers=1)
    html = build_report(tmp_path / "out", tmp_path / "r.html", ocr="off").read_text(encoding="utf-8")
    part = html[html.index("id='target-vs-actual'"):]
    assert "387,664.62" in part and "总分 96 / 100" in part
    doc = budgetpdf.read_pdf(pdf)
    for r in doc.indicators.itertuples():
        assert f"<td>{r.actual_raw}</td>" in part if isinstance(r.actual_raw, str) else True
    # 政策知晓率: target =100%, actual 98% — "=" targets are not judged, so no row is red
    assert part.count('class="bad"') == 0


def test_missed_targets_are_marked():
    import pandas as pd
    from budgetpdf.review.selfeval import missed
    ind = pd.DataFrame({"annual_op": [">=", ">=", "<=", "="], "annual_value_std": [95.0, 95.0, 10.0, 100.0],
                        "actual_value_std": [90.0, 96.0, 12.0, 98.0], "annual_unit_std": ["%"] * 4,
                        "actual_unit_std": ["%"] * 4})
    assert list(missed(ind)) == [True, False, True, False]
