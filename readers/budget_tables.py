"""The standard budget tables (九张表) of a document → budget_tables / budget_lines rows.

One pass over the pages, one grid at a time (linear in the document's cells):

1. the text lines above a grid (down to the previous grid) give its title, its
   number ("表一", "预算公开01表") and its unit; a title merged into the grid's
   first row counts the same;
2. the grid's row bands and column roles come from readers/budget_headers.py;
3. a grid is a budget table when its title is one, or, untitled, when its
   columns are (codes / labels with amounts, a 收入 | 支出 two-sided header);
   an untitled grid at the top of the next page that repeats the header, or
   prints none, continues the table before it;
4. every amount cell writes one line: its code (the code columns nearest to its
   left, 类 | 款 | 项 joined), its item (the nearest label to its left, so each
   side of a two-sided table takes its own label) and its column (header path).

Performance tables (一级指标, 绩效目标 …) are left alone and unclaimed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetpdf.extract.grid import Grid, TextLine
from budgetpdf.model import PageContent, PdfContent
from budgetpdf.normalize import budget as vocab
from budgetpdf.readers.budget_headers import (Layout, analyse, harmonize, is_performance_grid, origin_cells,
                                              reuse_header)


@dataclass
class BudgetRead:
    tables: list[dict] = field(default_factory=list)   # budget_tables rows
    lines: list[dict] = field(default_factory=list)    # budget_lines rows
    claimed: set[int] = field(default_factory=set)     # id() of grids that belong to budget tables


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


@dataclass
class Table:
    title: str | None
    number: str | None
    unit: str | None
    parts: list[tuple[Grid, Layout]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    at: tuple[int, float] = (0, 0.0)  # page and top of its title: where a table without grid sits

    @property
    def last(self) -> tuple[Grid, Layout]:
        return self.parts[-1]


def read_budget_tables(content: PdfContent, doc_id: str) -> BudgetRead:
    tables = find_tables(content)
    stage = document_stage(content, tables)
    out = BudgetRead()
    for seq, table in enumerate(tables, 1):
        row, lines = table_rows(table, doc_id, seq, stage)
        out.tables.append(row)
        out.lines.extend(lines)
        out.claimed.update(id(g) for g, _ in table.parts)
    return out


# ---- finding the tables -------------------------------------------------------------

def find_tables(content: PdfContent) -> list[Table]:
    tables: list[Table] = []
    current: Table | None = None
    doc_unit = first_unit(content)
    for page in content.pages:
        grids = sorted(page.grids, key=lambda g: g.bbox[1])
        above_from = 0.0
        for i, grid in enumerate(grids):
            below_to = grids[i + 1].bbox[1] if i + 1 < len(grids) else page.height + 1
            ctx = context(page, above_from, grid.bbox[1])
            above_from = grid.bbox[3]
            lay = analyse(grid, char_width(page))
            merge_top(ctx, grid, lay)
            if ctx.performance or is_performance_grid(grid, lay):
                current = None
                continue
            if ctx.title and not ctx.continued and not (current and continues(current, grid, lay, page, i, ctx)):
                current = Table(ctx.title, ctx.number, ctx.unit or (current.unit if current else None) or doc_unit)
                tables.append(current)
            elif current is not None and continues(current, grid, lay, page, i, ctx):
                if not lay.header:
                    reuse_header(grid, lay, current.last[1], current.last[0])
                else:
                    harmonize(lay, current.parts[0][1])
            elif looks_like_budget(lay):
                current = Table(None, ctx.number, ctx.unit or (current.unit if current else None) or doc_unit)
                tables.append(current)
            else:
                current = None
                continue
            current.parts.append((grid, lay))
            current.notes += lay.notes + ctx.notes + notes_below(page, grid.bbox[3], below_to)
        tables.extend(gridless_tables(page, grids, doc_unit))
    return sorted(tables, key=_position)


def _position(t: Table) -> tuple:
    if t.parts:
        g = t.parts[0][0]
        return (g.page, g.bbox[1])
    return t.at


def context(page: PageContent, top: float, bottom: float) -> Context:
    """Title, number, unit and 续 of the lines between `top` and `bottom`; the title
    is the one nearest the grid."""
    ctx = Context()
    for ln in page.lines:
        if not (top - 1 <= ln.top and ln.bottom <= bottom + 1):
            continue
        text = ln.text
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
                and lay.signature == prev.signature)
    if grid.page not in (prev_grid.page, prev_grid.page + 1) or (grid.page != prev_grid.page and index):
        return False
    if grid.page == prev_grid.page and ctx.text_between:
        return False  # on the same page only a grid cut in two continues, nothing printed between
    if lay.header:
        if lay.signature == prev.signature:
            return True
        # a header read slightly differently (a wrapped cell): same leaves, same count
        leaves = [c.leaf for c in lay.columns if c.path]
        return len(leaves) > 1 and leaves == [c.leaf for c in prev.columns if c.path]
    # no header: the same columns (borderless lattices may differ by a column or
    # two) with amounts in them
    slack = 0 if grid.strategy == prev_grid.strategy == "lattice" else 2
    return abs(grid.n_cols - prev_grid.n_cols) <= slack and lay.has_roles("amount") and grid.n_cols >= 2


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
            and not _page_number(ln.text))


def _page_number(text: str) -> bool:
    return bool(re.fullmatch(r"[-—–\s]*\d+[-—–\s]*|第\s*\d+\s*页.*", text))


def gridless_tables(page: PageContent, grids: list[Grid], doc_unit: str | None) -> list[Table]:
    """A table printed as its title and a note only (本部门无…，故本表为空表), no grid:
    a title followed by a note before any grid or other title."""
    out = []
    spans = [(g.bbox[1], g.bbox[3]) for g in grids]
    lines = page.lines
    for i, ln in enumerate(lines):
        if not vocab.is_title(ln.text) or any(a - 1 <= ln.top <= b + 1 for a, b in spans):
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


# ---- rows ---------------------------------------------------------------------------

def document_stage(content: PdfContent, tables: list[Table]) -> str | None:
    """budget / final from the cover (first page), else from the tables' titles."""
    for ln in content.pages[0].lines if content.pages else []:
        s = vocab.stage_of(ln.text)
        if s:
            return s
    stages = [vocab.stage_of(t.title) for t in tables if vocab.stage_of(t.title)]
    return max(set(stages), key=stages.count) if stages else None


def table_rows(table: Table, doc_id: str, seq: int, doc_stage: str | None) -> tuple[dict, list[dict]]:
    table_id = f"{doc_id}-t{seq:03d}"
    lines = []
    n = 0
    has_number = False
    unread: list[str] = []
    for grid, lay in table.parts:
        for r in lay.body:
            row_lines = row_amounts(grid, lay, r, table.unit)
            if any(c.text for c in grid.row(r)):
                n += 1
            for ln in row_lines:
                ln.update(doc_id=doc_id, table_id=table_id, line=n, page=grid.page)
            lines.extend(row_lines)
        has_number = has_number or any(
            vocab.amount_value(c.text) is not None for r in lay.body for c in origin_cells(grid, r))
        unread += unread_cells(grid, lay)
    title = table.title or ""
    pages = [g.page for g, _ in table.parts] or [table.at[0]]
    amount_paths = []
    for _, lay in table.parts:
        for c in lay.amount_columns():
            if c.path not in amount_paths:
                amount_paths.append(c.path)
    row = {
        "doc_id": doc_id, "table_id": table_id, "seq": seq,
        "kind": vocab.canonical_kind(table.title) if table.title else _kind_from_columns(table),
        "title": title, "number": table.number, "unit": table.unit,
        "budget_stage": vocab.stage_of(table.title) or doc_stage,
        "page_start": min(pages), "page_end": max(pages),
        "n_lines": len(lines), "empty": not lines and not has_number,
        "note": " ".join(dict.fromkeys(table.notes)) or None,
        "columns": " | ".join(amount_paths) or None,
        "strategy": ",".join(dict.fromkeys(g.strategy for g, _ in table.parts)) or None,
        "n_unread": len(unread), "unread_example": unread[0] if unread else None,
    }
    return row, lines


_AMOUNT_THEN_TEXT = re.compile(r"^-?\d{1,3}(?:,\d{3})*\.\d{2}[^\d,.%]")  # "5,875,734.60一、…": two cells in one


def unread_cells(grid: Grid, lay: Layout) -> list[str]:
    """Text in amount columns that is neither a number nor a dash: two amounts run
    together, a label pushed into the wrong column — what a reviewer should see."""
    out = []
    for r in lay.body:
        for cell in origin_cells(grid, r):
            t = cell.text.replace(" ", "")
            role = lay.role(cell.col)
            if (t and t not in vocab.DASHES and role == "amount" and vocab.amount_value(t) is None
                    and not vocab.PERCENT.match(t)) or \
                    (role == "label" and _AMOUNT_THEN_TEXT.match(t)):
                out.append(cell.text)
    return out


def row_amounts(grid: Grid, lay: Layout, r: int, unit: str | None) -> list[dict]:
    """One line per amount cell of body row r."""
    out = []
    for cell in origin_cells(grid, r):
        j = next((c for c in range(cell.col, cell.col + cell.colspan) if lay.role(c) == "amount"), None)
        if j is None:
            continue
        value = vocab.amount_value(cell.text)
        if value is None:
            continue
        code = code_left(grid, lay, r, cell.col)
        item = item_left(grid, lay, r, cell.col)
        out.append({
            "code": code or None, "item": item, "column": lay.columns[j].path,
            "amount_raw": cell.text, "amount_yuan": vocab.to_yuan(value, vocab.cell_unit(cell.text) or unit),
            "level": vocab.code_level(code) if code else (0 if _is_total(item) else None),
        })
    return out


def item_left(grid: Grid, lay: Layout, r: int, c: int) -> str:
    """The nearest label to the left (a 合计 printed in a code column counts)."""
    for k in range(c - 1, -1, -1):
        text = lay.text(grid, r, k)
        if not text or vocab.is_amount(text):
            continue
        role = lay.role(k)
        if role == "label" or (role == "code" and vocab.code_digits(text) != text.replace(" ", "")):
            return strip_indent(text)
    return ""


def code_left(grid: Grid, lay: Layout, r: int, c: int) -> str:
    """Digits of the code column block nearest to the left, 类 | 款 | 项 joined."""
    k = c - 1
    while k >= 0 and lay.role(k) != "code":
        k -= 1
    parts = []
    while k >= 0 and lay.role(k) == "code":
        text = lay.text(grid, r, k).replace(" ", "")
        if text.isdigit():
            parts.insert(0, text)
        k -= 1
    return vocab.join_code(parts)


def strip_indent(text: str) -> str:
    return text.strip(" \u3000\t")


def _is_total(item: str) -> bool:
    return item.replace(" ", "") in ("合计", "总计", "小计") or item.endswith(("合计", "总计"))


def _kind_from_columns(table: Table) -> str:
    """An untitled table's kind from its header words."""
    paths = " ".join(c.path for _, lay in table.parts[:1] for c in lay.columns)
    if "因公出国" in paths or "公务接待" in paths:
        return "three_public"
    if "收入" in paths and "支出" in paths:
        return "summary"
    if "人员经费" in paths and "公用经费" in paths and "项目支出" not in paths:
        return "general_basic"
    return "other"

