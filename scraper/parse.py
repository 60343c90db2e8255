"""HTML → text and links, standard library only.

Government sites serve GBK/GB2312 with or without a charset header, so bytes
are decoded by header charset, then <meta charset>, then a UTF-8 / GB18030
sniff.  GB18030 is used for every GB* label because it is their superset.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "gb_2312-80", "hz-gb-2312"}


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _GB:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_from_header(content_type: str | None) -> str | None:
    m = _HEADER_CHARSET.search(content_type or "")
    return _codec(m.group(1)) if m else None


def decode_html(body: bytes, content_type: str | None = None, forced: str | None = None) -> tuple[str, str]:
    """Return (text, codec used)."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", "replace"), "utf-8"
    m = _META_CHARSET.search(body[:4096])
    for codec in (_codec(forced), charset_from_header(content_type), _codec(m and m.group(1).decode())):
        if codec:
            try:
                return body.decode(codec), codec
            except UnicodeDecodeError:
                continue  # the label lies: fall through to sniffing
    for codec in ("utf-8", "gb18030"):
        try:
            return body.decode(codec), codec
        except UnicodeDecodeError:
            pass
    return body.decode("gb18030", "replace"), "gb18030"


@dataclass(frozen=True)
class Link:
    url: str
    text: str


def clean_url(url: str) -> str:
    """Drop the fragment; keep everything else as the site wrote it."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


class _LinkParser(HTMLParser):
    def __init__(self, base_url: str):
        super().__init__(convert_charrefs=True)
        self.base = base_url
        self.links: list[Link] = []
        self._open: list[tuple[str, str, list[str]]] = []  # (href, title, text parts)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "base" and a.get("href"):
            self.base = urljoin(self.base, a["href"])
        elif tag == "a":
            self._close()
            if a.get("href"):
                self._open.append((a["href"], a.get("title") or "", []))

    def handle_data(self, data):
        if self._open:
            self._open[-1][2].append(data)
        elif self.lasttag == "script" and "<a" in data.lower():
            # CMSs that ship the list as markup inside a script (<script type="text/xml">
            # <record><![CDATA[<li><a …>]]>, document.write): parse that markup too
            inner = _LinkParser(self.base)
            inner.feed(data.replace("<![CDATA[", "").replace("]]>", ""))
            inner.close()
            inner._close()
            self.links.extend(inner.links)

    def handle_endtag(self, tag):
        if tag == "a":
            self._close()

    def _close(self):
        while self._open:
            href, title, parts = self._open.pop()
            href = href.strip()
            if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
                continue
            text = " ".join("".join(parts).split()) or " ".join(title.split())
            url = urljoin(self.base, href)
            if urlsplit(url).scheme in ("http", "https"):
                self.links.append(Link(clean_url(url), text))


def extract_links(html: str, base_url: str) -> list[Link]:
    """Every <a href> on the page as an absolute URL with its visible text (or title)."""
    p = _LinkParser(base_url)
    try:
        p.feed(html)
        p.close()
    except Exception:  # html.parser is lenient, but a hostile page must not stop the run
        pass
    p._close()
    # the same URL under two texts ("2", "下一页") stays twice: either text may be the one that matches
    return list(dict.fromkeys(p.links))


def script_pages(html: str, listing_url: str, pattern: str, template: str, limit: int) -> list[str]:
    """Pages named only in an inline script, e.g. createPageHTML(12, 0, "index", "html")."""
    m = re.search(pattern, html)
    if not m:
        return []
    g = m.groupdict()
    count = int(g.get("count") or 1)
    path = urlsplit(listing_url).path
    stem = path.rsplit("/", 1)[-1]
    name = g.get("name") or (stem.rsplit(".", 1)[0] if "." in stem else "index")
    ext = g.get("ext") or (stem.rsplit(".", 1)[1] if "." in stem else "html")
    pages = []
    for n in range(1, min(count, limit)):
        pages.append(clean_url(urljoin(listing_url, template.format(name=name, ext=ext, n=n, page=n + 1))))
    return pages
