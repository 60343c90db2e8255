"""The pipeline on real templates of other provinces (the development corpus), scored
strictly against their truth: the fast subset whose PDFs are committed.

`make corpus` scores every template in every form; these tests keep a sample of
layouts — a 2015-style project table, a self-evaluation with split comparator |
value | unit columns, a 2017 template with 投入/产出 and 目标N rows, level-2 names
under a 一级 header, a multi-project grid cut by page breaks, a budget-system
export with weights, a notice printed before its table, a header block with a
nested funds list, and two whole documents — in each form they are committed in.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from budgetpdf.process import process_document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
_spec = importlib.util.spec_from_file_location("corpus_score", CORPUS / "score.py")
score = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score)

TEMPLATES = ["hn_xiangtan_wupaoche_2024", "yn_yongde_yingyang_2022", "fj_sheng_tailian_2017",
             "hb_ezhou_dalou_2022", "hn_xiangxi_tejiao_2023", "nm_wuhai_gxs_2021",
             "nx_cqcz_tyss_2019", "sc_zhaohua_mafeng_2021"]
WHOLE = ["sc_kaijiang_wentilvju_dwys_2023", "hn_miluo_tieshanguanqu_bmjs_2024"]
TEXT_FORMS = ["grid", "hrules", "norules", "office"]


def cases(ids, forms):
    return [(i, f) for i in ids for f in forms if (CORPUS / "pdf" / f / f"{i}.pdf").exists()]


def scored(doc: str, form: str) -> dict:
    result = process_document(CORPUS / "pdf" / form / f"{doc}.pdf")
    tables = {name: _frame(name, getattr(result, name) if name != "documents" else [result.document])
              for name in ("documents", "projects", "indicators", "budget_tables", "budget_lines")}
    truth = json.loads((CORPUS / "truth" / f"{doc}.json").read_text(encoding="utf-8"))
    return score.score_document(tables, truth)


def _frame(name, rows):
    import pandas as pd
    from budgetpdf.schemas.tables import to_table
    return to_table(name, rows).to_pandas() if rows else pd.DataFrame()


def _fmt(res: dict) -> str:
    return json.dumps(res["details"], ensure_ascii=False, default=str)[:1500]


@pytest.mark.parametrize("doc,form", cases(TEMPLATES, TEXT_FORMS), ids=lambda x: str(x))
def test_template_reads_as_its_truth(doc, form):
    res = scored(doc, form)
    m = res["metrics"]
    assert res["status"] == "ok", res
    assert m["project_f1"] >= 0.95 and m["indicator_f1"] >= 0.95, _fmt(res)
    assert m["value_acc"] >= 0.95, _fmt(res)


@pytest.mark.parametrize("doc,form", cases(WHOLE, TEXT_FORMS), ids=lambda x: str(x))
def test_whole_document_reads_as_its_truth(doc, form):
    res = scored(doc, form)
    m = res["metrics"]
    assert m["project_f1"] >= 0.95 and m["indicator_f1"] >= 0.95, _fmt(res)
    assert m["cell_f1"] >= 0.97 and m["table_recall"] == 1.0 and m["kind_acc"] >= 0.95, _fmt(res)
    assert m["doc_acc"] == 1.0, _fmt(res)


@pytest.mark.slow
@pytest.mark.parametrize("doc,form", cases(TEMPLATES[:2], ["scan"]), ids=lambda x: str(x))
def test_scanned_template_reads_as_its_truth(doc, form):
    res = scored(doc, form)
    m = res["metrics"]
    assert m["project_f1"] >= 0.95 and m["indicator_f1"] >= 0.95, _fmt(res)


def test_self_evaluation_columns():
    res = scored("yn_yongde_yingyang_2022", "grid")
    m = res["metrics"]
    assert m["actual_acc"] == 1.0 and m["score_acc"] == 1.0 and m["funds_acc"] == 1.0, _fmt(res)


def test_budget_tables_never_become_projects():
    """A whole 决算 document: nine budget tables read as tables, and the only
    projects are the ones its performance grid prints."""
    result = process_document(CORPUS / "pdf" / "grid" / "hn_miluo_tieshanguanqu_bmjs_2024.pdf")
    truth = json.loads((CORPUS / "truth" / "hn_miluo_tieshanguanqu_bmjs_2024.json").read_text())
    assert sorted(p["name"] for p in result.projects) == sorted(p["name"] for p in truth["projects"])
    assert len(result.budget_tables) == len(truth["budget_tables"])
    assert result.document["budget_stage"] == "final"
