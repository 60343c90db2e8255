"""The comparison metrics of corpus/ocrcheck.py: OCR grids against the text layer's.

Loaded by path from ocrcheck.py (corpus/ is not a package), which re-exports these
names.  Text distance (edit distance, NFKC folding), the pairing of reference and
OCR grids and of their cells on one page, and the scores over pages (structure,
character accuracy strict and folded, exact cells, loose lines, time per page) with
the worst cells and lines.  No PDFs and no OCR here: pages are the dicts
ocrcheck.check_page returns.
"""
from __future__ import annotations

import unicodedata

import numpy as np


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


# --- grids of one page ---------------------------------------------------------

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
