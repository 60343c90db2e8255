"""Borderless stage 3, rows, where rows are set a line pitch apart (no padding):
a text that ended short of its column's width is a cell of its own when the next
line starts level with a new cell of another column."""
from __future__ import annotations

from budgetpdf.extract import columns, lines, rows
from budgetpdf.extract.pitch import first_word
from test_borderless_stages import run


def _blocks(words):
    region = lines.text_lines(words)
    edges = columns.column_edges(region)
    pieces = columns.split_at_edges([p for ln in region for p in ln.pieces], edges, 10.0)
    return [["".join(p.text for p in b.pieces) for b in rows.blocks(pieces, edges, [], 10.0, 12.0)], edges]


def test_a_text_that_ended_is_one_cell_the_next_row_another():
    words = run("产出指标", 0, 0) + run("农村低保发放人数(按月", 50, 0) + run("≥21933人", 200, 0)
    words += run("平均)", 50, 12)
    words += run("其中:建档立卡贫困人口", 50, 24) + run("≥9431人", 200, 24)
    words += run("数量", 50, 36)
    words += run("扶贫临时救助人数", 50, 48) + run("≥7人", 200, 48)
    texts, _ = _blocks(words)
    assert "农村低保发放人数(按月平均)" in texts and "其中:建档立卡贫困人口数量" in texts, texts


def test_a_wrapped_text_stays_one_cell():
    """A line that fills its column wraps: the next line is the same text, even
    level with a new cell beside it."""
    words = run("产出指标", 0, 0) + run("农村低保发放人数(按月", 50, 0) + run("≥21933人", 200, 0)
    words += run("平均)数量统计口径说明", 50, 12) + run("≥9431人", 200, 12)
    words += run("合计", 50, 24)
    words += run("扶贫临时救助人数", 50, 36) + run("≥7人", 200, 36)
    texts, _ = _blocks(words)
    assert "农村低保发放人数(按月平均)数量统计口径说明合计" in texts and "扶贫临时救助人数" in texts, texts


def test_a_closing_mark_goes_down_with_the_character_before_it():
    """"…元/户·" / "年)——": the break could not fall between 年 and ")", so what
    did not fit was "年)", not "年"."""
    (line,) = lines.text_lines(run("年)一户年最高", 0, 0))
    assert first_word(line.pieces[0]) == 20.0


def test_a_slash_and_the_number_after_it_go_down_with_the_character_before():
    """"实际收到伙食补助金" / "额/2023年伙食补助预算": no break before a slash nor
    between it and a number, so what did not fit was "额/2023"."""
    (line,) = lines.text_lines(run("额/2023年伙食", 0, 0))
    assert first_word(line.pieces[0]) == 60.0  # 额 / 2 0 2 3


def test_a_bracketed_unit_ends_the_label_above_it():
    """"年度预" / "算申请" / "（万元）" wrapped in a narrow column a line pitch apart
    beside amounts: the unit (its brackets the widest line) is the label's, even
    level with a new cell beside it."""
    words = run("年度预", 0, 0) + run("资金总额", 60, 0) + run("算申请", 0, 12)
    words += run("（万元）", 0, 24) + run("486.72", 60, 24)
    words += run("绩效目标", 0, 48) + run("完成年度工作任务", 60, 48)
    texts, _ = _blocks(words)
    assert "年度预算申请（万元）" in texts, texts




def test_two_columns_that_end_short_on_one_line_end_a_row_together():
    """Two cells of two lines each under one level name, in two columns (an
    indicator and its value), rows a line pitch apart: neither column's next
    line is level with a new cell elsewhere, but both texts ended short on the
    same line and both go on level on the next, so a row ends there."""
    words = run("效益指标", 0, 0) + run("提升疫情防控期间民", 50, 0) + run("显著提升了疫情期间对民", 200, 0)
    words += run("办园扶持力度", 50, 12) + run("办园的发展。", 200, 12)
    words += run("促进学前教育普及普", 50, 24) + run("显著促进了学前教育普及", 200, 24)
    words += run("惠发展", 50, 36) + run("优质发展。", 200, 36)
    words += run("满意度指标", 0, 48) + run("受益租户满意度", 50, 48) + run("≥95%", 200, 48)
    texts, _ = _blocks(words)
    assert "提升疫情防控期间民办园扶持力度" in texts and "促进学前教育普及普惠发展" in texts, texts
    assert "显著提升了疫情期间对民办园的发展。" in texts, texts


def test_one_column_ending_short_alone_does_not_end_a_row():
    """The same, but the value beside it is one wrapped text: a line of the
    indicator that ended short is a line break typed in its cell."""
    words = run("效益指标", 0, 0) + run("提升疫情防控期间民", 50, 0) + run("显著提升了疫情期间对民", 200, 0)
    words += run("办园扶持力度", 50, 12) + run("办幼儿园的发展，大力支", 200, 12)
    words += run("促进学前教育普及普", 50, 24) + run("持了民办幼儿园的发展。", 200, 24)
    words += run("满意度指标", 0, 48) + run("受益租户满意度", 50, 48) + run("≥95%", 200, 48)
    texts, _ = _blocks(words)
    assert "提升疫情防控期间民办园扶持力度促进学前教育普及普" in texts, texts


def test_a_number_after_an_ascii_colon_goes_down_with_the_label():
    """"公共财政拨" / "款:683政府性基金…": no break before the colon nor between
    it and the number, so what did not fit was "款:683"."""
    (line,) = lines.text_lines(run("款:683政府", 0, 0))
    assert first_word(line.pieces[0]) == 50.0  # 款 : 6 8 3


def test_one_label_set_tighter_does_not_set_the_tables_pitch():
    """A narrow label column whose one wrapped label is set tighter ("总体目" /
    "标", 12.75) than the table's wrapped texts (14.25, three of them), by less
    than a row's padding could add: the table's pitch is the one its wraps share.
    Tighter by more (11.75), the lone wrap is the pitch and the others rows."""
    from budgetpdf.extract import rows as stage3

    def pitch(label: float) -> float:
        words = run("总体目", 0, 0) + run("标", 0, label) + run("目标值", 40, 5)
        words += run("指标", 0, 40) + run("暂定量按15次", 40, 40) + run("飞机增", 120, 40)
        words += run("作业且总航时不", 40, 54.25) + run("雨作业", 120, 54.25)
        words += run("少于三十小时测", 40, 68.5) + run("航时", 120, 68.5)
        words += run("算", 40, 82.75)
        region = lines.text_lines(words)
        edges = columns.column_edges(region)
        pieces = [p for ln in region for p in ln.pieces]
        return stage3.line_pitch(stage3.by_column(pieces, edges), edges, 10.0)
    assert pitch(12.75) == 14.25
    assert pitch(11.75) == 11.75


def test_a_target_cut_after_its_units_slash_goes_on():
    """">=570元/" over "人*月": the second line set a jitter lower than the
    pitch allows (a glyph of a fallback font on it), the first not filling its
    column; a unit cut after "/" goes on.  Without the slash, two cells."""
    for first, second, joined in [(">=570元/", "人月", True), (">=570元", "人月", False)]:
        words = run("生活补助标准说明", 0, 0) + run("其他", 0, 12) + run(first, 100, 0) + run(second, 100, 13.0)
        words += run("合计", 0, 32) + run(">=9元每平方米", 100, 32)
        texts, _ = _blocks(words)
        assert (first + second in texts) == joined, texts


def test_a_line_of_latin_glyphs_is_measured_top_to_top_as_well():
    """"产出/指标/(50/分)" stacked in a narrow column: the box of "(50" (a Latin
    font) reaches lower than a Chinese line's, its baseline a jitter beyond the
    pitch; top to top it is a line down, and the label stays one cell."""
    from budgetpdf.extract.grid import Word
    words = run("产出", 0, 0) + run("指标", 0, 12)
    words += [Word(ch, 3 + 5 * i, 24.6, 3 + 5 * (i + 1), 35.6) for i, ch in enumerate("(50")]
    words += run("分)", 0, 36)
    words += run("资金是否全部纳入统筹", 60, 4) + run("100%", 180, 4)
    words += run("资金是否及时纳入", 60, 28) + run("100%", 180, 28)
    texts, _ = _blocks(words)
    assert "产出指标(50分)" in texts, texts


def test_a_line_holding_signs_is_measured_top_to_top_as_well():
    """"受益建档立卡贫困人口数" / "≥**人": the signs' glyphs (a fallback font)
    set their line lower, its top a line pitch down all the same."""
    from budgetpdf.extract.grid import Word
    words = run("受益建档立卡贫困人口数", 60, 0)
    words += [Word(ch, 60 + 10 * i, 12.4, 70 + 10 * i, 24.0) for i, ch in enumerate("≥**人")]
    words += run("满意度", 60, 32) + run(">=29人", 200, 4) + run(">=90%", 200, 32)
    words += run("社会效益", 0, 4) + run("满意度指标", 0, 32)
    texts, _ = _blocks(words)
    assert "受益建档立卡贫困人口数≥**人" in texts, texts
