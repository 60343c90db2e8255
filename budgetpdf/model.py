"""Plain data passed between the stages: what a PDF holds, what a document gives.

Sources fill `PdfContent` (pages of `Grid`s and loose text lines); readers turn it
into a `DocResult` (the rows of every output table for one document).  Both sides
import this module and nothing of each other.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from budgetpdf.extract.grid import Grid, TextLine


__all__ = ["PdfError", "TextLine", "PageContent", "PdfContent", "DocResult"]


class PdfError(Exception):
    """A document that cannot be read at all; the message is the `error` column."""


@dataclass
class PageContent:
    page_no: int  # 1-based
    width: float
    height: float
    grids: list[Grid] = field(default_factory=list)
    lines: list[TextLine] = field(default_factory=list)  # text outside every grid
    ocr: bool = False
    error: str | None = None  # why this page could not be read

    @property
    def landscape(self) -> bool:
        return self.width > self.height


@dataclass
class PdfContent:
    path: Path
    pages: list[PageContent]

    @property
    def n_pages(self) -> int:
        return len(self.pages)

    @property
    def ocr_pages(self) -> list[int]:
        return [p.page_no for p in self.pages if p.ocr]


@dataclass
class DocResult:
    """Every dataset's rows for one document; `document` is its documents row."""
    document: dict
    projects: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)
    budget_tables: list[dict] = field(default_factory=list)
    budget_lines: list[dict] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return self.document["doc_id"]

    @property
    def status(self) -> str:
        return self.document.get("status", "failed")
