"""The `office` form: corpus PDFs made by LibreOffice, a typesetter other than Chromium.

Most real budget PDFs are Excel/WPS or Word exports.  So a template becomes an .xlsx
workbook (openpyxl; one sheet per table, cell texts as in the HTML, <br> a line break in
a wrapped cell, merged cells from rowspan/colspan, thin borders on every cell, column
widths from the text lengths, row heights from the wrapped lines, the <h1>/<h2>/<p>
lines as merged rows without borders, A4 portrait or landscape when wide, fit to page
width, <thead> rows as print titles, a Noto CJK font per id) exported by LibreOffice
Calc; a whole document (sections, page breaks) or a fragment without a table is the
grid form's HTML page (typeset.py) adapted to Writer's HTML import, saved as ODT by
LibreOffice Writer, patched (black rules, landscape page styles) and exported by Writer.
Needs LibreOffice (not in CI; render.py calls this only for --forms office).  Each thread
has its own LibreOffice profile; the PDF's dates and /ID are fixed after export.

The workbook itself (HTML fragment → sheets → .xlsx) is built in corpus/office_book.py,
loaded by path (corpus/ is not a package); its names are re-exported here.  This file
holds the Writer route, running LibreOffice and the PDF fix-up.
"""
from __future__ import annotations

import atexit
import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import zipfile
from pathlib import Path

SOFFICE_TIMEOUT = 300  # seconds per conversion


def _load_sibling(name: str, path: Path):
    """A file of corpus/ as a module, by path (as render.py loads this one)."""
    mod = sys.modules.get(name)
    if mod is not None and Path(mod.__file__).resolve() == path:
        return mod
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


book = _load_sibling("corpus_office_book", Path(__file__).resolve().with_name("office_book.py"))
# re-exported: render.py, tests/test_office_form.py and office_pdf use these as office.<name>
UNIT_PT, CELL_PAD_PT, LINE, A4 = book.UNIT_PT, book.CELL_PAD_PT, book.LINE, book.A4
style_for, Node, parse, text_of = book.style_for, book.Node, book.parse, book.text_of
table_grid, blocks, NOTE, sheets = book.table_grid, book.blocks, book.NOTE, book.sheets
text_em, n_lines, column_widths = book.text_em, book.n_lines, book.column_widths
build_workbook = book.build_workbook


MARK = {"L": "\u27e6LANDSCAPE\u27e7", "P": "\u27e6PORTRAIT\u27e7"}


def writer_fragment(fragment: str, pad: float) -> str:
    """The fragment in what Writer's HTML import understands: border attributes on
    tables, a page break as page-break-before on the next block, an orientation marker
    paragraph where a landscape section starts or ends (page styles are set on the ODT),
    a split line's parts joined by ideographic spaces."""
    fragment = re.sub(r'<p class="split">\s*<span>(.*?)</span>\s*<span>(.*?)</span>\s*</p>',
                      lambda m: f"<p>{m.group(1)}{chr(0x3000) * 4}{m.group(2)}</p>", fragment,
                      flags=re.S)
    fragment = fragment.replace("<table>", f'<table border="1" cellspacing="0" '
                                           f'cellpadding="{pad}" width="100%">')
    fragment = re.sub(r'<td([^>]*class="[^"]*vertical[^"]*")', r'<td width="22"\1', fragment)
    for cls, align in (("num", "right"), ("center", "center"), ("vertical", "center")):
        fragment = re.sub(r'<td([^>]*class="(?:[^"]* )?%s(?: [^"]*)?")' % cls,
                          r'<td align="%s"\1' % align, fragment)
    out, pos, brk, orient, want = [], 0, False, "P", "P"
    for m in re.finditer(r'<section([^>]*)>|</section>|<div class="pagebreak"></div>|'
                         r'<(p|h1|h2|h3|table)\b', fragment):
        out.append(fragment[pos:m.start()])
        pos = m.end()
        tok = m.group(0)
        if tok.startswith("<section"):
            want = "L" if "landscape" in (m.group(1) or "") else "P"
            out.append("<div>")
        elif tok == "</section>":
            out.append("</div>")
        elif tok.startswith("<div"):
            brk = True
        else:
            if want != orient:
                out.append(f"<p>{MARK[want]}</p>")
                orient, brk = want, False
            elif brk:
                tok += ' style="page-break-before: always"'
                brk = False
            out.append(tok)
    out.append(fragment[pos:])
    return "".join(out)


def writer_page(fragment: str, doc_id: str, typeset) -> str:
    st = typeset.style_for(doc_id)
    page = typeset.page_html(writer_fragment(fragment, st["pad_pt"]), "grid", st)
    page = re.sub(r"<script>.*?</script>", "", page, flags=re.S)
    m = st["margin_mm"]
    extra = (f"<style>@page {{ size: 210mm 297mm; margin: {m}mm; }} "
             f"body {{ font-family: \"{typeset.FONTS[st['font']].split(',')[0].strip(chr(34))}\"; }}"
             f"</style>")
    return page.replace("</head>", extra + "</head>", 1)


def patch_odt(src: Path, dst: Path, rule_pt: float) -> None:
    """Black rules of the given width; each orientation marker becomes an empty
    paragraph that starts a page in a landscape / portrait page style."""
    with zipfile.ZipFile(src) as z:
        files = {i.filename: z.read(i.filename).decode("utf-8") if i.filename.endswith(".xml")
                 else z.read(i.filename) for i in z.infolist()}
    content = re.sub(r'="[\d.]+(pt|in|cm) solid #808080"', f'="{rule_pt}pt solid #000000"',
                     files["content.xml"])
    props = re.search(r"<style:page-layout-properties [^>]*>", files["styles.xml"])
    if props and MARK["L"] in content:
        port = props.group(0).rstrip("/>") + "/>"
        w, h = (re.search(f'fo:page-{k}="([^"]+)"', port).group(1) for k in ("width", "height"))
        land = re.sub(r'fo:page-(width|height)="[^"]+"', lambda m: f'fo:page-{m.group(1)}="'
                      + (h if m.group(1) == "width" else w) + '"', port).replace('"portrait"', '"landscape"')
        styles = files["styles.xml"].replace("</office:automatic-styles>", "".join(
            f'<style:page-layout style:name="office{k}">{p}</style:page-layout>'
            for k, p in (("L", land), ("P", port))) + "</office:automatic-styles>", 1)
        files["styles.xml"] = styles.replace("</office:master-styles>", "".join(
            f'<style:master-page style:name="Office{k}" style:page-layout-name="office{k}"/>'
            for k in "LP") + "</office:master-styles>", 1)
        content = content.replace("</office:automatic-styles>", "".join(
            f'<style:style style:name="Orient{k}" style:family="paragraph" style:parent-style-name='
            f'"Standard" style:master-page-name="Office{k}"><style:text-properties fo:font-size="1pt"/>'
            "</style:style>" for k in "LP") + "</office:automatic-styles>", 1)
        for k, mark in MARK.items():
            content = re.sub(r'<text:p text:style-name="[^"]*">(<text:span[^>]*>)?' + mark +
                             r'(</text:span>)?</text:p>', f'<text:p text:style-name="Orient{k}"/>', content)
    files["content.xml"] = content
    with zipfile.ZipFile(dst, "w") as z:  # mimetype first and stored, fixed dates
        for name in sorted(files, key=lambda n: n != "mimetype"):
            data = files[name]
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)),
                       data.encode("utf-8") if isinstance(data, str) else data,
                       zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)


_local = threading.local()


def _profile() -> str:
    """A LibreOffice user profile of this process and thread, removed at exit."""
    if not hasattr(_local, "profile"):
        _local.profile = Path(tempfile.gettempdir()) / f"lo_{os.getpid()}_{threading.get_ident()}"
        atexit.register(shutil.rmtree, _local.profile, True)
    return _local.profile.as_uri()


def soffice_binary() -> str:
    for name in ("soffice", "libreoffice"):
        if shutil.which(name):
            return shutil.which(name)
    raise SystemExit("render.py: the office form needs LibreOffice (apt-get install "
                     "libreoffice-calc libreoffice-writer fonts-noto-cjk)")


def convert(src: Path, target: str, outdir: Path, infilter: str | None = None) -> Path:
    """soffice --convert-to TARGET, in this thread's profile."""
    cmd = [soffice_binary(), f"-env:UserInstallation={_profile()}", "--headless", "--norestore",
           "--nologo", "--nodefault", *([f"--infilter={infilter}"] if infilter else []),
           "--convert-to", target, "--outdir", str(outdir), str(src)]
    r = subprocess.run(cmd, capture_output=True, timeout=SOFFICE_TIMEOUT,
                       env={**os.environ, "TZ": "UTC", "LC_ALL": "C.UTF-8"})
    out = outdir / f"{src.stem}.{target.split(':')[0]}"
    if not out.exists() or out.stat().st_size == 0:
        raise RuntimeError(f"soffice made no {out.name} (exit {r.returncode}): "
                           + (r.stdout + r.stderr).decode("utf-8", "replace")[-800:])
    return out


_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:\d{14}([^)]*)\)")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]{32})")


def fix_pdf(pdf: bytes) -> bytes:
    """Same-length replacement of the export date, of LibreOffice's /DocChecksum (it
    covers the date) and of the /ID (a hash of the rest)."""
    pdf = _DATE.sub(lambda m: b"/" + m.group(1) + b"(D:20000101000000"
                    + (b"Z'" if len(m.group(2)) == 2 else m.group(2)) + b")", pdf)
    pdf = _CHECKSUM.sub(lambda m: m.group(0).replace(m.group(1), b"0" * 32), pdf)
    digest = hashlib.md5(_ID.sub(b"", pdf)).hexdigest().upper().encode()
    return _ID.sub(lambda m: m.group(0).replace(m.group(1), digest).replace(m.group(2), digest), pdf)


def is_document(fragment: str) -> bool:
    """Sections, page breaks or no table at all: a Writer document, not a workbook."""
    return "<section" in fragment or 'class="pagebreak"' in fragment or "<table" not in fragment


def office_pdf(fragment: str, doc_id: str, tmp: Path, typeset) -> bytes:
    """One id's fragment as the office form's PDF."""
    tmp.mkdir(parents=True, exist_ok=True)
    if is_document(fragment):
        page = tmp / f"{doc_id}.html"
        page.write_text(writer_page(fragment, doc_id, typeset), encoding="utf-8")
        odt = convert(page, "odt:writer8", tmp / "odt", infilter="HTML (StarWriter)")
        patched = tmp / "patched" / f"{doc_id}.odt"
        patched.parent.mkdir()
        patch_odt(odt, patched, typeset.style_for(doc_id)["rule_pt"])
        pdf = convert(patched, "pdf:writer_pdf_Export", tmp / "pdf")
    else:
        book = tmp / f"{doc_id}.xlsx"
        build_workbook(doc_id, blocks(parse(fragment)), book)
        pdf = convert(book, "pdf:calc_pdf_Export", tmp / "pdf")
    return fix_pdf(pdf.read_bytes())


