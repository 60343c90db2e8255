"""The borderless reader's stages one by one, on synthetic pages (stage 1, pieces, in
test_borderless_pieces.py): each stage is a function of the previous one's plain
data, so each can be fed by hand."""
from __future__ import annotations

from budgetpdf.extract import borderless, cells, columns, labels, lines, rows, valign
from budgetpdf.extract.grid import Word
from budgetpdf.normalize.text import clean

SIZE = 10.0  # glyph height and advance


def run(text: str, x: float, top: float, size: float = SIZE) -> list[Word]:
    """A run of full-width characters from (x, top)."""
    return [Word(ch, x + i * size, top, x + (i + 1) * size, top + size) for i, ch in enumerate(text)]


def cells_of(grid) -> list[list[str]]:
    return [[clean(t) for t in row if t] for row in grid.matrix()]


def test_an_edge_needs_the_rows_that_leave_a_gap_not_every_row():
    """A goal text across the table crosses the edges the three rows below define."""
    words = run("目标", 0, 0) + run("这是一段跨越三列的很长的绩效目标文字", 50, 0)
    for k, (a, b, c) in enumerate([("产出", "数量", "10"), ("效益", "社会", "好"), ("满意", "满意", "90")]):
        top = 20 + 20 * k
        words += run(a, 0, top) + run(b, 50, top) + run(c, 150, top)
    edges = columns.column_edges(lines.text_lines(words))
    assert len(edges) == 4  # outer bounds and the two edges of three columns
    assert 20 < edges[1] < 50 and 70 < edges[2] < 150  # the second inside the goal text


def test_wrapped_lines_are_one_block_and_rows_stay_apart():
    """A line that fills its column and the next one at the table's line pitch
    are one cell; rows are set further apart (the cell padding)."""
    words = run("一二三四五六", 0, 0) + run("七八", 0, 12)  # wraps: pitch 12
    words += run("短的", 0, 30) + run("另一", 0, 48)        # rows: pitch 18
    words += run("值", 100, 6) + run("值", 100, 30) + run("值", 100, 48)
    region = lines.text_lines(words)
    edges = columns.column_edges(region)
    pieces = [p for ln in region for p in ln.pieces]
    assert rows.line_pitch(rows.by_column(pieces, edges), edges, SIZE) == 12.0
    found = rows.build_rows(pieces, edges, [], SIZE)
    assert [sorted(p.text for p in r.pieces) for r in found] == [["一二三四五六", "七八", "值"], ["值", "短的"], ["值", "另一"]]


def test_bands_between_rules_are_rows():
    words = run("资金总额", 0, 2) + run("一、预算资金", 0, 14) + run("项目", 80, 8)
    words += run("其他", 0, 32) + run("无", 80, 32)
    rules = [lines.Rule(0.0, 0.0, 150.0), lines.Rule(28.0, 0.0, 150.0), lines.Rule(46.0, 0.0, 150.0)]
    grid, = borderless.grids_from(words, rules, 1)
    assert grid.strategy == "hrules"
    assert cells_of(grid) == [["资金总额一、预算资金", "项目"], ["其他", "无"]]


def test_a_label_centred_on_three_rows_spans_them():
    words = []
    for k, name in enumerate(["甲指标", "乙指标", "丙指标"]):
        words += run(name, 60, 20 * k) + run("10", 140, 20 * k)
    words += run("产出", 0, 20)  # centred on the three rows
    grid, = borderless.grids_from(words, [], 1)
    label = next(c for c in grid.cells if c.text == "产出")
    assert (label.row, label.rowspan) == (0, 3)


def test_top_aligned_labels_run_down_to_the_next_label():
    """Short cells beside tall ones sit level with their first line: the table
    is top-aligned, and a label runs down over the rows below it."""
    words = run("产出", 0, 0) + run("甲指标", 60, 0) + run("第一行", 140, 0) + run("第二行", 140, 12)
    words += run("乙指标", 60, 30) + run("好", 140, 30)
    words += run("效益", 0, 50) + run("丙指标", 60, 50) + run("好", 140, 50)
    grid, = borderless.grids_from(words, [], 1)
    assert valign.vertical_alignment(
        rows.build_rows([p for ln in lines.text_lines(words) for p in ln.pieces],
                        grid.col_edges, [], SIZE), grid.col_edges) == "top"
    label = next(c for c in grid.cells if c.text == "产出")
    assert label.rowspan == 2


def test_a_short_text_where_a_merged_column_starts_spans_it():
    """Names that mostly cross into the next column are one merged column; a short
    name starting where they start belongs to it too."""
    words = []
    for k, name in enumerate(["很长很长的任务名称一", "很长很长的任务名称二", "很长很长的任务名称三", "短名"]):
        words += run(name, 0, 20 * k) + run("内容", 160, 20 * k)
    for top in (100, 120):  # rows with an inner edge inside the names' column
        words += run("甲", 5, top) + run("乙", 60, top) + run("丙", 160, top)
    grid, = borderless.grids_from(words, [], 1)
    short = next(c for c in grid.cells if c.text == "短名")
    long_ = next(c for c in grid.cells if c.text == "很长很长的任务名称一")
    assert short.colspan == long_.colspan == 2


def test_prose_before_an_unruled_table_stays_text():
    words = run("根据有关文件要求现将项目绩效目标予以公开请各单位认真执行", 0, 0)
    words += run("并按时报送有关材料", 0, 14)
    words += run("附件：绩效目标表", 0, 28)
    for k, (a, b) in enumerate([("项目名称", "甲项目"), ("主管部门", "某局"), ("资金", "100")]):
        words += run(a, 0, 60 + 20 * k) + run(b, 150, 60 + 20 * k)
    grid, = borderless.grids_from(words, [], 1)
    assert cells_of(grid) == [["项目名称", "甲项目"], ["主管部门", "某局"], ["资金", "100"]]


def test_carry_takes_columns_to_a_continuation_page():
    """The second page has no header and an empty middle column: it keeps the
    columns of the first page's table, which come back in the Carry."""
    page1 = []
    for k, (a, b, c) in enumerate([("名称", "金额", "说明"), ("甲", "1", "好"), ("乙", "2", "好")]):
        page1 += run(a, 0, 20 * k) + run(b, 100, 20 * k) + run(c, 200, 20 * k)
    grids, carry = borderless.page_grids(page1, [], [], 1)
    assert grids and carry.edges == tuple(grids[-1].col_edges)
    page2 = []
    for k in range(3):
        page2 += run("丙", 0, 20 * k) + run("好", 200, 20 * k)
    alone, _ = borderless.page_grids(page2, [], [], 2)
    carried, _ = borderless.page_grids(page2, [], [], 2, carry)
    assert alone[0].n_cols == 2 and carried[0].n_cols == 3


def test_cell_boxes_are_rectangles():
    words = run("甲", 0, 0) + run("乙乙乙乙乙乙乙乙", 40, 0) + run("丙", 0, 20) + run("丁", 40, 20) + run("戊", 120, 20)
    region = lines.text_lines(words)
    edges = columns.column_edges(region)
    pieces = [p for ln in region for p in ln.pieces]
    found = rows.build_rows(pieces, edges, [], SIZE)
    boxes = cells.cell_boxes(found, edges, cells.row_edges(found, [], SIZE), [])
    area = sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in boxes)
    assert abs(area - (edges[-1] - edges[0]) * (found[-1].bottom + 3 - found[0].top + 3)) < 1.0


def test_a_title_between_tables_of_amounts_is_no_row():
    """Digits' glyph boxes reach lower: on a page of amounts most lines are taller
    than the body text, and a table title must stand out against the text."""
    def amount(text, x, top):  # a digit's box: 1.2 points taller than a character's
        return [Word(ch, x + i * 5, top - 0.6, x + (i + 1) * 5, top + SIZE + 0.6) for i, ch in enumerate(text)]
    words = run("项目", 0, 0) + run("预算数", 100, 0)
    for k, (item, value) in enumerate([("办公费", "15.00"), ("印刷费", "3.00"), ("水电费", "6.80"),
                                        ("邮电费", "3.50"), ("差旅费", "12.00")]):
        words += amount(f"{k + 1}.", 0, 20 + 20 * k) + run(item, 10, 20 + 20 * k) + amount(value, 100, 20 + 20 * k)
    words += run("机关运行经费情况统计表", 10, 125, size=13.5)
    words += run("项目", 0, 150) + run("预算数", 100, 150)
    words += amount("6.", 0, 170) + run("会议费", 10, 170) + amount("1.00", 100, 170)
    found = lines.regions(lines.text_lines(words))
    assert all("统计表" not in ln.text for region in found for ln in region)
    assert len(found) == 2


def test_centred_labels_a_row_each_set_without_padding_are_no_wrap():
    """A key/value block set at one pitch, no cell padding: the widest value
    over the next one looks like a wrap, but two centred labels beside them,
    the lower one wider, cannot be one wrapped cell (a centred text fills its
    first line), so the block's rows are that far apart and nothing wraps."""
    words = []
    for k, (label, value) in enumerate([("项目名称", "农村危房改造补助资金"), ("中央主管部门", "住房和城乡建设委员会"),
                                        ("省级财政部门", "市财政局"), ("省级主管部门", "市住房城乡建委")]):
        top = 17.0 * k
        words += run(label, 40 - 5 * len(label), top) + run(value, 100, top)
    region = lines.text_lines(words)
    edges = columns.column_edges(region)
    pieces = [p for ln in region for p in ln.pieces]
    assert rows.line_pitch(rows.by_column(pieces, edges), edges, SIZE) is None
    found = rows.build_rows(pieces, edges, [], SIZE)
    assert [sorted(p.text for p in r.pieces) for r in found] == [
        ["农村危房改造补助资金", "项目名称"], ["中央主管部门", "住房和城乡建设委员会"],
        ["市财政局", "省级财政部门"], ["市住房城乡建委", "省级主管部门"]]


def test_a_bracketed_note_under_a_centred_label_stays_with_it():
    """数量指标 / (必填硬性指标): an explicit line break in one cell, the second
    line wider, is no evidence of rows that far apart; the wrap pitch measured
    on the table holds."""
    words = run("数量指标", 15, 0) + run("（必填硬性指标）", -5, 12) + run("合格率", 100, 0)
    words += run("质量指标", 15, 36) + run("一二三四五六七八", 100, 30) + run("九十", 100, 42)  # a wrap at pitch 12
    region = lines.text_lines(words)
    edges = columns.column_edges(region)
    pieces = [p for ln in region for p in ln.pieces]
    assert rows.line_pitch(rows.by_column(pieces, edges), edges, SIZE) == 12.0


def test_a_targets_unit_wrapped_under_its_number_is_one_cell():
    """">=21933" filling a narrow target column, "人" under it: one cell (a
    number and a label are otherwise never one)."""
    words = run("农村低保发放人数", 0, 0) + [Word(ch, 100 + 5 * i, 0, 105 + 5 * i, 10) for i, ch in enumerate(">=21933")]
    words += run("（按月平均）", 0, 12) + run("人", 112, 12)
    words += run("特困人员救助人数", 0, 30) + [Word(ch, 100 + 5 * i, 30, 105 + 5 * i, 40) for i, ch in enumerate(">=4754")] \
        + run("人", 130, 30)
    region = lines.text_lines(words)
    edges = columns.column_edges(region)
    pieces = [p for ln in region for p in ln.pieces]
    found = rows.build_rows(pieces, edges, [], SIZE)
    assert [{p.text for p in r.pieces} for r in found] == [{"农村低保发放人数", "（按月平均）", ">=21933", "人"},
                                                         {"特困人员救助人数", ">=4754人"}]


def test_a_title_inside_the_table_is_no_row_of_the_label_below_it():
    """A title printed in the table's first row, centred over the value columns,
    then a label printed a character per line beside its value: the label's
    cell starts under the title; the title stays a row of its own."""
    words = run("兵团本级衔接资金绩效目标申报表", 60, 0)
    words += [w for k, ch in enumerate("项目名称") for w in run(ch, 0, 14 + 12 * k)]
    words += run("第一师六团气调保鲜库建设项目", 20, 32)
    words += [w for k, ch in enumerate("主管部门") for w in run(ch, 0, 68 + 12 * k)]
    words += run("农业农村局", 20, 86) + run("实施单位", 130, 86) + run("六团农业发展服务中心", 180, 86)
    words += [w for k, ch in enumerate("项目属性") for w in run(ch, 0, 122 + 12 * k)]
    words += run("衔接补助资金", 20, 140) + run("项目期", 130, 140) + run("1年", 180, 140)
    [grid] = borderless.grids_from(words, [], 1)
    matrix = cells_of(grid)
    assert matrix[0] == ["兵团本级衔接资金绩效目标申报表"]
    assert matrix[1][:2] == ["项目名称", "第一师六团气调保鲜库建设项目"]


def test_labels_a_character_wide_one_per_row_of_a_header_block():
    """Labels printed a character per line down a narrow column, one after the
    other at the line pitch (the row's padding a little more), each beside its
    value centred on it: a label per row, not one label merged over the rows."""
    words, top = [], 0.0
    for label, value in [("项目名称", "农村饮水安全巩固提升工程"), ("市级财政部门", "宝鸡市财政局"), ("区级财政部门", "陈仓区财政局")]:
        words += [w for k, ch in enumerate(label) for w in run(ch, 0, top + 12 * k)]
        words += run(value, 20, top + 6 * (len(label) - 1))
        top += 12 * (len(label) - 1) + 15
    for k, (a, b, c) in enumerate([("一级指标", "三级指标", "指标值"), ("产出指标", "受益人口", "≥9200人"),
                                   ("效益指标", "水质达标率", "≥95%")]):
        words += run(a, 0, top + 15 * k) + run(b, 50, top + 15 * k) + run(c, 150, top + 15 * k)
    [grid] = borderless.grids_from(words, [], 1)
    matrix = cells_of(grid)
    assert [row[:2] for row in matrix[:3]] == [["项目名称", "农村饮水安全巩固提升工程"], ["市级财政部门", "宝鸡市财政局"],
                                               ["区级财政部门", "陈仓区财政局"]]


def test_a_header_block_of_two_rows_at_a_pages_foot_is_a_table():
    """The next project's header block starts at the foot of a page: two labels
    printed a character per line, each beside its value (no line has text in two
    places, and the values are shorter than a paragraph): a table all the same."""
    words = []
    for top, label, value in [(0, "专项资金名称", "在职村村干部补助"), (80, "业务主管部门", "813-潼南区五桂镇")]:
        words += [w for k, ch in enumerate(label) for w in run(ch, 0, top + 11 * k)]
        words += run(value, 20, top + 27)
    grids = borderless.grids_from(words, [], 1)
    assert [cells_of(g) for g in grids] == [[["专项资金名称", "在职村村干部补助"], ["业务主管部门", "813-潼南区五桂镇"]]]


def test_labels_of_two_narrow_columns_joined_by_line_grouping_are_split():
    """"绩" of a label printed one character per line and "效益" of the next
    column's label, set closer than a piece's gap: two cells where a column
    edge lies in the gap; text over several columns keeps its word spaces."""
    (line,) = lines.text_lines(run("绩", 0, 0) + run("效益", 13.5, 0))
    assert [p.text for p in line.pieces] == ["绩效益"]
    edges = [0.0, 11.8, 35.0, 100.0]
    assert [p.text for p in columns.split_at_edges(line.pieces, edges, SIZE)] == ["绩", "效益"]
    (wide_,) = lines.text_lines(run("一、部门项目", 0, 0) + run("二、专项", 63.5, 0))
    assert [p.text for p in columns.split_at_edges(wide_.pieces, [0.0, 30.0, 62.0, 100.0, 140.0], SIZE)] \
        == ["一、部门项目二、专项"]  # (both parts span two columns: an option list, one cell)


def _hand_broken(top: float = 0.0) -> list:
    """Cells whose lines were broken by hand (none fills its column: the widest
    line is wider), rows set a cell's padding apart, a value per row."""
    words = []
    for k, (texts, t) in enumerate([(("县级储备粮库存成本核算率",), 0), (("县级储备粮管理制", "度严格执行率"), 25),
                                    (("储备粮管理专户管", "理率"), 64), (("库存数量真实率",), 103),
                                    (("市民满意度调查",), 128)]):
        for i, text in enumerate(texts):
            words += run(text, 0, top + t + 14 * i)
        words += run("100%", 200, top + t)
    return words


def test_hand_broken_cells_take_the_pitch_closer_than_any_two_rows_of_values():
    region = lines.text_lines(_hand_broken())
    edges = columns.column_edges(region)
    pieces = [p for ln in region for p in ln.pieces]
    assert rows.line_pitch(rows.by_column(pieces, edges), edges, SIZE) == 14.0
    found = rows.build_rows(pieces, edges, [], SIZE)
    assert [sorted(p.text for p in r.pieces)[-1] for r in found][1:3] == ["度严格执行率", "理率"]
    assert len(found) == 5


def test_a_continuation_without_values_takes_the_pitch_of_its_first_page():
    """The second page's hand-broken cell has no two steps between values to
    bound a row: the pitch carried from the first page keeps its lines together."""
    grids, carry = borderless.page_grids(_hand_broken(), [], [], 1)
    assert carry.pitch == 14.0
    page2 = []
    for t, texts in ((0, ("县级储备粮库存成本核算率说明",)), (25, ("县级储备粮贷款付", "息及时率"))):
        for i, text in enumerate(texts):
            page2 += run(text, 0, t + 14 * i)
        page2 += run("100%", 200, t)
    alone, _ = borderless.page_grids(page2, [], [], 2)
    carried, _ = borderless.page_grids(page2, [], [], 2, carry)
    assert alone[0].n_rows == 3 and carried[0].n_rows == 2
    assert cells_of(carried[0])[1] == ["县级储备粮贷款付息及时率", "100%"]


def test_labels_a_character_wide_end_where_their_usual_step_does():
    """No line pitch to measure: the characters of labels printed one per line
    follow each other at their usual step; a wider one (a row's padding) ends a
    label ("区/县/财/政/部/门" then "区/县/主/管/部/门", not one label)."""
    words, top = [], 0.0
    for label, value in (("资金名称", "某某资金"), ("区县财政部门", "某县财政局"), ("区县主管部门", "某县农业农村委员会")):
        for k, ch in enumerate(label):
            words += run(ch, 0, top + 12.75 * k)
        words += run(value, 40, top + 12.75 * (len(label) - 1) / 2)
        top += 12.75 * (len(label) - 1) + 15.5
    region = lines.text_lines(words)
    edges = columns.column_edges(region)
    pieces = [p for ln in region for p in ln.pieces]
    assert rows.line_pitch(rows.by_column(pieces, edges), edges, SIZE) is None
    found = rows.blocks(pieces, edges, [], SIZE)
    assert ["".join(p.text for p in b.pieces) for b in found if b.col == 0] == ["资金名称", "区县财政部门", "区县主管部门"]


def test_a_row_of_labels_over_a_sentence_heads_it():
    """预期目标 | 实际完成情况 over "已完成….": a header row, its labels span no
    rows; the block's own label (年度总体目标, merged over both) is not a head."""
    def cell(text):
        return [lines.piece(run(text, 0, 0))]
    own = {(0, 0): cell("年度总体目标"), (0, 1): cell("预期目标"), (0, 3): cell("实际完成情况"),
           (1, 3): cell("已完成人员经费支付。")}
    label = {k: 0.0 for k in own}
    assert labels._sentence_heads(label, own, {(1, 0)}) == [(0, 1), (0, 3)]
    own[(1, 3)] = cell("数量指标")  # a row of labels under labels: no header of a sentence
    assert labels._sentence_heads(label, own, {(1, 0)}) == []


def test_two_labels_of_one_width_divide_the_label_beside_them():
    """数量目标 / 质量目标 starting at one x, 产出目标 left of them on other lines
    (no line holds both): a column edge between, though only two labels show it."""
    words = run("评价内容", 20, 0) + run("绩效内容", 100, 0)
    for k, name in enumerate(["甲类人才驿站数量", "乙类活动数量", "丙类服务人次", "丁类知晓率"]):
        words += run(name, 100, 20 + 20 * k) + run("100%", 260, 20 + 20 * k)
    words += run("数量目标", 55, 30) + run("产出目标", 0, 50) + run("质量目标", 55, 70)
    edges = columns.column_edges(lines.text_lines(words))
    assert any(40 < e < 55 for e in edges)


def test_a_header_row_under_column_heads_keeps_its_cells():
    """科目代码 | 科目名称 under 项目 | 本年收入合计 | 财政拨款收入 | 事业收入: no
    key/value row (其他需要说明事项 | 无), its last label does not run to the edge."""
    before = [((0, 1, 1), "项目"), ((0, 2, 2), "本年收入合计"), ((0, 3, 3), "财政拨款收入"), ((0, 4, 4), "事业收入")]
    row = [(1, 0, 0), (1, 1, 1)]
    assert cells._key_value(row, 1, 5, set(), before) == row
    amounts = [((0, 1, 1), "合计"), ((0, 2, 2), "10.00"), ((0, 3, 3), "9.00"), ((0, 4, 4), "1.00")]
    assert cells._key_value(row, 1, 5, set(), amounts) == [(1, 0, 0), (1, 1, 4)]


def test_two_cells_of_a_column_beside_a_value_merged_over_both_are_two_rows():
    """A self-evaluation prints one target merged over two indicators: the names'
    column shows two cells as far apart as rows usually are, the target and the
    actual value columns one block over both; the names are two rows."""
    words = []
    for k in range(3):  # rows of one line each, 24 points apart
        words += run(f"名称{'一二三'[k]}", 0, 24.0 * k) + run("良好", 100, 24.0 * k) + run("良好", 200, 24.0 * k)
    words += run("使读者更方便快捷查", 0, 72) + run("找检阅", 0, 84)
    words += run("促进文化经济发展丰", 0, 108) + run("富文化活动", 0, 120)
    for x in (100, 200):  # the target and the actual value, each merged over both
        words += run("独有数据资源查询", x, 84) + run("查询范围可扩展到", x, 96) + run("省图", x, 108)
    region = lines.text_lines(words)
    edges = columns.column_edges(region)
    pieces = [p for ln in region for p in ln.pieces]
    found = rows.build_rows(pieces, edges, [], SIZE)
    names = [" ".join(p.text for p in r.pieces if p.x0 < 90) for r in found]
    assert names[-2:] == ["使读者更方便快捷查 找检阅", "促进文化经济发展丰 富文化活动"]


def test_tall_leaves_on_both_sides_of_a_group_are_no_row_of_their_own():
    """科目编码 | 合计 | 基本支出 (小计 | 人员经费) | 项目支出: the leaves, centred on the
    two header rows, print between the group head and its members; they join the
    head's row (and span both), whichever side of the group they stand."""
    xs = [0, 60, 120, 180, 240, 300]
    words = run("基本支出", 190, 0)
    words += run("科目编码", xs[0], 12) + run("合计", xs[1], 12) + run("项目支出", xs[5], 12)
    words += run("小计", xs[2], 24) + run("人员经费", xs[3], 24) + run("公用经费", xs[4], 24)
    for k in range(3):
        top = 44 + 20 * k
        words += run(f"20{k}", xs[0], top, 6) + [w for x in xs[1:] for w in run("1.00", x, top, 6)]
    region = lines.text_lines(words)
    edges = columns.column_edges(region)
    pieces = [p for ln in region for p in ln.pieces]
    found = rows.build_rows(pieces, edges, [], SIZE)
    assert sorted(p.text for p in found[0].pieces) == sorted(["基本支出", "科目编码", "合计", "项目支出"])
    assert sorted(p.text for p in found[1].pieces) == sorted(["小计", "人员经费", "公用经费"])


def test_a_bracket_opened_on_one_line_and_closed_on_the_next_is_one_cell():
    """"规划(15" over "分)" in a narrow level column: a number and text are never one
    cell, except where the first line leaves a bracket open."""
    words = run("规划", 0, 0) + [Word(ch, 2 + 6 * k, 12, 8 + 6 * k, 22) for k, ch in enumerate("(15")]
    words += run("分", 0, 24) + [Word(")", 10, 24, 16, 34)]
    for k in range(3):
        words += run(f"指标名称{'一二三'[k]}", 80, 12 * k) + run("3", 200, 12 * k)
    region = lines.text_lines(words)
    edges = columns.column_edges(region)
    pieces = [p for ln in region for p in ln.pieces]
    found = rows.blocks(pieces, edges, [], SIZE, 12.0)
    assert ["".join(p.text for p in b.pieces) for b in found if b.col == 0] == ["规划(15分)"]
