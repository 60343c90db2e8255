"""Labels whose values are printed in the row below them.

A header block may print its labels in one row and what they label under
them: 实施周期总目标 | 年度目标 over the two goal texts, 资金总额 | 财政拨款 |
其他资金 over their amounts.  The row of labels leaves `self.pending`
(field, x0, x1); the next row's cell under each label fills it.  Money fields
are named "money:<field>" and take only a cell that reads as an amount.
The Walker (readers.walk) mixes this in.
"""
from __future__ import annotations

import regex

from budgetpdf.extract.grid import Cell
from budgetpdf.normalize.values import parse_amount
from budgetpdf.readers import labels

_NONE = regex.compile(r"\s*(无|/|／|—+|-+)\s*")  # a field marked as having nothing: no text for it


class LabelsAbove:
    pending: list[tuple[str, float, float]]
    money_parts: list[tuple[float, float]] = []  # a second header row's sub-labels (replaced, never mutated)
    goals_filled: list[tuple[str, float, float]] = []  # goal texts the last row gave (their lines may go on)

    def fill_goals(self, cells: list[Cell], page: int) -> bool:
        """Text under 实施周期总目标 / 年度目标 labels of the previous row."""
        filled = False
        top = max((c.row for c in cells), default=0)
        first = next((c for c in cells if c.text and c.row == top), None)
        # amounts under money labels: a row that starts with an amount (3,381.45 | …);
        # a row that starts with an item's name (基本支出 | 5,304.57) is a table's row
        money_row = first is not None and parse_amount(first.text, self.kv_unit or self.amount_unit) is not None
        def overlap(cell, x0, x1):
            return min(cell.bbox[2], x1) - max(cell.bbox[0], x0)
        left = min(x0 for _, x0, _ in self.pending)
        if all(len(c.text) <= 4 and c.bbox[2] <= left + 1 for c in cells if c.text):
            return True  # only a line of the block's label ("总体" of 年度/总体/目标): the text is below
        money = [p for p in self.pending if p[0].startswith("money:")]
        if money and not money_row and _sub_labels(cells, top, money):
            # a second header row (中央 | 省级 | 本级 under 财政资金): the amounts are below, and
            # the sub-labels under no other money label are the group's parts
            self.pending = money
            self.money_parts = [(c.bbox[0], c.bbox[2]) for c in cells if c.text and c.row == top]
            return True
        parts_of, self.money_parts = _groups(self.money_parts, money), []
        # a text under two labels (no rules to set it off) is the one's it lies under most
        best = {id(c): max(self.pending, key=lambda p: overlap(c, p[1], p[2]))[0] for c in cells if c.text}
        done = []
        for field, x0, x1 in self.pending:
            if field.startswith("money:") and not money_row:
                continue
            for cell in cells:
                if cell.bbox[0] < x1 - 1 and cell.bbox[2] > x0 + 1 and cell.text and best[id(cell)] == field \
                        and labels.goal_field(cell.text) is None and not _NONE.fullmatch(cell.text):
                    owner = self.receiver(page)
                    if field.startswith("money:"):  # 资金总额 | 财政拨款 over their amounts
                        unit = self.kv_unit or self.amount_unit
                        if parse_amount(cell.text, unit) is None:
                            continue
                        spans = parts_of.get(field) or [(x0, x1)]
                        parts = [c for c in cells if c.text and parse_amount(c.text, unit) is not None
                                 and any(c.bbox[0] >= a - 1 and c.bbox[2] <= b + 1 for a, b in spans)]
                        if field == "money:fiscal" and len(parts) >= 2:  # 财政资金 over 中央 | 省级 | …
                            for part in parts:
                                owner.set_amount("fiscal_part", part.text, unit)
                        else:
                            owner.set_amount(field[6:], cell.text, unit)
                    elif field.startswith("year:"):
                        owner.set(f"{field[5:]}_year", next(iter(labels.years(cell.text)), None))
                    else:
                        owner.set(field, cell.text)
                        done.append((field, x0, x1))
                    owner.touch(page)
                    filled = True
                    break
        self.pending, self.goals_filled = [], done
        goal_labels = self.goal_labels(cells)
        if goal_labels:
            self.pending = goal_labels
            return True
        return filled

    def more_goal_lines(self, cells: list[Cell], page: int) -> bool:
        """A row, after goal texts under two or more labels side by side, with a
        text under each of those labels that labels nothing: the goals' next lines,
        a row each (年度预期目标 | 具体完成情况 over two rows of text without rules)."""
        spans, self.goals_filled = self.goals_filled, []
        top = max((c.row for c in cells), default=0)
        own = [c for c in cells if c.text and c.row == top]
        under = [next((f for f, x0, x1 in spans if c.bbox[0] >= x0 - 1 and c.bbox[2] <= x1 + 1), None) for c in own]
        if len(spans) < 2 or len(set(under)) < len(spans) or None in under or any(labels.kv_field(c.text) or labels.goal_field(c.text)
                                           or regex.search(r"指标|[:：]", c.text) for c in own):
            return False
        owner = self.receiver(page)
        for field, cell in zip(under, own):
            owner.fields[field] = (owner.fields.get(field) or "") + cell.text
        self.goals_filled = spans
        return True

    def goal_labels(self, cells: list[Cell]) -> list[tuple[str, float, float]]:
        out = []
        for cell in cells:
            field = labels.goal_field(cell.text)
            if field:
                out.append((field, cell.bbox[0], cell.bbox[2]))
        return out


def _sub_labels(cells: list[Cell], top: int, money: list[tuple[str, float, float]]) -> bool:
    """A row of short labels and no number, each starting in the row, under the
    money labels above (no goal label: 年度目标 starts a block of its own)."""
    own = [c for c in cells if c.text and c.row == top]
    x0, x1 = min(m[1] for m in money), max(m[2] for m in money)
    return bool(own) and all(
        len(c.text) <= 8 and not regex.search(r"\d", c.text) and labels.goal_field(c.text) is None
        and c.bbox[0] >= x0 - 1 and c.bbox[2] <= x1 + 1 for c in own)


def _groups(subs: list[tuple[float, float]], money: list[tuple[str, float, float]]) -> dict:
    """Per money label over two or more sub-labels, their spans: the sub-labels it
    overlaps, and those beside them under no other label (a group head centred
    over its parts without rules reaches only the middle ones)."""
    def over(s, m):
        return min(s[1], m[2]) - max(s[0], m[1]) > 0
    free = [s for s in subs if sum(over(s, m) for m in money) <= 1]
    out = {}
    for m in money:
        mine = [k for k, s in enumerate(free) if over(s, m)]
        if not mine:
            continue
        lo, hi = min(mine), max(mine)
        while lo > 0 and not any(over(free[lo - 1], o) for o in money if o is not m):
            lo -= 1
        while hi < len(free) - 1 and not any(over(free[hi + 1], o) for o in money if o is not m):
            hi += 1
        if hi > lo:
            out[m[0]] = free[lo:hi + 1]
    return out
