"""Targets written as sentences: one paragraph per level, items split into a
name and the value it ends with (readers.freetext.level_paragraph / name_value)."""
from __future__ import annotations

import pytest

from budgetpdf.extract.grid import Word
from budgetpdf.extract.lines import number_cuts
from budgetpdf.readers.freetext import level_paragraph, name_value


@pytest.mark.parametrize("item,want", [
    ("重点项目绩效评价数量不少于20个", ("重点项目绩效评价数量", "不少于20个")),
    ("评价结果应用率≥90%", ("评价结果应用率", "≥90%")),
    ("评价报告复核合格率100%", ("评价报告复核合格率", "100%")),
    ("评价报告完成时间2023年11月30日前", ("评价报告完成时间", "2023年11月30日前")),
    ("补贴资金到账时间审批后不超过10个工作日", ("补贴资金到账时间", "审批后不超过10个工作日")),
    ("预算绩效管理水平持续提升", ("预算绩效管理水平", "持续提升")),
    ("补贴资金违规发放问题数量0起", ("补贴资金违规发放问题数量", "0起")),
    ("完成年度工作任务", None),   # no value to tell apart
    # a placeholder of the indicator library in the name: its comparator is the name's
    ("种植作物成活率(≥**%)>=85", ("种植作物成活率(≥**%)", ">=85")),
    ("★★受益户人口数(≥**户)≥10户", ("受益户人口数(≥**户)", "≥10户")),
])
def test_name_value(item, want):
    assert name_value(item) == want


def test_level_paragraph_with_level2_labels():
    level1, items = level_paragraph("（1）产出指标。数量指标：A项目数量不少于20个；B次数不少于8次。"
                                    "质量指标：C合格率100%。")
    assert level1 == "产出指标"
    assert [(i.level2, i.name, i.annual) for i in items] == [
        ("数量指标", "A项目数量", "不少于20个"), ("数量指标", "B次数", "不少于8次"),
        ("质量指标", "C合格率", "100%")]


def test_level_paragraph_without_level2():
    level1, items = level_paragraph("（3）满意度指标：补贴对象满意度≥90%。")
    assert level1 == "满意度指标" and [(i.level2, i.name, i.annual) for i in items] == [
        (None, "补贴对象满意度", "≥90%")]


def test_other_paragraphs_are_not_level_paragraphs():
    assert level_paragraph("（1）数量指标：X") is None          # a level 2 heads no paragraph of levels
    assert level_paragraph("1.项目概述：本项目用于…") is None


def _chars(text: str, x: float, gaps: dict[int, float]) -> list[Word]:
    out = []
    for i, ch in enumerate(text):
        x += gaps.get(i, 0.0)
        out.append(Word(ch, x, 0.0, x + (5.0 if ch.isascii() else 10.0), 10.0))
        x = out[-1].x1
    return out


def test_a_number_and_the_next_columns_label_are_cut_apart():
    """An amount right-aligned against the next column's label, a cell's padding
    apart, is two pieces; Word's quarter-glyph space between 2023 and 年 is not a cut."""
    run = _chars("2,234.44一般公共服务支出", 0.0, {8: 4.0})
    assert ["".join(w.text for w in r) for r in number_cuts(run, 10.0)] == ["2,234.44", "一般公共服务支出"]
    run = _chars("2023年度部门决算", 0.0, {4: 2.2})
    assert len(number_cuts(run, 10.0)) == 1


def test_a_numbered_heading_whose_point_was_lost():
    """"1“文化中心运营专项经费”项目。" as OCR (or a careless print) gives it: the
    number before the quoted name still heads a project description."""
    from budgetpdf.readers.prose import Paragraph, ProseReader
    blocks = ProseReader("元").read([Paragraph("1“文化中心运营专项经费”项目。(1)项目概述。主要用于文化中心运营。"
                                               "(3)实施主体。六安市叶集区文化旅游体育局。(6)年度预算安排。财政拨款634万元。", 1)])
    assert [b.name for b in blocks] == ["文化中心运营专项经费"]


def test_level_paragraph_of_a_notice():
    """Level-2 labels written 目标 for 指标 or followed by a comma; items run on after a
    value with a comma (a township's 公示)."""
    level1, items = level_paragraph("效益指标:经济效益指标:特色产业产值(≥**万元)≥80万元,促使农户增加收入"
                                    "(≥**万元)≥80万元;社会效益目标:★受益户数(≥**户)≥10户。"
                                    "生态效益指标:生态修复功能提高。可持续影响指标,持续发展。")
    assert level1 == "效益指标"
    assert [(i.level2, i.name, i.annual) for i in items] == [
        ("经济效益指标", "特色产业产值(≥**万元)", "≥80万元"),
        ("经济效益指标", "促使农户增加收入(≥**万元)", "≥80万元"),
        ("社会效益指标", "受益户数(≥**户)", "≥10户"),
        ("生态效益指标", "生态修复功能提高", None),
        ("可持续影响指标", "持续发展", None)]
