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


def test_names_of_one_width_down_a_column_mark_it_even_with_centred_second_lines():
    """二级指标 names of four characters at one x, one of them wrapped with its
    second line centred ("经济效益" / "指标"), right of level names that never
    share a line with them, under a key/value block whose labels cross the gap:
    the gap is still a column edge (its own wrapped line is no text across it)."""
    words = run("部门(单位)名称", 0, 0) + run("价格认证鉴定中心", 90, 0)
    words += run("年度总体绩效目标", 0, 14) + run("做好价格认定工作", 90, 14)
    words += run("一级", 0, 40) + run("二级指标", 35, 47) + run("三级指标", 90, 47)
    words += run("数量指标", 35, 70) + run("业务工作支出", 90, 70)
    words += run("产出", 0, 84) + run("质量指标", 35, 90) + run("支出到位率", 90, 90)
    words += run("经济效益", 35, 112) + run("指标", 45, 124) + run("运转保障", 90, 118)
    words += run("效益", 0, 132) + run("社会效益", 35, 150) + run("保证单位正常", 90, 150)
    edges = columns.column_edges(lines.text_lines(words))
    assert any(20 < e < 35 for e in edges), edges
