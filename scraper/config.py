"""sites.toml → typed, validated site descriptions.

Every selector is a regular expression or a small style name, so a new CMS is
added by configuration alone (docs/scraper.md documents every key).
A `[defaults]` table supplies values that each `[[site]]` may override.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

USER_AGENT = "budgetpdf-scraper/0.1 (+budget-performance table collector; robots.txt respected)"
# "a very common government CMS": createPageHTML(<count>, <current>, "<name>", "<ext>")
CREATE_PAGE_HTML = (r'createPageHTML\(\s*(?P<count>\d+)\s*,\s*(?P<current>\d+)\s*,\s*'
                    r'["\'](?P<name>[^"\']+)["\']\s*,\s*["\'](?P<ext>[^"\']+)["\']')
NEXT_TEXT = r"^\s*(下一页|下页|后页|next\b|>\s*$|»)"


class ConfigError(ValueError):
    """sites.toml is wrong; the message names the site and key."""


@dataclass
class Pagination:
    style: str = "none"               # none | script | links
    pattern: str = CREATE_PAGE_HTML   # script: regex with count (and optional name, ext)
    template: str = "{name}_{n}.{ext}"  # script: page n (1 … count-1), relative to the listing
    url_pattern: str | None = None    # links: follow links whose URL matches
    text_pattern: str | None = None   # links: follow links whose text matches (下一页)


@dataclass
class Detail:
    url_pattern: str | None = None    # links on a listing page that are detail pages
    text_pattern: str | None = None   # … and whose link text matches (both must match)
    exclude_pattern: str | None = None


@dataclass
class Attachments:
    extensions: list[str] = field(default_factory=lambda: ["pdf"])
    record_only: list[str] = field(default_factory=lambda: ["xls", "xlsx", "doc", "docx", "wps", "et"])
    url_pattern: str | None = None    # extension-less download links (download.jsp?id=…)
    text_pattern: str | None = None   # … or links whose text matches (e.g. "\\.pdf$")
    refetch: bool = False             # re-ask known attachment URLs with a conditional GET


@dataclass
class Hints:
    department: str | None = None     # regex with a (?P<department>…) group, on link text
    year: str | None = r"(?P<year>20\d{2})\s*年"


@dataclass
class Site:
    name: str
    start_urls: list[str]
    allowed_hosts: list[str] = field(default_factory=list)
    delay: float = 1.0                # seconds between requests to one host
    timeout: float = 20.0             # connect / read timeout
    total_timeout: float = 120.0      # a whole response, however slowly it drips
    retries: int = 3                  # on 5xx, timeouts and connection errors
    backoff: float = 1.0              # first retry wait; doubles each time
    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 200              # listing pages per start URL
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    respect_robots: bool = True
    encoding: str | None = None       # force a page encoding when a site lies about it
    pagination: Pagination = field(default_factory=Pagination)
    detail: Detail = field(default_factory=Detail)
    attachments: Attachments = field(default_factory=Attachments)
    hints: Hints = field(default_factory=Hints)

    def host_allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        host, netloc = parts.hostname.lower(), parts.netloc.lower().rsplit("@", 1)[-1]
        for pat in self.allowed_hosts:
            pat = pat.lower()
            if pat.startswith("*."):
                if host.endswith(pat[1:]):
                    return True
            elif pat == (netloc if ":" in pat else host):
                return True
        return False


@dataclass
class Config:
    sites: list[Site]
    max_run_seconds: float = 3600.0
    path: Path | None = None
    # per-document limits of the extraction (None: the batch defaults of Settings)
    document_seconds: float | None = None
    document_memory_mb: int | None = None


_NESTED = {"pagination": Pagination, "detail": Detail, "attachments": Attachments, "hints": Hints}
_REGEX_KEYS = ("pattern", "url_pattern", "text_pattern", "exclude_pattern", "department", "year")


def _build(cls, data: dict, where: str):
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")
    for key in _REGEX_KEYS:
        if isinstance(data.get(key), str):
            try:
                re.compile(data[key])
            except re.error as e:
                raise ConfigError(f"{where}.{key}: bad regular expression: {e}") from None
    try:
        return cls(**data)
    except TypeError as e:
        raise ConfigError(f"{where}: {e}") from None


def _merge(defaults: dict, site: dict) -> dict:
    out = {**defaults, **site}
    for key in _NESTED:
        if isinstance(defaults.get(key), dict) or isinstance(site.get(key), dict):
            out[key] = {**defaults.get(key, {}), **site.get(key, {})}
    return out


def site_from_dict(raw: dict, defaults: dict | None = None) -> Site:
    data = _merge(defaults or {}, raw)
    where = f"site {data.get('name', '?')!r}"
    for key in ("name", "start_urls"):
        if not data.get(key):
            raise ConfigError(f"{where}: '{key}' is required")
    if isinstance(data["start_urls"], str):
        data["start_urls"] = [data["start_urls"]]
    nested = {k: _build(cls, data.pop(k, {}) or {}, f"{where}.{k}") for k, cls in _NESTED.items()}
    site = _build(Site, data, where)
    for key, value in nested.items():
        setattr(site, key, value)
    if site.pagination.style not in ("none", "script", "links"):
        raise ConfigError(f"{where}.pagination.style: expected none, script or links")
    site.attachments.extensions = [e.lower().lstrip(".") for e in site.attachments.extensions]
    site.attachments.record_only = [e.lower().lstrip(".") for e in site.attachments.record_only]
    if not site.allowed_hosts:  # default: the hosts of the start URLs, nothing else
        site.allowed_hosts = sorted({urlsplit(u).hostname or "" for u in site.start_urls} - {""})
    for url in site.start_urls:
        if not site.host_allowed(url):
            raise ConfigError(f"{where}: start URL {url} is not on an allowed host")
    return site


def load_config(path) -> Config:
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: {e}") from None
    defaults = dict(raw.get("defaults", {}))
    max_run = float(defaults.pop("max_run_seconds", raw.get("max_run_seconds", 3600)))
    limits = {k: defaults.pop(k, raw.get(k)) for k in ("document_seconds", "document_memory_mb")}
    for key, value in limits.items():
        if value is not None and (not isinstance(value, (int, float)) or value <= 0):
            raise ConfigError(f"{path}: {key} must be a positive number")
    sites = [site_from_dict(s, defaults) for s in raw.get("site", [])]
    if not sites:
        raise ConfigError(f"{path}: no [[site]] entries")
    names = [s.name for s in sites]
    if len(set(names)) != len(names):
        raise ConfigError(f"{path}: site names must be unique")
    return Config(sites=sites, max_run_seconds=max_run, path=path,
                  document_seconds=limits["document_seconds"] and float(limits["document_seconds"]),
                  document_memory_mb=limits["document_memory_mb"] and int(limits["document_memory_mb"]))
