"""Reconciliation checks of the standard budget tables (九张表).

Within a table: 合计 = Σ 类, 类 = Σ its 款, 款 = Σ its 项 (by code prefix, in every
amount column); a row's total column = Σ its parts where the header says so
(合计 = 基本支出 + 项目支出, 小计 = 人员经费 + 公用经费 …); 收入总计 = 支出总计 in a
two-sided summary table; the "三公" 合计 = 因公出国（境）费 + 公务用车购置及运行费 +
公务接待费.  Across tables: the 财政拨款收支总表's 一般公共预算 spending = the
一般公共预算支出表's 合计; the 基本支出表's 合计 = the 基本支出 column of the
一般公共预算支出表; a 项目支出表 amount = the performance project of the same name.

Tolerance follows the printed precision: each printed amount is exact to half its
last digit, so a sum of n amounts may be off by (n + 1) half-units and a 0.01
rounding difference is no finding.  A difference of at most two printed units
beyond that is a `warning` (a publisher's rounding), more is an `error`.
"""
from __future__ import annotations

import re
from collections import defaultdict

from budgetpdf.checks.finding import finding
from budgetpdf.normalize.budget import UNIT_SCALE, decimals

CHECKS: dict[str, tuple[str, str]] = {
    "budget_total_sum": ("error", "budget table: the 合计 line = Σ its 类 lines, per column"),
    "budget_class_sum": ("error", "budget table: a 类 line = Σ its 款 lines (by code prefix), per column"),
    "budget_subclass_sum": ("error", "budget table: a 款 line = Σ its 项 lines (by code prefix), per column"),
    "budget_row_total": ("error", "budget table: a total column (合计/小计) = Σ the columns it totals, per line"),
    "budget_balance": ("error", "收支总表 / 财政拨款收支总表: 收入总计 = 支出总计"),
    "budget_three_public": ("error", "三公 table: 合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费"),
    "budget_cross_general": ("error", "财政拨款收支总表's 一般公共预算 spending = the 一般公共预算支出表's 合计"),
    "budget_cross_basic": ("error", "一般公共预算基本支出表's 合计 = the 基本支出 column of the 一般公共预算支出表"),
    "budget_project_amount": ("warning", "项目支出表: a project's amount = the performance project of the same name"),
    "budget_unread": ("warning", "budget table: cells of amount columns that could not be read as numbers"),
}

TOTAL_LEAF = re.compile(r"^(?:合计|小计|总计)$|合计$|总计$")
# columns that are not parts of a sum: ratios, comparisons, "of which" breakdowns
NOT_PART = re.compile(r"%|增减|增长|比上年|比\d{4}|其中|行次|栏次")
THREE_PUBLIC_PARTS = re.compile(r"因公出国|公务用车购置及运行费|公务接待费")
TOTAL_ITEM = re.compile(r"^(?:合计|总计)$")


# ---- rows ----------------------------------------------------------------------

def row(doc_id, check, message, expected=None, found=None, table_id=None) -> dict:
    return finding(CHECKS, doc_id, check, message, None, expected, found, table_id)


def entry_key(ln: dict) -> tuple:
    return (ln["line"], ln.get("code") or "", ln.get("item") or "")


class Table:
    """A budget_tables row with its lines, indexed for the checks."""

    def __init__(self, meta: dict, lines: list[dict]):
        self.meta = meta
        self.lines = lines
        self.unit = meta.get("unit") or "元"
        self.scale = UNIT_SCALE.get(self.unit, 1.0)
        # one entry per labelled thing on a printed line: a line of a table printed
        # in two halves (人员经费 | 公用经费) holds two entries, each with its columns
        self.entries: dict[tuple, dict[str, dict]] = defaultdict(dict)
        for ln in lines:
            self.entries[entry_key(ln)][ln["column"]] = ln
        # every amount column the header prints (a column left blank on every line
        # is still a part of the total beside it)
        printed = [c for c in (meta.get("columns") or "").split(" | ") if c]
        self.columns = list(dict.fromkeys(printed + [ln["column"] for ln in lines]))

    @property
    def name(self) -> str:
        return self.meta.get("title") or self.meta.get("kind") or "budget table"

    def half(self, ln: dict | None) -> float:
        """Half a unit of the last printed digit of a line's amount, in 元."""
        dec = decimals(ln["amount_raw"]) if ln else 2
        return 0.5 * 10 ** -dec * self.scale

    def show(self, yuan: float) -> str:
        return f"{yuan / self.scale:,.2f} {self.unit}"


def compare(doc_id, check, table: Table | None, what: str, expected: float, found: float,
            tol: float, unit_yuan: float, table_id=None) -> list[dict]:
    """One finding when `found` differs from `expected` by more than `tol`; a
    difference within two printed units past it is a warning (rounding)."""
    diff = abs(found - expected)
    if diff <= tol + 1e-6:
        return []
    show = table.show if table else (lambda y: f"{y:,.2f} 元")
    r = row(doc_id, check, f"{what}: expected {show(expected)}, found {show(found)} "
            f"(off by {show(found - expected)})", show(expected), show(found), table_id)
    if diff <= tol + 2 * unit_yuan + 1e-6 and r["severity"] == "error":
        r["severity"] = "warning"
    return [r]


# ---- within a table --------------------------------------------------------------

def _coded(table: Table) -> dict[str, tuple]:
    """code → the entry printing it (the first one)."""
    out: dict[str, tuple] = {}
    for key in table.entries:
        if key[1] and key[1] not in out:
            out[key[1]] = key
    return out


def _children(code: str, codes: dict[str, tuple]) -> list[str]:
    """The next printed level under a code: its 款 (5 digits), else its 项 (7)."""
    for width in range(len(code) + 2, 8, 2):
        kids = [c for c in codes if len(c) == width and c.startswith(code)]
        if kids:
            return kids
    return []


def _value(table: Table, key: tuple, column: str) -> tuple[float, dict | None]:
    """An entry's amount in a column; a blank cell of a printed line is 0."""
    ln = table.entries.get(key, {}).get(column)
    return (ln["amount_yuan"], ln) if ln else (0.0, None)


def _sum_check(doc_id, check, table: Table, what: str, parent: tuple, children: list[tuple]) -> list[dict]:
    out = []
    for col in table.columns:
        if NOT_PART.search(col):
            continue
        total, tln = _value(table, parent, col)
        parts = [_value(table, key, col) for key in children]
        if tln is None and not any(p[1] for p in parts):
            continue
        found = sum(v for v, _ in parts)
        tol = table.half(tln) + sum(table.half(p) for _, p in parts if p)
        out += compare(doc_id, check, table, f"{table.name} / {col} / {what}", total, found, tol,
                       2 * table.half(tln), table.meta.get("table_id"))
    return out


def check_hierarchy(doc_id, table: Table) -> list[dict]:
    """合计 = Σ 类; 类 = Σ 款; 款 = Σ 项."""
    codes = _coded(table)
    if not codes:
        return []
    out = []
    classes = [c for c in codes if len(c) == 3]
    total = next((key for key in table.entries if not key[1]
                  and TOTAL_ITEM.match(key[2].replace(" ", ""))), None)
    if total is not None and classes:
        out += _sum_check(doc_id, "budget_total_sum", table, "合计 vs Σ 类", total,
                          [codes[c] for c in classes])
    for code, key in codes.items():
        kids = _children(code, codes)
        if not kids or len(code) not in (3, 5):
            continue
        check = "budget_class_sum" if len(code) == 3 else "budget_subclass_sum"
        out += _sum_check(doc_id, check, table, f"{code} {key[2]} vs Σ {len(kids)} sub-lines", key,
                          [codes[k] for k in kids])
    return out


def total_groups(columns: list[str], three_public: bool) -> list[tuple[str, list[str], str]]:
    """(total column, the columns it totals, check) from the header paths: a column
    whose leaf is 合计/小计/总计 totals its siblings (a sibling group by its own
    total, else by its leaves)."""
    out = []
    for col in columns:
        prefix, _, leaf = col.rpartition("/")
        if not TOTAL_LEAF.search(leaf) or NOT_PART.search(col):
            continue
        kids: dict[str, list[str]] = defaultdict(list)
        for other in columns:
            if other == col or NOT_PART.search(other):
                continue
            if prefix and not other.startswith(prefix + "/"):
                continue
            rest = other[len(prefix) + 1:] if prefix else other
            kids[rest.split("/")[0]].append(other)
        parts = []
        for name, cols in kids.items():
            if three_public and not THREE_PUBLIC_PARTS.search(name):
                continue
            if len(cols) == 1:
                parts.append(cols[0])
            else:
                sub = [c for c in cols if TOTAL_LEAF.search(c.rsplit("/", 1)[-1]) and c.count("/") == col.count("/") + 1]
                parts.extend(sub[:1] or [c for c in cols if c.count("/") == col.count("/") + 1])
        check = "budget_three_public" if three_public and THREE_PUBLIC_PARTS.search(" ".join(parts)) and \
            not prefix.endswith("公务用车购置及运行费") else "budget_row_total"
        if len(parts) >= 2:
            out.append((col, parts, check))
    return out


def check_row_totals(doc_id, table: Table) -> list[dict]:
    out = []
    three = table.meta.get("kind") == "three_public"
    for total_col, parts, check in total_groups(table.columns, three):
        for key in table.entries:
            total, tln = _value(table, key, total_col)
            vals = [_value(table, key, c) for c in parts]
            if tln is None or not any(v[1] for v in vals):
                continue
            item = key[2] or key[1] or f"line {key[0]}"
            tol = table.half(tln) + sum(table.half(v) for _, v in vals if v)
            out += compare(doc_id, check, table, f"{table.name} / {item}: {total_col} vs "
                           + " + ".join(p.rsplit("/", 1)[-1] for p in parts),
                           total, sum(v for v, _ in vals), tol, 2 * table.half(tln), table.meta.get("table_id"))
    return out


def _side_total(table: Table, side: str) -> dict | None:
    """The 收入 or 支出 grand total of a two-sided table: its 总计 line (else 本年…合计)
    on that side — the side named in the label, or in the column's group header when
    both sides print a bare 总计."""
    def on_side(ln):
        item = (ln.get("item") or "").replace(" ", "")
        other = "支出" if side == "收入" else "收入"
        return side in item or (other not in item and side in ln["column"].split("/")[0])
    for pat in (r"总计$", rf"本年{side}合计$|{side}合计$"):
        for ln in table.lines:
            if re.search(pat, (ln.get("item") or "").replace(" ", "")) and on_side(ln):
                return ln
    return None


def check_balance(doc_id, table: Table) -> list[dict]:
    inc, exp = _side_total(table, "收入"), _side_total(table, "支出")
    if not inc or not exp or inc is exp:
        return []
    tol = table.half(inc) + table.half(exp)
    return compare(doc_id, "budget_balance", table, f"{table.name}: {exp['item']} vs {inc['item']}",
                   inc["amount_yuan"], exp["amount_yuan"], tol, 2 * table.half(inc), table.meta.get("table_id"))


# ---- across tables ---------------------------------------------------------------

def main_total(table: Table, prefer: str | None = None) -> dict | None:
    """The table's grand total: its 合计 line in the first total column (the latest
    year's where a table compares years), or the column matching `prefer`."""
    total_lines = [ln for ln in table.lines if not ln.get("code")
                   and TOTAL_ITEM.match((ln.get("item") or "").replace(" ", ""))]
    if not total_lines:
        return None
    years = [int(y) for ln in total_lines for y in re.findall(r"(20\d\d)年", ln["column"])]
    latest = str(max(years)) if years else None

    def ok(ln):
        col = ln["column"]
        return not NOT_PART.search(col) and (latest is None or latest in col or not re.search(r"20\d\d年", col))
    cands = [ln for ln in total_lines if ok(ln)]
    if prefer:
        return next((ln for ln in cands if re.search(prefer, ln["column"])), None)
    return next((ln for ln in cands if TOTAL_LEAF.search(ln["column"].rsplit("/", 1)[-1])), cands[0] if cands else None)


def basic_total(table: Table) -> tuple[float, float] | None:
    """The 基本支出表's grand total and its tolerance: its 合计 line, or the sum of
    its half totals (人员经费合计 + 公用经费合计) when printed in two halves."""
    ln = main_total(table)
    if ln:
        return ln["amount_yuan"], table.half(ln)
    halves: dict[tuple, dict] = {}
    for x in table.lines:
        if not x.get("code") and re.search(r"合计$", (x.get("item") or "")):
            halves.setdefault((x["line"], x["item"]), x)
    if len(halves) < 2:
        return None
    return sum(x["amount_yuan"] for x in halves.values()), sum(table.half(x) for x in halves.values())


def fiscal_general(table: Table) -> dict | None:
    """The 一般公共预算 spending of a 财政拨款收支总表: this year's spending line
    (本年支出合计 / 一、本年支出, else 支出总计) in the 一般公共预算 column."""
    cols = [c for c in table.columns if "一般公共预算" in c and "收入" not in c.split("/")[0]]
    if not cols:
        return None
    for pat in (r"本年支出合计", r"^[一1][、.]?本年支出$", r"支出总计|^总计$"):
        for ln in table.lines:
            if ln["column"] in cols and re.search(pat, (ln.get("item") or "").replace(" ", "")):
                return ln
    return None


def check_cross(doc_id, tables: list[Table]) -> list[dict]:
    by_kind: dict[str, list[Table]] = defaultdict(list)
    for t in tables:
        by_kind[t.meta.get("kind")].append(t)
    out = []
    general = by_kind.get("general_expenditure", [])
    if len(general) == 1:
        g = general[0]
        gt = main_total(g)
        for f in by_kind.get("fiscal_summary", []):
            fl = fiscal_general(f)
            if fl and gt:
                out += compare(doc_id, "budget_cross_general", g,
                               f"{g.name} 合计 vs {f.name} / {fl['item']} / {fl['column']}",
                               fl["amount_yuan"], gt["amount_yuan"], f.half(fl) + g.half(gt),
                               2 * g.half(gt), g.meta.get("table_id"))
        gb = main_total(g, prefer=r"基本支出")
        for b in by_kind.get("general_basic", []):
            bt = basic_total(b)
            if gb and bt:
                out += compare(doc_id, "budget_cross_basic", b, f"{b.name} 合计 vs {g.name} / {gb['column']}",
                               gb["amount_yuan"], bt[0], bt[1] + g.half(gb), 2 * g.half(gb),
                               b.meta.get("table_id"))
    return out


def _norm_name(s: str | None) -> str:
    s = re.sub(r"\s+", "", s or "")
    return re.sub(r"^(?:19|20)\d\d年(?:度)?", "", s)


def check_projects(doc_id, tables: list[Table], projects: list[dict]) -> list[dict]:
    """A 项目支出表 line against the performance project of the same name."""
    named = defaultdict(list)
    for p in projects:
        if p.get("kind") == "project" and p.get("amount_yuan") is not None:
            named[_norm_name(p.get("name"))].append(p)
    out = []
    for t in tables:
        if t.meta.get("kind") != "project_expenditure":
            continue
        seen = set()
        for ln in t.lines:
            key = _norm_name(ln.get("item"))
            if key in seen or key not in named or len(named[key]) != 1:
                continue
            seen.add(key)
            mine = list(t.entries[entry_key(ln)].values())
            best = next((x for x in mine if TOTAL_LEAF.search(x["column"].rsplit("/", 1)[-1])), mine[0])
            p = named[key][0]
            r = compare(doc_id, "budget_project_amount", t, f"{t.name} / {ln['item']} vs its performance target table",
                        p["amount_yuan"], best["amount_yuan"], 2 * t.half(best), 2 * t.half(best),
                        t.meta.get("table_id"))
            for x in r:
                x["project_id"] = p.get("project_id")
            out += r
    return out


def run_checks(result) -> list[dict]:
    doc_id = result.document["doc_id"]
    lines = defaultdict(list)
    for ln in result.budget_lines or []:
        lines[ln["table_id"]].append(ln)
    tables = [Table(t, lines.get(t["table_id"], [])) for t in result.budget_tables or []]
    out = []
    for t in tables:
        if t.meta.get("n_unread"):
            out.append(row(doc_id, "budget_unread", f"{t.name}: {t.meta['n_unread']} cell(s) of its amount columns "
                           f"are not numbers, e.g. {t.meta.get('unread_example')!r}; their amounts are missing",
                           found=str(t.meta["n_unread"]), table_id=t.meta.get("table_id")))
        if not t.lines:
            continue
        out += check_hierarchy(doc_id, t)
        out += check_row_totals(doc_id, t)
        if t.meta.get("kind") in ("summary", "fiscal_summary"):
            out += check_balance(doc_id, t)
    out += check_cross(doc_id, tables)
    out += check_projects(doc_id, tables, result.projects or [])
    return out
