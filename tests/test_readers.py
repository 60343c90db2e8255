"""Readers on hand-made grids: roles, labels, numbered lists, merged cells."""
from __future__ import annotations

from budgetpdf.extract.grid import Word, build_grid
from budgetpdf.readers.labels import goal_field, kv_field, strip_code, years
from budgetpdf.readers.numbered import parse_numbered
from budgetpdf.readers.roles import classify_header, role_of
from budgetpdf.readers.walk import Walker


def grid_from_rows(rows, page=1, widths=None):
    """A ruled grid from rows of text: None extends the cell above (rowspan),
    "<" extends the cell to the left (colspan).  Columns fit their longest text."""
    n = len(rows[0])
    widths = widths or [max(8 * len(r[c]) + 12 if r[c] not in (None, "<") else 20 for r in rows)
                        for c in range(n)]
    xs = [sum(widths[:i]) for i in range(n + 1)]
    boxes, words = [], []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text in (None, "<"):
                continue
            right = c + 1
            while right < n and row[right] == "<":
                right += 1
            bottom = r + 1
            while bottom < len(rows) and rows[bottom][c] is None:
                bottom += 1
            boxes.append((xs[c], r * 20, xs[right], bottom * 20))
            for k, ch in enumerate(text):
                words.append(Word(ch, xs[c] + 2 + 8 * k, r * 20 + 5, xs[c] + 10 + 8 * k, r * 20 + 13))
    return build_grid(boxes, words, page, "lattice")


def test_roles_of_header_variants():
    assert role_of("一级指标") == "level1"
    assert role_of("三级指标(年度)") == "name"
    assert role_of("实施周期指标值(或计划水平)") == "period"
    assert role_of("当年度指标值") == "annual"
    assert role_of("*指标值") == "annual"
    assert role_of("指标值(长期)") == "period"
    assert role_of("度量单位") == "unit"
    assert role_of("指标性质") == "op"
    assert role_of("2021年实际实现值") == "actual"
    assert role_of("评(扣)分标准") == "explanation"
    assert role_of("产出指标") is None


def test_merged_level_cells_are_carried_down():
    grid = grid_from_rows([
        ["一级指标", "二级指标", "三级指标", "年度指标值"],
        ["产出指标", "数量指标", "办案数", "≥90宗"],
        [None, None, "培训人数", "2000人"],
        [None, "质量指标", "合格率", "100%"],
        ["满意度指标", "服务对象满意度", "满意率", "≥95%"],
    ])
    walker = Walker("元")
    walker.open_block("project", "测试项目", "project_tables", 1)
    walker.feed(grid)
    rows = walker.finish()[0].indicators
    assert [(r["level1"], r["level2"], r["name"], r["annual_raw"]) for r in rows] == [
        ("产出指标", "数量指标", "办案数", "≥90宗"),
        ("产出指标", "数量指标", "培训人数", "2000人"),
        ("产出指标", "质量指标", "合格率", "100%"),
        ("满意度指标", "服务对象满意度指标", "满意率", "≥95%"),
    ]
    assert rows[0]["annual_op"] == ">=" and rows[0]["annual_value"] == 90


def test_labels_continue_on_the_next_page_without_a_header():
    widths = [80, 80, 80, 80]
    head = grid_from_rows([["一级指标", "二级指标", "三级指标", "年度指标值"],
                           ["产出指标", "数量指标", "办案数", "≥90宗"]], page=1, widths=widths)
    tail = grid_from_rows([["", "", "培训人数", "2000人"]], page=2, widths=widths)
    walker = Walker("元")
    walker.open_block("project", "测试项目", "project_tables", 1)
    walker.feed(head)
    walker.feed(tail)
    block = walker.finish()[0]
    assert [(r["level1"], r["level2"], r["page"]) for r in block.indicators] == [
        ("产出指标", "数量指标", 1), ("产出指标", "数量指标", 2)]
    assert block.project_row()["page_end"] == 2


def test_split_comparator_value_unit_columns_are_joined():
    grid = grid_from_rows([
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重", "指标方向性"],
        ["效益指标", "社会效益指标", "维护社会稳定", "≥", "95", "%", "10", "正向指标"],
    ])
    walker = Walker("元")
    walker.open_block("project", "p", "project_tables", 1)
    walker.feed(grid)
    row = walker.finish()[0].indicators[0]
    assert row["annual_raw"] == "≥95%" and row["period_raw"] is None
    assert row["weight"] == 10 and row["direction"] == "正向指标"


def test_key_value_block_and_goal_labels():
    grid = grid_from_rows([
        ["项目名称", "行政复议专项经费", None, None],
        ["实施周期", "起始年度", "2021", "到期年度"],
        ["2026年预算金额(元)", "944,000.00", "", ""],
        ["总体绩效目标", "实施周期总目标", "", ""],
        [None, "构建统一的行政复议体制", "", ""],
        [None, "2026年度目标", "", ""],
        [None, "依法办结案件", "", ""],
    ], widths=[130, 200, 60, 70])
    walker = Walker("元")
    walker.feed(grid)
    block = walker.finish()[0]
    row = block.project_row()
    assert block.name == "行政复议专项经费"
    assert row["start_year"] == 2021 and row["amount_yuan"] == 944000.0
    assert row["period_goal"] == "构建统一的行政复议体制"
    assert row["annual_goal"] == "依法办结案件"
    assert walker.label_years == [2026, 2026]


def test_header_classification():
    assert classify_header(grid_from_rows([["项目名称", "总计", "财政拨款", "绩效目标", "绩效指标"]]).row(0)).kind == "list"
    assert classify_header(grid_from_rows([["任务名称", "主要内容", "年度预算金额(万元)"]]).row(0)).kind == "tasks"
    assert classify_header(grid_from_rows([["项目", "指标值", "绩效金额"]]).row(0)).kind == "outline"
    assert classify_header(grid_from_rows([["单位名称", "项目名称", "一级指标", "二级指标", "三级指标"]]).row(0)).kind == "flat"
    assert classify_header(grid_from_rows([["产出指标", "数量指标", "办案数", "≥90宗"]]).row(0)) is None


def test_numbered_colon_variant():
    items = parse_numbered("1、产出指标：故障排除速度，年度指标值：<24小时。2、满意度指标：用户满意度，"
                           "年度指标值：95%以上。3、效益指标：保护监狱工作有序开展，构建和谐社会，年度指标值：监狱重大安全事故案件发生率为0。")
    assert [(i.level1, i.level2, i.name, i.period, i.annual) for i in items] == [
        ("产出指标", None, "故障排除速度", None, "<24小时"),
        ("满意度指标", None, "用户满意度", None, "95%以上"),
        ("效益指标", None, "保护监狱工作有序开展，构建和谐社会", None, "监狱重大安全事故案件发生率为0"),
    ]


def test_numbered_coded_variant_and_numbers_inside_names():
    items = parse_numbered("1、1-产出指标；11-数量指标；12348广东法网任务工单处理率；实施周期指标值:100%；年度指标值:100%。"
                           "2、2-效益指标；22-社会效益；全年矛盾纠纷排查次数；实施周期指标值:不少于2000次；年度指标值:不少于2000次。")
    assert [(i.level1, i.level2, i.name, i.period, i.annual) for i in items] == [
        ("产出指标", "数量指标", "12348广东法网任务工单处理率", "100%", "100%"),
        ("效益指标", "社会效益", "全年矛盾纠纷排查次数", "不少于2000次", "不少于2000次"),
    ]


def test_numbered_note_after_value_is_not_the_value():
    items = parse_numbered("1、产出指标：矛盾纠纷案件调解率，年度指标值：100%。（人均年度调解案件数为平均值。）")
    assert items[0].annual == "100%"


def test_labels_and_codes():
    assert kv_field("主管部门及编码") == "department"
    assert kv_field("2024年预算金额（元）") == "amount"
    assert kv_field("部门（单位）名称") == "dept_name"
    assert kv_field("*部门(单位)名称") == "dept_name"
    # other publishers' words for the same fields (天津, 湖南, 陕西, 四川 templates)
    for label, field in [("主管预算部门", "department"), ("预算单位", "dept_name"), ("项目支出实施期", "period"),
                         ("年度本级预算金额", "amount"), ("年初预算资金", "amount"), ("下达中央预算内投资(万元)", "amount"),
                         ("下达资金总额", "amount"), ("其中:公共财政拨款", "fiscal"), ("(一)财政拨款小计", "fiscal"),
                         ("(二)自有资金小计", "other"), ("下达地方或单位", "unit"),
                         ("其中:当年市级财政资金", "fiscal_part"), ("项目概述(限300字以内)", None),
                         ("区级主管单位", "department")]:
        assert kv_field(label) == field, label
    assert goal_field("年度绩效目标(文字)") == "annual_goal"  # a form's instruction is no part of a label
    assert strip_code("820001-井研县马踏镇人民政府") == "井研县马踏镇人民政府"
    assert strip_code("[015001]武汉市青山区教育局") == "武汉市青山区教育局"
    assert years("起始年度 2021 到期年度 2099") == [2021, 2099]
    assert years("202001-202012") == [2020, 2020]


def read_rows(rows, widths=None, block=True):
    walker = Walker("元")
    if block:
        walker.open_block("project", "p", "project_tables", 1)
    walker.feed(grid_from_rows(rows, widths=widths))
    return walker.finish()


def test_two_row_header_splits_the_value_column():
    rows = [["一级指标", "二级指标", "三级指标", "年度指标值"],
            [None, None, None, "指标性质", "指标值", "计量单位"],
            ["产出指标", "数量指标", "培训人次", "≥", "9.6", "万人次"]]
    grid = grid_from_rows([rows[0][:4] + ["<", "<"], rows[1], rows[2]])
    assert grid.at(0, 3) is grid.at(0, 5)  # 年度指标值 spans the three sub-columns
    walker = Walker("元")
    walker.open_block("project", "p", "project_tables", 1)
    walker.feed(grid)
    ind = walker.finish()[0].indicators[0]
    assert ind["annual_raw"] == "≥9.6万人次" and ind["annual_value_std"] == 96000


def test_table_without_level1_column_infers_it():
    ind = read_rows([["二级指标", "指标", "目标值"],
                     ["服务对象满意度指标", "群众满意度", "≥90%"]])[0].indicators[0]
    assert (ind["level1"], ind["name"], ind["annual_raw"]) == ("满意度指标", "群众满意度", "≥90%")


def test_goal_label_with_its_text_beside_it():
    block = read_rows([["项目名称", "社区矫正经费"],
                       ["年度绩效目标", "加强社区矫正对象监督管理"],
                       ["总体目标", "维护社会安全稳定"]], widths=[120, 300], block=False)[0]
    row = block.project_row()
    assert row["annual_goal"] == "加强社区矫正对象监督管理"
    assert row["period_goal"] == "维护社会安全稳定"


def test_indicator_named_like_a_label_stays_an_indicator():
    inds = read_rows([["一级指标", "二级指标", "三级指标", "年度指标值"],
                      ["成本指标", "经济成本指标", "预算金额", "≤50万元"]], widths=[80, 80, 80, 80])[0].indicators
    assert [i["name"] for i in inds] == ["预算金额"]


def test_side_by_side_names_keep_both():
    grid = grid_from_rows([
        ["一级指标", "二级指标", "三级指标", "实施周期指标值", "二级指标", "三级指标", "年度指标值"],
        ["产出指标", "数量指标", "培训人次(三年)", "≥3000人次", "数量指标", "培训人次", "≥1000人次"],
        [None, "质量指标", "合格率", "100%", "质量指标", "合格率", "100%"],
    ])
    walker = Walker("元")
    walker.open_block("project", "p", "project_tables", 1)
    walker.feed(grid)
    rows = walker.finish()[0].indicators
    assert [(r["name"], r.get("period_name"), r["period_raw"], r["annual_raw"]) for r in rows] == [
        ("培训人次", "培训人次(三年)", "≥3000人次", "≥1000人次"), ("合格率", None, "100%", "100%")]


def test_unit_line_above_the_project_name_is_not_a_department():
    grid = grid_from_rows([
        ["单位名称", "某某县教育局", "<", "<"],
        ["项目名称", "校舍维修", "<", "<"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "维修校舍", "3所"],
    ])
    walker = Walker("元")
    walker.feed(grid)
    blocks = walker.finish()
    assert [(b.kind, b.name, b.fields.get("department")) for b in blocks] == [("project", "校舍维修", "某某县教育局")]


def test_indicators_listed_in_a_free_text_cell():
    from budgetpdf.readers.freetext import cell_indicators
    numbered = cell_indicators("指标1部门重点支出占部门整体支出的比例是15%:指标2三公经费2017年比2016年"
                               "增加公务接待费990元:指标3(经济效益):预计收费4000元:……")
    assert [(i.level2, i.name, i.annual) for i in numbered] == [
        (None, "部门重点支出占部门整体支出的比例", "15%"),
        (None, "三公经费2017年比2016年增加公务接待费", "990元"),
        ("经济效益指标", "经济效益", "预计收费4000元")]
    labelled = cell_indicators("质量指标:教学秩序良好。时效指标:按时完成教学任务。环境效益指标:绿化达70%。")
    assert [(i.level2, i.annual) for i in labelled] == [
        ("质量指标", "教学秩序良好。"), ("时效指标", "按时完成教学任务。"), ("环境效益指标", "绿化达70%。")]
    assert cell_indicators("为我县农村公路建设提供规划勘查设计") == []
