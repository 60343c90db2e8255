"""The pipeline on layouts of the development corpus that broke it once, scored
strictly against their truth (committed PDFs): multi-project grids, tightly set and
continued budget tables, two-level project names, rule-less self-evaluations and
headers."""
from __future__ import annotations

import pytest

from budgetpdf.process import process_document
from corpus_scored import CORPUS, scored
from corpus_scored import fmt as _fmt


def test_multi_project_grid_with_a_unit_column():
    """单位名称 | 项目名称 | 预算数 | 年度目标 | indicators: the unit's cell merged down
    over every project is the unit, each project's own merged cell the project; the
    department's subtotal row spanning both columns splits neither (四川 井研)."""
    doc = "sc_jingyan_mata_2023"
    if not (CORPUS / "pdf" / "grid" / f"{doc}.pdf").exists():
        pytest.skip("corpus PDF not rendered (make corpus-render)")
    res = scored(doc, "grid")
    m = res["metrics"]
    assert m["project_f1"] == 1.0 and m["indicator_f1"] == 1.0, _fmt(res)


def test_rule_less_group_headers_sit_over_their_columns():
    """A rule-less 决算 table: "项目" is centred over 类|款|项 and 科目名称, "本年支出"
    over 合计 | 基本支出 | 项目支出; the reader gave "项目" one column too many, so
    合计 read as 项目/合计.  Each group takes the columns it is centred over."""
    result = process_document(CORPUS / "pdf" / "norules" / "hb_zengdu_difangchu_bmjs_2021.pdf")
    table = next(t for t in result.budget_tables if t["title"] == "一般公共预算财政拨款支出决算表")
    columns = {ln["column"] for ln in result.budget_lines if ln["table_id"] == table["table_id"]}
    assert "本年支出/合计" in columns and not any(c.startswith("项目/") for c in columns), columns


@pytest.mark.parametrize("form", ["hrules", "norules"])
def test_multi_project_grid_cut_by_a_page_break(form):
    """江西 单位预算: one landscape grid for four projects (序号 | 项目名称 | 预算金额 |
    年度绩效目标 | 一级 | 二级 | 三级 | 指标值), each project's cells merged and centred
    over its rows, the grid cut by a page break inside a project.  Without rules a
    project's name is centred on a narrow run of rows as well as on a wide one: the
    level labels of the finer columns tell which (a project's block never cuts a
    产出指标 block); with horizontal rules only, a short rule under the rows of the
    right-hand columns beside a merged 数量指标 splits them."""
    res = scored("jx_shanggao_diwuzhongxue_dwys_2025", form)
    m = res["metrics"]
    assert m["project_f1"] == 1.0 and m["indicator_f1"] == 1.0 and m["value_acc"] == 1.0, _fmt(res)


@pytest.mark.parametrize("form", ["hrules", "norules"])
def test_tightly_set_final_accounts(form):
    """广西 部门决算 set tight (11pt, 1pt cell padding, rows 1.29 glyphs apart):
    neighbouring amounts a cell's padding apart stay two amounts (956.32 | 302),
    a right-aligned amount is never read as a label centred over empty columns,
    rows closer than a wrapped line's usual pitch are rows (numbers never wrap),
    and the 栏次 row beside a 科目编码 merged down is the header's column numbers."""
    res = scored("gx_liucheng_zhengfuban_bmjs_2023", form)
    m = res["metrics"]
    assert m["cell_f1"] == 1.0 and m["table_recall"] == 1.0 and m["kind_acc"] == 1.0, _fmt(res)


def test_two_level_project_names_and_dated_header_block():
    """甘肃 省级部门预算项目支出绩效目标表: 一级项目名称 | fund | 二级项目名称 | project —
    the project is the 二级 one, the fund its parent_name (a header label starting
    一级 is no 一级指标 column); 项目开始日期 / 项目完成日期 as ISO dates give the
    years; 项目总投资 the amount; a second project whose header block is all the
    page prints is a project too."""
    res = scored("gs_jiayuguan_bowuguan_2023", "grid")
    m = res["metrics"]
    assert m["project_f1"] == 1.0 and m["indicator_f1"] == 1.0 and m["field_acc"] == 1.0, _fmt(res)
    result = process_document(CORPUS / "pdf" / "grid" / "gs_jiayuguan_bowuguan_2023.pdf")
    parents = [p["parent_name"] for p in result.projects]
    assert parents == ["文化事业发展专项资金", "公共文化服务体系建设专项资金"], parents


def test_self_evaluation_with_scoring_method_columns():
    """北京 自评表 (horizontal rules only): a row holding 实施单位: is a header
    block's row, not a 单位：万元 line; 得分计算方法 beside 得分 is a text column,
    not the score; 其中:本年一般公共预算拨款 is the fiscal row; a one-row 年度总体目标
    with two texts gives the target and what was done."""
    res = scored("bj_haidian_xueyuanlu_2016", "hrules")
    m = res["metrics"]
    assert m["project_f1"] == 1.0 and m["indicator_f1"] == 1.0 and m["field_acc"] == 1.0, _fmt(res)
    assert m["score_acc"] == 1.0 and m["funds_acc"] == 1.0, _fmt(res)


def test_rule_less_self_evaluation_goal_and_unit_lines():
    """上海 自评表 without rules: the funds label "项目资金 (元)" prints its unit on the
    first money row's line, and 年度/总体/目标 one word per row beside 预期目标 |
    实际完成情况: the unit still scales the block, and the text under 实际完成情况
    (and barely under 预期目标's last column) is what was done."""
    res = scored("sh_putuo_tiyu_2022", "norules")
    m = res["metrics"]
    assert m["field_acc"] == 1.0 and m["funds_acc"] == 1.0, _fmt(res)


def test_rule_less_grid_continued_without_its_header():
    """四川 井研 without rules, over three pages, the header on the first only: the
    header's 二级指标 wrapped to 二级 | 指标 is one header of two rows (not a second
    header naming a 指标 column), so pages 2–3 go on under its columns; a wide goal
    text reaching into the 一级指标 column on another page is not that column's cell."""
    res = scored("sc_jingyan_mata_2023", "norules")
    m = res["metrics"]
    assert m["indicator_f1"] == 1.0 and m["value_acc"] == 1.0, _fmt(res)


def test_goal_lines_a_row_each_under_one_label():
    """湖南 南岳 雨露计划申报表: 中长期绩效目标 / 本年度绩效目标 merged over two rows, a
    numbered goal line in each, are one goal each; 专项起止时间 is the period."""
    result = process_document(CORPUS / "pdf" / "grid" / "hn_nanyue_yulu_2023.pdf")
    (project,) = result.projects
    assert project["annual_goal"] == "1.对提供就读学籍证明的学生了放就学补助;2.补助标准为:每生1500元/学期。"
    assert project["period_goal"].startswith("1.") and "2.补助标准" in project["period_goal"]
    assert (project["start_year"], project["end_year"]) == (2023, 2023)


def test_final_accounts_with_self_evaluations_horizontal_rules():
    """贵州 部门决算 with its 自评表 annex, horizontal rules only: a landscape 收支决算总表
    continued on a page whose rule-less columns differ (a group header "收入" set in a
    column of its own) is one table, its lines under the first page's paths; a 栏次
    row stays out of the header; headers set 3pt apart ("全年预算数（A）| 全年执行数（B）")
    are separate cells, so the funds block and the indicators' targets are read."""
    res = scored("gz_qiandongnan_jiguanshiwu_bmjs_2023", "hrules")
    m = res["metrics"]
    assert m["cell_f1"] == 1.0 and m["table_recall"] == 1.0, _fmt(res)
    assert m["indicator_f1"] == 1.0 and m["funds_acc"] == 1.0 and m["score_acc"] == 1.0, _fmt(res)


def test_rule_less_group_keeps_off_the_tall_leaves_beside_it():
    """江西 一般公共预算支出表 without rules: 合计 | 基本支出 (人员经费 | 公用经费) |
    项目支出 — the group 基本支出 is centred as well over its two members as over them
    and the tall leaves on either side; those are leaves of their own."""
    result = process_document(CORPUS / "pdf" / "norules" / "jx_shanggao_diwuzhongxue_dwys_2025.pdf")
    table = next(t for t in result.budget_tables if t["title"] == "一般公共预算支出表")
    columns = {ln["column"] for ln in result.budget_lines if ln["table_id"] == table["table_id"]}
    assert {"合计", "项目支出", "基本支出/人员经费"} <= columns, columns
    assert not any(c in ("基本支出/合计", "基本支出/项目支出") for c in columns), columns
