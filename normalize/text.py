"""Text cleaning shared by every source.  STUB: to be completed (see tests)."""
from __future__ import annotations

import unicodedata

import regex

_CJK = r"\p{Han}"
_SPACE_IN_CJK = regex.compile(rf"(?<=[{_CJK}\p{{P}}])\s+(?=[{_CJK}\p{{P}}])|(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")


def clean(text: str | None) -> str:
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", text)
    s = regex.sub(r"\s+", " ", s).strip()
    s = _SPACE_IN_CJK.sub("", s)
    return s


def join_lines(lines: list[str]) -> str:
    """Join lines wrapped inside one cell: nothing between CJK, one space between Latin words."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and regex.match(r"[A-Za-z0-9]", line[0]) and regex.search(r"[A-Za-z]$", out):
            out += " "
        out += line
    return out
