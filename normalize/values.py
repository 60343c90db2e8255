"""Reading printed indicator values and money cells (DATA_CONTRACT.md, last section).

Grammar of a value: [label] [comparator] number [unit] [comparator suffix], the
number with optional thousands commas and decimals, the unit CJK / % / letters / "/".
The core reading follows the scorer's reference parser exactly (the unambiguous
cases); a few clear cases it leaves unread are read too (long labels, "24小时内",
units with parentheses).  Anything else with a number (ranges, dates, "多", two
numbers) gives no reading: a null is better than a wrong number.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from budgetpdf.normalize.text import clean, fold_value

# Comparator words/symbols before the number, longest first (after fold_value:
# ＞＜＝ are already > < =, ≧≦ are ≥ ≤).
COMPARATOR_PREFIXES: list[tuple[str, str]] = sorted([
    (">=", ">="), ("<=", "<="), ("≥", ">="), ("≤", "<="),
    (">", ">"), ("<", "<"), ("=", "="),
    ("不少于", ">="), ("不低于", ">="), ("至少", ">="),
    ("不超过", "<="), ("不高于", "<="),
    ("大于", ">"), ("超过", ">"),
    ("小于", "<"), ("低于", "<"),
    ("大约", "~"), ("约", "~"),
], key=lambda kv: -len(kv[0]))
# Comparator words after the number and unit, longest first.
COMPARATOR_SUFFIXES: list[tuple[str, str]] = [
    ("及以上", ">="), ("及以下", "<="),
    ("以上", ">="), ("以下", "<="), ("以内", "<="), ("左右", "~"),
]
# Scale words at the start of a unit, longest first.
SCALES: list[tuple[str, float]] = [
    ("万亿", 1e12), ("千万", 1e7), ("百万", 1e6), ("亿", 1e8), ("万", 1e4), ("千", 1e3),
]
# Words printed in a 指标性质/指标方向 column that are not comparators.
NOT_COMPARATORS = ("正向", "反向", "中性", "定性", "定量", "正向指标", "反向指标")

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_CJK = _HAN + "\uf900-\ufaff"
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUM_UNIT = re.compile(rf"(?P<num>{_NUMBER})(?P<unit>[{_CJK}%/A-Za-z]*)\Z")
_ANY_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Shortest label: "投诉率低于5%" keeps its comparator (DATA_CONTRACT: read from the
# comparator on), where a greedy label would swallow 低于.
_LEAD_LABEL = re.compile(
    rf"^[{_HAN}]{{1,8}}?(?=[≥≤><=]|不少于|不低于|不超过|不高于|至少|大于|超过|小于|低于|\d)")
_GREEDY_LABEL = re.compile(rf"^[{_HAN}]{{1,8}}(?=[≥≤><=]|不少于|不低于|不超过|不高于|至少|\d)")
# Units that make a reading ambiguous (deadlines, "more than", ranges).
_AMBIG_END = tuple("内前后底止及")
_AMBIG_START = ("余", "多")
_AMBIG_INNER = ("以上", "以下", "以内", "左右", "至", "到", "或")
# CJK numerals with no digit: unreadable here; words that only look numeric.
_CJK_NUMERALS = frozenset("〇零一二三四五六七八九十两百千万亿壹贰叁肆陆柒捌玖佰仟")
_NUMERAL_WORDS = ("进一步", "一定", "统一", "一致", "一般", "一体", "逐一", "一流",
                  "一线", "一站式", "一网", "唯一", "一律", "一些", "一系列", "第一时间",
                  "十分", "万无一失", "百姓")
# Extension: a longer label ("广州普法抖音号推送250条"), units with a bracket
# ("次(件)", "元/村(社区)"), durations with 内 ("24小时内" = at most 24 hours).
_LONG_LABEL = re.compile(
    rf"^[{_CJK}《》“”\"、·]{{1,30}}?(?=[≥≤><=]|不少于|不低于|不超过|不高于|至少|大于|超过|小于|低于|约|\d)")
_UNIT_EXT = re.compile(rf"[{_CJK}%‰°/A-Za-z²³]*(?:\([{_CJK}/A-Za-z]{{1,6}}\))?\Z")
_DURATIONS = ("小时", "分钟", "秒", "天", "日", "个工作日", "工作日", "周", "个月", "年")


@dataclass(frozen=True)
class Value:
    """A read value; all None when nothing (or nothing unambiguous) is printed."""
    op: str | None = None
    value: float | None = None
    unit: str | None = None
    value_std: float | None = None
    unit_std: str | None = None

    def to_row(self, prefix: str) -> dict:
        """{"<prefix>_op": ..., ...} for an indicators row (prefix period/annual)."""
        return {f"{prefix}_{k}": v for k, v in asdict(self).items()}


NONE = Value()


def _count_numbers(s: str) -> int:
    return len(_ANY_NUMBER.findall(s))


def _strip_label(s: str, label: re.Pattern = _LEAD_LABEL) -> str:
    """Drop a short label before the comparator/number (one number only)."""
    if _count_numbers(s) != 1:
        return s
    m = label.match(s)
    if m and not m.group().endswith("第") and not _starts_with_op(s):
        return s[m.end():]
    return s


def _starts_with_op(s: str) -> bool:
    return any(s.startswith(w) for w, _ in COMPARATOR_PREFIXES)


def _split_ops(s: str) -> tuple[str | None, str | None, str]:
    op_pre = op_suf = None
    for word, op in COMPARATOR_PREFIXES:
        if s.startswith(word):
            op_pre, s = op, s[len(word):]
            break
    for word, op in COMPARATOR_SUFFIXES:
        if s.endswith(word):
            op_suf, s = op, s[:-len(word)]
            break
    return op_pre, op_suf, s


# units written out that mean a symbol: the base unit is the symbol
UNIT_SYNONYMS = {"百分比": "%", "百分率": "%", "个百分点": "%", "百分点": "%"}


def _scaled(value: float, unit: str | None) -> tuple[float, str | None]:
    if unit in UNIT_SYNONYMS:
        return value, UNIT_SYNONYMS[unit]
    if unit:
        for word, factor in SCALES:
            if unit.startswith(word):
                return round(value * factor, 6), unit[len(word):] or None
    return value, unit


def _make(op: str, num: str, unit: str | None) -> Value:
    value = float(num.replace(",", ""))
    value_std, unit_std = _scaled(value, unit)
    return Value(op, value, unit, value_std, unit_std)


def _is_qualitative_text(s: str) -> bool:
    probe = s
    for w in _NUMERAL_WORDS:
        probe = probe.replace(w, "")
    return not any(c in _CJK_NUMERALS for c in probe)


def _core(s: str) -> Value | None:
    """The reference grammar; None where it does not apply."""
    return _core_after(_strip_label(s)) or _core_after(_strip_label(s, _GREEDY_LABEL))


def _core_after(s: str) -> Value | None:
    op_pre, op_suf, rest = _split_ops(s)
    if op_pre and op_suf and op_pre != op_suf:
        return None
    m = _NUM_UNIT.match(rest)
    if not m:
        return None
    unit = m.group("unit") or None
    if unit and (unit.endswith(_AMBIG_END) or unit.startswith(_AMBIG_START)
                 or any(w in unit for w in _AMBIG_INNER)):
        return None
    return _make(op_pre or op_suf or "=", m.group("num"), unit)


def _extended(s: str) -> Value | None:
    """Clear cases the reference leaves unread; None when in doubt."""
    if _count_numbers(s) != 1:
        return None
    if not _starts_with_op(s):
        m = _LONG_LABEL.match(s)
        if m and not m.group().endswith("第"):
            s = s[m.end():]
    op_pre, op_suf, rest = _split_ops(s)
    if op_pre and op_suf and op_pre != op_suf:
        return None
    m = re.match(rf"(?P<num>{_NUMBER})", rest)
    if not m:
        return None
    unit = rest[m.end():]
    if unit.endswith("内") and not op_suf and unit[:-1] in _DURATIONS:
        if unit[:-1] == "年" and float(m.group("num").replace(",", "")) >= 1900:
            return None  # "2024年内" is a date, not a duration
        op_suf, unit = "<=", unit[:-1]
    if len(unit) > 8 or not _UNIT_EXT.match(unit) or (
            unit.endswith(_AMBIG_END) or unit.startswith(_AMBIG_START)
            or any(w in unit for w in _AMBIG_INNER)):
        return None
    return _make(op_pre or op_suf or "=", m.group("num"), unit or None)


def parse_value(text: str | None) -> Value:
    """Read op/value/unit/value_std/unit_std from a printed value.

    "≥9.6万人次" -> (>=, 9.6, 万人次, 96000, 人次); "满意率95%以上" -> (>=, 95, %, 95, %);
    "较好完成" -> all None.
    """
    s = fold_value(text)
    if not s or not re.search(r"\d", s):
        return NONE
    return _core(s) or _extended(fold_value(text, keep_superscripts=True)) or NONE


MONEY_UNITS = {"元": 1.0, "千元": 1e3, "万元": 1e4, "百万元": 1e6, "亿元": 1e8, "万": 1e4, "亿": 1e8}
_EMPTY_MONEY = {"", "*", "-", "--", "—", "——", "/", "无", "－", "…", "─"}
# an amount as printed: sign, thousands separators, decimals; "(1,234.00)" is how some
# accounts print a negative; a unit may follow in the cell itself ("20万元")
_AMOUNT = re.compile(rf"([-−]?)(\(?)([-−]?)({_NUMBER}|\d+(?:,\d+)*(?:\.\d+)?)(\)?)\s*({'|'.join(MONEY_UNITS)})?")


# the parts of an amount in brackets after it, each an amount with its unit
_BREAKDOWN = re.compile(r"(?<=[\d万亿元])\s*[(（](?=[^()（）]*\d\s*[万亿]?元)[^()（）]+[)）]$")


def amount_parts(text: str | None) -> tuple[float, str | None] | None:
    """(the number as printed, the unit printed in the cell) of a money cell; None
    for a blank, a dash or text."""
    s = fold_value(text).lstrip("¥$").replace(" ", "")
    if s in _EMPTY_MONEY:
        return None
    m = _AMOUNT.fullmatch(s)
    if not m and _BREAKDOWN.search(s):  # "854万(高标准农田建设400万元,示范建设295万元)": the total
        m = _AMOUNT.fullmatch(_BREAKDOWN.sub("", s))
    if not m or bool(m.group(2)) != bool(m.group(5)):
        return None
    value = float(m.group(4).replace(",", ""))
    negative = bool(m.group(1) or m.group(3) or m.group(2))
    return (-value if negative else value), m.group(6)


def parse_amount(text: str | None, unit: str = "元") -> float | None:
    """Money cell -> 元.  `unit` is the unit the table states (元 or 万元); a unit
    printed in the cell itself ("10000万元") overrides it.  "*", "-", "" -> None."""
    parts = amount_parts(text)
    if parts is None:
        return None
    factor = MONEY_UNITS.get(parts[1] or clean(unit) or "元")
    return None if factor is None else round(parts[0] * factor, 2)


def printed_decimals(text: str | None) -> int:
    """Decimals of the first number printed ("1,234.50" → 2): its rounding precision."""
    m = re.search(r"\d[\d,]*(?:\.(\d+))?", text or "")
    return len(m.group(1)) if m and m.group(1) else 0


def rounding(text: str | None, scale: float = 1.0) -> float:
    """Half a unit of the last printed digit of a number, × scale (元 per printed unit):
    how far rounding can move a printed amount."""
    return 0.5 * 10 ** -printed_decimals(text) * scale


def _op_symbol(op: str) -> tuple[str, str] | None:
    """(symbol as printed, 'pre'|'suf') when `op` is a comparator, else None."""
    s = fold_value(op)
    if not s or s in NOT_COMPARATORS:
        return None
    if s in {w for w, _ in COMPARATOR_SUFFIXES}:
        return clean(op), "suf"
    if s in {w for w, _ in COMPARATOR_PREFIXES}:
        return clean(op), "pre"
    return None


def join_split_value(op: str | None, number: str | None, unit: str | None) -> str | None:
    """The *_raw text of a table printing comparator | value | unit in three columns.

    ("≥", "95", "%") -> "≥95%".  The unit is left out when the value already ends
    with a unit ("28.8万元" + "%" -> "28.8万元") or has no number ("应保尽保" + "%");
    正向/反向/定性 in the comparator column are not comparators.
    """
    value = clean(number)
    if not value:  # "定性" in the comparator column over a blank value: the target is qualitative
        return clean(op) if clean(op) in ("定性",) and not clean(unit) else None
    if not re.search(r"\d", fold_value(value)):
        return value
    unit = clean(unit)
    if unit in _EMPTY_MONEY or (unit and (not re.search(r"[\d.]\Z", fold_value(value)) or value.endswith(unit))):
        unit = ""  # a placeholder ("-", "/", "无") or a value that already ends in its unit
    sym = _op_symbol(op) if op else None
    out = value + unit
    if sym and not fold_value(value).startswith(("≥", "≤", ">", "<", "=")):
        out = out + sym[0] if sym[1] == "suf" else sym[0] + out
    return out
