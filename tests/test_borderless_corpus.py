"""The borderless reader against the lattice reader on the development corpus.

Every corpus template is rendered from one HTML fully ruled (`grid`), with
horizontal rules only (`hrules`) and with none (`norules`); the borderless
reading of the last two must give the cells the lattice reading of the first
gives (corpus/gridcheck.py: cell keys = text + neighbours, blind to extra empty
lattice rows/columns).  A fast subset with floors a little under today's scores,
so a change that breaks table reading somewhere fails here; `python
corpus/gridcheck.py -v` shows every id and the first differences.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from budgetpdf.extract.grid import Word, build_grid

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("gridcheck", ROOT / "corpus" / "gridcheck.py")
gridcheck = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gridcheck)

# id: (hrules floor, norules floor) of the cell-key F1; layouts of every kind:
# key/value header blocks over indicator tables, vertical labels, top- and
# middle-aligned merged labels, self-evaluation tables, lists, a notice with
# prose before its table
SUBSET = {
    "heb_ningjin_zhuxuejin_2019": (0.98, 0.98),
    "hn_xiangxi_tejiao_2023": (0.98, 0.97),
    "hn_xiangtan_wupaoche_2024": (0.92, 0.92),
    "yn_linxiang_shourongsuo_2023": (0.93, 0.93),
    "fj_sheng_tailian_2017": (0.98, 0.97),
    "ah_guichi_tangxi_weituo_2022": (0.97, 0.93),
    "heb_langfang_nuantong_2019": (0.89, 0.89),
    "nm_wuchuan_mzsw_2021": (0.93, 0.85),
    "nx_txxmg_hjm_2023": (0.98, 0.98),
    "nx_cqcz_tyss_2019": (0.97, 0.97),
    # labels printed one character per line in the key/value block, sub-labels
    # and amounts of a merged label, a vertical label's own column
    "nx_yc21x_ywjy_2019": (0.97, 0.97),
    "sc_zhaohua_mafeng_2021": (0.93, 0.97),
    "fj_xiuyu_shuili_2025": (0.97, 0.97),
    "hb_qingshan_bogai_2020": (0.97, 0.97),
    # level names centred and wrapped in a column a header block above makes look wide
    "hn_lingling_linye_bmzp_2021": (0.89, 0.75),
}
MEAN_FLOOR = {"hrules": 0.95, "norules": 0.94}  # over the subset

pytestmark = pytest.mark.skipif(not (ROOT / "corpus" / "pdf" / "grid").exists(),
                                reason="corpus PDFs not rendered")


@pytest.fixture(scope="module")
def results():
    ids = [i for i in SUBSET if (ROOT / "corpus" / "pdf" / "grid" / f"{i}.pdf").exists()]
    if not ids:
        pytest.skip("no subset id in the corpus")
    return {r["id"]: r for r in gridcheck.run(ids, ("hrules", "norules"), jobs=1)}


@pytest.mark.parametrize("doc_id", sorted(SUBSET))
def test_cells_agree_with_the_ruled_rendering(results, doc_id):
    if doc_id not in results:
        pytest.skip(f"{doc_id} not in the corpus")
    for form, floor in zip(("hrules", "norules"), SUBSET[doc_id]):
        got = results[doc_id]["forms"][form]
        assert got["key"]["f1"] >= floor, (form, round(got["key"]["f1"], 3), got["diffs"])


def test_subset_mean(results):
    for form, floor in MEAN_FLOOR.items():
        scores = [r["forms"][form]["key"]["f1"] for r in results.values()]
        assert sum(scores) / len(scores) >= floor, form


def test_prose_stays_loose_lines(results):
    """A notice printed before its table (no rules at all): its paragraphs are
    text lines, as in the ruled rendering, not cells of a grid."""
    if "nx_cqcz_tyss_2019" not in results:
        pytest.skip("nx_cqcz_tyss_2019 not rendered")
    got = results["nx_cqcz_tyss_2019"]["forms"]["norules"]
    ref, other = got["loose_chars"]
    assert ref > 100 and abs(other - ref) <= 0.1 * ref


def test_identical_grids_score_one():
    words = [Word(t, x, 10, x + 10, 20) for t, x in (("甲", 10), ("乙", 60))]
    words += [Word(t, x, 40, x + 10, 50) for t, x in (("丙", 10), ("丁", 60))]
    grid = build_grid([(0, 0, 50, 30), (50, 0, 100, 30), (0, 30, 50, 60), (50, 30, 100, 60)], words, 1, "lattice")
    keys = gridcheck.cell_keys(grid)
    assert sorted(k[0] for k in keys) == ["丁", "丙", "乙", "甲"]
    assert ("甲", frozenset({""}), frozenset({"乙"}), frozenset({""}), frozenset({"丙"})) in keys


def test_extra_empty_column_is_harmless_and_a_split_label_is_not():
    words = [Word("甲", 10, 10, 20, 20), Word("乙", 60, 10, 70, 20), Word("丙", 60, 40, 70, 50)]
    merged = build_grid([(0, 0, 50, 60), (50, 0, 100, 30), (50, 30, 100, 60)], words, 1, "lattice")
    padded = build_grid([(0, 0, 40, 60), (40, 0, 50, 60), (50, 0, 100, 30), (50, 30, 100, 60)],
                        words, 1, "stream")
    split = build_grid([(0, 0, 50, 30), (0, 30, 50, 60), (50, 0, 100, 30), (50, 30, 100, 60)],
                       words, 1, "stream")
    assert sorted(gridcheck.cell_keys(padded)) == sorted(gridcheck.cell_keys(merged))
    assert sorted(gridcheck.cell_keys(split)) != sorted(gridcheck.cell_keys(merged))
