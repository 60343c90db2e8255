"""Review report: targets beside what was achieved (绩效自评表).

Per self-evaluated project: the funds line (budget, executed, 执行率, score) and
every indicator's target, actual value, score out of its maximum and the reason
printed for a shortfall; rows whose actual value misses the target are marked,
and a plot puts numeric targets against actuals (below the diagonal: missed).
"""
from __future__ import annotations

import pandas as pd

from budgetpdf.review.html import esc

from budgetpdf.review.plots import plt, setup_fonts, short, to_svg




def _num(x) -> str:
    return "" if x is None or pd.isna(x) else f"{x:g}"


def _money(x) -> str:
    return "—" if x is None or pd.isna(x) else f"{x:,.2f}"


def missed(ind: pd.DataFrame) -> pd.Series:
    """Actual on the wrong side of a ≥ / ≤ target, in the same base unit."""
    same = ind["annual_unit_std"].fillna("") == ind["actual_unit_std"].fillna("")
    a, t = ind["actual_value_std"], ind["annual_value_std"]
    below = (ind["annual_op"] == ">=") & (a < t)
    above = (ind["annual_op"] == "<=") & (a > t)
    return (same & (below | above)).fillna(False)


def target_plot(ind: pd.DataFrame) -> str | None:
    num = ind[ind["annual_value_std"].notna() & ind["actual_value_std"].notna()
              & (ind["annual_unit_std"].fillna("") == ind["actual_unit_std"].fillna(""))]
    if len(num) < 2:
        return None
    setup_fonts()
    fig, ax = plt.subplots(figsize=(4.2, 4.2))
    colors = ["#e45756" if m else "#4c78a8" for m in missed(num)]
    ax.scatter(num["annual_value_std"], num["actual_value_std"], c=colors, s=18)
    for _, r in num.iterrows():
        ax.annotate(short(r["name"], 10), (r["annual_value_std"], r["actual_value_std"]), fontsize=6)
    top = float(max(num["annual_value_std"].max(), num["actual_value_std"].max())) * 1.1 or 1.0
    ax.plot([0, top], [0, top], color="grey", lw=0.7)
    ax.set_xlabel("target")
    ax.set_ylabel("actual")
    return to_svg(fig)


def project_section(p, ind: pd.DataFrame) -> str:
    miss = missed(ind) if not ind.empty else pd.Series(dtype=bool)
    rows = []
    for (_, r), m in zip(ind.iterrows(), miss):
        rows.append(f'<tr class="{"bad" if m else ""}"><td>{esc(r["level1"])}</td><td>{esc(r["name"])}</td>'
                    f'<td>{esc(r["annual_raw"])}</td><td>{esc(r["actual_raw"])}</td>'
                    f'<td>{_num(r["score"])} / {_num(r["score_max"])}</td><td>{esc(r["deviation"])}</td></tr>')
    funds = (f"budget {_money(p.budget_full_yuan)} 元, executed {_money(p.executed_yuan)} 元, "
             f"执行率 {_num(p.execution_rate)}%, funds score {_num(p.budget_score)} / {_num(p.budget_score_max)}; "
             f"总分 {_num(p.total_score)} / {_num(p.total_score_max)}")
    plot = target_plot(ind) or ""
    return (f"<h4>{esc(p.name)}</h4><p>{funds}</p><div class='tva'>"
            "<table><tr><th>level 1</th><th>indicator</th><th>target</th><th>actual</th><th>score</th>"
            f"<th>reason for a shortfall</th></tr>{''.join(rows)}</table>{plot}</div>")


def section(t: dict[str, pd.DataFrame]) -> str:
    """The report's target-versus-actual part (empty when no 自评表 was read)."""
    projects, indicators = t["projects"], t["indicators"]
    if projects.empty or "table_kind" not in projects:
        return ""
    se = projects[projects["table_kind"] == "self_evaluation"]
    if se.empty:
        return ""
    parts = [f"<h2 id='target-vs-actual'>Target versus actual ({len(se)} self-evaluated projects)</h2>",
             "<p>Rows in red missed their target; the plot puts numeric targets against actuals "
             "(below the diagonal: missed a ≥ target).</p>"]
    for p in se.itertuples():
        parts.append(project_section(p, indicators[indicators["project_id"] == p.project_id]))
    return "".join(parts)
