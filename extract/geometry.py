"""One home for the geometry every source shares: words into lines, coordinates
into edges.  Tolerances are ratios of the text's own height (or a caller's
points), so the same rule serves PDF points and OCR pixels."""
from __future__ import annotations

from statistics import median
from typing import Protocol, Sequence, TypeVar


class Boxed(Protocol):
    x0: float
    top: float
    x1: float
    bottom: float


B = TypeVar("B", bound=Boxed)


def cluster(values: Sequence[float], tol: float) -> list[float]:
    """Sorted coordinates closer than `tol` to their neighbour merged into their mean."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


def yc(box: Boxed) -> float:
    return (box.top + box.bottom) / 2


def line_groups(boxes: Sequence[B], ratio: float = 0.5, height: float | None = None) -> list[list[B]]:
    """Boxes on one baseline, lines top to bottom, each left to right.

    A box joins the line above it when its centre is within `ratio` × height of
    the line's last box; height is `height` if given (one size for a whole cell)
    else the box's own."""
    lines: list[list[B]] = []
    for b in sorted(boxes, key=lambda b: (yc(b), b.x0)):
        h = height if height is not None else max(b.bottom - b.top, 1.0)
        if lines and abs(yc(b) - yc(lines[-1][-1])) <= ratio * h:
            lines[-1].append(b)
        else:
            lines.append([b])
    for line in lines:
        line.sort(key=lambda b: b.x0)
    return lines


def median_height(boxes: Sequence[Boxed]) -> float:
    return median(b.bottom - b.top for b in boxes) if boxes else 0.0
