"""Lines of text between tables: what they say about the table below.

A caption names its project (wrapped over two lines too), 单位：万元 gives the
money unit, 主管部门：XX / 单位名称：XX / 预算部门：XX the block's department, unit
or publisher, 金额：100万元 its amount, and a notice's sentence the fund it
allocates ("下达…资金") for a table that prints no name.
"""
from __future__ import annotations

import regex

from budgetpdf.readers import labels
from budgetpdf.readers.roles import amount_unit_of
from budgetpdf.readers.titles import allocated_fund, is_perf_caption, project_name_from_title


class LinesBetween:
    """State of the loose lines read so far, kept for the next table's block."""
    amount_unit: str | None
    kv_unit: str | None
    notice_fund: str | None = None  # the fund a notice's text allocates (下达…资金)
    last_line: str = ""  # the loose line before this one (a sentence may wrap)
    line_amount: str | None = None  # 金额：100万元 printed above the table
    caption: str | None = None  # the last table caption printed above
    line_department: str | None = None  # 主管部门：XX printed above the table
    line_unit: str | None = None  # 单位名称：XX printed above the table
    line_dept_name: str | None = None  # 预算部门：XX printed above the table

    def _wrapped_caption(self, text: str) -> str | None:
        """A caption wrapped over two lines ("…补助预算指标绩" / "效目标表"): the
        second names nothing alone, both together name a project."""
        last = self.last_line
        if not last or is_perf_caption(last) or regex.search(r"[:：。；;，,]", last) \
                or project_name_from_title(text):
            return None
        joined = last + text
        return joined if is_perf_caption(joined) and project_name_from_title(joined) else None

    def line(self, text: str, page: int) -> None:
        """A line of text between tables: a caption names the table below it, a
        单位：万元 gives its money unit, 主管部门：XX its department."""
        if is_perf_caption(text):
            self.caption = self._wrapped_caption(text) or text
        # (the sentence may wrap: the line above is read with this one)
        self.notice_fund = self.notice_fund or allocated_fund(self.last_line + text)
        self.last_line = text
        for label, value in labels.line_pairs(text):
            unit = amount_unit_of(value) if "单位" in label and len(value) <= 4 else None
            if unit:
                self.amount_unit, self.kv_unit = unit, None
            elif label.startswith("主管部门"):  # the block's own 主管部门 (部门名称 is the publisher)
                self.line_department = labels.strip_code(value)
            elif label in ("单位名称", "预算单位", "实施单位", "项目单位"):  # the unit of the table below
                self.line_unit = labels.strip_code(value)
            elif label.startswith("部门"):  # 预算部门：X / 部门名称：X above a 部门整体 table
                self.line_dept_name = labels.strip_code(value)
            elif label == "金额" and amount_unit_of(value):  # 金额：100万元 above the table
                self.line_amount = regex.sub(r"\s+", "", value)

