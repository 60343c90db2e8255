#!/usr/bin/env python3
"""Borderless reading vs lattice reading on the corpus: cell-level agreement per id and form.

    python corpus/gridcheck.py [--forms hrules,norules] [--ids ID,...] [-v] [--diffs N]
                               [--jobs N] [--json FILE]

Every corpus id is rendered from one HTML in several forms (corpus/README.md).  The
lattice reader reads the `grid` form; a borderless reader that understands the table
must give the same cells on `hrules` and `norules`.  Each document is read with
`budgetpdf.extract.pages.read_pdf` in every form and compared with the grid form.

The unit of comparison is a non-empty cell seen with its neighbours (`cell_keys`):
its text (whitespace removed), and for each side the set of texts of the first
non-empty cell met walking away from it along every lattice row (left/right) or column
(up/down) the cell covers.  The key is blind to extra empty lattice columns or rows
(a walk steps over empty cells) and to how the lattice is numbered, and it is not
blind to what a reader can tell apart: text split or joined differently, wrapped
text of neighbouring columns interleaved, labels merged into one cell, a merged label
not spanning the rows it covers (its right-hand set loses members), a header broken
up, a table split in two (up/down neighbours lost), a paragraph read as a table (keys
the grid form does not have).  Per document: precision, recall and F1 of the key
multisets over all pages (`key_f1`), and of the cell texts alone (`text_f1`).  Text the
grid form keeps as loose lines and another form puts in a grid counts as extra keys.

Tables are aligned for the diff listing by page and overlap of their cell texts.
Importable: read_forms(id, forms), compare(ref, other), cell_keys(grid).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

FORMS = ("hrules", "norules")


def ids(selected: list[str] | None = None) -> list[str]:
    found = sorted(p.stem for p in (HERE / "pdf" / "grid").glob("*.pdf"))
    return [i for i in found if not selected or i in selected]


def family(doc_id: str) -> str:
    path = HERE / "truth" / f"{doc_id}.json"
    try:
        return json.loads(path.read_text("utf-8")).get("family", "?")
    except (OSError, ValueError):
        return "?"


def _norm(text: str | None) -> str:
    return "".join((text or "").split())


def cell_keys(grid) -> list[tuple]:
    """(text, left, right, up, down) of every non-empty cell (see the module doc)."""
    out = []
    for cell in grid.cells:
        text = _norm(cell.text)
        if not text:
            continue
        rows = range(cell.row, cell.row + cell.rowspan)
        cols = range(cell.col, cell.col + cell.colspan)
        left = frozenset(_walk(grid, cell, r, cell.col - 1, 0, -1) for r in rows)
        right = frozenset(_walk(grid, cell, r, cell.col + cell.colspan, 0, 1) for r in rows)
        up = frozenset(_walk(grid, cell, cell.row - 1, c, -1, 0) for c in cols)
        down = frozenset(_walk(grid, cell, cell.row + cell.rowspan, c, 1, 0) for c in cols)
        out.append((text, left, right, up, down))
    return out


def _walk(grid, start, r: int, c: int, dr: int, dc: int) -> str:
    while 0 <= r < grid.n_rows and 0 <= c < grid.n_cols:
        cell = grid.at(r, c)
        if cell is not None and cell is not start and _norm(cell.text):
            return _norm(cell.text)
        r, c = r + dr, c + dc
    return ""


def read_forms(doc_id: str, forms=("grid",) + FORMS) -> dict:
    """{form: PdfContent} of one id (forms without a PDF are left out)."""
    from budgetpdf.extract.pages import read_pdf
    out = {}
    for form in forms:
        path = HERE / "pdf" / form / f"{doc_id}.pdf"
        if path.exists():
            out[form] = read_pdf(path)
    return out


def _prf(ref: Counter, got: Counter) -> dict:
    hit = sum((ref & got).values())
    p = hit / sum(got.values()) if got else (1.0 if not ref else 0.0)
    r = hit / sum(ref.values()) if ref else (1.0 if not got else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f}


def _grids(content) -> list:
    return [g for page in content.pages for g in page.grids]


def compare(ref, other, n_diffs: int = 3) -> dict:
    """Agreement of `other` (a PdfContent) with `ref` (the grid form's PdfContent)."""
    ref_keys = Counter(k for g in _grids(ref) for k in cell_keys(g))
    got_keys = Counter(k for g in _grids(other) for k in cell_keys(g))
    ref_text = Counter(k[0] for k in ref_keys.elements())
    got_text = Counter(k[0] for k in got_keys.elements())
    out = {"key": _prf(ref_keys, got_keys), "text": _prf(ref_text, got_text),
           "grids": (len(_grids(ref)), len(_grids(other))),
           "strategies": dict(Counter(g.strategy for g in _grids(other))),
           "loose_chars": (_loose(ref), _loose(other))}
    out["diffs"] = diffs(ref, other, n_diffs)
    return out


def _loose(content) -> int:
    return sum(len(_norm(ln.text)) for p in content.pages for ln in p.lines)


def _fmt(key: tuple) -> str:
    text, left, right, up, down = key
    side = lambda s: "|".join(sorted(x[:8] for x in s))  # noqa: E731
    return f"{text[:24]!r} L[{side(left)}] R[{side(right)}] U[{side(up)}] D[{side(down)}]"


def align(ref, other) -> list[tuple]:
    """(page, ref grid or None, other grid or None) pairs: per page, each ref grid
    with the other grid sharing most cell texts."""
    pairs = []
    pages = max(len(ref.pages), len(other.pages))
    for i in range(pages):
        a = ref.pages[i].grids if i < len(ref.pages) else []
        b = list(other.pages[i].grids) if i < len(other.pages) else []
        for g in a:
            texts = Counter(_norm(c.text) for c in g.cells if _norm(c.text))
            best = max(b, key=lambda h: sum((texts & Counter(_norm(c.text) for c in h.cells)).values()),
                       default=None)
            if best is not None and not texts & Counter(_norm(c.text) for c in best.cells):
                best = None
            if best is not None:
                b.remove(best)
            pairs.append((i + 1, g, best))
        pairs += [(i + 1, None, h) for h in b]
    return pairs


def diffs(ref, other, n: int) -> list[str]:
    """The first `n` differences, table by table."""
    out = []
    for page, a, b in align(ref, other):
        if len(out) >= n:
            break
        if a is None:
            out.append(f"p{page}: extra {b.strategy} grid {b.n_rows}x{b.n_cols} "
                       f"{[_norm(c.text)[:12] for c in b.cells if c.text][:4]}")
            continue
        if b is None:
            out.append(f"p{page}: grid {a.n_rows}x{a.n_cols} not found "
                       f"{[_norm(c.text)[:12] for c in a.cells if c.text][:4]}")
            continue
        ka, kb = Counter(cell_keys(a)), Counter(cell_keys(b))
        miss, extra = ka - kb, kb - ka
        if not miss and not extra:
            continue
        order = {k: (c.row, c.col) for c, k in zip((c for c in a.cells if _norm(c.text)), cell_keys(a))}
        first = sorted(miss.elements(), key=lambda k: order.get(k, (0, 0)))[:1]
        texts_b = {k[0]: k for k in kb}
        for k in first:
            got = texts_b.get(k[0])
            out.append(f"p{page} ({a.n_rows}x{a.n_cols} vs {b.n_rows}x{b.n_cols}, "
                       f"{sum(miss.values())} missed, {sum(extra.values())} extra): want {_fmt(k)}"
                       + (f"\n      got  {_fmt(got)}" if got else "  — text not found as a cell"))
    return out


def check_id(doc_id: str, forms=FORMS, n_diffs: int = 3) -> dict:
    contents = read_forms(doc_id, ("grid",) + tuple(forms))
    ref = contents.get("grid")
    out = {"id": doc_id, "family": family(doc_id), "forms": {}}
    for form in forms:
        if ref is not None and form in contents:
            out["forms"][form] = compare(ref, contents[form], n_diffs)
    return out


def _check(args):
    return check_id(*args)


def run(doc_ids: list[str], forms=FORMS, jobs: int = 4, n_diffs: int = 3) -> list[dict]:
    work = [(i, tuple(forms), n_diffs) for i in doc_ids]
    if jobs <= 1:
        return [_check(w) for w in work]
    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(_check, work))


def summary(results: list[dict], forms=FORMS) -> dict:
    out = {}
    for form in forms:
        rows = [r["forms"][form] for r in results if form in r["forms"]]
        if not rows:
            continue
        out[form] = {
            "ids": len(rows),
            "mean_key_f1": sum(x["key"]["f1"] for x in rows) / len(rows),
            "mean_text_f1": sum(x["text"]["f1"] for x in rows) / len(rows),
            "perfect": sum(1 for x in rows if x["key"]["f1"] >= 0.999),
            "at_least_0.95": sum(1 for x in rows if x["key"]["f1"] >= 0.95),
        }
    return out


def format_report(results: list[dict], forms=FORMS, verbose: bool = False) -> str:
    lines = [f"{'id':40s} {'family':16s} " + " ".join(f"{f + ' key/text':>20s}" for f in forms)]
    for r in results:
        cells = []
        for form in forms:
            x = r["forms"].get(form)
            cells.append(f"{x['key']['f1']:9.3f}/{x['text']['f1']:.3f}" if x else f"{'-':>20s}")
        lines.append(f"{r['id']:40s} {r['family'][:16]:16s} " + " ".join(f"{c:>20s}" for c in cells))
        if verbose:
            for form in forms:
                x = r["forms"].get(form)
                if x and x["key"]["f1"] < 0.999:
                    lines.append(f"    [{form}] grids {x['grids'][0]}->{x['grids'][1]} {x['strategies']} "
                                 f"loose chars {x['loose_chars'][0]}->{x['loose_chars'][1]}")
                    lines += [f"      {d}" for d in x["diffs"]]
    lines.append("")
    for form, s in summary(results, forms).items():
        lines.append(f"{form:8s} ids {s['ids']}: mean key F1 {s['mean_key_f1']:.3f}, text F1 "
                     f"{s['mean_text_f1']:.3f}; perfect {s['perfect']}, >=0.95 {s['at_least_0.95']}")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--forms", default=",".join(FORMS))
    ap.add_argument("--ids", default="")
    ap.add_argument("--jobs", type=int, default=4)
    ap.add_argument("--diffs", type=int, default=3)
    ap.add_argument("--json")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    forms = tuple(f for f in args.forms.split(",") if f)
    results = run(ids([i for i in args.ids.split(",") if i]), forms, args.jobs, args.diffs)
    print(format_report(results, forms, args.verbose))
    if args.json:
        Path(args.json).write_text(json.dumps({"summary": summary(results, forms), "ids": [
            {"id": r["id"], "family": r["family"],
             **{f: {"key_f1": x["key"]["f1"], "text_f1": x["text"]["f1"], "diffs": x["diffs"]}
                for f, x in r["forms"].items()}} for r in results]}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
