"""What a caption above a performance table names (readers.titles)."""
from __future__ import annotations

import pytest

from budgetpdf.readers.titles import allocated_fund, project_name_from_title


@pytest.mark.parametrize("caption,name", [
    ("生猪(牛羊)调出大县奖励资金区域绩效目标表", "生猪(牛羊)调出大县奖励资金"),  # a transfer payment's
    ("2019年度宁晋县高中助学金项目绩效评价指标表", "宁晋县高中助学金项目"),
    ("附件:雾炮车抑尘降尘服务项目支出绩效目标表", "雾炮车抑尘降尘服务"),
    ("项目支出绩效目标表", None),
    ("东莞市司法局2026年项目支出绩效目标表", None),
    ("关于某镇设施农业葡萄种植项目绩效目标设定的公示", "某镇设施农业葡萄种植项目"),  # a notice's title
    ("部门预算项目绩效目标申报表(2023年度)", None),  # the kind of table, no project
    ("2020年度县级专项资金绩效目标自评表", None),
])
def test_project_named_by_a_caption(caption, name):
    assert project_name_from_title(caption) == name


@pytest.mark.parametrize("sentence,fund", [
    ("经省政府同意,现下达你单位2021年第四季度省级会展项目奖励资金(具体项目及金额详见附件),此项资金列…",
     "2021年第四季度省级会展项目奖励资金"),
    ("关于下达2023年中央财政衔接推进乡村振兴资金预算指标的通知", "2023年中央财政衔接推进乡村振兴资金"),
    ("现将2024年农业生产发展资金下达给你们，请按规定使用。", "2024年农业生产发展资金"),
    ("下达各县2023年第一批水利发展资金，请", "2023年第一批水利发展资金"),
    ("根据工作安排，现将有关事项通知如下：", None),
    ("本年度一般公共预算支出1,200万元，比上年下降5%。", None),
])
def test_the_fund_a_notice_allocates(sentence, fund):
    """A table printed without a project name under a notice is the fund the notice allocates."""
    assert allocated_fund(sentence) == fund
