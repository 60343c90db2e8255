"""Shared by the corpus tests: read a committed corpus PDF and score it strictly
against its truth (corpus/score.py's scorer)."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from budgetpdf.process import process_document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
_spec = importlib.util.spec_from_file_location("corpus_score", CORPUS / "score.py")
score = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score)

TEMPLATES = ["hn_xiangtan_wupaoche_2024", "yn_yongde_yingyang_2022", "fj_sheng_tailian_2017",
             "hb_ezhou_dalou_2022", "hn_xiangxi_tejiao_2023", "nm_wuhai_gxs_2021",
             "nx_cqcz_tyss_2019", "sc_zhaohua_mafeng_2021"]
WHOLE = ["sc_kaijiang_wentilvju_dwys_2023", "hn_miluo_tieshanguanqu_bmjs_2024",
         "hen_qixian_caizhengju_bmys_2023", "ln_benxi_guanyinge_bmjs_2023", "sd_yutai_caizhengju_bmys_2023"]
TEXT_FORMS = ["grid", "hrules", "norules", "office"]


def cases(ids, forms):
    return [(i, f) for i in ids for f in forms if (CORPUS / "pdf" / f / f"{i}.pdf").exists()]


def scored(doc: str, form: str, path: Path | None = None) -> dict:
    """The document's form (or `path`, a copy of it) read and scored against its truth."""
    result = process_document(path or CORPUS / "pdf" / form / f"{doc}.pdf")
    tables = {name: _frame(name, getattr(result, name) if name != "documents" else [result.document])
              for name in ("documents", "projects", "indicators", "budget_tables", "budget_lines")}
    truth = json.loads((CORPUS / "truth" / f"{doc}.json").read_text(encoding="utf-8"))
    return score.score_document(tables, truth)


def _frame(name, rows):
    import pandas as pd
    from budgetpdf.schemas.tables import to_table
    return to_table(name, rows).to_pandas() if rows else pd.DataFrame()


def fmt(res: dict) -> str:
    return json.dumps(res["details"], ensure_ascii=False, default=str)[:1500]
