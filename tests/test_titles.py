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
    # a year inside the name (a funds document's number and its year)
    ("1、邯财社2018126号提前下达2019年中央财政困难群众救助补助预算指标绩效目标表",
     "邯财社2018126号提前下达2019年中央财政困难群众救助补助预算指标"),
    ("东莞市司法局2026年部门预算项目绩效目标表", None),
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


@pytest.mark.parametrize("title,department", [
    ("湘潭市环境卫生管理处2023年部门预算", "湘潭市环境卫生管理处"),
    ("皖江江南新兴产业集中区（管委会）2024年一般公共预算“三公”经费预算", "皖江江南新兴产业集中区（管委会）"),
    ("2024年昌宁县卡斯镇“三公”经费预算财政拨款情况统计表", "昌宁县卡斯镇"),
    ("施甸县2016年“三公”经费决算情况统计表", None),  # a place: only where nothing else names one
    ("2021年区本级“三公”经费预算支出表", "区本级"),
    ("金寨经济开发区2021年度项目支出绩效目标申报表", "金寨经济开发区"),  # a development zone's committee
    ("2024年项目支出绩效目标表", None),
    ("2023年一般公共预算支出表", None),
    ("关于下达2024年资金的通知", None),
])
def test_department_named_by_a_title(title, department):
    from budgetpdf.readers.facts import department_from_title
    assert department_from_title(title) == department
    assert department_from_title(title, place=True) == (department or ("施甸县" if "施甸" in title else None))


def _content(*texts):
    from pathlib import Path
    from budgetpdf.extract.grid import TextLine
    from budgetpdf.model import PageContent, PdfContent
    lines = [TextLine(t, 60, 40 + 20 * k, 530, 52 + 20 * k, 12.0) for k, t in enumerate(texts)]
    return PdfContent(Path("x.pdf"), [PageContent(1, 595, 842, lines=lines)])


def test_a_notice_names_its_issuer_before_guanyu():
    from budgetpdf.readers.facts import labelled_department, notice_issuer
    content = _content("巫溪县财政局关于提前转下达2025年农村危房改造补助资金预算的函", "巫溪县住房和城乡建设委员会")
    assert notice_issuer(content) == "巫溪县财政局"
    assert notice_issuer(_content("关于下达2023年资金的通知")) is None  # (no issuer printed before 关于)
    assert labelled_department(_content("主管部门名称:福建省台湾同胞联谊会")) == "福建省台湾同胞联谊会"


def test_a_self_evaluation_filed_the_next_year_is_of_the_year_before():
    """No year printed but a filing date: a year's self-evaluation is filed after it."""
    from budgetpdf.readers.facts import document_facts
    from budgetpdf.readers.records import Block
    content = _content("单位名称:塘湖镇政府 填报日期:2021.5.18", "部门整体支出绩效自评表")
    facts = document_facts(content, [Block("department", "x", "self_evaluation", 1, fields={"table_kind": "self_evaluation"})], [], [])
    assert (facts["year"], facts["budget_stage"]) == (2020, "final")
    # a year printed anywhere wins; a target table's filing date is no evaluated year
    assert document_facts(_content("2022年部门整体支出绩效自评表", "填报日期:2023.3.1"), [], [], [])["year"] == 2022
    assert document_facts(_content("项目支出绩效目标表", "填报日期:2021.5.18"), [], [], [])["year"] is None


def test_an_evaluation_titled_as_one_is_final():
    from budgetpdf.readers.facts import find_stage
    assert find_stage("2019年度宁晋县高中助学金项目绩效评价指标表", _content("x"), []) == "final"
    assert find_stage("2024年部门预算项目绩效评价指标", _content("x"), []) == "budget"
