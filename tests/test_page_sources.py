"""How a page's source is read before any table is looked for: sideways pages
turned upright (extract.orient: the arithmetic, and the scan detector on
pages turned each way), which text layers count, which pictures need OCR,
glyphs drawn twice."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from budgetpdf.extract import orient
from budgetpdf.extract.grid import Word

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "pdf"


@pytest.mark.parametrize("a,b,turn", [(10, 0, 0), (0, 10, 90), (-10, 0, 180), (0, -10, 270),
                                      (9.9, 0.3, 0)])
def test_char_turn_from_text_matrix(a, b, turn):
    assert orient.char_turn(a, b) == turn


def test_page_turns_only_on_a_clear_majority():
    assert orient.text_turn([90] * 7 + [0] * 3) == 90
    assert orient.text_turn([90] * 5 + [0] * 5) == 0   # a mixed page stays as printed
    assert orient.text_turn([0] * 10) == 0
    assert orient.text_turn([]) == 0


@pytest.mark.parametrize("turn,back", [(90, 270), (270, 90), (180, 180)])
def test_turning_and_turning_back_is_the_identity(turn, back):
    width, height = 595.0, 842.0
    words = [Word("项", 100.0, 200.0, 110.0, 212.0), Word("目", 110.0, 200.0, 120.0, 212.0)]
    turned = orient.turn_words(words, turn, width, height)
    size = (height, width) if turn != 180 else (width, height)
    again = orient.turn_words(turned, back, *size)
    assert [(w.x0, w.top, w.x1, w.bottom) for w in again] == [(w.x0, w.top, w.x1, w.bottom)
                                                               for w in words]


def test_text_reading_upward_turns_clockwise_into_a_row():
    """Two characters reading up the page (the second above the first) come
    out left to right on one line."""
    words = [Word("项", 100.0, 300.0, 112.0, 312.0), Word("目", 100.0, 288.0, 112.0, 300.0)]
    first, second = orient.turn_words(words, 90, 595.0, 842.0)
    assert first.x1 <= second.x0 + 1e-6 and first.top == second.top


def test_edges_swap_orientation_on_a_quarter_turn():
    edge = {"x0": 50.0, "x1": 300.0, "top": 100.0, "bottom": 100.0, "orientation": "h"}
    (out,) = orient.turn_edges([edge], 90, 595.0, 842.0)
    assert out["orientation"] == "v" and out["width"] == 0 and out["height"] == 250.0


@pytest.fixture(scope="module")
def scan_page():
    from budgetpdf.extract import raster
    path = CORPUS / "scan" / "yn_yongde_yingyang_2022.pdf"
    if not path.exists():
        pytest.skip("corpus scan not rendered")
    return raster.render(path, 0, 150)


@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_scan_turns_say_how_to_set_it_upright(scan_page, k):
    """Upright and upside-down pages are left alone (lines already lie
    level); a page turned a quarter either way is turned back."""
    img = np.ascontiguousarray(np.rot90(scan_page, k))
    want = {0: 0, 1: 3, 2: 0, 3: 1}[k]
    assert orient.image_turns(img, 150) == want


def test_blank_page_is_not_turned():
    assert orient.image_turns(np.full((1200, 900), 255, np.uint8), 150) == 0


# --- which pages have a text layer worth reading (extract.pages.has_text_layer) ---

def _line(text: str, x: float, y: float, size: float = 10.0) -> list[Word]:
    return [Word(ch, x + i * size, y, x + (i + 1) * size, y + size) for i, ch in enumerate(text)]


def test_stamp_over_a_scan_is_not_the_page_text():
    """A date stamp a publisher put on a scanned page: the image holds the content."""
    from budgetpdf.extract.pages import has_text_layer
    stamp = _line("公开日期2024-03-05", 40, 800)
    assert has_text_layer(stamp)  # on its own it is text
    assert not has_text_layer(stamp, [(0, 0, 595, 842)], 595, 842)


def test_searchable_scan_keeps_its_hidden_text():
    from budgetpdf.extract.pages import has_text_layer
    page = [w for row in range(40) for w in _line("项目绩效目标表产出指标数量指标" * 2, 40, 60 + row * 18)]
    assert has_text_layer(page, [(0, 0, 595, 842)], 595, 842)


def test_unmapped_glyphs_are_no_text_layer():
    from budgetpdf.extract.pages import has_text_layer
    assert not has_text_layer([Word(f"(cid:{i})", i * 10, 0, i * 10 + 10, 10) for i in range(50)])


def test_glyphs_drawn_twice_for_bold_are_one_character():
    from budgetpdf.extract.grid import dedupe, words_to_text
    bold = [w for ch_pair in zip(_line("项目名称", 40, 100), _line("项目名称", 40.4, 100.3)) for w in ch_pair]
    assert words_to_text(dedupe(bold)) == "项目名称"
    # the same character side by side is two characters (次次 is not a repeat)
    assert words_to_text(dedupe(_line("人次次", 40, 100))) == "人次次"


def test_pictures_that_need_ocr():
    """A large picture with no text over it carries content; a small one (a
    seal, a logo) or one under the text (a background) does not."""
    from budgetpdf.extract.pages import pictures
    text = [w for row in range(30) for w in _line("项目绩效目标表产出指标数量指标" * 2, 40, 60 + row * 18)]
    heading = _line("附件2", 40, 40)
    table = (40, 300, 555, 800)
    assert pictures(heading, [table], 595, 842) == [table]
    assert pictures(heading, [(400, 700, 500, 800)], 595, 842) == []
    assert pictures(text, [(0, 0, 595, 842)], 595, 842) == []


@pytest.mark.parametrize("degrees,slanted", [(0, False), (90, False), (-35, True), (45, True),
                                             (3, False), (180, False)])
def test_slanted_characters_are_a_watermark(degrees, slanted):
    import math
    rad = math.radians(degrees)
    assert orient.skewed(math.cos(rad), math.sin(rad)) is slanted
