"""The library API: one document in memory, or a batch written to a folder.

    doc = budgetpdf.read_pdf("2024年部门预算.pdf")
    doc.status                       # "ok", "partial" or "failed"
    doc.projects.head()              # pandas DataFrames with the contract's columns
    doc.to_arrow()["budget_lines"]   # or pyarrow Tables

    budgetpdf.run(["pdfs/"], "out", workers=4)   # what `budgetpdf run` does
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd
import pyarrow as pa

from budgetpdf.model import DocResult
from budgetpdf.process import process_document
from budgetpdf.schemas.tables import TABLES, to_table
from budgetpdf.settings import Settings


@dataclass
class Document:
    """One document's rows, as `budgetpdf run` would write them for the file.

    Every table of the data contract is an attribute holding a DataFrame with
    exactly the schema's columns and dtypes: `documents` (one row), `projects`,
    `indicators`, `checks`, `budget_tables`, `budget_lines`.
    """
    result: DocResult

    @property
    def status(self) -> str:
        """ok, partial (a part was seen and could not be read) or failed."""
        return self.result.document["status"]

    @property
    def error(self) -> str | None:
        """Why the document is partial or failed, in plain words."""
        return self.result.document.get("error")

    @property
    def pages(self) -> int:
        return self.result.document.get("pages") or 0

    def table(self, name: str) -> pd.DataFrame:
        """One table of the contract as a DataFrame (arrow-backed nullable dtypes)."""
        return self.to_arrow()[name].to_pandas(types_mapper=pd.ArrowDtype)

    def to_arrow(self) -> dict[str, pa.Table]:
        """Every table as a pyarrow Table with the contract's schema."""
        rows = {"documents": [self.result.document]}
        rows.update({name: getattr(self.result, name) for name in TABLES if name != "documents"})
        return {name: to_table(name, rows[name]) for name in TABLES}

    documents = property(lambda self: self.table("documents"), doc="the documents row")
    projects = property(lambda self: self.table("projects"), doc="projects, departments and tasks")
    indicators = property(lambda self: self.table("indicators"), doc="三级指标 rows")
    checks = property(lambda self: self.table("checks"), doc="reconciliation findings")
    budget_tables = property(lambda self: self.table("budget_tables"), doc="standard budget tables")
    budget_lines = property(lambda self: self.table("budget_lines"), doc="budget table amounts, long form")

    def __repr__(self) -> str:
        d = self.result.document
        return (f"<Document {d.get('file_name')!r} {self.status}: {len(self.result.projects)} projects, "
                f"{len(self.result.indicators)} indicators, {len(self.result.budget_tables)} budget tables>")


def read_pdf(path, ocr: str = "auto", settings: Settings | None = None, source: str | None = None) -> Document:
    """Read one PDF in this process.  Never raises for a bad file: look at `.status`.

    ocr: "auto" (scanned pages only), "off" or "force"; `settings` sets the rest
    (a `Settings` whose own `ocr` is overridden by this argument)."""
    settings = (settings or Settings()).but(ocr=ocr)
    return Document(process_document(Path(path), source=source, settings=settings))


def run(inputs: Iterable, out, workers: int | None = None, settings: Settings | None = None,
        force: bool = False, executor: str = "local", scheduler: str | None = None,
        progress: bool = False) -> pd.DataFrame:
    """Extract PDFs (files or folders, searched recursively) into the Parquet
    datasets under `out`, in parallel child processes under the settings' time
    and memory limits, exactly as `budgetpdf run` does; documents already in
    `out` are skipped unless `force`.  Returns the documents rows of `out`."""
    import io
    from argparse import Namespace

    from budgetpdf.batch.cli import run_batch
    from budgetpdf.schemas.io import read_table

    s = settings or Settings()
    args = Namespace(inputs=[str(i) for i in inputs], out=str(out), workers=workers, executor=executor,
                     scheduler=scheduler, force=force, retry_failed=False, ocr=s.ocr, engine=s.engine,
                     ocr_dpi=s.ocr_dpi, time_limit=s.seconds, memory_limit=s.memory_mb)
    run_batch(args, stream=None if progress else io.StringIO())
    return read_table(out, "documents")
