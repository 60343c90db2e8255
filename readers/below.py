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
        # a text under two labels (no rules to set it off) is the one's it lies under most
        best = {id(c): max(self.pending, key=lambda p: overlap(c, p[1], p[2]))[0] for c in cells if c.text}
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
                        owner.set_amount(field[6:], cell.text, unit)
                    else:
                        owner.set(field, cell.text)
                    owner.touch(page)
                    filled = True
                    break
        self.pending = []
        goal_labels = self.goal_labels(cells)
        if goal_labels:
            self.pending = goal_labels
            return True
        return filled

    def goal_labels(self, cells: list[Cell]) -> list[tuple[str, float, float]]:
        out = []
        for cell in cells:
            field = labels.goal_field(cell.text)
            if field:
                out.append((field, cell.bbox[0], cell.bbox[2]))
        return out
