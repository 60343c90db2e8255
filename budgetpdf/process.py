"""The one per-document function: path → tables + status.

`run`, `scrape` and the Dask executor all call `process_document`; it never
raises for a bad document, it returns a `failed` documents row instead.
"""
from __future__ import annotations

import hashlib
import logging
import time
from datetime import datetime, timezone
from pathlib import Path

from budgetpdf.checks import run_checks
from budgetpdf.extract.pages import read_pdf
from budgetpdf.model import DocResult, PdfError
from budgetpdf.readers.document import read_document
from budgetpdf.schemas.tables import PIPELINE_VERSION
from budgetpdf.settings import Settings

logging.getLogger("pdfminer").setLevel(logging.ERROR)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def base_document(path: Path, source: str | None, doc_id: str | None = None) -> dict:
    path = Path(path)
    return {
        "doc_id": doc_id or sha256_file(path),
        "source": source or str(path),
        "file_name": path.name,
        "title": None, "department": None, "year": None,
        "pages": 0, "status": "failed", "error": None,
        "n_projects": 0, "n_indicators": 0,
        "extracted_at": datetime.now(timezone.utc),
        "pipeline_version": PIPELINE_VERSION,
        "bytes": path.stat().st_size if path.exists() else None,
    }


def failed(path: Path, source: str | None, error: str, doc_id: str | None = None) -> DocResult:
    doc = base_document(path, source, doc_id) if Path(path).exists() else {
        **{k: None for k in ("title", "department", "year", "bytes")},
        "doc_id": doc_id or hashlib.sha256(str(path).encode()).hexdigest(),
        "source": source or str(path), "file_name": Path(path).name, "pages": 0,
        "n_projects": 0, "n_indicators": 0, "extracted_at": datetime.now(timezone.utc),
        "pipeline_version": PIPELINE_VERSION}
    doc.update(status="failed", error=error)
    return DocResult(doc)


def process_document(path, source: str | None = None, settings: Settings | None = None) -> DocResult:
    """Every dataset's rows for one PDF.  Never raises: problems become status/error.

    The one per-document function: the CLI, the library call, batches, the
    scraper and Dask all come here."""
    settings = settings or Settings()
    path = Path(path)
    t0 = time.perf_counter()
    try:
        doc = base_document(path, source)
    except OSError as e:
        return failed(path, source, f"cannot read file: {e.strerror or e}")
    try:
        content = read_pdf(path, settings)
    except PdfError as e:
        doc.update(status="failed", error=str(e))
        return DocResult(doc)
    except Exception as e:  # pdfminer and friends raise anything on broken files
        doc.update(status="failed", error=f"unreadable PDF: {type(e).__name__}: {e}"[:300])
        return DocResult(doc)
    try:
        result = read_document(content, doc)
    except Exception as e:  # a reader bug must not stop the batch
        doc.update(pages=content.n_pages, status="failed",
                   error=f"could not read tables: {type(e).__name__}: {e}"[:300])
        return DocResult(doc)
    result.checks = reconcile(result)
    result.document["seconds"] = round(time.perf_counter() - t0, 3)
    return result


def reconcile(result: DocResult) -> list[dict]:
    """Reconciliation checks; a bug here must not cost the document its rows."""
    try:
        return run_checks(result)
    except Exception as e:
        logging.getLogger(__name__).warning("checks failed on %s: %s", result.doc_id, e)
        return [{"doc_id": result.doc_id, "project_id": None, "check": "checks_crashed",
                 "severity": "warning", "message": f"checks could not run: {type(e).__name__}: {e}"[:300],
                 "expected": None, "found": None}]
