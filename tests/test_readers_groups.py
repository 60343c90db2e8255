"""Level columns whose names the vocabulary does not know: a 一级指标 / 二级指标
header over cells that group the rows (merged, or printed once with blanks
below) is a level column, whatever the group names are (a 部门整体 evaluation's
规划 / 过程 / 产出 with score shares)."""
from __future__ import annotations

import pytest

from test_readers import read_rows

HEADER = ["序号", "一级指标", "二级指标", "三级指标", "指标分值", "自评得分"]


@pytest.mark.parametrize("carried", [None, ""], ids=["merged", "printed-once"])
def test_group_names_under_level_headers_are_levels(carried):
    blocks = read_rows([
        HEADER,
        ["1", "规划(15分)", "基础信息(3分)", "基础信息完整性", "3", "3"],
        ["2", carried, "工作计划(6分)", "年度工作计划完整性", "3", "3"],
        ["3", carried, carried, "年度工作计划明确性", "3", "2"],
        ["4", "过程(20分)", "资金管理(10分)", "资金使用合规性", "10", "9"],
    ])
    rows = blocks[0].indicators
    assert [(r["level1"], r["level2"], r["name"]) for r in rows] == [
        ("规划", "基础信息", "基础信息完整性"),
        ("规划", "工作计划", "年度工作计划完整性"),
        ("规划", "工作计划", "年度工作计划明确性"),
        ("过程", "资金管理", "资金使用合规性"),
    ]


def test_one_group_over_the_whole_table_is_its_level_not_a_label():
    rows = read_rows([
        HEADER,
        ["1", "规划(15分)", "基础信息(3分)", "基础信息完整性", "3", "3"],
        ["2", None, "工作计划(6分)", "年度工作计划完整性", "3", "3"],
    ])[0].indicators
    assert {r["level1"] for r in rows} == {"规划"}


def test_a_level_header_over_indicator_sentences_is_still_not_a_level():
    """The header cell sits over names that are sentences, one per row: the
    names, not levels (the header is misplaced)."""
    rows = read_rows([
        ["一级指标", "二级指标", "指标值"],
        ["产出指标", "完成全年培训任务，覆盖全部乡镇。", "≥90%"],
        [None, "开展技术服务，提升农户满意程度。", "≥95%"],
    ])[0].indicators
    assert all(r["level2"] != r["name"] for r in rows)
    assert rows[0]["name"] == "完成全年培训任务，覆盖全部乡镇。"


def test_a_group_over_known_level_names_is_a_label_over_them():
    """天津 中央预算内投资 tables: 一级指标 over one merged 实施效果指标, 二级指标
    over 产出指标 / 效益指标: the known level names to its right are the levels."""
    rows = read_rows([
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["实施效果指标", "产出指标", "建设项目个数", "1"],
        [None, None, "竣工验收合格率", "100%"],
        [None, "效益指标", "粪污综合利用率", "≥90%"],
    ])[0].indicators
    assert [(r["level1"], r["name"]) for r in rows] == [
        ("产出指标", "建设项目个数"), ("产出指标", "竣工验收合格率"), ("效益指标", "粪污综合利用率")]


def test_roles_carried_onto_a_table_set_anew_move_with_its_columns():
    """A continuation page whose table was set narrower (its last page laid
    out anew): the roles in force take this grid's edges, column for column;
    edges that do not pair up leave them as they were."""
    from budgetpdf.readers import sections
    from budgetpdf.readers.roles import Column, RoleMap
    before = [65.6, 88.1, 203.1, 255.6, 408.6, 472.6]
    now = [61.4, 77.9, 180.9, 222.4, 390.9, 469.9]
    roles = RoleMap([Column("p_name", 88.1, 203.1, "项目名称"), Column("p_amount", 203.1, 255.6, "项目资金"),
                     Column("goal", 255.6, 408.6, "年度绩效目标"), Column("level1", 408.6, 472.6, "一级指标")], "flat")
    moved = sections.moved(roles, before, now)
    assert [(c.role, c.x0, c.x1) for c in moved.columns] == [
        ("p_name", 77.9, 180.9), ("p_amount", 180.9, 222.4), ("goal", 222.4, 390.9), ("level1", 390.9, 469.9)]
    assert sections.moved(roles, before, now[:-1]) is roles
    split = [65.6, 88.1, 150.0, 203.1, 255.6, 408.6]  # one column split, one gone: the table lines up
    assert sections.moved(roles, before, split) is roles
