#!/usr/bin/env python3
"""Strict scorer of the development corpus: pipeline output vs corpus/truth, per id and form.

    python corpus/score.py [--forms grid,hrules,norules,scan] [--ids ID,...] [--run]
                           [--out DIR] [--json] [-v] [--check]

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
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TRUTH_DIR = HERE / "truth"
PDF_DIR = HERE / "pdf"
DEFAULT_OUT = ROOT / "out" / "corpus"
FORMS = ("grid", "hrules", "norules", "scan")
TABLES = ("documents", "projects", "indicators", "checks", "budget_tables", "budget_lines")
CHECK_MIN = 0.95
MAX_DETAILS = 60  # per kind of detail kept for one document

# ---------------------------------------------------------------------------
# Strict comparison
# ---------------------------------------------------------------------------


def is_null(x) -> bool:
    """None, NaN, pandas NA/NaT and "" (only the empty string: "  " is not null)."""
    if x is None:
        return True
    if isinstance(x, float) and math.isnan(x):
        return True
    if isinstance(x, str):
        return x == ""
    try:
        import pandas as pd
        if x is pd.NA or x is pd.NaT:
            return True
    except Exception:  # pragma: no cover
        pass
    try:
        return bool(x != x)  # numpy nan
    except Exception:
        return False


def text(x):
    """The strict text of a cell: None for null, else str(x) unchanged."""
    if is_null(x):
        return None
    if isinstance(x, float) and x.is_integer():  # a year read as float by pandas
        return str(int(x))
    return str(x)


def text_eq(truth, got) -> bool:
    return text(truth) == text(got)


def num(x):
    if is_null(x) or isinstance(x, bool):
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _num_eq(tol):
    def eq(truth, got) -> bool:
        t, g = num(truth), num(got)
        if t is None or g is None:
            return is_null(truth) and is_null(got)
        return abs(t - g) <= tol
    return eq


money_eq = _num_eq(0.5)
score_eq = _num_eq(0.005)
int_eq = _num_eq(1e-9)


def bool_eq(truth, got) -> bool:
    if is_null(truth) or is_null(got):
        return is_null(truth) and is_null(got)
    return bool(truth) == bool(got)


CMP = {"text": text_eq, "money": money_eq, "int": int_eq, "score": score_eq, "bool": bool_eq}


def hint(truth, got) -> str:
    """Why two texts differ, for the developer: the characters that break strictness."""
    t, g = text(truth), text(got)
    if t is None or g is None:
        return ""
    notes = []
    odd = []
    for ch in g:
        if ch in t:
            continue
        if unicodedata.normalize("NFKC", ch) != ch or ch.isspace() or "\u2f00" <= ch <= "\u2fdf":
            odd.append(f"{ch!r} U+{ord(ch):04X}")
    if odd:
        notes.append("output has " + ", ".join(dict.fromkeys(odd)))
    fold = lambda s: re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))  # noqa: E731
    if fold(t) == fold(g):
        notes.append("equal after NFKC/space folding")
    elif t.strip() == g.strip():
        notes.append("differs in leading/trailing space")
    return "; ".join(notes)


def _show(x, n=70):
    if is_null(x) and not isinstance(x, str):
        return "None"
    if isinstance(x, str) and len(x) > n:
        x = x[:n] + "…"
    return repr(x) if isinstance(x, str) else str(x)


# ---------------------------------------------------------------------------
# Truth
# ---------------------------------------------------------------------------


def load_truth(doc_id: str, truth_dir=None) -> dict:
    """corpus/truth/<id>.json (or truth_dir/<id>.json), with projects/indicators defaulted."""
    path = Path(truth_dir or TRUTH_DIR) / f"{doc_id}.json"
    t = json.loads(path.read_text(encoding="utf-8"))
    t.setdefault("doc", doc_id)
    t["projects"] = t.get("projects") or []
    for p in t["projects"]:
        p["indicators"] = p.get("indicators") or []
    return t


def truth_ids(truth_dir=None) -> list[str]:
    return sorted(p.stem for p in Path(truth_dir or TRUTH_DIR).glob("*.json")
                  if not p.name.startswith("_"))


# Budget tables (DATA_CONTRACT.md "budget_tables"): canonical kinds from a table's name,
# first match wins.
KINDS = [
    ("three_public", r"三公"),
    ("fund", r"政府性基金"),
    ("state_capital", r"国有资本经营"),
    ("general_basic", r"基本支出"),
    ("fiscal_summary", r"财政拨款收(入)?支(出)?"),
    ("general_expenditure", r"一般公共预算"),
    ("project_expenditure", r"项目支出"),
    ("summary", r"收(入)?支(出)?(预算|决算)?(总|总体情况)表"),
    ("income", r"收入"),
    ("expenditure", r"支出"),
]
AMOUNT = re.compile(r"^-?[\d,]*\d(\.\d+)?$")
NOT_AMOUNT_COL = re.compile(r"行次|数量|编码|代码")
CODE_COL = re.compile(r"编码|代码")
CJK = re.compile(r"[\u3400-\u9fff]")


def canonical_kind(name: str) -> str:
    for kind, pat in KINDS:
        if re.search(pat, name or ""):
            return kind
    return "other"


def _truth_cell(x) -> str:
    # The truth as printed; only its own cells are read leniently (a truth file is not
    # the thing under test).
    return "" if x is None else str(x).strip()


def truth_cells(table: dict) -> list[dict]:
    """Every amount cell of a truth budget table as an expected budget_lines row.

    code   the digits of the code column block nearest to the left (类/款/项 joined)
    item   the nearest non-empty label to the left in the row (a 合计 printed in a code
           column counts), leading/trailing whitespace (the indentation) removed
    column the header path ("基本支出/人员经费"); leaf its last part
    A column is a code column when its header has 编码/代码 or its leaf is 类/款/项; a
    行次 / 数量 column holds no amount; an amount is -?digits with , and decimals.
    """
    cols = [_truth_cell(c) for c in table.get("columns") or []]
    leaves = [c.split("/")[-1] for c in cols]
    is_code = [bool(CODE_COL.search(c)) or leaf in ("类", "款", "项") for c, leaf in zip(cols, leaves)]
    amount_col = [not is_code[j] and not NOT_AMOUNT_COL.search(leaves[j]) for j in range(len(cols))]
    amount_leaves = [leaves[j] for j in range(len(cols)) if amount_col[j]]
    scale = 10000 if (table.get("unit") or "").strip() == "万元" else 1
    out = []
    for r, row in enumerate(table.get("rows") or []):
        cells = [_truth_cell(c) for c in row]
        for j, cell in enumerate(cells):
            if j >= len(cols) or not amount_col[j] or not AMOUNT.match(cell):
                continue
            item, k = "", j - 1
            while k >= 0 and not item:
                c = cells[k]
                if c and not AMOUNT.match(c) and (not is_code[k] or CJK.search(c)):
                    item = c
                k -= 1
            k = j - 1
            while k >= 0 and not is_code[k]:
                k -= 1
            parts = []
            while k >= 0 and is_code[k]:
                if re.fullmatch(r"\d+", cells[k]):
                    parts.insert(0, cells[k])
                k -= 1
            out.append({
                "row": r, "code": "".join(parts), "item": item, "column": cols[j],
                "leaf": leaves[j], "leaf_unique": amount_leaves.count(leaves[j]) == 1,
                "raw": cell, "yuan": round(float(cell.replace(",", "")) * scale, 2),
            })
    return out


# ---------------------------------------------------------------------------
# Reading the output
# ---------------------------------------------------------------------------


def _parquet_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return [p for p in sorted(path.rglob("*.parquet"))
            if p.is_file() and not any(s.startswith((".", "_")) for s in p.relative_to(path).parts)]


def read_dataset(out: Path, name: str):
    """One Parquet dataset (folder, hive partitions allowed, or name.parquet) as a
    DataFrame; None when absent."""
    import pandas as pd
    import pyarrow.parquet as pq
    out = Path(out)
    path = next((p for p in (out / name, out / f"{name}.parquet") if p.exists()), None)
    if path is None:
        return None
    frames = []
    for f in _parquet_files(path):
        df = pq.read_table(f).to_pandas()
        if path.is_dir():
            for part in f.relative_to(path).parts[:-1]:
                if "=" in part:
                    k, v = part.split("=", 1)
                    if k not in df.columns:
                        df[k] = v
        frames.append(df)
    frames = [f for f in frames if len(f.columns)]
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True, sort=False) if len(frames) > 1 else frames[0]


def read_output(out) -> dict:
    return {name: read_dataset(Path(out), name) for name in TABLES}


def _records(df) -> list[dict]:
    if df is None:
        return []
    if isinstance(df, list):
        return [dict(r) for r in df]
    if len(df) == 0:
        return []
    return df.astype(object).to_dict("records")


def _base(name) -> str:
    return re.split(r"[\\/]", str(name))[-1] if not is_null(name) else ""


def _stem(name) -> str:
    b = _base(name)
    return b[:-4] if b.lower().endswith(".pdf") else b


def tables_for(all_tables: dict, doc_id: str) -> dict:
    """The rows of one document (by file name stem == doc_id): the newest documents row
    and the projects / indicators / budget tables / lines that belong to it."""
    import pandas as pd
    docs = all_tables.get("documents")
    res = {name: None for name in TABLES}
    if docs is None or len(docs) == 0:
        return res
    names = docs["file_name"] if "file_name" in docs.columns else docs.get("source")
    if names is None:
        return res
    mask = names.map(_stem) == doc_id
    if "source" in docs.columns and "file_name" in docs.columns:
        mask |= names.isna() & (docs["source"].map(_stem) == doc_id)
    cand = docs[mask]
    if len(cand) == 0:
        res["documents"] = cand
        return res
    if len(cand) > 1 and "extracted_at" in cand.columns:  # the newest extraction wins
        try:
            cand = cand.assign(_o=range(len(cand))).sort_values(
                ["extracted_at", "_o"], na_position="first", kind="stable").drop(columns="_o")
        except (TypeError, ValueError):
            pass
    row = cand.iloc[[-1]]
    res["documents"] = row
    did = row["doc_id"].iloc[0] if "doc_id" in row.columns else None

    def by_doc(name):
        df = all_tables.get(name)
        if df is None:
            return None
        if "doc_id" in df.columns:
            return df[df["doc_id"] == did]
        return df.iloc[0:0]

    res["projects"] = by_doc("projects")
    res["checks"] = by_doc("checks")
    res["budget_tables"] = by_doc("budget_tables")
    ind = all_tables.get("indicators")
    if ind is not None:
        m = pd.Series(False, index=ind.index)
        if "doc_id" in ind.columns:
            m |= ind["doc_id"] == did
        if res["projects"] is not None and "project_id" in ind.columns and "project_id" in res["projects"].columns:
            m |= ind["project_id"].isin(set(res["projects"]["project_id"]))
        res["indicators"] = ind[m]
    lines = all_tables.get("budget_lines")
    if lines is not None:
        m = pd.Series(False, index=lines.index)
        if "doc_id" in lines.columns:
            m |= lines["doc_id"] == did
        bt = res["budget_tables"]
        if bt is not None and "table_id" in lines.columns and "table_id" in bt.columns:
            m |= lines["table_id"].isin(set(bt["table_id"]))
        res["budget_lines"] = lines[m]
    return res


# ---------------------------------------------------------------------------
# Scoring one document
# ---------------------------------------------------------------------------
PROJECT_FIELDS = [  # (output column, truth getter, comparison)
    ("project_type", lambda p: p.get("project_type"), "text"),
    ("project_level", lambda p: p.get("project_level"), "text"),
    ("department", lambda p: p.get("department"), "text"),
    ("unit", lambda p: p.get("unit"), "text"),
    ("start_year", lambda p: p.get("start_year"), "int"),
    ("end_year", lambda p: p.get("end_year"), "int"),
    ("amount_yuan", lambda p: p.get("amount_yuan"), "money"),
    ("fiscal_yuan", lambda p: (p.get("funds_yuan") or {}).get("fiscal"), "money"),
    ("special_yuan", lambda p: (p.get("funds_yuan") or {}).get("special"), "money"),
    ("other_yuan", lambda p: (p.get("funds_yuan") or {}).get("other"), "money"),
    ("period_goal", lambda p: p.get("period_goal"), "text"),
    ("annual_goal", lambda p: p.get("annual_goal"), "text"),
    ("content", lambda p: p.get("content"), "text"),
]
EXTRA_FIELDS = [("amount_raw", lambda p: p.get("amount_raw"), "text")]  # reported, not in field_acc
SELF_EVAL_FIELDS = [  # only where the truth project has the key
    ("table_kind", "text"), ("budget_initial_yuan", "money"), ("budget_full_yuan", "money"),
    ("executed_yuan", "money"), ("execution_rate", "score"), ("budget_score_max", "score"),
    ("budget_score", "score"), ("total_score_max", "score"), ("total_score", "score"),
    ("goal_actual", "text"),
]
DOC_FACTS = [("department", "text"), ("year", "int"), ("title", "text"), ("budget_stage", "text")]
TABLE_FIELDS = [("title", "text"), ("unit", "text"), ("empty", "bool"), ("note", "text")]

COUNT_KEYS = (
    "docs", "docs_found",
    "proj_truth", "proj_pred", "proj_tp", "ind_truth", "ind_pred", "ind_tp",
    "val_total", "val_ok", "field_total", "field_ok", "doc_total", "doc_ok",
    "actual_total", "actual_ok", "score_total", "score_ok", "dev_total", "dev_ok",
    "funds_total", "funds_ok",
    "cell_truth", "cell_pred", "cell_tp", "cell_raw_ok",
    "tables_truth", "tables_pred", "tables_paired", "kind_ok", "tfield_total", "tfield_ok",
    "selfeval_docs", "budget_docs",
)


def _counts():
    c = dict.fromkeys(COUNT_KEYS, 0)
    for col, _, _ in PROJECT_FIELDS + EXTRA_FIELDS:
        c[f"f_{col}_total"] = 0
        c[f"f_{col}_ok"] = 0
    return c


def _prf(tp, n_pred, n_truth):
    if n_pred == 0 and n_truth == 0:
        return None, None, None
    p = tp / n_pred if n_pred else None
    r = tp / n_truth if n_truth else None
    if not p or not r:
        return p, r, 0.0
    return p, r, 2 * p * r / (p + r)


def _acc(ok, total, expected):
    if total:
        return ok / total
    return 0.0 if expected else None


def metrics(c: dict) -> dict:
    """Headline metrics from counts (one document or a sum over documents)."""
    pp, pr, pf = _prf(c["proj_tp"], c["proj_pred"], c["proj_truth"])
    ip, ir, if_ = _prf(c["ind_tp"], c["ind_pred"], c["ind_truth"])
    cp, cr, cf = _prf(c["cell_tp"], c["cell_pred"], c["cell_truth"])
    m = {
        "project_precision": pp, "project_recall": pr, "project_f1": pf,
        "indicator_precision": ip, "indicator_recall": ir, "indicator_f1": if_,
        "value_acc": _acc(c["val_ok"], c["val_total"], c["ind_truth"]),
        "field_acc": _acc(c["field_ok"], c["field_total"], c["proj_truth"]),
        "doc_acc": _acc(c["doc_ok"], c["doc_total"], 0),
        "fields": {col: _acc(c[f"f_{col}_ok"], c[f"f_{col}_total"], 0)
                   for col, _, _ in PROJECT_FIELDS + EXTRA_FIELDS},
    }
    if c["selfeval_docs"]:
        m.update({
            "actual_acc": _acc(c["actual_ok"], c["actual_total"], 0),
            "score_acc": _acc(c["score_ok"], c["score_total"], 0),
            "deviation_acc": _acc(c["dev_ok"], c["dev_total"], 0),
            "funds_acc": _acc(c["funds_ok"], c["funds_total"], 0),
        })
    if c["budget_docs"]:
        m.update({
            "cell_precision": cp, "cell_recall": cr, "cell_f1": cf,
            "cell_raw_acc": _acc(c["cell_raw_ok"], c["cell_tp"], 0),
            "table_recall": _acc(c["tables_paired"], c["tables_truth"], 0),
            "kind_acc": _acc(c["kind_ok"], c["tables_paired"], c["tables_truth"]),
            "table_field_acc": _acc(c["tfield_ok"], c["tfield_total"], 0),
        })
    return m


def _pair_in_order(truth_items, pred_items, tkey, pkey):
    """Multiset matching on a key; repeated keys pair in order."""
    groups = defaultdict(list)
    for j, p in enumerate(pred_items):
        groups[pkey(p)].append(j)
    pairs, used = [], defaultdict(int)
    for i, t in enumerate(truth_items):
        k = tkey(t)
        js = groups.get(k)
        if js and used[k] < len(js):
            pairs.append((i, js[used[k]]))
            used[k] += 1
    return pairs


def _by_seq(rows):
    def key(ir):
        i, r = ir
        s = num(r.get("seq"))
        return (s if s is not None else float("inf"), i)
    return [r for _, r in sorted(enumerate(rows), key=key)]


def _pkey_t(p):
    return (text(p.get("kind")), text(p.get("name")))


def _ikey(r):
    return (text(r.get("level1")), text(r.get("level2")), text(r.get("name")))


def _add(details, kind, entry):
    lst = details.setdefault(kind, [])
    if len(lst) < MAX_DETAILS:
        lst.append(entry)
    else:
        details.setdefault("_truncated", {}).setdefault(kind, 0)
        details["_truncated"][kind] += 1


def score_document(tables: dict, truth: dict) -> dict:
    """Score the rows of one document against its truth.

    tables: {"documents": DataFrame, "projects": ..., "indicators": ...,
             "budget_tables": ..., "budget_lines": ...} (absent / None = no rows).
    Returns {"found", "doc_id", "status", "counts", "metrics", "details"}.
    """
    c = _counts()
    details: dict = {}
    c["docs"] = 1
    tprojs = truth.get("projects") or []
    docs = _records(tables.get("documents"))
    doc = docs[-1] if docs else None
    selfeval = any(p.get("table_kind") == "self_evaluation"
                   or any("actual" in i for i in p.get("indicators") or []) for p in tprojs)
    ttables = truth.get("budget_tables") or []
    c["selfeval_docs"] = int(selfeval)
    # budget metrics where the truth has budget tables, or the output has some for a
    # document whose truth has none (then every line is a false positive)
    c["budget_docs"] = int("budget_tables" in truth
                           or len(_records(tables.get("budget_tables"))) > 0
                           or len(_records(tables.get("budget_lines"))) > 0)
    c["proj_truth"] = len(tprojs)
    c["ind_truth"] = sum(len(p.get("indicators") or []) for p in tprojs)
    c["tables_truth"] = len(ttables)
    tcells_all = [truth_cells(t) for t in ttables]
    c["cell_truth"] = sum(len(x) for x in tcells_all)
    facts = [(k, cmp) for k, cmp in DOC_FACTS if not is_null(truth.get(k))]
    c["doc_total"] = len(facts)

    result = {"found": doc is not None, "doc_id": None, "status": None, "error": None}
    if doc is None:
        result.update(counts=c, metrics=metrics(c), details={"document": ["not in the output"]})
        return result
    c["docs_found"] = 1
    result.update(doc_id=doc.get("doc_id"), status=text(doc.get("status")), error=text(doc.get("error")))

    # documents row
    for key, cmp in facts:
        got = doc.get(key)
        if CMP[cmp](truth.get(key), got):
            c["doc_ok"] += 1
        else:
            _add(details, "doc", f"{key}: truth {_show(truth.get(key))} got {_show(text(got))}"
                 + (f"  [{h}]" if (h := hint(truth.get(key), got)) else ""))

    # projects
    projects = _by_seq(_records(tables.get("projects")))
    indicators = _records(tables.get("indicators"))
    c["proj_pred"] = len(projects)
    c["ind_pred"] = len(indicators)
    inds_of = defaultdict(list)
    for r in indicators:
        inds_of[text(r.get("project_id"))].append(r)
    pairs = _pair_in_order(tprojs, projects, _pkey_t, _pkey_t)
    c["proj_tp"] = len(pairs)
    mt, mp = {i for i, _ in pairs}, {j for _, j in pairs}
    extra_p = [projects[j] for j in range(len(projects)) if j not in mp]
    for i, t in enumerate(tprojs):
        if i in mt:
            continue
        near = next((p for p in extra_p if _loose(p.get("name")) == _loose(t.get("name"))), None)
        h = ""
        if near is not None:
            h = (f"  [output has {_show(text(near.get('kind')))}: {_show(text(near.get('name')))}"
                 + (f"; {hh}" if (hh := hint(t.get("name"), near.get("name"))) else "") + "]")
        _add(details, "projects_missing", f"{t.get('kind')}: {_show(t.get('name'))}{h}"
             f" ({len(t.get('indicators') or [])} indicators)")
    for p in extra_p:
        n_ind = len(inds_of.get(text(p.get("project_id")), []))
        _add(details, "projects_extra", f"{text(p.get('kind'))}: {_show(text(p.get('name')))}"
             f" ({n_ind} indicators)")

    for i, j in pairs:
        t, p = tprojs[i], projects[j]
        pname = t.get("name")
        for col, get, cmp in PROJECT_FIELDS + EXTRA_FIELDS:
            c[f"f_{col}_total"] += 1
            ok = CMP[cmp](get(t), p.get(col))
            c[f"f_{col}_ok"] += int(ok)
            if (col, get, cmp) in PROJECT_FIELDS:
                c["field_total"] += 1
                c["field_ok"] += int(ok)
            if not ok:
                h = hint(get(t), p.get(col)) if cmp == "text" else ""
                _add(details, "fields", f"{_show(pname, 30)} {col}: truth {_show(get(t))}"
                     f" got {_show(text(p.get(col)) if cmp == 'text' else p.get(col))}"
                     + (f"  [{h}]" if h else ""))
        for col, cmp in SELF_EVAL_FIELDS:
            if not selfeval or col not in t:
                continue
            c["funds_total"] += 1
            if CMP[cmp](t.get(col), p.get(col)):
                c["funds_ok"] += 1
            else:
                _add(details, "selfeval", f"{_show(pname, 30)} {col}: truth {_show(t.get(col))}"
                     f" got {_show(p.get(col))}")
        tinds = t.get("indicators") or []
        pinds = _by_seq(inds_of.get(text(p.get("project_id")), []))
        ipairs = _pair_in_order(tinds, pinds, _ikey, _ikey)
        c["ind_tp"] += len(ipairs)
        mti, mpi = {a for a, _ in ipairs}, {b for _, b in ipairs}
        extra_i = [pinds[b] for b in range(len(pinds)) if b not in mpi]
        for a, ind in enumerate(tinds):
            if a in mti:
                continue
            near = next((r for r in extra_i if text(r.get("name")) == text(ind.get("name"))), None) \
                or next((r for r in extra_i if _loose(r.get("name")) == _loose(ind.get("name"))), None)
            h = ""
            if near is not None:
                diffs = [f"{k}: got {_show(text(near.get(k)))}" for k in ("level1", "level2", "name")
                         if text(near.get(k)) != text(ind.get(k))]
                h = "  [output: " + ", ".join(diffs) + "]"
            _add(details, "indicators_missing",
                 f"{_show(pname, 30)} / {ind.get('level1')} / {ind.get('level2')} / {_show(ind.get('name'))}{h}")
        for r in extra_i:
            _add(details, "indicators_extra",
                 f"{_show(pname, 30)} / {text(r.get('level1'))} / {text(r.get('level2'))} / {_show(text(r.get('name')))}")
        for a, b in ipairs:
            ind, r = tinds[a], pinds[b]
            for side in ("period", "annual"):
                c["val_total"] += 1
                if text_eq(ind.get(side), r.get(f"{side}_raw")):
                    c["val_ok"] += 1
                else:
                    h = hint(ind.get(side), r.get(f"{side}_raw"))
                    _add(details, "values", f"{_show(ind.get('name'), 30)} {side}: truth {_show(ind.get(side))}"
                         f" got {_show(text(r.get(f'{side}_raw')))}" + (f"  [{h}]" if h else ""))
            if "actual" in ind:
                c["actual_total"] += 1
                if text_eq(ind.get("actual"), r.get("actual_raw")):
                    c["actual_ok"] += 1
                else:
                    h = hint(ind.get("actual"), r.get("actual_raw"))
                    _add(details, "selfeval", f"{_show(ind.get('name'), 30)} actual: truth {_show(ind.get('actual'))}"
                         f" got {_show(text(r.get('actual_raw')))}" + (f"  [{h}]" if h else ""))
            for key in ("score_max", "score"):
                if key in ind:
                    c["score_total"] += 1
                    if score_eq(ind.get(key), r.get(key)):
                        c["score_ok"] += 1
                    else:
                        _add(details, "selfeval", f"{_show(ind.get('name'), 30)} {key}: truth {ind.get(key)}"
                             f" got {r.get(key)}")
            if "deviation" in ind:
                c["dev_total"] += 1
                if text_eq(ind.get("deviation"), r.get("deviation")):
                    c["dev_ok"] += 1
                else:
                    _add(details, "selfeval", f"{_show(ind.get('name'), 30)} deviation: truth "
                         f"{_show(ind.get('deviation'))} got {_show(text(r.get('deviation')))}")

    # budget tables
    if c["budget_docs"]:
        _score_budget(tables, ttables, tcells_all, c, details)

    result.update(counts=c, metrics=metrics(c), details=details)
    return result


def _loose(x):
    t = text(x)
    return None if t is None else re.sub(r"\s+", "", unicodedata.normalize("NFKC", t))


def _line_key(line):
    return (text(line.get("code")) or "", (text(line.get("item")) or "").strip())


def _match_table(cells, lines):
    """Greedy in order: each truth cell takes the first unused line with the same
    (code, item), an accepted column and the amount to the cent."""
    by_key = defaultdict(list)
    for i, l in enumerate(lines):
        by_key[_line_key(l)].append(i)
    used, hits = set(), []
    for ci, cell in enumerate(cells):
        for i in by_key.get((cell["code"], cell["item"]), []):
            if i in used:
                continue
            col = text(lines[i].get("column"))
            if col != cell["column"] and not (cell["leaf_unique"] and col == cell["leaf"]):
                continue
            y = num(lines[i].get("amount_yuan"))
            if y is not None and abs(y - cell["yuan"]) < 0.006:
                used.add(i)
                hits.append((ci, i))
                break
    return hits


def _score_budget(tables, ttables, tcells_all, c, details):
    ptables = _by_seq(_records(tables.get("budget_tables")))
    plines = _records(tables.get("budget_lines"))
    c["tables_pred"] = len(ptables)
    c["cell_pred"] = len(plines)
    lines_of = defaultdict(list)
    for idx, l in enumerate(plines):
        lines_of[text(l.get("table_id"))].append(idx)
    cand = []
    hits_of = {}
    for ti, cells in enumerate(tcells_all):
        for pj, p in enumerate(ptables):
            lidx = lines_of.get(text(p.get("table_id")), [])
            hits = _match_table(cells, [plines[k] for k in lidx])
            if hits:
                hits_of[(ti, pj)] = [(ci, lidx[k]) for ci, k in hits]
                cand.append((-len(hits), ti, pj))
    cand.sort()
    used_t, used_p, paired = set(), set(), {}
    for _, ti, pj in cand:
        if ti in used_t or pj in used_p:
            continue
        used_t.add(ti)
        used_p.add(pj)
        paired[ti] = pj
    for ti, tb in enumerate(ttables):
        want = canonical_kind(tb.get("name") or tb.get("title") or "")
        if ti not in paired and tb.get("empty"):
            for pj, p in enumerate(ptables):
                if pj not in used_p and bool_eq(True, p.get("empty")) and text(p.get("kind")) == want:
                    used_p.add(pj)
                    paired[ti] = pj
                    break
    matched_lines = set()
    for ti, tb in enumerate(ttables):
        cells = tcells_all[ti]
        want = canonical_kind(tb.get("name") or tb.get("title") or "")
        name = tb.get("name") or tb.get("title")
        if ti not in paired:
            _add(details, "tables", f"{name}: no output table pairs with it ({len(cells)} cells"
                 f"{', empty' if tb.get('empty') else ''}; kind {want})")
            continue
        pj = paired[ti]
        p = ptables[pj]
        hits = hits_of.get((ti, pj), [])
        c["tables_paired"] += 1
        c["cell_tp"] += len(hits)
        got_kind = text(p.get("kind"))
        c["kind_ok"] += int(got_kind == want)
        if got_kind != want:
            _add(details, "tables", f"{name}: kind truth {want!r} got {got_kind!r}")
        for col, cmp in TABLE_FIELDS:
            if col not in tb:
                continue
            c["tfield_total"] += 1
            if CMP[cmp](tb.get(col), p.get(col)):
                c["tfield_ok"] += 1
            else:
                _add(details, "tables", f"{name}: {col} truth {_show(tb.get(col))} got {_show(p.get(col))}")
        hit_cells = {ci for ci, _ in hits}
        for ci, li in hits:
            matched_lines.add(li)
            if text(plines[li].get("amount_raw")) == cells[ci]["raw"]:
                c["cell_raw_ok"] += 1
            else:
                _add(details, "cells_raw", f"{_cell_str(name, cells[ci])}: amount_raw got "
                     f"{_show(text(plines[li].get('amount_raw')))}")
        own = lines_of.get(text(p.get("table_id")), [])
        for ci, cell in enumerate(cells):
            if ci not in hit_cells:
                _add(details, "cells_missing", _cell_str(name, cell) + _near(cell, plines, own, matched_lines))
    tid_title = {text(p.get("table_id")): text(p.get("title")) for p in ptables}
    paired_tids = {text(ptables[pj].get("table_id")) for pj in paired.values()}
    for pj, p in enumerate(ptables):
        if pj not in paired.values():
            n = len(lines_of.get(text(p.get("table_id")), []))
            _add(details, "tables", f"output table {_show(text(p.get('title')))} (kind {text(p.get('kind'))!r},"
                 f" {n} lines): no truth table pairs with it")
    for idx, l in enumerate(plines):
        tid = text(l.get("table_id"))
        if idx not in matched_lines and (tid in paired_tids or tid not in tid_title):
            _add(details, "cells_extra", f"{tid_title.get(text(l.get('table_id')), '?')} | code "
                 f"{_show(text(l.get('code')))} | item {_show(text(l.get('item')))} | "
                 f"{_show(text(l.get('column')))} = {text(l.get('amount_raw'))} ({l.get('amount_yuan')})")


def _cell_str(name, cell):
    return (f"{name} | code {cell['code']!r} | item {cell['item']!r} | {cell['column']!r}"
            f" = {cell['raw']}")


def _near(cell, plines, candidates, matched):
    """The unmatched line of the paired output table most like a missed truth cell (same
    amount; then same item or code; then same column): what differs."""
    best, best_rank = None, 0
    for idx in candidates:
        l = plines[idx]
        y = num(l.get("amount_yuan"))
        if idx in matched or y is None or abs(y - cell["yuan"]) >= 0.006:
            continue
        item = (text(l.get("item")) or "").strip()
        code = text(l.get("code")) or ""
        col = text(l.get("column"))
        rank = (3 if item == cell["item"] or (code and code == cell["code"]) else
                2 if col in (cell["column"], cell["leaf"]) else
                1 if item and cell["item"] and (item in cell["item"] or cell["item"] in item
                                                or item[:2] == cell["item"][:2]) else 0)
        if rank > best_rank:
            best, best_rank = (code, item, col), rank
            if rank == 3:
                break
    if best is None:
        return ""
    code, item, col = best
    diffs = [f"code {code!r}"] if code != cell["code"] else []
    if item != cell["item"]:
        diffs.append(f"item {item!r}")
    if col != cell["column"]:
        diffs.append(f"column {col!r}")
    return "  [output: " + (", ".join(diffs) or "same code/item/column: matched by another cell") + "]"


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
    print(f"[{form}] pipeline.py run <{len(pdfs)} PDFs in {os.path.relpath(PDF_DIR / form, ROOT)}> "
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
    ap.add_argument("--forms", default=",".join(FORMS), help=f"comma-separated ({','.join(FORMS)})")
    ap.add_argument("--ids", help="comma-separated ids (default: every truth/*.json)")
    ap.add_argument("--run", action="store_true", help="run the pipeline on corpus/pdf/<form> first")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT,
                    help="output root: DIR/<form> per form (default: out/corpus)")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list unmatched and mismatched rows")
    ap.add_argument("--check", action="store_true",
                    help=f"exit 1 when an id has project or indicator F1 below {CHECK_MIN}")
    ap.add_argument("--truth", type=Path, default=TRUTH_DIR, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)

    forms = [f.strip() for f in a.forms.split(",") if f.strip()]
    bad = [f for f in forms if f not in FORMS]
    if bad:
        ap.error(f"unknown form(s) {', '.join(bad)}")
    ids = [i.strip() for i in a.ids.split(",") if i.strip()] if a.ids else truth_ids(a.truth)
    if not ids:
        print(f"score.py: no truth files in {a.truth}", file=sys.stderr)
        return 2
    out_root = a.out if a.out.is_absolute() else (Path.cwd() / a.out)
    result = {"out": str(out_root), "forms": {}, "notes": []}
    for form in forms:
        have = [i for i in ids if (PDF_DIR / form / f"{i}.pdf").exists()]
        unrendered = [i for i in ids if i not in have]
        notes = []
        if unrendered:
            notes.append(f"not rendered (no corpus/pdf/{form}/<id>.pdf), not scored: {', '.join(unrendered)}")
        if not have:
            result["forms"][form] = {"docs": {}, "summary": {**metrics(_counts()), "counts": _counts()},
                                     "errors": [], "notes": notes}
            continue
        if a.run:
            out_root.mkdir(parents=True, exist_ok=True)
            run = run_pipeline(form, [PDF_DIR / form / f"{i}.pdf" for i in have], out_root / form)
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
