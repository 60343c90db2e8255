"""OCR-specific text repairs: letters in numbers, comparator signs, skipped CJK."""
from __future__ import annotations

import numpy as np
import pytest

from budgetpdf.extract import ocr, ocr_fix
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
    ("i0", "10"), ("i5%", "15%"),  # a speck over a leading 1 (a bar with a dot is no wall)
    ("ipad", "ipad"),
    ("10个/年", "10个/年"),
    ("1,466,000.00.", "1,466,000.00"),  # a second decimal point is a speck
    ("8.", "8."),                      # a numbering point stays
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


# --- layout: where the lines are ------------------------------------------------

def _blocks(h, w, boxes):
    """A binary text mask with filled boxes (glyph stand-ins)."""
    m = np.zeros((h, w), np.uint8)
    for x0, y0, x1, y1 in boxes:
        m[y0:y1, x0:x1] = 255
    return m


def test_cell_pieces_are_lines_inside_the_walls():
    """Two lines of glyphs in one cell, one line in the next: a piece per
    line, none across the wall, crops kept inside the cell."""
    from budgetpdf.extract import ocr_layout
    em = 20.0
    text = _blocks(100, 200, [(10 + 22 * i, 10, 30 + 22 * i, 30) for i in range(4)]
                   + [(10, 36, 30, 56)] + [(110 + 22 * i, 10, 130 + 22 * i, 30) for i in range(3)])
    left = ocr_layout.cell_pieces(text, (0, 0, 100, 100), (0, 0), em, wall=2)
    right = ocr_layout.cell_pieces(text, (100, 0, 200, 100), (0, 1), em, wall=2)
    assert [p.ink for p in left] == [(10, 10, 96, 30), (10, 36, 30, 56)]
    assert [p.ink for p in right] == [(110, 10, 174, 30)]
    assert all(2 <= p.crop[0] and p.crop[2] <= 98 for p in left)
    assert all(102 <= p.crop[0] and p.crop[2] <= 198 for p in right)


def test_a_label_printed_down_a_cell_is_one_piece():
    from budgetpdf.extract import ocr_layout
    em = 20.0
    text = _blocks(140, 30, [(5, 5 + 30 * i, 25, 25 + 30 * i) for i in range(4)])
    (piece,) = ocr_layout.cell_pieces(text, (0, 0, 30, 140), (0, 0), em, wall=1)
    assert len(piece.glyphs) == 4 and piece.ink == (5, 5, 25, 115)


def test_line_bands_join_strokes_and_cut_joined_lines():
    from budgetpdf.extract import ocr_layout
    em = 20.0
    rows = np.zeros(100, bool)
    rows[10:14] = rows[22:26] = True          # the two strokes of 二
    rows[40:60] = rows[61:81] = True          # two lines a blur joined by one row
    rows[60] = True
    counts = rows.astype(int) * 20
    counts[60] = 1
    assert ocr_layout.line_bands(rows, em, counts) == [(10, 26), (40, 60), (61, 81)]


def test_specks_are_not_text_but_ellipsis_dots_are():
    from budgetpdf.extract import ocr_layout
    ink = np.zeros((60, 300), np.uint8)
    ink[20:40, 10:30] = 255                                  # a glyph
    ink[5, 200] = ink[50, 120] = ink[10, 260] = 255          # specks
    for i in range(6):                                       # ……
        ink[30:32, 150 + 7 * i:152 + 7 * i] = 255
    text, em = ocr_layout.text_ink(ink, np.zeros_like(ink), 150)
    assert text[20:40, 10:30].all()
    assert not text[5, 200] and not text[50, 120] and not text[10, 260]
    assert text[30:32, 150:192].sum() == ink[30:32, 150:192].sum()


def test_drop_specks_beside_a_line():
    from budgetpdf.extract.ocr_layout import Piece, drop_specks
    line = Piece((10, 10, 200, 30), (5, 6, 205, 34), None)
    speck = Piece((12, 33, 15, 36), (5, 26, 22, 43), None)
    alone = Piece((400, 10, 405, 14), (395, 5, 410, 19), None)
    assert drop_specks([line, speck, alone], 20.0) == [line, alone]


# --- punctuation width from the ink ------------------------------------------

def _line(parts, h=24):
    """Ink of one line: ('g', width) a glyph, ('c', width) a comma-like mark
    low in the line, ('p', width) a parenthesis, (' ', width) blank."""
    x, boxes = 2, []
    for kind, w in parts:
        if kind == "g":
            boxes.append((x, 2, x + w, h - 2))
        elif kind == "c":
            boxes.append((x, h - 8, x + w, h - 2))
        elif kind == "p":
            boxes.append((x, 1, x + w, h - 1))
        x += w
    return _blocks(h, x + 2, boxes), boxes


@pytest.mark.parametrize("after, want", [(13, "，"), (2, ",")])
def test_comma_width_from_the_blank_after_it(after, want):
    from budgetpdf.extract import ocr_punct
    em = 22.0
    mask, boxes = _line([("g", 20), (" ", 2), ("g", 20), (" ", 1), ("c", 4), (" ", after), ("g", 20)])
    steps = [(b[0] + b[2]) / 2 for b in boxes]
    marks = ocr_punct.decide("甲乙,丙", steps, mask, 0.0, em, 0)
    assert ocr_punct.apply("甲乙,丙", ocr_punct.settle(marks)) == f"甲乙{want}丙"


def test_parentheses_width_and_partner():
    """（ is judged by the blank before it; ） at the end of the line has
    nothing after it and takes its partner's width."""
    from budgetpdf.extract import ocr_punct
    em = 22.0
    mask, boxes = _line([("g", 20), (" ", 14), ("p", 5), (" ", 2), ("g", 20), (" ", 1), ("p", 5)])
    steps = [(b[0] + b[2]) / 2 for b in boxes]
    marks = ocr_punct.settle(ocr_punct.decide("万(元)", steps, mask, 0.0, em, 0))
    assert ocr_punct.apply("万(元)", marks) == "万（元）"
    mask, boxes = _line([("g", 20), (" ", 2), ("p", 5), (" ", 2), ("g", 20), (" ", 1), ("p", 5)])
    steps = [(b[0] + b[2]) / 2 for b in boxes]
    marks = ocr_punct.settle(ocr_punct.decide("万（元）", steps, mask, 0.0, em, 0))
    assert ocr_punct.apply("万（元）", marks) == "万(元)"


def test_undecided_marks_follow_the_page():
    from budgetpdf.extract.ocr_punct import Mark, apply, settle
    marks = settle([Mark(0, 1, ":", True), Mark(1, 1, ":", True), Mark(2, 2, ":", None)])
    assert apply("单位:万元", [m for m in marks if m.piece == 2]) == "单位：万元"
    split = settle([Mark(0, 1, ":", True), Mark(1, 1, ":", False), Mark(2, 2, ":", None)])
    assert split[2].full is None  # the page is not clear: the recognizer's reading stays


@pytest.mark.parametrize("text, w, h, want", [
    ("-", 20, 4, "—"), ("-", 7, 2, "-"), ("—", 7, 2, "-"), ("-", 12, 2, "-"), ("一", 20, 4, "一"),
    ("-", 20, 12, "-"),
])
def test_dash_width(text, w, h, want):
    assert ocr.dash_width(text, w, h, 22.0) == want


def test_lone_o_is_zero():
    assert ocr.fix_value("o") == "0" and ocr.fix_value("O") == "0"
    assert ocr.fix_value("Oo") == "Oo"


def _digits(marks, h=24, em=22.0):
    """A line of digit-sized blocks with small marks: ('d',) a digit, ('.', y)
    a dot whose bottom is at row y, (':',) two dots, ('-',) a bar."""
    x, boxes, m = 2, [], np.zeros((h, 200), np.uint8)
    for mk in marks:
        if mk[0] == "d":
            m[4:h - 2, x:x + 10] = 255
            boxes.append((x, x + 10))
            x += 12
        elif mk[0] == ".":
            m[mk[1] - 3:mk[1], x:x + 3] = 255
            boxes.append((x, x + 3))
            x += 5
        elif mk[0] == ":":
            m[8:11, x:x + 3] = 255
            m[h - 5:h - 2, x:x + 3] = 255
            boxes.append((x, x + 3))
            x += 5
        elif mk[0] == "-":
            m[12:14, x:x + 8] = 255
            boxes.append((x, x + 8))
            x += 10
    return m[:, :x + 2], [(a + b) / 2 for a, b in boxes]


def test_stray_marks_from_specks_are_dropped():
    from budgetpdf.extract.ocr_punct import stray_marks
    em = 22.0
    mask, steps = _digits([("d",), ("d",), (".", 10)])          # a speck at mid height
    assert stray_marks("41.", steps, mask, em) == "41"
    mask, steps = _digits([("d",), ("d",), (".", 22)])          # a point on the baseline
    assert stray_marks("41.", steps, mask, em) == "41."
    mask, steps = _digits([("d",), ("d",), (".", 22), ("d",), ("d",)])
    assert stray_marks("68:42", steps, mask, em) == "68.42"
    mask, steps = _digits([("d",), ("d",), (":",), ("d",), ("d",)])
    assert stray_marks("10:30", steps, mask, em) == "10:30"
    mask, steps = _digits([("-",), ("d",), ("d",)])
    assert stray_marks("-77", steps, mask, em) == "-77"
    mask, steps = _digits([(".", 12), ("d",), ("d",)])
    assert stray_marks("-77", steps, mask, em) == "77"


@pytest.mark.parametrize("read,want", [
    ("—般公共服务支出", "一般公共服务支出"), ("-般公共预算财政拨款", "一般公共预算财政拨款"),
    ("（—）一般公共服务", "（一）一般公共服务"), ("第—部分", "第一部分"), ("1—2月", "1—2月"),
    ("——乡村振兴", "——乡村振兴"), ("—", "—"), ("A-B", "A-B"), ("—、基本情况", "一、基本情况"),
    ("义务教育专项资金—宁夏银川市", "义务教育专项资金—宁夏银川市"),
    # between Han characters: 一 where it makes words, a dash between names
    ("镇际联网路升级改造工程—期", "镇际联网路升级改造工程一期"), ("进—步加强管理", "进一步加强管理"),
    ("北京—上海", "北京—上海"), ("产出指标—数量指标", "产出指标—数量指标")])
def test_a_dash_starting_a_word_is_the_character_one(read, want):
    """PP-OCR reads the one-stroke glyph 一 as a dash where nothing around it says
    otherwise; before a Han character (or inside （ ）) it is 一."""
    from budgetpdf.extract.ocr_fix import dash_as_one
    assert dash_as_one(read) == want


@pytest.mark.parametrize("text,full,want", [
    ("宗教管理经费补助县（市、区)数量", False, "宗教管理经费补助县(市、区)数量"),
    ("足额保障率(参保率）", True, "足额保障率（参保率）"),
    ("（一）一般公共服务(201)", False, "（一）一般公共服务(201)"),   # pairs of one width stay
])
def test_a_parenthesis_pair_has_one_width(text, full, want):
    from budgetpdf.extract.ocr_fix import pair_parens
    assert pair_parens(text, full) == want


@pytest.mark.parametrize("read,want", [
    ("202.3年云雾土家族乡加工园", "2023年云雾土家族乡加工园"), ("20.23年度", "2023年度"),
    ("12.5万元", "12.5万元"), ("2023.5年", "2023.5年"), ("3.5年", "3.5年")])
def test_a_year_has_no_decimal_point(read, want):
    from budgetpdf.extract.ocr_fix import year_without_point
    assert year_without_point(read) == want


@pytest.mark.parametrize("read,fixed", [
    ("【体制]】自管道路清扫保洁外包工作经费", "【体制】自管道路清扫保洁外包工作经费"),  # a bracket read twice
    ("峻工验收合格率", "竣工验收合格率"),
    ("项自名称", "项目名称"),
    ("主管部內", "主管部门"),
    ("资金(万元)", "资金(万元)"),  # nothing to repair
    ("受益建档立卡贫困人口数二**人", "受益建档立卡贫困人口数≥**人"),  # a template's placeholder
    ("经营主体满意度(≥**0%)", "经营主体满意度(≥**%)"), ("第二名", "第二名"), ("达标率100%", "达标率100%"),
    # a speck read as a full stop before a line's first Han character (a 100 dpi scan);
    # one among them is the source's own ("重.要设备", 鄂州)
    (".金寨县茶谷", "金寨县茶谷"), ("重.要设备维修", "重.要设备维修"),
    ("12.5万元", "12.5万元"), ("元/平方米·月", "元/平方米·月"), ("A.B", "A.B"),
])
def test_misreads_of_frequent_words_and_doubled_brackets(read, fixed):
    assert ocr_fix.fix_misreads(read) == fixed
