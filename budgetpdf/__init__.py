"""budgetpdf: Chinese government budget documents (PDF) → typed tables.

    import budgetpdf
    doc = budgetpdf.read_pdf("2024年部门预算.pdf")
    doc.status, doc.projects, doc.indicators, doc.budget_lines   # pandas DataFrames
    budgetpdf.run(["pdfs/"], "out", workers=4)                   # a batch, as the CLI runs it

The subpackages are the stages: `budgetpdf.extract` (PDF → cell grids),
`budgetpdf.normalize` (text and values), `budgetpdf.readers` (grids → rows),
`budgetpdf.checks`, `budgetpdf.schemas` (the output tables), `budgetpdf.batch`,
`budgetpdf.scraper`, `budgetpdf.review`.
"""
from budgetpdf._version import __version__

__all__ = ["__version__", "read_pdf", "run", "Document", "Settings"]

# The library API is imported on first use: `import budgetpdf` stays light, and
# the subpackages never import this module's names (no import cycle).
_LAZY = {"read_pdf": "budgetpdf.api", "run": "budgetpdf.api", "Document": "budgetpdf.api",
         "Settings": "budgetpdf.settings"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'budgetpdf' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
