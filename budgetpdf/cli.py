"""The `budgetpdf` command: a thin layer over the library.

    budgetpdf run INPUT... --out OUT      extract PDFs (files, folders) to Parquet
    budgetpdf scrape --config sites.toml  fetch new documents and extract them
    budgetpdf report OUT --html FILE      review report of a run
"""
from __future__ import annotations

import argparse
import importlib
import sys

from budgetpdf._version import __version__

# each subcommand lives beside the code it drives: module.add_parser(subparsers)
COMMANDS = ("budgetpdf.batch.cli", "budgetpdf.scraper.cli", "budgetpdf.review.cli")


def build_parser(prog: str = "budgetpdf") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        importlib.import_module(name).add_parser(sub)
    return parser


def main(argv: list[str] | None = None, prog: str = "budgetpdf") -> int:
    args = build_parser(prog).parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
