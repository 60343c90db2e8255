"""Borderless stage 2 (part) — a continuation page's columns: the previous page's
last table's column edges carried onto a region whose own whitespace shows fewer
of them (a header-less continuation whose empty columns leave no gap, or whose
text happens to leave gaps elsewhere)."""
from __future__ import annotations

from statistics import median

from budgetpdf.extract.columns import coverage
from budgetpdf.extract.lines import Line


def continued(template: list[float], edges: list[float], lines: list[Line]) -> list[float] | None:
    """The previous table's columns carried onto this region (a header-less
    continuation page whose empty columns leave no gap of their own, or whose
    edges found in other gaps of its text than the previous page's), or None
    when they do not fit: each edge found here lies near one of the template's
    (and moves to it when no text lies between them: the columns of the two
    pages line up), and each other template edge has a place near it that
    text does not cross (the template's edge moves there: it was found on
    fewer rows)."""
    if len(template) < len(edges) or not lines:
        return None
    h = median(p.height for ln in lines for p in ln.pieces)
    reach = 2 * h
    if edges[0] < template[0] - reach or edges[-1] > template[-1] + reach:
        return None
    lo = min(template[0], edges[0]) - reach
    cov = coverage(lines, lo, max(template[-1], edges[-1]) + reach)
    limit = max(1, int(0.15 * len(lines)))
    def same_gap(a: float, b: float, most: float = limit) -> bool:  # no text (beyond spanning lines) between them
        i, j = sorted((int(a - lo), int(b - lo)))
        return max(cov[max(i, 0):min(j + 1, len(cov))] or [0]) <= most

    inner: dict[int, float] = {}  # template edge index -> its place here
    for e in edges[1:-1]:  # each edge found here takes the nearest template edge of its gap
        cands = [k for k, t in enumerate(template[1:-1]) if k not in inner
                 and (abs(e - t) <= reach or same_gap(e, t))]
        if not cands:
            return None  # an edge of this page the template does not have
        k = min(cands, key=lambda k: abs(template[k + 1] - e))
        inner[k] = template[k + 1] if same_gap(e, template[k + 1], 0) else e  # (the columns line up)
    for k, t in enumerate(template[1:-1]):
        if k in inner:
            continue
        free = [x for x in range(int(t - reach), int(t + reach) + 1)
                if 0 <= int(x - lo) < len(cov) and cov[int(x - lo)] <= limit
                and all(abs(x - y) > 1.0 for y in inner.values())]
        if not free:
            return None
        inner[k] = float(min(free, key=lambda x: abs(x - t)))
    inner = sorted(inner.values())
    return [min(edges[0], template[0])] + sorted(inner) + [max(edges[-1], template[-1])]
