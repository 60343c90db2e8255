"""A self-evaluation printed across (河北's 2020 form): the funds block as labels each
followed by its amount (预算数 | 6.84 | 到位数 | 6.84 | 执行数 | 6.84) with the
rows below under the amounts, and goal texts under 年度预期目标 | 具体完成情况 going
on over a second row."""
from __future__ import annotations

from budgetpdf.readers.walk import Walker
from test_readers import grid_from_rows

ROWS = [["项目名称", "19名百岁老人高龄津贴", "<", "<", "<", "<"],
        ["预算数", "6.84", "到位数", "6.84", "执行数", "5.00"],
        ["其中:财政资金", "6.84", "其中:财政资金", "6.84", "其中:财政资金", "5.00"],
        ["其他", "0.00", "其他", "0.00", "其他", "0.00"],
        ["年度预期目标", "<", "<", "具体完成情况", "<", "<"],
        ["为我县百岁老人发放补贴。", "<", "<", "为我县百岁老人发放了补贴。", "<", "<"],
        ["促进社会和谐", "<", "<", "社会和谐得到促进", "<", "<"],
        ["一级指标", "二级指标", "三级指标", "预期指标值", "实际完成值", "得分"],
        ["产出指标", "数量指标", "发放人数", "19人", "19人", "50"]]


def _row():
    walker = Walker("万元")
    walker.feed(grid_from_rows(ROWS))
    [block] = walker.finish()
    return block.project_row()


def test_funds_labels_each_followed_by_its_amount():
    row = _row()
    assert (row["budget_full_yuan"], row["executed_yuan"]) == (68400.0, 50000.0)
    assert row["fiscal_yuan"] == 68400.0


def test_goal_texts_go_on_over_the_next_row():
    row = _row()
    assert row["annual_goal"] == "为我县百岁老人发放补贴。促进社会和谐"
    assert row["goal_actual"] == "为我县百岁老人发放了补贴。社会和谐得到促进"
