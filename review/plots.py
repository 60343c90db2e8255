"""Small matplotlib plots rendered to inline SVG (text as paths: no font needed to view)."""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "WenQuanYi Zen Hei",
             "SimHei", "Microsoft YaHei", "PingFang SC", "Arial Unicode MS")


def setup_fonts() -> None:
    """Prefer an installed CJK font so project names are not drawn as boxes."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    cjk = [f for f in CJK_FONTS if f in installed]
    plt.rcParams.update({"font.family": "sans-serif", "font.sans-serif": cjk + ["DejaVu Sans"],
                         "axes.unicode_minus": False, "svg.fonttype": "path"})


def to_svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    svg = buf.getvalue()
    return svg[svg.index("<svg"):]  # drop the XML prolog and doctype: it is inlined in HTML


def short(text: str, n: int = 22) -> str:
    text = str(text or "")
    return text if len(text) <= n else text[: n - 1] + "…"


def projects_by_amount(projects: pd.DataFrame, top: int = 25) -> str | None:
    rows = projects[(projects["kind"] == "project") & projects["amount_yuan"].notna()]
    if rows.empty:
        return None
    rows = rows.nlargest(top, "amount_yuan").iloc[::-1]
    setup_fonts()
    fig, ax = plt.subplots(figsize=(7, 0.28 * len(rows) + 1.0))
    ax.barh(range(len(rows)), rows["amount_yuan"] / 1e4, color="#4c78a8")
    ax.set_yticks(range(len(rows)), [short(n) for n in rows["name"]], fontsize=8)
    ax.set_xlabel("amount (万元)")
    ax.set_title(f"Largest {len(rows)} projects by amount")
    ax.grid(axis="x", alpha=0.3)
    return to_svg(fig)


def indicators_per_level1(indicators: pd.DataFrame) -> str | None:
    if indicators.empty:
        return None
    counts = indicators["level1"].fillna("(none)").value_counts()
    setup_fonts()
    fig, ax = plt.subplots(figsize=(5, 0.35 * len(counts) + 1.0))
    ax.barh(range(len(counts)), counts.values, color="#f58518")
    ax.set_yticks(range(len(counts)), list(counts.index), fontsize=9)
    ax.invert_yaxis()
    for i, n in enumerate(counts.values):
        ax.text(n, i, f" {n}", va="center", fontsize=8)
    ax.set_xlabel("indicator rows")
    ax.set_title("Indicators per 一级指标")
    return to_svg(fig)
