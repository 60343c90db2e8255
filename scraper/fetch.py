"""Polite, defensive HTTP: one `Fetcher` per site.

httpx has per-operation timeouts only, so each request runs on a private
asyncio loop under `asyncio.wait_for`: the deadline covers connecting,
headers and a body dripped one byte at a time.  Redirects are followed by
hand so that every hop is checked against the allowed hosts and robots.txt.
Bodies are streamed to a temporary file (never named by the server) with
the size cap enforced while reading.
"""
from __future__ import annotations

import asyncio
import hashlib
import os
import re
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from budgetpdf.scraper.config import Site
from budgetpdf.scraper.parse import clean_url

RETRY_KINDS = {"timeout", "connect", "http_5xx"}


@dataclass
class Response:
    url: str
    final_url: str
    status: int | None = None
    headers: dict = field(default_factory=dict)
    path: Path | None = None          # temporary file holding the body (status 200 only)
    sha256: str | None = None
    size: int = 0
    head: bytes = b""                 # first bytes, for sniffing
    error_kind: str | None = None     # None when the fetch worked (200 or 304)
    error: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def ok(self) -> bool:
        return self.error_kind is None

    def read(self) -> bytes:
        return self.path.read_bytes() if self.path else b""

    def discard(self) -> None:
        if self.path and self.path.exists():
            self.path.unlink()
        self.path = None


def disposition_name(value: str | None) -> str | None:
    """File name from Content-Disposition, for the record only: never a path on disk."""
    if not value:
        return None
    m = re.search(r"filename\*\s*=\s*[^']*'[^']*'([^;]+)", value) or re.search(
        r'filename\s*=\s*"?([^";]+)"?', value)
    if not m:
        return None
    from urllib.parse import unquote
    name = unquote(m.group(1)).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip(" .")
    return name[:200] or None


class Fetcher:
    def __init__(self, site: Site, tmp_dir: Path, deadline: float, last_hit: dict | None = None):
        self.site = site
        self.tmp_dir = Path(tmp_dir)
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        self.deadline = deadline          # time.monotonic() value the whole run must end by
        self.last_hit = last_hit if last_hit is not None else {}
        self.robots: dict[str, RobotFileParser] = {}
        self.robots_problem: dict[str, str] = {}  # root → why its robots.txt was unreachable
        self.loop = asyncio.new_event_loop()
        self.client = httpx.AsyncClient(follow_redirects=False, headers={
            "User-Agent": site.user_agent, "Accept-Language": "zh-CN,zh;q=0.9"})

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()

    # -- public -------------------------------------------------------------
    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET with redirects, robots, retries; conditional when etag/last_modified are given."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _hop in range(self.site.max_redirects + 1):
            if not self.site.host_allowed(current):
                kind = "off_host" if current == url else "redirect_off_host"
                return Response(url, current, error_kind=kind, error=f"host not allowed: {current}")
            if self.site.respect_robots and not self.allowed_by_robots(current):
                problem = self.robots_problem.get(_root(current))
                if problem:  # RFC 9309: an unreachable robots.txt means "disallow all"
                    return Response(url, current, error_kind="robots_unreachable",
                                    error=f"robots.txt unreachable: {problem}")
                return Response(url, current, error_kind="robots", error="disallowed by robots.txt")
            resp = self.get_with_retries(url, current, headers)
            location = resp.headers.get("location")
            if resp.status in (301, 302, 303, 307, 308) and location:
                current = clean_url(urljoin(current, location))
                continue
            return resp
        return Response(url, current, error_kind="too_many_redirects", error="redirect loop")

    def allowed_by_robots(self, url: str) -> bool:
        key = _root(url)
        if key not in self.robots:
            self.robots[key] = self._load_robots(key)
        return self.robots[key].can_fetch(self.site.user_agent, url)

    # -- internals ----------------------------------------------------------
    def _load_robots(self, root: str) -> RobotFileParser:
        rp = RobotFileParser(root + "/robots.txt")
        resp = self.get_with_retries(rp.url, rp.url, {}, max_bytes=512 * 1024)
        for _ in range(self.site.max_redirects):  # robots.txt may redirect, within allowed hosts
            location = resp.headers.get("location")
            if resp.status not in (301, 302, 303, 307, 308) or not location:
                break
            target = clean_url(urljoin(resp.final_url, location))
            if not self.site.host_allowed(target):
                break
            resp = self.get_with_retries(rp.url, target, {}, max_bytes=512 * 1024)
        if resp.status == 200:
            rp.parse(resp.read().decode("utf-8", "replace").splitlines())
            rp.modified()
        elif resp.status is not None and 400 <= resp.status < 500:
            rp.allow_all = True       # RFC 9309: no robots.txt → no restrictions
        else:
            rp.disallow_all = True    # unreachable (5xx, timeout): assume complete disallow
            self.robots_problem[root] = resp.error or f"HTTP {resp.status}"
        resp.discard()
        return rp

    def get_with_retries(self, url: str, current: str, headers: dict, max_bytes: int | None = None) -> Response:
        attempt = 0
        while True:
            resp = self._fetch_once(url, current, headers, max_bytes or self.site.max_bytes)
            if resp.error_kind not in RETRY_KINDS or attempt >= self.site.retries:
                return resp
            wait = self.site.backoff * (2 ** attempt)
            if time.monotonic() + wait >= self.deadline:
                return resp
            time.sleep(wait)
            attempt += 1

    def _polite_wait(self, host: str) -> None:
        wait = self.last_hit.get(host, -1e9) + self.site.delay - time.monotonic()
        if wait > 0:
            time.sleep(min(wait, max(0.0, self.deadline - time.monotonic())))
        self.last_hit[host] = time.monotonic()

    def _fetch_once(self, url: str, current: str, headers: dict, max_bytes: int) -> Response:
        host = urlsplit(current).netloc
        self._polite_wait(host)
        try:
            return self._fetch_timed(url, current, headers, max_bytes)
        finally:  # the delay counts from the end of a response: slow hosts get more rest
            self.last_hit[host] = time.monotonic()

    def _fetch_timed(self, url: str, current: str, headers: dict, max_bytes: int) -> Response:
        budget = min(self.site.total_timeout, self.deadline - time.monotonic())
        resp = Response(url, current)
        if budget <= 0:
            resp.error_kind, resp.error = "run_timeout", "run time limit reached"
            return resp
        tmp = self.tmp_dir / f"{uuid.uuid4().hex}.part"
        try:
            self.loop.run_until_complete(asyncio.wait_for(
                self._stream(current, headers, max_bytes, tmp, resp), budget))
        except asyncio.TimeoutError:
            kind = "total_timeout" if budget >= self.site.total_timeout else "run_timeout"
            resp.error_kind, resp.error = kind, f"no complete response within {budget:.1f}s"
        except httpx.TimeoutException as e:
            resp.error_kind, resp.error = "timeout", f"{type(e).__name__}"
        except httpx.HTTPError as e:  # connection refused, reset, protocol errors
            resp.error_kind, resp.error = "connect", f"{type(e).__name__}: {e}"[:300]
        except _TooLarge as e:
            resp.error_kind, resp.error = "too_large", str(e)
        if resp.error_kind or resp.status != 200:
            tmp.unlink(missing_ok=True)
            resp.path = None
        return resp

    async def _stream(self, url: str, headers: dict, max_bytes: int, tmp: Path, resp: Response) -> None:
        timeout = httpx.Timeout(self.site.timeout)
        async with self.client.stream("GET", url, headers=headers, timeout=timeout) as r:
            resp.status = r.status_code
            resp.headers = {k.lower(): v for k, v in r.headers.items()}
            if r.status_code >= 500:
                resp.error_kind, resp.error = "http_5xx", f"HTTP {r.status_code}"
            elif r.status_code >= 400:
                resp.error_kind, resp.error = f"http_{r.status_code}", f"HTTP {r.status_code}"
            if r.status_code != 200:
                return
            declared = r.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise _TooLarge(f"Content-Length {declared} > cap {max_bytes}")
            h = hashlib.sha256()
            with open(tmp, "wb") as fh:
                async for chunk in r.aiter_bytes():
                    resp.size += len(chunk)
                    if resp.size > max_bytes:
                        fh.close()
                        tmp.unlink(missing_ok=True)
                        raise _TooLarge(f"more than {max_bytes} bytes")
                    if len(resp.head) < 1024:
                        resp.head += chunk[:1024 - len(resp.head)]
                    h.update(chunk)
                    fh.write(chunk)
            resp.path, resp.sha256 = tmp, h.hexdigest()


def _root(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class _TooLarge(Exception):
    pass


def cleanup_tmp(tmp_dir: Path) -> None:
    """Leftovers of a killed run."""
    for p in Path(tmp_dir).glob("*.part"):
        try:
            os.unlink(p)
        except OSError:
            pass
