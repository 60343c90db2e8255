#!/usr/bin/env python3
"""Render the corpus: src/<id>.html → pdf/<form>/<id>.pdf for every form.

    python corpus/render.py [ID ...] [--forms grid,hrules,norules,scan] [--jobs N] [--force]
                            [--variant N]

With no ID every src/*.html is rendered.  Forms (see corpus/README.md):

  grid     every cell ruled (border-collapse, 0.5–1pt black)
  hrules   horizontal rules only (no vertical line anywhere, outer edges included)
  norules  no rules at all
  scan     the grid form rasterised at 150 dpi (grey), rotated 0.2°–1°, noise and
           specks, sometimes a light blur, JPEG, wrapped back into an A4 PDF (no text)
  office   (only when asked for: --forms office) made by LibreOffice, not Chromium: a
           template as an .xlsx workbook exported by Calc, a whole document as HTML
           opened and exported by Writer (corpus/office.py; needs LibreOffice, not in CI)

Each fragment is wrapped in a full HTML page whose CSS gives page size, font and rules,
and printed with headless Chromium (A4 portrait; <section class="landscape"> pages A4
landscape; <div class="pagebreak"> a page break; <thead> repeats on every page).  A
table wider than its page is shrunk (font, then padding) by a small script before
printing, never clipped.  Typography varies per id, deterministically (each property
from its own hash of the id), so the corpus is not one house style.  All of that is in
corpus/typeset.py; this file is the driver.

Incremental: an id/form is rendered only when its PDF is missing, or its source or
corpus/typeset.py changed since that PDF was made, or the PDF is not the one rendered
then.  pdf/manifest.json records, per id and form, the sha256 of what the PDF was made
from (typeset.py's bytes + the source's bytes; for the office form the bytes of office.py
and office_book.py too) and of the PDF itself, after each successful render.  --force
renders anyway (e.g. after a Chromium or LibreOffice upgrade, which the manifest does
not see).

The renderer knows nothing of budgetpdf's readers.  Output is deterministic for the
same input and the same Chromium (dates in the PDF are fixed), so re-rendering does not
churn git; a PDF whose bytes did not change is not rewritten.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import re
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
PDF = HERE / "pdf"
FORMS = ("grid", "hrules", "norules", "scan")  # the default forms (CI, make corpus-render)
EXTRA_FORMS = ("office",)                      # rendered only when asked for
TYPESET = HERE / "typeset.py"
OFFICE = HERE / "office.py"
OFFICE_FILES = (OFFICE, HERE / "office_book.py")  # the office form's code, in its manifest key
MANIFEST = "manifest.json"  # in the pdf folder
VARIANTS = HERE / "pdf-variants"  # --variant N renders into VARIANTS/vN (not committed)


def _load(name: str, path: Path = TYPESET):
    """A file of corpus/ as a module, by path (corpus/ is not a package and need not be
    on sys.path)."""
    mod = sys.modules.get(name)
    if mod is not None and Path(mod.__file__).resolve() == path:
        return mod
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def _load_typeset():
    return _load("corpus_typeset", TYPESET)


typeset = _load_typeset()
# re-exported: tests/fixtures/budget/make.py prints with these
HTML_FORMS = typeset.HTML_FORMS
style_for, scan_params, page_html = typeset.style_for, typeset.scan_params, typeset.page_html
chromium_binary, print_pdf, scan_pdf = typeset.chromium_binary, typeset.print_pdf, typeset.scan_pdf


# ---------------------------------------------------------------------------
# What a PDF was made from
# ---------------------------------------------------------------------------
def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_renderer_digest = None
_office_digest = None


def input_key(source: bytes) -> str:
    """sha256 of what a PDF of one id is made from: corpus/typeset.py (read once per
    run) and the source fragment's bytes."""
    global _renderer_digest
    if _renderer_digest is None:
        _renderer_digest = _sha256(TYPESET.read_bytes())
    return _sha256(b"corpus/typeset.py " + _renderer_digest.encode() + b"\0" + source)


def form_key(form: str, source: bytes) -> str:
    """input_key, and for the office form also the bytes of corpus/office.py and
    corpus/office_book.py (read once per run; the Writer route prints typeset.py's page)."""
    global _office_digest
    if form not in EXTRA_FORMS:
        return input_key(source)
    if _office_digest is None:
        _office_digest = _sha256(b"".join(f"corpus/{p.name} {_sha256(p.read_bytes())}\0".encode()
                                          for p in OFFICE_FILES))
    return _sha256(b"corpus/office.py " + _office_digest.encode() + b"\0"
                   + input_key(source).encode())


class Manifest:
    """pdf/manifest.json: {id: {form: {"input": input_key, "pdf": sha256 of the PDF}}}.

    record() re-reads the file and writes it back whole (sorted, atomically) under a
    lock, so parallel renders in this run, and entries another run wrote meanwhile,
    are kept."""

    def __init__(self, pdf_dir: Path):
        self.pdf_dir = Path(pdf_dir)
        self.path = self.pdf_dir / MANIFEST
        self.lock = threading.Lock()
        self.data = self._read()

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def fresh(self, doc_id: str, form: str, key: str) -> bool:
        """The PDF exists, is the one last rendered, and was made from `key`."""
        forms = self.data.get(doc_id)
        entry = forms.get(form) if isinstance(forms, dict) else None
        entry = entry if isinstance(entry, dict) else {}
        path = self.pdf_dir / form / f"{doc_id}.pdf"
        if entry.get("input") != key or not path.is_file():
            return False
        return _sha256(path.read_bytes()) == entry.get("pdf")

    def record(self, doc_id: str, form: str, key: str, data: bytes) -> None:
        with self.lock:
            merged = self._read()
            if not isinstance(merged.get(doc_id), dict):
                merged[doc_id] = {}
            merged[doc_id][form] = {"input": key, "pdf": _sha256(data)}
            self.data = merged
            text = json.dumps(merged, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
            write_if_changed(self.path, text.encode("utf-8"))


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------
def write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}.{threading.get_ident()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def pdf_pages(data: bytes) -> int:
    try:
        import pypdfium2 as pdfium
        return len(pdfium.PdfDocument(data))
    except Exception:  # pragma: no cover
        return len(re.findall(rb"/Type\s*/Page[^s]", data))


def render_html_form(doc_id: str, form: str, write: bool = True, src: Path = SRC,
                     pdf: Path = PDF, manifest: Manifest | None = None, variant: int = 0) -> dict:
    t0 = time.monotonic()
    path = src / f"{doc_id}.html"
    key = input_key(path.read_bytes())
    fragment = path.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix=f"render_{form}_") as td:
        data = typeset.html_form_pdf(fragment, doc_id, form, Path(td), variant)
    res = {"id": doc_id, "form": form, "bytes": data, "size": len(data), "key": key,
           "pages": pdf_pages(data), "seconds": time.monotonic() - t0, "changed": None}
    if write:
        res["changed"] = write_if_changed(pdf / form / f"{doc_id}.pdf", data)
        if manifest is not None:
            manifest.record(doc_id, form, key, data)
    return res


def render_office(doc_id: str, src: Path = SRC, pdf: Path = PDF,
                  manifest: Manifest | None = None) -> dict:
    """The office form: LibreOffice (corpus/office.py)."""
    office = _load("corpus_office", OFFICE)
    t0 = time.monotonic()
    path = src / f"{doc_id}.html"
    key = form_key("office", path.read_bytes())
    with tempfile.TemporaryDirectory(prefix="render_office_") as td:
        data = office.office_pdf(path.read_text(encoding="utf-8"), doc_id, Path(td), typeset)
    changed = write_if_changed(pdf / "office" / f"{doc_id}.pdf", data)
    if manifest is not None:
        manifest.record(doc_id, "office", key, data)
    return {"id": doc_id, "form": "office", "size": len(data), "pages": pdf_pages(data),
            "seconds": time.monotonic() - t0, "changed": changed}


def render_scan(doc_id: str, grid_future, src: Path = SRC, pdf: Path = PDF,
                manifest: Manifest | None = None, grid_pdf: Path | None = None,
                grid_key: str | None = None, variant: int = 0) -> dict:
    """The scan form from the grid print of this run (grid_future), else from the grid
    PDF on disk found up to date for input grid_key (grid_pdf: the bytes a print would
    give), else from a fresh print."""
    t0 = time.monotonic()
    if grid_future is not None:
        grid = grid_future.result()
    elif grid_pdf is not None:
        data = grid_pdf.read_bytes()
        grid = {"bytes": data, "pages": pdf_pages(data), "seconds": 0.0, "key": grid_key}
    else:
        grid = render_html_form(doc_id, "grid", write=False, src=src, variant=variant)
    t1 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="render_scan_") as td:
        data = scan_pdf(grid["bytes"], doc_id, Path(td), variant)
    changed = write_if_changed(pdf / "scan" / f"{doc_id}.pdf", data)
    if manifest is not None:
        manifest.record(doc_id, "scan", grid["key"], data)
    return {"id": doc_id, "form": "scan", "size": len(data), "pages": grid["pages"],
            "seconds": time.monotonic() - (t0 if grid_future is None else t1),
            "changed": changed}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ids", nargs="*", help="ids to render (default: every src/*.html)")
    ap.add_argument("--forms", default=",".join(FORMS),
                    help=f"comma-separated forms (default: {','.join(FORMS)}; "
                         f"also {','.join(EXTRA_FORMS)})")
    ap.add_argument("--jobs", type=int, default=max(1, min(4, os.cpu_count() or 1)),
                    help="parallel prints (default: min(4, cores))")
    ap.add_argument("--force", action="store_true",
                    help="render even where the PDF is up to date (pdf/manifest.json)")
    ap.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    ap.add_argument("--src", type=Path, default=SRC, help=argparse.SUPPRESS)  # for trying things
    ap.add_argument("--pdf", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--variant", type=int, default=0,
                    help="N > 0: typeset every id by another draw of its typography, into "
                         "corpus/pdf-variants/vN/<form>/ (not committed): the same content in "
                         "layouts the readers were never run on, a check of generality")
    a = ap.parse_args(argv)
    src = a.src.resolve()
    pdf = (a.pdf or (PDF if not a.variant else VARIANTS / f"v{a.variant}")).resolve()
    if a.variant and "office" in a.forms:
        ap.error("--variant does not apply to the office form (LibreOffice has its own typography)")

    forms = [f.strip() for f in a.forms.split(",") if f.strip()]
    bad = [f for f in forms if f not in FORMS + EXTRA_FORMS]
    if bad:
        ap.error(f"unknown form(s) {', '.join(bad)}; forms are {', '.join(FORMS + EXTRA_FORMS)}")
    ids = [Path(i).stem if i.endswith(".html") else i for i in a.ids] or \
        sorted(p.stem for p in src.glob("*.html"))
    missing = [i for i in ids if not (src / f"{i}.html").exists()]
    if missing:
        print(f"render.py: no source for {', '.join(missing)} in {src}", file=sys.stderr)
        return 2
    if not ids:
        print(f"render.py: nothing to render in {src}", file=sys.stderr)
        return 0

    t0 = time.monotonic()
    manifest = Manifest(pdf)
    sources = {doc_id: (src / f"{doc_id}.html").read_bytes() for doc_id in ids}
    keys = {doc_id: input_key(sources[doc_id]) for doc_id in ids}
    fresh = {(doc_id, form) for doc_id in ids for form in dict.fromkeys(FORMS + tuple(forms))
             if not a.force and manifest.fresh(doc_id, form, form_key(form, sources[doc_id]))}
    todo = {doc_id: [f for f in forms if (doc_id, f) not in fresh] for doc_id in ids}
    n_fresh = sum(len(forms) - len(fs) for fs in todo.values())
    if any(f not in EXTRA_FORMS for fs in todo.values() for f in fs):
        chromium_binary()
    if any("office" in fs for fs in todo.values()):
        _load("corpus_office", OFFICE).soffice_binary()

    failures, results = [], []
    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        futures, grid_f = [], {}
        for doc_id in ids:  # every Chromium print is queued before any scan waits on one
            for form in HTML_FORMS:
                if form in todo[doc_id]:
                    f = pool.submit(render_html_form, doc_id, form, True, src, pdf, manifest, a.variant)
                    futures.append((doc_id, form, f))
                    if form == "grid":
                        grid_f[doc_id] = f
        for doc_id in ids:
            if "office" in todo[doc_id]:
                futures.append((doc_id, "office", pool.submit(render_office, doc_id, src, pdf, manifest)))
        for doc_id in ids:
            if "scan" in todo[doc_id]:
                grid_pdf = pdf / "grid" / f"{doc_id}.pdf" if (doc_id, "grid") in fresh else None
                futures.append((doc_id, "scan", pool.submit(render_scan, doc_id, grid_f.get(doc_id), src,
                                                            pdf, manifest, grid_pdf, keys[doc_id],
                                                            a.variant)))
        for doc_id, form, f in futures:
            try:
                r = f.result()
            except Exception as e:  # one bad template never stops the others
                failures.append((doc_id, form, e))
                print(f"FAILED {form:<7} {doc_id}: {e}", file=sys.stderr)
                continue
            results.append(r)
            if not a.quiet:
                print(f"{form:<7} {doc_id:<40} {r['pages']:>3} p {r['size'] / 1024:8.1f} KB "
                      f"{r['seconds']:6.1f} s{'' if r['changed'] else '  (unchanged)'}")
    n_pages = sum(r["pages"] for r in results)
    print(f"rendered {len(results)} PDF(s), {n_pages} page(s) in {time.monotonic() - t0:.1f} s"
          f" ({len(ids)} id(s) × {len(forms)} form(s), {a.jobs} job(s))"
          + (f"; {n_fresh} up to date, not rendered" if n_fresh else "")
          + (f"; {len(failures)} FAILED" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
