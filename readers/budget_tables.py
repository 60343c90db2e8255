"""The standard budget tables (九张表) of a document → budget_tables / budget_lines rows.

One pass over the pages, one grid at a time (linear in the document's cells):

1. the text lines above a grid (down to the previous grid) give its title, its
   number ("表一", "预算公开01表") and its unit; a title merged into the grid's
   first row counts the same;
2. the grid's row bands and column roles come from readers/budget_headers.py
   (header paths: budget_paths.py; what borderless grids and page breaks do to a
   table is mended in budget_mend.py);
3. a grid is a budget table when its title is one, or, untitled, when its
   columns are (codes / labels with amounts, a 收入 | 支出 two-sided header);
   an untitled grid at the top of the next page that repeats the header, or
   prints none, continues the table before it;
4. every amount cell writes one line (readers/budget_lines.py).

Performance tables (一级指标, 绩效目标 …) are left alone and unclaimed.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from budgetpdf.extract.grid import Grid, TextLine
from budgetpdf.model import PageContent, PdfContent
from budgetpdf.normalize import budget as vocab
from budgetpdf.readers.budget_headers import Layout, analyse, is_performance_grid, origin_cells
from budgetpdf.readers.budget_lines import Table, document_stage, table_rows
from budgetpdf.readers.budget_mend import harmonize, join_cut_label, mend_wrapped_labels, reuse_header


@dataclass
class BudgetRead:
    tables: list[dict] = field(default_factory=list)   # budget_tables rows
    lines: list[dict] = field(default_factory=list)    # budget_lines rows
    claimed: set[int] = field(default_factory=set)     # id() of grids that belong to budget tables
    error: str | None = None                           # why the budget tables could not be read


@dataclass
class Context:
    """What the text around a grid says about it."""
    title: str | None = None
    number: str | None = None
    unit: str | None = None
    continued: bool = False
    notes: list[str] = field(default_factory=list)
    performance: bool = False   # a performance table's title sits above the grid
    text_between: bool = False  # any line but a page number between the grid and the one above


def read_budget_tables(content: PdfContent, doc_id: str) -> BudgetRead:
    """Every budget table of a document.  A reader bug must not cost the document its
    performance part: it is caught, logged and said in `error`, nothing is claimed."""
    try:
        tables = find_tables(content)
        stage = document_stage(content, tables)
        out = BudgetRead()
        for seq, table in enumerate(tables, 1):
            row, lines = table_rows(table, doc_id, seq, stage)
            out.tables.append(row)
            out.lines.extend(lines)
            out.claimed.update(id(g) for g, _ in table.parts)
        return out
    except Exception as e:  # noqa: BLE001 - any bug here is reported, never fatal
        logging.getLogger(__name__).warning("budget tables of %s not read: %s", doc_id, e)
        return BudgetRead(error=f"budget tables not read: {type(e).__name__}: {e}"[:300])


# ---- finding the tables -------------------------------------------------------------

def find_tables(content: PdfContent) -> list[Table]:
    tables: list[Table] = []
    current: Table | None = None
    doc_unit = first_unit(content)
    pending: Context | None = None  # a title printed at the foot of the page before
    for page in content.pages:
        grids = sorted(page.grids, key=lambda g: g.bbox[1])
        above_from, carried = 0.0, None
        if current is not None:  # a note the page break put at the top of the next page
            first = grids[0].bbox[1] if grids else page.height + 1
            head = min((ln.top for ln in page.lines if ln.top < first and _is_any_title(ln.text)), default=first)
            current.notes += [n for n in notes_below(page, 0.0, head) if _MARKED.match(n)]  # (注：…, not prose)
        for i, grid in enumerate(grids):
            ctx = context(page, above_from, grid.bbox[1])
            ctx.number = ctx.number or carried
            if i == 0 and pending is not None and not (ctx.title or ctx.performance or ctx.continued):
                ctx.title, ctx.number, ctx.performance = pending.title, pending.number, pending.performance
                ctx.unit = ctx.unit or pending.unit
            above_from = grid.bbox[3]
            lay = analyse(grid, char_width(page))
            mend_wrapped_labels(grid, lay)
            carried = lay.next_number  # "表二" a borderless grid swallowed: the next table's
            merge_top(ctx, grid, lay)
            before, current = current, place(tables, current, grid, lay, ctx, page, i, doc_unit)
            # (a stray row of the table before, at the top of the page, that joins nothing:
            # the note under it is still that table's)
            below_to = grids[i + 1].bbox[1] if i + 1 < len(grids) else page.height + 1
            if current is not None:
                current.notes += lay.notes + ctx.notes + notes_below(page, grid.bbox[3], below_to)
            elif before is not None and i == 0 and not (ctx.title or ctx.performance):
                before.notes += [n for n in notes_below(page, grid.bbox[3], below_to) if _MARKED.match(n)]
        tables.extend(gridless_tables(page, grids, doc_unit))
        pending = foot_title(page, grids[-1].bbox[3] if grids else 0.0)
    return sorted(tables, key=_position)


def foot_title(page: PageContent, below: float) -> Context | None:
    """A table title printed at the foot of a page, its grid on the next: the
    title and after it nothing but a unit, number or 部门名称 line (or a page number)."""
    lines = [ln for ln in page.lines if ln.top >= below - 1 and not _page_number(ln.text)]
    k = next((k for k in range(len(lines) - 1, -1, -1)
              if vocab.is_title(lines[k].text) or vocab.is_performance_title(lines[k].text)), None)
    if k is None or not all(vocab.unit_of(ln.text) or vocab.number_of(ln.text) for ln in lines[k + 1:]):
        return None
    return context(page, lines[k].top, page.height + 1)


def place(tables: list[Table], current: Table | None, grid: Grid, lay: Layout, ctx: Context,
          page: PageContent, index: int, doc_unit: str | None) -> Table | None:
    """The table a grid belongs to (a new one, or the open one it continues), None
    when it is no budget table.  Performance tables close the open table."""
    if ctx.performance or is_performance_grid(grid, lay):
        return None
    if current is not None and continues(current, grid, lay, page, index, ctx):
        if not lay.header or labels_as_header(grid, lay, *current.last):
            reuse_header(grid, lay, current.last[1], current.last[0])
            join_cut_label(grid, lay, *current.last)
        else:
            harmonize(lay, current.parts[0][1])
    elif ctx.title or looks_like_budget(lay):
        current = Table(ctx.title, ctx.number, ctx.unit or (current.unit if current else None) or doc_unit)
        tables.append(current)
    else:
        return None
    current.parts.append((grid, lay))
    return current


def _position(t: Table) -> tuple:
    if t.parts:
        g = t.parts[0][0]
        return (g.page, g.bbox[1])
    return t.at


def context(page: PageContent, top: float, bottom: float) -> Context:
    """Title, number, unit and 续 of the lines between `top` and `bottom`; the title
    is the one nearest the grid."""
    ctx = Context()
    for text in _joined_titles([ln for ln in page.lines if top - 1 <= ln.top and ln.bottom <= bottom + 1]):
        ctx.text_between = ctx.text_between or not _page_number(text)
        if vocab.is_performance_title(text):
            ctx.performance, ctx.title = True, None
        elif vocab.is_title(text):  # the title nearest the grid wins
            ctx.performance = False
            ctx.title, number, ctx.continued = vocab.title_parts(text)
            ctx.number = number or ctx.number
            ctx.unit = vocab.unit_of(text) or ctx.unit
        elif vocab.number_of(text):
            ctx.number = vocab.number_of(text)
        elif vocab.unit_of(text):
            ctx.unit = vocab.unit_of(text)
        elif text.startswith(("续表", "(续", "（续")):
            ctx.continued = True
    return ctx


def _joined_titles(lines: list[TextLine]) -> list[str]:
    """The lines' texts, a title wrapped onto a second line ("…资金安排" / "表") joined."""
    out: list[str] = []
    for prev, ln in zip([None] + lines, lines):
        if prev is not None and out and out[-1] == prev.text and _wraps(prev, ln) \
                and not _is_any_title(prev.text) and _is_any_title(prev.text + ln.text):
            out[-1] = prev.text + ln.text
        else:
            out.append(ln.text)
    return out


def _is_any_title(text: str) -> bool:
    return vocab.is_title(text) or vocab.is_performance_title(text)


def merge_top(ctx: Context, grid: Grid, lay: Layout) -> None:
    """A title, number or unit printed inside the grid: a merged first row
    ("部门收支总表 部门：XX 单位：万元") or a header cell ("金额单位：万元", "预算数（万元）")."""
    for text in lay.top:
        if vocab.is_title(text) and not ctx.title:
            ctx.title, number, cont = vocab.title_parts(text)
            ctx.number = number or ctx.number
            ctx.continued = ctx.continued or cont
        ctx.unit = vocab.unit_of(text) or ctx.unit
    if ctx.unit is None:
        ctx.unit = next((vocab.unit_of(c.text) for r in lay.header for c in origin_cells(grid, r)
                         if vocab.unit_of(c.text)), None)


def char_width(page: PageContent) -> float:
    """Body text size of a page (its smallest sizable line): the width of a CJK glyph."""
    sizes = [ln.size for ln in page.lines if ln.size >= 5]
    return min(sizes) if sizes else 10.0


def first_unit(content: PdfContent) -> str | None:
    for page in content.pages:
        for ln in page.lines:
            u = vocab.unit_of(ln.text)
            if u:
                return u
    return None


def continues(table: Table, grid: Grid, lay: Layout, page: PageContent, index: int, ctx: Context) -> bool:
    """An untitled grid continues the open table: it is the first grid of the next
    page (or of the same page, below it), and repeats its header or prints none
    with numbers in it."""
    prev_grid, prev = table.last
    if ctx.continued:
        return True
    if ctx.title:  # a new title starts a new table, unless it is the same title printed again
        return (ctx.title == table.title and grid.page == prev_grid.page + 1 and not index
                and (not lay.header or same_header(lay, prev)))
    if grid.page not in (prev_grid.page, prev_grid.page + 1) or (grid.page != prev_grid.page and index):
        return False
    if grid.page == prev_grid.page and ctx.text_between:
        return False  # on the same page only a grid cut in two continues, nothing printed between
    if lay.header:
        return same_header(lay, prev) or labels_as_header(grid, lay, prev_grid, prev)
    # no header: the same columns (borderless lattices may differ by a column or
    # two) with amounts in them
    slack = 0 if grid.strategy == prev_grid.strategy == "lattice" else 2
    return abs(grid.n_cols - prev_grid.n_cols) <= slack and lay.has_roles("amount") and grid.n_cols >= 2


def labels_as_header(grid: Grid, lay: Layout, prev_grid: Grid, prev: Layout) -> bool:
    """'Header' rows of a page-top grid read with the previous page's columns
    whose every text stands alone in one of that table's label columns, over
    rows with amounts: body rows taken for a header by their words (上年结转结余 |
    年终结转结余 above 收入总计 … 支出总计 …).  A repeated header names amount
    columns too."""
    if grid.n_cols != prev_grid.n_cols or grid.page != prev_grid.page + 1 or not lay.body:
        return False
    cells = [c for r in lay.header for c in origin_cells(grid, r) if c.text]
    return bool(cells) and all(prev.role(_text_column(grid, c)) == "label" for c in cells) \
        and any(prev.role(c.col) == "amount" and vocab.is_amount(c.text)
                for r in lay.body for c in origin_cells(grid, r))


def _text_column(grid: Grid, cell) -> int:
    """The one column a cell's text stands in (a borderless cell may be merged
    over the blank cells beside it), -1 when the text crosses an edge."""
    x0 = cell.text_x0 if cell.text_x0 is not None else cell.bbox[0]
    x1 = cell.text_x1 if cell.text_x1 is not None else cell.bbox[2]
    edges = grid.col_edges
    k = max((k for k in range(cell.col, cell.col + cell.colspan) if edges[k] <= x0 + 1), default=cell.col)
    return k if x1 <= edges[k + 1] + 1 else -1


def same_header(lay: Layout, prev: Layout) -> bool:
    """A repeated header: the same paths, or (read slightly differently: a wrapped
    cell, a borderless lattice one column off) the same leaves in the same order."""
    if lay.signature == prev.signature:
        return True
    leaves, before = _leaves(lay), _leaves(prev)
    if len(leaves) > 1 and leaves == before:
        return True
    # most of the same header words in the same number of columns: one cell misread
    shared = sum(min(leaves.count(x), before.count(x)) for x in set(leaves))
    if len(leaves) == len(before) > 2 and shared >= 2 / 3 * len(before):
        return True
    # rule-less pages cut into columns their own way: one page's leaves in order
    # among the other's, a column or two more or fewer
    short, long_ = sorted((leaves, before), key=len)
    return len(short) > 2 and len(long_) - len(short) <= 2 and _in_order(short, long_)


def _in_order(short: list[str], long_: list[str]) -> bool:
    it = iter(long_)
    return all(any(x == y for y in it) for x in short)


def _leaves(lay: Layout) -> list[str]:
    """Header leaves left to right, a header spread over two lattice columns once;
    not a group header that a rule-less page set in a column of its own (收入 |
    收入/项目 | 收入/行次)."""
    paths = [c.path for c in lay.columns]
    groups = {p.split("/")[0] for p in paths if "/" in p}
    out: list[str] = []
    for c in lay.columns:
        if c.path and "/" not in c.path and c.path in groups:
            continue
        if c.path and (not out or out[-1] != c.leaf):
            out.append(c.leaf)
    return out


def looks_like_budget(lay: Layout) -> bool:
    """An untitled grid that is a budget table by its columns: codes beside labels and
    amounts, or a two-sided 收入 | 支出 header over labels and amounts."""
    paths = [c.path for c in lay.columns]
    roles = {c.role for c in lay.columns}
    if "amount" not in roles:
        return False
    if "code" in roles and "label" in roles:
        return True
    tops = {p.split("/")[0] for p in paths if "/" in p}
    return {"收入", "支出"} <= tops


_MARKED = re.compile(r"\s*(注|备注|说明)\s*\d*\s*[:：]")


def notes_below(page: PageContent, top: float, bottom: float) -> list[str]:
    """A note printed under the table ("注：本部门无…，故本表为空表。"), its wrapped
    lines joined: it runs until a line that is no part of it."""
    out: list[str] = []
    lines = [ln for ln in page.lines if top - 1 <= ln.top < bottom]
    i = 0
    while i < len(lines):
        if not vocab.is_note(lines[i].text):
            i += 1
            continue
        text, last = lines[i].text, lines[i]
        i += 1
        while i < len(lines) and _wraps(last, lines[i]):
            text += lines[i].text
            last = lines[i]
            i += 1
        out.append(text)
    return out


def _wraps(prev: TextLine, ln: TextLine) -> bool:
    height = max(prev.bottom - prev.top, 1.0)
    return (ln.top - prev.bottom < height and abs(ln.size - prev.size) < 1.0
            and not vocab.is_note(ln.text) and not vocab.is_title(ln.text)
            and not vocab.number_of(ln.text) and not _page_number(ln.text))


def _page_number(text: str) -> bool:
    return bool(re.fullmatch(r"[-—–\s]*\d+[-—–\s]*|第\s*\d+\s*页.*", text))


def gridless_tables(page: PageContent, grids: list[Grid], doc_unit: str | None) -> list[Table]:
    """A table printed as its title and a note only (本部门无…，故本表为空表), no grid:
    a title followed by a note before any grid or other title."""
    out = []
    spans = [(g.bbox[1], g.bbox[3]) for g in grids]
    lines = page.lines
    body = char_width(page)
    for i, ln in enumerate(lines):
        # a heading, taller than body text: a prose line ending in 表 is no table
        if not vocab.is_title(ln.text) or ln.size < 1.15 * body or \
                any(a - 1 <= ln.top <= b + 1 for a, b in spans):
            continue
        nxt_grid = min((a for a, _ in spans if a > ln.bottom), default=page.height + 1)
        following = []
        for other in lines[i + 1:]:
            if other.top >= nxt_grid or vocab.is_title(other.text):
                break
            following.append(other)
        end = following[-1].bottom + 1 if following else ln.bottom
        reaches_grid = len(following) == len(lines) - i - 1 or lines[i + 1 + len(following)].top >= nxt_grid
        notes = notes_below(page, ln.bottom, end)
        if not notes or (reaches_grid and nxt_grid <= page.height):  # the grid below is this title's
            continue
        title, number, _ = vocab.title_parts(ln.text)
        unit = next((vocab.unit_of(x.text) for x in following if vocab.unit_of(x.text)), None)
        number = number or next((vocab.number_of(x.text) for x in lines[max(0, i - 2):i]
                                 if vocab.number_of(x.text)), None)
        t = Table(title, number, unit or doc_unit, at=(page.page_no, ln.top))
        t.notes = notes
        out.append(t)
    return out


