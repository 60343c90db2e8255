"""Grids and loose lines of a whole document → documents/projects/indicators rows."""
from __future__ import annotations

import regex

from budgetpdf.model import DocResult
from budgetpdf.extract.grid import Grid
from budgetpdf.model import PdfContent
from budgetpdf.readers.budget_tables import read_budget_tables
from budgetpdf.readers.facts import document_facts, find_title
from budgetpdf.readers.prose import ProseReader, merge_described, paragraphs
from budgetpdf.readers.walk import Walker

_FURNITURE = regex.compile(r"^[-—\s]*\d{1,3}[-—\s]*$|^第\s*\d+\s*页|共\s*\d+\s*页$")
_UNIT = regex.compile(r"(?:金额)?单位\s*[:：]\s*(万元|元)")
_YEAR = regex.compile(r"(20\d\d)\s*年")
_DEPT = regex.compile(r"部门(?:\(单位\)|（单位）)?名称\s*[:：]\s*(\S+?)(?=\s*(?:金额)?单位\s*[:：]|\s|$)")


def reading_order(page) -> list:
    """A page's loose lines and grids, top to bottom."""
    items = [(ln.top, ln) for ln in page.lines] + [(g.bbox[1], g) for g in page.grids]
    return [item for _, item in sorted(items, key=lambda t: t[0])]


def doc_lines(content: PdfContent, pages: int = 1) -> list[str]:
    return [ln.text for p in content.pages[:pages] for ln in p.lines]


def grid_titles(content: PdfContent) -> list[str]:
    """Single-cell rows at the top of the first grid (titles inside the grid)."""
    out = []
    for page in content.pages[:1]:
        for grid in page.grids[:1]:
            for r in range(min(grid.n_rows, 2)):
                row = [c for c in grid.row(r) if c.text]
                if len(row) == 1 and len(grid.row(r)) == 1:
                    out.append(row[0].text)
    return out


_MONEY_IN_TEXT = regex.compile(r"(\d[\d,]*(?:\.\d+)?)\s*万元")
_MONEY_LABEL = regex.compile(r"金额|资金|拨款|预算数")


def unit_in_prose(content: PdfContent) -> str | None:
    """万元 where a table prints no unit and the notice's text states one of its
    amounts in 万元 ("现将…资金500万元下达" over 年度资金总额 | 500): a bare number
    in a money row that the text repeats with its unit."""
    stated = {float(m.group(1).replace(",", "")) for p in content.pages for ln in p.lines
              for m in _MONEY_IN_TEXT.finditer(ln.text)}
    if not stated:
        return None
    for page in content.pages:
        for grid in page.grids:
            for r in range(grid.n_rows):
                row = [c.text for c in grid.row(r) if c.text]
                if not any(_MONEY_LABEL.search(t) for t in row):
                    continue
                if any(regex.fullmatch(r"\d[\d,]*(?:\.\d+)?", t) and float(t.replace(",", "")) in stated
                       for t in row):
                    return "万元"
    return None


def read_document(content: PdfContent, doc: dict) -> DocResult:
    lines = doc_lines(content, 2)
    unit = next((m.group(1) for t in lines if (m := _UNIT.search(t))), None)
    budget = read_budget_tables(content, doc["doc_id"])
    # no 单位 line: the money unit the document's other tables state (an allocation
    # table's 分配金额(万元) beside a target table that prints none)
    units = {t.get("unit") for t in budget.tables if t.get("unit")}
    walker = Walker(unit or (units.pop() if len(units) == 1 else None) or unit_in_prose(content))
    for page in content.pages:
        for item in reading_order(page):
            if not isinstance(item, Grid):
                walker.line(item.text, page.page_no)
            elif id(item) not in budget.claimed:  # budget tables never become projects
                walker.feed(item)
    blocks = walker.finish()
    prose = ProseReader(walker.amount_unit)
    titles = grid_titles(content)
    title = find_title(content, titles)
    prose_blocks = prose.read(paragraphs([(ln, page.page_no) for page in content.pages
                                          for ln in page.lines if not _FURNITURE.search(ln.text)]), title)
    prose_blocks = merge_described(blocks, prose_blocks)
    blocks = sorted(blocks + prose_blocks, key=lambda b: min(b.pages))  # document order
    walker.problems += [("unread_prose", p, f"targets written as text on page {p} belong to no project")
                        for p in sorted(set(prose.unread)) if not prose_blocks]
    meta = document_facts(content, blocks, walker.label_years, titles, title)
    meta["amount_unit"] = unit
    doc_id = doc["doc_id"]
    projects, indicators = [], []
    for seq, block in enumerate(blocks, 1):
        pid = f"{doc_id}-{seq:04d}"
        row = block.project_row()
        row["notes"] = block.notes  # defects of the printed table, for the checks
        if row["kind"] == "department" and not row.get("department"):
            row["department"] = block.name
        projects.append({"doc_id": doc_id, "project_id": pid, "seq": seq, **row})
        for i, ind in enumerate(block.indicators, 1):
            indicators.append({"doc_id": doc_id, "project_id": pid, "seq": i, **ind})
    errors = [p.error for p in content.pages if p.error]
    problems = list(walker.problems)
    if budget.error:  # the budget tables could not be read: the rest stands
        problems.append(("budget_unreadable", 0, budget.error))
    problems += [("project_unnamed", b.page, f"a performance table on page {b.page} prints no project name")
                 for b in blocks if not b.name]
    # ok: read (zero projects is a valid result); partial: a part seen but not read;
    # failed: nothing of the file could be read
    if errors and len(errors) == content.n_pages:
        status = "failed"
    elif errors or problems:
        status = "partial"
    else:
        status = "ok"
    errors += [message for _, _, message in problems]
    doc.update(meta)
    doc.update(pages=content.n_pages, status=status, error="; ".join(errors[:3]) or None,
               n_projects=len(projects), n_indicators=len(indicators),
               family=",".join(sorted(walker.families)) or None,
               ocr_pages=",".join(map(str, content.ocr_pages)) or None,
               totals=walker.totals, problems=problems)
    doc.update(n_budget_tables=len(budget.tables), n_budget_lines=len(budget.lines))
    return DocResult(doc, projects, indicators, budget_tables=budget.tables, budget_lines=budget.lines)
