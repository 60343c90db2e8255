"""`pipeline.py run`: extract PDFs and folders of PDFs into the Parquet tables.

Documents run in parallel child processes (or on Dask), each under a time and
memory limit; one bad file never stops the batch.  Each document is committed
on its own, so an interrupted run resumes where it stopped: documents already
extracted by this pipeline version (same sha256) are skipped unless --force.
Exit code: 0 all documents ok/partial, 1 some failed, 2 usage error.
"""
from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from budgetpdf.batch.executor import DaskExecutor, LocalExecutor, Task
from budgetpdf.batch.limits import Limits, prestart
from budgetpdf.process import sha256_file
from budgetpdf.batch.progress import Progress
from budgetpdf.batch.writer import committed, ensure_tables, is_url, remove_temp_files
from budgetpdf.schemas.tables import PIPELINE_VERSION
from budgetpdf.settings import ENGINES, OCR_MODES, Settings


class UsageError(Exception):
    """Bad arguments: exit code 2."""


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def find_pdfs(inputs: list[str]) -> list[Path]:
    files = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files.extend(sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() == ".pdf"))
        elif p.exists():
            files.append(p)
        else:
            raise UsageError(f"no such file or folder: {item}")
    return files


def _positive(kind):
    def parse(text):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
        return value
    return parse


def add_parser(sub) -> None:
    p = sub.add_parser("run", help="extract PDFs (files or folders, recursive) to Parquet",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", help="PDF files or folders")
    p.add_argument("--out", required=True, help="output folder, or an fsspec URL (s3://…) for Dask")
    add_settings_arguments(p)
    p.add_argument("--workers", type=_positive(int), default=None,
                   help="parallel documents (default: all cores)")
    p.add_argument("--executor", choices=("local", "dask", "dask-local"), default="local",
                   help="local processes (default), a Dask cluster (--scheduler) or a local Dask cluster")
    p.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--force", action="store_true", help="re-extract documents already in OUT")
    p.add_argument("--retry-failed", action="store_true", help="re-extract documents that failed before")
    p.set_defaults(func=run)


def add_settings_arguments(p) -> None:
    """Flags that build a `Settings` (shared by `run` and `scrape`)."""
    d = Settings()
    p.add_argument("--ocr", choices=OCR_MODES, default=d.ocr,
                   help="auto: scanned pages only (default); off; force: every page")
    p.add_argument("--engine", choices=ENGINES, default=d.engine,
                   help="text pages through PDFium (default, fast) or pdfminer")
    p.add_argument("--ocr-dpi", type=_positive(int), default=d.ocr_dpi, metavar="DPI",
                   help=f"resolution scanned pages are read at (default {d.ocr_dpi})")
    p.add_argument("--time-limit", type=_positive(float), default=d.seconds, metavar="SECONDS",
                   help=f"wall time per document before it is killed (default {d.seconds:g})")
    p.add_argument("--memory-limit", type=_positive(int), default=d.memory_mb, metavar="MB",
                   help=f"resident memory per document before it is killed (default {d.memory_mb})")


def settings_from(args) -> Settings:
    return Settings(ocr=args.ocr, engine=args.engine, ocr_dpi=args.ocr_dpi,
                    seconds=args.time_limit, memory_mb=args.memory_limit)


def plan(files: list[Path], out, settings: Settings, force: bool, retry_failed: bool):
    """Tasks to run, plus the documents skipped because OUT already has them."""
    done = {} if force else committed(out)
    tasks, skipped, seen = [], [], set()
    for path in files:
        try:
            doc_id = sha256_file(path)
        except OSError:
            doc_id = None  # process_document records why it cannot be read
        if doc_id is not None:
            if doc_id in seen:
                continue  # same bytes under another name: one documents row per doc_id
            seen.add(doc_id)
            version, status = done.get(doc_id, (None, None))
            if version == PIPELINE_VERSION and not (retry_failed and status == "failed"):
                skipped.append(status)
                continue
        tasks.append(Task(str(path.resolve()), str(path), doc_id, str(out), settings))
    tasks.sort(key=lambda t: -_size(t.path))  # longest first: fewer idle workers at the end
    return tasks, skipped


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


@contextmanager
def run_lock(out):
    """One run per local OUT at a time (a second run would write the same files)."""
    if is_url(out):
        yield
        return
    import fcntl
    Path(out).mkdir(parents=True, exist_ok=True)
    with open(Path(out) / ".run.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(f"another run is writing to {out}") from None
        yield


def make_executor(args, limits: Limits):
    workers = args.workers or default_workers()
    if args.executor == "dask":
        return DaskExecutor(limits, scheduler=args.scheduler)
    if args.executor == "dask-local":
        return DaskExecutor(limits, workers=workers)
    return LocalExecutor(workers, limits)


def check_args(args) -> None:
    if args.executor == "dask" and not args.scheduler:
        raise UsageError("--executor dask needs --scheduler tcp://HOST:PORT")
    if args.scheduler and args.executor != "dask":
        raise UsageError("--scheduler is only used with --executor dask")


def run_batch(args, stream=None) -> tuple[Progress, int]:
    """Run the batch; returns the progress record and the number of failed documents."""
    check_args(args)
    out = args.out if is_url(args.out) else Path(args.out)
    files = find_pdfs(args.inputs)
    if not files:
        raise UsageError("no PDF files found")
    if args.executor == "local":
        prestart()  # warms up while this process hashes the inputs
    with run_lock(out):
        ensure_tables(out)
        remove_temp_files(out)
        settings = settings_from(args)
        tasks, skipped = plan(files, out, settings, args.force, args.retry_failed)
        progress = Progress(len(tasks), skipped=len(skipped), stream=stream)
        executor = make_executor(args, Limits(settings.seconds, settings.memory_mb)) if tasks else None
        try:
            for s in executor.map(tasks) if executor else ():
                progress.update(s)
        finally:
            progress.close()
            if executor:
                executor.close()
    return progress, progress.status["failed"] + skipped.count("failed")


def run(args) -> int:
    try:
        progress, n_failed = run_batch(args)
    except UsageError as e:
        print(f"pipeline.py run: error: {e}", file=sys.stderr)
        return 2
    print(progress.summary())
    print(checks_summary(Path(args.out)))
    if n_failed:
        print(f"{n_failed} document(s) failed (see documents.error)", file=sys.stderr)
    return 1 if n_failed else 0


def checks_summary(out) -> str:
    """The reconciliation checks of the run's output, summarised (never fatal)."""
    try:
        from budgetpdf.checks import summarize
        return summarize(out)
    except Exception as e:  # an object-store OUT or an empty run: say so, go on
        return f"checks: not summarised ({type(e).__name__}: {e})"
