"""Reconciliation checks of the standard budget tables (placeholder until they land)."""
from __future__ import annotations

CHECKS: dict[str, tuple[str, str]] = {}


def run_checks(result) -> list[dict]:
    return []
