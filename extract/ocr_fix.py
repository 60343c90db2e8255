"""Text repairs of OCR readings: characters the recognizer skipped, letters
read for digits, comparator signs that lost a stroke, systematic misreads.

Nothing here guesses a digit: a repair is taken only where the page itself
(another reading of the same ink, the same value printed beside it) says so.
"""
from __future__ import annotations

import difflib
import os
import shutil
import subprocess

import numpy as np
import regex

from budgetpdf.extract import raster
from budgetpdf.extract.grid import Grid
from budgetpdf.normalize.text import clean

_HAN = regex.compile(r"\p{Han}")
_WIDE = regex.compile(r"[\p{Han}\u3000-\u303f\uff00-\uffef“”‘’…—]")


def _units(text: str) -> float:
    """Width of a text in ems: CJK and full-width forms 1, the rest about half."""
    return sum(1.0 if _WIDE.match(ch) else 0.55 for ch in text)


def looks_short(crop: np.ndarray, text: str) -> bool:
    """The reading holds clearly fewer characters than the ink does.

    PP-OCRv4 silently skips some rarer characters (缮 never comes out); a CJK
    glyph is about 0.92 em tall, so ink width / height counts the characters.
    """
    w, h = raster.ink_extent(crop)
    return h > 0 and w / (h / 0.92) - _units(text) >= 0.7


def digit_gap(text: str, steps: list[float], em: float) -> bool:
    """Between two digits of a number, room for one more: a digit is about
    half an em wide, and one the recognizer skipped ("7,548,10" for
    "7,548,150") leaves a glyph's room between the steps of its neighbours.
    (Only a cue to read the ink again: nothing is taken from it.)"""
    if len(steps) != len(text):
        return False
    return any(b - a >= 0.8 * em for (x, a), (y, b) in zip(zip(text, steps), zip(text[1:], steps[1:]))
               if x.isdigit() and y.isdigit())


def digits_inserted(text: str, other: str) -> bool:
    """`other` is `text` with digits (and their group commas) inserted, nothing else."""
    if len(other) <= len(text):
        return False
    sm = difflib.SequenceMatcher(None, text, other, autojunk=False)
    ops = sm.get_opcodes()
    return all(op in ("equal", "insert") for op, *_ in ops) and all(
        ch.isdigit() or ch == "," for op, _a, _b, j0, j1 in ops if op == "insert" for ch in other[j0:j1])


def han_gap(text: str, steps: list[float]) -> bool:
    """Between two CJK characters of a reading, room for one more: the
    recognizer's time steps of a line's CJK characters are about a glyph
    apart, and one it skipped (竣, 缮) leaves twice that.  At least three
    pairs of neighbours set the usual step."""
    pairs = [b - a for (x, a), (y, b) in zip(zip(text, steps), zip(text[1:], steps[1:]))
             if _HAN.match(x) and _HAN.match(y)]
    if len(pairs) < 3:
        return False
    usual = float(np.median(pairs))
    return usual > 0 and max(pairs) >= 1.7 * usual


def tesseract(crop: np.ndarray) -> str | None:
    """One line read by Tesseract (chi_sim), or None when it is not installed."""
    import cv2
    if not shutil.which("tesseract"):
        return None
    ok, png = cv2.imencode(".png", np.pad(crop, 8, constant_values=255))
    try:
        out = subprocess.run(["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", "7"],
                             input=png.tobytes(), capture_output=True, timeout=30,
                             env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except (OSError, subprocess.TimeoutExpired):
        return None
    return clean(out.stdout.decode("utf-8", "replace")) if out.returncode == 0 else None


def tesseract_all(crops: list[np.ndarray]) -> list[str | None]:
    """Several lines read by one Tesseract run (its language data loads once:
    that is most of a run's time).  Tesseract reads a list of image files as
    pages of one document, each at --psm 7, and parts the pages' text with a
    form feed; if the count does not come back right, each line alone."""
    import tempfile

    import cv2
    if len(crops) <= 1 or not shutil.which("tesseract"):
        return [tesseract(c) for c in crops]
    with tempfile.TemporaryDirectory(prefix="budgetpdf-tess-") as td:
        names = []
        for i, c in enumerate(crops):
            name = os.path.join(td, f"{i}.png")
            cv2.imwrite(name, np.pad(c, 8, constant_values=255))
            names.append(name)
        listing = os.path.join(td, "lines.txt")
        with open(listing, "w") as fh:
            fh.write("\n".join(names) + "\n")
        try:
            out = subprocess.run(["tesseract", listing, "stdout", "-l", "chi_sim", "--psm", "7"],
                                 capture_output=True, timeout=30 + 5 * len(crops),
                                 env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        except (OSError, subprocess.TimeoutExpired):
            return [None] * len(crops)
    pages = out.stdout.decode("utf-8", "replace").split("\f")
    if out.returncode or len(pages) < len(crops):
        return [tesseract(c) for c in crops]
    return [clean(p) for p in pages[:len(crops)]]


def subsequence(text: str, other: str) -> bool:
    """`text` is `other` with characters left out (in order)."""
    it = iter(other)
    return all(ch in it for ch in text)


def fill_skipped(text: str, other: str | None) -> str:
    """`text` with the CJK characters it skipped, taken from a second reading.

    Accepted only if the second reading is the first plus inserted Han
    characters, at most three: nothing is changed, no digit is guessed.
    """
    if not other or len(other) <= len(text) or len(other) - len(text) > 3 or not subsequence(text, other):
        return text
    sm = difflib.SequenceMatcher(None, text, other, autojunk=False)
    added = "".join(other[j0:j1] for op, _i0, _i1, j0, j1 in sm.get_opcodes() if op != "equal")
    return other if added and all(_HAN.match(ch) for ch in added) else text


# --- OCR confusions in value cells ------------------------------------------
# Letters inside a number: "1O0" "2,5O0" "l00" -> digits.  Only between digits
# (or a digit and a decimal point/percent): a letter in a word is left alone.
# A leading 1 read as "i" (a speck over it: "i0" for a score of 10) where a digit
# follows; a leading bar (l, |, I) may be a wall's remnant and stays.
_LETTER_DIGIT = regex.compile(r"(?<=\d[.,]?)[OoIl|](?=[.,]?\d|%)|(?<![A-Za-z])[Oo](?=\.\d)|^i(?=\d)")
_VALUE = regex.compile(r"^[≥≤<>=2]?[\dOoIil|][\d.,OoIl|]*(?:%|[\p{Han}/A-Za-z]{0,6})$")
# A comparator's lower bar gets lost ("≤" -> "<") or the sign is read as "2";
# the row's other value cell, printed the same way, shows which it was.
# Systematic misreads of frequent words of budget documents (门 → 內/巾 in
# sans-serif print, 竣 → 峻, 目 → 自): no misreading is a word of simplified
# Chinese, so the swap cannot hurt a text that printed it.  (自 → 目 is not
# here: "目评" is also the middle of 项目评审; extract.ocr_words settles it.)
MISREADS = {"部內": "部门", "部巾": "部门", "峻工": "竣工", "项自": "项目", "自标": "目标"}
_MISREAD = regex.compile("|".join(map(regex.escape, MISREADS)))


# A bracket read twice, half- and full-width side by side ("【体制]】"): no text
# prints the pair, so it is one bracket, the full-width one.
_TWIN = regex.compile(r"\][】]|[】]\]|\[[【]|[【]\[|\)[）]|[）]\)|\([（]|[（]\(")


# A template's placeholder for a target ("(≥**%)", "≥**人"): the recognizer reads
# its sign as 二 or adds a 0 before the %; neither is ever printed next to "**".
_PLACEHOLDER = regex.compile(r"二(?=\*\*)|(?<=\*\*)0(?=%)")


# a full stop a speck gave before a line's first Han character: no line starts
# with a stop (line breaking keeps it on the line before; 1. stays with its 1)
_SPECK_DOT = regex.compile(r"^\.+(?=\p{Han})")


def fix_misreads(text: str) -> str:
    text = _SPECK_DOT.sub("", text)
    text = _TWIN.sub(lambda m: next(ch for ch in m.group() if ord(ch) > 0x7f), text)
    text = _PLACEHOLDER.sub(lambda m: "≥" if m.group() == "二" else "", text)
    return _MISREAD.sub(lambda m: MISREADS[m.group()], text)
_SECOND_POINT = regex.compile(r"^(.*\d\.\d+)\.$")
_RICHER = {("<", "≤"): "≤", (">", "≥"): "≥", ("2", "≥"): "≥"}


def fix_value(text: str) -> str:
    """Letter-for-digit confusions and rule remnants in a value-like cell."""
    text = text.strip("|").strip()
    if text in ("o", "O"):  # a lone zero; a cell never holds the letter alone
        return "0"
    if not _VALUE.match(text):
        return text
    text = _SECOND_POINT.sub(r"\1", text)  # a number has one decimal point: "41.36." is a speck
    return _LETTER_DIGIT.sub(lambda m: "0" if m.group() in "Oo" else "1", text)


def agree_comparators(a: str, b: str) -> tuple[str, str]:
    """Two value cells of one row that differ only in a confusable first sign
    both get the sign with the stroke the other lost."""
    if len(a) < 2 or a[1:] != b[1:] or not regex.match(r"\d", a[1]):
        return a, b
    sign = _RICHER.get((a[0], b[0])) or _RICHER.get((b[0], a[0]))
    return (sign + a[1:], sign + b[1:]) if sign else (a, b)


def fix_grid(grid: Grid) -> Grid:
    full = sum(c.text.count("（") + c.text.count("）") for c in grid.cells)
    half = sum(c.text.count("(") + c.text.count(")") for c in grid.cells)
    for cell in grid.cells:  # misreads again: a word may be cut by the cell's line break
        cell.text = dash_as_one(fix_misreads(pair_parens(fix_value(cell.text), full > half)))
    for r in range(grid.n_rows):
        cells = [c for c in grid.row(r) if c.row == r and _VALUE.match(c.text)]
        for a, b in zip(cells, cells[1:]):
            a.text, b.text = agree_comparators(a.text, b.text)
    return grid


_DASHES = frozenset("-—―－")


def dash_width(text: str, ink_w: float, ink_h: float, em: float) -> str:
    """A line that is one dash: "—" when it is about a glyph wide, "-" when
    it is a third of one (the recognizer reads both as "-")."""
    if text not in _DASHES or ink_h > 0.3 * em:
        return text
    if ink_w >= 0.7 * em:
        return "—"
    if ink_w <= 0.45 * em:
        return "-"
    return text


# a dash that starts a line before a Han character or 、 (一般, 一级, "一、"), comes
# after 第 (第一) or stands in （ ） (（一）) is the character 一: the recognizer
# reads the one-stroke glyph as a dash.  Between two words a dash is a dash
# ("专项资金—宁夏…", "1—2月", "——").
_DASH_HAN = regex.compile(r"^[—\-－](?=[\p{Han}、])|(?<=第)[—\-－](?=[\p{Han}\d]|$)")
_DASH_ENUM = regex.compile(r"([（(])[—\-－]([）)])")


_DASH_INSIDE = regex.compile(r"(?<=(\p{Han}{1,6}))[—\-－](?=(\p{Han}{1,6}))")


def dash_as_one(text: str) -> str:
    text = _DASH_ENUM.sub(r"\1一\2", _DASH_HAN.sub("一", text))
    return _DASH_INSIDE.sub(lambda m: "一" if _one_makes_words(m.group(1), m.group(2)) else m.group(0), text)


def _one_makes_words(left: str, right: str) -> bool:
    """A lone dash between two Han runs read as 一 joins them into likelier words
    than 一 standing alone would ("工程—期" → 一期, "进—步" → 一步) by a clear margin
    (jieba's word frequencies); between two names it stays ("专项资金—宁夏")."""
    from budgetpdf.extract.ocr_words import MARGIN, log_prob  # (the dictionary only for scans)
    joined = log_prob(left + "一" + right)
    return joined - (log_prob(left) + log_prob("一") + log_prob(right)) >= MARGIN


_MIXED_PAIR = regex.compile(r"[(（]([^()（）]*)[)）]")


def pair_parens(text: str, full: bool) -> str:
    """A parenthesis pair read one side full-width, one side ASCII ("(参保率）",
    a cell's lines read apart: "（市、" / "区)"): both take the width the grid's
    parentheses mostly have."""
    def one(m):
        pair = m.group(0)[0] + m.group(0)[-1]
        if pair in ("()", "（）"):
            return m.group(0)
        return ("（" if full else "(") + m.group(1) + ("）" if full else ")")
    return _MIXED_PAIR.sub(one, text)


# a speck read as a point inside a year ("202.3年"): a year has no decimal point
_YEAR_POINT = regex.compile(r"(?<![\d.])((?:19|20)\d{0,2})[.·,，](\d{1,2})(?=\s*年)")


def year_without_point(text: str) -> str:
    return _YEAR_POINT.sub(lambda m: m.group(1) + m.group(2) if len(m.group(1) + m.group(2)) == 4
                           else m.group(0), text)
