"""Budget tables as rows: one budget_tables row per table, one budget_lines row per
amount cell, with its code (the code columns nearest to its left, 类 | 款 | 项
joined), its item (the nearest label to its left: each side of a two-sided table
takes its own label) and its column (the header path)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetpdf.extract.grid import Grid
from budgetpdf.model import PdfContent
from budgetpdf.normalize import budget as vocab
from budgetpdf.readers.budget_headers import Layout, origin_cells


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
    carry: dict = {}  # the split code parts of the line above (by code block)
    for grid, lay in table.parts:
        for r in lay.body:
            row_lines = row_amounts(grid, lay, r, table.unit, row_codes(grid, lay, r, carry))
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


def row_amounts(grid: Grid, lay: Layout, r: int, unit: str | None, codes: dict[int, str]) -> list[dict]:
    """One line per amount cell of body row r."""
    out = []
    for cell in origin_cells(grid, r):
        j = next((c for c in range(cell.col, cell.col + cell.colspan) if lay.role(c) == "amount"), None)
        if j is None or _starts_in_skip(grid, lay, cell):
            continue
        value = vocab.amount_value(cell.text)
        if value is None:
            continue
        code = code_left(codes, cell.col)
        item = item_left(grid, lay, r, cell.col)
        out.append({
            "code": code or None, "item": item, "column": lay.columns[j].path,
            "amount_raw": cell.text, "amount_yuan": vocab.to_yuan(value, vocab.cell_unit(cell.text) or unit),
            "level": vocab.code_level(code) if code else (0 if _is_total(item) else None),
            "ratio": bool(vocab.RATIO_COLUMN.search(lay.columns[j].path)),
        })
    return out


def _starts_in_skip(grid: Grid, lay: Layout, cell) -> bool:
    """A cell spread over a 行次 column and a blank amount column beside it (no
    vertical rules) whose text starts inside the 行次 column is the row's number."""
    if cell.colspan < 2 or cell.text_x0 is None:
        return False
    for c in range(cell.col, cell.col + cell.colspan):
        if grid.col_edges[c] <= cell.text_x0 < grid.col_edges[c + 1]:
            return lay.role(c) == "skip"
    return False


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


def code_blocks(lay: Layout) -> list[tuple[int, int]]:
    """(first, last) lattice column of every run of code columns (类 | 款 | 项)."""
    out, start = [], None
    for c in range(len(lay.columns) + 1):
        if lay.role(c) == "code" and start is None:
            start = c
        elif lay.role(c) != "code" and start is not None:
            out.append((start, c - 1))
            start = None
    return out


def row_codes(grid: Grid, lay: Layout, r: int, carry: dict) -> dict[int, str]:
    """The code of every code block of row r, by the block's last column.  Split
    类 | 款 | 项 columns that leave a higher level blank (printed once above, or lost
    by OCR) take it from the lines above: | 05 | 05 under 208 is 2080505."""
    out = {}
    for first, last in code_blocks(lay):
        parts = [lay.text(grid, r, k).replace(" ", "") for k in range(first, last + 1)]
        parts = [p if p.isdigit() else "" for p in parts]
        above = carry.get(first)
        filled = next((i for i, p in enumerate(parts) if p), None)
        if above and filled:  # a lower level printed without the levels above it
            parts = above[:filled] + parts[filled:]
        if any(parts):
            carry[first] = parts
        out[last] = vocab.join_code(parts)
    return out


def code_left(codes: dict[int, str], c: int) -> str:
    """The code of the code block nearest to the left of column c."""
    return next((codes[k] for k in range(c - 1, -1, -1) if k in codes), "")


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
