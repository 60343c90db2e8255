"""Parquet dataset writer: one file per document and table, written atomically.

Layout: OUT/<table>/doc-<doc_id>.parquet.  Each file is written to a temporary
name (a leading dot, which pyarrow/pandas/duckdb dataset readers skip) and
renamed, and the documents file goes last: it is the commit marker, so a
document whose documents file exists is complete, and a rerun rewrites the same
names (no duplicate rows).  OUT is a local path (plain pathlib/os) or an fsspec
URL (s3://…, gs://…, file://…) for Dask workers writing to shared storage.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pyarrow.parquet as pq

from budgetpdf.schemas.tables import TABLES, to_table

DATA_TABLES = ("projects", "indicators", "checks", "budget_tables", "budget_lines")


def is_url(out) -> bool:
    return isinstance(out, str) and "://" in out


def _fs(out):
    import fsspec
    return fsspec.core.url_to_fs(out)  # (filesystem, root path without protocol)


def part_path(out, table: str, doc_id: str):
    """Path of one document's file: a Path for local OUT, a URL string otherwise."""
    if is_url(out):
        return f"{out.rstrip('/')}/{table}/doc-{doc_id}.parquet"
    return Path(out) / table / f"doc-{doc_id}.parquet"


def write_atomic(table, path) -> None:
    if is_url(path):
        fs, p = _fs(path)
        parent, name = p.rsplit("/", 1)
        tmp = f"{parent}/.{name}.{uuid.uuid4().hex}.tmp"
        with fs.open(tmp, "wb") as fh:
            pq.write_table(table, fh, compression="zstd")
        fs.mv(tmp, p)  # a rename locally; on object stores the final PUT is atomic
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def _remove(path) -> None:
    if is_url(path):
        fs, p = _fs(path)
        if fs.exists(p):
            fs.rm(p)
    elif path.exists():
        path.unlink()


def write_result(out, result) -> None:
    """Commit one document's rows; the documents row last."""
    doc_id = result.document["doc_id"]
    for name in DATA_TABLES:
        path = part_path(out, name, doc_id)
        rows = getattr(result, name)
        if rows:
            write_atomic(to_table(name, rows), path)
        else:  # a --force rerun that now finds nothing
            _remove(path)
    write_atomic(to_table("documents", [result.document]), part_path(out, "documents", doc_id))


def ensure_tables(out) -> None:
    """Create every table folder, so readers find an (empty) dataset for each."""
    if is_url(out):
        fs, root = _fs(out)
        for name in TABLES:
            fs.makedirs(f"{root.rstrip('/')}/{name}", exist_ok=True)
        return
    for name in TABLES:
        (Path(out) / name).mkdir(parents=True, exist_ok=True)


def committed(out) -> dict[str, tuple[str, str]]:
    """doc_id → (pipeline_version, status) of every committed document in OUT."""
    import pyarrow.dataset as ds
    if is_url(out):
        fs, root = _fs(out)
        src, kw = f"{root.rstrip('/')}/documents", {"filesystem": fs}
        if not fs.exists(src):
            return {}
    else:
        src, kw = Path(out) / "documents", {}
        if not src.is_dir():
            return {}
    dataset = ds.dataset(src, schema=TABLES["documents"], format="parquet", **kw)  # skips '.'-prefixed temp files
    t = dataset.to_table(columns=["doc_id", "pipeline_version", "status"]).to_pydict()
    return {d: (v, s) for d, v, s in zip(t["doc_id"], t["pipeline_version"], t["status"])}


def remove_temp_files(out) -> int:
    """Delete temp files a killed run left behind (local OUT only; call under the run lock)."""
    if is_url(out):
        return 0
    n = 0
    for name in TABLES:
        for tmp in (Path(out) / name).glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
            n += 1
    return n
