"""Borderless stage 2, column edges, where no line holds text on both sides of an
edge: a wrapped name beside a comparator centred on its two lines, under a goal
text across the columns and a header whose labels sit at different heights."""
from __future__ import annotations

from budgetpdf.extract import columns, lines
from test_borderless_stages import run


def test_a_wrapped_text_ends_its_column_where_its_first_line_ends():
    """三级指标 wraps ("全年实现会展业综合" / "收入") beside 绩效指标性质's "≥",
    centred between the two lines: no line has text on both sides of the edge,
    yet the first line filled its column and "≥" starts right of it."""
    words = run("目标1:全年实现会展业综合收入不低于280亿元", 45, 0)  # a goal across the columns
    words += run("目标2:培育一批具有影响力的品牌会展项目", 45, 12)
    words += run("一级指标", 0, 40) + run("三级指标", 80, 46) + run("绩效指标性", 170, 40) + run("指标值", 240, 40)
    words += run("质", 200, 52)
    words += run("产出指标", 0, 80) + run("全年实现会展业综", 60, 80) + run("≥", 205, 86) + run("280", 245, 86)
    words += run("合收入", 60, 92)
    edges = columns.column_edges(lines.text_lines(words))
    assert any(140 < e < 170 for e in edges), edges  # between the name's first line and 绩效指标性
