"""End to end on the shared devset's text PDFs: every style reads as its truth file.

The devset is scoring material beside the repo (../shared); these tests skip
without it.  Scans are covered by tests/test_ocr.py (slow)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from budgetpdf.process import process_document
from golden import compare

DEVSET = Path(__file__).resolve().parent.parent.parent / "shared" / "devset"
CASES = [(p, DEVSET / "truth" / f"{p.stem}.json") for style in ("xlsx", "html", "open")
         for p in sorted((DEVSET / style).glob("*.pdf"))]
CASES += [(p, DEVSET / "wild" / "truth" / f"{p.stem}.json")
          for p in sorted((DEVSET / "wild" / "pdf").glob("*.pdf"))]


@pytest.mark.skipif(not CASES, reason="../shared/devset absent")
@pytest.mark.parametrize("pdf,truth", CASES, ids=lambda x: f"{x.parent.name}/{x.name}")
def test_document_reads_as_its_truth(pdf, truth):
    result = process_document(pdf)
    assert result.document["status"] == "ok", result.document["error"]
    assert compare(result, json.loads(truth.read_text(encoding="utf-8"))) == []
