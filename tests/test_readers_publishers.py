"""Who publishes and spends, and what a target column holds, as held-out templates
print them: 主管部门 of several levels of government, the publishing department of
a table that names both its 主管部门 and its 实施单位, a completion-rate column beside
the targets, and a qualitative target in the 应X尽X form."""
from __future__ import annotations

import pytest

from budgetpdf.readers.facts import block_publisher
from budgetpdf.readers.walk import Walker
from test_readers import grid_from_rows

HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]


def _block(rows, unit="万元"):
    n = max(len(r) for r in rows)
    walker = Walker(unit)
    walker.feed(grid_from_rows([list(r) + ["<"] * (n - len(r)) for r in rows]))  # label | value spans
    [block] = walker.finish()
    return block


@pytest.mark.parametrize("first, second, department", [
    (("中央主管部门", "[120]住房城乡建设部"), ("省级主管部门", "重庆市住房城乡建委"), "重庆市住房城乡建委"),
    (("市级主管部门", "市林业局"), ("区级主管部门", "区林业局"), "区林业局"),
    (("区级主管部门", "区林业局"), ("市级主管部门", "市林业局"), "区林业局"),
    (("主管部门", "县财政局"), ("中央主管部门", "财政部"), "县财政局"),
])
def test_the_most_local_department_spends_it(first, second, department):
    block = _block([["项目名称", "农村危房改造补助资金"], list(first), list(second),
                    HEADER, ["产出指标", "数量指标", "改造户数", "≥10户"]])
    assert block.project_row()["department"] == department


@pytest.mark.parametrize("fields, publisher", [
    ([("主管部门", "县农业农村局"), ("实施单位", "张庄寨镇人民政府")], "县农业农村局"),
    ([("主管部门", "乌海市供销合作社联合社(部门)"), ("实施单位", "乌海市供销合作社联合社")], "乌海市供销合作社联合社"),
    ([("主管部门", "经济建设科"), ("实施单位", "阳泉市公路服务中心")], "阳泉市公路服务中心"),  # an office inside
    ([("实施单位", "稷山县医疗保险服务中心")], "稷山县医疗保险服务中心"),
])
def test_a_tables_publisher_is_its_department_before_its_unit(fields, publisher):
    block = _block([["项目名称", "某项目"]] + [list(f) for f in fields]
                   + [HEADER, ["产出指标", "数量指标", "受益人数", "≥10人"]])
    assert block_publisher(block) == publisher


def test_a_completion_rate_column_is_no_target():
    block = _block([["项目名称", "人才驿站补助资金"],
                    ["一级指标", "二级指标", "三级指标", "绩效目标值", "实际完成值", "累计完成率"],
                    ["产出目标", "数量目标", "当年人才驿站组织活动数量", ">=28次", "40次", "143%"],
                    ["产出目标", "质量目标", "人才政策知晓率", ">=95%", "98%", "103%"]])
    assert [(i["annual_raw"], i["actual_raw"]) for i in block.indicators] == [(">=28次", "40次"), (">=95%", "98%")]


def test_a_single_qualitative_target_in_the_ying_jin_form():
    block = _block([["项目名称", "农村危房改造补助资金"], HEADER,
                    ["产出指标", "数量指标", "农村低收入群体等重点对象危房改造户数", "应改尽改"]])
    assert [i["annual_raw"] for i in block.indicators] == ["应改尽改"]


@pytest.mark.parametrize("label", ["本年度预计投入(万元)", "本年度申请市财政预算资金(万元)", "计划投入资金"])
def test_planned_or_requested_money_is_the_amount(label):
    block = _block([["专项名称", "2023年雨露计划就学补助项目"], [label, "7"],
                    HEADER, ["产出指标", "数量指标", "补助人数", "≥10人"]])
    row = block.project_row()
    assert (row["amount_raw"], row["amount_yuan"]) == ("7", 70000.0)
    assert block_publisher(block) is None


def test_side_by_side_medium_term_and_annual_targets():
    """中期目标(2024年—2026年) | 年度目标 over their texts, and the indicator columns
    printed twice side by side under them: the first side is the period's."""
    from budgetpdf.readers.labels import goal_field
    assert goal_field("中期滚动目标(2019年--2021年)") == "period_goal"
    block = _block([["项目名称", "农产品质检体系建设", "<", "<", "<", "<", "<"],
                    ["总体目标", "中期目标(2024年—2026年)", "<", "<", "年度目标", "<", "<"],
                    [None, "开展农产品质量安全监测,检测批次达到2批次/千人。", "<", "<", "开展监测1批次/千人。", "<", "<"],
                    ["一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"],
                    ["产出指标", "数量指标", "鉴定校准实验室仪器", "≥57个", "数量指标", "鉴定校准实验室仪器", "≥20个"]])
    row = block.project_row()
    assert (row["start_year"], row["end_year"]) == (2024, 2026)
    assert row["period_goal"].startswith("开展农产品") and row["annual_goal"] == "开展监测1批次/千人。"
    assert [(i["period_raw"], i["annual_raw"]) for i in block.indicators] == [("≥57个", "≥20个")]
