"""normalize.levels on every level name of the devset truth, the five seeds and
the devset PDFs' printed variants."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from budgetpdf.normalize.levels import (
    LEVEL1, LEVEL2, LEVEL2_PARENT, canonical_level1, canonical_level2, is_level1, is_level2,
    level_of,
)
from budgetpdf.normalize.text import clean

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _norm_level2(x):  # the scorer compares level 2 without a trailing 指标
    return x[:-2] if x and x.endswith("指标") and len(x) > 2 else x


def _truth_levels() -> list[tuple[str, str | None]]:
    out = set()
    for path in sorted((SHARED / "devset").glob("**/truth/*.json")):
        for proj in json.loads(path.read_text(encoding="utf-8"))["projects"]:
            out.update((i["level1"], i["level2"]) for i in proj["indicators"])
    return sorted(out, key=str)


def test_truth_level_names_are_fixed_points():
    pairs = _truth_levels()
    if not pairs:
        pytest.skip("devset absent")
    for l1, l2 in pairs:
        assert is_level1(l1) and canonical_level1(l1) == l1
        if l2 is not None:
            assert is_level2(l2), l2
            # a stem the truth keeps as printed (社会效益) is written in its standard form
            assert canonical_level2(l2, l1) in (l2, l2 + "指标")


def test_truth_level2_parents():
    for l1, l2 in _truth_levels():
        # yyl_jgrz_2023 reads an old-framework 成本指标 under 产出指标
        if l2 is not None and canonical_level1(l2) != l1:
            assert (l1, _norm_level2(l2)) == ("产出指标", "成本")


def _seed_level_cells() -> list[str]:
    """Cells of the seeds that name a level (column cells and list items)."""
    found = set()
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for cell in line.split("\t"):
                c = re.sub(r"\s+", "", clean(cell))
                if c.endswith("指标") and len(c) <= 20 and c not in (
                        "一级指标", "二级指标", "三级指标", "绩效指标", "实施周期指标"):
                    found.add(c)
                # coded lists: "1-产出指标；11-数量指标；..."
                found.update(re.findall(r"(?:^|[；;。])\d{1,2}-([^；;]{2,14}指标)", c))
                found.update(re.findall(r"\d、([^：:，,；;、]{2,10}指标)[：:]", c))
    return sorted(found)


def test_every_seed_level_name_is_recognised_and_canonical():
    cells = _seed_level_cells()
    if not cells:
        pytest.skip("seeds absent")
    assert len(cells) >= 15
    l1_names, l2_stems = set(LEVEL1), {_norm_level2(c) for c in LEVEL2}
    for c in cells:
        assert is_level1(c) or is_level2(c), c
        if is_level1(c):
            assert canonical_level1(c) in l1_names
        if is_level2(c):
            assert _norm_level2(canonical_level2(c)) in l2_stems


@pytest.mark.parametrize("printed,l1", [
    ("产出指 标", "产出指标"), ("满意度指 标", "满意度指标"), ("产出值", "产出指标"),
    ("项目完成指标", "产出指标"), ("项目效益指标", "效益指标"), ("效益值", "效益指标"),
    ("满意度值", "满意度指标"), ("社会公众或服务对象满意度指标", "满意度指标"),
    ("1-产出指标", "产出指标"), ("4、满意度指标：", "满意度指标"), ("成本指标", "成本指标"),
    ("效果指标", "效果指标"),          # another framework: kept as printed
    ("预期产出指标", "产出指标"),       # 东莞: the expected outputs
])
def test_canonical_level1(printed, l1):
    assert canonical_level1(printed) == l1


@pytest.mark.parametrize("printed,l2", [
    # szs_cdc_2020 prints annotations the truth drops
    ("数量指标(必填硬性指标)", "数量指标"), ("成本指标(必填硬性指标)", "成本指标"),
    ("时效指标(必填)", "时效指标"), ("质量指标（必填）", "质量指标"),
    ("服务对象满意度指标(必填)", "服务对象满意度指标"), ("可持续影响指标(必填)", "可持续影响指标"),
    ("服务对象 满意 度指标", "服务对象满意度指标"), ("时效指 标", "时效指标"),
    ("数量值", "数量指标"), ("11-数量指标", "数量指标"), ("22-社会效益指标", "社会效益指标"),
    ("社会效益", "社会效益指标"), ("服务对象满意度", "服务对象满意度指标"),   # a stem: the standard name
    ("社会公众或服务对象满意度指标", "服务对象满意度指标"),
    ("生态环境成本指标", "生态环境成本指标"), ("", None), (None, None),
    ("社会效益效益指标", "社会效益指标"),   # a word printed twice (隆阳)
    ("满意满意", "满意满意"),               # doubled, but no known name once: as printed
])
def test_canonical_level2(printed, l2):
    assert canonical_level2(printed) == l2


def test_level2_cell_repeating_level1_is_kept():
    # printed in its own cell (满意度指标 | 满意度指标 | 群众满意度): the level 2 as printed;
    # one label merged over both columns gives no level 2 (readers.walk, same cell)
    assert canonical_level2("满意度指标", "满意度指标") == "满意度指标"
    assert canonical_level2("成本指标", "产出指标") == "成本指标"


@pytest.mark.parametrize("name", [
    "项目完成率", "项目完成及时率", "服务对象满意度调查", "数量", "产出指标完成率",
    "村组干部230人", "一级指标", "二级指标", "绩效指标", "",
])
def test_ordinary_names_are_not_levels(name):
    if name == "数量":
        assert is_level2(name) and not is_level1(name)  # a printed stem is a level-2 name
        return
    assert not is_level1(name) and not is_level2(name)


def test_parent_table_covers_every_level2():
    assert set(LEVEL2_PARENT) == set(LEVEL2)
    assert set(LEVEL2_PARENT.values()) <= set(LEVEL1)


@pytest.mark.parametrize("rows,want", [
    (["产出指标", "数量指标", "成本指标", "时效指标"], [1, 2, 2, 2]),          # old framework
    (["产出指标", "数量指标", "成本指标", "经济成本指标"], [1, 2, 1, 2]),      # current framework
    (["效益指标", "社会效益", "成本指标", "社会成本指标"], [1, 2, 1, 2]),
    (["满意度指标", "服务对象满意度指标(必填)", "服务对象满意度"], [1, 2, 2]),
    (["产出指标", "项目完成率"], [1, None]),
])
def test_level_of_in_context(rows, want):
    got, level1 = [], None
    for i, row in enumerate(rows):
        lv = level_of(row, level1, rows[i + 1] if i + 1 < len(rows) else None)
        level1 = canonical_level1(row) if lv == 1 else level1
        got.append(lv)
    assert got == want


def test_outline_pdf_level_rows():
    """szs_cdc_2020's outline table: every 一级/二级 row of the text layer is recognised."""
    pdf_path = SHARED / "devset" / "wild" / "pdf" / "szs_cdc_2020.pdf"
    if not pdf_path.exists():
        pytest.skip("devset absent")
    import pdfplumber
    with pdfplumber.open(pdf_path) as pdf:
        lines = [clean(ln) for p in pdf.pages for ln in (p.extract_text() or "").splitlines()]
    heads = [ln.split(" ")[0] for ln in lines if ln]
    l1, l2, cur = [], [], None
    for i, h in enumerate(heads):
        lv = level_of(h, cur, heads[i + 1] if i + 1 < len(heads) else None)
        if lv == 1:
            cur = canonical_level1(h)
            l1.append(cur)
        elif lv == 2:
            l2.append(canonical_level2(h, cur))
    truth = json.loads((SHARED / "devset" / "wild" / "truth" / "szs_cdc_2020.json").read_text("utf-8"))
    inds = [i for p in truth["projects"] for i in p["indicators"]]
    assert set(l1) == {i["level1"] for i in inds}
    assert set(l2) == {i["level2"] for i in inds}


@pytest.mark.parametrize("printed,l2", [
    ("数量指标(或建筑规模指标)", "数量指标"), ("时效指标(工期指标、形象进度指标)", "时效指标"),
    ("预算(或投资规模)控制指标", "预算(或投资规模)控制指标"),  # not a known name with a note: as printed
])
def test_level2_with_what_it_also_covers(printed, l2):
    assert canonical_level2(printed) == l2


@pytest.mark.parametrize("l1, l2, want", [
    ("效果指标", "社会效益指标", "效益指标"), ("效果指标", "服务对象满意度指标", "满意度指标"),
    ("效果指标", "社会、经济、生态效益指标", "效果指标"),  # no standard level 2: as printed
])
def test_the_older_frameworks_effect_level_over_a_standard_level2(l1, l2, want):
    """产出 | 效果 | 满意度 side by side: 效果指标 is the older name of the 效益 level."""
    from budgetpdf.readers.records import Block
    block = Block("project", "x", "project_tables", 1)
    block.add_indicator(l1, l2, "补贴发放率", None, ">=75%", 1)
    assert (block.indicators[0]["level1"], block.indicators[0]["level1_raw"]) == (want, l1)
