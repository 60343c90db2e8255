"""Indicators written as running text in one cell beside their level name.

Older department templates print no indicator grid: a row holds "产出指标" and a
cell of text listing the indicators, either numbered ("指标1部门重点支出占比是15%:
指标2…", "指标1(经济效益):预计收费4000元") or under level-2 names ("质量指标:…
时效指标:…").  Each item is one indicator; its name and value are told apart by a
bracketed label, a "是/为" before the value, or the number the value starts with.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from budgetpdf.normalize.levels import canonical_level2, is_level2
from budgetpdf.readers.cells import is_level

_NUMBERED = regex.compile(r"指标\s*\d{1,2}\s*[:：]?")
_LEVEL2_LABEL = regex.compile(r"(\p{Han}{2,10}指标)\s*[:：]")
_BRACKET = regex.compile(r"^[(（]([^()（）]{2,30})[)）]\s*[:：]?\s*")
_IS = regex.compile(r"^(.{2,40}?)(?:是|为|达到|达)(?=[\d≥≤<>＞＜约不])")
# the value is the number (with its short unit) the item ends with; years inside the
# name stay there ("三公经费2017年比2016年增加公务接待费990元")
_AT_NUMBER = regex.compile(r"^(.{2,60}[^\d.,≥≤<>＞＜])(?=[≥≤<>＞＜]?\d[\d,.]*%?[\p{Han}/A-Za-z]{0,4}$)")


@dataclass
class Item:
    level2: str | None
    name: str
    annual: str | None


def _tidy(text: str) -> str:
    """Separators between items and a closing "……" go; a value's own full stop stays."""
    text = regex.sub(r"[:：;；,，]?\s*[…]+\s*$|[:：;；,，]?\s*\.{3,}\s*$", "", text.strip())
    return text.strip(":：;；,，").strip()


def _split_item(text: str) -> Item | None:
    text = _tidy(text)
    if not text or regex.fullmatch(r"[…\.。·]+", text):
        return None
    m = _BRACKET.match(text)
    if m:
        label, value = m.group(1), _tidy(text[m.end():])
        stem = label + "指标"
        level2 = canonical_level2(stem) if is_level2(stem) else None
        return Item(level2, label, value or None)
    m = _IS.match(text) or _AT_NUMBER.match(text)
    if m:
        return Item(None, _tidy(m.group(1)), _tidy(text[m.end():]) or None)
    return Item(None, text, None)


def cell_indicators(text: str) -> list[Item]:
    """The indicators one free-text cell lists (none when it is not such a list)."""
    if len(_NUMBERED.findall(text or "")) >= 2:
        parts = _NUMBERED.split(text)[1:]
        return [it for it in (_split_item(p) for p in parts) if it is not None]
    labels = [m for m in _LEVEL2_LABEL.finditer(text or "") if is_level(m.group(1))]
    if labels and labels[0].start() == 0:
        out = []
        for m, nxt in zip(labels, labels[1:] + [None]):
            value = _tidy(text[m.end(): nxt.start() if nxt else len(text)])
            if value:
                level2 = canonical_level2(m.group(1))
                out.append(Item(level2, m.group(1), value))
        return out
    return []
