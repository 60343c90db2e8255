"""New PDFs → raw store → the same extraction as `budgetpdf run` → OUT.

Bytes are stored and extracted once however many URLs serve them; a file
stored by a run that died before extracting it stays `pending` and is
extracted by the next run.
"""
from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qsl, unquote, urlsplit

from budgetpdf.batch.executor import Task, extract_limited
from budgetpdf.batch.limits import Limits
from budgetpdf.batch.writer import write_result
from budgetpdf.scraper.config import Site
from budgetpdf.scraper.fetch import Response
from budgetpdf.scraper.store import RawStore, StateDB
from budgetpdf.scraper.summary import Summary
from budgetpdf.settings import Settings


def published_name(url: str, disposition: str | None = None) -> str | None:
    """The name the site gives the file (recorded in documents.file_name only)."""
    if disposition:
        return disposition
    parts = urlsplit(url)
    name = PurePosixPath(unquote(parts.path)).name
    if not name.lower().endswith(".pdf"):  # downfile.jsp?filename=2403.pdf
        name = next((PurePosixPath(v).name for _, v in parse_qsl(parts.query)
                     if v.lower().endswith(".pdf")), name)
    return name or None


class Ingest:
    def __init__(self, store: RawStore, db: StateDB, out: Path, summary: Summary,
                 run_id: int, settings: Settings | None = None, log=print):
        self.store, self.db, self.out, self.summary = store, db, Path(out), summary
        self.run_id, self.log = run_id, log
        self.settings = settings or Settings()
        self.limits = Limits(self.settings.seconds, self.settings.memory_mb)

    @staticmethod
    def hints(site: Site, text: str | None, fallback: str | None) -> tuple[str | None, int | None]:
        """Department and year read from link text (the attachment's, else its detail page's)."""
        dept = year = None
        for t in (text, fallback):
            if not t:
                continue
            if dept is None and site.hints.department:
                m = re.search(site.hints.department, t)
                dept = m and (m.groupdict().get("department") or m.group(0))
            if year is None and site.hints.year:
                m = re.search(site.hints.year, t)
                y = m and (m.groupdict().get("year") or m.group(0))
                year = int(y) if y and str(y).isdigit() and 1990 <= int(y) <= 2100 else None
        return dept or None, year

    def add_pdf(self, resp: Response, url: str, name: str | None, dept: str | None, year: int | None):
        rel = self.store.rel_path(resp.sha256, "pdf")
        new = self.db.add_file(resp.sha256, "pdf", resp.size, rel, url)
        self.store.put(resp.path, resp.sha256, "pdf")
        resp.path = None
        if not new:
            self.summary.duplicates += 1
            return
        self.summary.new_files += 1
        self.extract(resp.sha256, url, name, dept, year)

    def extract(self, sha256: str, url: str, name: str | None, dept: str | None, year: int | None):
        row = self.db.file(sha256)
        # in a limited child, as in a batch: one pathological PDF (pages that expand
        # to gigabytes of drawing operations) ends `failed` instead of holding the run
        path = str(self.store.path(row["path"]))
        result = extract_limited(Task(path, url, sha256, str(self.out), self.settings), self.limits)
        doc = result.document
        # the stored file is named by its hash; analysts want the published name
        doc["file_name"] = name or doc["file_name"]
        if doc.get("department") is None and dept:
            doc["department"] = dept
        if doc.get("year") is None and year:
            doc["year"] = year
        write_result(self.out, result)
        self.db.set_extraction(sha256, doc)
        self.summary.extracted += 1
        self.summary.extract_failed += doc["status"] == "failed"
        self.log(f"{doc['status']:7} {doc['n_projects']:4} projects {doc['n_indicators']:5} indicators  {url}"
                 + (f"  ({doc['error']})" if doc.get("error") else ""))

    def extract_pending(self) -> None:
        """Files stored by an interrupted run but never extracted."""
        for row in self.db.pending_files():
            u = self.db.url(row["first_url"]) if row["first_url"] else None
            name = row["first_url"] and published_name(row["first_url"], u and u["disposition_name"])
            self.extract(row["sha256"], row["first_url"], name,
                         u and u["department_hint"], u and u["year_hint"])
