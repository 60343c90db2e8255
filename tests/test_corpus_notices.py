"""Templates that print their project's facts where the readers did not look at
first, printed with Chromium as the corpus renderer prints them and scored
strictly: a table with no 项目名称 under the notice that allocates its fund, a
notice that writes its targets as sections of prose, and labels of other
provinces' templates (项目(专项)名称, 区级主管部门, 一级预算单位名称, 计算符号,
指标值说明, funds by level of government, targets left unfilled)."""
from __future__ import annotations

import pytest

from corpus_scored import fmt as _fmt
from test_corpus_variants import _scored_variant

CASES = [
    # 主管部门:X | 资金总额:Y cells before any name; the name is the fund the
    # notice above allocates (现下达你单位…资金); 附件1 an allocation table
    ("hi_sheng_huizhan_2022", "grid"),
    ("hi_sheng_huizhan_2022", "norules"),
    # a 公示 titled by its project, targets under 一、产出指标 … in sentences
    ("nx_txxmg_hjm_2023", "grid"),
    ("sax_chencang_shuili_2020", "grid"),
    ("cq_rongchang_lvhua_2022", "hrules"),
    ("jx_fuliang_linye_bmzt_2026", "norules"),
    ("hn_lingling_linye_bmzp_2021", "grid"),
]


@pytest.mark.parametrize("doc,form", CASES)
def test_template_facts_read_where_they_are_printed(doc, form, tmp_path):
    res = _scored_variant(doc, form, 0, tmp_path)
    m = res["metrics"]
    assert res["status"] == "ok", _fmt(res)
    assert m["project_f1"] == 1.0 and m["indicator_f1"] == 1.0 and m["value_acc"] >= 0.9, _fmt(res)


def test_allocation_table_is_a_budget_table_of_its_own(tmp_path):
    """The notice's 分配表 is an amount table (kind other), never a project."""
    res = _scored_variant("hi_sheng_huizhan_2022", "grid", 0, tmp_path)
    m = res["metrics"]
    assert m["cell_f1"] == 1.0 and m["table_recall"] == 1.0 and m["kind_acc"] == 1.0, _fmt(res)


@pytest.mark.parametrize("doc", ["sc_luxian_wenhua_bmzt_2024", "sc_luhuo_chuanranbing_2021"])
def test_department_and_transfer_named_by_their_labels(doc, tmp_path):
    """预算部门：X printed above a 部门整体 table names its department row;
    转移支付(项目)名称 names a transfer's project (both cut before any indicator)."""
    res = _scored_variant(doc, "grid", 0, tmp_path)
    assert res["metrics"]["project_f1"] == 1.0, _fmt(res)


@pytest.mark.parametrize("doc", ["fj_longyan_zongjiao_2023", "nx_txxmg_hjm_2023"])
def test_notice_facts(doc, tmp_path):
    """A notice's title is its 绩效目标表 heading though printed low on the page
    under its allocation table; its department is the organisation signing it."""
    res = _scored_variant(doc, "grid", 0, tmp_path)
    assert not res["details"].get("doc"), _fmt(res)
