"""Parquet dataset writer: one file per document and table, written atomically.

Layout: OUT/<table>/doc-<doc_id>.parquet.  Each file is written to a temporary
name and renamed, and the documents file goes last: it is the commit marker,
so a document whose documents file exists is complete.
"""
from __future__ import annotations

import os
from pathlib import Path

import pyarrow.parquet as pq

from schemas.tables import TABLES, to_table

DATA_TABLES = ("projects", "indicators", "checks")


def part_path(out: Path, table: str, doc_id: str) -> Path:
    return Path(out) / table / f"doc-{doc_id}.parquet"


def write_atomic(table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def write_result(out: Path, result) -> None:
    """Commit one document's rows; the documents row last."""
    doc_id = result.document["doc_id"]
    for name in DATA_TABLES:
        path = part_path(out, name, doc_id)
        rows = getattr(result, name)
        if rows:
            write_atomic(to_table(name, rows), path)
        elif path.exists():  # a --force rerun that now finds nothing
            path.unlink()
    write_atomic(to_table("documents", [result.document]), part_path(out, "documents", doc_id))


def ensure_tables(out: Path) -> None:
    """Create every table folder, so readers find an (empty) dataset for each."""
    for name in TABLES:
        (Path(out) / name).mkdir(parents=True, exist_ok=True)
