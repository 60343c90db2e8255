"""Held-out documents of the eleventh session, each scored once as found and then
read: an older 河北 template with a grading scale, a 部门整体 self-evaluation whose
row borders are broken by cells merged over the rows, and 三公 tables whose
title names the publisher and whose ratio column prints a bare 0."""
from __future__ import annotations

from corpus_scored import scored
from corpus_scored import fmt as _fmt


def test_a_grading_scale_under_a_caption_wrapped_over_two_lines():
    """河北 邯郸 (2019): the caption "1、邯财社…预算指标绩" / "效目标表" names the
    project; 绩效指标 (names) beside 绩效指标描述 and 优 | 良 | 中 | 差."""
    res = scored("heb_handan_kunnanjiuzhu_2019", "grid")
    m = res["metrics"]
    assert m["project_f1"] == 1.0 and m["indicator_f1"] == 1.0 and m["value_acc"] == 1.0, _fmt(res)
    assert m["field_acc"] == 1.0 and m["doc_acc"] == 1.0, _fmt(res)


def test_row_borders_broken_by_merged_cells():
    """重庆 科学城 部门整体绩效自评表 with horizontal rules only: 绩效指标 and 定量指标
    merged over the rows break every row border; the pieces left of the break are
    the table's rules, and each indicator is its own row."""
    res = scored("cq_kexuecheng_rongmeiti_bmzp_2021", "hrules")
    m = res["metrics"]
    assert m["indicator_f1"] == 1.0 and m["value_acc"] == 1.0 and m["actual_acc"] == 1.0, _fmt(res)


def test_a_three_public_table_named_by_its_title_with_a_ratio_column():
    """云南 昌宁 卡斯镇: the title "2024年昌宁县卡斯镇“三公”经费预算…" names the
    publisher; 增、减幅度 prints 22%, 133% and a bare 0, which is a line."""
    res = scored("yn_changning_kasizhen_bmys_2024", "norules")
    m = res["metrics"]
    assert m["doc_acc"] == 1.0 and m["cell_f1"] == 1.0, _fmt(res)
