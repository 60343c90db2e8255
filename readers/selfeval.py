"""Self-evaluation tables (绩效自评表): the funds block and the 总分 row.

Mixed into `readers.walk.Walker`.  A 自评表 is a target table with more columns
(实际完成值, 分值, 得分, 偏差原因 — roles like any other, see normalize/vocab.py)
and two parts a target table lacks:
- the funds block: a header row of 年初预算数 | 全年预算数 | 全年执行数 | 分值 |
  执行率 | 得分 (in many wordings) over rows 年度资金总额 / 其中：财政拨款 /
  上年结转 / 其他资金 — read by x-overlap like the indicator columns;
- the 总分 (合计) row under the indicators: the maximum and the score.
"""
from __future__ import annotations

import regex

from budgetpdf.extract.grid import Cell
from budgetpdf.normalize.values import parse_amount, parse_value
from budgetpdf.normalize.vocab import compile_table, label_key, lookup
from budgetpdf.readers.roles import amount_unit_of

# funds-block column headers → field
FUNDS_COLUMNS = compile_table([
    (r"^年初(预算|计划)", "budget_initial"),
    (r"执行率(权重|分值)$", "score_max"),  # (执行率权重 | 执行率得分: the block's share and score)
    (r"执行率得分", "score"),
    (r"执行率", "execution_rate"),
    (r"执行数|^实际(支出|执行|投入|到位)|^支出数|^决算数", "executed"),
    (r"^全年预算|^全年\(调整\)预算|^调整后|^预算数|^年度预算数\(A\)|^全年(计划|安排)", "budget_full"),
    (r"^(分值|权重|满分)", "score_max"),
    (r"^得分(?!计算|方法|标准|说明|依据)", "score"),  # (得分计算方法 is a text column)
])
# funds-block row labels → which money the row holds
FUNDS_ROWS = compile_table([
    (r"资金总额|^总额$|^合计$|^总计$|预算资金总额|^年度总金额", "total"),
    (r"财政专户", "special"),
    (r"财政拨款|财政资金|财政补助|当年财政|一般公共预算(拨款|资金)?$", "fiscal"),
    (r"上年结转|结转资金", "carryover"),
    (r"其他资金|单位资金|自有资金|^其他$", "other"),
])
_LETTERS = regex.compile(r"\s*[(（]\s*[A-Z][A-Z/+\-*×÷\s]*[)）]\s*")
_BRACKETED = regex.compile(r"\s*[(（][^()（）]{1,12}[)）]\s*")
_TOTAL_ROW = regex.compile(r"^(总分|合计|总计|综合得分|自评得分)")


_NOTE = regex.compile(r"\s*[(（][^()（）]*[)）]\s*$")
_SHARE = regex.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分")


def funds_field(text: str) -> str | None:
    """A funds column by its header, a bracketed note or formula after the name
    left out ("得分(20分*执行率)" is a score, not an execution rate)."""
    bare = _NOTE.sub("", text or "")
    return lookup(FUNDS_COLUMNS, bare or text, 16)


def funds_row(text: str) -> str | None:
    return lookup(FUNDS_ROWS, text, 16)


class SelfEvalRows:
    funds_cols: list[tuple[str, float, float]] | None = None
    funds_unit: str | None = None
    funds_share: str | None = None  # the block's maximum its score header prints (得分(20分*执行率))
    funds_first: bool = False  # the next row is the first under the funds header

    def funds_header(self, cells: list[Cell]) -> bool:
        """A row naming the funds block's columns: remember their x-ranges."""
        top = max((c.row for c in cells), default=0)  # (headers merged down over blank cells are the row above's)
        cols = [(f, c.bbox[0], c.bbox[2]) for c in cells if c.text and c.row == top and (f := funds_field(c.text))]
        kinds = {f for f, _, _ in cols}
        texts = [c for c in cells if c.text]
        if any(funds_field(a.text) and parse_amount(b.text) is not None for a, b in zip(texts, texts[1:])):
            return False  # 预算数 | 6.84 | 执行数 | 6.84: labels with their amounts, no header
        # three money columns, or two of which one is what was spent (older forms:
        # 年初预算资金总额 | 实际投入资金额)
        if len(kinds) < 2 or not kinds & {"budget_full", "executed"} or (len(kinds) == 2 and "executed" not in kinds):
            return False
        self.funds_cols = cols
        self.funds_first = True  # the row under the header may print no label of its own
        # no 分值 column: the block's share as its score header prints it ("得分(20分*执行率)")
        shares = [m.group(1) for c in cells if c.text and funds_field(c.text) == "score"
                  and (m := _SHARE.search(c.text))]
        self.funds_share = shares[0] if shares and "score_max" not in kinds else None
        texts = " ".join(c.text for c in cells)
        self.funds_unit = amount_unit_of(texts) or self.kv_unit or self.amount_unit
        if self.owner is not None:
            self.owner.fields["table_kind"] = "self_evaluation"
        return True

    def funds_pairs(self, cells: list[Cell], page: int) -> bool:
        """The funds block printed across (河北: 预算数 | 6.84 | 到位数 | 6.84 | 执行数 |
        6.84): each label followed by its amount is the total's; the amounts' columns
        head the rows below (其中:财政资金 | 6.84 | … | 其他 | 0.00 | …)."""
        texts = [c for c in cells if c.text]
        pairs = [(f, b) for a, b in zip(texts, texts[1:])
                 if (f := funds_field(a.text)) and parse_amount(b.text) is not None]
        if len(pairs) < 2 or "executed" not in {f for f, _ in pairs}:
            return False
        self.funds_cols = [(f, b.bbox[0], b.bbox[2]) for f, b in pairs]
        self.funds_unit = self.kv_unit or self.amount_unit
        owner = self.receiver(page)
        owner.funds.setdefault("total", {f: b.text for f, b in pairs})
        owner.fields["table_kind"] = "self_evaluation"
        owner.fields.setdefault("funds_unit", self.funds_unit)
        owner.touch(page)
        return True

    def funds_values(self, cells: list[Cell], page: int) -> bool:
        """A row of the funds block (年度资金总额 …): its cells by column; the one row
        under the header, where the block's label (部门预算执行情况) is merged over
        both and the row prints none, is the total."""
        if not self.funds_cols:
            return False
        first, self.funds_first = self.funds_first, False
        texts = [c for c in cells if c.text]
        if texts and all(_LETTERS.fullmatch(c.text) or _BRACKETED.fullmatch(c.text) for c in texts):
            return True  # "（A）| （B）| （B/A）", "(10分)": the headers' second lines, a row of their own without rules
        if texts and amount_unit_of(texts[0].text) and regex.fullmatch(r"[(（]\s*万?元\s*[)）]", texts[0].text):
            # "(元)": the block label's second line, in the first money row when nothing rules it off
            self.funds_unit = amount_unit_of(texts[0].text)
            texts = texts[1:]
        if len(texts) > 1 and funds_row(texts[0].text) is None and funds_row(texts[1].text) is not None:
            # the block's own label (项目资金, "资金(万元)") beside the row's, merged down: its unit
            self.funds_unit = amount_unit_of(texts[0].text) or self.funds_unit
            texts = texts[1:]
        label = texts[0] if texts else None
        which = funds_row(label.text) if label is not None else None
        if which is None and first and label is not None and label.bbox[0] >= min(x0 for _, x0, _ in self.funds_cols) - 1 \
                and sum(1 for c in texts if regex.search(r"\d", c.text)) >= 2:
            which, label = "total", None  # (its first text lies under the columns: no label)
        if which is None:
            self.funds_cols = None  # the block ended
            return False
        values = {}
        for field, x0, x1 in self.funds_cols:
            cell = _under(cells, x0, x1, label)
            if cell is not None and cell.text:
                values[field] = cell.text
        if values and self.funds_share:
            values.setdefault("score_max", self.funds_share)
        owner = self.receiver(page)  # (a 部门整体 table may print its name nowhere: fields wait)
        owner.funds.setdefault(which, values)
        if which == "total" and label is not None and regex.search(r"财政", label.text):
            owner.funds.setdefault("fiscal", values)  # 年度财政资金总额: the total is the fiscal money
        owner.fields.setdefault("funds_unit", self.funds_unit)
        owner.touch(page)
        return True

    def score_total(self, cells: list[Cell]) -> bool:
        """The 总分 / 合计 row of a scored indicator table."""
        roles = self.roles
        if roles is None or self.owner is None or not (roles.has("score") or roles.has("weight")):
            return False
        # the row's own first text: level cells merged down from the rows above
        # (a rule-less table's labels reach into the 总分 row) are not the row's label
        top = max((c.row for c in cells), default=0)
        first = next((c for c in cells if c.text and c.row == top), None)
        if first is None or not _TOTAL_ROW.match(label_key(first.text)):
            return False
        for role, key in (("weight", "total_score_max"), ("score", "total_score")):
            cell = roles.cell(cells, role)
            if cell is not None and cell is not first:
                value = parse_value(cell.text).value
                if value is not None:
                    self.owner.fields[key] = value
        # "总分(100分) | 100 | 自评等级 | 优": the share its label prints, the one number beside it
        share = _SHARE.search(first.text)
        if share and self.owner.fields.get("total_score_max") is None:
            self.owner.fields["total_score_max"] = float(share.group(1))
        numbers = [c for c in cells if c is not first and regex.fullmatch(r"\d+(\.\d+)?", c.text or "")]
        if len(numbers) == 1 and self.owner.fields.get("total_score") is None:
            self.owner.fields["total_score"] = float(numbers[0].text)
        return True


def _under(cells: list[Cell], x0: float, x1: float, label: Cell) -> Cell | None:
    """The cell of the row under the column [x0, x1] (not the row's label)."""
    best, overlap = None, 0.0
    for cell in cells:
        if cell is label:
            continue
        o = min(cell.bbox[2], x1) - max(cell.bbox[0], x0)
        if o > overlap:
            best, overlap = cell, o
    if best is None or overlap < 0.5 * min(x1 - x0, best.bbox[2] - best.bbox[0]):
        return None
    return best


def funds_fields(funds: dict[str, dict[str, str]], unit: str) -> tuple[dict, list[str]]:
    """The projects columns of a funds block, and notes on defects found."""
    out, notes = {}, []
    total, fiscal = funds.get("total", {}), funds.get("fiscal", {})
    money = {"budget_initial": "budget_initial_yuan", "budget_full": "budget_full_yuan",
             "executed": "executed_yuan"}
    for field, column in money.items():
        out[column] = parse_amount(total.get(field), unit)
    rate = parse_value(total.get("execution_rate")).value if total.get("execution_rate") else None
    out["execution_rate"] = rate
    for field in ("score_max", "score"):
        v = parse_value(total.get(field)).value if total.get(field) else None
        out[f"budget_{field}"] = v
    raw = total.get("budget_full") or total.get("budget_initial")
    if _all_zero(total) and not _all_zero(fiscal) and fiscal:  # the amount the table means
        raw = fiscal.get("budget_full") or fiscal.get("budget_initial")
        notes.append("funds_total_zero")
    if raw is not None and parse_amount(raw, unit) is not None:
        out["amount_raw"], out["amount_yuan"] = raw, parse_amount(raw, unit)
    for which, column in (("fiscal", "fiscal_yuan"), ("special", "special_yuan"), ("other", "other_yuan"),
                          ("carryover", "carryover_yuan")):
        row = funds.get(which, {})
        out[column] = parse_amount(row.get("budget_full") or row.get("budget_initial"), unit)
    return out, notes


def _all_zero(row: dict[str, str]) -> bool:
    """Every money cell of the row is printed and zero (a defect seen in real tables)."""
    vals = [parse_amount(row.get(f), "元") for f in ("budget_initial", "budget_full", "executed")]
    vals = [v for v in vals if v is not None]
    return bool(vals) and all(v == 0 for v in vals)
