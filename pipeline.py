#!/usr/bin/env python3
"""budgetpdf command line: a thin layer over the library.

    python pipeline.py run INPUT... --out OUT      extract PDFs to Parquet
    python pipeline.py scrape --config sites.toml  fetch new documents and extract them
    python pipeline.py report OUT --html FILE      review report of a run
"""
from __future__ import annotations

import argparse
import importlib
import sys

# each subcommand lives beside the code it drives: module.add_parser(subparsers)
COMMANDS = ("batch.cli", "scraper.cli", "review.cli")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="pipeline.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name and name.startswith(e.name):
                continue  # that part is not installed in this tree
            raise
        module.add_parser(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
