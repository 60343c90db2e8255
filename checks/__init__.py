"""Reconciliation checks: part of the core, run by the per-document function.

`run_checks(result)` gives the `checks` rows of one document; `summarize(out)`
prints a run's findings.  The review report (`budgetpdf.review`) only reads them.
"""
from budgetpdf.checks.performance import CHECKS, run_checks, summarize

__all__ = ["CHECKS", "run_checks", "summarize"]
