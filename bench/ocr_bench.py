#!/usr/bin/env python3
"""Seconds per scanned page and peak memory of OCR, one worker, one core.

    python bench/ocr_bench.py [--pages N] [--json FILE] [PDF ...]

Default input: the development corpus scans (corpus/pdf/scan/*.pdf: every
template and whole document rasterised at 150 dpi, rotated, noisy, no text
layer).  Each PDF is measured in its own child process (so its peak RSS is
its own), pinned to one CPU with os.sched_setaffinity, reading every page
with `extract.ocr.ocr_page` as the pipeline does (`--ocr force`).

Reported per file and overall: pages, model load seconds, seconds per page
(wall), CPU seconds per page (the process and its Tesseract children: on a
shared machine this is the figure other processes do not inflate), the
slowest page, peak RSS, and the stage split of all pages (render+deskew,
rules+layout, recognize, the rest).
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
LIMIT_MB = 1024


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def measure(path: str, max_pages: int, dpi: int) -> dict:
    """Runs inside the child: OCR every page of one PDF."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    import logging

    import pdfplumber
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    from budgetpdf.extract import ocr, raster
    t0 = time.perf_counter()
    ocr.engine()
    load = time.perf_counter() - t0
    wall, cpu, cells = [], [], 0
    stages = {"raster": 0.0, "layout": 0.0, "recognize": 0.0}
    timed = _timers(stages)
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages[:max_pages]):
            t, c = time.perf_counter(), _cpu()
            content = ocr.ocr_page(path, page, i + 1, dpi)
            wall.append(time.perf_counter() - t)
            cpu.append(_cpu() - c)
            cells += sum(len(g.cells) for g in content.grids)
            page.close()
    timed.restore()
    total = sum(cpu)
    split = {k: round(v, 2) for k, v in stages.items()}
    split["rest"] = round(max(total - sum(stages.values()), 0.0), 2)
    del raster
    return {"file": Path(path).name, "pages": len(wall), "cells": cells, "dpi": dpi,
            "model_load_s": round(load, 2),
            "s_per_page": round(sum(wall) / max(len(wall), 1), 3),
            "cpu_per_page": round(total / max(len(cpu), 1), 3),
            "max_s_page": round(max(wall, default=0), 2),
            "stages_cpu_s": split,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


class _timers:
    """CPU time spent in the pipeline's stages, by wrapping them."""

    def __init__(self, stages: dict):
        from budgetpdf.extract import ocr, raster
        self.saved = []
        for owner, name, stage in ((raster, "render", "raster"), (raster, "deskew", "raster"),
                                   (ocr, "pieces_of", "layout"), (ocr, "read_pieces", "recognize")):
            fn = getattr(owner, name, None)
            if fn is None:  # an older pipeline without this stage
                continue
            self.saved.append((owner, name, fn))
            setattr(owner, name, self._wrap(fn, stages, stage))

    @staticmethod
    def _wrap(fn, stages, stage):
        def run(*a, **k):
            c = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                stages[stage] += time.process_time() - c
        return run

    def restore(self):
        for owner, name, fn in self.saved:
            setattr(owner, name, fn)


def default_inputs() -> list[Path]:
    return sorted((ROOT / "corpus" / "pdf" / "scan").glob("*.pdf"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--pages", type=int, default=1000, help="at most this many pages per PDF")
    ap.add_argument("--dpi", type=int, default=150)
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        print(json.dumps(measure(a.child, a.pages, a.dpi)))
        return 0
    results = []
    for pdf in a.pdfs or default_inputs():
        out = subprocess.run([sys.executable, __file__, "--child", str(pdf), "--pages", str(a.pages),
                              "--dpi", str(a.dpi)], capture_output=True, text=True, cwd=ROOT)
        if out.returncode:
            print(f"{pdf.name}: failed\n{out.stderr[-2000:]}", file=sys.stderr)
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"{r['file']:42} {r['pages']:3d} pages  {r['s_per_page']:5.2f} s/page  "
              f"cpu {r['cpu_per_page']:5.2f} s/page (max {r['max_s_page']:.2f})  "
              f"peak {r['peak_rss_mb']:5d} MB  load {r['model_load_s']:.2f} s  {r['stages_cpu_s']}",
              flush=True)
    if results:
        pages = sum(r["pages"] for r in results)
        wall = sum(r["s_per_page"] * r["pages"] for r in results) / max(pages, 1)
        cpu = sum(r["cpu_per_page"] * r["pages"] for r in results) / max(pages, 1)
        stages: dict[str, float] = {}
        for r in results:
            for k, v in r["stages_cpu_s"].items():
                stages[k] = stages.get(k, 0.0) + v
        print(f"overall: {len(results)} files, {pages} pages at {a.dpi} dpi, one core: "
              f"{wall:.2f} s/page wall, {cpu:.2f} s/page CPU, "
              f"peak RSS {max(r['peak_rss_mb'] for r in results)} MB (limit {LIMIT_MB} MB); "
              f"CPU by stage per page: " + ", ".join(f"{k} {v / pages:.2f}" for k, v in stages.items()))
    if a.json:
        a.json.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    return 0 if results else 1


if __name__ == "__main__":
    sys.exit(main())
