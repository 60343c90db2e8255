"""Borderless stage 1 on synthetic pages: a line's characters into pieces — word
gaps, spaced letters and labels spaced out by hand — and a page's rules."""
from __future__ import annotations

from budgetpdf.extract import lines
from budgetpdf.extract.grid import Word
from test_borderless_stages import run


def test_pieces_split_at_gaps_wider_than_a_word_space():
    words = run("项目名称", 0, 0) + run("金额", 45, 0) + [Word("1", 80, 0, 85, 10), Word("0", 87, 0, 92, 10)]
    (line,) = lines.text_lines(words)
    assert [p.text for p in line.pieces] == ["项目名称", "金额", "10"]


def test_rules_keep_the_joints_of_borders_drawn_cell_by_cell():
    edges = [{"x0": a, "x1": b, "top": y, "bottom": y} for y in (10.0, 40.0) for a, b in ((0, 50), (50, 120), (120, 200))]
    merged = lines.rules_from_edges(edges)
    assert [(r.y, r.x0, r.x1) for r in merged] == [(10.0, 0.0, 200.0), (40.0, 0.0, 200.0)]
    assert lines.rule_joints(merged) == [50.0, 120.0]


def test_a_label_spaced_by_hand_is_one_text_a_cell_gap_is_not():
    """"合　计": the text layer draws the space between the two characters,
    which reach over it; two cells' texts are drawn apart, with no space between."""
    from budgetpdf.extract.grid import join_spaced
    spaced = [Word("合", 0, 0, 10, 10), Word("\u3000", 10, 0, 20, 10), Word("计", 20, 0, 30, 10)]
    (line,) = lines.text_lines(join_spaced(spaced))
    assert [p.text for p in line.pieces] == ["合计"]
    apart = [Word("合", 0, 0, 10, 10), Word(" ", 10, 0, 13, 10), Word("计", 30, 0, 40, 10)]
    assert [w.text for w in join_spaced(apart) if w.text.strip()] == ["合", "计"]  # (geometry decides those)


def test_a_label_spaced_out_by_hand_without_space_glyphs_is_one_piece():
    """"收　　入" over two columns, "项　　目" over one: where the text layer draws
    no glyph for the spaces, the characters are one label; characters printed
    one per line in neighbouring columns are not joined across them."""
    words = run("收", 60, 0) + run("入", 90, 0) + run("支", 260, 0) + run("出", 290, 0)
    words += run("项", 30, 20) + run("目", 60, 20) + run("预算数", 150, 20)
    words += run("一般公共预算拨款收入", 0, 40) + run("2,988.73", 150, 40)
    (head, sub, body) = lines.text_lines(words)
    assert [p.text for p in head.pieces] == ["收入", "支出"]
    assert [p.text for p in sub.pieces] == ["项目", "预算数"]
    stacked = []
    for k, (a, b) in enumerate(zip("产出指标", "数量指标")):  # two columns of vertical labels
        stacked += run(a, 0, 12 * k) + run(b, 25, 12 * k)
    assert all(len(ln.pieces) == 2 for ln in lines.text_lines(stacked))
    codes = run("类", 0, 0) + run("款", 30, 0) + run("项", 60, 0) + run("科目名称", 120, 0)
    codes += run("201", 0, 20, 6) + run("06", 30, 20, 6) + run("01", 60, 20, 6) + run("行政运行", 120, 20)
    assert [p.text for p in lines.text_lines(codes)[0].pieces] == ["类", "款", "项", "科目名称"]
    empty = run("科目编码", 5, 0) + run("科目名称", 120, 0) + run("类", 0, 20) + run("款", 20, 20) + run("项", 40, 20)
    assert [p.text for p in lines.text_lines(empty)[1].pieces] == ["类", "款", "项"]  # an empty table's heads


def test_a_row_border_broken_by_a_merged_cell_is_the_tables_rule():
    """Rules under each indicator row, broken where 定量指标 is merged over the rows
    (and the tall 绩效指标 label at the left): the piece left of the break is short
    and ends where no long rule ends, yet it is in line with one — the table's."""
    from budgetpdf.extract.lines import Rule
    words = []
    for k, (name, value) in enumerate((("控制率", "100%"), ("完成率", "70%"), ("结余率", "2%"))):
        words += run(name, 20, 30 * k + 5) + run(value, 200, 30 * k + 5) + run("2", 400, 30 * k + 5)
        words += run("否", 560, 30 * k + 5)
    words += run("定量", 100, 35)
    rules = []
    for y in (0.0, 30.0, 60.0, 90.0):
        if y in (0.0, 90.0):
            rules.append(Rule(y, 0.0, 600.0))
        else:  # broken at the merged 定量指标 cell (90–150) and the label column (0–15)
            rules += [Rule(y, 15.0, 90.0), Rule(y, 150.0, 600.0)]
    region = lines.text_lines(words)
    found = {(r.y, r.x0) for r in lines.table_rules(region, rules)}
    assert {(30.0, 15.0), (60.0, 15.0)} <= found


def test_a_fields_label_and_its_value_set_close_are_two_pieces():
    """"项目名称" and "临时救助" 0.4 glyph apart (a tight cell padding): a field label
    a header block prints, then its value — Han text never leaves such a gap; a
    text that is no label keeps it (a gap inside one cell)."""
    def spaced(a, b):
        return run(a, 0, 0) + run(b, 10 * len(a) + 4.0, 0)
    assert [p.text for p in lines.text_lines(spaced("项目名称", "临时救助"))[0].pieces] == ["项目名称", "临时救助"]
    assert [p.text for p in lines.text_lines(spaced("主管部门", "濉溪县民政局"))[0].pieces] == ["主管部门", "濉溪县民政局"]
    assert [p.text for p in lines.text_lines(spaced("临时救助", "资金"))[0].pieces] == ["临时救助资金"]


def test_a_value_between_the_characters_of_a_stacked_label_is_no_paragraph():
    """"项" / "目" / "第一师…建设项目" / "名" / "称": a long value centred in its
    row, level with the middle of a label printed a character per line beside
    it, above a table without rules: a row of the table, not prose above it."""
    from budgetpdf.extract import borderless
    words = run("项", 0, 0) + run("目", 0, 14) + run("第一师六团巩固脱贫攻坚与乡村振兴衔接基地建设项目", 24, 21)
    words += run("名", 0, 28) + run("称", 0, 42)
    words += run("主", 0, 64) + run("管", 0, 78) + run("农业农村局", 24, 71) + run("实施单位", 140, 71)
    words += run("六团农业发展服务中心", 200, 71)
    words += run("类别", 0, 100) + run("专项资金", 24, 100) + run("项目期", 140, 100) + run("1年", 200, 100)
    (grid,) = borderless.grids_from(words, [], 1)
    texts = [c.text for c in grid.cells]
    assert "第一师六团巩固脱贫攻坚与乡村振兴衔接基地建设项目" in texts, texts
    assert "项目名称" in texts and "主管" in texts, texts


def test_a_word_no_cell_took_is_a_loose_line():
    """Every character is somewhere: a word inside a grid's box but outside its
    rows (a grid built from the rows below it) is a loose line, not lost."""
    from budgetpdf.extract.grid import build_grid, loose_lines
    grid = build_grid([(0, 10, 50, 20), (50, 10, 100, 20)], run("项目", 2, 11), 1, "stream")
    stray = [Word("注", 5, 9.2, 9, 10.6)]  # its centre just above the first row
    assert [ln.text for ln in loose_lines(stray, [grid])] == ["注"]
