"""Comparators printed alone in a cell, read from their shape (extract.ocr_signs):
drawn signs are read, joined by blur too; letters, digits and dashes are not signs."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from budgetpdf.extract.ocr_signs import sign_of


def _canvas() -> np.ndarray:
    return np.zeros((24, 22), np.uint8)


def chevron(img: np.ndarray, point: str, bottom: int, thick: int) -> None:
    tip, back = (18, 2) if point == ">" else (2, 18)
    cv2.line(img, (back, 1), (tip, bottom // 2), 255, thick)
    cv2.line(img, (tip, bottom // 2), (back, bottom), 255, thick)


def bar(img: np.ndarray, y: int, thick: int = 2) -> None:
    img[y:y + thick, 1:20] = 255


@pytest.mark.parametrize("point,thick,gap,want", [
    (">", 2, 3, "≥"), ("<", 2, 3, "≤"), (">", 3, 1, "≥"), ("<", 3, 0, "≤")])
def test_chevron_over_a_bar(point, thick, gap, want):
    img = _canvas()
    chevron(img, point, 13, thick)
    bar(img, 13 + gap + thick // 2)
    assert sign_of(img > 0) == want


@pytest.mark.parametrize("point", [">", "<"])
def test_chevron_alone(point):
    img = _canvas()
    chevron(img, point, 16, 2)
    assert sign_of(img > 0) == point


def test_two_bars_are_equals():
    img = _canvas()
    bar(img, 8)
    bar(img, 13)
    assert sign_of(img > 0) == "="


def test_two_blurred_bars_are_equals_by_their_gray():
    gray = np.full((6, 22), 250, np.uint8)
    gray[1, 1:20] = gray[4, 1:20] = 40
    gray[2:4, 1:20] = 150  # the blur between the strokes
    assert sign_of(gray < 200, gray) == "="


@pytest.mark.parametrize("text", ["M", "N", "7", "2", "W", "Z"])
def test_letters_and_digits_are_not_signs(text):
    img = np.zeros((30, 30), np.uint8)
    cv2.putText(img, text, (3, 25), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 255, 2)
    assert sign_of(img > 0) is None


def test_a_dash_is_not_a_sign():
    img = _canvas()
    bar(img, 10, 3)
    assert sign_of(img > 0) is None


# "≥" as the corpus scan of 重庆 荣昌 (Noto CJK, 150 dpi, blurred) prints it: the bar
# runs parallel to the chevron's lower arm (⩾), the strokes joined by the blur
SLANTED_GE = """
.##..............
######...........
########.........
.#########.......
....#########....
......#########..
.........#######.
..........#######
.......#########.
.....###########.
..###############
.################
.###############.
.#############...
..########.......
.#######.........
######...........
.##..............
"""


def _mask(text: str) -> np.ndarray:
    return np.array([[ch == "#" for ch in row] for row in text.strip().splitlines()])


@pytest.mark.parametrize("flip,want", [(False, "≥"), (True, "≤")])
def test_bar_parallel_to_the_lower_arm(flip, want):
    """⩾ / ⩽ as many Chinese fonts draw ≥ / ≤: blurred at 150 dpi the bar and
    the lower arm fill rows in the sign's lower middle, not a bar at its foot."""
    m = _mask(SLANTED_GE)
    assert sign_of(m[:, ::-1] if flip else m) == want


def test_two_thick_bars_of_a_narrow_equals():
    """A narrow "=" whose bars are as thick as their gap (11 × 8 px) is "="."""
    img = np.zeros((12, 15), np.uint8)
    img[2:5, 2:13] = img[6:10, 2:13] = 255
    assert sign_of(img > 0) == "="


def test_a_lone_sign_with_specks_of_noise_beside_it():
    """A scan's specks beside a lone ⩾ widen its piece past a glyph's width: the
    sign is judged by its own ink, the specks left out (海南 会展 scan)."""
    from budgetpdf.extract.ocr import lone_sign
    from budgetpdf.extract.ocr_engine import Reading
    from budgetpdf.extract.ocr_layout import Piece
    ink = np.zeros((40, 80), np.uint8)
    sign = _canvas()
    chevron(sign, ">", 13, 2)
    bar(sign, 16)
    ink[8:32, 30:52] = sign
    ink[8:10, 20:23] = 255      # specks at the piece's edges
    ink[8:10, 60:62] = 255
    piece = Piece(ink=(20, 8, 62, 31), crop=(0, 0, 80, 40), cell=None)
    assert lone_sign(255 - ink, ink, piece, Reading("V", 0.37, [], []), "V", em=23.0) == "≥"
