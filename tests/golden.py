"""Compare the pipeline's rows for a sample PDF with its hand-checked content file.

samples/content/<name>.json holds what a person reads in the sample (the devset's
truth format); it is what samples/generate.py rendered, checked by eye.
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def norm(x):
    if x is None or (isinstance(x, float) and x != x):
        return None
    s = regex.sub(r"\s+", "", unicodedata.normalize("NFKC", str(x))).replace("≧", "≥").replace("≦", "≤")
    s = s.rstrip("。")
    return s or None


def level2_stem(x):
    s = norm(x)
    return s[:-2] if s and s.endswith("指标") and len(s) > 2 else s


def load_content(name: str) -> dict:
    return json.loads((SAMPLES / "content" / f"{name}.json").read_text(encoding="utf-8"))


def expected_projects(content: dict) -> dict:
    return {(p["kind"], norm(p["name"])): p for p in content["projects"]}


def indicator_keys(rows) -> list[tuple]:
    return [(norm(r["level1"]), level2_stem(r["level2"]), norm(r["name"]),
             norm(r.get("period") if "period" in r else r.get("period_raw")),
             norm(r.get("annual") if "annual" in r else r.get("annual_raw"))) for r in rows]


PROJECT_FIELDS = ("project_type", "project_level", "department", "unit", "start_year", "end_year",
                  "amount_raw", "period_goal", "annual_goal", "content")


def compare(result, content: dict) -> list[str]:
    """Every difference between a DocResult and the content file, in words."""
    problems = []
    doc = result.document
    for key in ("title", "department", "year"):
        if norm(doc.get(key)) != norm(content.get(key)):
            problems.append(f"document {key}: want {content.get(key)!r} got {doc.get(key)!r}")
    want = expected_projects(content)
    got = {(p["kind"], norm(p["name"])): p for p in result.projects}
    for key in sorted(set(want) - set(got)):
        problems.append(f"missing project {key}")
    for key in sorted(set(got) - set(want)):
        problems.append(f"extra project {key}")
    inds = {}
    for row in result.indicators:
        inds.setdefault(row["project_id"], []).append(row)
    for key in sorted(set(want) & set(got)):
        w, g = want[key], got[key]
        for f in PROJECT_FIELDS:
            if norm(w.get(f)) != norm(g.get(f)):
                problems.append(f"{key[1]} {f}: want {w.get(f)!r} got {g.get(f)!r}")
        money = [("amount_yuan", w.get("amount_yuan"))] + [
            (f"{k}_yuan", (w.get("funds_yuan") or {}).get(k)) for k in ("fiscal", "special", "other")]
        for col, value in money:
            found = g.get(col)
            if (value is None) != (found is None) or (value is not None and abs(value - found) > 0.5):
                problems.append(f"{key[1]} {col}: want {value} got {found}")
        wi = indicator_keys(w.get("indicators") or [])
        gi = indicator_keys(sorted(inds.get(g["project_id"], []), key=lambda r: r["seq"]))
        if wi != gi:
            missing = [k for k in wi if k not in gi]
            extra = [k for k in gi if k not in wi]
            problems.append(f"{key[1]} indicators differ: missing {missing[:3]} extra {extra[:3]}"
                            f" ({len(wi)} wanted, {len(gi)} found)")
    return problems
