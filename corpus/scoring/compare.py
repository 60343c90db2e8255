"""Strict comparison of one truth value with one output value, and the detail list
helpers every scorer module shares.

The only leniency is that null, NaN and "" are the same thing: no NFKC, no whitespace
folding (hint() says when a difference would vanish under them, for the developer).
"""
from __future__ import annotations

import math
import re
import unicodedata

MAX_DETAILS = 60  # per kind of detail kept for one document


def is_null(x) -> bool:
    """None, NaN, pandas NA/NaT and "" (only the empty string: "  " is not null)."""
    if x is None:
        return True
    if isinstance(x, float) and math.isnan(x):
        return True
    if isinstance(x, str):
        return x == ""
    try:
        import pandas as pd
        if x is pd.NA or x is pd.NaT:
            return True
    except Exception:  # pragma: no cover
        pass
    try:
        return bool(x != x)  # numpy nan
    except Exception:
        return False


def text(x):
    """The strict text of a cell: None for null, else str(x) unchanged."""
    if is_null(x):
        return None
    if isinstance(x, float) and x.is_integer():  # a year read as float by pandas
        return str(int(x))
    return str(x)


def text_eq(truth, got) -> bool:
    return text(truth) == text(got)


def num(x):
    if is_null(x) or isinstance(x, bool):
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _num_eq(tol):
    def eq(truth, got) -> bool:
        t, g = num(truth), num(got)
        if t is None or g is None:
            return is_null(truth) and is_null(got)
        return abs(t - g) <= tol
    return eq


money_eq = _num_eq(0.5)
score_eq = _num_eq(0.005)
int_eq = _num_eq(1e-9)


def bool_eq(truth, got) -> bool:
    if is_null(truth) or is_null(got):
        return is_null(truth) and is_null(got)
    return bool(truth) == bool(got)


CMP = {"text": text_eq, "money": money_eq, "int": int_eq, "score": score_eq, "bool": bool_eq}


def hint(truth, got) -> str:
    """Why two texts differ, for the developer: the characters that break strictness."""
    t, g = text(truth), text(got)
    if t is None or g is None:
        return ""
    notes = []
    odd = []
    for ch in g:
        if ch in t:
            continue
        if unicodedata.normalize("NFKC", ch) != ch or ch.isspace() or "\u2f00" <= ch <= "\u2fdf":
            odd.append(f"{ch!r} U+{ord(ch):04X}")
    if odd:
        notes.append("output has " + ", ".join(dict.fromkeys(odd)))
    fold = lambda s: re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))  # noqa: E731
    if fold(t) == fold(g):
        notes.append("equal after NFKC/space folding")
    elif t.strip() == g.strip():
        notes.append("differs in leading/trailing space")
    return "; ".join(notes)


def _show(x, n=70):
    if is_null(x) and not isinstance(x, str):
        return "None"
    if isinstance(x, str) and len(x) > n:
        x = x[:n] + "…"
    return repr(x) if isinstance(x, str) else str(x)


def _loose(x):
    t = text(x)
    return None if t is None else re.sub(r"\s+", "", unicodedata.normalize("NFKC", t))


def _add(details, kind, entry):
    lst = details.setdefault(kind, [])
    if len(lst) < MAX_DETAILS:
        lst.append(entry)
    else:
        details.setdefault("_truncated", {}).setdefault(kind, 0)
        details["_truncated"][kind] += 1
