"""Reconciliation checks: part of the core, run by the per-document function.

`run_checks(result)` gives the `checks` rows of one document: the performance
part's (`performance`), the self-evaluation tables' (`selfeval`) and the
budget tables' (`budget`).  `summarize(out)`
prints a run's findings.  The review report (`budgetpdf.review`) only reads them.
"""
from budgetpdf.checks import budget, performance, selfeval
from budgetpdf.checks.performance import summarize

CHECKS = {**performance.CHECKS, **selfeval.CHECKS, **budget.CHECKS}


def run_checks(result) -> list[dict]:
    """CHECKS rows for one document (empty when everything reconciles)."""
    return performance.run_checks(result) + selfeval.run_checks(result) + budget.run_checks(result)


__all__ = ["CHECKS", "run_checks", "summarize"]
