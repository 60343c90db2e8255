"""Content (truth-format dict) -> page blocks (Lines and Tables), one builder per family.

Labels and column sets follow the published templates seen in the seed documents:
东莞 project tables (项目绩效目标表) with an optional 部门整体预算绩效目标表 block, the
望牛墩 side-by-side 整体支出绩效目标批复表, and the 广州 project lists.
"""
from __future__ import annotations

from itertools import groupby

from reportlab.lib.pagesizes import A4, landscape

from samples.layout import Cell, Line, Table

PORTRAIT_W = A4[0] - 84
LANDSCAPE_W = landscape(A4)[0] - 84


def _scale(widths, total):
    k = total / sum(widths)
    return [w * k for w in widths]


def _c(text, col, cs=1, rs=1, align="center"):
    return Cell(None if text is None else str(text), col, cs, rs, align)


def _t(text, col, cs=1, rs=1):
    return _c(text, col, cs, rs, "left")


def _runs(values):
    """(start, length) of each run of equal consecutive values."""
    out, i = [], 0
    for _, g in groupby(values):
        n = len(list(g))
        out.append((i, n))
        i += n
    return out


def with_slots(indicators, slots):
    """Print a template's fixed 二级指标 slots (e.g. 经济/社会/生态效益) as empty rows where
    the content has no indicator for them, as the real forms do."""
    out = []
    for l1, group in groupby(indicators, key=lambda i: i["level1"]):
        group = list(group)
        want = slots.get(l1)
        have = [k for k, _ in groupby(i["level2"] for i in group)]
        if not want or not set(have) <= set(want) or have != [w for w in want if w in have]:
            out += group
            continue
        for slot in want:
            rows = [i for i in group if i["level2"] == slot]
            out += rows or [{"level1": l1, "level2": slot, "name": None, "period": None, "annual": None}]
    return out


def indicator_rows(items, cols):
    """Cells for indicator rows; level1/level2 as merged spans. cols maps a role to its
    column(s): l1, l2 (list), name (list), period, annual."""
    rows = [[] for _ in items]
    for start, n in _runs([i["level1"] for i in items]):
        rows[start].append(_c(items[start]["level1"], cols["l1"], rs=n))
    keys = [(i["level1"], i["level2"]) if i["level2"] else id(i) for i in items]
    for start, n in _runs(keys):
        for col in cols["l2"]:
            rows[start].append(_c(items[start]["level2"], col, rs=n))
    for r, it in enumerate(items):
        rows[r] += [_t(it["name"], col) for col in cols["name"]]
        if "period" in cols:
            rows[r].append(_c(it["period"], cols["period"]))
        rows[r].append(_c(it["annual"], cols["annual"]))
    return rows


# ---------------------------------------------------------------- project tables (东莞)
PT_WIDTHS = _scale([58, 62, 74, 149, 84, 84], PORTRAIT_W)


def project_table(p, year, opts):
    rows = [[_c(label, 0), _t(p[key] or "", 1, 5)] for label, key in
            [("项目名称", "name"), ("项目类型", "project_type"), ("项目等级", "project_level"),
             ("主管部门", "department"), ("用款单位", "unit")]]
    rows.append([_c("实施周期", 0), _c("起始年度", 1), _c(p["start_year"], 2), _c("到期年度", 3),
                 _c(p["end_year"], 4, 2)])
    rows.append([_c(opts["budget_label"].format(year=year), 0), _t(p["amount_raw"], 1, 5)])
    rows += [[_c("总体绩效目标", 0, rs=4), _c("实施周期总目标", 1, 5)], [_t(p["period_goal"], 1, 5)],
             [_c(opts["goal_label"].format(year=year), 1, 5)], [_t(p["annual_goal"], 1, 5)]]
    items = with_slots(p["indicators"], opts.get("slots", {}))
    head = len(rows)
    rows.append([_c("绩效指标", 0, rs=1 + len(items)), _c("一级指标", 1), _c("二级指标", 2), _c("三级指标", 3),
                 _c("实施周期指标值", 4), _c(opts["annual_header"], 5)])
    rows += indicator_rows(items, {"l1": 1, "l2": [2], "name": [3], "period": 4, "annual": 5})
    repeat = [head] if p["name"] in opts.get("repeat_header", ()) else []
    return Table(PT_WIDTHS, rows, repeat=repeat, glue=[head], name=p["name"])


def department_block(d, dept, tasks, opts):
    info = d["department_info"] or {"staff": None, "sub_units": None, "budget_items": []}
    items = [(b["item"], b["raw"]) for b in info["budget_items"]] + [("", "")] * 8
    rows = [[_c("部门名称", 0), _t(dept["name"], 1, 5)],
            [_c("基本信息", 0), _c("财政供养人员数", 1, 2), _c(info["staff"], 3), _c("下属二级单位数", 4),
             _c(info["sub_units"], 5)]]
    heads = [("部门预算支出", "收入来源"), ("事业发展性支出", "按预算级次划分")]
    grid = []
    for k, (h1, h2) in enumerate(heads):
        grid.append((h1, "预算金额(万元)", h2, "预算金额(万元)"))
        for j in range(2):
            left, right = items[4 * k + j], items[4 * k + 2 + j]
            grid.append((left[0], left[1], right[0], right[1]))
    for r, (a, b, c, e) in enumerate(grid):
        row = [_c("预算整体情况", 0, rs=len(grid))] if r == 0 else []
        rows.append(row + [_t(a, 1, 2), _c(b, 3), _t(c, 4), _c(e, 5)])
    rows.append([_c("总体绩效目标", 0), _t(dept["period_goal"], 1, 5)])
    key = [t for t in tasks if t["annual_goal"] is not None]
    other = [t for t in tasks if t["annual_goal"] is None]
    if key:
        rows.append([_c("年度重点工作任务", 0, rs=1 + len(key)), _c("名称", 1), _c("主要实施内容", 2, 2),
                     _c("拟投入的资金(元)", 4), _c("期望达到的目标(概述)", 5)])
        rows += [[_t(t["name"], 1), _t(t["content"], 2, 2), _c(t["amount_raw"], 4), _t(t["annual_goal"], 5)]
                 for t in key]
    if other:
        rows.append([_c("其他需完成的任务（可选填）", 0, rs=1 + len(other)), _c("名称", 1), _c("目标内容", 2, 2),
                     _c("拟投入的资金（元）", 4, 2)])
        rows += [[_t(t["name"], 1), _t(t["content"], 2, 2), _c(t["amount_raw"], 4, 2)] for t in other]
    items = with_slots(dept["indicators"], opts.get("dept_slots", {}))
    rows.append([_c("绩效指标", 0, rs=1 + len(items)), _c("一级指标", 1), _c("二级指标", 2), _c("三级指标", 3),
                 _c("实施周期指标值", 4), _c("年度指标值", 5)])
    rows += indicator_rows(items, {"l1": 1, "l2": [2], "name": [3], "period": 4, "annual": 5})
    return Table(PT_WIDTHS, rows)


def project_tables(d, opts):
    blocks = []
    dept = [p for p in d["projects"] if p["kind"] == "department"]
    tasks = [p for p in d["projects"] if p["kind"] == "task"]
    if dept:
        blocks += [Line(center=d["title"] or "", size=16, bold=True, space=2),
                   Line(center=f"({d['year']}年)", size=10, space=8),
                   department_block(d, dept[0], tasks, opts)]
    for p in d["projects"]:
        if p["kind"] == "project":
            blocks += [Line(center=opts["project_heading"], size=15, bold=True, space=8),
                       project_table(p, d["year"], opts)]
    return A4, blocks


# ---------------------------------------------------------------- dept overall (望牛墩)
def dept_overall(d, opts):
    dept = next(p for p in d["projects"] if p["kind"] == "department")
    tasks = [p for p in d["projects"] if p["kind"] == "task"]
    widths = _scale([50, 50, 55, 95, 60, 55, 86, 60], PORTRAIT_W)
    rows = [[_c("部门（单位）名称", 0, 2), _t(dept["name"], 2, 6)],
            [_c("年度主要任务", 0, rs=len(tasks) + 2), _c("任务名称", 1, 2), _c("主要内容", 3, 3),
             _c(f"年度预算金额({d['amount_unit']})", 6, 2)]]
    rows += [[_t(t["name"], 1, 2), _t(t["content"], 3, 3), _c(t["amount_raw"], 6, 2)] for t in tasks]
    rows.append([_c("金额合计", 1, 2), _c("*", 3, 3), _c(dept["amount_raw"], 6, 2)])
    rows.append([_c("总体绩效目标", 0), _t(dept["period_goal"], 1, 7)])
    items = dept["indicators"]
    head = len(rows)
    rows.append([_c("绩效指标", 0, rs=1 + len(items)), _c("一级指标", 1), _c("二级指标", 2), _c("三级指标", 3),
                 _c("实施周期指标值(或计划水平)", 4), _c("二级指标", 5), _c("三级指标", 6),
                 _c("年度计划指标值(或计划水平)", 7)])
    rows += indicator_rows(items, {"l1": 1, "l2": [2, 5], "name": [3, 6], "period": 4, "annual": 7})
    for label, text in opts.get("footer_rows", []):
        rows.append([_c(label, 0, 2), _t(text, 2, 6)])
    blocks = [Line(center=d["title"] or "", size=16, bold=True, space=2),
              Line(center=f"({d['year']} 年度)", size=10, space=6)]
    if opts.get("approver"):
        blocks.append(Line(left=f"批复单位：{opts['approver']}", size=10, space=4))
    return A4, blocks + [Table(widths, rows, repeat=[head])]


# ---------------------------------------------------------------- project lists (广州)
L1_CODE = {"产出指标": "1", "效益指标": "2", "满意度指标": "3", "成本指标": "4"}
L2_CODE = {"数量指标": "11", "质量指标": "12", "时效指标": "13", "成本指标": "14", "经济效益": "21",
           "社会效益": "22", "生态效益": "23", "可持续影响": "24", "服务对象满意度": "31"}


def indicator_text(inds, style):
    if style == "coded":
        return "".join(f"{k}、{L1_CODE.get(i['level1'], '9')}-{i['level1']}；{L2_CODE.get(i['level2'], '99')}-"
                       f"{i['level2']}；{i['name']}；实施周期指标值:{i['period']}；年度指标值:{i['annual']}。"
                       for k, i in enumerate(inds, 1))
    return " ".join(f"{k}、{i['level1']}：{i['name']}，年度指标值：{i['annual']}。" for k, i in enumerate(inds, 1))


def _wan(yuan_values):
    vals = [v for v in yuan_values if v is not None]
    return f"{sum(vals) / 10000:,.2f}" if vals else ""


def _money_cells(ps):
    return [_c(_wan(p["amount_yuan"] for p in ps), 1, align="right")] + [
        _c(_wan(p["funds_yuan"][k] for p in ps), col, align="right")
        for col, k in ((2, "fiscal"), (3, "special"), (4, "other"))]


def project_list(d, opts):
    widths = _scale([150, 60, 60, 55, 50, 180, 202], LANDSCAPE_W)
    projects = [p for p in d["projects"] if p["kind"] == "project"]
    rows = [[_c(h, i) for i, h in enumerate(["项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款",
                                             "其他资金", "绩效目标", "绩效指标"])]]
    total = [_c("合计", 0)] + _money_cells(projects) + [_c("", 5), _c("", 6)]
    if opts.get("total_raw"):
        total[1] = _c(opts["total_raw"], 1, align="right")
    rows.append(total)
    for unit, group in groupby(projects, key=lambda p: p["unit"]):
        group = list(group)
        rows.append([_t(unit, 0)] + _money_cells(group) + [_c("", 5), _c("", 6)])
        for p in group:
            money = _money_cells([p])
            money[0] = _c(p["amount_raw"], 1, align="right")
            rows.append([_t(p["name"], 0)] + money +
                        [_t(p["annual_goal"], 5), _t(indicator_text(p["indicators"], d["list_style"]), 6)])
    blocks = [Line(center=d["title"] or "", size=15, bold=True, space=8),
              Line(left=f"部门名称：{d['department']}", right=f"单位：{d['amount_unit']}", size=9, space=4)]
    return landscape(A4), blocks + [Table(widths, rows, repeat=[0])]


BUILDERS = {"project_tables": project_tables, "dept_overall": dept_overall, "project_list": project_list}
