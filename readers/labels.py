"""Key/value labels of project and department header blocks.

`项目名称 | 行政复议专项经费`: a label cell followed by its value cell(s).
Labels whose value sits in the row below (实施周期总目标 / 2026年度目标,
中期目标 | 年度目标) are "goal" labels.
"""
from __future__ import annotations

import regex

from dataclasses import replace

from budgetpdf.extract.grid import Cell
from budgetpdf.normalize.vocab import GOALS, KV, lookup

def kv_field(text: str) -> str | None:
    return lookup(KV, text, 16)


def goal_field(text: str) -> str | None:
    return lookup(GOALS, text, 12)


def without_goal_label(text: str) -> str:
    """A goal's text without a sub-label run into it ("预期目标目标1:…": a label
    printed above its text in a table without rules, read as one cell)."""
    for k in range(min(len(text) - 4, 10), 3, -1):
        if regex.search(r"\p{Han}$", text[:k]) and goal_field(text[:k]) and not goal_field(text) \
                and not regex.match(r"[\d:：.、]", text[k:]):
            return text[k:]
    return text


def years(text: str) -> list[int]:
    """Years in 实施周期 forms: '起始年度 2021 到期年度 2099', '202001-202012'."""
    return [int(y) for y in regex.findall(r"(?<!\d)(19\d\d|20\d\d|2099)(?:\d\d)?(?!\d{3})", text or "")]


_CODE = regex.compile(r"^\s*([\[［(（【]\d{2,}[\]］)）】]|\d{3,}(?=\s*[-—_]|(?![年月日])\p{Han}))\s*[-—_]?\s*")
_TRAILING_CODE = regex.compile(r"(?<=\p{Han})\s*[\[［(（]?\d{4,}[\]］)）]?$")
# a project code before a project name needs a separator: "51000021R000000019951-工资性支出",
# "[2024001]XX项目"; "2024年度XX" keeps its year
_PROJECT_CODE = regex.compile(r"^\s*([\[［(（][0-9A-Za-z]{3,}[\]］)）]|(?=[0-9A-Za-z]*\d)[0-9A-Za-z]{6,}\s*[-—_])\s*")


def strip_code(name: str) -> str:
    """'820001-井研县马踏镇人民政府' / '[015001]武汉市青山区教育局' → the name."""
    s = _TRAILING_CODE.sub("", _CODE.sub("", name or ""))
    return s.strip() or name


def strip_project_code(name: str) -> str:
    """A project name without the budget system's project code before it."""
    s = _PROJECT_CODE.sub("", name or "")
    return s.strip() or name


# labels printed in a line of text above a table: "主管部门名称：XX  单位：万元"
_LINE_LABEL = regex.compile(
    r"(主管部门(?:名称)?|部门(?:\(单位\)|（单位）)?(?:名称)?|单位名称|预算单位|填报单位|实施单位|项目单位|"
    r"金额单位|计量单位|单位负责人|单位|金额|填报日期|日期|联系电话|电话|填表人|填报人|负责人|联系人)"
    r"\s*(?:[(（][^()（）]{1,4}[)）])?\s*[:：]\s*")  # 填报单位(公章)：X


def line_pairs(text: str) -> list[tuple[str, str]]:
    """(label, value) pairs of a line such as "部门:505_XX局金额单位:万元"."""
    marks = list(_LINE_LABEL.finditer(text or ""))
    out = []
    for m, nxt in zip(marks, marks[1:] + [None]):
        value = text[m.end(): nxt.start() if nxt else len(text)].strip(" ，,;；")
        if value and not regex.fullmatch(r"[(（][^()（）]{1,4}[)）]", value):  # "填报单位:(盖章)": no value
            out.append((m.group(1), value))
    return out


_SCORE_SHARE = regex.compile(r"^[(（]?\s*\d+(\.\d+)?\s*分\s*[)）]?$")
# a money label and its amount with no colon between ("其中:上级资金16")
_MONEY_RUN = regex.compile(r"^\s*((?:其中\s*[:：]\s*)?\p{Han}[^:：\d]{1,15}?)\s*(-?[\d,]+(?:\.\d+)?\s*(?:万元|万|元)?)$")
_MONEY = ("amount", "fiscal", "fiscal_part", "special", "other")
_IN_CELL = regex.compile(r"^\s*((?:其中\s*[:：]\s*)?[^:：]{2,16}?)\s*[:：]\s*(\S.*)$")


def _pairs_in_cell(text: str) -> list[str] | None:
    """Labels and amounts printed together in one cell, one pair per line, the lines
    joined: "资金总额:250一、预算资金:250二、自有资金:0" → [资金总额, 250, 一、预算资金,
    250, 二、自有资金, 0]; a label left blank ("政府性基金拨款:") is left out; None
    unless every label is a header-block label."""
    parts = regex.split(r"[:：]", text or "")
    if len(parts) < 3:
        return None
    names, values = [parts[0]], []
    for mid in parts[1:-1]:
        m = regex.match(r"^\s*(-?[\d,]+(?:\.\d+)?\s*(?:万元|万|元)?)?\s*(\S.*)$", mid)
        if not m:
            return None
        values.append(m.group(1) or "")
        names.append(m.group(2))
    values.append(parts[-1].strip())
    if not all(kv_field(x) for x in names) or not all(v == "" or regex.match(r"-?[\d,.]+", v) for v in values):
        return None
    out = [x for name, v in zip(names, values) if v for x in (name, v)]
    return out or None


def split_label_cells(cells: list[Cell]) -> list[Cell]:
    """A cell printing its label and value together ("部门名称:XX局", "资金总额:704",
    or several money lines "资金总额:250 / 一、预算资金:250") read as label and
    value cells."""
    out = []
    for cell in cells:
        several = _pairs_in_cell(cell.text)
        if several:
            x0, top, x1, bottom = cell.bbox
            step = (x1 - x0) / len(several)
            out += [replace(cell, text=t, bbox=(x0 + k * step, top, x0 + (k + 1) * step, bottom))
                    for k, t in enumerate(several)]
            continue
        m = _MONEY_RUN.match(cell.text or "")  # ("其中:上级资金16": only a money label runs into its amount)
        if not (m and kv_field(m.group(1)) in _MONEY):
            m = _IN_CELL.match(cell.text or "")
        if m and _SCORE_SHARE.match(m.group(2)) and (kv_field(m.group(1)) or goal_field(m.group(1))):
            out.append(replace(cell, text=m.group(1)))  # "年度目标1:(80分)": the label and its score share
        elif m and (kv_field(m.group(1)) or goal_field(m.group(1))):
            x0, top, x1, bottom = cell.bbox
            mid = (x0 + x1) / 2
            out.append(replace(cell, text=m.group(1), bbox=(x0, top, mid, bottom)))
            out.append(replace(cell, text=m.group(2), bbox=(mid, top, x1, bottom)))
        else:
            out.append(cell)
    return out
