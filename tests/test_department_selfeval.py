"""A 部门整体 self-evaluation that prints its department nowhere (重庆's budget-system
form, 寿县's scoring sheet): the caption says whose table it is, the funds block has
no row label of its own, the indicator table prints no levels, a yes/no column and a
score coefficient beside the targets."""
from __future__ import annotations

from budgetpdf.readers.labels import goal_field, kv_field
from budgetpdf.readers.roles import role_of
from budgetpdf.readers.selfeval import funds_field
from budgetpdf.readers.walk import Walker
from test_readers import grid_from_rows

HEAD = [["主管部门", "", "财政处室", "", "自评总分(分)", "97.6"],
        ["部门预算执行情况", "年初预算数", "全年(调整)预算数", "全年执行数", "执行率(%)", "执行率权重", "执行率得分(分)"],
        [None, "", "", "", "76%", "10", "7.6"],
        ["当年绩效目标", "年初绩效目标", "全年(调整)绩效目标", "全年目标实际完成情况"],
        [None, "无", "保障中心正常运转,有效承担新闻宣传工作。", "较好地完成了履职任务。"]]
INDICATORS = [["指标名称", "计量单位", "年初指标值", "全年完成值", "得分系数(%)", "指标权重(分)", "指标得分(分)", "是否核心指标"],
              ["预算完成率", "%", "70%", "76%", "100%", "2", "2", "是"],
              ["结转结余率", "%", "2%", "0", "100%", "2", "2", "否"]]


def _pad(rows):
    n = max(len(r) for r in rows)
    return [list(r) + ["<"] * (n - len(r)) for r in rows]


def test_header_words_of_the_form():
    assert (role_of("年初指标值"), role_of("得分系数(%)"), role_of("是否核心指标")) == ("annual", "rate", "flag")
    assert (kv_field("财政处室"), kv_field("自评总分(分)"), kv_field("总分")) == ("office", "total_score", None)
    assert [funds_field(t) for t in ("全年(调整)预算数", "执行率(%)", "执行率权重", "执行率得分(分)")] == [
        "budget_full", "execution_rate", "score_max", "score"]
    assert goal_field("年初绩效目标") == goal_field("全年(调整)绩效目标") == "annual_goal"


def test_a_department_table_named_only_by_its_caption():
    walker = Walker("万元")
    walker.line("部门整体绩效自评表", 1)
    walker.feed(grid_from_rows(_pad(HEAD)))
    walker.feed(grid_from_rows(INDICATORS, page=2))
    [block] = walker.finish()
    row = block.project_row()
    assert (row["kind"], row["department"], row["total_score"]) == ("department", None, 97.6)
    assert (row["execution_rate"], row["budget_score_max"], row["budget_score"]) == (76.0, 10.0, 7.6)
    assert row["annual_goal"] == "保障中心正常运转,有效承担新闻宣传工作。"  # (the 年初 goal is "无")
    assert row["goal_actual"] == "较好地完成了履职任务。"
    assert [(i["name"], i["annual_raw"], i["actual_raw"], i["score"]) for i in block.indicators] == [
        ("预算完成率", "70%", "76%", 2.0), ("结转结余率", "2%", "0", 2.0)]
