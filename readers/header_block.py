"""Key/value header blocks of performance tables (项目名称 | XX, 主管部门 | XX,
实施周期 | 2024-2025, 资金总额 | 120): the Walker's rows that open a project or
department block and fill its fields.  A mixin of readers.walk.Walker."""
from __future__ import annotations

import regex

from budgetpdf.extract.grid import Cell
from budgetpdf.normalize.values import parse_amount, parse_value
from budgetpdf.readers import labels
from budgetpdf.readers.roles import amount_unit_of, role_of


class HeaderBlockRows:
    period_side: tuple[float, float] | None = None  # x-range of a 中期资金总额 label in force

    def key_values(self, cells: list[Cell], page: int) -> bool:
        if self.is_indicator_row(cells):
            return False
        cells = labels.split_label_cells(cells)
        found = False
        vertical: list[tuple[str, float, float]] = []  # goal labels whose text is below
        self.money_below: list[tuple[str, str, bool]] = []  # money labels whose amounts are below
        for i, cell in enumerate(cells):
            unit = amount_unit_of(cell.text) if regex.search(r"金额|资金|[(（]万?元[)）]", cell.text) else None
            if unit and len(cell.text) <= 16:
                self.kv_unit = unit
            field = labels.kv_field(cell.text) or labels.goal_field(cell.text)
            rest = cells[i + 1:]
            value = labels.without_goal_label(next((c.text for c in rest if c.text), ""))
            if regex.fullmatch(r"(金额|资金|货币)?(计量)?单位\s*[:：]?", cell.text.strip()) and regex.fullmatch(r"\s*万?元\s*", value):
                self.kv_unit = value.strip()  # 金额单位: | 万元, a pair of the block
                continue
            m = regex.match(r"(20\d\d)\s*年", cell.text)
            if field and m:
                self.label_years.append(int(m.group(1)))
            goal = labels.goal_field(cell.text)
            if goal and value and labels.goal_field(value) is None and labels.kv_field(value) is None \
                    and _column_word(value) is None \
                    and (self.owner is not None or _goal_line(value) or len(value) >= 8):
                # (before any block, a short word beside a goal label is a column header: 绩效指标)
                owner = self.receiver(page)
                beside = next(c for c in rest if c.text)
                if beside.row > cell.row and owner.fields.get(goal) and _goal_line(value):
                    owner.fields[goal] += value  # the label merged over a goal's lines, a row each
                owner.set(goal, value)  # goal label with its text beside it
                texts = [c.text for c in rest if c.text]
                if goal == "annual_goal" and len(texts) == 2 and \
                        owner.fields.get("table_kind") == "self_evaluation" and \
                        not any(labels.goal_field(t) or labels.kv_field(t) for t in texts):
                    owner.set("goal_actual", texts[1])  # 年度总体目标 | target | what was done
                found = True
                continue
            if goal:
                vertical.append((goal, cell.bbox[0], cell.bbox[2]))
                years = labels.years(cell.text) if goal == "period_goal" else []
                if len(years) >= 2:  # 中期目标(2024年—2026年): the period the label names
                    self.receiver(page).set("start_year", years[0])
                    self.receiver(page).set("end_year", years[-1])
            field = labels.kv_field(cell.text) or self._sum_of_parts(cell.text)
            if field is None:
                continue
            if field == "period_amount":  # 中期资金总额 | … | 年度资金总额 | …: the side it heads
                self.period_side = (cell.bbox[0], cell.bbox[2])
                found = True
                continue
            side = self.period_side
            if side and field in ("fiscal", "special", "other", "fiscal_part") and \
                    min(cell.bbox[2], side[1]) - max(cell.bbox[0], side[0]) > 0.5 * (cell.bbox[2] - cell.bbox[0]):
                found = True  # 其中:财政拨款 under 中期资金总额: the medium term's, not the year's
                continue
            if field == "amount" and regex.match(r"\s*[一二三四五六七八九十]{1,2}、|\s*[(（][一二三四五六七八九十][)）]", cell.text) \
                    and not regex.search(r"总|合计", cell.text):
                field = "fiscal"  # 资金总额 / 一、预算资金 / 二、自有资金: a numbered part, the budget's money
            beside = labels.kv_field(value) if value else None
            if value and (labels.goal_field(value) or (beside and (field != "goal" or beside == "goal"))
                          or (goal and _column_word(value))):
                value = ""  # the next cell is a label itself (年度总体目标 | 预期目标 | 实际完成情况)
            if self.key_value(field, cell.text, value, rest, page):
                found = True
            if field in ("start", "end") and not labels.years(value):  # 实施开始时间 | 实施结束时间 over their dates
                vertical.append(("year:" + field, cell.bbox[0], cell.bbox[2]))
            if self.money_below and self.money_below[-1][1] == cell.text:
                vertical.append((self.money_below[-1][0], cell.bbox[0], cell.bbox[2]))
        head = next((c for c in cells if c.text), None)
        if head is None or head.rowspan < 2 or head.row != max(c.row for c in cells) or \
                (len(self.money_below) == 1 and not self.money_below[0][2]):
            # amounts below their labels only in a block whose label spans both rows
            # (年度预算申请 | 资金总额 | … over 2,046.61 | …); a money label with a blank
            # beside it ("其他资金 |  ") or a header over a table's rows is not one
            vertical = [v for v in vertical if not v[0].startswith("money:")]
        # goal labels over their texts, in a block or as a pair (预期目标 | 实际完成情况)
        if vertical and (found or self.pending or len(vertical) >= 2):
            self.pending = vertical
        return found

    def is_indicator_row(self, cells: list[Cell]) -> bool:
        """A data row of the indicator table in force (a name and a value)."""
        roles = self.roles
        if roles is None or roles.kind not in ("indicators", "flat"):
            return False
        if any(labels.kv_field(c.text) in ("name", "parent", "dept_name") for c in cells if c.text):
            return False  # 项目名称 | XX: the next project's header block, though in the same columns
        name = roles.cell(cells, "name") or roles.cell(cells, "name", "b")
        if name is None or not name.text:
            return False
        values = [roles.cell(cells, r, side) for r in ("period", "annual") for side in ("", "b")]
        return any(v is not None and v is not name and v.text for v in values)

    def _sum_of_parts(self, text: str) -> str | None:
        """合计 under 财政拨款 / 其他资金 lines of a block with no amount yet: its
        total (a list's 合计 row, under its projects' amounts, is not)."""
        own = self.owner
        if regex.fullmatch(r"\s*(合\s*计|总\s*计)\s*", text or "") and own is not None \
                and own.fields.get("amount_yuan") is None and not own.indicators \
                and (own.fields.get("fiscal_yuan") is not None or own.fields.get("other_yuan") is not None):
            return "total"
        return None

    def key_value(self, field: str, label: str, value: str, rest: list[Cell], page: int) -> bool:
        if field == "parent":  # 一级项目名称: the name when no 二级项目名称 follows in its row
            if value and not any(labels.kv_field(c.text) == "name" for c in rest):
                return self.key_value("name", label, value, rest, page)
            self.parent_name = value or None
            return bool(value)
        if field == "name":
            if not value:
                return False
            above = self.blocks[-1] if self.blocks else None
            block = self.open_block("project", labels.strip_project_code(value), "project_tables", page)
            block.set("parent_name", self.parent_name)
            self.parent_name = None
            if above is not None and above.kind == "department" and not above.indicators:
                # 单位名称 over 项目名称: the unit line of this project's header, not a
                # department-overall table of its own
                self.blocks.remove(above)
                block.set("department", above.name)
            self.roles = None
            return True
        if field == "dept_name":
            if not value:
                return False
            own = self.owner
            if own is not None and own.kind == "project" and not own.indicators and own.page == page:
                # 项目名称 | X | 预算部门 | Y, or 预算单位 | Y under 项目名称: the header
                # block being read names the project's department (then its unit: 部门名称
                # over 单位名称), no table of its own
                own.set("unit" if own.fields.get("department") else "department", labels.strip_code(value))
                return True
            block = self.open_block("department", value, "dept_overall", page)
            block.set("department", value)
            self.roles = None
            return True
        owner = self.receiver(page)  # fields before any name wait for the block
        owner.touch(page)
        if field in ("amount", "fiscal", "special", "other", "total", "investment", "fiscal_part"):
            unit = amount_unit_of(label) or self.kv_unit or self.amount_unit
            raw = next((c.text for c in rest if parse_amount(c.text, unit) is not None), None)
            if raw is None and not regex.search(r"\d", value):  # labels in this row, amounts below
                self.money_below.append(("money:" + ("amount" if field == "total" else field), label,
                                         bool(value)))
                if field in ("amount", "total") and regex.search(r"总|合计", label):
                    owner.fields["total_label"] = True  # a total printed as a label: its parts may be all
            if raw is not None:
                key = "amount" if field == "total" else field
                owner.set_amount(key, raw, unit)
                if field == "total":
                    self.totals["金额合计"] = parse_amount(raw, unit)
            return True
        if field == "period":
            ys = labels.years(" ".join(c.text for c in rest))
            if ys:
                owner.set("start_year", ys[0])
                owner.set("end_year", ys[-1])
            return True
        if field in ("start", "end"):  # 项目开始日期 | 2023-01-01
            ys = labels.years(value)
            if ys:
                owner.set(f"{field}_year", ys[0])
            return True
        if field in ("department", "unit"):
            rank = _government_level(label)
            if field == "department" and value and rank > max(0, owner.fields.get("_dept_rank", -1)):
                # 中央 | 省级 | 市级 | 区级主管部门: the most local level is the one spending it
                owner.fields["department"] = None
                owner.fields["_dept_rank"] = rank
            owner.set(field, labels.strip_code(value))
            return True
        if field == "total_score":  # 自评总分 | 97.6 in the header block
            score = parse_value(value).value if value else None
            if score is not None:
                owner.set("total_score", score)
            return score is not None
        if field == "office":  # 财政处室 | …: the finance office, not the department
            return bool(value)
        if field == "goal":
            if value and labels.goal_field(value) is None:
                owner.set("period_goal", value)
            return True
        if field in ("project_type", "project_level") and \
                (regex.search(r"1[、.].+2[、.]", value) or len(regex.findall(r"[□☐■☑✓√£]", value)) >= 2):
            return True  # the form's options (1、部门预算项目□2、…): which is ticked is no text
        owner.set(field, labels.strip_code(value) if field == "project_type" else value)
        return True


_LEVELS = {"中央": 0, "省": 1, "地方": 1, "市": 2, "州": 2, "区": 3, "县": 3}


def _government_level(label: str) -> int:
    """0 中央 … 3 区/县 for a label naming a level of government, else -1."""
    m = regex.match(r"\W*(中央|省|地方|市|州|区|县)", label)
    return _LEVELS[m.group(1)] if m else -1


def _goal_line(text: str) -> bool:
    """A further line of a goal: numbered ("2.补助标准…", "（二）…") or a sentence,
    not a band's heading (绩效指标) that a rule-less label reaches over."""
    return bool(regex.match(r"\s*(\d{1,2}\s*[.、．]|[(（][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十]、)", text)) \
        or (len(text) >= 8 and regex.search(r"[，。；,;]", text) is not None)


def _column_word(text: str) -> str | None:
    """The column role a header word names, its unit left out ("总体完成率(%)"):
    a label beside a goal label, never the goal's text."""
    return role_of(regex.sub(r"[(（][^()（）]{1,4}[)）]$", "", text))
