"""`pipeline.py scrape`: fetch new documents from configured sites and extract them."""
from __future__ import annotations

import fcntl
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from budgetpdf.batch.writer import ensure_tables
from budgetpdf.scraper.config import Config, ConfigError, load_config
from budgetpdf.scraper.crawl import RunTimeout, SiteCrawler
from budgetpdf.scraper.fetch import Fetcher, cleanup_tmp
from budgetpdf.scraper.ingest import Ingest
from budgetpdf.scraper.store import RawStore, StateDB
from budgetpdf.scraper.summary import Summary
from budgetpdf.settings import OCR_MODES, Settings

EXIT_OK, EXIT_INCOMPLETE, EXIT_CONFIG, EXIT_LOCKED = 0, 1, 2, 3


class Locked(Exception):
    pass


@contextmanager
def run_lock(store: Path):
    """flock on STORE/scrape.lock: released by the kernel even if the run is killed."""
    path = Path(store) / "scrape.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Locked(f"another scrape holds {path}") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)


def scrape(config: Config, store_dir: Path, out: Path, settings: Settings | None = None, sites: list[str] | None = None,
           max_seconds: float | None = None, retry_errors: bool = False, log=print) -> Summary:
    """One complete run over the configured sites; raises Locked if a run is in progress."""
    store_dir, out = Path(store_dir), Path(out)
    store_dir.mkdir(parents=True, exist_ok=True)
    with run_lock(store_dir):
        t0 = time.monotonic()
        deadline = t0 + (max_seconds if max_seconds is not None else config.max_run_seconds)
        store, db, summary = RawStore(store_dir), StateDB(store_dir / "state.sqlite"), Summary()
        cleanup_tmp(store.tmp)
        ensure_tables(out)
        run_id = db.start_run()
        settings = (settings or Settings()).but(seconds=config.document_seconds,
                                                memory_mb=config.document_memory_mb)
        ingest = Ingest(store, db, out, summary, run_id, settings=settings, log=log)
        last_hit: dict = {}  # per-host politeness is shared by sites on one host
        try:
            ingest.extract_pending()
            for site in config.sites:
                if sites and site.name not in sites:
                    continue
                fetcher = Fetcher(site, store.tmp, deadline, last_hit)
                try:
                    SiteCrawler(site, fetcher, ingest, deadline, retry_errors).run()
                finally:
                    fetcher.close()
            if summary.errors.get("run_timeout"):  # a request was cut short by the run limit
                summary.status = "timeout"
        except RunTimeout:
            summary.status = "timeout"
        except BaseException:
            summary.status = "crashed"
            raise
        finally:
            summary.seconds = time.monotonic() - t0
            db.finish_run(run_id, summary.status, summary.as_dict())
            db.close()
        log(summary.format(run_id))
        return summary


def add_parser(sub) -> None:
    p = sub.add_parser("scrape", help="fetch new documents from configured sites and extract them")
    p.add_argument("--config", required=True, help="sites.toml (see docs/scraper.md)")
    p.add_argument("--store", required=True, help="raw store + state database folder")
    p.add_argument("--out", required=True, help="output folder (same layout as `run`)")
    p.add_argument("--ocr", choices=OCR_MODES, default="auto")
    p.add_argument("--site", action="append", help="only this site (repeatable)")
    p.add_argument("--max-seconds", type=float, help="stop the run after this long (default: config)")
    p.add_argument("--retry-errors", action="store_true",
                   help="ask again for attachments that failed for good (404, not a PDF, too large)")
    p.set_defaults(func=run)


def run(args) -> int:
    try:
        config = load_config(args.config)
    except ConfigError as e:
        print(f"config error: {e}", file=sys.stderr)
        return EXIT_CONFIG
    unknown = set(args.site or ()) - {s.name for s in config.sites}
    if unknown:
        print(f"config error: no site named {', '.join(sorted(unknown))}", file=sys.stderr)
        return EXIT_CONFIG
    try:
        summary = scrape(config, Path(args.store), Path(args.out), Settings(ocr=args.ocr), sites=args.site,
                         max_seconds=args.max_seconds, retry_errors=args.retry_errors)
    except Locked as e:
        print(f"not started: {e}", file=sys.stderr)
        return EXIT_LOCKED
    return EXIT_OK if summary.status == "done" else EXIT_INCOMPLETE
