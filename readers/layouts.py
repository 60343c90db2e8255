"""Row readers of the table layouts other than a plain indicator table.

Mixed into `readers.walk.Walker`: each `row_<kind>` reads one data row under a
header of that kind (see `readers.roles.classify_header`).
"""
from __future__ import annotations

from budgetpdf.extract.grid import Cell
from budgetpdf.normalize.levels import is_level1, is_level2
from budgetpdf.normalize.values import parse_amount
from budgetpdf.readers import labels
from budgetpdf.readers.cells import is_level
from budgetpdf.normalize.vocab import label_key


def infer_level1(level2: str | None) -> str | None:
    for word, level1 in _LEVEL1_OF:
        if level2 and word in level2:
            return level1
    return None


_LEVEL1_OF = [("满意", "满意度指标"), ("效益", "效益指标"), ("影响", "效益指标"),
              ("成本", "成本指标"), ("数量", "产出指标"), ("质量", "产出指标"), ("时效", "产出指标")]


class LayoutRows:
    def row_flat(self, cells: list[Cell], page: int, strategy: str) -> None:
        """One grid, many projects: 项目名称/预算数/年度目标 merged over indicator rows."""
        roles = self.roles
        p_cell = roles.cell(cells, "p_name")
        if p_cell is None or not p_cell.text:
            if not roles.text(cells, "name"):
                amount = parse_amount(roles.text(cells, "p_amount"), self.amount_unit)
                if amount is not None:
                    self.totals["subtotals"][roles.text(cells, "p_unit")] = amount
                return
        elif p_cell is not self.flat_cell:
            self.flat_cell = p_cell
            name_cell = roles.cell(cells, "name")
            no_name = name_cell is None or not name_cell.text or name_cell is roles.cell(cells, "p_amount")
            if no_name and p_cell.rowspan == 1:
                # a unit's subtotal row (名称 + 资金, no indicator; the amount may be
                # printed across the indicator columns): it names the unit of the
                # projects below it
                self.flat_unit = labels.strip_code(p_cell.text)
                amount = parse_amount(roles.text(cells, "p_amount"), self.amount_unit)
                if amount is not None:
                    self.totals["subtotals"][self.flat_unit] = amount
                return
            if self.flat_rest(cells, p_cell, page):
                self.indicator_from(cells, page, strategy, self.owner)
                return
            block = self.open_block("project", p_cell.text, "project_tables", page)
            block.set("unit", labels.strip_code(roles.text(cells, "p_unit")) or getattr(self, "flat_unit", None))
            block.set_amount("amount", roles.text(cells, "p_amount"), self.amount_unit)
            block.set("annual_goal", roles.text(cells, "goal") or None)
        if self.owner is not None:
            self.indicator_from(cells, page, strategy, self.owner)

    def flat_rest(self, cells: list[Cell], p_cell: Cell, page: int) -> bool:
        """The first row of a page continuing the previous page's project, a page
        break having cut its merged cells: the rest of its name and goal, no amount
        nor unit of its own ("绿色建材宣传及技术推广" / "经费")."""
        last, roles = self.owner, self.roles
        if last is None or last.family != "project_tables" or self.body_rows != 0 \
                or max(last.pages) != page - 1 or last.fields.get("amount_yuan") is None \
                or roles.text(cells, "p_amount") or roles.text(cells, "p_unit") \
                or is_level(roles.text(cells, "level1"), known=True):
            return False  # (a project of its own prints its level label)
        last.name += p_cell.text
        goal = roles.text(cells, "goal")
        if goal:
            last.fields["annual_goal"] = (last.fields.get("annual_goal") or "") + goal
        return True

    def row_tasks(self, cells: list[Cell], page: int, strategy: str) -> None:
        roles = self.roles
        name = roles.text(cells, "t_name")
        if not name:
            return
        if self.line_dept_name and not any(b.kind == "department" for b in self.blocks):
            # a 部门整体 table whose department is named only in a line above it
            dept = self.open_block("department", self.line_dept_name, "dept_overall", page)
            dept.set("department", self.line_dept_name)
        block = self.open_block("task", name, "dept_overall", page)
        block.set("content", roles.text(cells, "t_content") or None)
        block.set("annual_goal", roles.text(cells, "t_goal") or None)
        amount = roles.text(cells, "t_amount") or roles.text(cells, "p_amount")
        block.set_amount("amount", amount, getattr(self, "task_unit", None) or self.amount_unit)
        block.touch(page, strategy)

    def row_list(self, cells: list[Cell], page: int, strategy: str) -> None:
        roles = self.roles
        name, goal, text = (roles.text(cells, r) for r in ("p_name", "goal", "ind_text"))
        total = roles.text(cells, "total")
        if not name and self.blocks and self.blocks[-1].family == "project_list" and (goal or text):
            block = self.blocks[-1]  # a row continued on the next page
            block.fields["annual_goal"] = (block.fields.get("annual_goal") or "") + goal
            block.fields["_ind_text"] = block.fields.get("_ind_text", "") + text
            block.touch(page)
            return
        if not name:
            return
        if label_key(name) in ("合计", "总计"):
            self.totals["合计"] = parse_amount(total, self.amount_unit)
            return
        if not goal and not text:
            self.list_unit = name
            self.totals["subtotals"][name] = parse_amount(total, self.amount_unit)
            return
        block = self.open_block("project", name, "project_list", page)
        block.set("unit", self.list_unit)
        block.set_amount("amount", total, self.amount_unit)
        for key in ("fiscal", "special", "other"):
            block.set_amount(key, roles.text(cells, key), self.amount_unit)
        block.set("annual_goal", goal or None)
        block.fields["_ind_text"] = text
        block.touch(page, strategy)

    def row_outline(self, cells: list[Cell], page: int, strategy: str) -> None:
        """Tree table (项目 | 指标值 | 金额): levels told apart by their names."""
        roles = self.roles
        text = roles.text(cells, "o_item")
        value, amount = roles.text(cells, "annual"), roles.text(cells, "o_amount")
        if not text:
            return
        cell = roles.cell(cells, "o_item")
        indent = cell.text_x0 if cell is not None and cell.text_x0 is not None else 0.0
        if value and self.owner is not None:  # level rows carry no value
            level1 = self.level1 or infer_level1(self.level2)
            self.owner.add_indicator(level1, self.level2, text, None, value, page)
        elif is_level1(text) and (self.level1 is None or indent <= self.level1_indent + 2):
            self.level1, self.level2, self.level1_indent = text, None, indent
        elif is_level2(text) or is_level1(text):
            self.level2 = text
        elif parse_amount(amount, self.amount_unit) is not None:
            block = self.open_block("project", text, "project_tables", page)
            block.set("unit", self.outline_unit)
            block.set_amount("amount", amount, self.amount_unit)
        elif self.owner is None:
            self.outline_unit = text
