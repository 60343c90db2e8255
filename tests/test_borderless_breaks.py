"""Borderless tables across a page break: cells of one merged block agree on
how it is aligned (rows a break left above a project are not its own), and a
project's first row alone on a page goes on with the table of the page before,
and a table's first row alone at a page's foot is a table of its own."""
from __future__ import annotations

from budgetpdf.extract import borderless
from test_borderless_stages import cells_of, run


def test_cells_of_one_block_agree_on_how_it_is_aligned():
    """A continuation page: five indicator rows of the previous page's project,
    then a project whose number and name sit level with the first line of its
    three-line goal.  The number happens to be centred on all eleven rows, but
    the goal beside it is not: the cells of the block are top-aligned, and the
    rows above belong to no block of this project."""
    words = []
    for k in range(11):
        top = 20 * k
        words += run("数量" if k % 2 else "质量", 195, top) + run("指标" + "甲乙丙丁戊己庚辛壬癸子"[k], 235, top) + run("好", 295, top)
    words += run("4", 0, 100) + run("供水保障", 20, 100)
    words += run("维护管网和取水设施保障", 70, 100) + run("沿线群众饮水安全目标", 70, 112) + run("达成", 70, 124)
    grid, = borderless.grids_from(words, [], 1)
    number = next(c for c in grid.cells if c.text == "4")
    first = next(c for c in grid.cells if c.text == "指标己")
    assert (number.row, number.rowspan) == (first.row, 6)


def test_one_row_alone_on_a_page_goes_on_with_the_page_before():
    """A project's first row printed alone at a page's top before the page
    breaks again: read with the previous page's column edges it is a row of
    that table (it names a level); without them, one row is no table.  So are
    a budget table's last rows (收入总计 … 支出总计 …)."""
    words = run("3", 0, 0) + run("灌区防汛", 20, 0) + run("18.00", 70, 0)
    words += run("做好值班值守", 130, 0) + run("和隐患排查", 130, 12)
    words += run("产出指标", 200, 0) + run("数量指标", 250, 0) + run("≥12次", 300, 0)
    template = [-2.0, 15.0, 65.0, 125.0, 195.0, 245.0, 295.0, 360.0]
    grid, = borderless.grids_from(words, [], 2, template)
    assert cells_of(grid) == [["3", "灌区防汛", "18.00", "做好值班值守和隐患排查", "产出指标", "数量指标", "≥12次"]]
    assert borderless.grids_from(words, [], 2) == []
    # a budget table's last rows alone at the top of a page (a label and two amounts) go on too
    budget = run("上年结转", 20, 0) + run("收入总计", 20, 18) + run("2,234.44", 70, 18) + run("支出总计", 200, 18)
    budget += run("2,234.44", 300, 18)
    grid, = borderless.grids_from(budget, [], 2, template)
    assert cells_of(grid) == [["上年结转"], ["收入总计", "2,234.44", "支出总计", "2,234.44"]]
    assert borderless.grids_from(budget, [], 2) == []  # (without the page before: no table)


def test_a_header_block_row_alone_at_a_page_foot_is_a_table():
    """A table, a new table's title, and the new table's first row (专项资金名称 |
    its name) before the page breaks: that row is a grid, the project the next
    page's rows belong to.  Any other lone line at the foot is no table."""
    words = []
    for k, (a, b, c) in enumerate([("指标", "权重", "指标值"), ("发放人数", "20", "80"), ("保障收入", "20", "定性")]):
        words += run(a, 0, 20 * k) + run(b, 100, 20 * k) + run(c, 160, 20 * k)
    title = run("2023年一般性项目绩效目标表", 20, 80, size=16)
    foot = run("专项资金", 0, 120) + run("名称", 0, 132) + run("在职村村干部补助", 100, 126)  # a narrow label wraps
    *_, last = borderless.grids_from(words + title + foot, [], 1)
    assert cells_of(last) == [["专项资金名称", "在职村村干部补助"]]
    other = run("填表说明", 0, 120) + run("：", 0, 132) + run("本表由项目单位填写", 100, 126)
    assert len(borderless.grids_from(words + title + other, [], 1)) == 1
