"""Budget-table titles and headers seen in held-out 决算 documents: a table number run
into the title, a title with a bracketed qualifier, group headers over a column-number
row without vertical rules, and a 行次 number spread over the blank amount beside it."""
from __future__ import annotations

import pytest

from budgetpdf.normalize import budget as vocab
from budgetpdf.readers.budget_headers import analyse
from budgetpdf.readers.budget_lines import Table, table_rows
from test_budget_tables import grid


@pytest.mark.parametrize("line, title, number", [
    ("表五　一般公共预算财政拨款支出决算表", "一般公共预算财政拨款支出决算表", "表五"),  # spaces dropped: 表五一般…
    ("表十 一般公共预算财政拨款基本支出表", "一般公共预算财政拨款基本支出表", "表十"),
    ("表十一 一般公共预算表", "一般公共预算表", "表十一"),
    ("附表2-1 一般公共预算支出表", "一般公共预算支出表", "附表2-1"),
    ("表二十一 收入总表", "收入总表", "表二十一"),
])
def test_a_number_before_yiban_keeps_the_title_whole(line, title, number):
    assert vocab.title_parts(line) == (title, number, False)
    assert vocab.is_title(line)


@pytest.mark.parametrize("line", [
    "2023年一般公共预算支出预算表（不含上年结转）",
    "2023年项目支出预算表（本年预算）",
    "2023年政府性基金预算支出表(不含上年结转)",
])
def test_a_title_with_a_qualifier_after_its_biao(line):
    assert vocab.is_title(line)
    assert vocab.title_parts(line)[0].endswith(("）", ")"))  # the qualifier is part of the title
    assert not vocab.is_title("一、部门收支总体情况说明（详见附表）")


def _sangong(strategy: str):
    g = grid([
        ["", "", ("预算数", 2, 1), "", "", "", "", ("决算数", 2, 1), "", ""],
        ["合计", "因公出国（境）费", ("公务用车购置及运行费", 3, 1), "公务接待费",
         "合计", "因公出国（境）费", ("公务用车购置及运行费", 3, 1), "公务接待费"],
        ["", "", "小计", "公务用车购置费", "公务用车运行费", "", "", "", "小计", "公务用车购置费", "公务用车运行费", ""],
        [str(i) for i in range(1, 13)],
        ["16.00", "", "12.00", "", "12.00", "4.00", "10.36", "", "8.50", "", "8.50", "1.86"],
    ], strategy=strategy)
    # without vertical rules each group is printed centred over its columns
    for r, c, centre in ((0, 2, 180), (0, 8, 540), (1, 2, 210), (1, 8, 570)):
        cell = g.at(r, c)
        cell.text_x0 = centre - 5 * len(cell.text)
    return g


def test_groups_over_a_column_number_row_without_vertical_rules():
    lay = analyse(_sangong("hrules"), char_w=10.0)
    car = "公务用车购置及运行费"
    for side, cols in (("预算数", range(0, 6)), ("决算数", range(6, 12))):
        assert [lay.columns[c].path for c in cols] == [
            f"{side}/合计", f"{side}/因公出国（境）费", f"{side}/{car}/小计", f"{side}/{car}/公务用车购置费",
            f"{side}/{car}/公务用车运行费", f"{side}/公务接待费"]
    assert lay.body == [4]


def test_a_row_number_spread_over_a_blank_amount_is_no_amount():
    g = grid([
        ["项目", "行次", "金额"],
        ["一、一般公共预算财政拨款", "1", "18,654,327.46"],
        ["二、政府性基金预算财政拨款", ("2", 2, 1)],   # the blank 金额 cell swallowed by 行次
    ], strategy="hrules", widths=[180, 40, 100])
    g.at(2, 1).text_x0 = 210.0  # right-aligned in the 行次 column
    row, lines = table_rows(Table("财政拨款收入支出决算总表", None, "元", [(g, analyse(g))]), "d", 1, None)
    assert [(ln["item"], ln["amount_raw"]) for ln in lines] == [("一、一般公共预算财政拨款", "18,654,327.46")]


def test_a_label_cut_by_a_page_break_joins_its_row():
    """A spreadsheet printed over pages cuts a wrapped row: "其他财政事" with its
    amounts at the foot of one page, "务支出" alone at the top of the next page,
    whose rows carry on without a header."""
    from budgetpdf.readers.budget_mend import join_cut_label, reuse_header
    first = grid([["科目编码", "科目名称", "本年收入合计", "财政拨款收入"],
                  ["2010607", "信息化建设", "1,268,480.00", "1,268,480.00"],
                  ["2010699", "其他财政事", "1,166,000.00", "1,046,000.00"]])
    second = grid([["", "务支出", "", ""],
                   ["208", "社会保障和就业支出", "1,985,420.36", "1,985,420.36"]])
    second.page = 2
    lay1, lay2 = analyse(first), analyse(second)
    assert lay2.header == []  # a lone piece of a label is no header row
    reuse_header(second, lay2, lay1, first)
    join_cut_label(second, lay2, first, lay1)
    _, lines = table_rows(Table("收入决算表", None, "元", [(first, lay1), (second, lay2)]), "d", 1, None)
    assert {(ln["code"], ln["item"]) for ln in lines} == {
        ("2010607", "信息化建设"), ("2010699", "其他财政事务支出"), ("208", "社会保障和就业支出")}


def test_a_title_wrapped_onto_a_second_line():
    from budgetpdf.extract.grid import TextLine
    from budgetpdf.model import PageContent
    from budgetpdf.readers.budget_tables import context
    page = PageContent(1, 595, 842, lines=[
        TextLine("2022年省级第七批水利专项资金安排", 60, 350, 530, 368, 18.0),
        TextLine("表", 290, 374, 308, 392, 18.0),
        TextLine("单位:万元", 480, 410, 530, 420, 10.5)])
    ctx = context(page, 300, 430)
    assert (ctx.title, ctx.unit) == ("省级第七批水利专项资金安排表", "万元")


def test_a_header_word_alone_over_the_header_is_a_header_row():
    """项目 centred over the code columns, read without rules as one narrow cell:
    a header row, since the row under it is the header's (a lone "务支出" is not)."""
    g = grid([["", "项目", "", ""],
              ["科目编码", "科目名称", "本年收入合计", "财政拨款收入"],
              ["201", "一般公共服务支出", "420.70", "410.70"]])
    assert analyse(g).header == [0, 1]


def test_a_ratio_column_with_a_bare_zero_keeps_the_zero():
    """比上年增、减幅度 prints 22% and 133% beside a bare 0: a column of numbers (the
    ratios are no amounts), so its 0 is a line like the other columns' cells."""
    g = grid([["项目", "2023年预算数", "2024年预算数", "增、减金额", "增、减幅度"],
              ["合计", "18.15", "22.15", "4", "22%"],
              ["2.公务接待费", "3", "7", "4", "133%"],
              ["（2）公务用车运行费", "15.15", "15.15", "0", "0"]])
    lay = analyse(g)
    assert [c.role for c in lay.columns] == ["label", "amount", "amount", "amount", "amount"]
    _, lines = table_rows(Table("“三公”经费预算财政拨款情况统计表", None, "万元", [(g, lay)]), "d", 1, None)
    assert [(ln["item"], ln["amount_raw"]) for ln in lines if ln["column"] == "增、减幅度"] == \
        [("（2）公务用车运行费", "0")]


def test_the_text_after_a_table_set_as_close_as_a_row_is_no_body_row():
    """The 情况说明 after a 三公 table, its heading and sentences read as rows
    across the grid: not the table's, so the 合计 column stays an amount column."""
    g = grid([
        [("“三公”经费合计", 1, 2), ("因公出国（境）费", 1, 2), ("公务用车购置及运行费", 3, 1), ("公务接待费", 1, 2)],
        ["小计", "公务用车购置费", "公务用车运行费"],
        ["328.7", "10", "78.7", "43", "35.7", "240"],
        [("二、2024年一般公共预算“三公”经费支出预算情况说明", 6, 1)],
        [("某单位2024年一般公共预算“三公”经费支出预算为328.7万元，比2023年预算减少17.3万元。", 6, 1)],
    ], strategy="stream")
    lay = analyse(g, char_w=10.0)
    assert lay.body == [2] and lay.columns[0].role == "amount" and not lay.notes
