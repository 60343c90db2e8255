#!/usr/bin/env python3
"""Strict scorer of the development corpus: pipeline output vs corpus/truth, per id and form.

    python corpus/score.py [--forms grid,hrules,norules,scan] [--ids ID,...] [--run]
                           [--out DIR] [--json] [-v] [--check] [--variant N]

--run first extracts corpus/pdf/<form>/ with `<python> pipeline.py run ... --out DIR/<form>`
(from the repository root, into a fresh folder that then replaces DIR/<form>); without
--run the Parquet already in DIR/<form> is scored.  DIR defaults to out/corpus.

Documents are matched to truth by file name (<id>.pdf ↔ truth "doc"; the newest row
when a file was extracted more than once).  Comparison is STRICT: text must equal the
truth character for character (the truth is in DATA_CONTRACT.md's canonical form), the
only leniency being that null, NaN and "" are the same thing.  No NFKC, no whitespace
folding, no ≧→≥: an output that keeps full-width digits, stray spaces or Kangxi radicals
(⽬ for 目) fails.

Per document (and micro-averaged per form):
  project P/R/F1     projects match on (kind, name); repeated keys pair in order
                     (by seq), so a duplicated project is a false positive
  indicator P/R/F1   within a matched project, a multiset on (level1, level2, name),
                     paired in order; indicators of unmatched projects are misses /
                     false positives
  value_acc          period_raw / annual_raw == truth period / annual (per value) over
                     matched indicators
  field_acc          project fields over matched projects: project_type, project_level,
                     department, unit, start_year, end_year, amount_yuan (±0.5),
                     fiscal/special/other_yuan, period_goal, annual_goal, content
  doc_acc            documents row: department, year, title, budget_stage (a truth key
                     absent or null is not scored)
Self-evaluation truth (table_kind / actual keys) adds actual_acc (actual_raw), score_acc
(score_max, score ±0.005), deviation_acc and funds_acc (table_kind, budget_initial_yuan,
budget_full_yuan, executed_yuan, execution_rate, budget_score_max, budget_score,
total_score_max, total_score, goal_actual; only keys the truth project has).
Truth with budget_tables adds cell P/R/F1 (every amount cell of a truth table is one
expected budget_lines row keyed by (code, item, column), see truth_cells), table_recall
and kind_acc (paired tables with the canonical kind), plus informational cell_raw_acc
(amount_raw as printed) and table_field_acc (title, unit, empty, note).
An accuracy with nothing to compare is 0.0 when the truth expected something and "-"
(None) otherwise; P/R/F1 are "-" when neither truth nor output has anything.

--check exits 1 when an id in a scored form is missing from the output or has project
or indicator F1 below 0.95.  Importable: score_document(tables, truth), evaluate(out_dir,
truth_dir, ids), format_report(result), load_truth(id).  Needs only pandas/pyarrow
and this repository (not ../shared, not budgetpdf's code).

The code is in corpus/scoring/ (compare, load, match, selfeval, budget, report); this
file is the command line and re-exports the importable names.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PDF_DIR = HERE / "pdf"
DEFAULT_OUT = ROOT / "out" / "corpus"
FORMS = ("grid", "hrules", "norules", "scan")  # the default; also "office" (--forms office)
EXTRA_FORMS = ("office",)


def _load_scoring():
    """corpus/scoring/ as the package `corpus_scoring`, by path: corpus/ is not a package
    and is on sys.path only when this file runs as a script (tests load it by path)."""
    name, init = "corpus_scoring", HERE / "scoring" / "__init__.py"
    mod = sys.modules.get(name)
    if mod is not None and Path(mod.__file__).resolve() == init:
        return mod
    spec = importlib.util.spec_from_file_location(name, init,
                                                  submodule_search_locations=[str(init.parent)])
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    for sub in [k for k in sys.modules if k.startswith(name + ".")]:  # of another checkout
        del sys.modules[sub]
    spec.loader.exec_module(mod)
    return mod


_load_scoring()

from corpus_scoring.budget import canonical_kind, truth_cells  # noqa: E402
from corpus_scoring.compare import (CMP, bool_eq, hint, int_eq, is_null, money_eq, num,  # noqa: E402
                                    score_eq, text, text_eq)
from corpus_scoring.load import (TABLES, TRUTH_DIR, load_truth, read_dataset,  # noqa: E402
                                 read_output, tables_for, truth_ids)
from corpus_scoring.match import _counts, metrics, score_document  # noqa: E402
from corpus_scoring.report import CHECK_MIN, check_failures, evaluate, format_report  # noqa: E402

__all__ = ["CHECK_MIN", "CMP", "FORMS", "TABLES", "TRUTH_DIR", "bool_eq", "canonical_kind",
           "check_failures", "evaluate", "format_report", "hint", "int_eq", "is_null",
           "load_truth", "main", "metrics", "money_eq", "num", "read_dataset", "read_output",
           "run_pipeline", "score_document", "score_eq", "tables_for", "text", "text_eq",
           "truth_cells", "truth_ids"]

# ---------------------------------------------------------------------------
# Running the pipeline
# ---------------------------------------------------------------------------


def run_pipeline(form: str, pdfs: list[Path], out: Path) -> dict:
    """Extract one form's PDFs (those with truth) into a fresh folder that then
    replaces `out`; the pipeline's progress goes to stderr."""
    py = sys.executable
    cmd = [py, "pipeline.py", "run", *[os.path.relpath(p, ROOT) for p in pdfs]]
    tmp = out.with_name(f".{out.name}.running")
    if tmp.exists():
        shutil.rmtree(tmp)
    cmd += ["--out", str(tmp)]
    try:
        helptext = subprocess.run([py, "pipeline.py", "run", "--help"], cwd=ROOT, capture_output=True,
                                  text=True, timeout=300).stdout
    except Exception:
        helptext = ""
    if "--workers" in helptext:
        cmd += ["--workers", "2"]
    t0 = time.monotonic()
    print(f"[{form}] pipeline.py run <{len(pdfs)} PDFs in {os.path.relpath(pdfs[0].parent, ROOT)}> "
          f"{' '.join(cmd[3 + len(pdfs):])}", file=sys.stderr, flush=True)
    tail = []
    with subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, bufsize=1) as proc:
        for line in proc.stdout:  # the pipeline's progress, passed on to stderr
            print(f"[{form}] {line.rstrip()}", file=sys.stderr, flush=True)
            tail = (tail + [line.rstrip()])[-15:]
    returncode = proc.returncode
    dt = time.monotonic() - t0
    note = f"pipeline exit {returncode} in {dt:.0f} s for {len(pdfs)} PDF(s)"
    if tmp.exists():
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    else:
        note += "; it wrote nothing"
    if returncode not in (0, 1):
        note += "\n    " + "\n    ".join(tail)
    print(f"[{form}] {note.splitlines()[0]}", file=sys.stderr, flush=True)
    return {"returncode": returncode, "seconds": dt, "note": note}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--forms", default=",".join(FORMS),
                    help=f"comma-separated ({','.join(FORMS)}; also {','.join(EXTRA_FORMS)})")
    ap.add_argument("--ids", help="comma-separated ids (default: every truth/*.json)")
    ap.add_argument("--run", action="store_true", help="run the pipeline on corpus/pdf/<form> first")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT,
                    help="output root: DIR/<form> per form (default: out/corpus)")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list unmatched and mismatched rows")
    ap.add_argument("--check", action="store_true",
                    help=f"exit 1 when an id has project or indicator F1 below {CHECK_MIN}")
    ap.add_argument("--truth", type=Path, default=TRUTH_DIR, help=argparse.SUPPRESS)
    ap.add_argument("--variant", type=int, default=0,
                    help="N > 0: score the PDFs of `corpus/render.py --variant N` "
                         "(corpus/pdf-variants/vN/<form>/) instead of corpus/pdf/<form>/")
    a = ap.parse_args(argv)
    pdf_dir = PDF_DIR if not a.variant else HERE / "pdf-variants" / f"v{a.variant}"

    forms = [f.strip() for f in a.forms.split(",") if f.strip()]
    bad = [f for f in forms if f not in FORMS + EXTRA_FORMS]
    if bad:
        ap.error(f"unknown form(s) {', '.join(bad)}")
    ids = [i.strip() for i in a.ids.split(",") if i.strip()] if a.ids else truth_ids(a.truth)
    if not ids:
        print(f"score.py: no truth files in {a.truth}", file=sys.stderr)
        return 2
    out_root = a.out if a.out.is_absolute() else (Path.cwd() / a.out)
    result = {"out": str(out_root), "forms": {}, "notes": []}
    for form in forms:
        have = [i for i in ids if (pdf_dir / form / f"{i}.pdf").exists()]
        unrendered = [i for i in ids if i not in have]
        notes = []
        if unrendered:
            notes.append(f"not rendered (no {os.path.relpath(pdf_dir, ROOT)}/{form}/<id>.pdf), "
                         f"not scored: {', '.join(unrendered)}")
        if not have:
            result["forms"][form] = {"docs": {}, "summary": {**metrics(_counts()), "counts": _counts()},
                                     "errors": [], "notes": notes}
            continue
        if a.run:
            out_root.mkdir(parents=True, exist_ok=True)
            run = run_pipeline(form, [pdf_dir / form / f"{i}.pdf" for i in have], out_root / form)
            notes.append(run["note"])
        res = evaluate(out_root / form, a.truth, have)
        res["notes"] = notes
        result["forms"][form] = res
    fails = check_failures(result)
    result["check"] = {"minimum": CHECK_MIN, "failures": fails}
    if a.json:
        print(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    else:
        print(format_report(result, a.verbose))
        if a.check:
            print(f"\ncheck: {len(fails)} failure(s) (project/indicator F1 < {CHECK_MIN} or missing)"
                  if fails else f"\ncheck: ok (every id ≥ {CHECK_MIN})")
            for f in fails:
                print(f"  FAIL {f}")
    return 1 if a.check and fails else 0


if __name__ == "__main__":
    sys.exit(main())
