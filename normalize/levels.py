"""Indicator level names (一级 / 二级指标) in their standard form.

Level 1 is always written canonically (产出指标, 效益指标, 满意度指标, 成本指标;
another printed name is kept as printed).  Level 2 is written in its standard form
where it is a standard one: a stem gains its 指标 ("社会效益" -> "社会效益指标"),
annotations go ("数量指标(必填硬性指标)" -> "数量指标") and variants map ("数量值" ->
"数量指标"); the printed form stays in level2_raw.
"""
from __future__ import annotations

import re

from budgetpdf.normalize.text import clean

# canonical level 1 -> printed variants (compared after _key()).
LEVEL1: dict[str, tuple[str, ...]] = {
    "产出指标": ("产出指标", "产出", "产出值", "项目完成指标", "项目产出指标", "产出类指标", "预期产出指标"),
    "效益指标": ("效益指标", "效益", "效益值", "项目效益指标", "效益类指标"),
    "满意度指标": ("满意度指标", "满意度", "满意度值", "满意度类指标"),
    "成本指标": ("成本指标", "成本", "成本值", "项目成本指标"),
}
# (A level-2 name in a level-1 cell, e.g. 社会公众或服务对象满意度指标, maps to its
# parent through LEVEL2_PARENT in canonical_level1; is_level1 stays false for it.)
# Level-1 names of older frameworks, kept as printed.
OTHER_LEVEL1 = ("投入指标", "过程指标", "效果指标", "影响力指标", "决策指标", "投入", "过程", "效果")

# canonical level 2 -> variants that are rewritten to it.  A printed name equal
# to a canonical name or its stem without 指标 is kept as printed.
LEVEL2: dict[str, tuple[str, ...]] = {
    "数量指标": ("数量值", "数量类指标"),
    "质量指标": ("质量值", "质量类指标"),
    "时效指标": ("时效值", "时效类指标"),
    "成本指标": ("成本值", "成本类指标"),
    "经济成本指标": ("经济成本值",),
    "社会成本指标": ("社会成本值",),
    "生态环境成本指标": ("生态环境成本值",),
    "经济效益指标": ("经济效益值",),
    "社会效益指标": ("社会效益值",),
    "生态效益指标": ("生态效益值",),
    "可持续影响指标": ("可持续影响值", "可持续性影响指标", "可持续发展影响指标", "可持续性发展影响指标"),
    "服务对象满意度指标": ("服务对象满意度值", "社会公众或服务对象满意度指标",
                   "社会公众或服务对象满意度", "服务对象或受益者满意度指标", "受益对象满意度指标"),
}
# level 2 -> its level 1 (used when a table prints only level 2).
LEVEL2_PARENT: dict[str, str] = {
    "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标",
    "成本指标": "成本指标", "经济成本指标": "成本指标", "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标", "经济效益指标": "效益指标", "社会效益指标": "效益指标",
    "生态效益指标": "效益指标", "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
}

# "(必填)", "（必填硬性指标）", "(选填)", "【可选】" ...
_ANNOTATION = re.compile(r"[(（【\[][^()（）【】\[\]]*(?:必填|选填|可选|必选|硬性|非必|如有|自定)[^()（）【】\[\]]*[)）】\]]")
# numbering / codes before a name: "1-", "11-", "1、", "一、", "（一）", "1.", "*", "★"
_PREFIX = re.compile(r"^(?:[*★※]+|\d{1,3}\s*[-、.．)）]|[一二三四五六七八九十]{1,3}\s*[、.．]"
                     r"|[(（][一二三四五六七八九十\d]{1,3}[)）])\s*")


# a known name with what the template says it also covers, in brackets at its end
_ALTERNATIVE = re.compile(r"^(.+?)[(（][^()（）]*[)）]$")
# a score share printed with a level name in self-evaluation tables and scored
# templates: "产出指标（50分）", "成本指标(0-20)分", "效益指标 30分"
_SCORE_SHARE = re.compile(r"[(（]\s*[\d.]+(?:\s*[-~—]\s*[\d.]+)?\s*分?\s*[)）]\s*分?$|[\d.]+\s*分$")


def strip_score_share(text: str | None) -> str:
    """A level name without its score share ("产出指标（50分）" → "产出指标")."""
    return _SCORE_SHARE.sub("", (text or "").strip()).strip()


def _key(text: str | None) -> str:
    """Cleaned name without whitespace, annotations, score share, numbering or trailing colon."""
    s = re.sub(r"\s+", "", clean(text))
    s = strip_score_share(_ANNOTATION.sub("", s))
    prev = None
    while prev != s:
        prev, s = s, _PREFIX.sub("", s)
    s = s.rstrip(":：*.。,，、")  # a label's colon, or a speck OCR read as a dot
    m = _ALTERNATIVE.match(s)
    if m and _known(m.group(1)):  # "数量指标(或建筑规模指标)", "时效指标(工期指标)": a known name
        s = m.group(1)
    if s.endswith("指标等"):  # "服务对象满意度指标等": the template's own "and so on"
        s = s[:-1]
    single = re.sub(r"(.{2,4})\1", r"\1", s)  # a word printed twice: "社会效益效益指标"
    if single != s and _known(single):
        s = single
    # older templates name levels …目标 or …值 where current ones say …指标
    for end in ("目标", "值"):
        if s.endswith(end) and len(s) > len(end) + 1 and _known(s[: -len(end)] + "指标"):
            return s[: -len(end)] + "指标"
    return s


def _known(k: str) -> bool:
    return k in _L1_INDEX or k in _L2_INDEX or k in _L2_NAMES or k in OTHER_LEVEL1


_L1_INDEX = {v: canon for canon, vs in LEVEL1.items() for v in vs}
_L2_INDEX = {v: canon for canon, vs in LEVEL2.items() for v in vs}
_L2_NAMES = set(LEVEL2) | {c[:-2] for c in LEVEL2}


def is_level1(text: str | None) -> bool:
    """True for a level-1 name or variant ("产出指 标", "项目完成指标", "效果指标");
    false for ordinary indicator names ("项目完成率") and for level-2 names."""
    k = _key(text)
    return bool(k) and (k in _L1_INDEX or k in OTHER_LEVEL1)


def is_level2(text: str | None) -> bool:
    """True for a level-2 name or variant ("数量指标(必填硬性指标)", "社会效益", "数量值").
    成本指标 is both a level-1 and a level-2 name (old and new frameworks)."""
    k = _key(text)
    return bool(k) and (k in _L2_NAMES or k in _L2_INDEX)


def canonical_level1(text: str | None) -> str:
    """Standard level-1 name; a level-2 name maps to its parent; otherwise as printed."""
    k = _key(text)
    if k in _L1_INDEX:
        return _L1_INDEX[k]
    l2 = _L2_INDEX.get(k) or (k if k in LEVEL2 else (k + "指标" if k + "指标" in LEVEL2 else None))
    if l2:
        return LEVEL2_PARENT[l2]
    return k


def canonical_level2(text: str | None, level1: str | None = None) -> str | None:
    """Level-2 name without annotations, variants mapped; None when empty.  A
    level-2 cell printing the level-1 name again (满意度指标 | 满意度指标) keeps it:
    a label merged over both columns never reaches here (see readers.walk)."""
    k = _key(text)
    if not k:
        return None
    if k in _L2_INDEX:
        return _L2_INDEX[k]
    if k in _L2_NAMES and k not in LEVEL2:  # a stem (社会效益): the standard name
        return k + "指标"
    return k


def level_of(text: str | None, level1: str | None = None, next_text: str | None = None) -> int | None:
    """1 or 2 for a hierarchy row of an outline table, None for an ordinary name.

    成本指标 is level 1 in the current framework (with 经济/社会/生态环境成本指标
    under it) and level 2 under 产出指标 in the older one: it is level 1 when the
    next row is one of its own level-2 names, level 2 when the current level 1 is
    产出指标, else level 1.
    """
    one, two = is_level1(text), is_level2(text)
    if one != two:
        return 1 if one else 2
    if not one:
        return None
    if is_level2(next_text) and canonical_level1(next_text) == canonical_level1(text) \
            and _key(next_text) != _key(text):
        return 1  # 成本指标 followed by 经济成本指标: its own level 2 below it
    return 2 if level1 and canonical_level1(level1) == "产出指标" else 1
