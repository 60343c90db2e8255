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
(per cell) so a later run can be compared with `--against`.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import sys
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
sys.path.insert(0, str(ROOT))


# --- text distance -------------------------------------------------------------

def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one numpy row per character of `a`."""
    if a == b:
        return 0
    if not a or not b:
        return max(len(a), len(b))
    bb = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    prev = np.arange(len(b) + 1, dtype=np.int32)
    for i, ch in enumerate(a, 1):
        sub = prev[:-1] + (bb != ord(ch))
        cur = np.empty_like(prev)
        cur[0] = i
        cur[1:] = np.minimum(prev[1:] + 1, sub)
        # insertions run left to right: cur[j] = min(cur[j], cur[j-1] + 1)
        cur = np.minimum.accumulate(cur - np.arange(len(cur))) + np.arange(len(cur))
        prev = cur
    return int(prev[-1])


def fold(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s or "").split())


# --- one page -----------------------------------------------------------------

def _overlap(a, b) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    return w * h / max((a[2] - a[0]) * (a[3] - a[1]), 1e-9)


def _shape(grid) -> set:
    return {(c.row, c.col, c.rowspan, c.colspan) for c in grid.cells}


def match_grids(ref, ours):
    """Pairs (ref index, our index or None): each reference grid with the OCR
    grid that covers most of it."""
    pairs, used = [], set()
    for i, g in enumerate(ref):
        best, score = None, 0.3
        for j, h in enumerate(ours):
            if j in used:
                continue
            s = min(_overlap(g.bbox, h.bbox), _overlap(h.bbox, g.bbox))
            if s > score:
                best, score = j, s
        if best is not None:
            used.add(best)
        pairs.append((i, best))
    return pairs, [j for j in range(len(ours)) if j not in used]


def compare_cells(ref, ours) -> list[dict]:
    """Every reference cell with the OCR cell at its lattice position (same
    spans) or, failing that, the OCR cell covering most of it."""
    by_pos = {(c.row, c.col, c.rowspan, c.colspan): c for c in ours.cells} if ours else {}
    out = []
    for c in ref.cells:
        key = (c.row, c.col, c.rowspan, c.colspan)
        other = by_pos.get(key)
        same_shape = other is not None and _overlap(c.bbox, other.bbox) > 0.5
        if not same_shape and ours is not None:
            other = max(ours.cells, key=lambda o: _overlap(c.bbox, o.bbox), default=None)
            if other is not None and _overlap(c.bbox, other.bbox) < 0.3:
                other = None
        conf = other.conf if other else None
        out.append({"pos": [int(v) for v in key], "ref": c.text, "ocr": other.text if other else "",
                    "shape": bool(same_shape), "conf": None if conf is None else float(conf)})
    return out


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


# --- scores -------------------------------------------------------------------

def score_pages(pages: list[dict]) -> dict:
    cells = [c for p in pages for g in p["grids"] for c in g["cells"]]
    n_cells = len(cells)
    shape_ok = sum(c["shape"] for c in cells)
    dist = sum(edit_distance(c["ocr"], c["ref"]) for c in cells)
    length = sum(max(len(c["ocr"]), len(c["ref"])) for c in cells)
    fdist = sum(edit_distance(fold(c["ocr"]), fold(c["ref"])) for c in cells)
    flen = sum(max(len(fold(c["ocr"])), len(fold(c["ref"]))) for c in cells)
    filled = [c for c in cells if c["ref"] or c["ocr"]]
    ldist = llen = 0
    for p in pages:
        a, b = "".join("".join(p["ocr_lines"]).split()), "".join("".join(p["ref_lines"]).split())
        ldist += edit_distance(a, b)
        llen += max(len(a), len(b))
    grids = [g for p in pages for g in p["grids"]]
    return {
        "pages": len(pages),
        "grids": f"{sum(g['same_structure'] for g in grids)}/{len(grids)}"
                 + (f"+{sum(len(p['spurious_grids']) for p in pages)}"
                    if any(p["spurious_grids"] for p in pages) else ""),
        "spurious": sum(len(p["spurious_grids"]) for p in pages),
        "cells": n_cells,
        "structure": round(shape_ok / n_cells, 4) if n_cells else 1.0,
        "chars": round(1 - dist / length, 4) if length else 1.0,
        "folded": round(1 - fdist / flen, 4) if flen else 1.0,
        "exact": round(sum(c["ocr"] == c["ref"] for c in filled) / len(filled), 4) if filled else 1.0,
        "lines": round(1 - ldist / llen, 4) if llen else 1.0,
        "s_page": round(sum(p["seconds"] for p in pages) / max(len(pages), 1), 2),
        "cpu_page": round(sum(p.get("cpu", 0) for p in pages) / max(len(pages), 1), 2),
        "errors": [p["error"] for p in pages if p["error"]],
    }


def worst_cells(pages: list[dict], k: int) -> list[tuple]:
    rows = []
    for p in pages:
        for gi, g in enumerate(p["grids"]):
            for c in g["cells"]:
                d = edit_distance(c["ocr"], c["ref"])
                if d or not c["shape"]:
                    rows.append((d + (0 if c["shape"] else 0.5), p["id"], p["page"], gi, c))
    rows.sort(key=lambda r: -r[0])
    return rows[:k]


def worst_lines(pages: list[dict], k: int) -> list[tuple]:
    rows = []
    for p in pages:
        a, b = "\n".join(p["ocr_lines"]), "\n".join(p["ref_lines"])
        d = edit_distance("".join(a.split()), "".join(b.split()))
        if d:
            rows.append((d, p["id"], p["page"], a, b))
    rows.sort(key=lambda r: -r[0])
    return rows[:k]


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
