"""Column roles of an indicator table, from header words *and* cell content.

A section of a grid (its header rows, if any, and the data rows under them) is
cut into columns: the finest partition of the lattice that its data rows use.
Each column collects evidence — its header words (`readers.roles.role_of`) and
what its cells hold (`readers.cells.kinds`) — and roles are assigned in reading
order: level columns (whatever their header says), the indicator name, then the
value-side columns.  Header vocabulary is evidence, not a gate: an unfamiliar
target header still gives a target column when its cells are targets.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from budgetpdf.extract.grid import Cell, Grid
from budgetpdf.readers import cells as ck
from budgetpdf.readers.roles import Column, role_of

VALUE_SIDE = ("period", "annual", "actual")
# header roles that content may not overrule (no content tells them apart)
TRUSTED = {"weight", "score", "rate", "deviation", "explanation", "actual", "period", "p_name", "p_unit",
           "p_amount", "goal", "total", "fiscal", "special", "other"}


@dataclass
class Evidence:
    """One column of a section: its x-range, header path and data cell texts."""
    x0: float
    x1: float
    header: str = ""
    header_role: str | None = None
    texts: list[str] = field(default_factory=list)  # distinct non-empty data cells
    label: bool = False  # one cell covers (nearly) every data row: a section label
    merged: bool = False  # a text cell spans several data rows
    blanks: int = 0  # data rows below its first text that hold none (a name carried down)
    group_levels: bool = False  # a level header over grouping names, where no column holds known levels

    def share(self, *kinds: str) -> float:
        if not self.texts:
            return 0.0
        return sum(1 for t in self.texts if ck.kinds(t) & set(kinds)) / len(self.texts)

    @property
    def levels(self) -> float:
        return self.share(ck.LEVEL1, ck.LEVEL2, ck.LEVEL_LIKE)

    @property
    def groups(self) -> bool:
        """Cells merged over several rows (or printed once, blank below), each
        a short name: a grouping column (规划(15分) | 基础信息(3分) over the
        indicators), whatever the names."""
        return (self.merged or self.blanks > 0) and all(len(t) <= 16 and not regex.search(r"[，。；;,]", t) for t in self.texts)

    @property
    def filler(self) -> bool:
        return bool(self.texts) and self.share(ck.FILLER) >= 0.8

    @property
    def targets(self) -> float:
        return self.share(ck.NUMBER, ck.QUAL)


def partition(grid: Grid, rows: list[int]) -> list[tuple[int, int]]:
    """Lattice column ranges [c0, c1) the given rows' cells keep apart.

    A lattice edge is a column boundary when some cell of the rows starts or
    ends on it; edges no cell of these rows uses (an edge of the header block
    above) are dropped."""
    used = {0, grid.n_cols}
    for r in rows:
        for cell in grid.row(r):
            if cell.text or cell.colspan == 1:
                used.update((cell.col, cell.col + cell.colspan))
    bounds = sorted(used)
    return list(zip(bounds, bounds[1:]))


def header_edges(grid: Grid, header_rows: list[int], data_rows: list[int]) -> set[int]:
    """Edges between header cells of their own ("单位名称 | 项目名称") that the body
    does not merge: a total or note row spanning them ("820-马踏镇部门" over both)
    does not make two columns one; two rows or half the body do."""
    edges = {c for r in header_rows for cell in grid.row(r) if cell.text
             for c in (cell.col, cell.col + cell.colspan)}
    keep = set()
    for e in edges:
        across = sum(any(cell.text and cell.col < e < cell.col + cell.colspan for cell in grid.row(r))
                     for r in data_rows)
        if across < max(2, len(data_rows) / 2):
            keep.add(e)
    return keep


def evidence(grid: Grid, header_rows: list[int], data_rows: list[int]) -> list[Evidence]:
    parts = partition(grid, data_rows or header_rows)
    if data_rows and header_rows:
        bounds = sorted({b for p in parts for b in p} | header_edges(grid, header_rows, data_rows))
        parts = list(zip(bounds, bounds[1:]))
    cols = []
    for c0, c1 in parts:
        e = Evidence(grid.col_edges[c0], grid.col_edges[c1])
        heads = []
        for r in header_rows:
            for cell in grid.row(r):
                if cell.text and cell.col < c1 and cell.col + cell.colspan > c0 and cell.text not in heads:
                    heads.append(cell.text)
        e.header = "/".join(heads)
        # a label's last line cut off as a header row of its own (二级 | 指标) is read joined
        wrapped = heads[-2] + heads[-1] if len(heads) >= 2 and len(heads[-1]) <= 2 else None
        e.header_role = (role_of(wrapped) if wrapped else None) or \
            next((role for h in reversed(heads) if (role := role_of(h))), None)
        seen, covered = set(), 0
        for r in data_rows:
            if e.texts and not any(c.text for c in grid.row(r) if c.col >= c0 and c.col + c.colspan <= c1):
                e.blanks += 1
            for cell in grid.row(r):
                if cell.col >= c0 and cell.col + cell.colspan <= c1 and id(cell) not in seen:
                    seen.add(id(cell))
                    if cell.text:
                        e.texts.append(cell.text)
                        e.merged = e.merged or cell.rowspan >= 2
                    if cell.rowspan >= max(2, 0.8 * len(data_rows)):
                        covered = cell.rowspan
        e.label = covered > 0 and len(e.texts) == 1 and not ck.is_level(e.texts[0], known=True)
        cols.append(e)
    # A template whose levels are its own names (规划 / 过程 / 产出 with score shares): a
    # 一级指标 / 二级指标 header over grouping cells is a level column, and the one cell
    # under it that level's name.  Where a column right of it holds known level names,
    # those are the levels and the grouping column a label over them (实施效果指标).
    for i, e in enumerate(cols):
        e.group_levels = e.header_role in ("level1", "level2") and e.groups \
            and not any(f.levels >= 0.5 for f in cols[i + 1:])
        e.label = e.label and not e.group_levels
    return cols


def _level_role(e: Evidence) -> str | None:
    """level1 / level2 when the column's cells are level names."""
    if e.levels < 0.5 or e.label:
        return None
    l1, l2 = e.share(ck.LEVEL1), e.share(ck.LEVEL2, ck.LEVEL_LIKE)
    if e.header_role in ("level1", "level2") and abs(l1 - l2) < 0.2:
        return e.header_role  # 成本指标 is both: when the cells cannot tell, the header does
    return "level1" if l1 > l2 or (l1 == l2 and e.header_role != "level2") else "level2"


def _value_role(e: Evidence) -> str | None:
    """A role on the value side from content (header role already tried)."""
    if e.share(ck.FLAG) >= 0.8:
        return "flag"  # 是 / 否: a yes/no column (是否核心指标), no target
    if e.share(ck.OP) >= 0.6:
        return "op"
    if e.share(ck.UNIT) >= 0.6:
        return "unit"
    if e.share(ck.KIND) >= 0.6:
        return "value_kind"
    if e.share(ck.DIRECTION) >= 0.6:
        return "direction"
    if e.share(ck.NUMBER) >= 0.3 or e.targets >= 0.6:
        return "annual"
    if e.share(ck.LONG) >= 0.3:
        return "explanation"
    return None


def _content_fits(role: str, e: Evidence) -> bool:
    """Whether a header role is compatible with what the cells hold."""
    if not e.texts or role in TRUSTED:
        return True
    if role == "op" and e.share(ck.OP) > 0 and e.share(ck.OP, ck.KIND) >= 0.6:
        return True  # 指标性质: ≥ / ≤ over the quantitative rows, 定性 over the others
    if role in ("op", "unit", "value_kind", "direction"):
        seen = _value_role(e)
        if seen in ("op", "unit", "value_kind", "direction"):
            return seen == role  # comparators under 指标方向: the cells decide
        return e.share(ck.NUMBER) < 0.3
    if role in ("annual", "period"):
        if e.targets == 0 and e.share(ck.LONG, ck.WORD) > 0.8 and \
                (len(e.texts) >= 2 or not regex.search(r"\d", e.texts[0])):
            return False  # descriptions under a value-like header (指标值内容; one sentence with
            # a number under 指标值 is that row's target, worded)
        return _value_role(e) not in ("op", "unit", "value_kind", "direction")
    if role in ("level1", "level2"):  # level names, or names its header calls levels grouping rows
        return e.levels >= 0.5 or not e.texts or e.group_levels
    if role == "name":
        return e.levels < 0.5
    return True


_PLACE = regex.compile(r"(省|市|区|县|旗|州|盟|镇|乡|街道|街道办|办事处|村|社区|林场|农场)$")


def _leaf(header: str) -> str:
    return header.rsplit("/", 1)[-1] if header else ""


def area_columns(cols: list[Evidence]) -> set[int]:
    """Target columns that each hold one area's values ("新罗区 | 永定区 | …" under
    区域目标值, or place names as the headers): two or more side by side."""
    found = set()
    for i, e in enumerate(cols):
        leaf = _leaf(e.header)
        grouped = "/" in e.header and role_of(leaf) is None
        if e.texts and e.targets >= 0.5 and leaf and role_of(leaf) is None and (grouped or _PLACE.search(leaf)):
            found.add(i)
    runs = [i for i in found if i - 1 in found or i + 1 in found]
    return set(runs)


def project_columns(cols: list[Evidence]) -> dict[int, str]:
    """Columns left of the levels whose cells are merged over each project's
    indicator rows (a multi-project grid), by content: the amount column (money),
    the name (text), the goal (long text); a numeric code column is left alone.
    Two or more such columns, one of them money: a single merged column is a
    section label (绩效指标), not a project."""
    first = next((i for i, e in enumerate(cols) if _level_role(e)), None)
    if first is None:
        return {}
    left = [(i, e) for i, e in enumerate(cols[:first]) if e.texts and (e.merged or e.label)]
    money = [i for i, e in left if all(_money(t) for t in e.texts)]
    if len(left) < 2 or not money:
        return {}
    out = {money[0]: "p_amount"}
    for i, e in left:
        if i in out or all(regex.fullmatch(r"\d+", t) for t in e.texts):
            continue  # a 序号 or a unit code
        role = "goal" if e.share(ck.LONG) >= 0.5 else "p_name"
        if role not in out.values():
            out[i] = role
    return out if "p_name" in out.values() else {}


def _money(text: str) -> bool:
    """An amount as printed with decimals or separators (a 序号 1, 2, 3 is not)."""
    return bool(regex.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+\.\d+", text))


def assign(cols: list[Evidence]) -> list[Column]:
    """Roles for the columns of one section, left to right (see module doc)."""
    areas = area_columns(cols)
    named = any(e.header_role == "p_name" for e in cols)  # the header already says where
    projects = {} if named else {i: r for i, r in project_columns(cols).items() if cols[i].header_role is None}
    out: list[Column] = []
    side, have = "", set()
    named = False  # an indicator-name column has been placed on this side

    def put(role: str, e: Evidence):
        nonlocal side, named
        if role in have and role in ("level2", "name", "annual", "period") and named:
            side, have_side = "b", {r for r in have if r == "level1"}
            have.clear()
            have.update(have_side)
        if (role, side) in {(c.role, c.side) for c in out}:
            return
        have.add(role)
        named = named or role == "name"
        out.append(Column(role, e.x0, e.x1, e.header, side))

    for i, e in enumerate(cols):
        if i in projects:
            out.append(Column(projects[i], e.x0, e.x1, e.header))
            continue
        if e.label or e.filler:
            continue
        if i in areas:
            out.append(Column("annual", e.x0, e.x1, e.header, "@" + _leaf(e.header)))
            continue
        level = _level_role(e)
        if level and named and e.header_role not in ("level1", "level2") and e.share(ck.LEVEL1, ck.LEVEL2) < 0.8:
            level = None  # after the names, only a clear level column starts a second side
        if level == "level1" and any(c.role == "level2" and c.side == side for c in out):
            level = None  # level 1 never stands right of level 2: "满意度" here is a name
        if level == "level2" and not named:
            left = next((c for c in out if c.role == "level2" and c.side == side), None)
            if left is not None and not any(c.role == "level1" and c.side == side for c in out):
                left.role = "level1"  # two level columns: the left one is level 1 (a group name)
                have.add("level1")
        if level and not (named and level == "level1"):
            put(level, e)
            continue
        role = e.header_role if e.header_role and _content_fits(e.header_role, e) else None
        if role in ("level1", "level2") and e.texts and not e.group_levels:
            role = "name" if not named else None  # a 一级/二级 header over indicator names
        if role == "ind_text" and not named and (have & {"level1", "level2"}) and e.share(ck.LONG) < 0.5:
            role = "name"  # 绩效指标 over one short name per row right of the levels: the names
        if role is None and not named and e.texts and (have & {"level1", "level2"}):
            role = "name"  # the first text column after the levels names the indicator
        if role is None and named:
            role = _value_role(e)
        if role is None:
            continue
        if role in ("annual", "period") and not e.header_role and "annual" in {c.role for c in out if c.side == side}:
            role = _second_value(out, side)
        put(role, e)
    _ensure_name(out, cols)
    _ensure_value(out, cols)
    return out


def _ensure_value(out: list[Column], cols: list[Evidence]) -> None:
    """A column its header names the target (指标值) whose cells are only units or
    signs, in a table with no other target column: the targets were left unfilled
    ("公里", "≧ %"), and what is printed is the value as printed."""
    if any(c.role in ("annual", "period") for c in out):
        return
    for c in out:
        e = next((e for e in cols if e.x0 == c.x0 and e.x1 == c.x1), None)
        if e is not None and e.header_role == "annual" and c.role in ("unit", "op"):
            c.role = "annual"
            return


def _ensure_name(out: list[Column], cols: list[Evidence]) -> None:
    """No column was taken for the indicator name (its header named it 指标说明 …):
    the first text column after the levels is the name."""
    if any(c.role == "name" for c in out) or not any(c.role in ("level1", "level2") for c in out):
        return
    last_level = max(c.x1 for c in out if c.role in ("level1", "level2"))
    for c in sorted(out, key=lambda c: c.x0):
        if c.x0 >= last_level - 1 and c.role in ("explanation", None):
            c.role = "name"
            return

def _second_value(out: list[Column], side: str) -> str:
    """An unlabelled target column after an annual one: the annual side is the
    later of 实施周期 | 年度 pairs, so the first becomes the period column."""
    first = next(c for c in out if c.role == "annual" and c.side == side)
    if not first.header:
        first.role = "period"
    return "annual"


def looks_indicator(cols: list[Evidence]) -> bool:
    """The marks of an indicator table: a column of level names beside columns
    of names and targets (whatever the headers say)."""
    level = any(_level_role(e) for e in cols)
    targets = any(e.targets >= 0.5 and _level_role(e) is None for e in cols)
    return level and targets and len([e for e in cols if e.texts]) >= 3


def section_roles(grid: Grid, header_rows: list[int], data_rows: list[int]) -> list[Column]:
    return assign(evidence(grid, header_rows, data_rows))


def cell_texts(row: list[Cell]) -> list[str]:
    return [c.text for c in row if c.text]
