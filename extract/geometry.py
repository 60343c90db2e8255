"""One home for the geometry every source shares: words into lines, lines into
runs, coordinates into edges, 1-D coverage and its free runs.  Tolerances are
ratios of the text's own height (or a caller's points), so the same rule serves
PDF points and OCR pixels."""
from __future__ import annotations

from statistics import median
from typing import Iterable, Protocol, Sequence, TypeVar


class Boxed(Protocol):
    x0: float
    top: float
    x1: float
    bottom: float


B = TypeVar("B", bound=Boxed)


def cluster(values: Sequence[float], tol: float) -> list[float]:
    """Sorted coordinates closer than `tol` to their neighbour merged into their mean."""
    return [sum(g) / len(g) for g in cluster_groups(values, tol)]


def cluster_groups(values: Sequence[float], tol: float) -> list[list[float]]:
    """Sorted coordinates in runs whose neighbours are at most `tol` apart."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return groups


def yc(box: Boxed) -> float:
    return (box.top + box.bottom) / 2


def line_groups(boxes: Sequence[B], ratio: float = 0.5, height: float | None = None) -> list[list[B]]:
    """Boxes on one baseline, lines top to bottom, each left to right.

    A box joins the line above it when its centre is within `ratio` × height of
    the line's last box; height is `height` if given (one size for a whole cell)
    else the box's own.  A box under one of the line's boxes and too far below
    it to share its baseline (the next line of a narrow column, which lines of
    the cells beside it led down to) starts a line of its own, which the boxes
    after it may join instead."""
    lines: list[list[B]] = []
    for b in sorted(boxes, key=lambda b: (yc(b), b.x0)):
        h = height if height is not None else max(b.bottom - b.top, 1.0)
        home = next((ln for ln in lines[-1:-4:-1] if abs(yc(b) - yc(ln[-1])) <= ratio * h
                     and not any(_over(b, o) and abs(yc(b) - yc(o)) > ratio * h for o in ln)), None)
        if home is not None:
            home.append(b)
        else:
            lines.append([b])
    for line in lines:
        line.sort(key=lambda b: b.x0)
    return lines


def _over(a, b) -> bool:
    """Box a covers most of box b's width (or b of a's): one above the other."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    return w > 0.5 * min(a.x1 - a.x0, b.x1 - b.x0)


def runs(line: Sequence[B], gap: float) -> list[list[B]]:
    """A line's boxes (left to right) cut where the horizontal gap exceeds `gap`."""
    out: list[list[B]] = []
    right = float("-inf")
    for b in line:
        if out and b.x0 - right <= gap:
            out[-1].append(b)
        else:
            out.append([b])
        right = max(right, b.x1) if len(out[-1]) > 1 else b.x1
    return out


def median_height(boxes: Sequence[Boxed]) -> float:
    return median(b.bottom - b.top for b in boxes) if boxes else 0.0


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    """Length shared by the intervals [a0, a1] and [b0, b1] (negative: the gap)."""
    return min(a1, b1) - max(a0, b0)


def union_length(spans: Iterable[tuple[float, float]]) -> float:
    """Total length covered by possibly overlapping intervals."""
    total, end = 0.0, float("-inf")
    for a, b in sorted(spans):
        if b > end:
            total += b - max(a, end)
            end = b
    return total


def coverage(spans: Iterable[Iterable[tuple[float, float]]], lo: float, hi: float,
             weights: Iterable[float] | None = None) -> list[float]:
    """For each 1-unit bin of [lo, hi), the summed weight of the groups with an
    interval over it (a group counts once however many of its intervals hit)."""
    n = int(hi - lo) + 1
    cov = [0.0] * n
    ws = iter(weights) if weights is not None else None
    for group in spans:
        w = next(ws) if ws is not None else 1.0
        hit = set()
        for a, b in group:
            hit.update(range(max(int(a - lo) + 1, 0), min(int(b - lo), n)))
        for i in hit:
            cov[i] += w
    return cov


def low_runs(values: Sequence[float], limit: float, length: int = 1) -> list[tuple[int, int]]:
    """Maximal runs [i, j) of at least `length` bins whose values are at most `limit`."""
    out, k, n = [], 0, len(values)
    while k < n:
        if values[k] > limit:
            k += 1
            continue
        m = k
        while m < n and values[m] <= limit:
            m += 1
        if m - k >= length:
            out.append((k, m))
        k = m
    return out


def widest_run(bins: Sequence[int]) -> tuple[int, int]:
    """First and last bin of the longest run of consecutive bins among `bins` (sorted)."""
    best, cur = [bins[0]], [bins[0]]
    for k in bins[1:]:
        cur = cur + [k] if k == cur[-1] + 1 else [k]
        if len(cur) > len(best):
            best = cur
    return best[0], best[-1]


def middle_of_widest(bins: Sequence[int]) -> float:
    """The middle of the longest run of consecutive bins among `bins` (sorted)."""
    first, last = widest_run(bins)
    return (first + last) / 2
