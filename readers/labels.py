"""Key/value labels of project and department header blocks.

`项目名称 | 行政复议专项经费`: a label cell followed by its value cell(s).
Labels whose value sits in the row below (实施周期总目标 / 2026年度目标,
中期目标 | 年度目标) are "goal" labels.
"""
from __future__ import annotations

import regex

from budgetpdf.readers.roles import lookup

# (pattern on label_key, field); first match wins.
KV_PATTERNS: list[tuple[str, str]] = [
    (r"^项目名称$", "name"),
    (r"^部门(\(单位\))?名称$|^单位名称$|^部门\(单位\)$", "dept_name"),
    (r"^项目类型$|^项目类别$", "project_type"),
    (r"^项目等级$|^项目级次$", "project_level"),
    (r"^主管部门", "department"),
    (r"^(用款|资金使用|实施|项目)单位$", "unit"),
    (r"^实施周期$|^项目起止时间$|^项目周期$|^起止时间$", "period"),
    (r"^(\d{4}年度?)?(项目)?(年度|本年|当年)?(预算(金额|数|总额|资金)|资金总额|总预算|总金额)(\((万?元)\))?:?$", "amount"),
    (r"^(其中:)?(当年)?财政拨款$", "fiscal"),
    (r"^(其中:)?(当年)?财政专户(拨款|资金)?$", "special"),
    (r"^(其中:)?(当年)?其他资金$", "other"),
    (r"^年度总体(绩效)?目标$", "annual_goal"),
    (r"^(总体绩效目标|总体目标|整体绩效目标)$", "goal"),
    (r"^金额合计$|^合计金额$", "total"),
]
_KV = [(regex.compile(p), f) for p, f in KV_PATTERNS]

# Sub-labels of 总体绩效目标 whose text is in the next row, same column.
GOAL_PATTERNS: list[tuple[str, str]] = [
    (r"^实施周期(总)?目标$|^中(长)?期目标$|^长期目标$", "period_goal"),
    (r"^(\d{4}年)?(度)?年?度?(绩效)?目标$|^年度目标$|^\d{4}年度目标$|^年度绩效目标$", "annual_goal"),
]
_GOAL = [(regex.compile(p), f) for p, f in GOAL_PATTERNS]


def kv_field(text: str) -> str | None:
    return lookup(_KV, text, 16)


def goal_field(text: str) -> str | None:
    return lookup(_GOAL, text, 12)


def years(text: str) -> list[int]:
    """Years in 实施周期 forms: '起始年度 2021 到期年度 2099', '202001-202012'."""
    return [int(y) for y in regex.findall(r"(?<!\d)(19\d\d|20\d\d|2099)(?:\d\d)?(?!\d{3})", text or "")]


def strip_code(name: str) -> str:
    """'820001-井研县马踏镇人民政府' / '[015001]武汉市青山区教育局' → the name."""
    s = regex.sub(r"^\s*[\[［(（]?\d{3,}[\]］)）]?\s*[-—_]?\s*", "", name or "")
    return s.strip() or name
