"""Ground-truth JSON (devset TRUTH_FORMAT) → a DocResult shaped like the pipeline's.

Lets the checks, the report and the notebook be exercised on what a careful
analyst typed in, independent of how well the readers do, and lets a test
break a document on purpose (drop a row, change a 合计) and see it flagged.
Values are parsed just enough for the checks (first number, comparator).
"""
from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, timezone

from budgetpdf.model import DocResult
from budgetpdf.schemas.tables import PIPELINE_VERSION

_VALUE = re.compile(r"(≥|≤|>=|<=|>|<|＞|＜|约)?\s*(\d[\d,]*(?:\.\d+)?)\s*([^\d\s]*)")
_OPS = {"≥": ">=", "≤": "<=", "＞": ">", "＜": "<", "约": "~"}


def parse_value(text: str | None) -> tuple[str | None, float | None, str | None]:
    m = _VALUE.search(text or "")
    if not m:
        return None, None, None
    op = m.group(1)
    return _OPS.get(op, op) or "=", float(m.group(2).replace(",", "")), m.group(3) or None


def indicator_rows(doc_id: str, project_id: str, page: int, indicators: list[dict]) -> list[dict]:
    rows = []
    for seq, ind in enumerate(indicators, 1):
        r = {"doc_id": doc_id, "project_id": project_id, "seq": seq, "page": page,
             "level1": ind["level1"], "level2": ind.get("level2"), "name": ind["name"],
             "period_raw": ind.get("period"), "annual_raw": ind.get("annual")}
        for side in ("period", "annual"):
            op, value, unit = parse_value(ind.get(side))
            r.update({f"{side}_op": op, f"{side}_value": value, f"{side}_unit": unit})
        rows.append(r)
    return rows


def truth_to_result(truth: dict, doc_id: str | None = None, source: str | None = None,
                    totals: dict | None = None) -> DocResult:
    """`totals` fills document["totals"] (合计 / subtotals / 金额合计), which truth files lack."""
    doc_id = doc_id or hashlib.sha256(json.dumps(truth, sort_keys=True).encode()).hexdigest()
    projects, indicators = [], []
    for seq, p in enumerate(truth["projects"], 1):
        pid = f"{doc_id[:16]}-{seq:04d}"
        funds = p.get("funds_yuan") or {}
        projects.append({
            "doc_id": doc_id, "project_id": pid, "seq": seq, "page_start": 1, "page_end": 1,
            "family": truth.get("family"), "fiscal_yuan": funds.get("fiscal"),
            "special_yuan": funds.get("special"), "other_yuan": funds.get("other"),
            **{k: p.get(k) for k in ("kind", "name", "project_type", "project_level", "department",
                                     "unit", "start_year", "end_year", "amount_raw", "amount_yuan",
                                     "period_goal", "annual_goal", "content")}})
        indicators += indicator_rows(doc_id, pid, 1, p.get("indicators") or [])
    document = {
        "doc_id": doc_id, "source": source or f"{truth['doc']}.pdf", "file_name": f"{truth['doc']}.pdf",
        "title": truth.get("title"), "department": truth.get("department"), "year": truth.get("year"),
        "pages": 1, "status": "ok", "error": None, "n_projects": len(projects),
        "n_indicators": len(indicators), "extracted_at": datetime.now(timezone.utc),
        "pipeline_version": PIPELINE_VERSION, "family": truth.get("family"),
        "amount_unit": truth.get("amount_unit"), "totals": totals or {}}
    return DocResult(document, projects, indicators)

