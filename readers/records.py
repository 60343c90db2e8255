"""Project and indicator records as the readers build them.

A `Block` is one project, department or task; `add_indicator` parses values
once, here, so every family and every source shares the same rules.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from budgetpdf.normalize.levels import LEVEL1, LEVEL2_PARENT, OTHER_LEVEL1, canonical_level1, canonical_level2
from budgetpdf.normalize.values import parse_amount, parse_value
from budgetpdf.readers.selfeval import funds_fields

PROJECT_FIELDS = ("project_type", "project_level", "department", "unit", "start_year", "end_year",
                  "amount_raw", "amount_yuan", "fiscal_yuan", "special_yuan", "other_yuan",
                  "period_goal", "annual_goal", "content", "goal_actual", "total_score_max", "total_score")


@dataclass
class Block:
    kind: str  # project | department | task
    name: str
    family: str
    page: int
    fields: dict = field(default_factory=dict)
    indicators: list[dict] = field(default_factory=list)
    pages: set = field(default_factory=set)
    strategies: set = field(default_factory=set)
    confs: list = field(default_factory=list)
    funds: dict = field(default_factory=dict)  # a 自评表's funds block: row → column → text
    notes: list = field(default_factory=list)  # defects of the printed table (checks rows)

    def __post_init__(self):
        self.pages.add(self.page)

    def set(self, key: str, value) -> None:
        """First value wins: a later repeat of a label does not overwrite."""
        if value not in (None, "") and self.fields.get(key) in (None, ""):
            self.fields[key] = value

    def set_amount(self, key: str, raw: str, unit: str | None) -> None:
        yuan = parse_amount(raw, unit or "元")
        if yuan is None:
            return
        if key == "fiscal_part":  # money by level of government (中央 / 市级资金): the parts add up
            self.fields["fiscal_parts_yuan"] = (self.fields.get("fiscal_parts_yuan") or 0.0) + yuan
            return
        if key in ("amount", "investment", "fiscal"):
            self.set(f"{key}_raw", raw)
        self.set(f"{key}_yuan", yuan)

    def touch(self, page: int, strategy: str | None = None, conf: float | None = None) -> None:
        self.pages.add(page)
        if strategy:
            self.strategies.add(strategy)
        if conf is not None:
            self.confs.append(conf)

    def add_indicator(self, level1: str, level2: str | None, name: str, period: str | None,
                      annual: str | None, page: int, extra: dict | None = None,
                      conf: float | None = None) -> None:
        l2 = canonical_level2(level2, level1) if level2 else None
        l1 = canonical_level1(level1) if level1 else None
        if l1 and l1 not in LEVEL1 and l1 not in OTHER_LEVEL1 and canonical_level1(level2) in LEVEL1 \
                and canonical_level1(level2) == l2:
            # a group over the standard levels (实施效果指标 | 产出指标 of the central
            # investment template): the standard name is the level 1
            l1, l2 = l2, None
        if l2 and l1 == "效益指标" and LEVEL2_PARENT.get(l2) == "满意度指标":
            l1 = "满意度指标"  # satisfaction printed inside the 效益 block of older templates
        if l1 in ("效果指标", "效果") and LEVEL2_PARENT.get(l2) in ("效益指标", "满意度指标"):
            l1 = LEVEL2_PARENT[l2]  # the older framework's 效果 over a standard 效益 / 满意度 level
        row = {
            "level1": l1,
            "level2": l2,
            "name": name,
            "period_raw": period or None,
            "annual_raw": annual or None,
            "page": page,
            "level1_raw": level1 or None,
            "level2_raw": level2 or None,
            "confidence": conf,
        }
        set_values(row, period, annual, extra or {})
        self.indicators.append(row)
        self.touch(page, conf=conf)

    def project_row(self) -> dict:
        row = {k: self.fields.get(k) for k in PROJECT_FIELDS}
        row["table_kind"] = self.fields.get("table_kind") or "target"
        row["department"] = row["department"] or self.fields.get("line_department")
        row["unit"] = row["unit"] or self.fields.get("line_unit")
        if row["amount_yuan"] is None and self.fields.get("investment_yuan") is not None:
            row["amount_raw"], row["amount_yuan"] = self.fields["investment_raw"], self.fields["investment_yuan"]
        if row["fiscal_yuan"] is None:  # no 财政拨款 line, only its parts
            row["fiscal_yuan"] = self.fields.get("fiscal_parts_yuan")
        row["parent_name"] = self.fields.get("parent_name")
        if self.funds:
            values, notes = funds_fields(self.funds, self.fields.get("funds_unit") or "元")
            row.update({k: v for k, v in values.items() if v is not None or k not in row or row[k] is None})
            self.notes += [n for n in notes if n not in self.notes]
        if row["amount_yuan"] is None and row.get("fiscal_yuan") and self.fields.get("fiscal_raw") \
                and self.fields.get("total_label"):
            # a total's label without its amount, then its parts (年度资金总额 | 金额(万元) over
            # 财政拨款小计 | 6.30, 自有资金小计 | 0.00): their sum
            parts = [row.get(k) or 0.0 for k in ("fiscal_yuan", "special_yuan", "other_yuan")]
            row["amount_yuan"] = sum(parts)
            row["amount_raw"] = self.fields["fiscal_raw"] if sum(parts[1:]) == 0 else None
        row.update(kind=self.kind, name=self.name, family=self.family,
                   page_start=min(self.pages), page_end=max(self.pages),
                   strategy=",".join(sorted(self.strategies)) or None,
                   confidence=sum(self.confs) / len(self.confs) if self.confs else None)
        return row


def set_values(row: dict, period: str | None, annual: str | None, extra: dict) -> None:
    """An indicator row's targets (and self-evaluation columns), each parsed into
    comparator, number and unit."""
    row.update(period_raw=period or None, annual_raw=annual or None)
    actual = extra.get("actual_raw", row.get("actual_raw"))  # (kept where extra names none)
    for side, raw in (("period", period), ("annual", annual), ("actual", actual)):
        v = parse_value(raw)
        row.update({f"{side}_op": v.op, f"{side}_value": v.value, f"{side}_unit": v.unit,
                    f"{side}_value_std": v.value_std, f"{side}_unit_std": v.unit_std})
    row.update(extra)
