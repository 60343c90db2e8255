"""Indicators written as numbered text in one cell (project-list family).

Two variants are published:
  colon: "1、产出指标：NAME，年度指标值：≥8。2、…"
  coded: "1、1-产出指标；11-数量指标；NAME；实施周期指标值:100%；年度指标值:100%。"
Every numbered item is one indicator.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

_ITEM_NO = regex.compile(r"(?<![\d.])(\d{1,2})(?:、|[.．](?!\d))")
_CODE = regex.compile(r"^\d{1,3}\s*[-－—]\s*")
_PERIOD = regex.compile(r"[，,；;]?\s*实施周期指标值\s*[:：]")
_ANNUAL = regex.compile(r"[，,；;]?\s*(?:年度|当年度)指标值\s*[:：]")


@dataclass
class Item:
    level1: str
    level2: str | None
    name: str
    period: str | None
    annual: str | None


def split_items(text: str) -> list[str]:
    """Split at '1、', '2、' … in sequence (numbers inside names are left alone)."""
    cuts, expect = [], 1
    for m in _ITEM_NO.finditer(text):
        if int(m.group(1)) == expect:
            cuts.append((m.start(), m.end()))
            expect += 1
    items = []
    for i, (start, end) in enumerate(cuts):
        stop = cuts[i + 1][0] if i + 1 < len(cuts) else len(text)
        items.append(text[end:stop].strip())
    return [s for s in items if s]


def _tidy(value: str | None) -> str | None:
    if value is None:
        return None
    s = value.strip().rstrip("。；;，,").strip()
    return s or None


def parse_item(item: str) -> Item | None:
    item = item.strip()
    annual = period = None
    m = None
    for m in _ANNUAL.finditer(item):
        pass
    head = item
    if m is not None:
        annual = item[m.end():]
        head = item[:m.start()]
        # a note after the value's full stop is not the value: "100%。（…为平均值。）"
        annual = regex.split(r"。", annual, maxsplit=1)[0]
    mp = None
    for mp in _PERIOD.finditer(head):
        pass
    if mp is not None:
        period = head[mp.end():]
        head = head[:mp.start()]
    parts = [p.strip() for p in regex.split(r"[；;]", head) if p.strip()]
    if len(parts) >= 2 and _CODE.match(parts[0]):  # coded variant
        level1 = _CODE.sub("", parts[0])
        level2 = _CODE.sub("", parts[1]) if len(parts) >= 3 and _CODE.match(parts[1]) else None
        name = "；".join(parts[2:] if level2 is not None else parts[1:])
    else:  # colon variant
        lv, sep, name = head.partition("：")
        if not sep:
            lv, sep, name = head.partition(":")
        if not sep:
            return None
        level1, level2 = lv.strip(), None
        name = name.strip().rstrip("，,")
    if not name:
        return None
    return Item(level1.strip(), level2, name.strip(), _tidy(period), _tidy(annual))


def parse_numbered(text: str) -> list[Item]:
    return [it for it in (parse_item(s) for s in split_items(text or "")) if it is not None]
