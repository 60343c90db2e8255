#!/usr/bin/env python3
"""budgetpdf from a checkout: `python pipeline.py run|scrape|report …` is the
`budgetpdf` command (budgetpdf.cli) under another name."""
import sys

from budgetpdf.cli import main

if __name__ == "__main__":
    sys.exit(main(prog="pipeline.py"))
