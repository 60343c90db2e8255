"""Typesetting of the corpus: everything that decides the bytes of a corpus PDF.

An HTML fragment (corpus/src/<id>.html) is wrapped in a full HTML page whose CSS gives
page size, font and rules per form, and printed with headless Chromium (A4 portrait;
<section class="landscape"> pages A4 landscape; <div class="pagebreak"> a page break;
<thead> repeats on every page).  A table wider than its page is shrunk (font, then
padding) by a small script before printing, never clipped.  Typography varies per id,
deterministically (each property from its own hash of the id), so the corpus is not one
house style.  The scan form rasterises the grid PDF and adds scan defects.

corpus/render.py (the driver) keys its manifest on this file's bytes: editing anything
here re-renders every PDF on the next run, and nothing that decides a PDF's bytes
belongs in render.py.  Deterministic for the same input and the same Chromium (the
print dates are fixed, the scan's noise is seeded by id and page).
"""
from __future__ import annotations

import hashlib
import io
import os
import random
import re
import shutil
import subprocess
from pathlib import Path

HTML_FORMS = ("grid", "hrules", "norules")
SCAN_DPI = 150
CHROMIUM_TIMEOUT = 180  # seconds per print

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-pdf-header-footer", "--hide-scrollbars", "--mute-audio",
    "--disable-extensions", "--disable-default-apps",
]


# ---------------------------------------------------------------------------
# Per-id typography
# ---------------------------------------------------------------------------
def _rng(doc_id: str, what: str) -> random.Random:
    """One generator per (id, property): adding a property never changes the others."""
    h = hashlib.sha256(f"{doc_id}\0{what}".encode("utf-8")).digest()
    return random.Random(int.from_bytes(h[:8], "big"))


def _salted(doc_id: str, variant: int) -> str:
    """The key of an id's draws: variant 0 is the corpus; variant N > 0 is the same
    content typeset by another draw of every property (a check of layout generality)."""
    return doc_id if not variant else f"{doc_id}#variant{variant}"


def style_for(doc_id: str, variant: int = 0) -> dict:
    """The typography of one id (deterministic)."""
    doc_id = _salted(doc_id, variant)
    return {
        "font": _rng(doc_id, "font").choice(["serif", "sans"]),
        "body_pt": _rng(doc_id, "body").choice([9, 9.5, 10, 10.5, 11]),
        "pad_pt": _rng(doc_id, "pad").choice([1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]),
        "title_pt": _rng(doc_id, "title").choice([14, 15, 16, 17, 18]),
        "margin_mm": _rng(doc_id, "margin").randint(12, 25),
        "valign": _rng(doc_id, "valign").choice(["middle", "top"]),
        "bold_header": _rng(doc_id, "bold").random() < 0.35,
        "rule_pt": _rng(doc_id, "rule").choice([0.5, 0.6, 0.75, 0.8, 1.0]),
        "line_height": _rng(doc_id, "leading").choice([1.2, 1.3, 1.4, 1.5]),
        "title_gap_pt": _rng(doc_id, "titlegap").choice([4, 6, 8, 10, 12]),
    }


def scan_params(doc_id: str, page: int, variant: int = 0) -> dict:
    """Scan defects of one page (deterministic; the angle differs a little per page)."""
    doc_id = _salted(doc_id, variant)
    r = _rng(doc_id, f"scan-page-{page}")
    base = _rng(doc_id, "scan")
    sign = base.choice([-1, 1])
    magnitude = min(0.99, max(0.2, base.uniform(0.25, 0.9) + r.uniform(-0.05, 0.05)))
    return {
        "angle": sign * round(magnitude, 3),
        "sigma": round(base.uniform(8, 12), 2),
        "specks": base.uniform(0.0003, 0.0012),  # fraction of pixels flipped
        "blur": round(base.uniform(0.4, 0.75), 2) if base.random() < 0.4 else 0.0,
        "quality": base.choice([65, 68, 70, 72]),
        "seed": int.from_bytes(hashlib.sha256(f"{doc_id}\0noise\0{page}".encode()).digest()[:8], "big"),
    }


# ---------------------------------------------------------------------------
# HTML page
# ---------------------------------------------------------------------------
FONTS = {
    "serif": '"Noto Serif CJK SC", "Noto Serif CJK", serif',
    "sans": '"Noto Sans CJK SC", "Noto Sans CJK", sans-serif',
}

RULES_CSS = {
    "grid": """
table {{ border: {w}pt solid #000; }}
td {{ border: {w}pt solid #000; }}
""",
    "hrules": """
table {{ border-left: none; border-right: none; border-top: {w}pt solid #000; border-bottom: {w}pt solid #000; }}
td {{ border-left: none !important; border-right: none !important;
      border-top: {w}pt solid #000; border-bottom: {w}pt solid #000; }}
""",
    "norules": """
table, td {{ border: none !important; }}
""",
}

PAGE_CSS = """
@page {{ size: A4 portrait; margin: {m}mm; }}
@page land {{ size: A4 landscape; margin: {m}mm; }}
html, body {{ margin: 0; padding: 0; color: #000; }}
body {{ font-family: {font}; font-size: {body}pt; line-height: {lh};
        -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
main {{ width: {wp}mm; }}
section {{ width: {wp}mm; display: block; }}
section.landscape {{ page: land; width: {wl}mm; }}
.pagebreak {{ display: none; }}
.pagebreak + *, :has(> .pagebreak:last-child) + * {{ break-before: page; page-break-before: always; }}
h1 {{ font-size: {title}pt; font-weight: bold; text-align: center; margin: 0 0 {gap}pt 0; line-height: 1.3; }}
h2 {{ font-size: {sub}pt; font-weight: bold; text-align: center; margin: 0 0 {gap2}pt 0; line-height: 1.3; }}
h3 {{ font-size: {h3}pt; font-weight: bold; margin: {gap2}pt 0 {gap2}pt 0; line-height: 1.3; }}
p {{ margin: 0 0 {pgap}pt 0; }}
p.right {{ text-align: right; }}
p.center {{ text-align: center; }}
p.split {{ display: flex; justify-content: space-between; align-items: baseline; gap: 2em; }}
p.split > span {{ white-space: normal; }}
table {{ border-collapse: collapse; border-spacing: 0; width: 100%; table-layout: auto;
         margin: 0 0 {pgap}pt 0; page-break-inside: auto; }}
thead {{ display: table-header-group; }}
tr {{ page-break-inside: avoid; break-inside: avoid; }}
td {{ padding: {pad}pt {padh}pt; vertical-align: {valign}; text-align: left;
      overflow-wrap: normal; word-break: normal; }}
td.num {{ text-align: right; white-space: nowrap; }}
td.center {{ text-align: center; }}
td.left {{ text-align: left; }}
td.wrap {{ white-space: normal; }}
td.vertical {{ width: 1.3em; min-width: 1.3em; max-width: 1.3em; text-align: center;
               word-break: break-all; overflow-wrap: anywhere; line-height: 1.15;
               padding-left: 1pt; padding-right: 1pt; }}
table.fit-break td {{ overflow-wrap: anywhere; }}
table.fit-break td.num {{ white-space: normal; }}
{bold}
{rules}
"""

BOLD_CSS = """
thead td { font-weight: bold; }
table:not(:has(thead)) > tbody:first-child > tr:first-child > td { font-weight: bold; }
"""

# Shrinks a table that does not fit its container: font first (down to 6pt), then
# padding, then the whole table (CSS zoom, down to half), and only then allows breaks
# anywhere (numbers too).  Runs before printing; the widths are in mm so
# the screen layout the script measures is the print layout.
FIT_JS = """
(function () {
  var PT = 96 / 72;
  function avail(t) { return t.parentElement.getBoundingClientRect().width; }
  function width(t) { return t.getBoundingClientRect().width; }
  function over(t) { return width(t) > avail(t) + 0.5; }
  var tables = document.querySelectorAll("table");
  for (var i = 0; i < tables.length; i++) {
    var t = tables[i];
    if (!over(t)) continue;
    var fs = parseFloat(getComputedStyle(t).fontSize) / PT;
    while (over(t) && fs > 6) { fs -= 0.25; t.style.fontSize = fs + "pt"; }
    if (over(t)) {
      var cells = t.querySelectorAll("td");
      for (var j = 0; j < cells.length; j++) {
        cells[j].style.paddingLeft = "1pt"; cells[j].style.paddingRight = "1pt";
      }
    }
    var z = 1;
    while (over(t) && z > 0.5) {  /* scale the whole table rather than break numbers */
      z = Math.floor(z * avail(t) / width(t) * 1000) / 1000 - 0.005;
      t.style.zoom = z;
    }
    if (over(t)) t.classList.add("fit-break");
    t.setAttribute("data-fit", fs.toFixed(2) + "pt zoom " + z);
  }
})();
"""


def page_html(fragment: str, form: str, st: dict) -> str:
    m = st["margin_mm"]
    css = PAGE_CSS.format(
        m=m, font=FONTS[st["font"]], body=st["body_pt"], lh=st["line_height"],
        wp=210 - 2 * m, wl=297 - 2 * m, title=st["title_pt"],
        sub=max(st["body_pt"] + 1, st["title_pt"] - 3), h3=st["body_pt"] + 1,
        gap=st["title_gap_pt"], gap2=max(3, st["title_gap_pt"] // 2), pgap=max(2, st["pad_pt"] + 1),
        pad=st["pad_pt"], padh=st["pad_pt"] + 1, valign=st["valign"],
        bold=BOLD_CSS if st["bold_header"] else "",
        rules=RULES_CSS[form].format(w=st["rule_pt"]),
    )
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n"
            f"<style>{css}</style></head>\n<body><main>\n{fragment}\n</main>\n"
            f"<script>{FIT_JS}</script>\n</body></html>\n")


# ---------------------------------------------------------------------------
# Printing
# ---------------------------------------------------------------------------
_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}([^)]*)\)")


def _fix_dates(pdf: bytes) -> bytes:
    """Same-length replacement of the print dates (the xref offsets stay valid)."""
    def sub(m):
        tail = m.group(2)
        fixed = b"+00'00'"
        tail = fixed if len(tail) == len(fixed) else tail
        return b"/" + m.group(1) + b" (D:20000101000000" + tail + b")"
    return _DATE.sub(sub, pdf)


def chromium_binary() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        p = shutil.which(name)
        if p:
            return p
    raise SystemExit("render.py: no chromium found (apt-get install chromium)")


def print_pdf(html: str, tmp: Path) -> bytes:
    tmp.mkdir(parents=True, exist_ok=True)
    page = tmp / "page.html"
    out = tmp / "out.pdf"
    page.write_text(html, encoding="utf-8")
    cmd = [chromium_binary(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp / 'profile'}",
           f"--print-to-pdf={out}", page.as_uri()]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=CHROMIUM_TIMEOUT, env={**os.environ, "TZ": "UTC"})
    if not out.exists() or out.stat().st_size == 0:
        raise RuntimeError(f"chromium printed nothing (exit {r.returncode}): "
                           + r.stderr.decode("utf-8", "replace")[-800:])
    return _fix_dates(out.read_bytes())


def scan_pdf(grid_pdf: bytes, doc_id: str, tmp: Path, variant: int = 0) -> bytes:
    """Rasterise the grid PDF at 150 dpi grey and make it look scanned."""
    import img2pdf
    import numpy as np
    from PIL import Image, ImageFilter

    tmp.mkdir(parents=True, exist_ok=True)
    src = tmp / "grid.pdf"
    src.write_bytes(grid_pdf)
    subprocess.run(["pdftoppm", "-r", str(SCAN_DPI), "-gray", "-png", str(src), str(tmp / "pg")],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600)
    pages = sorted(tmp.glob("pg-*.png"), key=lambda p: int(re.search(r"-(\d+)\.png$", p.name).group(1)))
    if not pages:
        raise RuntimeError("pdftoppm produced no page")
    jpegs = []
    for n, png in enumerate(pages, 1):
        sp = scan_params(doc_id, n, variant)
        img = Image.open(png).convert("L")
        img = img.rotate(sp["angle"], resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
        if sp["blur"]:
            img = img.filter(ImageFilter.GaussianBlur(sp["blur"]))
        rng = np.random.default_rng(sp["seed"])
        a = np.asarray(img, dtype=np.float32)
        a = a + rng.normal(0.0, sp["sigma"], a.shape).astype(np.float32)
        mask = rng.random(a.shape) < sp["specks"]
        a[mask] = np.where(rng.random(int(mask.sum())) < 0.5, 0.0, 255.0)
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=sp["quality"], dpi=(SCAN_DPI, SCAN_DPI), optimize=True)
        jpegs.append(buf.getvalue())
    pdf = img2pdf.convert(jpegs, nodate=True, producer="corpus/render.py",
                          creator="corpus/render.py")
    # img2pdf (through pikepdf) writes a random /ID: make it a hash of the pages
    fixed = hashlib.md5(b"".join(jpegs)).hexdigest().encode()
    return re.sub(rb"(/ID\s*\[\s*)<[0-9a-fA-F]{32}>(\s*)<[0-9a-fA-F]{32}>",
                  lambda m: m.group(1) + b"<" + fixed + b">" + m.group(2) + b"<" + fixed + b">", pdf)


def html_form_pdf(fragment: str, doc_id: str, form: str, tmp: Path, variant: int = 0) -> bytes:
    """One id's fragment printed in one HTML form (grid, hrules, norules)."""
    return print_pdf(page_html(fragment, form, style_for(doc_id, variant)), tmp)
