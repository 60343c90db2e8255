"""One site: listing pages (with pagination) → detail pages → attachments.

Depth is fixed on purpose: listings may link details and attachments,
details link attachments only, so a misconfigured pattern cannot wander
over a whole portal.  Unchanged pages answer 304 and are re-read from the
raw store; attachment URLs already stored are not requested again.
"""
from __future__ import annotations

import re
import time
from collections import deque
from pathlib import PurePosixPath
from urllib.parse import parse_qsl, unquote, urlsplit

from budgetpdf.scraper.config import Site
from budgetpdf.scraper.fetch import Fetcher, Response, disposition_name
from budgetpdf.scraper.ingest import Ingest, published_name
from budgetpdf.scraper.parse import Link, decode_html, extract_links, script_pages
from budgetpdf.scraper.store import now

PDF_MAGIC = b"%PDF-"
# failures that a later run may cure; the rest (4xx, not_pdf, too_large …) are final
TRANSIENT = {"timeout", "total_timeout", "run_timeout", "connect", "http_5xx", None}


def url_exts(url: str) -> list[str]:
    """Extension of the path, then of query values (downfile.jsp?filename=2403.pdf)."""
    parts = urlsplit(url)
    exts = [PurePosixPath(unquote(parts.path)).suffix]
    exts += [PurePosixPath(v).suffix for _, v in parse_qsl(parts.query)]
    return [e.lower().lstrip(".") for e in exts if e]


def text_ext(text: str) -> str:
    m = re.search(r"\.([A-Za-z0-9]{2,5})\s*$", text or "")
    return m.group(1).lower() if m else ""


class RunTimeout(Exception):
    pass


class SiteCrawler:
    def __init__(self, site: Site, fetcher: Fetcher, ingest: Ingest, deadline: float,
                 retry_errors: bool = False):
        self.site, self.fetcher, self.ingest = site, fetcher, ingest
        self.db, self.store, self.summary = ingest.db, ingest.store, ingest.summary
        self.deadline = deadline
        self.retry_errors = retry_errors
        self.done: set[str] = set()

    def check_time(self) -> None:
        if time.monotonic() >= self.deadline:
            raise RunTimeout()

    # -- classification -----------------------------------------------------
    def attachment_kind(self, link: Link) -> str | None:
        a = self.site.attachments
        for ext in url_exts(link.url):
            if ext in a.extensions:
                return "attachment"
            if ext in a.record_only:
                return "record_only"
        if (a.url_pattern and re.search(a.url_pattern, link.url)) or \
                (a.text_pattern and re.search(a.text_pattern, link.text)):
            return "record_only" if text_ext(link.text) in a.record_only else "attachment"
        return None

    def is_detail(self, link: Link) -> bool:
        d = self.site.detail
        if not (d.url_pattern or d.text_pattern):
            return False
        return ((not d.url_pattern or re.search(d.url_pattern, link.url) is not None)
                and (not d.text_pattern or re.search(d.text_pattern, link.text) is not None)
                and not (d.exclude_pattern and re.search(d.exclude_pattern, link.url)))

    def is_next_page(self, link: Link) -> bool:
        p = self.site.pagination
        return p.style == "links" and bool(
            (p.url_pattern and re.search(p.url_pattern, link.url))
            or (p.text_pattern and re.search(p.text_pattern, link.text)))

    # -- crawl --------------------------------------------------------------
    def run(self) -> None:
        details: dict[str, tuple[str, str]] = {}  # url → (referrer, link text), in order
        for start in self.site.start_urls:
            self.crawl_listing(start, details)
        for url, (referrer, text) in details.items():
            self.check_time()
            page = self.fetch_page(url, "detail", referrer, text)
            if page is None:
                continue
            for link in extract_links(*page):
                if self.attachment_kind(link):
                    self.attachment(link, url, fallback_text=text)

    def crawl_listing(self, start: str, details: dict) -> None:
        queue, seen = deque([(start, None)]), {start}
        while queue and len(seen) - len(queue) < self.site.max_pages:
            self.check_time()
            url, referrer = queue.popleft()
            page = self.fetch_page(url, "listing", referrer, None)
            if page is None:
                continue
            html, page_url = page
            more = []
            if self.site.pagination.style == "script":
                p = self.site.pagination
                more = script_pages(html, page_url, p.pattern, p.template, self.site.max_pages)
            for link in extract_links(html, page_url):
                if self.is_next_page(link):
                    more.append(link.url)
                elif self.attachment_kind(link):
                    self.attachment(link, url)
                elif self.is_detail(link):
                    if self.site.host_allowed(link.url):
                        details.setdefault(link.url, (url, link.text))
                    else:
                        self.summary.skip("off_host")
            for page in more:
                if page not in seen and self.site.host_allowed(page):
                    seen.add(page)
                    queue.append((page, url))

    def fetch_page(self, url: str, kind: str, referrer: str | None, text: str | None):
        """(page text, URL it came from), re-read from the raw store on a 304; None on failure."""
        if url in self.done:
            return None
        prev = self.db.url(url)
        if prev and prev["kind"] == "attachment":  # a page link that served a PDF last time
            self.attachment(Link(url, text or ""), referrer or url)
            return None
        self.done.add(url)
        cached = prev and prev["sha256"] and self.db.file(prev["sha256"])
        if cached and not self.store.path(cached["path"]).exists():
            cached = None  # the stored copy is gone: ask unconditionally
        resp = self.fetcher.get(url, prev["etag"] if cached else None,
                                prev["last_modified"] if cached else None)
        base = dict(site=self.site.name, kind=kind, referrer=referrer, link_text=text, run_id=self.ingest.run_id)
        if not resp.ok:
            self.record_failure(url, resp, base)
            return None
        if resp.not_modified and cached:
            self.summary.not_modified += 1
            self.db.upsert_url(url, **base, fetched_at=now(), http_status=304, outcome="not_modified",
                               error_kind=None, error=None)
            body, ctype = self.store.path(cached["path"]).read_bytes(), prev["content_type"]
            final = prev["final_url"] or url
        elif resp.status == 200:
            if resp.head.lstrip().startswith(PDF_MAGIC):  # a "page" that is really the document
                self.attachment_response(url, resp, base, text or "", None)
                return None
            self.summary.pages_fetched += 1
            body, ctype, final = resp.read(), resp.headers.get("content-type"), resp.final_url
            rel = self.store.rel_path(resp.sha256, "html")
            self.db.add_file(resp.sha256, "html", resp.size, rel, url)
            self.store.put(resp.path, resp.sha256, "html")
            self.db.upsert_url(url, **base, **self.response_fields(resp), outcome="fetched",
                               error_kind=None, error=None)
        else:
            self.record_failure(url, resp, base, kind_override=f"http_{resp.status}")
            return None
        return decode_html(body, ctype, self.site.encoding)[0], final

    # -- attachments ----------------------------------------------------------
    def attachment(self, link: Link, referrer: str, fallback_text: str | None = None) -> None:
        url = link.url
        if url in self.done:
            return
        self.done.add(url)
        kind = self.attachment_kind(link) or "attachment"
        dept, year = self.ingest.hints(self.site, link.text, fallback_text)
        base = dict(site=self.site.name, kind=kind, referrer=referrer, link_text=link.text,
                    department_hint=dept, year_hint=year, run_id=self.ingest.run_id)
        if kind == "record_only":  # noted for analysts, never fetched or parsed
            self.db.upsert_url(url, **base, outcome="skipped", error_kind=None, error=None)
            self.summary.skip("record_only")
            return
        if not self.site.host_allowed(url):
            self.db.upsert_url(url, **base, outcome="skipped", error_kind="off_host", error="host not allowed")
            self.summary.skip("off_host")
            return
        prev = self.db.url(url)
        stored = prev and prev["sha256"] and self.db.file(prev["sha256"])
        if prev and not self.site.attachments.refetch and (
                stored or (prev["error_kind"] not in TRANSIENT and not self.retry_errors)):
            self.summary.known += 1  # done before (or failed for good): no request
            self.db.upsert_url(url, **{k: base[k] for k in ("referrer", "link_text", "run_id")})
            return
        self.check_time()
        cond = stored and self.site.attachments.refetch
        resp = self.fetcher.get(url, prev["etag"] if cond else None, prev["last_modified"] if cond else None)
        if not resp.ok:
            self.record_failure(url, resp, base)
        elif resp.not_modified and stored:
            self.summary.not_modified += 1
            self.db.upsert_url(url, **base, fetched_at=now(), http_status=304, outcome="not_modified")
        elif resp.status == 200:
            self.attachment_response(url, resp, base, link.text, fallback_text)
        else:
            self.record_failure(url, resp, base, kind_override=f"http_{resp.status}")

    def attachment_response(self, url: str, resp: Response, base: dict, text: str, fallback: str | None):
        self.summary.attachments_fetched += 1
        fields = self.response_fields(resp)
        if PDF_MAGIC not in resp.head:  # e.g. an HTML error page behind a .pdf link
            resp.discard()
            self.db.upsert_url(url, **base, **fields, outcome="error", error_kind="not_pdf",
                               error=f"not a PDF (Content-Type {resp.headers.get('content-type', '?')})")
            self.summary.error("not_pdf")
            return
        base = {**base, "kind": "attachment"}
        if "department_hint" not in base:
            base["department_hint"], base["year_hint"] = self.ingest.hints(self.site, text, fallback)
        self.db.upsert_url(url, **base, **fields, outcome="fetched", error_kind=None, error=None)
        name = published_name(url, fields["disposition_name"])
        self.ingest.add_pdf(resp, url, name, base["department_hint"], base["year_hint"])

    # -- records ------------------------------------------------------------
    @staticmethod
    def response_fields(resp: Response) -> dict:
        h = resp.headers
        return dict(fetched_at=now(), http_status=resp.status, final_url=resp.final_url,
                    etag=h.get("etag"), last_modified=h.get("last-modified"),
                    content_type=h.get("content-type"), sha256=resp.sha256, bytes=resp.size,
                    disposition_name=disposition_name(h.get("content-disposition")))

    def record_failure(self, url: str, resp: Response, base: dict, kind_override: str | None = None):
        kind = kind_override or resp.error_kind
        outcome = "skipped" if kind in ("robots", "off_host") else "error"
        if outcome == "skipped":
            self.summary.skip(kind)
        else:
            self.summary.error(kind)
        self.db.upsert_url(url, **base, fetched_at=now(), http_status=resp.status, final_url=resp.final_url,
                           outcome=outcome, error_kind=kind, error=resp.error or kind)
