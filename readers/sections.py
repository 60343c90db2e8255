"""Where the indicator tables of a grid are, and the roles of their columns.

`plan(grid)` looks at a whole grid before the walker reads it row by row:
- header rows found by their words (`roles.classify_header`), with a second
  header row under a first;
- indicator sections found by their content alone — a run of rows with a
  column of level names beside target values — whatever their header says, or
  with no header at all;
and for every indicator section the roles its columns play, decided from the
header words *and* the data rows below (`readers.infer`).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from budgetpdf.extract.grid import Cell, Grid
from budgetpdf.readers import cells as ck
from budgetpdf.readers.infer import evidence, assign, looks_indicator
from budgetpdf.readers.cells import is_level, is_target
from budgetpdf.readers.roles import RoleMap, classify_header, header_columns

INDICATOR_KINDS = ("indicators", "flat")


@dataclass
class Section:
    start: int             # first row of the section (its header row, if any)
    n_header: int          # header rows (0: found by content alone)
    roles: RoleMap


@dataclass
class Plan:
    sections: dict[int, Section] = field(default_factory=dict)  # by start row

    def header_rows(self) -> set[int]:
        return {s.start + k for s in self.sections.values() for k in range(s.n_header)}


def _filled(cells: list[Cell]) -> list[Cell]:
    return [c for c in cells if c.text]


def _sub_header(grid: Grid, r: int) -> bool:
    """A second header row under a first one (sub-columns of a spanning header)."""
    if r >= grid.n_rows:
        return False
    cells = [c for c in grid.row(r) if c.row == r]
    cols = header_columns(cells)
    return len(cols) >= 2 and len(cols) >= len(_filled(cells)) - 1


def _header_continues(grid: Grid, first: int, r: int) -> bool:
    """Row r is the lower part of a header that starts at `first`: header cells
    span down into it and its own cells are short words (区域目标值 over 新罗区 | …)."""
    if r >= grid.n_rows:
        return False
    row = grid.row(r)
    spanning = [c for c in row if c.row < r and c.row >= first and c.text]
    own = [c for c in row if c.row == r]
    return bool(spanning) and bool(own) and (_header_like(grid, r) or _lower_lines(grid, r, own)) and all(
        not ck.is_level(c.text, known=True) for c in own)


def _lower_lines(grid: Grid, r: int, own: list) -> bool:
    """Row r holds only the second lines of header labels cut from their first
    (二级 | 指标 where a rule-less table's rows split a wrapped 二级指标): each of
    its texts is a short word under a header text of the row above, in the same
    columns, and every other column is a header cell spanning down."""
    texts = [c for c in own if c.text]
    above = {(c.col, c.colspan): c.text for c in grid.row(r - 1) if c.row == r - 1 and c.text}
    return bool(texts) and all(len(c.text) <= 4 and ck.NUMBER not in ck.kinds(c.text)
                               and (c.col, c.colspan) in above for c in texts) and \
        all(c.text or c.row < r for c in grid.row(r) if (c.col, c.colspan) not in above)


def _data_end(grid: Grid, start: int, headers: list[int]) -> int:
    later = [h for h in headers if h >= start]
    return min(later) if later else grid.n_rows


def _refined(grid: Grid, header: RoleMap, header_rows: list[int], data_rows: list[int]) -> RoleMap:
    """The header's roles with the indicator columns decided by content too."""
    if header.kind not in INDICATOR_KINDS:
        return header
    inferred = assign(evidence(grid, header_rows, data_rows))
    if not {c.role for c in inferred} & {"name"}:
        return header
    project = [c for c in header.columns if c.role.startswith("p_") or c.role in ("goal", "total")]
    taken = [(c.x0, c.x1) for c in inferred]
    keep = [c for c in project if not any(min(c.x1, b) - max(c.x0, a) > 1 for a, b in taken)]
    columns = sorted(inferred + keep, key=lambda c: c.x0)
    kind = "flat" if any(c.role == "p_name" for c in columns) else "indicators"
    return RoleMap(columns, kind)


def _level_row(grid: Grid, r: int) -> bool:
    """A row holding a level name in a cell that is not the row's only text."""
    cells = _filled(grid.row(r))
    return len(cells) >= 2 and any(ck.is_level(c.text, known=True) for c in cells)


def _content_section(grid: Grid, start: int, end: int) -> Section | None:
    """An indicator table in rows [start, end) found by its content alone."""
    first = next((r for r in range(start, end) if _level_row(grid, r)), None)
    if first is None:
        return None
    # a level label centred on its rows starts below its first row (no rules): the
    # header may sit a row or two above the first level label
    above = next((r for r in range(first - 1, max(start, first - 3) - 1, -1) if _header_like(grid, r)), None)
    if above is not None:
        first = above + 1
    data = list(range(first, end))
    cols = evidence(grid, [], data)
    if not looks_indicator(cols):
        return None
    head = [above] if above is not None else []
    roles = assign(evidence(grid, head, data))
    if not any(c.role == "name" for c in roles):
        return None
    kind = "flat" if any(c.role == "p_name" for c in roles) else "indicators"
    return Section(head[0] if head else first, len(head), RoleMap(roles, kind))


def _header_like(grid: Grid, r: int) -> bool:
    """Short texts that are neither targets nor level names: a header row in
    words the vocabulary does not know."""
    cells = [c for c in grid.row(r) if c.row == r]
    texts = [c.text for c in cells if c.text]
    return len(texts) >= 2 and all(len(t) <= 16 and ck.NUMBER not in ck.kinds(t)
                                   and not ck.is_level(t, known=True) for t in texts)


def plan(grid: Grid) -> Plan:
    out = Plan()
    headers: list[tuple[int, RoleMap, int]] = []
    r = 0
    while r < grid.n_rows:
        cells = [c for c in grid.row(r) if c.row == r or c.text]
        header = classify_header(cells)
        if header is None:
            r += 1
            continue
        n = 1
        while n < 3 and header.kind in INDICATOR_KINDS and (
                _sub_header(grid, r + n) or _header_continues(grid, r, r + n)):
            n += 1
        headers.append((r, header, n))
        r += n
    starts = [h for h, _, _ in headers]
    for h, header, n in headers:
        rows = list(range(h, h + n))
        data = list(range(h + n, _data_end(grid, h + n, starts)))
        roles = header
        for extra in rows[1:]:
            roles.refine(header_columns([c for c in grid.row(extra) if c.row == extra]))
        out.sections[h] = Section(h, n, _refined(grid, roles, rows, data))
    # rows before the first header (or a grid without one): an unlabelled table?
    end = starts[0] if starts else grid.n_rows
    found = _content_section(grid, 0, end)
    if found is not None:
        out.sections[found.start] = found
    return out


# -- across grids: a table continued on the next page ---------------------------

def same_columns(a: RoleMap, b: RoleMap) -> bool:
    """Two role maps of one table (a page and its continuation): the indicator
    skeleton — level and name columns — at the same x-ranges.  Value columns are
    left out: a few rows on a page may not tell a target from a scoring rule."""
    def overlap(c, o) -> bool:
        return min(c.x1, o.x1) - max(c.x0, o.x0) >= 0.5 * min(c.x1 - c.x0, o.x1 - o.x0)
    if a.column("name") is None or b.column("name") is None:
        return False
    levels = [(a.column(r), b.column(r)) for r in ("level1", "level2")]
    if all(ca is not None and cb is not None and overlap(ca, cb) for ca, cb in levels):
        return True  # both level columns line up: which column names the indicator, a
        # row or two cannot tell (a long explanation beside the name looks like one)
    for role in ("level1", "level2", "name"):
        ca, cb = a.column(role), b.column(role)
        if ca is not None and cb is not None and not overlap(ca, cb):
            return False
    return True


def moved(roles: RoleMap, before: list[float], now: list[float]) -> RoleMap:
    """The roles in force on a continuation grid whose columns moved (a table
    set anew on its last page, narrower or wider): as many column edges, each
    role's column from the same edges here as it spanned there.  Unchanged
    when the edges do not pair up one to one, most of them stayed where they
    were, or the roles do not sit on them."""
    if len(before) != len(now) or len(before) < 3:
        return roles
    if 2 * sum(1 for e in now[1:-1] if any(abs(e - b) <= 2 for b in before)) >= len(now) - 2:
        return roles  # (most edges where they were: the table lines up, a column split or merged)
    tol = 0.25 * min(b - a for a, b in zip(before, before[1:]))
    out = []
    for c in roles.columns:
        k0 = min(range(len(before)), key=lambda k: abs(before[k] - c.x0))
        k1 = min(range(len(before)), key=lambda k: abs(before[k] - c.x1))
        if abs(before[k0] - c.x0) > tol or abs(before[k1] - c.x1) > tol or k1 <= k0:
            return roles
        out.append(replace(c, x0=now[k0], x1=now[k1]))
    return RoleMap(out, roles.kind)


def with_project_columns(roles: RoleMap, found: RoleMap) -> RoleMap:
    """The roles in force plus project columns a continuation page shows by content
    (a 项目名称 header the roles in force could not read)."""
    extra = [c for c in found.columns if c.role.startswith("p_") and not roles.has(c.role)
             and not any(min(c.x1, o.x1) - max(c.x0, o.x0) > 1 for o in roles.columns if o.role.startswith("p_"))]
    if not any(c.role == "p_name" for c in extra):
        return roles
    keep = [o for o in roles.columns if not any(min(c.x1, o.x1) - max(c.x0, o.x0) > 1 for c in extra)]
    return RoleMap(sorted(keep + extra, key=lambda c: c.x0), "flat")


def looks_performance(grid: Grid) -> bool:
    """Two or more standard level names and a target value in a grid's cells: an
    indicator table (placeholder rows with level names only are not)."""
    levels = sum(1 for c in grid.cells if c.text and is_level(c.text, known=True))
    return levels >= 2 and any(c.text and is_target(c.text) and not is_level(c.text) for c in grid.cells)
