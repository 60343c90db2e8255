"""Text cleaning shared by every source (text layers, OCR, readers).

PDF text layers of Chinese budget tables carry artefacts: CJK radicals where the
font maps a glyph to a radical code point (⼾ for 户, ⻔ for 门), full-width ASCII,
LaTeX escapes (\\geq) and HTML tags copied from the publisher's web editor, zero-width
characters, and spaces inserted between CJK characters by layout analysis.
`clean` removes them while keeping Chinese punctuation (，：；（）) as printed.
"""
from __future__ import annotations

import html
import unicodedata

import regex

# --- radicals -------------------------------------------------------------
# Kangxi Radicals U+2F00..U+2FD5, in code point order.  NFKC maps these to the
# traditional ideograph (⼾→戶, ⾨→門); a simplified-Chinese PDF means the
# simplified one, so the table below spells out every target explicitly.
_KANGXI_TARGETS = (
    "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子"
    "宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈户手支攴文斗斤方无日曰月木欠止"
    "歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾"
    "穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾见角言谷豆豕豸"
    "贝赤走足身车辛辰辵邑酉釆里金长门阜隶隹雨青非面革韦韭音页风飞食首香马骨高髟斗"
    "鬯鬲鬼鱼鸟卤鹿麦麻黄黍黑黹黾鼎鼓鼠鼻齐齿龙龟龠"
)
# CJK Radicals Supplement U+2E80..U+2EF3 (U+2E9A is unassigned): component forms
# go to the unified ideograph of the component, C-simplified forms to the
# simplified character (⻓→长, ⻔→门, ⻅→见).
_SUPPLEMENT_TARGETS = (
    "冫厂乛乚乙亻冂几刀刂卜㔾小小兀尣尢尢巳幺彑彐忄㣺扌攵" "\0" "旡日月歺母民氵氺灬爫爫"
    "丬牛犭王疋罒示礻竹糹纟罓罒罒罒罒羊羊羊耂肀聿月臼艹艹艹虎衤覀西见角角讠贝足车辶"
    "辶辶阝钅长长长门阝阝雨青韦页风飞食食食饣首马骨鬼鱼鸟卤麦黄黾齐齐齿齿龙龙龟龟龟"
)
assert len(_KANGXI_TARGETS) == 0x2FD6 - 0x2F00
assert len(_SUPPLEMENT_TARGETS) == 0x2EF4 - 0x2E80

RADICALS: dict[str, str] = {
    chr(0x2F00 + i): t for i, t in enumerate(_KANGXI_TARGETS)
} | {
    chr(0x2E80 + i): t for i, t in enumerate(_SUPPLEMENT_TARGETS) if t != "\0"
}

# --- width folding ----------------------------------------------------------
# Full-width ASCII (U+FF01..U+FF5E) is folded, except punctuation Chinese text
# uses as its own: the truth keeps "，" "：" "；" "（" "）" "！" "？" as printed.
KEEP_FULLWIDTH = frozenset("，：；（）！？")
_FOLD = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)
         if chr(c) not in KEEP_FULLWIDTH}
_SPACES = {c: " " for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
           "\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\r\n\x0b\x0c"}
_ZERO_WIDTH = {c: "" for c in "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"}
_MISC = {"≧": "≥", "≦": "≤", "═": "=", "\uffe5": "¥", "\uffe0": "¢", "\uffe1": "£",
         "⩾": "≥", "⩽": "≤"}
# Small form variants (U+FE50..U+FE6B) are presentation forms a typesetter may
# pick for the signs ("﹦100%", "﹥90%"): signs fold to ASCII like the full-width
# ones, punctuation to the full-width form Chinese text keeps.
_SMALL = {"﹢": "+", "﹣": "-", "﹤": "<", "﹥": ">", "﹦": "=", "﹪": "%", "﹩": "$", "﹠": "&",
          "﹡": "*", "﹟": "#", "﹨": "\\", "﹫": "@", "﹐": "，", "﹑": "、", "﹔": "；", "﹕": "：",
          "﹖": "？", "﹗": "！", "﹙": "（", "﹚": "）", "﹒": "."}
# Word's Symbol font puts its signs in the private use area (U+F000 + the Symbol
# code): a text layer holds "\uf0b3" where the page shows ≥
_SYMBOL_FONT = {chr(0xF000 + code): ch for code, ch in {
    0x3C: "<", 0x3D: "=", 0x3E: ">", 0x25: "%", 0x2B: "+", 0x2D: "-", 0xA3: "≤", 0xB3: "≥",
    0xB1: "±", 0xB0: "°", 0xB4: "×", 0xB8: "÷", 0xB9: "≠", 0xBB: "≈", 0xA5: "∞"}.items()}
_TABLE = str.maketrans(RADICALS | _FOLD | _SPACES | _ZERO_WIDTH | _MISC | _SMALL | _SYMBOL_FONT)

# --- markup ------------------------------------------------------------------
_HTML_TAG = regex.compile(
    r"</?(?:p|br|div|span|b|i|u|em|strong|font|sup|sub|td|tr|th|table|tbody|li|ul|ol|a|h\d)"
    r"(?:\s[^<>]*)?/?>", regex.I)
_LATEX_CMD = {"geqslant": "≥", "leqslant": "≤", "geq": "≥", "leq": "≤", "ge": "≥",
              "le": "≤", "gt": ">", "lt": "<", "neq": "≠", "times": "×", "pm": "±",
              "%": "%", "sim": "~", "approx": "≈"}
_LATEX = regex.compile(
    r"(?:\$|\\\()?\s*\\(" + "|".join(sorted(map(regex.escape, _LATEX_CMD), key=len, reverse=True))
    + r")(?![A-Za-z])\s*(?:\$|\\\))?")
_LATEX_MATH = regex.compile(r"\$([^$]{0,40})\$|\\\(([^()]{0,40})\\\)")

# --- whitespace ----------------------------------------------------------------
# "Tight" characters never take a space next to them: Han, CJK punctuation,
# full-width forms, Chinese quotes and the comparator/percent signs.
_TIGHT = r"\p{Han}\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2026\u2014≥≤%‰℃°×"
_SPACE_TIGHT = regex.compile(rf"\s+(?=[{_TIGHT}])|(?<=[{_TIGHT}])\s+")
_SPACE_CMP = regex.compile(r"(?<=^|[\s\p{Han}])([<>=])\s+(?=\d)")
_DIGIT_COMMA = regex.compile(r"(?<=\d)，(?=\d{3}(?!\d))")
_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _latex(s: str) -> str:
    if "\\" not in s:
        return s
    if regex.search(r"\\[A-Za-z%]", s):  # a command inside $...$ or \(...\): drop the fences
        s = _LATEX_MATH.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), s)
    return _LATEX.sub(lambda m: _LATEX_CMD[m.group(1)], s)


def clean(text: str | None) -> str:
    """One cell's or line's text in the contract's form; "" for None/blank."""
    if not text:
        return ""
    s = str(text)
    if "&" in s:
        s = html.unescape(s)
    s = _HTML_TAG.sub(" ", s)
    s = _latex(s)
    s = unicodedata.normalize("NFC", s).translate(_TABLE)
    s = _CONTROL.sub("", s)
    s = _DIGIT_COMMA.sub(",", s)
    s = regex.sub(r"\s+", " ", s).strip()
    s = _SPACE_TIGHT.sub("", s)
    return _SPACE_CMP.sub(r"\1", s)


def fold_value(text: str | None, keep_superscripts: bool = False) -> str:
    """Stricter form for reading values: cleaned, every full-width form folded
    (NFKC, which also folds （）：，), no whitespace at all, no trailing 。.
    keep_superscripts keeps m²/m³ (plain NFKC turns them into digits)."""
    s = clean(text)
    if not s:
        return ""
    if keep_superscripts:
        s = "".join(ch if ch in "²³" else unicodedata.normalize("NFKC", ch) for ch in s)
    else:
        s = unicodedata.normalize("NFKC", s)
    s = regex.sub(r"\s+", "", s)
    return s.rstrip("。")


_LATIN_END = regex.compile(r"[A-Za-z]$")
_LATIN_START = regex.compile(r"^[A-Za-z0-9]")
_LATIN_WORD = regex.compile(r"^[A-Za-z]")
_PUNCT_END = regex.compile(r"[,;:!?]$")


def _fw(s: str) -> str:
    return s.translate(_TABLE)


def join_lines(lines: list[str]) -> str:
    """Join the lines of one wrapped cell.

    Nothing goes between CJK (the break is a wrap, not a space).  Between two
    Latin words, or after ",;:!?" before one, a single space ("Microsoft" +
    "Office").  A number broken over lines is rejoined without a space
    ("1,996,1" + "50.00"), as is a unit wrapped after its number ("5" + "TB").
    A line ending in "-" is joined with no space and the hyphen kept.
    """
    out = ""
    for line in lines:
        line = (line or "").strip()
        if not line:
            continue
        if out:
            prev, nxt = _fw(out[-1]), _fw(line[0])
            if (_LATIN_END.search(prev) and _LATIN_START.match(nxt)
                    or _PUNCT_END.search(prev) and _LATIN_WORD.match(nxt)):
                out += " "
        out += line
    return out


def leaves_open(text: str) -> bool:
    """More brackets opened than closed: the text goes on (a line wrapped inside "(…)")."""
    return len(regex.findall(r"[(（]", text)) > len(regex.findall(r"[)）]", text))
