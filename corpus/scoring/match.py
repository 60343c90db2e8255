"""Scoring one document: the documents row (doc facts), projects matched on (kind,
name), indicators on (level1, level2, name) within a matched project (repeated keys pair
in order), their period / annual values, and project fields; the counts and the metrics
computed from them (one document or a sum over documents).
"""
from __future__ import annotations

from collections import defaultdict

from .budget import _score_budget, truth_cells
from .compare import CMP, _add, _loose, _show, hint, is_null, text, text_eq
from .load import _by_seq, _records
from .selfeval import is_selfeval, score_funds, score_indicator

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
DOC_FACTS = [("department", "text"), ("year", "int"), ("title", "text"), ("budget_stage", "text")]

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


def _pkey_t(p):
    return (text(p.get("kind")), text(p.get("name")))


def _ikey(r):
    return (text(r.get("level1")), text(r.get("level2")), text(r.get("name")))


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
    selfeval = is_selfeval(tprojs)
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
        if selfeval:
            score_funds(t, p, pname, c, details)
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
            score_indicator(ind, r, c, details)

    # budget tables
    if c["budget_docs"]:
        _score_budget(tables, ttables, tcells_all, c, details)

    result.update(counts=c, metrics=metrics(c), details=details)
    return result
