"""How a borderless table sets a short cell beside a tall one: level with its
first line ("top") or centred on it ("middle").  The labels of merged cells
are read the same way (extract.labels), so the evidence is gathered from the
cells whose heights differ.
"""
from __future__ import annotations

from budgetpdf.extract.columns import spanned
from budgetpdf.extract.rows import Row

LABEL = 16  # characters: labels are short words (as extract.labels reads them)


def vertical_alignment(rows: list[Row], cols: list[float], shared: dict | None = None) -> str | None:
    """"top", "middle", or None when the table shows neither: votes of the rows
    that hold a cell of two or more lines beside cells of one (`row_votes`),
    plus `shared` (`shared_block_votes`)."""
    votes = row_votes(rows, cols)
    for k, v in (shared or {}).items():
        votes[k] += v
    if votes["top"] == votes["middle"] or max(votes.values()) < 2:
        return None  # (one short cell level with a tall one's first line may be chance)
    return max(votes, key=votes.get)


def row_votes(rows: list[Row], cols: list[float]) -> dict[str, int]:
    """Per row holding a cell of several lines, each one-line cell beside it:
    level with its first line (top) or centred on it (middle)."""
    votes = {"top": 0, "middle": 0}
    crossing = {id(p) for row in rows for b in row.spans for p in b.pieces}
    for row in rows:
        cells: dict[int, list] = {}
        for p in row.pieces:
            if id(p) not in crossing:  # a label over several rows tells nothing of this one
                cells.setdefault(spanned(p, cols)[0], []).append(p)
        tall = [ps for ps in cells.values() if len(ps) >= 2]
        if not tall:
            continue
        big = max(tall, key=lambda ps: max(p.bottom for p in ps) - min(p.top for p in ps))
        top, bottom = min(p.top for p in big), max(p.bottom for p in big)
        for ps in cells.values():
            if len(ps) != 1:
                continue
            p = ps[0]
            if abs(p.top - top) <= 0.25 * p.height:
                votes["top"] += 1
            elif abs(p.top + p.bottom - top - bottom) <= 0.5 * p.height:
                votes["middle"] += 1
    return votes


def shared_block_votes(filled, cont, own, given, tol: float) -> dict[str, int]:
    """Cells of one merged block agree: a cell and a taller text beside it (a
    sentence of several lines crossing rows, longer than a label), in a
    column empty everywhere else between the cell's neighbours above and
    below, are the cells of one block row (a project's 序号, name and amount
    beside its goal).  Their tops level and centres apart: the table is
    top-aligned; centres level and tops apart: centred.  `filled`, `cont`,
    `own` as extract.labels._cells holds them; `given`: (col, first row,
    last row) of texts crossing rows."""
    votes = {"top": 0, "middle": 0}
    n = len(filled)
    for (r, c), mine in own.items():
        column = [k for k in range(n) if filled[k][c] and (k, c) not in cont]
        above = max((k for k in column if k < r), default=-1)
        below = min((k for k in column if k > r), default=n)
        ltop, lbottom = min(p.top for p in mine), max(p.bottom for p in mine)
        centre, lh = (ltop + lbottom) / 2, lbottom - ltop
        for c2, a, b in given:
            if c2 == c or not above < a <= b < below or (a, c2) not in own:
                continue
            if any(filled[k][c2] for k in range(above + 1, below) if not a <= k <= b):
                continue  # (a column of several cells there: not one of the block's)
            tall = own[(a, c2)]
            if len("".join(p.text for p in tall)) <= LABEL:
                continue  # (a label stacked or wrapped: a header's, or a block's own; not a block row's text)
            top, bottom = min(p.top for p in tall), max(p.bottom for p in tall)
            h = min(p.height for p in tall)
            if bottom - top < lh + 0.5 * h:
                continue
            if abs(top - ltop) <= 0.25 * h and abs((top + bottom) / 2 - centre) > tol:
                votes["top"] += 1
            elif abs((top + bottom) / 2 - centre) <= min(tol, 0.5 * h) and abs(top - ltop) > tol:
                votes["middle"] += 1
    return votes
