"""Scan-form repairs: slanted comparators, specks, parentheses after a
full-width mark, title lines whose glyphs share no row, rules of a header."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from budgetpdf.extract import ocr_layout, ocr_punct, raster
from budgetpdf.extract.ocr_signs import sign_of
from test_ocr_fixes import _blocks


def _mask(text: str) -> np.ndarray:
    return np.array([[ch == "#" for ch in row] for row in text.strip().splitlines()])


# "≥" (⩾) of a corpus scan (hl 绥芬河, 150 dpi): the slanted bar crosses the
# lower arm and fills one row nearly across, which cut the chevron short
CROSSED_GE = """
####.............
######...........
.#######.........
...########......
......#######....
........#######..
........########.
.......########..
.....########....
...#######..####.
.#######..######.
######.########..
###..#######.....
...#######.......
#######..........
#####............
###..............
"""

# the same sign with no row filled across: a chevron heavier below
NO_BAR_GE = """
###..............
#####............
.#######.........
..########.......
......######.....
.......########..
........#.######.
.........#######.
......########...
....#######..##..
.########..#####.
######..#######..
####..#######....
...########......
.#######.........
######...........
###..............
"""


@pytest.mark.parametrize("art", [CROSSED_GE, NO_BAR_GE])
@pytest.mark.parametrize("flip,want", [(False, "≥"), (True, "≤")])
def test_slanted_comparators_of_a_scan(art, flip, want):
    m = _mask(art)
    assert sign_of(m[:, ::-1] if flip else m) == want


def test_a_plain_chevron_stays_plain():
    img = np.zeros((24, 22), np.uint8)
    cv2.line(img, (2, 1), (18, 8), 255, 2)
    cv2.line(img, (18, 8), (2, 16), 255, 2)
    assert sign_of(img > 0) == ">"


def test_a_parenthesis_after_a_full_width_mark_is_not_judged_by_its_gap():
    """"。（" and "。(" both leave a wide blank before the parenthesis: 。 sits
    at the left of its em box; the page's other parentheses decide."""
    em = 22.0
    boxes = [(2, 2, 22, 22), (24, 15, 30, 21), (48, 1, 53, 23), (55, 2, 75, 22), (76, 1, 81, 23)]
    mask = _blocks(24, 84, boxes)
    steps = [(b[0] + b[2]) / 2 for b in boxes]
    marks = ocr_punct.decide("因。(内)", steps, mask, 0.0, em, 0)
    assert [m.full for m in marks] == [None, None]
    # with the page's usual half-width parentheses, the pair follows them
    page = [ocr_punct.Mark(1, 1, "(", False), ocr_punct.Mark(2, 1, ")", False)]
    settled = ocr_punct.settle(marks + page)
    assert ocr_punct.apply("因。（内）", [m for m in settled if m.piece == 0]) == "因。(内)"
    # a parenthesis after a glyph is still judged by its blank
    boxes[1] = (24, 2, 30, 22)  # a narrow glyph in its place
    marks = ocr_punct.decide("因内(内)", steps, _blocks(24, 84, boxes), 0.0, em, 0)
    assert marks[0].full is True


def _gray_line(dots):
    """Gray image and ink mask of two glyphs and dots (x, darkest gray) on the
    baseline after them."""
    gray = np.full((24, 90), 230, np.uint8)
    gray[2:22, 2:22] = gray[2:22, 24:44] = 40
    for x, level in dots:
        gray[19:21, x:x + 2] = level
    return gray, np.where(gray < 200, 255, 0).astype(np.uint8)


def test_faint_specks_at_the_end_of_a_line_are_dropped():
    em = 22.0
    gray, mask = _gray_line([(50, 185)])                   # noise: far lighter than the print
    assert ocr_punct.stray_marks("推进．", [12, 34, 51], mask, em, gray) == "推进"  # full-width too
    assert ocr_punct.stray_marks("推进.", [12, 34, 51], mask, em) == "推进."  # no gray: ink decides
    gray, mask = _gray_line([(50, 60)])                    # a printed point: as dark as the glyphs
    assert ocr_punct.stray_marks("推进.", [12, 34, 51], mask, em, gray) == "推进."
    gray, mask = _gray_line([(50, 185), (60, 190)])        # a run of specks, stripped inward
    assert ocr_punct.stray_marks("推进.·", [12, 34, 51, 61], mask, em, gray) == "推进"


def test_a_speck_over_a_decimal_point_is_no_colon():
    em = 22.0
    mask = np.zeros((24, 60), np.uint8)
    mask[4:22, 2:12] = mask[4:22, 14:24] = mask[4:22, 34:44] = 255
    mask[19:22, 26:29] = 255          # the decimal point
    mask[10:11, 27:29] = 255          # a two-pixel speck above it
    assert ocr_punct.stray_marks("21:8", [7, 19, 27.5, 39], mask, em) == "21.8"
    mask[8:11, 26:29] = 255           # a dot as large as the lower one: a colon
    assert ocr_punct.stray_marks("21:8", [7, 19, 27.5, 39], mask, em) == "21:8"


def test_a_title_whose_glyphs_share_no_row_is_one_line():
    """"一、收支总表": the stroke of 一 at mid height and the 、 at the foot of
    its box share no row, so their smears were two components and 一 a line
    of its own."""
    em = 22.0
    text = np.zeros((80, 300), np.uint8)
    text[40:46, 20:50] = 255          # 一
    text[52:60, 54:62] = 255          # 、
    for x in (80, 112, 144, 176):     # 收支总表
        text[30:62, x:x + 30] = 255
    pieces = ocr_layout.loose_pieces(text, [], em)
    assert [tuple(int(v) for v in p.ink) for p in pieces] == [(20, 30, 206, 62)]


FIXTURES = Path(__file__).parent / "fixtures"


def _header_cells(name: str):
    """Cells of the first rows of a table of a scanned page (a level crop of
    a corpus scan at 150 dpi), top down."""
    img = cv2.imread(str(FIXTURES / name), cv2.IMREAD_GRAYSCALE)
    tables = raster.analyse(img, 150)[2]
    assert len(tables) == 1
    t = tables[0]
    return [tuple(round(v) for v in c) for c in sorted(t.cells, key=lambda c: (c[1], c[0]))
            if c[1] < t.bbox[1] + 40]


def test_a_rule_under_a_spanning_header_does_not_cross_its_neighbours():
    """科目编码 over 类|款|项 and 基本支出 over 人员经费|公用经费, between them
    科目名称 and 合计 two rows tall: the verticals of the subcolumns start on the
    rules under their spanning cells, so no closing rule is drawn from their
    tops across 科目名称 and 合计 (it cut their glyphs in half: 科日, 合计 lost)."""
    cells = _header_cells("scan_spanning_header.png")
    tall = [c for c in cells if c[1] == cells[0][1] and c[3] - c[1] > 60]
    assert [(c[0], c[2]) for c in tall] == [(248, 877), (877, 1024), (1383, 1562)]


def test_a_short_header_rule_merged_into_the_text_above_the_table():
    """The rule between 科目编码 and 科目名称, one header row tall, whose run the
    blur joined to the strokes of the line printed just above the table."""
    cells = _header_cells("scan_short_header_rule.png")
    first = [c for c in cells if c[1] == cells[0][1]]
    assert len(first) == 2 and first[0][2] == first[1][0]


def test_an_ellipsis_is_dots_alike_not_a_cluster_of_specks():
    from budgetpdf.extract import ocr
    em = 22.0
    ink = np.zeros((20, 60), np.uint8)
    for x in (10, 16, 22, 30, 36, 42):               # "……" printed: six alike dots
        ink[10:12, x:x + 2] = 255
    piece = ocr_layout.Piece((8, 9, 46, 13), (4, 5, 50, 17), None)
    assert ocr.ellipsis(ink, piece, em) == "……"
    ink[:] = 0                                         # noise: a speck and two crumbs
    ink[10:12, 10:14] = 255                            # 8 px
    ink[11, 17:20] = 255                               # 3 px
    ink[11, 24] = 255                                  # 1 px
    piece = ocr_layout.Piece((10, 10, 25, 12), (6, 5, 30, 17), None)
    assert ocr.ellipsis(ink, piece, em) is None


def test_a_skipped_character_leaves_a_glyph_of_room_between_its_neighbours():
    """PP-OCRv4 read "项目竣工验收率" (a corpus scan, draw 1) as "项目工验收率":
    its time steps put 目 and 工 two glyphs apart; such a line goes to the
    second reader.  Evenly spaced characters, or too few to tell, do not."""
    from budgetpdf.extract import ocr
    assert ocr.han_gap("项目工验收率", [14, 33, 72, 96, 115, 130])
    assert not ocr.han_gap("项目竣工验收率", [14, 33, 52, 72, 96, 115, 130])
    assert not ocr.han_gap("项目 1", [14, 33, 80, 96])
    assert ocr.fill_skipped("项目工验收率", "项目竣工验收率") == "项目竣工验收率"


def test_a_mark_joined_to_the_next_glyph_is_tight_against_it():
    """"指标2:户用": blur joined the colon's lower dot to 户; the blank after
    the colon is none, not the one after 户."""
    em = 22.0
    mask = _blocks(20, 100, [(2, 2, 22, 19), (26, 6, 29, 9), (26, 14, 46, 18), (30, 0, 46, 19),
                            (70, 0, 90, 19)])
    marks = ocr_punct.decide("标:户用", [12, 27.5, 38, 80], mask, 0.0, em, 0)
    assert [m.full for m in marks] == [False]


def test_real_ink_read_as_nothing_is_read_again():
    """"≤4" in a cell of a corpus scan (draw 1): its own crop reads as
    nothing, a wider one as "≤4"; the steps count from the piece's crop."""
    from budgetpdf.extract import ocr
    img = cv2.imread(str(FIXTURES / "scan_sign_read_as_nothing.png"), cv2.IMREAD_GRAYSCALE)
    piece = ocr_layout.Piece((41, 19, 70, 36), (33, 15, 78, 40), None)
    assert ocr.recognizer()([ocr.crop(img, piece.crop)])[0].text == ""
    reading = ocr.read_pieces(img, [piece], 20.7)[0]
    assert reading.text == "≤4"
    assert 41 - 33 <= reading.steps[0] < reading.steps[1] <= 70 - 33 + 5
    speck = ocr_layout.Piece((100, 5, 104, 8), (96, 2, 108, 11), None)   # too small to read again
    nothing = ocr.Reading("", 0.0, [], [])
    assert ocr.reread(img, speck, nothing, 20.7) is nothing


def test_a_closing_quote_read_from_a_faint_speck_is_dropped():
    """"…“三公”经费支出表”": the last ” is a faint speck beside 表."""
    em = 22.0
    gray = np.full((24, 90), 230, np.uint8)
    gray[2:22, 2:22] = gray[2:22, 24:44] = 40
    gray[9:11, 50:52] = 175                       # the speck
    mask = np.where(gray < 200, 255, 0).astype(np.uint8)
    assert ocr_punct.stray_marks("支表”", [12, 34, 51], mask, em, gray) == "支表"
    gray[2:7, 48:50] = gray[2:7, 52:54] = 50      # a printed ”: two strokes at the top
    mask = np.where(gray < 200, 255, 0).astype(np.uint8)
    assert ocr_punct.stray_marks("支表”", [12, 34, 51], mask, em, gray) == "支表”"


def test_a_column_cut_by_the_page_keeps_its_closing_rule():
    """The foot of a table a page break cut (corpus scan): a first column
    spanning all its rows ends with no rule under it, at the corner where the
    rule under the other columns starts.  That end is cut, not on a rule: the
    closing rule is drawn and the column stays in the table."""
    img = cv2.imread(str(FIXTURES / "scan_cut_table_bottom.png"), cv2.IMREAD_GRAYSCALE)
    tables = raster.analyse(img, 150)[2]
    assert len(tables) == 1
    assert tables[0].bbox[0] < 30 and min(c[0] for c in tables[0].cells) < 30


def test_a_glyph_stroke_under_a_column_rule_is_no_wall_of_a_merged_header():
    """"预期目标" in a tight merged header cell of a corpus scan (贵州 黔东南,
    150 dpi): the strokes of 期 and 目 stand right under the rule between two
    columns above, and the dilation joined them to it; the merged cell is one
    cell, not two cut between 期 and 目."""
    img = cv2.imread(str(FIXTURES / "scan_tight_merged_header.png"), cv2.IMREAD_GRAYSCALE)
    _ink, _rules, tables, _h = raster.analyse(img, 150)
    header = [c for t in tables for c in t.cells if 105 <= c[1] <= 120]
    assert any(c[0] <= 100 and c[2] >= 580 for c in header), header
    above = [c for t in tables for c in t.cells if 75 <= c[1] < 105]
    assert any(330 <= c[0] <= 345 for c in above), above  # the column rule above stays


@pytest.mark.parametrize("name, ink, crop, em, want", [
    # 濉溪 (a corpus scan): "——一户" read "—一户", the two dashes one bar
    ("scan_doubled_dash.png", (14, 16, 249, 42), (10, 10.28, 260.7, 47.72), 24.15, "户·年)——一户年最高"),
    # 炎陵: "站场建设。……" read "站场建设。…．", six dots in all
    ("scan_doubled_ellipsis.png", (16, 17, 663, 48), (10, 10.18, 676.95, 54.82), 25.3,
     "目标1:干线公路建设;目标2:农村公路建设;目标3:站场建设。……"),
])
def test_a_doubled_dash_or_ellipsis_is_as_long_as_its_ink(name, ink, crop, em, want):
    """CTC reads two like marks side by side as one when no blank step falls
    between them; the ink tells how many there are."""
    from budgetpdf.extract import ocr
    img = cv2.imread(str(FIXTURES / name), cv2.IMREAD_GRAYSCALE)
    piece = ocr_layout.Piece(ink, crop, None)
    reading = ocr.read_pieces(img, [piece], em)[0]
    ink_of, rules, _, _ = raster.analyse(img, 150)
    mask, _ = ocr_layout.text_ink(ink_of, rules, 150)
    assert ocr.punctuation([piece], [reading], mask, em, img) == [want]


def test_dashes_and_ellipses_are_counted_from_their_ink():
    em = 20.0
    mask = np.zeros((20, 120), np.uint8)
    mask[9:11, 22:42] = 255                    # "—": a bar an em long
    for x in (62, 68, 74):                     # "…": three dots
        mask[9:11, x:x + 2] = 255
    assert ocr_punct.long_marks("甲—乙…丙", [10, 32, 52, 68, 95], mask, em)[0] == "甲—乙…丙"
    mask[:] = 0
    mask[9:11, 22:60] = 255                    # the bar two ems long, the dots six
    for x in (74, 80, 86, 92, 98, 104):
        mask[9:11, x:x + 2] = 255
    assert ocr_punct.long_marks("甲—乙…丙", [10, 32, 66, 80, 120], mask, em)[0] == "甲——乙……丙"
