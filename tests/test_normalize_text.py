"""normalize.text: radicals, widths, markup, whitespace, wrapped lines.

Real-data checks: the seeds' cells, cleaned, must give the truth's text exactly,
and the radical-ridden text layer of devset/html/wnd_sfj_2024.pdf must clean to
characters the document really uses.
"""
from __future__ import annotations

import json
import logging
import unicodedata
from pathlib import Path

import pytest

from budgetpdf.normalize.text import KEEP_FULLWIDTH, RADICALS, clean, fold_value, join_lines

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
TRUTH = SHARED / "devset" / "truth"


def _assigned(lo: int, hi: int) -> list[str]:
    out = []
    for c in range(lo, hi + 1):
        try:
            unicodedata.name(chr(c))
            out.append(chr(c))
        except ValueError:
            pass
    return out


def _gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


# --- radicals -----------------------------------------------------------------
def test_radical_table_covers_both_blocks_with_ideographs():
    blocks = _assigned(0x2E80, 0x2EFF) + _assigned(0x2F00, 0x2FDF)
    assert len(blocks) == 115 + 214
    for ch in blocks:
        target = RADICALS[ch]
        assert len(target) == 1
        assert unicodedata.name(target).startswith("CJK UNIFIED IDEOGRAPH"), (ch, target)


def test_kangxi_departs_from_nfkc_only_for_simplified_forms():
    for ch in _assigned(0x2F00, 0x2FDF):
        nfkc = unicodedata.normalize("NFKC", ch)
        if RADICALS[ch] != nfkc:
            # ⼾: NFKC says 戶 (traditional, not GB2312); we say 户 (GB2312)
            assert _gb2312(RADICALS[ch]) and not _gb2312(nfkc), (ch, nfkc, RADICALS[ch])


def test_c_simplified_supplement_radicals_map_to_simplified_characters():
    for ch in _assigned(0x2E80, 0x2EFF):
        if "C-SIMPLIFIED" in unicodedata.name(ch):
            assert _gb2312(RADICALS[ch]), (ch, RADICALS[ch])


@pytest.mark.parametrize("printed,want", [
    ("⼾籍", "户籍"), ("⺠⽣", "民生"), ("⻔诊", "门诊"), ("项⽬", "项目"), ("⻓期", "长期"),
    ("⻅效", "见效"), ("⾦额", "金额"), ("执⾏", "执行"), ("⾨户", "门户"), ("⻚⾯", "页面"),
    ("⿈⾦", "黄金"), ("⻢上", "马上"), ("⻥", "鱼"), ("⺟亲", "母亲"),
])
def test_radicals_become_the_meant_character(printed, want):
    assert clean(printed) == want


# --- widths, symbols, markup --------------------------------------------------------
@pytest.mark.parametrize("printed,want", [
    ("行政诉讼案件胜诉率 ＞90％", "行政诉讼案件胜诉率>90%"),
    ("＜５分钟", "<5分钟"),
    ("≤５ｓ", "≤5s"),
    ("≧10次", "≥10次"),
    ("≦0.2％", "≤0.2%"),
    ("１，０００元", "1,000元"),          # full-width comma between digit groups folds
    ("村（居）委、群众，满意度", "村（居）委、群众，满意度"),  # CJK punctuation as printed
    ("调解成功率(%)", "调解成功率(%)"),
    ("目标：提高；完成！", "目标：提高；完成！"),
    ("ＴＢ　级", "TB级"),
    ("﹦72890元", "=72890元"),           # small form variants (U+FE5x/FE6x) fold like full-width
    ("﹥90%", ">90%"),
    ("⩾95%", "≥95%"),                   # slanted comparators
    ("验收﹐整改﹙已完成﹚", "验收，整改（已完成）"),
])
def test_width_folding(printed, want):
    assert clean(printed) == want


def test_kept_fullwidth_set_is_only_cjk_punctuation():
    assert KEEP_FULLWIDTH == frozenset("，：；（）！？")
    assert all(clean(ch) == ch for ch in KEEP_FULLWIDTH)
    folded = [chr(c) for c in range(0xFF01, 0xFF5F) if chr(c) not in KEEP_FULLWIDTH]
    assert all(clean(ch) == unicodedata.normalize("NFKC", ch) for ch in folded)


@pytest.mark.parametrize("printed,want", [
    ("满意率 \\geq 95%", "满意率≥95%"),
    ("\\leq 50元/人/卷", "≤50元/人/卷"),
    ("$\\geq$ 90%", "≥90%"),
    ("$\\ge 90\\%$", "≥90%"),
    ("\\(\\leq\\) 5%", "≤5%"),
    ("\\le5天", "≤5天"),
    ("\\geqslant 3个", "≥3个"),
    ("\\left 不是命令", "\\left不是命令"),
])
def test_latex_escapes(printed, want):
    assert clean(printed) == want


@pytest.mark.parametrize("printed,want", [
    ("<p>目标1: 优化服务供给, 增强获得感。</p> <p>目标2: 深化</p>", "目标1:优化服务供给,增强获得感。目标2:深化"),
    ("第一行<br/>第二行", "第一行第二行"),
    ("word<br>word", "word word"),
    ("&lt;p&gt;测试&lt;/p&gt;", "测试"),
    ("<24小时", "<24小时"),            # a comparator is not a tag
    ("< 24小时", "<24小时"),
    ("≥ 95 %", "≥95%"),
])
def test_markup_and_comparators(printed, want):
    assert clean(printed) == want


@pytest.mark.parametrize("printed,want", [
    ("服务对象 满意 度指标", "服务对象满意度指标"),
    ("产出指 标", "产出指标"),
    ("（2024 年度）", "（2024年度）"),
    ("1. 为落实", "1.为落实"),
    ("Microsoft   Office 软件", "Microsoft Office软件"),
    ("  a\u200bb\u3000c\ufeff ", "ab c"),
    ("完成\n“莞邑调解”\t平台", "完成“莞邑调解”平台"),
    ("", ""),
    (None, ""),
])
def test_whitespace(printed, want):
    assert clean(printed) == want


def test_clean_is_idempotent_and_nfc():
    s = clean("<p>项⽬ ＞９５％ \\geq 1 e\u0301</p>")
    assert clean(s) == s
    assert unicodedata.is_normalized("NFC", s)


def test_fold_value_folds_everything_and_keeps_superscripts_on_request():
    assert fold_value("≥ 20次（件）。") == "≥20次(件)"
    assert fold_value("1090m²") == "1090m2"
    assert fold_value("1090m²", keep_superscripts=True) == "1090m²"


# --- wrapped lines ---------------------------------------------------------------
@pytest.mark.parametrize("lines,want", [
    (["产出指", "标"], "产出指标"),
    (["Microsoft", "Office"], "Microsoft Office"),
    (["Windows", "10"], "Windows 10"),
    (["1,996,1", "50.00"], "1,996,150.00"),
    (["≥5", "TB"], "≥5TB"),
    (["e-", "government"], "e-government"),
    (["apples,", "pears"], "apples, pears"),
    (["服务对象满意", "度指标"], "服务对象满意度指标"),
    (["  ", "", "单行"], "单行"),
    ([], ""),
])
def test_join_lines(lines, want):
    assert join_lines(lines) == want


# --- real data ---------------------------------------------------------------------
def _seed_rows(truth: dict) -> list[list[str]]:
    path = SEEDS / truth["seed"]
    return [[clean(c) for c in line.rstrip("\n").split("\t")]
            for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("doc", ["dg_sfj_2026", "wnd_sfj_2024"])
def test_seed_cells_clean_to_truth_values(doc):
    """Every printed value of a tabular seed, cleaned, is the truth's value."""
    if not (TRUTH / f"{doc}.json").exists():
        pytest.skip("devset absent")
    truth = json.loads((TRUTH / f"{doc}.json").read_text(encoding="utf-8"))
    rows = _seed_rows(truth)
    n = 0
    for proj in truth["projects"]:
        for ind in proj["indicators"]:
            mine = [r for r in rows if ind["name"] in r]
            assert mine, ind["name"]
            for key in ("period", "annual"):
                if ind[key] is not None:
                    n += 1
                    assert any(ind[key] in r for r in mine), (ind["name"], ind[key])
    assert n > 50


@pytest.mark.parametrize("doc", ["dg_sfj_2026", "gz_sfj_2023", "wnd_sfj_2024"])
def test_seed_text_fields_clean_to_truth(doc):
    if not (TRUTH / f"{doc}.json").exists():
        pytest.skip("devset absent")
    truth = json.loads((TRUTH / f"{doc}.json").read_text(encoding="utf-8"))
    rows = _seed_rows(truth)
    cells = {c for r in rows for c in r}
    lines = {clean(ln) for ln in (SEEDS / truth["seed"]).read_text(encoding="utf-8").splitlines()}
    # a goal printed over several rows (目标1 / 目标2 / 目标3) is those rows joined
    goals = clean(join_lines([c for r in rows for c in r if c.startswith("目标")]))
    for proj in truth["projects"]:
        for key in ("name", "project_type", "department", "unit", "amount_raw",
                    "period_goal", "annual_goal", "content"):
            if proj.get(key):
                assert proj[key] in cells or proj[key] in lines or proj[key] == goals, (key, proj[key][:40])


def test_radical_text_layer_cleans_to_the_documents_characters():
    """pdfplumber reads devset/html/wnd_sfj_2024.pdf with radicals (⼈ ⾏ ⻔ ⽬ ...)."""
    pdf_path = SHARED / "devset" / "html" / "wnd_sfj_2024.pdf"
    if not pdf_path.exists():
        pytest.skip("devset absent")
    import pdfplumber
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with pdfplumber.open(pdf_path) as pdf:
        raw = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert sum(ch in RADICALS for ch in raw) > 20      # the artefact is really there
    text = clean(raw)
    assert not any(ch in RADICALS for ch in text)
    seed = clean((SEEDS / "001_cebfb29710e73f43.txt").read_text(encoding="utf-8"))
    assert set(text) - set(seed) == set()              # only characters the document uses
    for want in ("行政诉讼案件胜诉率>90%", "普法受益人数≥1万人次", "开展教育活动场次≥10次"):
        assert want in text


def test_symbol_font_signs_from_the_private_use_area():
    """Word's Symbol font: the text layer holds U+F0B3 where the page shows ≥."""
    from budgetpdf.normalize.text import clean
    assert clean("\uf0b395%") == "≥95%"
    assert clean("\uf0a33天") == "≤3天"
    assert clean("\uf03d100%") == "=100%"
