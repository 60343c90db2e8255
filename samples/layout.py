"""A small table-layout engine on a reportlab canvas.

Why not reportlab's platypus Table: its repeatRows repeats the *first* rows only, while a
budget table repeats its indicator header row (in the middle of the table) after a page
break, and we need to control how merged cells are cut at the break (one box per page,
label printed once) the way Excel/Word exports do. So layout is computed here first
(pure geometry, one list of drawing ops per page) and drawn afterwards, which also lets
footers say "共 N 页".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

PAD = 2.5          # cell padding, pt
FONT_SIZE = 8.5
LEADING = 11.0
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
_STYLES = {a: ParagraphStyle(a, fontName=FONT, fontSize=FONT_SIZE, leading=LEADING,
                             wordWrap="CJK", alignment=v) for a, v in _ALIGN.items()}


@dataclass
class Cell:
    text: str | None
    col: int
    cs: int = 1
    rs: int = 1
    align: str = "left"


@dataclass
class Table:
    widths: list[float]
    rows: list[list[Cell]]
    repeat: list[int] = field(default_factory=list)   # rows re-drawn at the top of a continuation page
    glue: list[int] = field(default_factory=list)     # rows never left alone at the bottom of a page
    name: str = ""
    keep: int = 3                                      # rows that must follow a heading on the same page


@dataclass
class Line:
    """A line of text outside tables: title (big, centered), subtitle, or left/right pair."""
    left: str = ""
    right: str = ""
    center: str = ""
    size: float = 10.0
    bold: bool = False
    space: float = 4.0     # extra space below


@dataclass
class PageBreak:
    pass


def para(text: str | None, align: str = "left") -> Paragraph | None:
    if not text:
        return None
    return Paragraph(escape(text), _STYLES[align])


def _avail(width: float) -> float:
    """Wrap width: CJK wrapping lets closing punctuation hang one glyph past the line,
    which must still fall inside the cell box."""
    return width - 2 * PAD - FONT_SIZE


def _row_heights(t: Table) -> list[float]:
    """Height of each row so every cell's wrapped text fits; spans grow their last row."""
    heights = [LEADING + 2 * PAD] * len(t.rows)
    spans = []
    for r, row in enumerate(t.rows):
        for c in row:
            p = para(c.text, c.align)
            need = LEADING + 2 * PAD
            if p is not None:
                need = max(need, p.wrap(_avail(sum(t.widths[c.col:c.col + c.cs])), 1e6)[1] + 2 * PAD)
            if c.rs == 1:
                heights[r] = max(heights[r], need)
            else:
                spans.append((r, c.rs, need))
    for r, rs, need in sorted(spans, key=lambda s: s[1]):
        have = sum(heights[r:r + rs])
        if need > have:
            heights[r + rs - 1] += need - have
    return heights


class Layout:
    """Flows Lines and Tables onto pages; `pages` is a list of op lists."""

    def __init__(self, pagesize, margins=(42, 40, 42, 48)):
        self.w, self.h = pagesize
        self.left, self.top, self.right, self.bottom = margins
        self.pages: list[list[tuple]] = []
        self.breaks: list[tuple[str, int]] = []        # (table name, first row on the next page)
        self._new_page()

    def _new_page(self):
        self.pages.append([])
        self.y = self.h - self.top

    @property
    def width(self):
        return self.w - self.left - self.right

    def flow(self, blocks):
        for i, b in enumerate(blocks):
            if isinstance(b, PageBreak):
                self._new_page()
            elif isinstance(b, Line):
                self._keep_with_next(blocks[i:])
                self._line(b)
            else:
                self._table(b)
        return self.pages

    def _keep_with_next(self, rest):
        """Move a heading to a new page if the table after it cannot start on this one."""
        if rest and isinstance(rest[0], Line) and len(rest) > 1 and not isinstance(rest[1], Line):
            need = rest[0].size * 1.4 + rest[0].space
            if isinstance(rest[1], Table):
                need += sum(_row_heights(rest[1])[:rest[1].keep])
            if need > self.y - self.bottom and self.pages[-1]:
                self._new_page()

    def _line(self, ln: Line):
        self.y -= ln.size * 1.25
        x0, x1 = self.left, self.w - self.right
        if ln.center:
            self.pages[-1].append(("text", (x0 + x1) / 2, self.y, ln.center, ln.size, "center", ln.bold))
        if ln.left:
            self.pages[-1].append(("text", x0, self.y, ln.left, ln.size, "left", ln.bold))
        if ln.right:
            self.pages[-1].append(("text", x1, self.y, ln.right, ln.size, "right", ln.bold))
        self.y -= ln.size * 0.35 + ln.space

    def _table(self, t: Table):
        heights = _row_heights(t)
        xs = [self.left]
        for w in t.widths:
            xs.append(xs[-1] + w)
        r, first = 0, True
        while r < len(t.rows):
            prefix = [] if first else [i for i in t.repeat if i < r]
            used = sum(heights[i] for i in prefix)
            end = r
            while end < len(t.rows) and used + heights[end] <= self.y - self.bottom:
                used += heights[end]
                end += 1
            while end - 1 > r and (end - 1 in t.repeat or end - 1 in t.glue):   # no orphan header rows
                end -= 1
            short = end == r or (first and end - r < min(t.keep, len(t.rows)))
            if short:                                       # start the table (or its next row) on a fresh page
                if not self.pages[-1]:
                    raise ValueError("table row taller than a page")
                self._new_page()
                continue
            self._emit(t, heights, xs, prefix, range(r, end), continued=not first)
            r, first = end, False
            if r < len(t.rows):
                self.breaks.append((t.name, r))
                self._new_page()
        self.y -= 6

    def _emit(self, t, heights, xs, prefix, body, continued):
        """Ops for one page's fragment of a table: repeated rows, then body rows."""
        ys, y = {}, self.y
        for i in list(prefix) + list(body):
            ys[("p" if i in prefix and i not in body else "b", i)] = (y, y - heights[i])
            y -= heights[i]
        ops = self.pages[-1]
        head_cols = {c for i in prefix for cell in t.rows[i] if cell.rs == 1
                     for c in range(cell.col, cell.col + cell.cs)}
        for i in prefix:
            top, bot = ys[("p", i)]
            for c in t.rows[i]:
                if c.rs == 1:
                    ops.append(("cell", xs[c.col], bot, xs[c.col + c.cs] - xs[c.col], top - bot, c.text, c.align))
        b0 = body[0]
        for r0, row in enumerate(t.rows[: body[-1] + 1]):
            for c in row:
                last = r0 + c.rs - 1
                if last < b0:
                    continue
                lo, hi = max(r0, b0), min(last, body[-1])
                top = ys[("b", lo)][0]
                if r0 < b0 and prefix and not (set(range(c.col, c.col + c.cs)) & head_cols):
                    top = self.y                     # continuing span also covers the repeated header rows
                text = c.text if r0 >= b0 else None  # a cut span prints its label once, on its first page
                ops.append(("cell", xs[c.col], ys[("b", hi)][1], xs[c.col + c.cs] - xs[c.col],
                            top - ys[("b", hi)][1], text, c.align))
        self.y = y


def draw(pages, pagesize, path, rules="all", footer=None):
    """Draw laid-out pages. rules: all (boxed cells) | horizontal (top/bottom rules) | none."""
    cv = canvas.Canvas(str(path), pagesize=pagesize, invariant=1, pageCompression=1)
    cv.setTitle("")
    n = len(pages)
    for k, ops in enumerate(pages, 1):
        cv.setLineWidth(0.6)
        for op in ops:
            if op[0] == "text":
                _text(cv, *op[1:])
            else:
                _cell(cv, *op[1:], rules=rules)
        if footer:
            _text(cv, pagesize[0] / 2, 24, footer.format(n=k, total=n), 8, "center", False)
        cv.showPage()
    cv.save()


def _text(cv, x, y, s, size, align, bold):
    cv.saveState()
    cv.setFont(FONT, size)
    if bold:                       # the CID font has no bold face: fill + thin stroke
        cv.setLineWidth(size / 40)
    t = cv.beginText()
    t.setFont(FONT, size)
    t.setTextRenderMode(2 if bold else 0)
    w = pdfmetrics.stringWidth(s, FONT, size)
    t.setTextOrigin(x - {"left": 0, "center": w / 2, "right": w}[align], y)
    t.textOut(s)
    cv.drawText(t)
    cv.restoreState()


def _cell(cv, x, y, w, h, text, align, rules):
    if rules == "all":
        cv.rect(x, y, w, h, stroke=1, fill=0)
    elif rules == "horizontal":
        cv.line(x, y, x + w, y)
        cv.line(x, y + h, x + w, y + h)
    p = para(text, align)
    if p is not None:
        _, ph = p.wrap(_avail(w), 1e6)
        p.drawOn(cv, x + PAD, y + (h - ph) / 2)
