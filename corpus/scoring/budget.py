"""Budget tables (whole documents): the expected budget_lines cells of a truth table,
canonical table kinds, and scoring the output's budget_tables / budget_lines.

Every amount cell of a truth table is one expected budget_lines row keyed by (code,
item, column) (see truth_cells); a truth table pairs with the output table that matches
most of its cells (an empty truth table with an empty output table of its kind).
"""
from __future__ import annotations

import re
from collections import defaultdict

from .compare import CMP, _add, _show, bool_eq, num, text
from .load import _by_seq, _records

# Budget tables (DATA_CONTRACT.md "budget_tables"): canonical kinds from a table's name,
# first match wins.
KINDS = [
    ("three_public", r"三公"),
    ("fund", r"政府性基金"),
    ("state_capital", r"国有资本经营"),
    ("general_basic", r"基本支出"),
    ("fiscal_summary", r"财政拨款收(入)?支(出)?"),
    ("general_expenditure", r"一般公共预算"),
    ("project_expenditure", r"项目支出"),
    ("summary", r"收(入)?支(出)?(预算|决算)?(总|总体情况)表"),
    ("income", r"收入"),
    ("expenditure", r"支出"),
]
AMOUNT = re.compile(r"^-?[\d,]*\d(\.\d+)?$")
# an amount printed with its unit in the cell ("20万元"): scaled by its own unit
AMOUNT_UNIT = re.compile(r"^(-?[\d,]*\d(?:\.\d+)?)(万元|元)$")
NOT_AMOUNT_COL = re.compile(r"行次|序号|数量|编码|代码")
CODE_COL = re.compile(r"编码|代码")
CJK = re.compile(r"[\u3400-\u9fff]")


def canonical_kind(name: str) -> str:
    for kind, pat in KINDS:
        if re.search(pat, name or ""):
            return kind
    return "other"


def _truth_cell(x) -> str:
    # The truth as printed; only its own cells are read leniently (a truth file is not
    # the thing under test).
    return "" if x is None else str(x).strip()


def truth_cells(table: dict) -> list[dict]:
    """Every amount cell of a truth budget table as an expected budget_lines row.

    code   the digits of the code column block nearest to the left (类/款/项 joined)
    item   the nearest non-empty label to the left in the row (a 合计 printed in a code
           column counts), leading/trailing whitespace (the indentation) removed
    column the header path ("基本支出/人员经费"); leaf its last part
    A column is a code column when its header has 编码/代码 or its leaf is 类/款/项; a
    行次 / 序号 / 数量 column holds no amount; an amount is -?digits with , and decimals, or
    such a number with its unit in the cell ("20万元", in that unit).
    """
    cols = [_truth_cell(c) for c in table.get("columns") or []]
    leaves = [c.split("/")[-1] for c in cols]
    is_code = [bool(CODE_COL.search(c)) or leaf in ("类", "款", "项") for c, leaf in zip(cols, leaves)]
    amount_col = [not is_code[j] and not NOT_AMOUNT_COL.search(leaves[j]) for j in range(len(cols))]
    amount_leaves = [leaves[j] for j in range(len(cols)) if amount_col[j]]
    scale = 10000 if (table.get("unit") or "").strip() == "万元" else 1
    out = []
    for r, row in enumerate(table.get("rows") or []):
        cells = [_truth_cell(c) for c in row]
        for j, cell in enumerate(cells):
            own = AMOUNT_UNIT.match(cell)
            if j >= len(cols) or not amount_col[j] or not (AMOUNT.match(cell) or own):
                continue
            item, k = "", j - 1
            while k >= 0 and not item:
                c = cells[k]
                if c and not AMOUNT.match(c) and not AMOUNT_UNIT.match(c) and (not is_code[k] or CJK.search(c)):
                    item = c
                k -= 1
            k = j - 1
            while k >= 0 and not is_code[k]:
                k -= 1
            parts = []
            while k >= 0 and is_code[k]:
                if re.fullmatch(r"\d+", cells[k]):
                    parts.insert(0, cells[k])
                k -= 1
            out.append({
                "row": r, "code": "".join(parts), "item": item, "column": cols[j],
                "leaf": leaves[j], "leaf_unique": amount_leaves.count(leaves[j]) == 1,
                "raw": cell, "yuan": round(float((own.group(1) if own else cell).replace(",", ""))
                                           * ((10000 if own.group(2) == "万元" else 1) if own else scale), 2),
            })
    return out


TABLE_FIELDS = [("title", "text"), ("unit", "text"), ("empty", "bool"), ("note", "text")]


def _line_key(line):
    return (text(line.get("code")) or "", (text(line.get("item")) or "").strip())


def _match_table(cells, lines):
    """Greedy in order: each truth cell takes the first unused line with the same
    (code, item), an accepted column and the amount to the cent."""
    by_key = defaultdict(list)
    for i, l in enumerate(lines):
        by_key[_line_key(l)].append(i)
    used, hits = set(), []
    for ci, cell in enumerate(cells):
        for i in by_key.get((cell["code"], cell["item"]), []):
            if i in used:
                continue
            col = text(lines[i].get("column"))
            if col != cell["column"] and not (cell["leaf_unique"] and col == cell["leaf"]):
                continue
            y = num(lines[i].get("amount_yuan"))
            if y is not None and abs(y - cell["yuan"]) < 0.006:
                used.add(i)
                hits.append((ci, i))
                break
    return hits


def _score_budget(tables, ttables, tcells_all, c, details):
    ptables = _by_seq(_records(tables.get("budget_tables")))
    plines = _records(tables.get("budget_lines"))
    c["tables_pred"] = len(ptables)
    c["cell_pred"] = len(plines)
    lines_of = defaultdict(list)
    for idx, l in enumerate(plines):
        lines_of[text(l.get("table_id"))].append(idx)
    cand = []
    hits_of = {}
    for ti, cells in enumerate(tcells_all):
        for pj, p in enumerate(ptables):
            lidx = lines_of.get(text(p.get("table_id")), [])
            hits = _match_table(cells, [plines[k] for k in lidx])
            if hits:
                hits_of[(ti, pj)] = [(ci, lidx[k]) for ci, k in hits]
                cand.append((-len(hits), ti, pj))
    cand.sort()
    used_t, used_p, paired = set(), set(), {}
    for _, ti, pj in cand:
        if ti in used_t or pj in used_p:
            continue
        used_t.add(ti)
        used_p.add(pj)
        paired[ti] = pj
    for ti, tb in enumerate(ttables):
        want = canonical_kind(tb.get("name") or tb.get("title") or "")
        if ti not in paired and tb.get("empty"):
            for pj, p in enumerate(ptables):
                if pj not in used_p and bool_eq(True, p.get("empty")) and text(p.get("kind")) == want:
                    used_p.add(pj)
                    paired[ti] = pj
                    break
    matched_lines = set()
    for ti, tb in enumerate(ttables):
        cells = tcells_all[ti]
        want = canonical_kind(tb.get("name") or tb.get("title") or "")
        name = tb.get("name") or tb.get("title")
        if ti not in paired:
            _add(details, "tables", f"{name}: no output table pairs with it ({len(cells)} cells"
                 f"{', empty' if tb.get('empty') else ''}; kind {want})")
            continue
        pj = paired[ti]
        p = ptables[pj]
        hits = hits_of.get((ti, pj), [])
        c["tables_paired"] += 1
        c["cell_tp"] += len(hits)
        got_kind = text(p.get("kind"))
        c["kind_ok"] += int(got_kind == want)
        if got_kind != want:
            _add(details, "tables", f"{name}: kind truth {want!r} got {got_kind!r}")
        for col, cmp in TABLE_FIELDS:
            if col not in tb:
                continue
            c["tfield_total"] += 1
            if CMP[cmp](tb.get(col), p.get(col)):
                c["tfield_ok"] += 1
            else:
                _add(details, "tables", f"{name}: {col} truth {_show(tb.get(col))} got {_show(p.get(col))}")
        hit_cells = {ci for ci, _ in hits}
        for ci, li in hits:
            matched_lines.add(li)
            if text(plines[li].get("amount_raw")) == cells[ci]["raw"]:
                c["cell_raw_ok"] += 1
            else:
                _add(details, "cells_raw", f"{_cell_str(name, cells[ci])}: amount_raw got "
                     f"{_show(text(plines[li].get('amount_raw')))}")
        own = lines_of.get(text(p.get("table_id")), [])
        for ci, cell in enumerate(cells):
            if ci not in hit_cells:
                _add(details, "cells_missing", _cell_str(name, cell) + _near(cell, plines, own, matched_lines))
    tid_title = {text(p.get("table_id")): text(p.get("title")) for p in ptables}
    paired_tids = {text(ptables[pj].get("table_id")) for pj in paired.values()}
    for pj, p in enumerate(ptables):
        if pj not in paired.values():
            n = len(lines_of.get(text(p.get("table_id")), []))
            _add(details, "tables", f"output table {_show(text(p.get('title')))} (kind {text(p.get('kind'))!r},"
                 f" {n} lines): no truth table pairs with it")
    for idx, l in enumerate(plines):
        tid = text(l.get("table_id"))
        if idx not in matched_lines and (tid in paired_tids or tid not in tid_title):
            _add(details, "cells_extra", f"{tid_title.get(text(l.get('table_id')), '?')} | code "
                 f"{_show(text(l.get('code')))} | item {_show(text(l.get('item')))} | "
                 f"{_show(text(l.get('column')))} = {text(l.get('amount_raw'))} ({l.get('amount_yuan')})")


def _cell_str(name, cell):
    return (f"{name} | code {cell['code']!r} | item {cell['item']!r} | {cell['column']!r}"
            f" = {cell['raw']}")


def _near(cell, plines, candidates, matched):
    """The unmatched line of the paired output table most like a missed truth cell (same
    amount; then same item or code; then same column): what differs."""
    best, best_rank = None, 0
    for idx in candidates:
        l = plines[idx]
        y = num(l.get("amount_yuan"))
        if idx in matched or y is None or abs(y - cell["yuan"]) >= 0.006:
            continue
        item = (text(l.get("item")) or "").strip()
        code = text(l.get("code")) or ""
        col = text(l.get("column"))
        rank = (3 if item == cell["item"] or (code and code == cell["code"]) else
                2 if col in (cell["column"], cell["leaf"]) else
                1 if item and cell["item"] and (item in cell["item"] or cell["item"] in item
                                                or item[:2] == cell["item"][:2]) else 0)
        if rank > best_rank:
            best, best_rank = (code, item, col), rank
            if rank == 3:
                break
    if best is None:
        return ""
    code, item, col = best
    diffs = [f"code {code!r}"] if code != cell["code"] else []
    if item != cell["item"]:
        diffs.append(f"item {item!r}")
    if col != cell["column"]:
        diffs.append(f"column {col!r}")
    return "  [output: " + (", ".join(diffs) or "same code/item/column: matched by another cell") + "]"
