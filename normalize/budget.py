"""Vocabulary of the standard budget tables (九张表): kinds, titles, numbers, units,
stages, amounts and 科目编码.

Everything here works on one cleaned string at a time; the reader
(readers/budget_tables.py) decides where the strings come from.  The kind
patterns are the contract's (DATA_CONTRACT.md "budget_tables"), first match wins,
in the order the scorers use, so the same title always gets the same kind.
"""
from __future__ import annotations

import re

from budgetpdf.normalize.values import MONEY_UNITS, amount_parts, printed_decimals

from budgetpdf.normalize.text import clean

# canonical kind of a table from its title; first match wins (order matters:
# "一般公共预算基本支出表" is general_basic before general_expenditure)
KINDS = [
    ("three_public", r"三公"),
    ("fund", r"政府性基金"),
    ("state_capital", r"国有资本经营"),
    ("general_basic", r"基本支出"),
    ("fiscal_summary", r"财政拨款收(入)?支(出)?"),
    ("general_expenditure", r"一般公共预算"),
    ("project_expenditure", r"项目支出"),
    ("summary", r"收(入)?支(出)?(预算|决算)?(总|总体情况)表"),
    ("income", r"收入"),
    ("expenditure", r"支出"),
]
_KIND_RES = [(k, re.compile(p)) for k, p in KINDS]


def canonical_kind(title: str | None) -> str:
    for kind, pat in _KIND_RES:
        if pat.search(title or ""):
            return kind
    return "other"


# ---- amounts ------------------------------------------------------------------

DASHES = frozenset({"", "-", "--", "—", "——", "－", "/", "*", "…", "─"})
RATIO_COLUMN = re.compile(r"%|％|增减率|增长率|增幅|比率|占比|比重")  # a header of ratios, not money
PERCENT = re.compile(r"^[-−]?\d+(?:\.\d+)?%$")  # a ratio, never an amount


def is_amount(text: str) -> bool:
    return amount_value(text) is not None


def amount_value(text: str) -> float | None:
    """The number of an amount cell, None for a blank, a dash or text (the one
    amount grammar: normalize.values.amount_parts)."""
    parts = amount_parts(text)
    return None if parts is None else parts[0]


def cell_unit(text: str) -> str | None:
    """元 / 万元 printed after the number in the cell itself, else None."""
    parts = amount_parts(text)
    return parts[1] if parts is not None else None


decimals = printed_decimals  # an amount's rounding precision


UNIT_SCALE = MONEY_UNITS
# 单位：万元 / 金额单位：元 / (单位: 万元); never 单位名称：
_UNIT = re.compile(r"(?:金额|计量)?单位\s*[:：]?\s*[(（]?\s*(亿元|万元|千元|元)(?![\u4e00-\u9fff])")
_UNIT_PAREN = re.compile(r"[(（]\s*(亿元|万元|千元|元)\s*[)）]")


def unit_of(text: str) -> str | None:
    """元 / 万元 … stated by a line or a header cell, None when it states none."""
    m = _UNIT.search(text) or _UNIT_PAREN.search(text)
    return m.group(1) if m else None


def to_yuan(value: float, unit: str | None) -> float:
    return round(value * UNIT_SCALE.get(unit or "元", 1.0), 2)


# ---- titles -----------------------------------------------------------------

# a table number: 3, 2-1, 五, 十一, 二十 — Chinese numerals by their grammar, so that
# "表五一般公共预算…" (spaces dropped) is 表五 + 一般…, never 表五一 + 般…
_CN = r"(?:[一二三四五六七八九]?十(?:[一二三四五六七八九](?!般))?|[一二三四五六七八九〇零](?!般))"
_NUM = rf"(?:\d+|{_CN})(?:\s*[-－—之]\s*(?:\d+|{_CN}))?"
# a table number printed on its own line or before the title
NUMBER_ONLY = re.compile(rf"^(?:(?:附表|表|附件)\s*{_NUM}|(?:部门|单位)?(?:预算|决算)?公开\s*{_NUM}\s*表"
                         rf"|{_NUM}\s*[号]?表)$")
_LEAD_NUMBER = re.compile(rf"^(?:(?:附表|表)\s*{_NUM}|(?:部门|单位)?(?:预算|决算)?公开\s*{_NUM}\s*表"
                          rf"|\d{{1,2}}(?=\s*[、.．:：])|[一二三四五六七八九十]{{1,3}}(?=\s*、))\s*[、.．:：]?\s*")
_TAIL_NUMBER = re.compile(rf"\s*[(（]?\s*((?:附表|表)\s*{_NUM})\s*[)）]?$")
_LEAD_YEAR = re.compile(r"^\s*(?:19|20)\d{2}\s*年(?:度)?\s*")
# a qualifier after the title's 表: （不含上年结转）, （本年预算）, (二)
_QUALIFIER = re.compile(r"\s*[(（][^()（）]{1,12}[)）]\s*$")
_CONTINUED = re.compile(r"[(（]\s*续(?:表)?\s*\d*\s*[)）]|续表\s*\d*$|^续表")
# labels after which a line or merged cell carries meta, not title
META = re.compile(r"(?:编制|填报|预算|主管)?(?:单位|部门)(?:名称)?\s*[:：]|(?:金额|计量)?单位\s*[:：]"
                   r"|[(（]\s*单位\s*[:：]")
# words a budget-table title is made of (a 目录 entry or prose never ends in 表)
BUDGET_WORDS = re.compile(r"收支|收入|支出|财政拨款|三公|政府性基金|国有资本|预算|决算|经费|采购|资金|拨款")
PERFORMANCE_WORDS = re.compile(r"绩效(?!工资|奖)|一级指标|二级指标|三级指标|指标值|年度目标|实施周期|自评")
# inside a grid only what a performance table's header prints (30107 绩效工资 is a
# budget line; "绩效" alone proves nothing)
PERFORMANCE_HEADER = re.compile(r"绩效目标|绩效指标|一级指标|二级指标|三级指标|指标值|年度目标|实施周期|自评")


def split_number(text: str) -> tuple[str, str | None]:
    """("部门收支总表", "表一") from "表一 部门收支总表" / "部门收支总表（表一）"."""
    m = _LEAD_NUMBER.match(text)
    if m and len(text) > m.end():
        return text[m.end():].strip(), m.group(0).strip(" 、.．:：")
    m = _TAIL_NUMBER.search(text)
    if m and m.start() > 0:
        return text[:m.start()].strip(), m.group(1)
    return text, None


def title_parts(text: str) -> tuple[str, str | None, bool]:
    """A title line as printed → (title without number and leading year, number,
    continued?).  Meta printed on the same line (单位：万元, 部门：XX) is cut off."""
    s = clean(text)
    m = META.search(s)
    if m and m.start() > 0:
        s = s[:m.start()].strip()
    continued = bool(_CONTINUED.search(s))
    s = _CONTINUED.sub("", s).strip()
    s, number = split_number(s)
    s = _LEAD_YEAR.sub("", s)
    return s.strip(" ：:"), number, continued


def is_title(text: str) -> bool:
    """A budget table's title line: ends in 表 (after its number, 续 and meta are cut
    off), uses budget words, and is not a performance table's title."""
    title, _, _ = title_parts(text)
    if not title or len(title) > 60 or NUMBER_ONLY.match(title):
        return False
    if title.startswith(("注", "说明", "备注")):
        return False
    return _ends_in_table(title) and bool(BUDGET_WORDS.search(title))


def _ends_in_table(title: str) -> bool:
    """…表, or …表 followed by a short qualifier in brackets."""
    return title.endswith("表") or _QUALIFIER.sub("", title).endswith("表")


def is_performance_title(text: str) -> bool:
    title, _, _ = title_parts(text)
    return _ends_in_table(title) and bool(PERFORMANCE_WORDS.search(title))


def number_of(text: str) -> str | None:
    s = clean(text)
    return s if NUMBER_ONLY.match(s) else None


# ---- notes, stages ------------------------------------------------------------

_NOTE = re.compile(r"^(?:注|说明|备注)\s*\d*\s*[:：]|空表|无数据|本表无|没有使用|无[^，。]{0,20}(?:支出|收入|经费|资金)[^，。]{0,6}[，,]\s*故")


def is_note(text: str) -> bool:
    return bool(_NOTE.search(text))


def stage_of(text: str | None) -> str | None:
    """budget (预算) or final (决算) where the text says which."""
    if not text:
        return None
    if "决算" in text:
        return "final"
    if "预算" in text:
        return "budget"
    return None


# ---- 科目编码 -------------------------------------------------------------------

def code_digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def join_code(parts: list[str]) -> str:
    """类 | 款 | 项 cells → one code: 208 | 05 | 05 → 2080505.  A part that already
    repeats what comes before it (款 printed as 20805) replaces it instead."""
    code = ""
    for p in parts:
        d = code_digits(p)
        if not d:
            continue
        code = d if code and len(d) > len(code) and d.startswith(code) else code + d
    return code


def code_level(code: str | None) -> int | None:
    """1 类 (3 digits), 2 款 (5), 3 项 (7); None for anything else."""
    return {3: 1, 5: 2, 7: 3}.get(len(code or ""))
