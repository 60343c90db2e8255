"""Borderless stage 1 — lines: a page's characters and horizontal rules as
plain data (pieces, lines, rules), cut into regions that may each be a table.

A *piece* is a run of characters on one baseline with no wide gap inside; a
*line* is every piece sharing a baseline.  Rules are the page's horizontal
ruling segments joined per height.  A *region* is a run of lines between
titles and page furniture (`regions`); where rules frame a table, what lies
above and below them is a region of its own (`split_at_rules`); prose and
blank form fields at a region's ends are cut away (extract.trim: `trim_prose`,
`trim_blank_fields`).  What remains may be a table.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from statistics import median

import regex

from budgetpdf.extract.geometry import line_groups, runs
from budgetpdf.extract.grid import Word
from budgetpdf.extract.trim import trim_blank_fields, trim_prose
from budgetpdf.normalize.vocab import KV, lookup

# page furniture that is never a table row: page numbers, units, subtitles, a 附件 line alone
PAGE_NO = regex.compile(r"^[-—\s]*\d{1,3}[-—\s]*$")  # only as a page's first or last line
FURNITURE = regex.compile(
    r"^(第\s*\d+\s*页.*|.*共\s*\d+\s*页|.*单位\s*[:：].*|[（(]\s*\d{4}\s*年度?\s*[)）]?|\d{4}\s*年度?\s*[)）]"
    r"|(注|备注|说明)\s*\d*\s*[:：].*|附件\s*\d*\s*[:：]?)$")
TITLE_SCALE = 1.25  # a line this much taller than body text is a title
PIECE_GAP = 0.4     # a gap wider than this × char height ends a piece (word spaces are ~0.25)
NUMBER_GAP = 0.32   # ... and this wide between a number and Han text (Word and LibreOffice
                    # space Latin from CJK text by about a quarter of a glyph)


@dataclass
class Piece:
    words: list[Word]
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def text(self) -> str:
        return "".join(w.text for w in sorted(self.words, key=lambda w: w.x0))

    @cached_property
    def base(self) -> float:
        """The baseline as the piece's Chinese characters show it (glyph boxes of
        Latin fonts reach lower): the median bottom of its CJK characters, else of all."""
        ws = sorted(w.bottom for w in self.words if wide(w.text)) or sorted(w.bottom for w in self.words)
        return ws[len(ws) // 2]


def wide(text: str) -> bool:
    """Full-width text: Chinese characters, full-width forms, CJK punctuation."""
    return any("\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or "\u3000" <= ch <= "\u303f"
               for ch in text)


BRACKETS = "()（）[]【】"


def glyph(p: Piece) -> Word | None:
    """The one Chinese character of a piece (brackets aside), or None: a line
    of a label printed one character per line."""
    core = [w for w in p.words if w.text.strip(BRACKETS)]
    if len(core) == 1 and len(core[0].text.strip(BRACKETS)) == 1 and wide(core[0].text):
        return core[0]
    return None


def piece(words: list[Word]) -> Piece:
    return Piece(words, min(w.x0 for w in words), min(w.top for w in words),
                 max(w.x1 for w in words), max(w.bottom for w in words))


class PieceSpan:
    """Vertical extent of anything made of pieces (a line, a merged label block)."""
    pieces: list[Piece]

    @property
    def top(self) -> float:
        return min(p.top for p in self.pieces)

    @property
    def bottom(self) -> float:
        return max(p.bottom for p in self.pieces)


@dataclass
class Line(PieceSpan):
    pieces: list[Piece] = field(default_factory=list)

    @property
    def height(self) -> float:
        return median(p.height for p in self.pieces)

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.pieces)


@dataclass(frozen=True)
class Rule:
    """A horizontal rule: segments at one height joined; `cuts` are the
    x-positions where two of its segments met end to end (a border drawn cell
    by cell)."""
    y: float
    x0: float
    x1: float
    cuts: tuple[float, ...] = ()


def rules_between(rules, y0: float, y1: float) -> list:
    return [r for r in rules if y0 - 0.5 < r.y < y1 + 0.5]


def rule_between(rules, y0: float, y1: float):
    """The widest rule in the gap (y0, y1), or None."""
    found = rules_between(rules, y0, y1)
    return max(found, key=lambda r: r.x1 - r.x0) if found else None


def covers(rules, y0: float, y1: float, x: float) -> bool:
    return any(r.x0 - 1 <= x <= r.x1 + 1 for r in rules_between(rules, y0, y1))


def rules_from_edges(edges: list[dict], min_len: float = 20.0) -> list[Rule]:
    """Horizontal ruling segments from pdfplumber-style edge dicts (lines and thin
    rects); segments drawn cell by cell are joined before short ones are dropped."""
    rules = merge_rules([Rule(float(e["top"]), float(e["x0"]), float(e["x1"])) for e in edges])
    return [r for r in rules if r.x1 - r.x0 >= min_len]


def rule_joints(rules: list[Rule], tol: float = 0.6, min_rules: int = 2) -> list[float]:
    """x-positions where the segments of at least `min_rules` of the rules met."""
    seen = sorted((x, round(r.y)) for r in rules for x in r.cuts)
    out: list[list[tuple[float, int]]] = []
    for p in seen:
        if out and p[0] - out[-1][-1][0] <= tol:
            out[-1].append(p)
        else:
            out.append([p])
    return [sum(x for x, _ in g) / len(g) for g in out if len({y for _, y in g}) >= min_rules]


def merge_rules(rules: list[Rule], tol: float = 1.5) -> list[Rule]:
    """Segments at one height that touch or overlap joined into one rule (where
    one ends as the next begins, the joint is kept in `cuts`)."""
    rules = sorted(rules, key=lambda r: (r.y, r.x0))
    out: list[Rule] = []
    for r in rules:
        same = [k for k in range(len(out) - 1, -1, -1) if abs(r.y - out[k].y) <= tol]
        k = next((k for k in same if r.x0 <= out[k].x1 + tol and r.x1 >= out[k].x0 - tol), None)
        if k is not None:
            last = out.pop(k)
            cuts = set(last.cuts) | set(r.cuts)
            if abs(r.x0 - last.x1) <= 0.6 and r.x1 > last.x1 + 0.6:
                cuts.add((r.x0 + last.x1) / 2)
            r = Rule(last.y, min(last.x0, r.x0), max(last.x1, r.x1), tuple(sorted(cuts)))
        out.append(r)
    return sorted(out, key=lambda r: (r.y, r.x0))


def text_lines(words: list[Word], gap: float = PIECE_GAP) -> list[Line]:
    """Baseline clusters split into pieces where the x-gap exceeds gap x char
    height, over the line's own letter spacing: text set with spaced letters
    ("项 目 名 称", tracked headers, letter-spacing) has a typical gap between
    neighbours, and only a gap clearly wider than that ends a piece."""
    lines = []
    for row in line_groups(words, 0.4):
        h = median(w.bottom - w.top for w in row)
        lines.append(Line([piece(r) for run in runs(row, gap * h + tracking(row, h))
                           for r in number_cuts(run, h)]))
    return spaced_labels(lines)


SPACED = 3.2  # × glyph height: the widest gap of a label spaced by hand ("收　　入": two ideographic spaces)


def spaced_labels(lines: list[Line]) -> list[Line]:
    """Single characters spaced out by hand into one label ("合　计", "项　　目",
    "收　　入"; a text layer that draws no glyph for the spaces leaves a gap) are
    one piece: a run of two or more one-character pieces at one even gap of at
    most SPACED glyphs, the nearest other piece on either side further off than
    that gap and a glyph, none of the characters stacked under another one
    (labels printed a character per line stand in columns of their own), and
    not each character heading a column of its own or a group head over them."""
    singles = [p for ln in lines for p in ln.pieces if glyph(p) is not None]

    def stacked(p: Piece) -> bool:
        return any(q is not p and abs(q.xc - p.xc) <= 0.6 * p.height
                   and 0.5 * p.height < abs(q.yc - p.yc) <= 1.8 * p.height for q in singles)
    def heads(run: list[Piece], below: list[Line]) -> bool:
        """Each character centred over text of its own on the lines below: the
        heads of narrow columns (类 | 款 | 项 over their codes), not one label."""
        return all(any(abs(q.xc - p.xc) <= 0.6 * p.height and q.x1 - q.x0 < 2 * (p.x1 - p.x0) + gap_of(run)
                       for other in below for q in other.pieces) for p in run)
    def grouped(run: list[Piece], above: list[Line]) -> bool:
        """A head of two or more characters centred over the run on the line above:
        the run's characters are the sub-columns of a group (科目编码 over 类 | 款 | 项),
        even where no row below fills them (an empty table)."""
        h, xc = run[0].height, (run[0].x0 + run[-1].x1) / 2
        return any(q.x1 - q.x0 >= 1.8 * h and abs(q.xc - xc) <= h for other in above for q in other.pieces)
    out = []
    for i, ln in enumerate(lines):
        ps, joined, k = ln.pieces, [], 0
        below, above = lines[i + 1:i + 13], lines[max(0, i - 1):i]
        while k < len(ps):
            run = [ps[k]]
            while k + len(run) < len(ps) and _spaced_next(run, ps[k + len(run)]):
                run.append(ps[k + len(run)])
            gap = gap_of(run)
            before = ps[k - 1].x1 if k > 0 else float("-inf")
            after = ps[k + len(run)].x0 if k + len(run) < len(ps) else float("inf")
            h = run[0].height
            if len(run) >= 2 and run[0].x0 - before > gap + h and after - run[-1].x1 > gap + h \
                    and not any(stacked(p) for p in run) \
                    and not heads(run, below) and not grouped(run, above):
                joined.append(piece([w for p in run for w in p.words]))
                k += len(run)
            else:
                joined.append(ps[k])
                k += 1
        out.append(Line(joined))
    return out


def gap_of(run: list[Piece]) -> float:
    return run[1].x0 - run[0].x1 if len(run) >= 2 else 0.0


def _spaced_next(run: list[Piece], p: Piece) -> bool:
    last, h = run[-1], run[-1].height
    if glyph(p) is None or glyph(last) is None or abs(p.height - h) > 0.2 * h:
        return False
    gap = p.x0 - last.x1
    if len(run) >= 2 and abs(gap - (run[1].x0 - run[0].x1)) > 0.3 * h:
        return False  # (spaced letters are evenly spaced)
    return 0.0 < gap <= SPACED * h


def _kind(text: str) -> str:
    if regex.fullmatch(r"[\d.,%‰]+", text):
        return "number"
    return "han" if regex.fullmatch(r"\p{Han}+", text) else "other"


def number_cuts(run: list[Word], h: float) -> list[list[Word]]:
    """A run cut where a number (or a closing bracket) meets Han text, or a
    number another number, across a gap: a right-aligned amount and the label
    or code of the next column, a cell's padding apart ("2,234.44 | 一般公共服务
    支出", "956.32 | 302", "全年预算数（A） | 全年执行数"), whereas inside
    text a number and the words around it touch ("50万元") and a number's own
    digits are never set apart."""
    out = [[run[0]]]
    for a, b in zip(run, run[1:]):
        kinds = {_kind(a.text), _kind(b.text)}
        closed = a.text[-1:] in "）)" and _kind(b.text) == "han"  # "全年预算数（A） | 全年执行数"
        # a field's label and its value set close ("项目名称 临时救助"): Han text never
        # leaves such a gap inside a cell, and the label is one a header block prints
        label = _kind(b.text) != "number" and lookup(KV, "".join(w.text for w in out[-1]), 12) is not None
        if (kinds in ({"number", "han"}, {"number"}) or closed or label) and b.x0 - a.x1 >= NUMBER_GAP * h:
            out.append([b])
        else:
            out[-1].append(b)
    return out


def tracking(row: list[Word], h: float) -> float:
    """The letter spacing of a line (left to right): the median gap between
    neighbouring characters when most gaps are that wide (spaced letters are
    evenly spaced; gaps between cells are not) and it is less than a glyph;
    0 for ordinary text, where most characters touch."""
    gaps = [b.x0 - a.x1 for a, b in zip(row, row[1:])]
    if len(gaps) < 3:
        return 0.0
    t = median(gaps)
    even = sum(abs(g - t) <= 0.15 * h for g in gaps) >= 0.6 * len(gaps)
    return t if 0.0 < t <= h and even else 0.0


def is_furniture(line: Line, body_height: float) -> bool:
    text = regex.sub(r"\s+", "", line.text)
    if FURNITURE.match(text) and not _table_row(line):
        return True
    return len(line.pieces) == 1 and line.height > TITLE_SCALE * body_height


def _table_row(line: Line) -> bool:
    """A line with a 单位: label whose value is the next cell's (a header
    block's 实施单位: | XX), not a 单位：万元 line: three or more pieces, or
    the label after another cell's text (its value wrapped onto other lines)."""
    bare = [k for k, p in enumerate(line.pieces) if regex.search(r"单位\s*[:：]\s*$", p.text)]
    return bool(bare) and (len(line.pieces) >= 3 or (len(line.pieces) == 2 and bare[-1] == 1))


def body_height(lines: list[Line]) -> float:
    """The height of body text: of lines without digits where there are some (a
    digit's glyph box reaches lower, and a page of amounts would pass for a page
    of larger type, its table titles for body text)."""
    plain = [ln.height for ln in lines if not regex.search(r"\d", ln.text)]
    return median(plain if len(plain) >= 3 else [ln.height for ln in lines])


def regions(lines: list[Line], rules: list[Rule] = (), keep_first: bool = False) -> list[list[Line]]:
    """Runs of lines between titles and page furniture; each run may be a
    table (a line alone only as the first run, with `keep_first`: a page that may
    go on with the previous page's table, its last row carried over).  A line of
    body height with a rule right above and below it is a ruled table's row."""
    if not lines:
        return []
    body = body_height(lines)
    out: list[list[Line]] = [[]]
    furniture = None  # the last furniture line, when it ends the lines so far
    for k, ln in enumerate(lines):
        edge = k in (0, len(lines) - 1) and PAGE_NO.match(ln.text)
        title = len(ln.pieces) == 1 and ln.height > TITLE_SCALE * body
        if title or ((edge or is_furniture(ln, body) or _wrapped_tail(furniture, ln))
                     and not _ruled_row(ln, rules)):
            out.append([])
            furniture = None if title else ln
        else:
            out[-1].append(ln)
            furniture = None
    runs = [r for r in out if r]
    return [r for i, r in enumerate(runs) if len(r) >= 2 or (keep_first and i == 0)]


def _wrapped_tail(above: Line | None, ln: Line) -> bool:
    """The wrapped end of a furniture line ("部门名称：XX管理 | 单位：万" over
    "局 | 元"): right under it, each piece starting where one of its pieces
    starts, no longer than it."""
    if above is None or ln.top - above.bottom > 0.6 * ln.height:
        return False
    return all(any(abs(p.x0 - q.x0) <= 1.5 and p.x1 <= q.x1 + 1.5 for q in above.pieces) for p in ln.pieces)


def _ruled_row(ln: Line, rules: list[Rule]) -> bool:
    x0, x1 = min(p.x0 for p in ln.pieces), max(p.x1 for p in ln.pieces)
    reach = 1.5 * ln.height
    across = [r for r in rules if r.x0 - 1 <= x0 and x1 <= r.x1 + 1]
    return (any(ln.top - reach <= r.y <= ln.top + 1 for r in across)
            and any(ln.bottom - 1 <= r.y <= ln.bottom + reach for r in across))


def table_rules(region: list[Line], rules: list[Rule]) -> list[Rule]:
    """The rules of a region's table: within its text (one row's slack) and
    across a good part of its width, or shorter and ending where the table's
    long rules end (a rule under the rows of the right-hand columns only,
    beside a cell merged over those rows) or in line with a long rule."""
    pieces = [p for ln in region for p in ln.pieces]
    top, bottom = min(p.top for p in pieces), max(p.bottom for p in pieces)
    x0, x1 = min(p.x0 for p in pieces), max(p.x1 for p in pieces)
    h = median(p.height for p in pieces)
    near = [r for r in rules if top - 3 * h <= r.y <= bottom + 3 * h]
    long = [r for r in near if min(r.x1, x1) - max(r.x0, x0) > 0.15 * (x1 - x0)]
    if len(long) < 2:
        return long
    e0, e1 = min(r.x0 for r in long), max(r.x1 for r in long)
    # (or on the line of a long rule: one row border broken by a cell merged over it)
    return long + [r for r in near if r not in long and r.x1 - r.x0 >= 3 * h and r.x0 > x0 - h
                   and (abs(r.x1 - e1) <= 1.0 or abs(r.x0 - e0) <= 1.0
                        or any(abs(r.y - q.y) <= 1.0 for q in long))]


def split_at_rules(region: list[Line], rules: list[Rule], continued: bool = False) -> list[list[Line]]:
    """A region whose table is ruled above and below: the lines before its first
    rule (a caption, 填报单位…) and after its last (notes, signatures) are regions
    of their own.  When the previous page's table goes on here (`continued`),
    lines right above the first rule with text in two or more places are the
    row the page break cut (it has no rule above it)."""
    own = table_rules(region, rules)
    ys = sorted({round(r.y, 1) for r in own})
    if len(ys) < 2:
        return [trim_prose(trim_blank_fields(region))]
    first, last = ys[0], ys[-1]
    above = [ln for ln in region if (ln.top + ln.bottom) / 2 < first]
    below = [ln for ln in region if (ln.top + ln.bottom) / 2 > last]
    inside = [ln for ln in region if first <= (ln.top + ln.bottom) / 2 <= last]
    h = median(ln.height for ln in region)
    if continued and above and first - above[-1].bottom <= 2 * h \
            and any(len(ln.pieces) >= 2 for ln in above):
        inside, above = above + inside, []
    return [part for part in (trim_blank_fields(above), inside, trim_blank_fields(below)) if part]
