"""A whole output folder: evaluate() scores every truth id against one form's Parquet;
format_report() is the text report (with -v the unmatched and mismatched rows of each
document), check_failures() what --check fails on.
"""
from __future__ import annotations

from pathlib import Path

from .load import TABLES, TRUTH_DIR, load_truth, read_output, tables_for, truth_ids
from .match import _counts, metrics, score_document

CHECK_MIN = 0.95

# ---------------------------------------------------------------------------
# A whole output folder
# ---------------------------------------------------------------------------


def evaluate(out_dir, truth_dir=None, ids=None) -> dict:
    """Score every truth id (or `ids`) against the Parquet in out_dir."""
    out_dir = Path(out_dir)
    truth_dir = Path(truth_dir or TRUTH_DIR)
    ids = list(ids) if ids else truth_ids(truth_dir)
    errors = []
    if not out_dir.exists():
        errors.append(f"output folder {out_dir} does not exist")
        all_tables = {name: None for name in TABLES}
    else:
        all_tables = read_output(out_dir)
        for name in ("documents", "projects", "indicators"):
            if all_tables[name] is None:
                errors.append(f"no {name} dataset in {out_dir}")
    docs, total = {}, _counts()
    for doc_id in ids:
        try:
            truth = load_truth(doc_id, truth_dir)
        except FileNotFoundError:
            errors.append(f"no truth file for {doc_id}")
            continue
        except Exception as e:
            errors.append(f"truth {doc_id} unreadable: {e}")
            continue
        if truth.get("budget_tables") and all_tables.get("budget_tables") is None and out_dir.exists():
            msg = f"no budget_tables dataset in {out_dir}"
            if msg not in errors:
                errors.append(msg)
        res = score_document(tables_for(all_tables, doc_id), truth)
        docs[doc_id] = res
        for k, v in res["counts"].items():
            total[k] = total.get(k, 0) + v
    summary = metrics(total)
    summary["counts"] = total
    n_out = 0 if all_tables.get("documents") is None else len(all_tables["documents"])
    return {"out": str(out_dir), "truth": str(truth_dir), "ids": ids, "docs": docs,
            "summary": summary, "errors": errors, "output_documents": n_out}


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def _f(x, w=6):
    return "-".rjust(w) if x is None else f"{x:.3f}".rjust(w)


def _extras(m: dict, c: dict) -> str:
    parts = []
    if "actual_acc" in m:
        parts.append(f"self-eval actual {_f(m['actual_acc'], 0)} score {_f(m['score_acc'], 0)}"
                     f" dev {_f(m['deviation_acc'], 0)} funds {_f(m['funds_acc'], 0)}")
    if "cell_f1" in m:
        parts.append(f"cells P {_f(m['cell_precision'], 0)} R {_f(m['cell_recall'], 0)} "
                     f"F1 {_f(m['cell_f1'], 0)} tables {c['tables_paired']}/{c['tables_truth']} "
                     f"(out {c['tables_pred']}) kind {_f(m['kind_acc'], 0)}")
    if c["proj_truth"] == 0 and c["proj_pred"]:
        parts.append(f"{c['proj_pred']} projects / {c['ind_pred']} indicators where truth has none")
    return "  ".join(parts)


HEAD = f"{'proj F1':>7} {'ind F1':>6} {'value':>6} {'field':>6} {'doc':>6}"


def _line(name, form, res, w):
    m, c = res["metrics"] if "metrics" in res else res, res["counts"]
    if "found" in res and not res["found"]:
        return f"{name:<{w}} {form:<7} NOT IN OUTPUT"
    s = (f"{name:<{w}} {form:<7} {_f(m['project_f1'], 7)} {_f(m['indicator_f1'])} {_f(m['value_acc'])}"
         f" {_f(m['field_acc'])} {_f(m['doc_acc'])}")
    ex = _extras(m, c)
    st = res.get("status")
    if st and st != "ok":
        ex = f"status {st}" + (f" ({res.get('error')})" if res.get("error") else "") + ("  " + ex if ex else "")
    return s + ("  " + ex if ex else "")


DETAIL_ORDER = ("document", "doc", "projects_missing", "projects_extra", "indicators_missing",
                "indicators_extra", "values", "fields", "selfeval", "tables", "cells_missing",
                "cells_extra", "cells_raw")


def _details(res, indent="    ", cap=30) -> list[str]:
    out = []
    d = res.get("details") or {}
    for kind in DETAIL_ORDER:
        items = d.get(kind, [])
        for x in items[:cap]:
            out.append(f"{indent}{kind}: {x}")
        more = max(0, len(items) - cap) + (d.get("_truncated") or {}).get(kind, 0)
        if more:
            out.append(f"{indent}{kind}: … {more} more" + (" (see --json)" if len(items) > cap else ""))
    return out


def format_report(result: dict, verbose: bool = False) -> str:
    """Text report of evaluate()'s result, or of the CLI's {"forms": {form: result}}."""
    forms = result["forms"] if "forms" in result else {"-": result}
    ids = []
    for r in forms.values():
        ids.extend(i for i in r["docs"] if i not in ids)
    w = max([len("id")] + [len(i) for i in ids] + [len("SUMMARY")]) + 1
    lines = [f"{'id':<{w}} {'form':<7} {HEAD}  (strict)", "-" * (w + 8 + len(HEAD))]
    for doc_id in ids:
        for form, r in forms.items():
            res = r["docs"].get(doc_id)
            if res is None:
                continue
            lines.append(_line(doc_id, form, res, w))
            if verbose:
                lines.extend(_details(res))
    lines.append("-" * (w + 8 + len(HEAD)))
    for form, r in forms.items():
        s, c = r["summary"], r["summary"]["counts"]
        lines.append(_line(f"SUMMARY {c['docs_found']}/{c['docs']}"[:w], form, {"metrics": s, "counts": c}, w))
    for form, r in forms.items():
        s, c = r["summary"], r["summary"]["counts"]
        bad = [f"{k} {_f(v, 0)}" for k, v in s["fields"].items() if v is not None and v < 1]
        lines.append(f"{form}: projects truth {c['proj_truth']} out {c['proj_pred']} matched {c['proj_tp']};"
                     f" indicators truth {c['ind_truth']} out {c['ind_pred']} matched {c['ind_tp']}"
                     + (f"; cells truth {c['cell_truth']} out {c['cell_pred']} matched {c['cell_tp']}"
                        if c["budget_docs"] else "")
                     + (f"; fields below 1: {', '.join(bad)}" if bad else ""))
        for e in r.get("errors") or []:
            lines.append(f"{form}: ERROR {e}")
        for n in r.get("notes") or []:
            lines.append(f"{form}: {n}")
    for n in result.get("notes") or []:
        lines.append(n)
    return "\n".join(lines)


def check_failures(result: dict, minimum: float = CHECK_MIN) -> list[str]:
    forms = result["forms"] if "forms" in result else {"-": result}
    bad = []
    for form, r in forms.items():
        for doc_id, res in r["docs"].items():
            if not res["found"]:
                bad.append(f"{doc_id} {form}: not in the output")
                continue
            for k in ("project_f1", "indicator_f1"):
                v = res["metrics"][k]
                if v is not None and v < minimum:
                    bad.append(f"{doc_id} {form}: {k} {v:.3f} < {minimum}")
    return bad
