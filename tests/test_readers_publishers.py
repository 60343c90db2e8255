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
    # a district's unit under a city's department publishes its own table; a province's
    # department over a unit naming no place stays the publisher
    ([("主管部门", "丽江市自然资源和规划局"), ("实施单位", "丽江市古城区自然资源局")], "丽江市古城区自然资源局"),
    ([("主管部门", "甘孜州卫生健康委"), ("实施单位", "炉霍县卫生健康局")], "炉霍县卫生健康局"),
    ([("主管部门", "湘潭市城市管理和综合执法局"), ("实施单位", "湘潭市环境卫生管理处")], "湘潭市城市管理和综合执法局"),
    ([("主管部门", "自治区教育厅"), ("实施单位", "宁夏长庆初级中学")], "自治区教育厅"),
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


@pytest.mark.parametrize("rows", [
    [["项目支出名称", "雾炮车降尘服务", "预算部门", "市环境卫生管理处"]],          # paired in one row
    [["项目名称", "雾炮车降尘服务"], ["预算单位", "市环境卫生管理处"]],              # the unit line under the name
    [["项目名称", "雾炮车降尘服务"], ["主管预算部门", "市环境卫生管理处"]],
])
def test_a_department_in_the_projects_header_block_is_the_projects(rows):
    """预算部门 / 预算单位 in a project's header block name its department; they
    open no 部门整体 block of their own, which would take the indicators."""
    walker = Walker("万元")
    n = max(len(r) for r in rows + [HEADER])
    grid = [list(r) + ["<"] * (n - len(r)) for r in rows + [HEADER, ["产出指标", "数量指标", "车辆数", "10辆"]]]
    walker.feed(grid_from_rows(grid))
    [block] = walker.finish()
    row = block.project_row()
    assert (block.kind, row["name"], row["department"]) == ("project", "雾炮车降尘服务", "市环境卫生管理处")
    assert len(block.indicators) == 1


def test_amount_and_period_labels_of_a_spending_table():
    block = _block([["项目支出名称", "雾炮车降尘服务"], ["年度本级预算金额", "250万"],
                    ["项目支出实施期", "2023.07-2024.01"],
                    HEADER, ["产出指标", "数量指标", "车辆数", "10辆"]])
    row = block.project_row()
    assert (row["amount_yuan"], row["start_year"], row["end_year"]) == (2500000.0, 2023, 2024)


def test_a_total_printed_only_as_its_subtotals():
    """年度资金总额 as a header over 财政拨款小计 / 自有资金小计: the amount is their sum;
    the levels of 一般公共预算 under 财政拨款小计 do not count twice."""
    block = _block([["项目名称", "特困家庭再扶助"], ["年度资金总额", "金额(万元)"],
                    ["(一)财政拨款小计", "6.30"], ["1、一般公共预算", "6.30"], ["2、政府性基金", "0.00"],
                    ["(二)自有资金小计", "0.00"],
                    HEADER, ["产出指标", "数量指标", "扶助户数", "10户"]])
    row = block.project_row()
    assert (row["amount_yuan"], row["amount_raw"], row["fiscal_yuan"], row["other_yuan"]) == \
        (63000.0, "6.30", 63000.0, 0.0)


def test_no_total_label_no_total_from_parts():
    block = _block([["项目名称", "某项目"], ["财政拨款", "8,082.59"], ["其他资金", "0.00"],
                    HEADER, ["产出指标", "数量指标", "户数", "10户"]])
    row = block.project_row()
    assert (row["amount_yuan"], row["fiscal_yuan"]) == (None, 80825900.0)


def test_money_lines_printed_in_one_cell():
    """湖南's 项目资金申请 cell: 资金总额:250 / 一、预算资金:250 / 二、自有资金:0 /
    三、其他:0 on lines of one cell (read joined): a label and amount each, the
    numbered budget money the fiscal part."""
    block = _block([["项目名称", "雾炮车抑尘降尘服务"],
                    ["项目资金申请(万元)", "资金总额:250一、预算资金:250二、自有资金:0三、其他:0"],
                    HEADER, ["产出指标", "数量指标", "车辆数", "10台"]])
    row = block.project_row()
    assert (row["amount_yuan"], row["fiscal_yuan"], row["other_yuan"]) == (2500000.0, 2500000.0, 0.0)


def test_money_lines_in_one_cell_with_labels_left_blank():
    """"公共财政拨款:683政府性基金拨款:纳入专户管理的非税收入拨款:21其他资金:": a
    label printed with no amount is no pair; the others keep theirs."""
    block = _block([["单位名称", "某中学"], ["年度预算申请(万元)", "资金总额:704"],
                    [None, "公共财政拨款:683政府性基金拨款:纳入专户管理的非税收入拨款:21其他资金:"],
                    HEADER, ["产出指标", "数量指标", "学生数", "500人"]])
    row = block.project_row()
    assert (row["amount_yuan"], row["fiscal_yuan"], row["special_yuan"], row["other_yuan"]) == (7040000.0, 6830000.0, 210000.0, None)


@pytest.mark.parametrize("text, unit", [
    ("现将产业建设资金500万元下达你们,纳入统筹整合资金实施方案", "万元"),
    ("现将产业建设资金下达你们", None),               # no amount in the text
    ("另安排补助资金30万元", None),                   # another amount: no evidence
])
def test_a_notice_states_the_unit_its_table_leaves_out(text, unit):
    from pathlib import Path
    from budgetpdf.extract.grid import TextLine
    from budgetpdf.model import PageContent, PdfContent
    from budgetpdf.readers.document import unit_in_prose
    table = grid_from_rows([["项目名称", "果园路", "<"], ["资金情况", "年度资金总额:", "500"],
                            [None, "其中:财政拨款", "500"], HEADER[:3], ["产出指标", "数量指标", "公路里程"]])
    page = PageContent(1, 595, 842, grids=[table], lines=[TextLine(text, 40, 100, 550, 112)])
    assert unit_in_prose(PdfContent(Path("x.pdf"), [page])) == unit


def test_a_forms_option_list_is_no_project_type():
    block = _block([["项目名称", "化肥减量增效"], ["项目类别", "1、部门预算项目£2、区直专项£3、上级转移支付项目R"],
                    HEADER, ["产出指标", "数量指标", "示范面积", "≥20000亩"]])
    assert block.project_row()["project_type"] is None


def test_a_funds_row_under_formula_headers():
    """预算数(A) | 执行数(B) | 执行率(B/A) | 得分(20分*执行率): a header's bracketed
    formula names no column (the score is no execution rate), and the share it
    prints is the block's maximum when no 分值 column does."""
    block = _block([["项目名称", "化肥减量增效", "<", "<", "<"],
                    ["预算执行情况(万元)(20分)", "预算数(A)", "执行数(B)", "执行率(B/A)", "得分(20分*执行率)"],
                    ["年度财政资金总额", "278.4449", "30.00", "10.77%", "2.16"],
                    ["一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)"],
                    ["产出指标", "数量指标", "示范面积", "≥20000亩", "20000亩"]])
    row = block.project_row()
    assert (row["amount_yuan"], row["executed_yuan"], row["execution_rate"]) == (2784449.0, 300000.0, 10.77)
    assert (row["budget_score_max"], row["budget_score"]) == (20.0, 2.16)


def test_a_covers_year_on_its_own_line_starts_the_title():
    from pathlib import Path
    from budgetpdf.extract.grid import TextLine
    from budgetpdf.model import PageContent, PdfContent
    from budgetpdf.readers.facts import find_title
    lines = [TextLine("2024年度", 250, 40, 340, 62, 22.0), TextLine("岳阳铁山灌区汨罗市管理所部门决算", 120, 100, 470, 126, 26.0),
             TextLine("编制单位：岳阳铁山灌区汨罗市管理所", 150, 300, 420, 312, 12.0)]
    lines += [TextLine(f"正文第{k}行的文字内容较长一些", 60, 400 + 14 * k, 500, 412 + 14 * k, 12.0) for k in range(8)]
    content = PdfContent(Path("x.pdf"), [PageContent(1, 595, 842, lines=lines)])
    assert find_title(content, []) == "2024年度岳阳铁山灌区汨罗市管理所部门决算"


def test_a_funds_total_named_fiscal_is_the_fiscal_amount():
    block = _block([["项目名称", "春节走访慰问经费", "<", "<"],
                    ["预算执行情况(万元)", "预算数(A)", "执行数(B)", "执行率(B/A)"],
                    ["年度财政资金总额", "34.64", "34.64", "100%"],
                    ["一级指标", "二级指标", "三级指标", "年初目标值(A)"],
                    ["产出指标", "数量指标", "走访人数", "≥300人"]])
    row = block.project_row()
    assert (row["amount_yuan"], row["fiscal_yuan"]) == (346400.0, 346400.0)


def test_a_two_em_dash_glyph_reads_as_two_dashes():
    from budgetpdf.extract.vector import _two_em
    assert (_two_em("—", 22.0, 11.0), _two_em("—", 11.0, 11.0), _two_em("一", 22.0, 11.0)) == ("——", "—", "一")


def test_a_total_row_printing_its_share_and_a_grade():
    block = _block([["项目名称", "春节走访慰问经费", "<", "<", "<"],
                    ["一级指标", "二级指标", "三级指标", "年初目标值", "得分"],
                    ["产出指标", "数量指标", "走访人数", "≥300人", "50"],
                    ["总分(100分)", "<", "100", "自评等级", "优"]])
    row = block.project_row()
    assert (row["total_score_max"], row["total_score"]) == (100.0, 100.0)


def test_a_score_merged_over_rows_scores_them_once():
    block = _block([["项目名称", "共享工程", "<", "<", "<", "<"],
                    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分"],
                    ["产出指标", "数量指标", "WIFI布点", "全覆盖", "全覆盖", "10"],
                    [None, None, "电子阅览室", "1个", "1个", None],
                    [None, "时效指标", "完成时间", "2022年", "2022年", "5"]])
    assert [i["score"] for i in block.indicators] == [10.0, None, 5.0]


def test_level_labels_printed_after_a_page_break_label_the_rows_above_it():
    """A spreadsheet prints a merged label once, where the merged range's middle
    falls: rows above the break sit under blank merged 一级 / 二级 cells that run
    to the page's end, and the labels open the next page."""
    walker = Walker("万元")
    walker.feed(grid_from_rows([["项目名称", "共享工程", "<", "<"], HEADER,
                                ["产出指标", "数量指标", "存储备份器", "25TB"],
                                ["", "", "读者查找", "更快"], [None, None, "资源查询", "可扩展"]], page=1))
    walker.feed(grid_from_rows([["效益指标", "社会效益", "文化活动", "丰富"],
                                [None, "生态效益", "环境优良", "良好"]], page=2))
    [block] = walker.finish()
    assert [(i["level1"], i["level2"]) for i in block.indicators] == [
        ("产出指标", "数量指标"), ("效益指标", "社会效益指标"), ("效益指标", "社会效益指标"),
        ("效益指标", "社会效益指标"), ("效益指标", "生态效益指标")]


def test_a_row_carried_to_the_next_page_keeps_the_tables_columns():
    """One row on the next page, no header: its long explanation beside the name
    looks like a name to content alone; the level columns line up with the
    table in force, so its roles hold."""
    walker = Walker("万元")
    header = ["一级指标", "二级指标", "三级指标", "指标说明", "年度指标值"]
    walker.feed(grid_from_rows([["项目名称", "高龄津贴", "<", "<", "<"], header,
                                ["产出指标", "质量指标", "覆盖率", "享受补贴人数占申报对象总数的比例", ">=98%"]], page=1,
                               widths=[60, 80, 90, 200, 60]))
    walker.feed(grid_from_rows([["满意度指标", "服务对象满意度指标", "服务对象满意度", "享受津贴的对象对老龄工作的满意程度", ">=95%"]],
                               page=2, widths=[60, 80, 90, 200, 60]))
    [block] = walker.finish()
    assert [i["name"] for i in block.indicators] == ["覆盖率", "服务对象满意度"]


@pytest.mark.parametrize("header, role", [("单项指标折算得分", "rate"), ("单项指标得分", "score"),
                                          ("单位(文字描述)", "unit"), ("单项指标完成情况", "explanation")])
def test_self_evaluation_headers_of_other_templates(header, role):
    from budgetpdf.readers.roles import role_of
    assert role_of(header) == role


def test_rows_above_the_first_level2_of_a_table_printing_no_level1():
    """A rule-less table whose 一级 column is blank throughout and whose first
    rows print no 二级 either: they take the 一级 the first 二级 implies (时效指标
    is 产出's); three rows above it are not rows it is centred on, so no 二级."""
    grid = grid_from_rows([["项目名称", "养殖场建设", "<", "<"], HEADER,
                           ["", "", "新增特色产业数量", "≥1个"], ["", "", "养殖场数", "≥1个"], ["", "", "验收合格率", "100%"],
                           ["", "时效指标", "开工时限", "2021年7月"], ["", "成本指标", "围墙300米", "300元/米"]])
    grid.strategy = "stream"
    walker = Walker("万元")
    walker.feed(grid)
    [block] = walker.finish()
    assert [(i["level1"], i["level2"]) for i in block.indicators[:4]] == [
        ("产出指标", None), ("产出指标", None), ("产出指标", None), ("产出指标", "时效指标")]


def test_a_header_in_unknown_words_two_rows_above_the_first_level_label():
    """Without rules a level label centred on its rows sits below the first of
    them: the header row in words the vocabulary does not know (绩效内容 |
    绩效目标值 | 实际完成值) is looked for above that row too, and gives the roles."""
    grid = grid_from_rows([["项目名称", "人才驿站补助资金", "<", "<", "<"],
                           ["评价内容", "绩效内容", "绩效目标值", "实际完成值", "累计完成率"],
                           ["", "人才驿站数量", ">=2个", "0个", "0%"],
                           ["数量目标", "组织活动数量", ">=28次", "40次", "143%"],
                           ["", "服务人次", ">=500人", "1700人", "340%"],
                           ["质量目标", "政策知晓率", ">=95%", "98%", "103%"]])
    grid.strategy = "stream"
    walker = Walker("万元")
    walker.feed(grid)
    [block] = walker.finish()
    assert [(i["name"], i["annual_raw"], i.get("actual_raw")) for i in block.indicators] == [
        ("人才驿站数量", ">=2个", "0个"), ("组织活动数量", ">=28次", "40次"), ("服务人次", ">=500人", "1700人"),
        ("政策知晓率", ">=95%", "98%")]
    # the row above the label centred on it: kept, and leveled by it
    assert (block.indicators[0]["level1"], block.indicators[0]["level2"]) == ("产出指标", "数量指标")


def test_an_indicator_table_printing_no_levels_keeps_its_rows():
    """指标 | 指标权重 | 计量单位 | 指标性质 | 指标值, no 一级/二级 column: the rows are
    indicators all the same (their levels unknown, and the document says so);
    ≥ / 定性 in 指标性质 join the value, 当年预算 is the amount."""
    walker = Walker("万元")
    walker.feed(grid_from_rows([["专项资金名称", "汇总项目库", "<", "<", "<", "<"],
                                ["当年预算", "229.66", "<", "<", "<", "<"],
                                ["绩效指标", "指标", "指标权重", "计量单位", "指标性质", "指标值"],
                                [None, "发放人数", "20", "人数", "≥", "80"],
                                [None, "按时足额发放率", "10", "%", "≥", "95"],
                                [None, "促进社会和谐", "20", "", "定性", ""],
                                [None, "表十二", "", "", "", ""]]))  # the next table's number, at the page's foot
    [block] = walker.finish()
    assert block.project_row()["amount_yuan"] == 2296600.0
    assert [(i["level1"], i["name"], i["annual_raw"], i.get("weight")) for i in block.indicators] == [
        ("", "发放人数", "≥80人数", 20.0), ("", "按时足额发放率", "≥95%", 10.0), ("", "促进社会和谐", "定性", 20.0)]
    assert any(p[0] == "levels_missing" for p in walker.problems)


def test_a_funds_grid_total_row_under_its_parts():
    """收入构成 | 财政拨款 / 其他资金 / 合计 with this year's amounts beside: the
    合计 is the department's amount."""
    walker = Walker("万元")
    walker.feed(grid_from_rows([["部门(单位)名称", "广水市教育局", "<", "<"],
                                ["总体资金情况", "<", "当年金额", "占比"],
                                ["收入构成", "财政拨款", "108292.73", "88.3%"],
                                [None, "其他资金", "14348.77", "11.7%"],
                                [None, "合计", "122641.5", "100%"],
                                ["支出构成", "基本支出", "93199.91", "75.99%"],
                                [None, "合计", "122641.5", "100%"]]))
    [block] = walker.finish()
    row = block.project_row()
    assert (row["amount_yuan"], row["fiscal_yuan"], row["other_yuan"]) == (1226415000.0, 1082927300.0, 143487700.0)


def test_a_group_over_the_standard_levels_of_the_central_investment_template():
    # 中央预算内投资计划绩效目标表: 实施效果指标 groups the standard level-1 names printed
    # under 二级指标; a second group (过程管理指标) has groups of its own under it
    block = _block([["专项名称", "以工代赈示范工程"], HEADER,
                    ["实施效果指标", "产出指标", "劳务报酬占中央投资比例", "≥32.68%"],
                    [None, "效益指标", "项目区农村基础设施条件", "持续改善"],
                    ["过程管理指标", "计划管理指标", "投资计划分解用时", "≤20工作日"],
                    [None, "资金管理指标", "中央预算内投资支付率", "≥95%"]])
    assert [(i["level1"], i["level2"], i["level1_raw"]) for i in block.indicators] == [
        ("产出指标", None, "实施效果指标"), ("效益指标", None, "实施效果指标"),
        ("过程管理指标", "计划管理指标", "过程管理指标"), ("过程管理指标", "资金管理指标", "过程管理指标")]


def test_standard_level_pairs_are_not_regrouped():
    block = _block([["项目名称", "某项目"], HEADER,
                    ["产出指标", "数量指标", "补助人数", "≥100人"],
                    [None, "成本指标", "人均补助标准", "≤500元"],
                    ["效益指标", "社会效益指标", "生活条件", "改善"],
                    ["满意度指标", "满意度指标", "群众满意度", "≥90%"]])
    assert [(i["level1"], i["level2"]) for i in block.indicators] == [
        ("产出指标", "数量指标"), ("产出指标", "成本指标"), ("效益指标", "社会效益指标"),
        ("满意度指标", "满意度指标")]


def test_the_years_money_of_a_medium_term_and_annual_funds_block():
    """中期资金总额 | … | 年度资金总额 | … over 其中:财政拨款 on both sides: the year's
    财政拨款 is the fiscal amount, the medium term's is not."""
    block = _block([["项目名称", "人工增雨飞机作业项目"],
                    ["中期资金总额:", "449.8万", "年度资金总额:", "189.8万"],
                    ["其中:财政拨款", "449.8万", "其中:财政拨款", "189.8万"],
                    HEADER, ["产出指标", "数量指标", "作业航时", "≥30小时"]])
    row = block.project_row()
    assert (row["amount_yuan"], row["fiscal_yuan"]) == (1898000.0, 1898000.0)


def test_a_blank_annual_side_sets_no_annual_target():
    """中期 | 年度 sides, only the medium-term side filled: the rows have a period
    target and no annual one; a worded target with a number is a target."""
    block = _block([["项目名称", "车辆维修燃油费"],
                    ["一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"],
                    ["产出指标", "数量指标", "完成修理养护的车辆数量", "≥90辆", "数量指标", "", ""],
                    ["产出指标", "质量指标", "飞机增雨作业航时", "暂定量按15次作业且总航时不少于30小时测算", "质量指标", "", ""]])
    assert [(i["name"], i["period_raw"], i["annual_raw"]) for i in block.indicators] == [
        ("完成修理养护的车辆数量", "≥90辆", None),
        ("飞机增雨作业航时", "暂定量按15次作业且总航时不少于30小时测算", None)]


def test_one_worded_target_under_a_value_header():
    block = _block([["项目名称", "人工增雨飞机作业项目"], HEADER,
                    ["产出指标", "数量指标", "飞机增雨作业航时", "暂定量按15次作业且总航时不少于30小时测算"]])
    assert [i["annual_raw"] for i in block.indicators] == ["暂定量按15次作业且总航时不少于30小时测算"]
