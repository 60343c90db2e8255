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


