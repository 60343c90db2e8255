"""Corpus templates typeset by another draw of their typography
(`corpus/render.py --variant N`): the same content in layouts the readers were
never tuned on — tighter padding, top-aligned merged cells, other fonts and
leading.  Each case is one that a variant exposed; the PDF is printed here
with Chromium (as the corpus renderer prints it) and scored strictly."""
from __future__ import annotations

import pytest

from corpus_scored import CORPUS, fmt as _fmt, scored
from test_corpus import _typeset

def _scored_variant(doc: str, form: str, variant: int, tmp_path) -> dict:
    """The template printed in `form` by draw `variant` of its typography, read and scored."""
    fragment = (CORPUS / "src" / f"{doc}.html").read_text(encoding="utf-8")
    path = tmp_path / f"{doc}.pdf"
    path.write_bytes(_typeset().html_form_pdf(fragment, doc, form, tmp_path / "print", variant))
    return scored(doc, form, path)


CASES = [
    # 二级指标 | 三级指标 never on one baseline, the only text across the gap
    # between them the conclusion rows over the whole table
    ("sc_qingshen_gongzi_2023", "norules", 1),
    # top-aligned merged labels, one per column (实施效果指标 | 产出指标)
    ("tj_baodi_xqfw_2022", "norules", 1),
    # 项目名/称 wrapped in a narrow label column, its tight single glyph; a
    # column of "0" left-aligned under a centred header
    ("heb_langfang_nuantong_2019", "norules", 1),
    # 1pt padding, rows a jitter further apart than wrapped lines
    ("nx_yc21x_ywjy_2019", "norules", 1),
    ("gz_qiandongnan_jiguanshiwu_bmjs_2023", "norules", 2),
    # level columns squeezed to a character's width: 一/级/指/标 stacked, the
    # pitch measured between characters' middles ("2020年12月" over "完成")
    ("hn_nanyue_zhonglieci_2020", "norules", 4),
    ("hn_xiangxi_tejiao_2023", "hrules", 4),
    # a project name printed down a column a character wide: 干 and 部 one
    # above the other are two lines, though the cells beside them lead from one
    # to the other; among places as well supported, an edge crosses fewest lines
    ("sc_jingyan_mata_2023", "norules", 4),
    # 二级指标 | 三级指标 whose lines never share a baseline, a header block
    # above crossing the whitespace between them: the whitespace over the
    # indicator rows, left of the left-aligned names, is the edge
    ("bj_haidian_xueyuanlu_2016", "norules", 0),
    ("hn_xiangtan_wupaoche_2024", "norules", 4),
    # a vertical label and its squeezed column: "门 | 实施单位:" is a row of
    # the header block, not a 单位: line between two tables
    ("bj_haidian_xueyuanlu_2016", "hrules", 3),
    # rows set a line apart: a name that ended short is a cell of its own (补贴期限 |
    # 补贴标准), a level name broken in its cell (可持 / 续影 / 响指标) is not
    ("tj_ninghe_minbanyuan_2020", "norules", 1),
    ("hn_hengshan_chubeiliang_2020", "norules", 1),
    # two columns ending short on one line end a row together (提升… | 显著提升…)
    ("tj_ninghe_minbanyuan_2020", "norules", 0),
    # 一级指标 / 二级指标 over the template's own group names (规划(15分) / 基础信息(3分))
    ("ah_shouxian_bmzp_2023", "hrules", 1),
    # a project name centred between the characters of 项/目/名/称 is no prose
    ("xj_als6t_bxk_2021", "norules", 2),
    # 数量指标 … 社会效益 at one x, 经济效益 / 指标 centred: an edge under a key/value block
    ("hn_yueyanglou_jiagerending_bmzt_2023", "norules", 4),
    # one label set tighter than the table's wraps does not set the line pitch
    ("ah_bozhou_zengyu_2023", "norules", 0),
    # a project's number and name level with its goal's first line: top-aligned,
    # though centred on the rows a page break left above it
    ("hn_miluo_tieshanguanqu_bmjs_2024", "norules", 2),
    # a project's first row alone on a page; the last page's table set narrower
    ("hn_miluo_tieshanguanqu_bmjs_2024", "norules", 4),
    # ">=570元/" over "人*月", a fallback glyph's line set lower
    ("ah_suixi_linshijiuzhu_2019", "norules", 2),
    # "产出/指标/(50/分)": a Latin line's box reaches lower
    ("sx_jishan_yibao_2020", "norules", 2),
    # "…人口数" / "≥**人": the signs' line set lower
    ("hn_nanyue_fupin_2018", "norules", 3),
    # 数量指标 level with its first row, one label each way in its column: as the table reads
    ("heb_ningjin_zhuxuejin_2019", "norules", 1),
    # 数量指标 / 质量指标 / 时效指标 each centred on two rows, not kept off the
    # middle of its own row for free (质量指标 over four rows fits as well)
    ("tj_ninghe_minbanyuan_2020", "norules", 4),
    # 绩/效/指/标 down its own narrow column, the key labels above centred over it
    # and the level column, starting right of it: its own lines place the edge
    ("ah_tai_chengguanranyou_2023", "norules", 6),
    # a table's first row (专项资金名称 | its name) alone at a page's foot
    ("cq_tongnan_wuguizhen_xmjx_2023", "hrules", 5),
    ("cq_tongnan_wuguizhen_xmjx_2023", "norules", 5),
    # a header block of one-line cells, every line a step (17.25 or 18 pt) below
    # the last and each column's widest text on its first line: nothing wraps
    ("gs_jiayuguan_bowuguan_2023", "norules", 6),
    # a level merged over two rows whose text cells came apart (质量指标:… | 时效
    # 指标:…; 成本指标:…): the second row's list is read under the same level
    ("hn_nanyue_shiyanzhongxue_2017", "norules", 6),
    # "<=5300" / "元/户": a unit per something alone on the next line is the number's
    ("ah_suixi_linshijiuzhu_2019", "norules", 6),
    # a level column of centred names (满意度指标) whose only neighbour text above is
    # a goal wrapped across it: the whitespace left of the centred 二级 names is an edge
    ("sc_daying_guerzhuxue_2022", "norules", 5),
    # the caption naming the project ("1、XX预算指标绩效目标表") set so close above a
    # rule-less table that it is the grid's first row
    ("heb_handan_kunnanjiuzhu_2019", "norules", 7),
    # a table's last row alone at the top of the next page, one line tall
    ("gs_jiayuguan_bowuguan_2023", "hrules", 3),
]


@pytest.mark.parametrize("doc,form,variant", CASES)
def test_variant_typesetting_reads_like_the_corpus(doc, form, variant, tmp_path):
    res = _scored_variant(doc, form, variant, tmp_path)
    m = res["metrics"]
    assert m["project_f1"] == 1.0 and m["indicator_f1"] >= 0.98 and m["value_acc"] >= 0.98, _fmt(res)


@pytest.mark.parametrize("doc,form,variant", [
    # a table's title at the foot of one page, its grid on the next; a
    # 部门名称 … 单位：万元 line wrapped onto a second line above a table
    ("hl_suifenhe_hushimaoyi_bmys_2023", "hrules", 3),
    # a group header over 合计 | 人员经费 | 公用经费 reaching past the amounts'
    # right edge: one column edge in that gap, not two
    ("hi_sheng_sanzhuangshuini_dwys_2023", "hrules", 2),
    # a page's first table under its own title continues no table of the page
    # before (a 决算 without rules, as the corpus draws it)
    ("hb_zengdu_difangchu_bmjs_2021", "norules", 0),
    # a header over both header rows at the right end (上年结转结余) and one centred
    # over them beside a group (项目支出 beside 基本支出 over 人员经费 | 公用经费)
    ("hl_suifenhe_hushimaoyi_bmys_2023", "norules", 0),
    # "2016年预算数" over 合计 | 一般公共预算 | 政府性基金预算, the edges left and right
    # of it placed in wide whitespace; the table's last rows alone on the next page
    ("js_nantong_guoziwei_bmys_2016", "norules", 0),
    # "表一" and "收入支出决算总表" set wide apart over "2022年度": a title, not a grid
    ("gs_qinan_caizhengju_bmjs_2022", "hrules", 7),
    # "公务<br>接待费" broken by hand in a narrow column, each line level with a
    # header row of its own: one header, no group over one column
    ("ah_chizhou_jiangnanjizhongqu_bmys_2024", "norules", 7),
])
def test_variant_budget_tables_read_like_the_corpus(doc, form, variant, tmp_path):
    res = _scored_variant(doc, form, variant, tmp_path)
    m = res["metrics"]
    assert m["cell_f1"] >= 0.99 and m["table_recall"] == 1.0 and m["kind_acc"] == 1.0, _fmt(res)


def test_label_rows_at_a_page_top_are_no_repeated_header(tmp_path):
    # 上年结转结余 | 年终结转结余 alone over 收入总计 … 支出总计 … at the top of the next
    # page: header words, but in the label columns only, over amounts; the
    # table's last rows, not a header of a new table
    res = _scored_variant("sd_yutai_caizhengju_bmys_2023", "norules", 0, tmp_path)
    assert res["metrics"]["cell_f1"] == 1.0, _fmt(res)


@pytest.mark.parametrize("doc,form,variant", [
    # a goal text merged over columns, wrapped: no column edge right of it where the
    # indicator rows below cross (scores stayed in their columns)
    ("hb_zengdu_difangchu_bmjs_2021", "norules", 1),
    # "年度预" / "算执行情况（万元）" broken in its cell beside the funds header: one label
    ("hb_zengdu_difangchu_bmjs_2021", "norules", 3),
    # the funds block's label (项目资金) merged down beside each row's own (年度资金总额);
    # 数量指标 level with its first row's last line, 产出指标 centred below it; a
    # name whose values sit level with its last line, cut off by "（50分）"
    ("gz_qiandongnan_jiguanshiwu_bmjs_2023", "norules", 7),
    # the block label's second line beside the first funds row ("资金(万元)" | 年度资金总额
    # | 194.9 | …): the row is read, in the label's unit
    ("hn_hengshan_chubeiliang_2020", "norules", 2),
    # units wrapped alone onto a row of their own under bare numbers (">=21933" |
    # "21980" over "人" | "人"; beside a target merged down over both rows)
    ("ah_suixi_linshijiuzhu_2019", "norules", 3),
    ("sc_zhongjiang_shuibiaochi_2022", "norules", 3),
    # rows one line apart: a name's wrapped line alone on a row of its own after a
    # line that left a bracket open ("受益脱贫(含监" / "测对象)户人口数")
    ("sc_zhongjiang_shuibiaochi_2022", "norules", 8),
])
def test_variant_self_evaluations_read_like_the_corpus(doc, form, variant, tmp_path):
    res = _scored_variant(doc, form, variant, tmp_path)
    m = res["metrics"]
    assert m["score_acc"] == 1.0 and m["funds_acc"] == 1.0 and m["indicator_f1"] == 1.0, _fmt(res)


def test_scores_level_with_a_names_second_line_are_its(tmp_path):
    # rule-less rows a line apart: "对控制基建项" | 效果明显 | 达成预期指标 over
    # "目成本影响程" | 10 | 10 over "度": one indicator, its scores from the second row
    res = _scored_variant("ah_guichi_tangxi_weituo_2022", "norules", 8, tmp_path)
    missing = res["details"].get("indicators_missing", [])
    assert not any("对控制基建项目成本影响程度" in m for m in missing), _fmt(res)
    assert res["metrics"]["score_acc"] == 1.0, _fmt(res)
