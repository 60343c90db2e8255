#!/usr/bin/env python3
"""How well OCR of the corpus scans gives back the text layer's grids.

    python corpus/ocrcheck.py [ID[:PAGE,...] ...] [--jobs N] [--json FILE] [--against FILE]
                              [--worst K] [--ref text|lattice] [--form grid|hrules|norules] [--cells]

For every corpus id with a scan form, page by page: the reference is the
`grid` form's text layer as a text page reads it (`extract.pages.text_page`:
the lattice grids and the borderless tables around them, words outside every
grid as loose lines; `--ref lattice`: the lattice grids alone); the candidate
is `extract.ocr.ocr_page` on the same page of the `scan` form, as the pipeline
calls it.  `--form hrules|norules` scans those forms the way the corpus makes
its scans (cached in $TMPDIR) and compares with their text pages: tables
without ruling lines.  `--cells` checks the raster rules and cells alone
against the lattice (no recognition; all pages in half a minute).

Reported per id:

  grids      reference grids whose cell structure is identical / all
             (+N: grids the reference does not have)
  structure  share of reference cells that the OCR grid has at the same lattice
             position with the same spans (a missed table counts all its cells)
  chars      character accuracy of cell texts: 1 - edit distance / length,
             summed over cells (strict: the texts as the readers get them)
  folded     the same after NFKC and dropping whitespace (（ vs ( alike)
  exact      share of non-empty cells whose text is exactly right
  lines      character accuracy of the text outside tables (titles, 单位：万元,
             prose), page by page in reading order
  cpu/pg     OCR CPU seconds per page (ocr_page in the worker, Tesseract included;
             wall time is in the --json)

The worst cells and lines are listed at the end.  `--json` keeps everything
(per cell) so a later run can be compared with `--against`.  The metrics
(edit distance, grid and cell pairing, scores) are in corpus/ocr_compare.py.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
sys.path.insert(0, str(ROOT))


def _load_sibling(name: str, path: Path):
    """A file of corpus/ as a module, by path (corpus/ is not a package)."""
    mod = sys.modules.get(name)
    if mod is not None and Path(mod.__file__).resolve() == path:
        return mod
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


compare = _load_sibling("corpus_ocr_compare", Path(__file__).resolve().with_name("ocr_compare.py"))
# re-exported: tests/test_ocr_corpus.py and check_page/report use these as ocrcheck.<name>
edit_distance, fold, match_grids, compare_cells = (compare.edit_distance, compare.fold,
                                                   compare.match_grids, compare.compare_cells)
score_pages, worst_cells = compare.score_pages, compare.worst_cells
worst_lines = compare.worst_lines
_overlap, _shape = compare._overlap, compare._shape


# --- one page -----------------------------------------------------------------

def reference_page(pdf_path: Path, page_no: int, ref: str = "text"):
    """The text layer's grids and loose lines of one page: `ref` "text" is
    whatever a text page gives (`extract.pages.text_page`: ruled tables and
    the borderless ones around them, no carry from the previous page, as OCR
    has none); "lattice" the ruled (lattice) grids alone."""
    import pdfplumber

    from budgetpdf.extract import pages, ruled
    from budgetpdf.extract.grid import loose_lines
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[page_no - 1]
        words = ruled.page_words(page)
        if ref == "lattice":
            grids = ruled.find_grids(page, words, page_no)
            return grids, loose_lines(words, grids)
        content = pages.text_page(page, page_no, words)
        content = content[0] if isinstance(content, tuple) else content
        return content.grids, content.lines


def simulated_scan(form: str, doc_id: str, dpi: int = 150) -> Path:
    """A scan of another form of a template, made as the corpus makes its
    scans (150 dpi gray, rotated under 1°, noise, specks, JPEG, no text
    layer), cached under $TMPDIR: the corpus scans only the grid form, and
    tables without rules need scans too."""
    import tempfile

    import cv2
    import img2pdf

    from budgetpdf.extract import raster
    out = Path(tempfile.gettempdir()) / "budgetpdf-ocrcheck" / form / f"{doc_id}.pdf"
    src = CORPUS / "pdf" / form / f"{doc_id}.pdf"
    if out.exists() and out.stat().st_mtime >= src.stat().st_mtime:
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    seed = int.from_bytes(doc_id.encode()[:8].ljust(8, b"\0"), "little")
    rng = np.random.default_rng(seed)
    jpegs = []
    for i in range(n_pages(src)):
        gray = raster.render(src, i, dpi).astype(np.float32)
        h, w = gray.shape
        angle = float(rng.choice([-1, 1]) * rng.uniform(0.2, 0.95))
        gray = cv2.warpAffine(gray, cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0), (w, h),
                              flags=cv2.INTER_CUBIC, borderValue=255)
        gray += rng.normal(0.0, rng.uniform(8, 12), gray.shape).astype(np.float32)
        specks = rng.random(gray.shape) < rng.uniform(0.0003, 0.0012)
        gray[specks] = np.where(rng.random(int(specks.sum())) < 0.5, 0.0, 255.0)
        ok, jpg = cv2.imencode(".jpg", np.clip(gray, 0, 255).astype(np.uint8),
                               [cv2.IMWRITE_JPEG_QUALITY, int(rng.choice([65, 68, 70, 72]))])
        jpegs.append(jpg.tobytes())
    layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
    out.write_bytes(img2pdf.convert(jpegs, layout_fun=layout))
    return out


def _cpu() -> float:
    """CPU seconds of this process and its finished children (Tesseract):
    on a shared machine wall time says more about the neighbours."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def raster_only(scan: Path, page_no: int, dpi: int):
    """The page's tables as the raster finder sees them, no text: a quick
    check of rules and cells alone (--cells)."""
    from budgetpdf.extract import raster
    from budgetpdf.extract.grid import build_grid
    from budgetpdf.model import PageContent
    level, _ = raster.deskew(raster.render(scan, page_no - 1, dpi))
    k = 72 / dpi
    grids = [build_grid([tuple(v * k for v in c) for c in t.cells], [], page_no, "ocr")
             for t in raster.find_tables(level, dpi)]
    return PageContent(page_no, 0, 0, [g for g in grids if g and g.n_cols >= 2], [], ocr=True)


def check_page(doc_id: str, page_no: int, dpi: int, cells_only: bool = False, form: str = "grid",
               ref: str = "text") -> dict:
    """Reference vs OCR of one page (runs in a worker).  `form` grid: the
    corpus scan against the grid form's text layer; hrules or norules: a
    simulated scan of that form against its text layer (`ref`: see
    reference_page)."""
    import pdfplumber

    from budgetpdf.extract import ocr
    if not cells_only:
        ocr.engine()
    ref_grids, ref_lines = reference_page(CORPUS / "pdf" / form / f"{doc_id}.pdf", page_no,
                                          "lattice" if cells_only else ref)
    scan = CORPUS / "pdf" / "scan" / f"{doc_id}.pdf" if form == "grid" else simulated_scan(form, doc_id, dpi)
    with pdfplumber.open(scan) as pdf:
        t, cpu = time.perf_counter(), _cpu()
        if cells_only:
            content = raster_only(scan, page_no, dpi)
        else:
            content = ocr.ocr_page(scan, pdf.pages[page_no - 1], page_no, dpi)
        seconds, cpu = time.perf_counter() - t, _cpu() - cpu
    if cells_only:
        ref_lines = []
        for g in ref_grids:
            for c in g.cells:
                c.text = ""
    pairs, spurious = match_grids(ref_grids, content.grids)
    grids = []
    for i, j in pairs:
        g, h = ref_grids[i], (content.grids[j] if j is not None else None)
        grids.append({"found": h is not None,
                      "same_structure": bool(h is not None and _shape(g) == _shape(h)),
                      "ref_size": [g.n_rows, g.n_cols], "ocr_size": [h.n_rows, h.n_cols] if h else None,
                      "cells": compare_cells(g, h)})
    return {"id": doc_id, "page": page_no, "seconds": round(seconds, 3), "cpu": round(cpu, 3),
            "error": content.error,
            "grids": grids, "spurious_grids": [len(content.grids[j].cells) for j in spurious],
            "ref_lines": [ln.text for ln in ref_lines], "ocr_lines": [ln.text for ln in content.lines]}

# --- driver -------------------------------------------------------------------

def scan_ids(only: list[str]) -> list[str]:
    ids = sorted(p.stem for p in (CORPUS / "pdf" / "scan").glob("*.pdf")
                 if (CORPUS / "pdf" / "grid" / p.name).exists())  # every id with a scan
    return [i for i in ids if not only or i in only]


def n_pages(path: Path) -> int:
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def _family(doc_id: str) -> str:
    truth = CORPUS / "truth" / f"{doc_id}.json"
    try:
        return json.loads(truth.read_text(encoding="utf-8")).get("family") or "?"
    except (OSError, ValueError):
        return "?"


def _init_worker():
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    logging.getLogger("pdfminer").setLevel(logging.ERROR)


def run(ids: list[str], jobs: int, dpi: int, pages: str | None = None,
        only: dict[str, list[int]] | None = None, cells_only: bool = False,
        form: str = "grid", ref: str = "text") -> list[dict]:
    tasks = []
    for doc_id in ids:
        n = n_pages(CORPUS / "pdf" / "scan" / f"{doc_id}.pdf")
        wanted = range(1, n + 1)
        if pages:
            wanted = [int(x) for x in pages.split(",") if int(x) <= n]
        if only and only.get(doc_id):
            wanted = [p for p in only[doc_id] if p <= n]
        tasks += [(doc_id, p) for p in wanted]
    tasks.sort(key=lambda t: t[0])
    if jobs <= 1:
        _init_worker()
        return [r for r in (_safe(d, p, dpi, cells_only, form, ref) for d, p in tasks) if r]
    if form != "grid":  # make the simulated scans once, before the workers want them
        for doc_id in sorted({d for d, _ in tasks}):
            simulated_scan(form, doc_id, dpi)
    with ProcessPoolExecutor(jobs, initializer=_init_worker) as pool:
        futures = [pool.submit(_safe, d, p, dpi, cells_only, form, ref) for d, p in tasks]
        return [r for r in (f.result() for f in futures) if r]


def _safe(doc_id: str, page_no: int, dpi: int, cells_only: bool = False, form: str = "grid",
          ref: str = "text") -> dict | None:
    """check_page, or None with a message when a file went away or broke
    (the corpus may be re-rendered while a run is going)."""
    try:
        return check_page(doc_id, page_no, dpi, cells_only, form, ref)
    except Exception as e:  # noqa: BLE001
        print(f"{doc_id} p{page_no}: not checked: {type(e).__name__}: {e}", file=sys.stderr, flush=True)
        return None


def _short(s: str, n: int = 60) -> str:
    return s if len(s) <= n else s[:n - 1] + "…"


def report(results: list[dict], worst: int, against: dict | None = None) -> dict:
    by_id: dict[str, list] = {}
    for p in results:
        by_id.setdefault(p["id"], []).append(p)
    scores = {doc_id: score_pages(ps) for doc_id, ps in by_id.items()}
    head = f"{'id':36} {'family':15} {'pg':>3} {'grids':>8} {'struct':>7} {'chars':>7} {'folded':>7} " \
           f"{'exact':>6} {'lines':>6} {'cpu/pg':>6}"
    print(head)
    for doc_id, s in scores.items():
        line = (f"{doc_id:36} {_family(doc_id):15} {s['pages']:3d} {s['grids']:>8} {s['structure']:7.4f} "
                f"{s['chars']:7.4f} {s['folded']:7.4f} {s['exact']:6.3f} {s['lines']:6.3f} {s['cpu_page']:6.2f}")
        if against and doc_id in against:
            o = against[doc_id]
            line += f"   was {o['structure']:.4f} {o['chars']:.4f} {o['lines']:.3f} {o.get('cpu_page', 0):.2f}"
        if s["errors"]:
            line += f"  ERRORS {s['errors'][:2]}"
        print(line)
    total = score_pages(results)
    print(f"{'ALL':36} {'':15} {total['pages']:3d} {total['grids']:>8} {total['structure']:7.4f} "
          f"{total['chars']:7.4f} {total['folded']:7.4f} {total['exact']:6.3f} {total['lines']:6.3f} "
          f"{total['cpu_page']:6.2f}")
    if against and "ALL" in against:
        o = against["ALL"]
        print(f"{'was':36} {'':15} {o['pages']:3d} {o['grids']:>8} {o['structure']:7.4f} {o['chars']:7.4f} "
              f"{o['folded']:7.4f} {o['exact']:6.3f} {o['lines']:6.3f} {o.get('cpu_page', 0):6.2f}")
    if worst:
        print(f"\nworst cells (ref → ocr):")
        for d, doc_id, page, gi, c in worst_cells(results, worst):
            tag = "" if c["shape"] else " [structure]"
            print(f"  {doc_id} p{page} g{gi} {tuple(c['pos'])}{tag}: {_short(c['ref'])!r} → {_short(c['ocr'])!r}")
        extra = [(p["id"], p["page"], p["spurious_grids"]) for p in results if p["spurious_grids"]]
        if extra:
            print("\ngrids the text layer does not have (cells per grid):")
            for doc_id, page, sizes in extra:
                print(f"  {doc_id} p{page}: {sizes}")
        print(f"\nworst loose text (edit distance per page):")
        for d, doc_id, page, a, b in worst_lines(results, max(worst // 3, 3)):
            print(f"  {doc_id} p{page}: {d}\n    ref {_short(b.replace(chr(10), ' | '), 150)!r}"
                  f"\n    ocr {_short(a.replace(chr(10), ' | '), 150)!r}")
    return {"ALL": total, **scores}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ids", nargs="*", help="ids, or id:page,page for some pages only")
    ap.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 2)))
    ap.add_argument("--dpi", type=int, default=150)
    ap.add_argument("--pages", help="only these pages of each id, e.g. 1,2")
    ap.add_argument("--family", help="only ids of this family (whole_document, project_tables …)")
    ap.add_argument("--json", type=Path, help="write scores and every compared cell here")
    ap.add_argument("--against", type=Path, help="a --json file of an earlier run to compare with")
    ap.add_argument("--worst", type=int, default=25)
    ap.add_argument("--cells", action="store_true", help="rules and cells only, no recognition (fast)")
    ap.add_argument("--ref", default="text", choices=("text", "lattice"),
                    help="reference: what a text page gives (ruled + borderless tables, default) "
                         "or the lattice (ruled) grids alone")
    ap.add_argument("--form", default="grid", choices=("grid", "hrules", "norules"),
                    help="grid: the corpus scans vs the grid form's lattice (default); hrules/norules: "
                         "simulated scans of that form vs its text page (tables without rules)")
    a = ap.parse_args(argv)
    only: dict[str, list[int]] = {}
    for arg in a.ids:  # ID or ID:PAGE[,PAGE]
        doc_id, _, pgs = arg.partition(":")
        only.setdefault(doc_id, []).extend(int(x) for x in pgs.split(",") if x)
    ids = scan_ids(list(only))
    if a.family:
        ids = [i for i in ids if _family(i) == a.family]
    if not ids:
        print("no scan ids", file=sys.stderr)
        return 1
    t = time.perf_counter()
    results = run(ids, a.jobs, a.dpi, a.pages, only, a.cells, a.form, a.ref)
    against = json.loads(a.against.read_text())["scores"] if a.against else None
    scores = report(results, a.worst, against)
    print(f"\n{len(results)} pages in {time.perf_counter() - t:.0f} s with {a.jobs} jobs")
    if a.json:
        a.json.write_text(json.dumps({"scores": scores, "pages": results}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
