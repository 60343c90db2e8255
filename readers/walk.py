"""Walk every grid row of a document in reading order and build blocks.

One state machine serves all families: a key/value label (项目名称, 部门名称)
opens a block, a header row sets column roles (readers.roles), and data rows
are read through the roles in force — across grids and pages, so a table
continued on the next page without a repeated header keeps its meaning.
"""
from __future__ import annotations

from dataclasses import replace

import regex

from budgetpdf.extract.grid import Cell, Grid
from budgetpdf.normalize.values import join_split_value, parse_value
from budgetpdf.readers import labels, sections
from budgetpdf.readers.layouts import LayoutRows, infer_level1
from budgetpdf.readers.numbered import parse_numbered
from budgetpdf.readers.records import Block
from budgetpdf.readers.roles import RoleMap, amount_unit_of
from budgetpdf.normalize.levels import canonical_level1, canonical_level2, strip_score_share
from budgetpdf.readers.cells import is_level
from budgetpdf.readers.below import LabelsAbove
from budgetpdf.readers.between import LinesBetween
from budgetpdf.readers.continued import CutRows, fills, join_cut_labels, widest_lines
from budgetpdf.readers.freetext import cell_indicators
from budgetpdf.readers.header_block import HeaderBlockRows
from budgetpdf.readers.selfeval import SelfEvalRows
from budgetpdf.readers.titles import is_perf_caption, project_name_from_title

_MONEY_FIELDS = ("amount", "fiscal", "fiscal_part", "special", "other")
# placeholders, and a table's number printed above the next table (表十二, 附表2)
_FILLER = regex.compile(r"^指标\d*[:：]?$|^三级指标$|^[…\.。\-—/*]+$|^附?表[一二三四五六七八九十\d]{1,3}$")
def _spans_down(cell: Cell, row: list[Cell]) -> bool:
    """A cell that started on a row above (项目资金 over its funds rows)."""
    return cell.row < max(c.row for c in row)


class Walker(HeaderBlockRows, LayoutRows, SelfEvalRows, CutRows, LabelsAbove, LinesBetween):
    def __init__(self, amount_unit: str | None):
        self.amount_unit = amount_unit or "元"
        self.blocks: list[Block] = []
        self.owner: Block | None = None  # block that receives indicator rows
        # header fields printed before any project name (主管部门 | 资金总额 | 总体目标
        # of a table that prints no 项目名称): the next block opened takes them
        self.staged: Block | None = None
        # the grid being read: its identity, rows read so far, glyph size, widest text
        # per column, and (indicator, grid, row) of the last indicator row read
        self.grid_id, self.body_rows, self.text_size, self.widest = None, 0, 0.0, {}
        self.last_row: tuple | None = None
        self.roles: RoleMap | None = None
        self.edges: list[float] = []       # column edges of the grid being read
        self.role_edges: list[float] = []  # … of the grid the roles in force were read on
        self.pending: list[tuple[str, float, float]] = []  # goal labels awaiting their text
        self.kv_unit: str | None = None
        self.header_rows: set[int] = set()  # header rows of the grid being read
        self.level1 = self.level2 = None
        self.level1_cell: Cell | None = None
        self.list_unit: str | None = None
        self.flat_cell: Cell | None = None
        self.outline_unit: str | None = None
        self.level1_indent = 0.0
        self.totals: dict = {"subtotals": {}}
        self.families: set[str] = set()
        self.label_years: list[int] = []
        self.parent_name: str | None = None  # 一级项目名称 awaiting its 二级项目
        self.problems: list[tuple[str, int, str]] = []  # (check, page, message): parts not read
        self.areas: dict = {}  # (block, area) → the block's copy for that area
        self.last_inferred: str | None = None  # level 1 inferred for the row above
        self.unleveled: dict[int, list[dict]] = {}  # blank merged 一级 cell → its rows so far  # 2024年预算金额, 2024年度目标: the budget year

    # -- blocks ---------------------------------------------------------------
    def open_block(self, kind: str, name: str, family: str, page: int) -> Block:
        block = Block(kind, name, family, page)
        self.period_side = None  # (readers.header_block: a 中期 funds side of the block before)
        if kind == "project" and self.line_department:
            block.fields["line_department"] = self.line_department
        if kind == "project" and self.line_unit:
            block.fields["line_unit"] = self.line_unit
        if kind == "project" and self.line_amount:
            block.set_amount("amount", self.line_amount, amount_unit_of(self.line_amount))
            self.line_amount = None
        self.blocks.append(block)
        self.families.add(family)
        if kind != "task":
            self.owner = block
            self.adopt_staged(block)
            self.level1 = self.level2 = self.level1_cell = None
        return block

    def receiver(self, page: int) -> Block:
        """The block a header field goes to: the one in force, else a staged one."""
        if self.owner is not None:
            return self.owner
        if self.staged is None:
            self.staged = Block("project", "", "project_tables", page)
        return self.staged

    def adopt_staged(self, block: Block) -> None:
        if self.staged is not None:
            for key, value in self.staged.fields.items():
                if not key.startswith("_"):
                    block.set(key, value)
            for which, values in self.staged.funds.items():
                block.funds.setdefault(which, values)
            block.pages |= self.staged.pages
            self.staged = None

    # -- rows -----------------------------------------------------------------
    def feed(self, grid: Grid) -> None:
        if self.staged is not None and self.staged.fields.get("_grids", 0) >= 1:
            self.staged = None  # header fields no table took in their grid or the next
        elif self.staged is not None:
            self.staged.fields["_grids"] = 1
        before = sum(len(b.indicators) for b in self.blocks)
        self.read_grid(grid)
        if sum(len(b.indicators) for b in self.blocks) == before and sections.looks_performance(grid):
            # never lose a performance table silently: the document is partial
            self.problems.append(("unread_table", grid.page,
                                  f"a table with indicator levels on page {grid.page} could not be read"))

    def read_grid(self, grid: Grid) -> None:
        grid = join_cut_labels(grid)
        self.edges = list(grid.col_edges)
        self.grid_rows, self.grid_id, self.text_size = grid.n_rows, id(grid), grid.text_size
        self.body_rows = 0  # rows of this grid read so far
        self.widest = widest_lines(grid) if grid.strategy != "lattice" else {}
        plan = sections.plan(grid)
        header_rows = self.header_rows = plan.header_rows()
        top = self.caption_rows(grid)
        for r in range(grid.n_rows):
            section = plan.sections.get(r)
            if section is not None:
                self.enter(section)
            if r in header_rows or r < top:
                continue
            cells = grid.row(r)
            if any(c.text for c in cells):
                self.row(cells, grid.page, grid.strategy)
                self.body_rows += 1

    def caption_rows(self, grid: Grid) -> int:
        """Rows at a grid's top that print a caption across it ("1、XX资金绩效目标表"
        set close above a rule-less table is a row of it): read as the lines above
        the table they are.  How many there are."""
        r = 0
        while r < grid.n_rows:
            texts = [c for c in grid.row(r) if c.text]
            if len(texts) != 1 or texts[0].colspan < max(2, grid.n_cols - 1) \
                    or not is_perf_caption(texts[0].text) or not project_name_from_title(texts[0].text):
                break
            self.line(texts[0].text, grid.page)
            r += 1
        return r

    def enter(self, section: sections.Section) -> None:
        """Roles of a section start here; a header-less section on a new page that
        lines up with the table in force continues it (its header stays)."""
        if section.n_header == 0 and self.roles is not None and self.roles.kind in ("indicators", "flat") \
                and sections.same_columns(self.roles, section.roles):
            moved = sections.moved(self.roles, self.role_edges, self.edges)
            self.roles, self.role_edges = sections.with_project_columns(moved, section.roles), self.edges
            return
        self.set_header(section.roles)
        self.pending = []

    def row(self, cells: list[Cell], page: int, strategy: str) -> None:
        if self.goals_filled and self.more_goal_lines(cells, page):
            return
        if self.pending and self.fill_goals(cells, page):
            if any(regex.search(r"\d", c.text) for c in cells) and \
                    any(labels.kv_field(c.text) in _MONEY_FIELDS for c in labels.split_label_cells(cells)):
                self.key_values(cells, page)  # in-cell labels beside the amounts (一般公共预算拨款：2,021.56)
            return
        own = [c for c in cells if c.text and not _spans_down(c, cells)]
        if self.funds_header(cells) or self.funds_pairs(own, page) or self.funds_values(own, page):
            return
        if self.key_values(cells, page):
            return
        if self.roles is None:
            self.free_text(cells, own, page, strategy)
            return
        handler = getattr(self, f"row_{self.roles.kind}")
        handler(cells, page, strategy)

    def free_text(self, cells: list[Cell], own: list[Cell], page: int, strategy: str) -> None:
        """A level name beside a cell listing its indicators as text (no grid).  The
        level may be merged down from the row above (the list's second cell, a row
        of its own where rules are missing); the list is this row's own."""
        cells = [c for c in cells if c.text and (c in own or is_level(c.text, known=True))]
        k = next((i for i, c in enumerate(cells[:-1]) if is_level(c.text, known=True)), None)
        if self.owner is None or k is None or cells[k + 1] not in own:
            return
        level1 = cells[k].text
        for item in cell_indicators(cells[k + 1].text):
            # the row's level, except satisfaction printed inside another block
            parent = canonical_level1(item.level2) if item.level2 else None
            self.owner.add_indicator(parent if parent == "满意度指标" else level1, item.level2, item.name,
                                     None, item.annual, page)
            self.owner.touch(page, strategy)

    def set_header(self, header: RoleMap) -> None:
        self.roles, self.goals_filled, self.role_edges = header, [], self.edges
        if header.kind == "tasks":
            col = header.column("t_amount") or header.column("p_amount")
            self.task_unit = amount_unit_of(col.header) if col else None
            self.kv_unit = self.task_unit or self.kv_unit

    # -- indicator tables ----------------------------------------------------
    def indicator_from(self, cells: list[Cell], page: int, strategy: str, block: Block) -> None:
        roles = self.roles
        first, second = roles.text(cells, "name"), roles.text(cells, "name", "b")
        # side by side (实施周期 | 年度): the annual side's name is the indicator's; a
        # long-term side naming it differently is kept as period_name
        name = second or first
        l1_cell, l2_cell = (self._data_cell(roles.cell(cells, "level1")),
                            self._data_cell(roles.cell(cells, "level2") or roles.cell(cells, "level2", "b")))
        l2 = l2_cell.text if l2_cell is not None and l2_cell is not l1_cell else ""  # one label over both: no level 2
        cut = self.cut_level_rest(block, l1_cell, l2 and l2_cell, page)
        if "level1" in cut:
            self.level1_cell, l1_cell = l1_cell, None
        if "level2" in cut:
            l2, l2_cell = "", None
        if l1_cell is not None and l1_cell.text and l1_cell is not self.level1_cell \
                and not strip_score_share(l1_cell.text) and self.level1:
            self.level1_cell = l1_cell  # "(50分)": the score share of the label above, its line cut off
        elif l1_cell is not None and l1_cell.text and l1_cell is not self.level1_cell:
            # (rows above waiting for this label centred on its rows, or given it as their
            # 二级's parent: their 二级 goes on)
            waiting = ("lead", self.grid_id) in self.unleveled or (
                self.level1 is None and infer_level1(self.level2) == canonical_level1(l1_cell.text))
            self.level1, self.level1_cell = l1_cell.text, l1_cell
            self.level2 = l2 or (self.level2 if waiting else None)
        elif l2:
            self.level2 = l2
        if self.score_total(cells):
            return
        if strategy != "lattice" and (self.values_below(cells, block, name) or self.units_below(cells, block, name)):
            return
        if not name or _FILLER.match(name):
            return
        if self.cut_row_rest(cells, page, block, name, l1_cell, l2_cell) or \
                (strategy != "lattice" and self.wrapped_name_rest(cells, block, name, l1_cell, l2_cell)):
            return
        self.cut_label_below(l1_cell, l2_cell, page)
        name_cell = roles.cell(cells, "name", "b") if second else roles.cell(cells, "name")
        spans_values = name_cell is not None and any(
            name_cell is roles.cell(cells, r, side) for r in ("period", "annual") for side in ("", "b"))
        if name_cell is not None and (name_cell is l1_cell or name_cell is l2_cell or (spans_values and not is_level(l2))):
            return  # a note row (批复意见 …) spanning the value columns is not an indicator
        if spans_values:
            period = annual = None  # an indicator printed across its value columns: no value
        level1 = self.level1 or self.inferred_level1()
        if level1 is not None and l1_cell is not None and id(l1_cell) in self.unleveled:
            for row in self.unleveled.pop(id(l1_cell)):  # the merged 一级 cell they share
                row["level1"] = canonical_level1(level1)
        if level1 is not None and ("lead", self.grid_id) in self.unleveled:
            if l1_cell is not None and l1_cell.text:
                self.fill_leading(self.unleveled.pop(("lead", self.grid_id)), level1)
            elif self.level2 and not self.level1:  # no 一级 printed at all: the one its first 二级 implies
                rows = self.unleveled.pop(("lead", self.grid_id))
                # (and its 二级 where they are the first of the rows it is centred on)
                self.fill_leading(rows, level1, with_level2=len(rows) <= 2)
        levels = roles.has("level1") or roles.has("level2")
        if level1 is None and l1_cell is None and levels and (l2_cell is None or strategy == "lattice"):
            return  # (without rules a row above a level label centred on its rows waits for it;
            # a table printing no level column at all keeps its rows, their levels unknown)
        if not spans_values:
            period, annual = self.targets(cells)
        extra = self.extras(cells)
        if first and second and first != second:
            extra["period_name"] = first
        if extra.get("score") is not None or extra.get("actual_raw"):
            block.fields["table_kind"] = "self_evaluation"  # (a template's blank 实际完成值 column is not)
        confs = [c.conf for c in cells if c.conf is not None]
        conf = sum(confs) / len(confs) if confs else None
        for side in roles.area_sides():  # one target per area: one project per area
            value = roles.text(cells, "annual", side)
            if roles.has("op") or roles.has("unit"):
                value = join_split_value(roles.text(cells, "op"), value, roles.text(cells, "unit"))
            self.area_block(block, side[1:], page).add_indicator(
                level1, self.level2, name, period, value or None, page, dict(extra), conf)
        if roles.area_sides():
            return
        block.add_indicator(level1, self.level2, name, period, annual, page, extra, conf)
        self.row_above = (id(block.indicators[-1]), self.grid_id, max(c.row for c in cells))
        self.last_row = self.row_above if fills(name_cell, self.text_size, self.widest) else None  # only a line that fills its cell wraps
        block.touch(page, strategy)
        self.note_blank_label(l1_cell, l2_cell, block.indicators[-1])
        if level1 is None:  # a blank level cell: its rows take the level the rest of the cell shows
            block.indicators[-1]["level1"] = ""
            # without rules a label centred on its rows leaves the first of them blank,
            # each in a cell of its own: they take the first label below
            lone = l1_cell is None or l1_cell.rowspan == 1  # (a blank merged cell: its own text fills it)
            key = ("lead", self.grid_id) if strategy != "lattice" and lone else \
                id(l1_cell) if l1_cell is not None else ("no level column", self.grid_id)
            self.unleveled.setdefault(key, []).append(block.indicators[-1])

    def fill_leading(self, rows: list[dict], level1: str, with_level2: bool = True) -> None:
        """The rows above a rule-less table's first level labels take them."""
        for row in rows:
            row["level1"] = canonical_level1(level1)
            if with_level2 and not row.get("level2") and self.level2:
                row["level2"] = canonical_level2(self.level2, level1)
                row["level2_raw"] = self.level2

    def area_block(self, block: Block, area: str, page: int) -> Block:
        """The copy of `block` for one area of a table with a target column per
        area: the same project, the area as its unit, no amount of its own (the
        printed amount is the whole fund's)."""
        key = (id(block), area)
        if key not in self.areas:
            copy = Block(block.kind, block.name, block.family, page)
            copy.fields = {k: v for k, v in block.fields.items()
                           if not k.startswith(("amount", "fiscal", "special", "other", "_"))}
            copy.fields["unit"] = area
            copy.fields["_area"] = True  # its unit is a place, not an organisation
            self.blocks.append(copy)
            self.areas[key] = copy
            block.fields["_split"] = True
        return self.areas[key]

    def inferred_level1(self) -> str | None:
        """Level 1 of a table that prints only level 2: its parent; 成本指标 among
        产出 children (数量/质量/时效) is the older framework's, under 产出指标."""
        level1 = infer_level1(self.level2)
        if level1 == "成本指标" and self.last_inferred == "产出指标":
            level1 = "产出指标"
        self.last_inferred = level1
        return level1

    def extras(self, cells: list[Cell]) -> dict:
        roles, out = self.roles, {}
        # a cell that is also the name's (no rule between them: "培训人次" over the
        # blank 2021年实际实现值 column) is not this column's text
        names = {id(c) for side in ("", "b") if (c := roles.cell(cells, "name", side)) is not None}

        def text(role: str, side: str = "") -> str:
            cell = roles.cell(cells, role, side)
            return "" if cell is None or id(cell) in names else roles.text(cells, role, side)
        for role in ("value_kind", "direction", "explanation", "deviation"):
            if text(role):
                out[role] = text(role)
        actual = text("actual") or text("actual", "b")
        if actual:
            out["actual_raw"] = actual
        weight = self._own_text(cells, "weight")
        if weight:
            out["weight"] = parse_value(weight).value  # "10", "10%", "10分"
        if roles.has("score") or roles.has("actual"):  # a 自评表: 分值 is the row's maximum
            out["score_max"] = out.get("weight")
            score = self._own_text(cells, "score")
            out["score"] = parse_value(score).value if score else None
        return out

    def _data_cell(self, cell: Cell | None) -> Cell | None:
        """A level cell reaching up into the header (a rule-less header word over
        the level columns, 评价内容) labels nothing: blank."""
        heads = [r for r in self.header_rows if cell is not None and r < cell.row + cell.rowspan]
        if cell is not None and cell.text and heads and cell.row <= max(heads):
            return replace(cell, text="")
        return cell

    def _own_text(self, cells: list[Cell], role: str) -> str:
        """A score or weight cell's text on the first row it covers: merged over
        rows, it scores them together (once, not once per row)."""
        cell = self.roles.cell(cells, role)
        if cell is None or (cell.rowspan > 1 and cell.row < max(c.row for c in cells)):
            return ""
        return cell.text

    def row_indicators(self, cells: list[Cell], page: int, strategy: str) -> None:
        if self.owner is None:  # a table with no 项目名称 label: its caption names it, or
            # the notice it is attached to (现下达…XX资金)
            name = project_name_from_title(self.caption) or self.notice_fund or ""
            if not name and regex.search(r"部门整体", self.caption or ""):  # 部门整体绩效自评表
                self.open_block("department", "", "dept_overall", page)
            else:
                self.open_block("project", name, "project_tables", page)
        self.indicator_from(cells, page, strategy, self.owner)

    def finish(self) -> list[Block]:
        for rows in self.unleveled.values():  # never learnt: kept, and the document says so
            self.problems.append(("levels_missing", rows[0]["page"],
                                  f"{len(rows)} indicator(s) on page {rows[0]['page']} print no level name"))
        for block in self.blocks:
            text = block.fields.pop("_ind_text", None)
            for item in parse_numbered(text or ""):
                block.add_indicator(item.level1, item.level2, item.name, item.period, item.annual,
                                    block.page)
        # a block that printed indicators keeps them even without a name (the
        # document is then partial: see readers.document); an empty one is dropped
        return [b for b in self.blocks if (b.name or b.indicators) and not b.fields.get("_split")]
