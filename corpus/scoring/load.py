"""Reading: the truth files (corpus/truth/<id>.json) and the pipeline's Parquet output,
and picking out the rows of one document."""
from __future__ import annotations

import json
import re
from pathlib import Path

from .compare import is_null, num

TRUTH_DIR = Path(__file__).resolve().parent.parent / "truth"
TABLES = ("documents", "projects", "indicators", "checks", "budget_tables", "budget_lines")

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


def _by_seq(rows):
    def key(ir):
        i, r = ir
        s = num(r.get("seq"))
        return (s if s is not None else float("inf"), i)
    return [r for _, r in sorted(enumerate(rows), key=key)]
