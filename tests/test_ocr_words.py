"""OCR look-alikes settled by the words they make (extract.ocr_words), and
marks read from specks at a line's end (extract.ocr_punct)."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from budgetpdf.extract import ocr_layout, ocr_punct, ocr_words

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("read, probs, alts, want", [
    # the recognizer's second choice makes a word where its first does not
    ("财政业务线土办理率", {5: 0.67}, {5: [("上", 0.32)]}, "财政业务线上办理率"),
    ("革命烈土遗属", {3: 0.7}, {3: [("士", 0.2)]}, "革命烈士遗属"),
    ("一般项自评审", {3: 0.94}, {3: [("目", 0.06)]}, "一般项目评审"),
    # a printed word stays when the alternative makes none or the doubt is slight
    ("科目名称", {1: 0.93}, {1: [("日", 0.06)]}, "科目名称"),
    ("舒茶镇清水河", {1: 0.9}, {1: [("荼", 0.05)]}, "舒茶镇清水河"),
    ("项目自评", {2: 0.8}, {2: [("目", 0.15)]}, "项目自评"),
    # digits and signs are never guessed: only Han alternatives are kept
    ("达标率96%", {3: 0.6}, {3: [("9", 0.3)]}, "达标率96%"),
])
def test_a_doubted_character_takes_the_alternative_that_makes_words(read, probs, alts, want):
    p = [probs.get(k, 0.999) for k in range(len(read))]
    a = [alts.get(k, []) for k in range(len(read))]
    a = [[(ch, w) for ch, w in x if ocr_words._HAN.fullmatch(ch)] for x in a]
    assert ocr_words.settle(read, p, a) == want


def test_alternatives_are_kept_only_for_an_unsure_step():
    chars = ["", "上", "土", "工", "9"]
    assert ocr_words.alternatives(np.array([0.0, 0.32, 0.67, 0.005, 0.005]), chars) == [("上", 0.32)]
    assert ocr_words.alternatives(np.array([0.0, 0.002, 0.995, 0.002, 0.001]), chars) == []
    assert ocr_words.alternatives(np.array([0.0, 0.0, 0.6, 0.0, 0.4]), chars) == []  # a digit is no alternative


def test_a_scanned_line_reads_its_word_not_the_look_alike():
    """"财政业务线上办理率" of a corpus scan (河南 淇县, 150 dpi): the recognizer
    alone reads 线土 (上 its second choice)."""
    from budgetpdf.extract import ocr
    img = cv2.imread(str(FIXTURES / "scan_lookalike_line.png"), cv2.IMREAD_GRAYSCALE)
    piece = ocr_layout.Piece((16, 16, 184, 34), (12, 12, 192, 38), None)
    alone = ocr.recognizer()([ocr.crop(img, piece.crop)])[0]
    assert alone.text == "财政业务线土办理率" and alone.alts[5]
    assert ocr.read_pieces(img, [piece], 19.55)[0].text == "财政业务线上办理率"


def _line(marks: dict[int, tuple[int, int]], em: float = 25.0) -> np.ndarray:
    """A line of three glyphs (20 px tall, baseline at 22) and marks of the
    given (width, height) after them at the given x."""
    mask = np.zeros((30, 140), np.uint8)
    for x in (2, 28, 54):
        mask[2:22, x:x + 20] = 255
    for x, (w, h) in marks.items():
        mask[22 - h:22, x:x + w] = 255
    return mask


def test_a_full_stop_read_from_a_speck_at_the_line_end_is_dropped():
    """"…治理工。" of a corpus scan: a 2 px speck after the last glyph was read
    as 。; a printed 。 is a ring a third of an em wide."""
    steps = [12, 38, 64, 84]
    assert ocr_punct.stray_marks("治理工。", steps, _line({82: (2, 2)}), 25.0) == "治理工"
    assert ocr_punct.stray_marks("治理工。", steps, _line({80: (8, 8)}), 25.0) == "治理工。"
    assert ocr_punct.stray_marks("治理工、", steps, _line({82: (2, 2)}), 25.0) == "治理工"
    # a printed 。 whose ring runs into the glyph before it, read a step past its ink
    assert ocr_punct.stray_marks("人次。", [12, 38, 80], _line({72: (7, 7)}), 25.0) == "人次。"


def test_a_thin_light_minus_stays_and_a_pixel_is_no_period():
    """"-204.61" / "-7.03%." of a corpus scan (云南 施甸): the minus, a bar of
    4 × 3 pixels, is as light as noise but a bar, not a dot; the "." after
    the % is one dark pixel."""
    em = 19.5
    gray = np.full((16, 80), 230, np.uint8)
    for x in (13, 30, 41, 51):
        gray[1:16, x:x + 9] = 70
    gray[13:16, 26:28] = 140       # the decimal point
    gray[8:11, 7:11] = 181         # the minus: light
    mask = np.where(gray < 200, 255, 0).astype(np.uint8)
    assert ocr_punct.stray_marks("-204.61", [9, 17, 34, 27, 45, 55, 60], mask, em, gray)[0] == "-"
    gray[8:11, 7:11] = 230
    gray[7:11, 6:12] = 140         # a blurred minus of another scan (重庆 荣昌): 6 × 4
    mask = np.where(gray < 200, 255, 0).astype(np.uint8)
    assert ocr_punct.stray_marks("-204.61", [9, 17, 34, 27, 45, 55, 60], mask, em, gray)[0] == "-"
    gray[7:11, 6:12] = 230
    gray[9, 8] = 181               # a speck where the minus was
    mask = np.where(gray < 200, 255, 0).astype(np.uint8)
    assert ocr_punct.stray_marks("-204.61", [9, 17, 34, 27, 45, 55, 60], mask, em, gray)[0] == "2"
    gray[14, 70] = 100             # a dark pixel after the last glyph
    mask = np.where(gray < 200, 255, 0).astype(np.uint8)
    assert ocr_punct.stray_marks("2046.", [17, 34, 45, 55, 70], mask, em, gray) == "2046"


def test_a_lone_dash_read_from_two_specks_is_dropped_a_printed_one_stays():
    """An empty cell of a corpus scan (重庆 科学城): two faint specks touching at a
    corner, read as "-" (0.62); a dash is a thin bar."""
    em = 20.7
    mask = np.zeros((12, 24), np.uint8)
    mask[0:3, 5:9] = mask[3:6, 9:12] = 255        # two specks, corner to corner
    assert ocr_punct.stray_marks("-", [8], mask, em) == ""
    mask[:] = 0
    mask[4:6, 3:12] = 255                            # a printed dash
    assert ocr_punct.stray_marks("-", [8], mask, em) == "-"


@pytest.mark.parametrize("name, ink, crop, em, want", [
    # "“三" read "“" at 0.64 from its crop, "“三" at 0.97 from a wider one: the surer adds to it
    ("scan_unsure_reading_short.png", (30, 30, 61, 50), (21, 25.6, 70, 54.4), 20.7, "“三"),
    # "(≥**0%)" read at 0.66; a wider crop reads "(≥*0)" at 0.72, surer by leaving two out: kept
    ("scan_unsure_reading_surer_shorter.png", (30, 30, 106, 59), (21, 23.62, 119.05, 61), 23.0, "(≥**0%)"),
])
def test_an_unsure_reading_takes_a_wider_crops_only_where_it_adds(name, ink, crop, em, want):
    """Corpus scans (重庆 科学城, 湖南 南岳): a reading under 0.7 is read again from
    wider crops; a surer reading replaces it only when it holds all of it."""
    from budgetpdf.extract import ocr
    img = cv2.imread(str(FIXTURES / name), cv2.IMREAD_GRAYSCALE)
    piece = ocr_layout.Piece(ink, crop, None)
    assert ocr.read_pieces(img, [piece], em)[0].text == want


def test_two_asterisks_read_as_one_are_two_where_the_ink_holds_two():
    """"(≥**万元)" of a corpus scan (宁夏 同心): CTC read the two stars side by
    side as one; the ink between ≥ and 万 holds two star blobs."""
    em = 23.0
    mask = np.zeros((24, 90), np.uint8)
    mask[1:21, 0:17] = 255                      # ≥ (a glyph: wider than a star)
    mask[1:9, 20:29] = mask[1:11, 30:39] = 255  # two stars, high in the line
    mask[1:21, 40:61] = 255                     # 万
    assert ocr_punct.asterisks("≥*万", [8, 30, 50], mask, em) == "≥**万"
    mask[1:11, 30:39] = 0                       # one star printed
    assert ocr_punct.asterisks("≥*万", [8, 25, 50], mask, em) == "≥*万"


def test_a_digit_skipped_inside_a_number_is_read_again():
    """"7,074,550" in a budget table of a corpus scan (广东 乐昌): its own crop
    reads "7,074,50", the steps of 5 and 0 a glyph apart; the wider crops all
    read "7,074,550", the first reading with a digit inserted."""
    from budgetpdf.extract import ocr
    img = cv2.imread(str(FIXTURES / "scan_skipped_digit.png"), cv2.IMREAD_GRAYSCALE)
    piece = ocr_layout.Piece((30, 30, 122, 51), (24, 25.38, 128, 55.62), None)
    c, left = ocr.margined(ocr.crop(img, piece.crop), piece, 21.85)
    assert ocr.recognizer()([c])[0].text == "7,074,50"
    assert ocr.read_pieces(img, [piece], 21.85)[0].text == "7,074,550"
    assert not ocr.digits_inserted("7,074,50", "7,074,5.0") and ocr.digits_inserted("7,074,50", "7,074,550")
