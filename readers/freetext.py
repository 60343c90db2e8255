"""Indicators written as running text: in one cell beside their level name, or
as a paragraph of their own.

Older department templates print no indicator grid: a row holds "产出指标" and a
cell of text listing the indicators, either numbered ("指标1部门重点支出占比是15%:
指标2…", "指标1(经济效益):预计收费4000元") or under level-2 names ("质量指标:…
时效指标:…").  Each item is one indicator; its name and value are told apart by a
bracketed label, a "是/为" before the value, or the number the value starts with.

Whole documents write a project's targets as one paragraph per level
(`level_paragraph`): "（1）产出指标。数量指标：A不少于20个；B不少于8个。质量指标：
C100%。" — items separated by "；"/"。", each a name and the value it ends with
(`name_value`: a comparison, a number after the name's noun, or a trend such as
"持续提升").
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from budgetpdf.normalize.levels import canonical_level2, is_level1, is_level2
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


# where a value starts: a comparison ("不少于20个", "≥90%"), else a number right
# after the noun a name ends with ("合格率100%", "完成时间2023年11月30日前"), else a
# trend the item ends with ("持续提升")
_COMPARE = regex.compile(r"[≥≤<>＞＜=≧≦]|不少于|不低于|不超过|不高于|不大于|不小于|大于|小于|低于|高于|超过|达到|控制在")
_NOUN = r"(?:率|数量|次数|人数|户数|个数|数|时间|时限|周期|期限|费用|成本|金额|标准|面积|长度|规模|度|水平)"
_NOUN_NUMBER = regex.compile(_NOUN + r"(?=\d)")
_TREND = regex.compile(r"(?:持续|明显|有效|显著|进一步|逐步|稳步|不断|大幅)(?:提升|提高|改善|增强|加强|降低|减少|下降|优化|增长)$")
_NOUNS = regex.compile(_NOUN)


_STARS = regex.compile(r"^[★☆*＊]+")  # key-indicator marks before a name


def _inside_brackets(text: str, i: int) -> bool:
    """Position i is inside a bracket: a placeholder of the name ("(≥**%)")."""
    before = text[:i]
    return before.count("(") + before.count("（") > before.count(")") + before.count("）")


def name_value(item: str) -> tuple[str, str] | None:
    """An item's name and value, or None when no value can be told apart."""
    item = _tidy(_STARS.sub("", item))
    m = next((x for x in _COMPARE.finditer(item) if not _inside_brackets(item, x.start())), None)
    cut = m.start() if m and m.start() >= 2 else None
    if cut is None:
        m = _NOUN_NUMBER.search(item)
        cut = m.end() if m and m.end() >= 2 else None
    if cut is None:
        m = _TREND.search(item)
        cut = m.start() if m and m.start() >= 2 else None
    if cut is None:
        return None
    nouns = list(_NOUNS.finditer(item[:cut]))
    if nouns and nouns[-1].end() >= 2 and regex.fullmatch(r"\p{Han}{1,4}", item[nouns[-1].end():cut]):
        cut = nouns[-1].end()  # "到账时间" + "审批后不超过…": words after the name's noun are the value's
    name, value = _tidy(item[:cut]), _tidy(item[cut:])
    return (name, value) if name and value else None


_LEVEL_HEAD = regex.compile(r"^\s*(?:[(（]\d{1,2}[)）]|\d{1,2}\s*[、.．])?\s*(\p{Han}{2,8}指标)\s*[。:：，,]\s*")


# a level-2 label in running text: "数量指标：", "社会效益目标：" (指标 written 目标), or a
# standard level-2 name followed by a comma ("可持续影响指标，持续发展")
_PROSE_LEVEL2 = regex.compile(r"(\p{Han}{2,10})(指标|目标)\s*([:：]|[,，](?=\p{Han}))")
# items run on after a value with a comma: "…≥80万元，促使…"
_AFTER_VALUE = regex.compile(r"(?<=\d\s*(?:%|[\p{Han}/A-Za-z]{1,4})?)[,，](?=[★*\p{Han}])")


def _level2_marks(text: str) -> list[tuple[str, int, int]]:
    """(level-2 name, start, end) of the level-2 labels of a paragraph of targets."""
    out = []
    for x in _PROSE_LEVEL2.finditer(text):
        name = x.group(1) + "指标"
        known = is_level(name, known=True)
        if (x.group(2) == "指标" and x.group(3) in ":：" and is_level(name)) or known:
            out.append((canonical_level2(name), x.start(), x.end()))
    return out


def starts_level2(text: str) -> bool:
    """A paragraph that opens with a level-2 label ("数量指标：…")."""
    marks = _level2_marks(text or "")
    return bool(marks) and marks[0][1] == 0


def level_paragraph(text: str) -> tuple[str, list[Item]] | None:
    """A paragraph of one level's targets: its level-1 name and its items."""
    m = _LEVEL_HEAD.match(text or "")
    if not m or not is_level1(m.group(1)):
        return None
    rest = text[m.end():]
    marks = _level2_marks(rest)
    if marks and marks[0][1] > 0:
        marks = []  # a label inside the text, not the head of it: items under the level
    chunks = [(x[0], rest[x[2]: nxt[1] if nxt else len(rest)])
              for x, nxt in zip(marks, marks[1:] + [None])] if marks else [(None, rest)]
    items = []
    for level2, chunk in chunks:
        for part in regex.split(r"[；;。]", _AFTER_VALUE.sub("；", chunk)):
            part = _tidy(part)
            if not part:
                continue
            nv = name_value(part)
            items.append(Item(level2, nv[0], nv[1]) if nv else Item(level2, part, None))
    return (m.group(1), items) if items else None
