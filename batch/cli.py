"""`pipeline.py run`: extract PDFs and folders of PDFs into the Parquet tables."""
from __future__ import annotations

import sys
from pathlib import Path

from batch.process import process_document
from batch.writer import ensure_tables, write_result


def find_pdfs(inputs: list[str]) -> list[Path]:
    files = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files.extend(sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() == ".pdf"))
        else:
            files.append(p)
    return files


def add_parser(sub) -> None:
    p = sub.add_parser("run", help="extract PDFs (files or folders, recursive) to Parquet")
    p.add_argument("inputs", nargs="+", help="PDF files or folders")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--ocr", choices=("auto", "off", "force"), default="auto")
    p.set_defaults(func=run)


def run(args) -> int:
    out = Path(args.out)
    ensure_tables(out)
    files = find_pdfs(args.inputs)
    if not files:
        print("no PDF files found", file=sys.stderr)
        return 2
    failures = 0
    for path in files:
        result = process_document(path, ocr=args.ocr)
        write_result(out, result)
        d = result.document
        failures += d["status"] == "failed"
        print(f"{d['status']:7} {d['n_projects']:4} projects {d['n_indicators']:5} indicators  {path}"
              + (f"  ({d['error']})" if d.get("error") else ""))
    return 1 if failures else 0
