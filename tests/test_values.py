"""normalize.values: indicator values, money cells, split comparator|value|unit columns.

The scorer's reference parser (../shared/tools/score.py) is the judge: wherever it
reads a value as numeric or qualitative, parse_value must agree exactly — on every
value in the devset truth, on the five seeds' value cells, and on generated strings.
"""
from __future__ import annotations

import functools
import importlib.util
import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetpdf.normalize.text import clean
from budgetpdf.normalize.values import (
    COMPARATOR_PREFIXES, COMPARATOR_SUFFIXES, SCALES, Value, join_split_value,
    parse_amount, parse_value,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCORE = SHARED / "tools" / "score.py"


def _reference():
    if not SCORE.exists():
        pytest.skip("scorer absent")
    return _load_reference()


@functools.cache
def _load_reference():
    spec = importlib.util.spec_from_file_location("devscore_reference", SCORE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _truth_values() -> list[str]:
    vals = set()
    for path in sorted((SHARED / "devset").glob("**/truth/*.json")):
        for proj in json.loads(path.read_text(encoding="utf-8"))["projects"]:
            for ind in proj["indicators"]:
                vals.update(ind[k] for k in ("period", "annual") if ind.get(k) is not None)
    return sorted(vals)


def _disagreement(ref, text):
    """None when parse_value agrees with the reference, else a description."""
    r = ref.parse_value(text)
    v = parse_value(text)
    if r["status"] in ("qualitative", "null"):
        ok = v.op is None and v.value is None and v.value_std is None
    elif r["status"] == "numeric":
        ok = (v.op == r["op"] and ref.close(r["value"], v.value)
              and ref.norm_text(r["unit"]) == ref.norm_text(v.unit)
              and ref.close(r["value_std"], v.value_std)
              and ref.norm_text(r["unit_std"]) == ref.norm_text(v.unit_std))
    else:
        return None
    if not ok and r["status"] == "numeric" and r["op"] == "=" and v.op not in (None, "="):
        # the one deliberate difference: the reference's greedy label swallows a
        # comparator word ("投诉率低于5%" → "="); the contract reads it (→ "<")
        ok = ref.close(r["value"], v.value)
    return None if ok else (text, r, v)


def test_agrees_with_reference_on_every_truth_value():
    ref = _reference()
    values = _truth_values()
    if not values:
        pytest.skip("devset absent")
    statuses = [ref.parse_value(v)["status"] for v in values]
    assert statuses.count("numeric") > 100 and statuses.count("qualitative") > 20
    bad = [d for d in map(lambda v: _disagreement(ref, v), values) if d]
    assert bad == []


def test_agrees_with_reference_on_seed_value_cells():
    ref = _reference()
    cells = set()
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            cells.update(clean(c) for c in line.split("\t") if 0 < len(c.strip()) <= 30)
    if not cells:
        pytest.skip("seeds absent")
    assert [d for d in (_disagreement(ref, c) for c in sorted(cells)) if d] == []


_TOKENS = ["≥", "≤", ">", "<", "=", "＞", "≧", "不少于", "不低于", "至少", "大于", "低于", "约",
           "以上", "以下", "以内", "左右", "及以上", "满意率", "每年", "第", "1", "95", "9.6",
           "1,000", "0", ",", ".", "%", "％", "万", "元", "/", "年", "人次", "内", "多", "余",
           "至", "-", "（", "）", "。", " ", "一", "十分", "亿", "千万", "s", "TB", "²", "达",
           "小时内", "2024", "年内", "(件)", "监控覆盖率", "、", "“", "m"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=6))
def test_agrees_with_reference_on_generated_values(parts):
    ref = _reference()
    assert _disagreement(ref, "".join(parts)) is None


@pytest.mark.parametrize("printed,want", [
    ("≥9.6万人次", (">=", 9.6, "万人次", 96000, "人次")),
    ("2773万元/年", ("=", 2773, "万元/年", 27730000, "元/年")),
    ("≤5%", ("<=", 5, "%", 5, "%")),
    ("满意率≥95%", (">=", 95, "%", 95, "%")),
    ("满意率 \\geq 95%", (">=", 95, "%", 95, "%")),
    ("每年≤6万元", ("<=", 6, "万元", 60000, "元")),
    ("年均1700", ("=", 1700, None, 1700, None)),
    ("满意率95%以上", (">=", 95, "%", 95, "%")),
    ("不少于3000件", (">=", 3000, "件", 3000, "件")),
    ("约2000人", ("~", 2000, "人", 2000, "人")),
    ("95%左右", ("~", 95, "%", 95, "%")),
    ("低于0.01%", ("<", 0.01, "%", 0.01, "%")),
    ("711,532元/年", ("=", 711532, "元/年", 711532, "元/年")),
    ("19.83万元/年", ("=", 19.83, "万元/年", 198300, "元/年")),
    ("38.7万/年", ("=", 38.7, "万/年", 387000, "/年")),
    ("＞90％", (">", 90, "%", 90, "%")),
    ("≧10次", (">=", 10, "次", 10, "次")),
    ("1.5亿元", ("=", 1.5, "亿元", 150000000, "元")),
    ("3千万元", ("=", 3, "千万元", 30000000, "元")),
    # read beyond the reference: clear cases it leaves unread
    ("24小时内", ("<=", 24, "小时", 24, "小时")),
    ("≥20次（件）", (">=", 20, "次(件)", 20, "次(件)")),
    ("18000元/村(社区)", ("=", 18000, "元/村(社区)", 18000, "元/村(社区)")),
    ("广州普法抖音号推送250条", ("=", 250, "条", 250, "条")),
    ("监狱重大安全事故案件发生率为0", ("=", 0, None, 0, None)),
    ("1090m²", ("=", 1090, "m²", 1090, "m²")),
    ("0.5‰", ("=", 0.5, "‰", 0.5, "‰")),
])
def test_numeric_readings(printed, want):
    v = parse_value(printed)
    assert (v.op, v.unit, v.unit_std) == (want[0], want[2], want[4])
    assert math.isclose(v.value, want[1]) and math.isclose(v.value_std, want[3])


def test_value_std_has_no_float_noise():
    assert parse_value("19.83万元/年").value_std == 198300.0
    assert parse_value("67.18万元/年").value_std == 671800.0


@pytest.mark.parametrize("printed", [
    None, "", "较好完成", "满意", "五省一自治区", "处理时间小于十分钟",   # no digit
    "2024-2026年", "2025-2027年度",                               # ranges
    "2024年内", "2024年12月底前", "12月31日前", "第3季度",           # dates / ordinals
    "100多人", "100余人",                                         # "more than"
    "处级≥110学分，科级≥90学分", "《说法》10期，《普法名师大讲堂》6期",  # two numbers
    "实时咨询30秒内接通率不低于95%", "95%以上满意", "完成95%以上的修缮工程",
])
def test_no_reading_rather_than_a_guess(printed):
    assert parse_value(printed) == Value()


def test_to_row_prefixes_columns():
    row = parse_value("≥95%").to_row("annual")
    assert row == {"annual_op": ">=", "annual_value": 95.0, "annual_unit": "%",
                   "annual_value_std": 95.0, "annual_unit_std": "%"}


@pytest.mark.parametrize("table,fits", [
    (COMPARATOR_PREFIXES, str.startswith), (COMPARATOR_SUFFIXES, str.endswith), (SCALES, str.startswith),
])
def test_no_table_entry_is_shadowed_by_an_earlier_one(table, fits):
    words = [w for w, _ in table]
    for i, early in enumerate(words):
        assert not any(fits(late, early) for late in words[i + 1:]), early


# --- money --------------------------------------------------------------------------
@pytest.mark.parametrize("printed,unit,want", [
    ("1,996,150.00", "元", 1996150.0),
    ("5,304.57", "万元", 53045700.0),
    ("4.80", "万元", 48000.0),
    ("0.1", "万元", 1000.0),
    ("2,773.21", "万元", 27732100.0),
    ("10000万元", "元", 100000000.0),
    ("96.1", "万元", 961000.0),
    ("￥1,000.00", "元", 1000.0),
    ("８，０８２．５９", "万元", 80825900.0),
    ("*", "元", None), ("", "元", None), ("-", "万元", None), (None, "元", None),
    ("合计", "元", None), ("1,000-2,000", "元", None),
    # the total with its parts in brackets after it; a bracket without amounts is no breakdown
    ("854万(高标准农田建设400万元,示范建设295万元)", "万元", 8540000.0), ("100(含设备费)", "万元", None),
])
def test_parse_amount(printed, unit, want):
    assert parse_amount(printed, unit) == want


def test_parse_amount_on_truth_budget_items():
    path = SHARED / "devset" / "truth" / "dg_sfj_2026.json"
    if not path.exists():
        pytest.skip("devset absent")
    truth = json.loads(path.read_text(encoding="utf-8"))
    items = truth["department_info"]["budget_items"]
    assert items
    for item in items:
        assert parse_amount(item["raw"], "万元") == item["yuan"]
    for proj in truth["projects"]:
        if proj["amount_raw"]:
            assert parse_amount(proj["amount_raw"], truth["amount_unit"]) == proj["amount_yuan"]


# --- split columns ---------------------------------------------------------------------
@pytest.mark.parametrize("op,number,unit,want", [
    ("≥", "95", "%", "≥95%"),
    ("≥", "1", "人/年", "≥1人/年"),
    ("", "28.8万元", "%", "28.8万元"),       # yyl_jgrz_2023: value already has a unit
    ("", "应保尽保", "%", "应保尽保"),          # qualitative: no unit
    ("", "100", "%", "100%"),
    ("正向", "90", "%", "90%"),
    ("定性", "好", None, "好"),
    ("＞", "90", "％", ">90%"),
    ("≧", "10", "次", "≥10次"),
    ("以上", "95", "%", "95%以上"),
    ("不少于", "3000", "件", "不少于3000件"),
    ("≥", "≥95", "%", "≥95%"),
    ("≤", "0.2", "", "≤0.2"),
    (None, None, "%", None),
    ("≥", "", "%", None),
])
def test_join_split_value(op, number, unit, want):
    assert join_split_value(op, number, unit) == want


def test_join_split_value_on_wild_truth():
    """jy_mtz_2023 prints 指标性质 | 指标值 | 度量单位; its truth values are the join."""
    path = SHARED / "devset" / "wild" / "truth" / "jy_mtz_2023.json"
    if not path.exists():
        pytest.skip("devset absent")
    truth = json.loads(path.read_text(encoding="utf-8"))
    joined = {join_split_value("≥", n, u) for n, u in
              [("95", "%"), ("1", "年"), ("1", "人/年"), ("230", "个")]}
    annual = {ind["annual"] for p in truth["projects"] for ind in p["indicators"]}
    assert joined == annual


def test_comparator_words_after_a_label_are_kept():
    """DATA_CONTRACT: a label before the comparator is skipped, the comparator read."""
    assert parse_value("投诉率低于5%").op == "<"
    assert parse_value("满意率不低于95%").op == ">="
    assert parse_value("发生率小于1%").op == "<"
