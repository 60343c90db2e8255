"""One `checks` row, however it was found: the row shape all checks share."""
from __future__ import annotations


def finding(catalogue: dict, doc_id, check: str, message: str, project_id=None, expected=None, found=None,
            table_id=None) -> dict:
    """A row of the checks table; severity from the check's entry in `catalogue`."""
    return {"doc_id": doc_id, "project_id": project_id, "check": check,
            "severity": catalogue[check][0], "message": message,
            "expected": None if expected is None else str(expected),
            "found": None if found is None else str(found), "table_id": table_id}
