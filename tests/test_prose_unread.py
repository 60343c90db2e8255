"""Targets written as running prose that no project heading owns are seen and
flagged (status partial, check unread_prose), never silently dropped; budget
prose that merely names the levels is not flagged."""
from __future__ import annotations

from budgetpdf.readers.prose import Paragraph, ProseReader


def unread(texts: list[str]) -> list[int]:
    reader = ProseReader("元")
    reader.read([Paragraph(t, 1) for t in texts])
    return reader.unread


def test_notice_with_level_headings_of_their_own():
    """A 公示 notice: "一、产出指标" alone on a line, the targets in the paragraph after."""
    assert unread(["关于某镇设施农业种植项目绩效目标设定的公示",
                   "一、产出指标",
                   "数量指标:种植数量>=17600株;时效指标:完成及时率>=100%。",
                   "二、效益指标",
                   "经济效益指标:特色产业产值≥80万元。",
                   "三、满意度指标",
                   "服务对象满意度指标,受益户满意度≥95%。"]) == [1]


def test_levels_and_a_rate_in_one_paragraph():
    assert unread(["产出指标：完成率100%，效益指标：群众受益，满意度指标：满意度90%"]) == [1]


def test_budget_prose_that_names_the_levels_is_not_targets():
    assert unread(["二、收支说明",
                   "2024年收入预算1267万元，比上年增长4.58%。",
                   "三、名词解释",
                   "绩效目标：包括产出指标、效益指标和满意度指标。"]) == []


def test_a_notice_titled_by_its_project_is_that_project():
    """The same 公示 read with its title: one project, the level headings' targets
    its indicators, the money and the overall goal from the body."""
    reader = ProseReader("元")
    texts = ["关于某镇设施农业种植项目绩效目标设定的公示",
             "安排资金50万元,实施某镇设施农业种植项目,项目总体绩效目标是:增加产值80万元。现将绩效目标设定如下:",
             "一、产出指标",
             "数量指标:种植数量(≥**株)>=17600株;时效指标:完成及时率(≥**%)>=100%。",
             "三、满意度指标",
             "服务对象满意度指标,受益户满意度(≥**%)≥95%。"]
    blocks = reader.read([Paragraph(t, 1) for t in texts], title=texts[0])
    assert [b.name for b in blocks] == ["某镇设施农业种植项目"]
    block = blocks[0]
    assert block.fields["amount_raw"] == "50万元" and block.fields["period_goal"] == "增加产值80万元"
    assert [(i["level1"], i["level2"], i["name"], i["annual_raw"]) for i in block.indicators] == [
        ("产出指标", "数量指标", "种植数量(≥**株)", ">=17600株"),
        ("产出指标", "时效指标", "完成及时率(≥**%)", ">=100%"),
        ("满意度指标", "服务对象满意度指标", "受益户满意度(≥**%)", "≥95%")]
    assert reader.unread == []


def test_a_description_under_a_quoted_heading_is_one_project():
    """"“X”项目。" and its numbered labels ("(1)项目概述。…"): one project; a
    label paragraph is never a project heading of its own."""
    reader = ProseReader("元")
    texts = ["“农村文化建设配套补助经费”项目。",
             "(1)项目概述。做好送戏进万村,满足人民日益增长的文化需求。",
             "(2)立项依据。文化惠民工程实施方案",
             "(3)实施主体。某市文化旅游体育局",
             "(4)起止时间。2025年1月-12月",
             "(6)年度预算安排。农村文化建设配套补助经费预算安排5万元"]
    blocks = reader.read([Paragraph(t, 1) for t in texts])
    assert [b.name for b in blocks] == ["农村文化建设配套补助经费"]
    f = blocks[0].fields
    assert (f["unit"], f["start_year"], f["end_year"], f["amount_yuan"]) == ("某市文化旅游体育局", 2025, 2025, 50000.0)


def test_a_description_of_a_tabled_project_adds_to_it():
    """The same project described in prose and printed as a target table is one
    project: the table's values stand, the prose adds what the table lacks."""
    from budgetpdf.readers.prose import merge_described
    from budgetpdf.readers.records import Block
    table = Block("project", "农村文化建设配套补助经费", "project_tables", 2)
    table.set("unit", "表中的实施单位")
    table.add_indicator("产出指标", "数量指标", "开展送戏进万村", None, "≥70村", 2)
    prose = Block("project", "农村文化建设配套补助经费", "prose", 1)
    prose.set("unit", "文中的实施主体")
    prose.set("start_year", 2025)
    other = Block("project", "另一个项目", "prose", 1)
    assert merge_described([table], [prose, other]) == [other]
    assert table.fields["unit"] == "表中的实施单位" and table.fields["start_year"] == 2025
    assert len(table.indicators) == 1 and table.pages == {1, 2}
