"""`pipeline.py report OUT --html FILE`: the review report of a run."""
from __future__ import annotations

import sys
from pathlib import Path


def add_parser(sub) -> None:
    p = sub.add_parser("report", help="write a self-contained HTML review report of an output folder")
    p.add_argument("out", help="output folder of `pipeline.py run`")
    p.add_argument("--html", required=True, help="HTML file to write")
    p.add_argument("--ocr", choices=("auto", "off", "force"), default="auto",
                   help="how to re-read pages for the cell outlines (off = faster, no outlines on scans)")
    p.add_argument("--resolution", type=int, default=50, help="page image resolution in dpi")
    p.add_argument("--max-pages", type=int, default=300, help="most page images to embed")
    p.add_argument("--pdf-dir", action="append", default=[],
                   help="folder to look for source PDFs by file name (repeatable)")
    p.set_defaults(func=run)


def run(args) -> int:
    from budgetpdf.review.report import build_report
    out = Path(args.out)
    if not (out / "documents").is_dir():
        print(f"{out} is not an output folder (no documents/ inside)", file=sys.stderr)
        return 2
    path = build_report(out, args.html, ocr=args.ocr, resolution=args.resolution,
                        max_pages=args.max_pages, pdf_dirs=args.pdf_dir)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0
