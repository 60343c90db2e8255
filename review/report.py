"""One self-contained HTML review report of a run's output folder.

Reads OUT/ (documents, projects, indicators, checks), re-opens each source PDF
to draw its pages with the extracted cells outlined, and writes a single HTML
file: page images as base64 PNG (each page stored once in an SVG <defs> and
reused by every project on it), plots as inline SVG, no script, no server.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from budgetpdf.review import budget as budget_review
from budgetpdf.review.html import esc, money, table, worst
from budgetpdf.review import selfeval as selfeval_review
from budgetpdf.review import plots
from budgetpdf.schemas.io import read_table
from budgetpdf.review.pages import locate, render_pages

CSS = """.tva { display: flex; gap: 1em; align-items: flex-start } tr.bad td { background: #fde2e2 }

body{font:14px/1.45 system-ui,"Noto Sans CJK SC",sans-serif;margin:1.2em 2em;color:#222}
h1{font-size:1.5em;margin:.2em 0} h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0;font-size:13px} th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top}
th{background:#f3f3f3;text-align:left} td.n{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#17803d;font-weight:600} .partial{color:#b26b00;font-weight:600} .failed{color:#c01c28;font-weight:600}
.error{background:#fde8e8} .warning{background:#fff5d6} .info{background:#eef4ff}
.cards{display:flex;gap:1em;flex-wrap:wrap} .card{border:1px solid #ddd;border-radius:6px;padding:.5em 1em;min-width:8em}
.card b{display:block;font-size:1.6em} .plots{display:flex;gap:2em;flex-wrap:wrap;align-items:flex-start}
.plots svg{max-width:100%;height:auto} svg.thumb{width:150px;height:auto;border:1px solid #bbb;margin:1px}
svg.page{width:100%;max-width:900px;height:auto;border:1px solid #999} .muted{color:#777}
section.doc{margin-top:2em} details summary{cursor:pointer;color:#555}
"""
MAX_LISTED_CHECKS = 400










def anchor(doc_id: str) -> str:
    return f"doc-{doc_id[:16]}"


# ---- sections -------------------------------------------------------------------

def overview(t: dict[str, pd.DataFrame], out: Path) -> str:
    docs, checks = t["documents"], t["checks"]
    status = docs["status"].value_counts() if not docs.empty else pd.Series(dtype=int)
    sev = checks["severity"].value_counts() if not checks.empty else pd.Series(dtype=int)
    cards = [("documents", len(docs)), *[(f"status {k}", v) for k, v in status.items()],
             ("projects", len(t["projects"])), ("indicators", len(t["indicators"])),
             ("budget tables", len(t.get("budget_tables", ()))),
             *[(f"check {k}s", v) for k, v in sev.items()]]
    html_cards = "".join(f'<div class="card"><b>{v}</b>{esc(k)}</div>' for k, v in cards)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (f"<h1>budgetpdf review: {esc(out.name or out)}</h1>"
            f'<p class="muted">output folder {esc(out.resolve())} · report written {stamp}</p>'
            f'<div class="cards">{html_cards}</div>')


def documents_section(t: dict[str, pd.DataFrame]) -> str:
    docs, checks = t["documents"], t["checks"]
    if docs.empty:
        return "<h2>Documents</h2><p>No documents in this output folder.</p>"
    by_sev = checks.groupby(["doc_id", "severity"]).size() if not checks.empty else pd.Series(dtype=int)
    rows, classes = [], []
    for d in docs.sort_values(["status", "file_name"]).itertuples():
        n_err = int(by_sev.get((d.doc_id, "error"), 0))
        n_warn = int(by_sev.get((d.doc_id, "warning"), 0))
        rows.append([f'<a href="#{anchor(d.doc_id)}">{esc(d.file_name)}</a>',
                     f'<span class="{esc(d.status)}">{esc(d.status)}</span>',
                     esc(getattr(d, "family", None)), f"#{esc(d.pages)}", f"#{esc(d.n_projects)}",
                     f"#{esc(d.n_indicators)}", f"#{n_err}", f"#{n_warn}", esc(d.error)])
        classes.append("error" if n_err or d.status == "failed" else "")
    return "<h2>Documents</h2>" + table(
        ["file", "status", "family", "pages", "projects", "indicators", "check errors",
         "check warnings", "error"], rows, classes)


def checks_section(t: dict[str, pd.DataFrame]) -> str:
    checks = t["checks"]
    if checks.empty:
        return "<h2>Check failures</h2><p class=ok>Every check passed.</p>"
    counts = checks.groupby(["check", "severity"]).size().reset_index(name="n")
    summary = table(["check", "severity", "failures"],
                    [[esc(r.check), esc(r.severity), f"#{r.n}"] for r in counts.itertuples()],
                    [r.severity for r in counts.itertuples()])
    names = t["documents"].set_index("doc_id")["file_name"] if not t["documents"].empty else {}
    projects = t["projects"].set_index("project_id")["name"] if not t["projects"].empty else {}
    order = {"error": 0, "warning": 1, "info": 2}
    listed = checks.assign(o=checks["severity"].map(order)).sort_values(["o", "doc_id"])
    rows = [[f'<a href="#{anchor(r.doc_id)}">{esc(names.get(r.doc_id, r.doc_id[:12]))}</a>',
             esc(projects.get(r.project_id) if r.project_id else ""), esc(r.check), esc(r.message),
             esc(r.expected), esc(r.found)] for r in listed.head(MAX_LISTED_CHECKS).itertuples()]
    more = len(listed) - len(rows)
    note = f'<p class="muted">{more} more not listed; see OUT/checks.</p>' if more > 0 else ""
    return ("<h2>Check failures</h2>" + summary + table(
        ["document", "project", "check", "message", "expected", "found"], rows,
        list(listed.head(MAX_LISTED_CHECKS)["severity"])) + note)


def plots_section(t: dict[str, pd.DataFrame]) -> str:
    svgs = [s for s in (plots.projects_by_amount(t["projects"]),
                        plots.indicators_per_level1(t["indicators"])) if s]
    if not svgs:
        return ""
    return '<h2>Overview plots</h2><div class="plots">' + "".join(f"<div>{s}</div>" for s in svgs) + "</div>"


def page_defs(doc_key: str, images) -> str:
    """Each page image once, as an SVG symbol-like <image> other SVGs <use>."""
    items = "".join(
        f'<image id="{doc_key}-p{im.page_no}" width="{im.width}" height="{im.height}" '
        f'href="data:image/png;base64,{im.png_b64}"/>' for im in images)
    return f'<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>{items}</defs></svg>'


def use_page(doc_key: str, im, cls: str) -> str:
    return (f'<svg class="{cls}" viewBox="0 0 {im.width} {im.height}" role="img" '
            f'aria-label="page {im.page_no}"><use href="#{doc_key}-p{im.page_no}"/></svg>')


def project_rows(projects: pd.DataFrame, indicators: pd.DataFrame, checks: pd.DataFrame,
                 doc_key: str, images: dict) -> str:
    n_ind = indicators.groupby("project_id").size() if not indicators.empty else {}
    by_project = checks.groupby("project_id") if not checks.empty else None
    rows, classes = [], []
    for p in projects.sort_values("seq").itertuples():
        issues = by_project.get_group(p.project_id) if by_project is not None and \
            p.project_id in by_project.groups else checks.iloc[0:0]
        pages = range(int(p.page_start or 1), int(p.page_end or p.page_start or 1) + 1)
        thumbs = "".join(f'<a href="#{doc_key}-full{n}">{use_page(doc_key, images[n], "thumb")}</a>'
                         for n in pages if n in images)
        rows.append([f"#{p.seq}", esc(p.kind), esc(p.name), f"#{money(p.amount_yuan)}",
                     f"{p.page_start}–{p.page_end}", f"#{n_ind.get(p.project_id, 0)}",
                     "<br>".join(f"<b>{esc(c.check)}</b>: {esc(c.message)}" for c in issues.itertuples()),
                     thumbs or '<span class="muted">no image</span>'])
        classes.append(worst(issues["severity"]))
    return table(["#", "kind", "name", "amount (万元)", "pages", "indicators", "checks", "page images"],
                 rows, classes)


def document_section(d, t, images: dict, problem: str | None) -> str:
    doc_key = anchor(d.doc_id)
    projects = t["projects"][t["projects"]["doc_id"] == d.doc_id]
    indicators = t["indicators"][t["indicators"]["doc_id"] == d.doc_id]
    checks = t["checks"][t["checks"]["doc_id"] == d.doc_id]
    doc_checks = checks[checks["project_id"].isna() & ~checks["check"].str.startswith("budget_")]
    parts = [f'<section class="doc" id="{doc_key}"><h2>{esc(d.file_name)} '
             f'<span class="{esc(d.status)}">{esc(d.status)}</span></h2>',
             f'<p>{esc(d.title)} · {esc(d.department)} · {esc(d.year)} · {esc(d.pages)} pages · '
             f'<span class="muted">{esc(d.source)}</span></p>']
    if d.error:
        parts.append(f'<p class="failed">{esc(d.error)}</p>')
    if problem:
        parts.append(f'<p class="muted">page images: {esc(problem)}</p>')
    if images:
        parts.append(page_defs(doc_key, images.values()))
    for c in doc_checks.itertuples():
        parts.append(f'<p class="{esc(c.severity)}"><b>{esc(c.check)}</b>: {esc(c.message)}</p>')
    if not projects.empty:
        parts.append(project_rows(projects, indicators, checks, doc_key, images))
    parts.append(budget_review.document_section(d.doc_id, t))
    if images:
        full = "".join(f'<p id="{doc_key}-full{n}">page {n} ({im.n_cells} cells outlined)<br>'
                       f'{use_page(doc_key, im, "page")}</p>' for n, im in sorted(images.items()))
        parts.append(f"<details><summary>full pages</summary>{full}</details>")
    return "".join(parts) + "</section>"


def wanted_pages(d, projects: pd.DataFrame) -> list[int]:
    """Pages the document's projects span; page 1 for a document without projects."""
    rows = projects[projects["doc_id"] == d.doc_id]
    pages = {n for p in rows.itertuples()
             for n in range(int(p.page_start or 1), int(p.page_end or p.page_start or 1) + 1)}
    return sorted(pages) or ([1] if (d.pages or 0) > 0 else [])


def build_report(out, html_path, ocr: str = "auto", resolution: int = 50, max_pages: int = 300,
                 pdf_dirs: list | None = None) -> Path:
    """Write the report; returns its path.  `max_pages` bounds the page images embedded."""
    out, html_path = Path(out), Path(html_path)
    t = {name: read_table(out, name) for name in ("documents", "projects", "indicators", "checks",
                                                  "budget_tables", "budget_lines")}
    budget, sections = max_pages, []
    for d in t["documents"].sort_values("file_name").itertuples():
        pages = wanted_pages(d, t["projects"])[:max(budget, 0)]
        images, problem = {}, None
        path = locate(d.source, d.file_name, [Path(p) for p in pdf_dirs or []]) if pages else None
        if pages and path is None:
            problem = "source PDF not found"
        elif path is not None:
            rendered, problem = render_pages(path, pages, ocr=ocr, resolution=resolution)
            images = {im.page_no: im for im in rendered}
            budget -= len(images)
        if d.pages and not pages and budget <= 0:
            problem = f"not rendered: the report's limit of {max_pages} page images was reached"
        sections.append(document_section(d, t, images, problem))
    body = (overview(t, out) + documents_section(t) + checks_section(t) + budget_review.summary_section(t)
            + selfeval_review.section(t) + plots_section(t) + "".join(sections))
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">'
        '<link rel="icon" href="data:,"><meta name="viewport" content="width=device-width">'
        f"<title>budgetpdf review: {esc(out.name)}</title><style>{CSS}</style></head>"
        f"<body>{body}</body></html>", encoding="utf-8")
    return html_path
