"""Characters the recognizer was unsure of, settled by the words they make.

Scans at 150 dpi with noise leave the recognizer torn between look-alikes:
线上 read 线土 (上 0.32 beside 土 0.67), 项目 read 项自, 烈士 read 烈土.  Its own
second choice is usually the printed character, and only one of the two
readings is made of words.  This is the noisy-channel view of OCR
correction: a swap to the recognizer's own alternative is taken when the
line's probability as Chinese text (jieba's word frequencies, the best
segmentation's log probability) gains clearly more than the recognizer's
confidence loses.  Only Han characters are swapped, only for alternatives
the recognizer gave real weight: digits, signs and units are never guessed.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import regex

UNSURE = 0.99    # a character read with less confidence has its alternatives kept
RIVAL = 0.15     # an alternative weighs at least this share of the first choice:
                 # a rare word read surely (徽风 0.91 / 微风 0.08, 拆旧 0.96 / 折旧 0.03)
                 # makes no dictionary word either, and must stay
MARGIN = 1.5     # nats the line must gain, net of the recognizer's loss
MAX_SWAPS = 3    # per line: a line with more doubts is noise, not print

_HAN = regex.compile(r"\p{Han}")


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba  # the dictionary loads once per process (about a second), only for scans
    jieba.setLogLevel(60)
    jieba.dt.check_initialized()
    return jieba.dt


@lru_cache(maxsize=4096)
def log_prob(text: str) -> float:
    """Log probability of the text's best segmentation into dictionary words."""
    dt = _tokenizer()
    route: dict = {}
    dt.calc(text, dt.get_DAG(text), route)
    return route[0][0] if text else 0.0


def alternatives(row, chars: list[str]) -> list[tuple[str, float]]:
    """The recognizer's other Han readings of one time step, likeliest first,
    when its first choice was not sure (`row`: the step's probabilities)."""
    if row.max() >= UNSURE:  # (most steps: no sort of the whole alphabet)
        return []
    top = np.argpartition(row, -4)[-4:]
    order = top[np.argsort(row[top])[::-1]]
    return [(chars[k], float(row[k])) for k in order[1:]
            if row[k] >= RIVAL * row[order[0]] and _HAN.fullmatch(chars[k] or "")]


def settle(text: str, probs: list[float], alts: list[list[tuple[str, float]]]) -> str:
    """`text` with each doubtful Han character swapped for the alternative
    that makes the line clearly more a sentence of words; one character for
    one, so positions (time steps) still match."""
    if len(alts) != len(text) or len(probs) != len(text) or not any(alts):
        return text
    chars = list(text)
    doubts = sorted((k for k, a in enumerate(alts) if a and _HAN.match(chars[k])), key=lambda k: probs[k])
    for k in doubts[:MAX_SWAPS]:
        here = log_prob("".join(chars))
        best, gain = None, MARGIN
        for ch, p in alts[k]:
            trial = chars[:k] + [ch] + chars[k + 1:]
            g = log_prob("".join(trial)) - here + math.log(p / max(probs[k], 1e-6))
            if g > gain:
                best, gain = ch, g
        if best:
            chars[k] = best
    return "".join(chars)
