"""OCR-specific text repairs: letters in numbers, comparator signs, skipped CJK."""
from __future__ import annotations

import numpy as np
import pytest

from budgetpdf.extract import ocr
from budgetpdf.extract.grid import Word, build_grid


@pytest.mark.parametrize("raw, fixed", [
    ("1O0", "100"),
    ("2,5O0元", "2,500元"),
    ("5O%", "50%"),
    ("O.5万元", "0.5万元"),
    ("|≥90%", "≥90%"),
    ("≥90%|", "≥90%"),
    ("ISO9001", "ISO9001"),        # a letter in a word is not a digit
    ("Oil", "Oil"),
    ("l00%", "l00%"),              # a leading stroke may be a rule remnant: no digit guessed
    ("10个/年", "10个/年"),
    ("较好完成", "较好完成"),
])
def test_fix_value(raw, fixed):
    assert ocr.fix_value(raw) == fixed


@pytest.mark.parametrize("a, b, want", [
    ("<0.2%", "≤0.2%", ("≤0.2%", "≤0.2%")),
    (">5000人", "≥5000人", ("≥5000人", "≥5000人")),
    ("295%", "≥95%", ("≥95%", "≥95%")),
    (">4期", ">4期", (">4期", ">4期")),
    ("≥90%", "≥95%", ("≥90%", "≥95%")),     # different values stay different
    ("6名", "≥6名", ("6名", "≥6名")),        # a lost sign is not invented
])
def test_agree_comparators(a, b, want):
    assert ocr.agree_comparators(a, b) == want


@pytest.mark.parametrize("text, other, want", [
    ("修工程数量", "修缮工程数量", "修缮工程数量"),
    ("修工程数量", "修缮工程数最", "修工程数量"),   # a changed character: rejected
    ("6名", "16名", "6名"),                      # never a digit
    ("修效果", None, "修效果"),
    ("修效果", "修缮效果好看多了吧", "修效果"),    # too many insertions
])
def test_fill_skipped(text, other, want):
    assert ocr.fill_skipped(text, other) == want


def test_fix_grid_on_a_value_row():
    boxes = [(0, 0, 50, 20), (50, 0, 100, 20), (100, 0, 150, 20)]
    words = [Word("预算控制数", 2, 5, 48, 15, 0.99), Word("<0.2%", 52, 5, 80, 15, 0.9),
             Word("≤0.2%", 102, 5, 130, 15, 0.95)]
    grid = ocr.fix_grid(build_grid(boxes, words, 1, "ocr"))
    assert [c.text for c in grid.row(0)] == ["预算控制数", "≤0.2%", "≤0.2%"]
    assert grid.at(0, 1).conf == pytest.approx(0.9)


def test_looks_short_counts_characters_from_ink():
    """Six glyph-sized blocks (20 px tall on a 22 px pitch, as CJK print is)
    read as five characters: too short; as six: fine."""
    crop = np.full((30, 140), 255, np.uint8)
    for i in range(6):
        crop[5:25, 4 + i * 22:4 + i * 22 + 20] = 0
    assert ocr.looks_short(crop, "修工程数量")
    assert not ocr.looks_short(crop, "修缮工程数量")


def test_split_at_walls_cuts_a_line_across_cells():
    from budgetpdf.extract.raster import Table
    table = Table((0, 0, 200, 40), [(0, 0, 100, 40), (100, 0, 200, 40)])
    pieces = ocr.split_at_walls((10, 10, 190, 30), [table], wall=2)
    assert [p for p, _ in pieces] == [(10, 10, 98, 30), (102, 10, 190, 30)]
    assert ocr.split_at_walls((300, 10, 390, 30), [table], wall=2)[0][0] == (300, 10, 390, 30)
    merged = ocr.merge_overlaps([((10, 10, 60, 30), (2, 98)), ((50, 10, 90, 30), (2, 98))])
    assert merged == [((10, 10, 90, 30), (2, 98))]
    widened = ocr.widen([((30, 10, 60, 30), (2, 98)), ((70, 10, 90, 30), (2, 98))])
    assert widened[0][0] < 30 and widened[0][2] == pytest.approx(65) and widened[1][2] == 98
