"""Key/value header blocks and the other layouts of unruled performance tables,
on synthetic pages: labels printed one character per line, labels over several
rows with their sub-labels and amounts, two label/value pairs in a row, lines
around the table that are no rows."""
from __future__ import annotations

from budgetpdf.extract import borderless, columns, lines
from budgetpdf.extract.grid import Word

from test_borderless_stages import SIZE, cells_of, run


def column(text: str, x: float, top: float, pitch: float = 12.0) -> list[Word]:
    """A label printed one character per line."""
    return [Word(ch, x, top + k * pitch, x + SIZE, top + k * pitch + SIZE) for k, ch in enumerate(text)]


def cell(grid, text: str):
    return next(c for c in grid.cells if c.text == text)


def test_labels_printed_down_a_narrow_column_stay_one_per_row():
    """项/目/名/称 and 主/管/部/门 one under the other at the line pitch, the
    rows 2 pt further apart: two labels, not one."""
    words = column("项目名称", 0, 0) + run("甲项目", 30, 18)
    words += column("主管部门", 0, 50) + run("某局", 30, 68)
    words += column("项目属性", 0, 100) + run("延续性项目", 30, 118)
    words += run("一二三四五六七八九十", 30, 150) + run("一二三", 30, 162)  # a wrap: the pitch is 12
    grid, = borderless.grids_from(words, [], 1)
    assert [row[0] for row in cells_of(grid)[:3]] == ["项目名称", "主管部门", "项目属性"]


def test_a_label_printed_down_a_column_is_a_column_of_its_own():
    """绩/效/指/标 down the left of the indicator rows (on baselines of its
    own), whose level labels start a little further right; the key/value
    labels above cross the gap between them."""
    words = []
    for k, (key, value) in enumerate([("项目名称", "甲项目"), ("主管部门", "某局"), ("项目属性", "新增")]):
        words += run(key, 2, 20 * k) + run(value, 80, 20 * k) + run("说明", 160, 20 * k)
    for k, (a, b, c) in enumerate([("一级", "二级", "三级"), ("产出", "数量", "人数"),
                                   ("产出", "质量", "合格率"), ("效益", "社会", "满意")]):
        words += run(a, 20, 70 + 30 * k) + run(b, 80, 70 + 30 * k) + run(c, 160, 70 + 30 * k)
    words += column("绩效指标", 0, 112)
    edges = columns.column_edges(lines.text_lines(words))
    assert any(10 < e < 20 for e in edges)  # between the stacked label and the level labels
    grid, = borderless.grids_from(words, [], 1)
    stacked = cell(grid, "绩效指标")
    assert stacked.colspan == 1 and all(c.col > stacked.col for c in grid.cells if c.text == "产出")


def test_two_label_value_pairs_in_a_row():
    """主管部门 | 某某市某某局 (crossing an edge) … | 实施单位 | 某中学: the value runs
    on to the next label, as the source's merged cell does."""
    words = []
    for k, row in enumerate([("一级", "二级", "三级", "值", "说明", "备注"), ("产出", "数量", "人数", "1", "无", "无"),
                             ("效益", "社会", "满意", "2", "无", "无")]):
        for x, text in zip((0, 60, 120, 200, 250, 300), row):
            words += run(text, x, 40 + 20 * k)
    words += run("项目名称", 0, 0) + run("一个很长的项目名称写在这里的", 60, 0)
    words += run("主管部门", 0, 20) + run("某某市某某局", 60, 20) + run("实施单位", 250, 20) + run("某中学", 300, 20)
    grid, = borderless.grids_from(words, [], 1)
    value, key = cell(grid, "某某市某某局"), cell(grid, "实施单位")
    assert value.colspan >= 2 and value.col + value.colspan == key.col


def test_sub_labels_of_a_merged_label_share_its_columns_and_amounts_take_the_gap():
    """项目资金 centred on three rows; its sub-labels left-aligned, the first
    crossing into the next column; the amounts at the right edge, an empty
    column between: every sub-label spans two columns, every amount the rest."""
    words = []
    for k, (a, b, c, d) in enumerate([("一级", "二级", "三级", "指标值"), ("产出", "数量", "人数", "100人"),
                                      ("效益", "社会", "满意度", "90%")]):
        top = 80 + 20 * k
        words += run(a, 0, top) + run(b, 60, top) + run(c, 120, top) + run(d, 200, top)
    words += run("年度资金总额金额", 60, 0) + [Word(ch, 230 + 5 * i, 0, 235 + 5 * i, SIZE) for i, ch in enumerate("372")]
    words += run("其中财政", 60, 20) + [Word(ch, 230 + 5 * i, 20, 235 + 5 * i, 20 + SIZE) for i, ch in enumerate("372")]
    words += run("其他资金", 60, 40)
    words += run("项目资金", 0, 20)
    grid, = borderless.grids_from(words, [], 1)
    label, first = cell(grid, "项目资金"), cell(grid, "年度资金总额金额")
    assert label.rowspan == 3
    for text in ("其中财政", "其他资金"):
        assert (cell(grid, text).col, cell(grid, text).colspan) == (first.col, first.colspan)
    amounts = [c for c in grid.cells if c.text == "372"]
    assert all(c.col == first.col + first.colspan and c.col + c.colspan == grid.n_cols for c in amounts)


def test_a_label_between_two_rows_is_no_row_of_its_own():
    """总体目标 centred between the 年度目标 heading and the goal text, clear of
    both: it spans the two rows, and no row holds it alone."""
    words = []
    for k, (a, b, c) in enumerate([("一级", "二级", "三级"), ("产出", "数量", "人数"), ("效益", "社会", "满意")]):
        words += run(a, 0, 70 + 20 * k) + run(b, 60, 70 + 20 * k) + run(c, 140, 70 + 20 * k)
    words += run("项目名称", 0, 0) + run("甲项目", 60, 0)
    words += run("年度目标", 80, 20) + run("完成全年工作任务", 60, 44) + run("总体目标", 0, 32)
    grid, = borderless.grids_from(words, [], 1)
    label = cell(grid, "总体目标")
    assert label.rowspan == 2
    assert cell(grid, "完成全年工作任务").row == label.row + 1


def test_number_and_amount_beside_a_project_name_span_its_rows():
    """序号 | 项目名称 | 项目资金 printed once, centred on the project's indicator rows."""
    words = run("序号", 0, 0) + run("项目名称", 40, 0) + run("资金", 120, 0) + run("指标", 170, 0) + run("值", 240, 0)
    for k, (a, b) in enumerate([("甲指标", "10"), ("乙指标", "20"), ("丙指标", "30")]):
        words += run(a, 170, 20 + 20 * k) + run(b, 240, 20 + 20 * k)
    words += [Word("1", 5, 40, 10, 40 + SIZE)] + run("灌区维护", 40, 40)
    words += [Word(ch, 120 + 5 * i, 40, 125 + 5 * i, 40 + SIZE) for i, ch in enumerate("60.00")]
    grid, = borderless.grids_from(words, [], 1)
    assert cell(grid, "灌区维护").rowspan == 3
    assert cell(grid, "1").rowspan == cell(grid, "60.00").rowspan == 3


def test_lines_around_a_table_that_are_no_rows():
    """附件 alone, a year subtitle missing a bracket, a filled-in form field above
    the table: text lines, as the ruled rendering keeps them."""
    words = run("附件", 0, 0) + run("2019年度）", 100, 14) + run("主管部门名称：某某局", 0, 30)
    for k, (a, b, c) in enumerate([("专项名称", "甲", "说明"), ("概况", "乙", "说明"), ("目标", "丙", "说明")]):
        words += run(a, 0, 50 + 20 * k) + run(b, 100, 50 + 20 * k) + run(c, 250, 50 + 20 * k)
    grid, = borderless.grids_from(words, [], 1)
    assert cells_of(grid)[0] == ["专项名称", "甲", "说明"]


def test_a_furniture_line_between_rules_is_a_row_of_the_ruled_table():
    words = run("单位：万元", 0, 2)
    for k, (a, b) in enumerate([("项目名称", "甲项目"), ("主管部门", "某局"), ("资金", "100")]):
        words += run(a, 0, 20 + 18 * k) + run(b, 100, 20 + 18 * k)
    rules = [lines.Rule(y, 0.0, 200.0) for y in (0.0, 16.0, 34.0, 52.0, 70.0)]
    grid, = borderless.grids_from(words, rules, 1)
    assert cells_of(grid)[0] == ["单位：万元"] and grid.n_rows == 4


def test_a_line_alone_centred_on_the_table_spans_it():
    """Centred on the table and on the two middle columns it crosses: a title
    row of the table, over all of it."""
    words = run("绩效目标申报", 70, 0)
    for k in range(3):
        for x, text in zip((0, 60, 120, 180), ("名称", "甲乙", "丙丁", "说明")):
            words += run(text, x, 20 + 20 * k)
    grid, = borderless.grids_from(words, [], 1)
    title = cell(grid, "绩效目标申报")
    assert (title.col, title.colspan) == (0, grid.n_cols)


def test_a_continuation_page_lines_its_columns_up_with_the_previous_page():
    """The next page finds as many columns, in the same gaps but elsewhere in
    them: it takes the previous page's edges."""
    page1 = []
    for k, (a, b, c) in enumerate([("名称", "金额", "说明"), ("甲", "1", "好"), ("乙乙乙乙", "2", "好")]):
        page1 += run(a, 0, 20 * k) + run(b, 100, 20 * k) + run(c, 200, 20 * k)
    grids, carry = borderless.page_grids(page1, [], [], 1)
    page2 = []
    for k in range(3):
        page2 += run("丙", 0, 20 * k) + run("3", 100, 20 * k) + run("好", 200, 20 * k)
    carried, _ = borderless.page_grids(page2, [], [], 2, carry)
    assert carried[0].col_edges[1:-1] == list(carry.edges[1:-1])
