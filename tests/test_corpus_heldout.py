"""Held-out documents of the tenth session, each scored once as found and then read:
the central investment template's group over the standard levels, two indicators
beside one merged target without rules, an approval form's funds line and blank
last-year column, small-form comparators, and labels spaced out by hand."""
from __future__ import annotations

import pytest

from budgetpdf.process import process_document
from corpus_scored import CORPUS, scored
from corpus_scored import fmt as _fmt


@pytest.mark.parametrize("form", ["grid", "norules"])
def test_a_group_over_the_standard_levels(form):
    """安徽 舒城 中央预算内投资计划绩效目标表: 实施效果指标 over 产出 / 效益 / 满意度指标
    printed under 二级指标, then 过程管理指标 over groups of its own."""
    res = scored("ah_shucheng_yigongdaizhen_2023", form)
    m = res["metrics"]
    assert res["status"] == "ok" and m["indicator_f1"] == 1.0 and m["value_acc"] == 1.0, _fmt(res)


def test_two_indicators_beside_one_merged_target_without_rules():
    """湖北 黄石 自评表: a target and its actual value merged over two indicators; the
    names' column shows two cells a row's space apart."""
    res = scored("hb_huangshi_gongxiang_2022", "norules")
    assert res["metrics"]["indicator_f1"] == 1.0, _fmt(res)


def test_an_approval_forms_funds_line_and_blank_last_year_column():
    """湖北 黄石 批复表: 其中:当年市级财政资金 is the fiscal amount, 年度绩效目标(文字)
    the annual goal, and a blank 2021年实际实现值 column beside the names (no rule
    between them) makes no self-evaluation."""
    res = scored("hb_huangshi_zhutiban_2022", "hrules")
    m = res["metrics"]
    assert m["field_acc"] == 1.0 and m["doc_acc"] == 1.0 and m["indicator_f1"] == 1.0, _fmt(res)


def test_small_form_comparators_and_a_districts_unit():
    """云南 丽江 自评表: "﹦100%" (U+FE66) is "=100%"; the 古城区 unit under the city's
    主管部门 publishes it."""
    res = scored("yn_lijiang_weipian_2020", "grid")
    m = res["metrics"]
    assert m["value_acc"] == 1.0 and m["doc_acc"] == 1.0, _fmt(res)


@pytest.mark.parametrize("form", ["hrules", "norules"])
def test_group_heads_spaced_out_by_hand(form):
    """江西 收支预算总表: "收　　入" / "支　　出" over two columns each and "项　　目"
    under them, the ideographic spaces drawn as no glyph: one head each."""
    res = scored("jx_shanggao_diwuzhongxue_dwys_2025", form)
    assert res["metrics"]["cell_f1"] == 1.0, _fmt(res)
    result = process_document(CORPUS / "pdf" / form / "jx_shanggao_diwuzhongxue_dwys_2025.pdf")
    table = next(t for t in result.budget_tables if t["title"] == "收支预算总表")
    columns = {ln["column"] for ln in result.budget_lines if ln["table_id"] == table["table_id"]}
    assert "收入/预算数" in columns, columns


@pytest.mark.parametrize("doc", ["cq_kexuecheng_rongmeiti_bmzp_2021", "ah_shouxian_bmzp_2023"])
def test_department_self_evaluations_that_print_no_name(doc):
    """重庆 部门整体绩效自评表 (no levels, a funds row with no label, 是否核心指标) and
    寿县's scoring sheet (levels with their score shares wrapped over lines): the
    caption makes them department tables; their rows are read, and the name they
    lack leaves the document partial."""
    res = scored(doc, "norules")
    m = res["metrics"]
    assert m["project_f1"] == 1.0 and m["indicator_f1"] == 1.0 and m["value_acc"] == 1.0, _fmt(res)
    assert m["field_acc"] == 1.0 and m["funds_acc"] == 1.0, _fmt(res)
    assert res["status"] == "partial", res["status"]


def test_a_note_the_page_break_put_on_the_next_page():
    """新疆 部门决算: a table that fills its page has its "注：本表反映…" at the top of
    the next page, before the next title; an empty table's last row alone on the next
    page has its note under it.  Both are the table's notes."""
    result = process_document(CORPUS / "pdf" / "grid" / "xj_wulumuqi_zhengwufuwu_bmjs_2023.pdf")
    notes = {t["title"]: t["note"] for t in result.budget_tables}
    assert notes["收入支出决算总表"] == "注：本表反映部门本年度的总收支和年末结转结余情况。"
    assert notes["国有资本经营预算财政拨款收入支出决算表"].startswith("注：乌鲁木齐市政务服务中心2023年度无国有资本")
    assert notes["收入决算表"] == "注：本表反映部门本年度取得的各项收入情况。"  # (one under its table, as before)


@pytest.mark.parametrize("doc", ["ah_tai_chengguanranyou_2023", "ah_bozhou_zengyu_2023"])
def test_medium_term_and_annual_sides(doc):
    """安徽 中期 | 年度 申报表: the year's 财政拨款, a blank annual side (太和: the
    description above the table, numbered (1)…(7), names its project otherwise and
    gives no title) and a worded target under 指标值 (亳州)."""
    res = scored(doc, "grid")
    m = res["metrics"]
    assert m["project_f1"] == 1.0 and m["indicator_f1"] == 1.0 and m["value_acc"] == 1.0, _fmt(res)
    assert m["field_acc"] == 1.0 and m["doc_acc"] == 1.0, _fmt(res)
