#!/usr/bin/env python3
"""Seconds per scanned page and peak memory of OCR, one worker, one core.

    python bench/ocr_bench.py [--pages N] [--json FILE] [PDF ...]

Default input: samples/variants/*.scan.pdf and ../shared/devset/scan/*.pdf.
Each PDF is measured in its own child process (so its peak RSS is its own),
pinned to one CPU with os.sched_setaffinity, reading every page with
`extract.ocr.ocr_page` as the pipeline does (`--ocr force`).  Reported per
file: pages, model load seconds, seconds per page (mean, max), peak RSS MB,
stage split (render+deskew+rules / detect / recognize) on the first page.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def measure(path: str, max_pages: int) -> dict:
    """Runs inside the child: OCR every page of one PDF."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    import pdfplumber

    from budgetpdf.extract import ocr, raster
    t0 = time.perf_counter()
    ocr.engine()
    load = time.perf_counter() - t0
    per_page, cells = [], 0
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages[:max_pages]):
            t = time.perf_counter()
            content = ocr.ocr_page(path, page, i + 1)
            per_page.append(time.perf_counter() - t)
            cells += sum(len(g.cells) for g in content.grids)
            page.close()
    t = time.perf_counter()
    gray = raster.render(path, 0, ocr.DPI)
    level, _ = raster.deskew(gray)
    tables = raster.find_tables(level, ocr.DPI)
    t_raster = time.perf_counter() - t
    t = time.perf_counter()
    boxes = ocr.detect(level)
    t_det = time.perf_counter() - t
    rects = ocr.widen(ocr.merge_overlaps([p for b in boxes for p in ocr.split_at_walls(b, tables, ocr.DPI / 72)]))
    t = time.perf_counter()
    ocr.recognize(level, rects)
    t_rec = time.perf_counter() - t
    return {"file": Path(path).name, "pages": len(per_page), "cells": cells, "dpi": ocr.DPI,
            "model_load_s": round(load, 2),
            "s_per_page": round(sum(per_page) / max(len(per_page), 1), 2),
            "max_s_page": round(max(per_page, default=0), 2),
            "page1_split_s": {"raster": round(t_raster, 2), "detect": round(t_det, 2),
                              "recognize": round(t_rec, 2), "pieces": len(rects)},
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def default_inputs() -> list[Path]:
    return (sorted((ROOT / "samples" / "variants").glob("*.scan.pdf"))
            + sorted((ROOT.parent / "shared" / "devset" / "scan").glob("*.pdf")))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--pages", type=int, default=1000, help="at most this many pages per PDF")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        print(json.dumps(measure(a.child, a.pages)))
        return 0
    results = []
    for pdf in a.pdfs or default_inputs():
        out = subprocess.run([sys.executable, __file__, "--child", str(pdf), "--pages", str(a.pages)],
                             capture_output=True, text=True, cwd=ROOT)
        if out.returncode:
            print(f"{pdf.name}: failed\n{out.stderr[-2000:]}", file=sys.stderr)
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"{r['file']:34} {r['pages']:3d} pages  {r['s_per_page']:6.2f} s/page "
              f"(max {r['max_s_page']:.2f})  peak {r['peak_rss_mb']:5d} MB  "
              f"load {r['model_load_s']:.2f} s  page 1: {r['page1_split_s']}", flush=True)
    if results:
        pages = sum(r["pages"] for r in results)
        mean = sum(r["s_per_page"] * r["pages"] for r in results) / max(pages, 1)
        print(f"overall: {pages} pages, {mean:.2f} s/page on one core, "
              f"peak RSS {max(r['peak_rss_mb'] for r in results)} MB (limit 1536 MB)")
    if a.json:
        a.json.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    return 0 if results else 1


if __name__ == "__main__":
    sys.exit(main())
