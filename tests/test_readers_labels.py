"""Header blocks and level labels as other provinces print them (readers.walk,
readers.header_block, readers.continued): fields before any project name, funds
by level of government, a wrapped level label cut over two rule-less rows, a
score share cut off its level label."""
from __future__ import annotations

from dataclasses import replace

from budgetpdf.readers.continued import join_cut_labels
from budgetpdf.readers.labels import without_goal_label
from budgetpdf.readers.walk import Walker
from test_readers import grid_from_rows

HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]


def test_fields_printed_before_any_name_wait_for_the_block():
    """主管部门:X | 资金总额:Y in one cell each, no 项目名称: the project the table
    opens takes them, and the fund the notice above allocates is its name."""
    walker = Walker("万元")
    walker.line("经省政府同意,现下达你单位2021年第四季度省级会展项目奖", 1)  # wrapped where the
    walker.line("励资金(具体项目详见附件),", 1)  # page's width ends
    walker.line("项目绩效目标表", 1)
    walker.feed(grid_from_rows([["主管部门:省商务厅", "<", "资金总额:2430.30", "<"],
                                ["总体目标", "全年实现会展业综合收入不低于280亿元", "<", "<"],
                                HEADER,
                                ["产出指标", "数量指标", "会展业综合收入", "≥280亿元"]]))
    [block] = walker.finish()
    row = block.project_row()
    assert block.name == "2021年第四季度省级会展项目奖励资金"
    assert (row["department"], row["amount_raw"], row["amount_yuan"]) == ("省商务厅", "2430.30", 24303000.0)
    assert row["period_goal"] == "全年实现会展业综合收入不低于280亿元"
    assert [i["annual_raw"] for i in block.indicators] == ["≥280亿元"]


def test_fields_no_table_takes_are_dropped():
    """Header fields whose grid and the next open no project go to none later."""
    walker = Walker("元")
    walker.feed(grid_from_rows([["主管部门", "某局"]]))
    walker.feed(grid_from_rows([["说明", "无"]]))
    walker.feed(grid_from_rows([["项目名称", "后来的项目"]]))
    [block] = walker.finish()
    assert block.project_row()["department"] is None


def test_funds_by_level_of_government_add_up():
    walker = Walker("万元")
    walker.feed(grid_from_rows([["项目(专项)名称", "绿化美化项目"],
                                ["区级主管部门", "区林业局"],
                                ["其中:1.中央资金", "100"],
                                ["2.市级资金", "53.5"],
                                ["3.区级资金", ""]]))
    [block] = walker.finish()
    row = block.project_row()
    assert block.name == "绿化美化项目" and row["department"] == "区林业局"
    assert row["fiscal_yuan"] == 1535000.0


def test_funds_from_the_level_above_are_fiscal():
    """"其中:上级资金16" under 年度资金总额: transfers from the government above."""
    walker = Walker("万元")
    walker.feed(grid_from_rows([["项目名称", "薄弱学校改造补助资金"], ["资金情况(万元)", "年度资金总额:16"],
                                [None, "其中:上级资金16"]]))
    [block] = walker.finish()
    assert block.project_row()["fiscal_yuan"] == 160000.0


def test_level_label_cut_over_two_rule_less_rows_is_one_label():
    rows = [HEADER,
            ["效益指标", "经济效", "木材销售收入", "1100万元"],
            [None, "益指标", "林产品收入", "2.6亿元"],
            [None, "社会效", "提高就业率", "显著"],
            [None, "益指标", "……", ""]]
    grid = replace(grid_from_rows(rows), strategy="stream", _index={})
    joined = join_cut_labels(grid)
    assert joined.at(1, 1) is joined.at(2, 1) and joined.at(1, 1).text == "经济效益指标"
    assert joined.at(3, 1).text == "社会效益指标"
    ruled = grid_from_rows(rows)
    assert join_cut_labels(ruled) is ruled  # rules drew those cells: left alone
    walker = Walker("元")
    walker.open_block("project", "p", "project_tables", 1)
    walker.feed(grid)
    inds = walker.finish()[0].indicators
    assert [(i["level2"], i["name"]) for i in inds] == [("经济效益指标", "木材销售收入"),
                                                       ("经济效益指标", "林产品收入"),
                                                       ("社会效益指标", "提高就业率")]


def test_score_share_cut_off_a_level_label_is_not_a_level():
    walker = Walker("元")
    walker.open_block("project", "p", "project_tables", 1)
    walker.feed(grid_from_rows([HEADER,
                                ["产出指标", "数量指标", "造林面积", "1.2万亩"],
                                ["(50)", "时效指标", "当期完成", "90%"],
                                [None, "成本指标", "造林补助", "每亩300"]]))
    inds = walker.finish()[0].indicators
    assert [i["level1"] for i in inds] == ["产出指标"] * 3


def test_goal_sub_label_run_into_its_text():
    assert without_goal_label("预期目标目标1:造林1.2万亩") == "目标1:造林1.2万亩"
    assert without_goal_label("目标1:造林1.2万亩") == "目标1:造林1.2万亩"
    assert without_goal_label("年度目标1:完成培训") == "年度目标1:完成培训"
    assert without_goal_label("完成年度目标任务") == "完成年度目标任务"


def test_header_label_wrapped_over_rule_less_rows_is_one_label():
    """专项 / 资金 / 名称, a line each, beside the value on the first line only."""
    rows = [["专项", "县级储备粮", "负责人", "某某"],
            ["资金", "", "", ""],
            ["名称", "", "", ""],
            ["县级", "某县商务局", "实施单位", "某股"],
            ["主管", "", "", ""],
            ["部门", "", "", ""]]
    grid = join_cut_labels(replace(grid_from_rows(rows), strategy="stream", _index={}))
    assert grid.at(0, 0).text == "专项资金名称" and grid.at(2, 0) is grid.at(0, 0)
    assert grid.at(3, 0).text == "县级主管部门"
    walker = Walker("元")
    walker.feed(grid)
    [block] = walker.finish()
    assert block.name == "县级储备粮" and block.project_row()["department"] == "某县商务局"


def test_name_wrapped_onto_a_rule_less_row_of_its_own():
    """A row one line tall with only the end of a name, under an indicator with a
    value, is the name's second line; in a ruled grid it would be a row of its own."""
    rows = [HEADER,
            ["产出指标", "数量指标", "5000吨稻谷、500吨成", "100%"],
            [None, None, "品粮储备到位率", ""],
            [None, None, "库存数量真实率", "100%"],
            [None, None, "待定指标", ""]]
    for strategy, names in (("stream", ["5000吨稻谷、500吨成品粮储备到位率", "库存数量真实率", "待定指标"]),
                            ("lattice", ["5000吨稻谷、500吨成", "品粮储备到位率", "库存数量真实率", "待定指标"])):
        walker = Walker("元")
        walker.open_block("project", "p", "project_tables", 1)
        walker.feed(replace(grid_from_rows(rows), strategy=strategy, _index={}))
        assert [i["name"] for i in walker.finish()[0].indicators] == names, strategy


def test_blank_actual_column_of_a_template_is_no_self_evaluation():
    """A target template printing 实际完成值 | 未达到指标值原因 columns left blank sets
    targets; one with the actual values filled in evaluates itself."""
    for actual, kind in (("", "target"), ("100%", "self_evaluation")):
        walker = Walker("元")
        walker.open_block("project", "p", "project_tables", 1)
        walker.feed(grid_from_rows([["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "未达到指标值原因"],
                                    ["产出指标", "数量指标", "应受助学生数", "100%", actual, ""]]))
        assert walker.finish()[0].project_row()["table_kind"] == kind


def test_a_name_cell_over_a_blank_actual_column_is_no_actual():
    """Without a rule between them, an indicator's name cell covers the blank
    实际实现值 column beside it: the name is not the actual value."""
    walker = Walker("元")
    walker.open_block("project", "p", "project_tables", 1)
    walker.feed(grid_from_rows([["一级指标", "二级指标", "三级指标", "2021年实际实现值", "预期2022年实现值"],
                                ["产出指标", "数量指标", "主体班培训人次", "<", "280人次"]]))
    [block] = walker.finish()
    assert [(i["annual_raw"], i.get("actual_raw")) for i in block.indicators] == [("280人次", None)]
    assert block.project_row()["table_kind"] == "target"


def test_page_break_cutting_a_multi_project_row_and_its_level_label():
    """A table printed by a word processor over two pages: the break cut the
    project's merged cells ("…技术推广" / "经费") and the level label ("产出指" /
    "标"); the page's first row carries them on, no project or level of its own."""
    header = ["项目名称", "项目资金", "年度目标", "一级指标", "二级指标", "三级指标", "指标值"]
    walker = Walker("万元")
    walker.feed(grid_from_rows([header, ["绿色建材宣传及技术推广", "14.00", "组织宣传活动，提高", "产出指",
                                         "数量指标", "培训人数", "≥200人次"]], page=1))
    walker.feed(grid_from_rows([header, ["经费", "", "社会认识。", "标", "质量指标", "培训合格率", "≥95%"]], page=2))
    [block] = walker.finish()
    row = block.project_row()
    assert (block.name, row["amount_raw"], row["annual_goal"]) == \
        ("绿色建材宣传及技术推广经费", "14.00", "组织宣传活动，提高社会认识。")
    assert [(i["level1"], i["level2"], i["name"]) for i in block.indicators] == [
        ("产出指标", "数量指标", "培训人数"), ("产出指标", "质量指标", "培训合格率")]


def test_lines_above_the_table_give_its_amount_and_publisher():
    """填报单位(公章)：X and 金额：100 万元 printed above a table that prints neither."""
    from budgetpdf.readers.labels import line_pairs
    assert line_pairs("填报单位(公章):常德市某局") == [("填报单位", "常德市某局")]
    assert line_pairs("填报单位:(盖章)单位:万元") == [("单位", "万元")]  # a placeholder is no publisher
    walker = Walker("元")
    walker.line("金额:100 万元", 1)
    walker.feed(grid_from_rows([["项目名称", "考核工作经费"], ["项目填报人", "某某"]]))
    [block] = walker.finish()
    row = block.project_row()
    assert (row["amount_raw"], row["amount_yuan"]) == ("100万元", 1000000.0)


def test_rows_above_a_centred_label_in_a_rule_less_table_take_it():
    """Without rules a merged level cell prints its label centred on its rows: the
    first rows of the table have blank level cells of their own, not a shared one."""
    rows = [HEADER,
            ["", "", "禁毒舞台剧宣传的场次", "≥1场"],
            ["产出指标", "数量指标", "毛发检查试剂数量", "≥2400份"],
            ["", "质量指标", "经费支出合规性", "严格执行"]]
    for strategy, levels in (("stream", ("产出指标", "数量指标")), ("lattice", ("", None))):
        walker = Walker("万元")
        walker.open_block("project", "禁毒经费", "project_tables", 1)
        grid = grid_from_rows(rows)
        grid.strategy = strategy
        walker.feed(grid)
        [block] = walker.finish()
        first = block.indicators[0]
        assert (first["level1"], first["level2"]) == levels, strategy
        assert [i["level2"] for i in block.indicators[1:]] == ["数量指标", "质量指标"]


def test_a_caption_wrapped_over_two_lines_names_the_project():
    walker = Walker("万元")
    walker.line("2019年预算项目绩效目标", 1)
    walker.line("1、邯财社2018126号提前下达2019年中央财政困难群众救助补助预算指标绩", 1)
    walker.line("效目标表", 1)
    walker.feed(grid_from_rows([HEADER, ["产出指标", "数量指标", "救助人数", "≥100人"]]))
    [block] = walker.finish()
    assert block.name == "邯财社2018126号提前下达2019年中央财政困难群众救助补助预算指标"


def test_a_grading_scale_gives_its_top_grade_as_the_target():
    """An older template: 绩效指标 (short names) beside 绩效指标描述 (sentences) and a
    grading scale 优 | 良 | 中 | 差 under 绩效指标评价标准: the names are the 绩效指标
    column, the target is the top grade, the lower grades are thresholds."""
    walker = Walker("万元")
    walker.line("困难群众救助补助绩效目标表", 1)
    walker.feed(grid_from_rows([
        ["绩效指标分类", "绩效指标", "绩效指标描述", "绩效指标评价标准", "<", "<", "<", "评价标准确定依据"],
        [None, None, None, "优", "良", "中", "差", None],
        ["产出指标", "救助覆盖率", "困难群众基本生活救助是否应救尽救", "100%", "90%", "85%", "85%", "按临时救助标准评价"],
        [None, "农村低保救助资金按标准发放的比率", "救助标准与经济社会发展水平相适应,救助资金按标准发放的比率",
         "90%", "80%", "70%", "70%", "按临时救助标准评价"],
        ["效果指标", "救助对象对救助工作满意度(%)", "问卷调查中,满意和较满意的救助对象数量占调研对象总数的比率",
         "85%", "80%", "70%", "70%", "按服务对象满意度评价"]]))
    [block] = walker.finish()
    assert [(i["level1"], i["name"], i["annual_raw"]) for i in block.indicators] == [
        ("产出指标", "救助覆盖率", "100%"), ("产出指标", "农村低保救助资金按标准发放的比率", "90%"),
        ("效果指标", "救助对象对救助工作满意度(%)", "85%")]


def test_money_labels_over_a_second_header_row_and_their_amounts():
    """专项资金情况: 本年度预计投入 | 财政资金 (中央 | 省级 | 市级资金 | 本级) | 其他 over
    one row of amounts: the group's amount is the sum of its parts."""
    walker = Walker("万元")
    walker.feed(grid_from_rows([
        ["专项名称", "雨露计划就学补助项目", "<", "<", "<", "<", "<"],
        ["专项资金情况", "本年度预计投入(万元)", "财政资金(万元)", "<", "<", "<", "其他"],
        [None, None, "中央", "省级", "市级资金", "本级", None],
        [None, "7", "0", "7", "0.5", "0", "0"],
        HEADER + ["<", "<", "<"],
        ["产出指标", "数量指标", "补助人数", "≥40人", "<", "<", "<"]]))
    [block] = walker.finish()
    row = block.project_row()
    assert (row["amount_yuan"], row["fiscal_yuan"], row["other_yuan"]) == (70000.0, 75000.0, 0.0)


def test_a_money_unit_printed_as_a_pair_of_the_block():
    """金额单位: | 万元 beside the other pairs; 预算数 | 6.84 | 执行数 | 6.84 are labels
    with their amounts, not a funds block's header."""
    walker = Walker(None)
    walker.feed(grid_from_rows([
        ["项目名称:", "19名百岁老人高龄津贴", "金额单位:", "万元"],
        ["预算数", "6.84", "执行数", "6.84"],
        ["其中:财政资金", "6.84", "其中:财政资金", "6.84"],
        HEADER,
        ["产出指标", "数量指标", "发放人数", "≥19人"]]))
    [block] = walker.finish()
    row = block.project_row()
    assert (row["amount_raw"], row["amount_yuan"], row["fiscal_yuan"]) == ("6.84", 68400.0, 68400.0)


def test_start_and_end_dates_under_their_labels():
    """湖南's 实施计划 | 实施开始时间 | 实施结束时间 over 2021/1/1 | 2021/12/31."""
    walker = Walker("万元")
    walker.feed(grid_from_rows([["项目名称", "考核工作经费", "<", "<"],
                                ["实施计划", "实施开始时间", "实施结束时间", "实施内容"],
                                ["^", "2021/1/1", "2022/12/31", "1、10处水源地规范化建设项目"]]))
    [block] = walker.finish()
    row = block.project_row()
    assert (row["start_year"], row["end_year"]) == (2021, 2022)
