"""`python -m budgetpdf …` is the `budgetpdf` command."""
import sys

from budgetpdf.cli import main

sys.exit(main())
