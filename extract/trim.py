"""Borderless stage 1 (part) — the ends of a region that are no table: prose
a table region starts or ends with, and the blank form fields and headed
lines (填报单位：… 单位负责人：…, 部门：XX局 … 公开14表) around it.
extract.lines cuts regions (lists of its `Line`s, each a list of `Piece`s);
these functions trim them (and import nothing of it: extract.lines uses them).
"""
from __future__ import annotations

import regex

FIELD = regex.compile(r"^[^:：\s]{2,12}[:：]\s*\S")  # a form field filled in: 填报单位：XX局


def trim_prose(region: list) -> list:
    """Without the prose a table region starts or ends with.

    Leading lines of one piece are prose up to the last of them that is as
    wide as a paragraph (most of the region's width, from its left margin or
    indented above a line that is), and so are the lines of one piece after
    it that start where the paragraph starts or end at the region's right
    edge (a 附件 line, a signature, a date) — not a character of a label
    printed one per line.  Trailing lines of one piece as wide as a paragraph
    (notes) are prose too."""
    if len(region) < 3:
        return region
    left = min(p.x0 for ln in region for p in ln.pieces)
    right = max(p.x1 for ln in region for p in ln.pieces)
    width = right - left
    lead = 0
    while lead < len(region) - 2 and len(region[lead].pieces) == 1:
        lead += 1
    wide = [k for k in range(lead) if _paragraph(region, k, lead, left, width)]
    if wide:
        margin, k = region[wide[0]].pieces[0].x0, wide[-1] + 1
        while k < lead:
            p, h = region[k].pieces[0], region[k].height
            flush = abs(p.x0 - margin) <= h or (right - p.x1 <= h and p.x0 > left + width / 2)
            if len(p.words) < 3 or not flush:
                break
            k += 1
        region = region[k:]
    while len(region) > 2 and len(region[-1].pieces) == 1:
        p = region[-1].pieces[0]
        if p.x1 - p.x0 < 0.6 * width or p.x0 - left > 2.5 * region[-1].height:
            break
        region = region[:-1]
    return region


def _paragraph(region: list, k: int, lead: int, left: float, width: float) -> bool:
    """Line k (of one piece) as wide as a paragraph, from the margin or indented
    above a line that starts at the margin."""
    p = region[k].pieces[0]
    if p.x1 - p.x0 < 0.6 * width or p.x1 - p.x0 < 15 * region[k].height:
        return False  # (a value beside labels printed a character per line is no paragraph)
    if any(_beside(p, region[j].pieces[0]) for j in (k - 1, k + 1) if 0 <= j < len(region)):
        return False  # a value centred between the characters of a label stacked beside it
    if p.x0 - left <= 1.5:
        return True
    return (p.x0 - left <= 2.5 * region[k].height and k + 1 < lead
            and region[k + 1].pieces[0].x0 - left <= 1.5)


def _beside(p, q) -> bool:
    """q shares some of p's height but none of its width: the two stand side
    by side in one row (lines of prose follow each other, never overlap)."""
    return min(p.bottom, q.bottom) - max(p.top, q.top) > 0.2 * (p.bottom - p.top) and (q.x1 <= p.x0 or q.x0 >= p.x1)


def trim_blank_fields(region: list) -> list:
    """Without the region's first and last lines that head or sign the page
    outside a ruled table: blank form fields (every piece a label ending in a
    colon: 填报单位(盖章)：… 单位负责人(签名)：), a filled one (one piece from
    the left margin, a short label, a colon and its value: 主管部门名称：XX会)
    beside a line of the table, and lines printed with a left and a right
    part across the page (部门：XX局 … 公开14表: two pieces, from the left
    margin to the right edge, most of the width empty between them) above or
    under a table of more than two columns, or when one part is a blank field."""
    if not region:
        return region
    left = min(p.x0 for ln in region for p in ln.pieces)
    right = max(p.x1 for ln in region for p in ln.pieces)
    wide = sum(1 for ln in region if len(ln.pieces) >= 3) >= 2  # a table of more than two columns

    def blank(p) -> bool:
        return p.text.rstrip().endswith((":", "："))

    def furniture(ln, beside) -> bool:
        if all(blank(p) for p in ln.pieces):
            return True
        if len(ln.pieces) == 1:
            return (FIELD.match(ln.pieces[0].text) is not None and ln.pieces[0].x0 - left <= ln.height
                    and beside is not None and len(beside.pieces) >= 2)
        if len(ln.pieces) != 2 or not (wide or any(blank(p) for p in ln.pieces)):
            return False
        a, b = ln.pieces
        return (a.x0 - left <= ln.height and right - b.x1 <= ln.height
                and b.x0 - a.x1 >= 0.5 * (right - left))
    while region and furniture(region[0], region[1] if len(region) > 1 else None):
        region = region[1:]
    while region and furniture(region[-1], region[-2] if len(region) > 1 else None):
        region = region[:-1]
    return region
