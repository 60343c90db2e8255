"""Shared by the corpus scorer's tests: the scorer loaded by path (corpus/ is not a
package), a truth → perfect-output converter and two small truths."""
from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("corpus_score", ROOT / "corpus" / "score.py")
score = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score)

SELF_EVAL_KEYS = ("table_kind", "budget_initial_yuan", "budget_full_yuan", "executed_yuan",
                  "execution_rate", "budget_score_max", "budget_score", "goal_actual",
                  "total_score_max", "total_score")


def truth_to_tables(truth: dict, doc_id: str | None = None,
                    extracted_at="2025-01-01T00:00:00Z") -> dict[str, pd.DataFrame]:
    """The rows a perfect pipeline would write for one truth file (DATA_CONTRACT.md)."""
    doc_id = doc_id or ("d" + truth["doc"]).ljust(64, "0")[:64]
    documents = [{
        "doc_id": doc_id, "source": f"corpus/pdf/grid/{truth['doc']}.pdf",
        "file_name": f"{truth['doc']}.pdf", "title": truth.get("title"),
        "department": truth.get("department"), "year": truth.get("year"),
        "budget_stage": truth.get("budget_stage"), "pages": 1, "status": "ok", "error": None,
        "extracted_at": pd.Timestamp(extracted_at),
    }]
    projects, indicators = [], []
    for seq, p in enumerate(truth.get("projects") or [], 1):
        pid = f"{doc_id[:12]}-{seq:04d}"
        funds = p.get("funds_yuan") or {}
        row = {"doc_id": doc_id, "project_id": pid, "seq": seq,
               "fiscal_yuan": funds.get("fiscal"), "special_yuan": funds.get("special"),
               "other_yuan": funds.get("other")}
        for k in ("kind", "name", "project_type", "project_level", "department", "unit",
                  "start_year", "end_year", "amount_raw", "amount_yuan", "period_goal",
                  "annual_goal", "content") + SELF_EVAL_KEYS:
            row[k] = p.get(k)
        projects.append(row)
        for iseq, ind in enumerate(p.get("indicators") or [], 1):
            indicators.append({
                "doc_id": doc_id, "project_id": pid, "seq": iseq, "level1": ind.get("level1"),
                "level2": ind.get("level2"), "name": ind.get("name"),
                "period_raw": ind.get("period"), "annual_raw": ind.get("annual"),
                "actual_raw": ind.get("actual"), "score_max": ind.get("score_max"),
                "score": ind.get("score"), "deviation": ind.get("deviation")})
    tables, lines = [], []
    for seq, t in enumerate(truth.get("budget_tables") or [], 1):
        tid = f"{doc_id[:12]}-t{seq:03d}"
        cells = score.truth_cells(t)
        tables.append({"doc_id": doc_id, "table_id": tid, "seq": seq,
                       "kind": score.canonical_kind(t["name"]), "title": t.get("title"),
                       "number": t.get("no"), "unit": t.get("unit"), "empty": bool(t.get("empty")),
                       "note": t.get("note"), "n_lines": len(cells)})
        for c in cells:
            lines.append({"doc_id": doc_id, "table_id": tid, "line": c["row"] + 1,
                          "code": c["code"] or None, "item": c["item"], "column": c["column"],
                          "amount_raw": c["raw"], "amount_yuan": c["yuan"], "page": 1})
    out = {"documents": pd.DataFrame(documents), "projects": pd.DataFrame(projects),
           "indicators": pd.DataFrame(indicators)}
    if "budget_tables" in truth:
        out["budget_tables"] = pd.DataFrame(tables)
        out["budget_lines"] = pd.DataFrame(lines)
    return out


TRUTH = {
    "doc": "zz_unit_2024", "title": "2024年项目支出绩效目标表", "department": "示例县农业农村局",
    "year": 2024, "budget_stage": "budget", "amount_unit": "万元",
    "projects": [
        {"kind": "project", "name": "高标准农田建设管护", "project_type": "其他运转类",
         "project_level": None, "department": "示例县农业农村局", "unit": "示例县农田建设服务中心",
         "start_year": 2024, "end_year": 2025, "amount_raw": "125.60", "amount_yuan": 1256000.0,
         "funds_yuan": {"fiscal": 1200000.0, "special": None, "other": 56000.0},
         "period_goal": "完成全县3.2万亩高标准农田设施管护。", "annual_goal": None, "content": None,
         "indicators": [
             {"level1": "产出指标", "level2": "数量指标", "name": "管护面积", "period": None, "annual": "≥3.2万亩"},
             {"level1": "产出指标", "level2": "质量指标", "name": "工程设施完好率", "period": "≥90%", "annual": "≥95%"},
             {"level1": "效益指标", "level2": "社会效益指标", "name": "粮食稳产", "period": None, "annual": "持续发挥作用"},
             {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "农户满意度", "period": None, "annual": "≥90%"},
         ]},
        {"kind": "project", "name": "农村人居环境整治", "project_type": None, "project_level": None,
         "department": None, "unit": None, "start_year": None, "end_year": None,
         "amount_raw": "30", "amount_yuan": 300000.0,
         "funds_yuan": {"fiscal": None, "special": None, "other": None},
         "period_goal": None, "annual_goal": "完成20个村整治。", "content": None,
         "indicators": [
             {"level1": "产出指标", "level2": "数量指标", "name": "整治村数", "period": None, "annual": "20个"},
             {"level1": "产出指标", "level2": "数量指标", "name": "整治村数", "period": None, "annual": "20个"},
         ]},
    ],
    "budget_tables": [
        {"no": "一", "name": "部门收支总表", "title": "部门收支总表", "unit": "万元",
         "columns": ["收入/项目", "收入/预算数", "支出/项目", "支出/预算数"],
         "rows": [["一、一般公共预算拨款", "1,586.42", "一、农林水支出", "1,586.42"],
                  ["二、政府性基金预算拨款", "", "二、住房保障支出", "0.00"],
                  ["收入总计", "1,586.42", "支出总计", "1,586.42"]],
         "note": None, "empty": False},
        {"no": "五", "name": "一般公共预算支出表", "title": "一般公共预算支出表", "unit": "万元",
         "columns": ["科目编码/类", "科目编码/款", "科目编码/项", "科目名称", "合计",
                     "基本支出/人员经费", "基本支出/公用经费", "项目支出"],
         "rows": [["合计", "", "", "", "1,586.42", "402.15", "58.67", "1,125.60"],
                  ["213", "", "", "农林水支出", "1,586.42", "402.15", "58.67", "1,125.60"],
                  ["213", "01", "", "　农业农村", "1,586.42", "402.15", "58.67", "1,125.60"],
                  ["213", "01", "01", "　　行政运行", "460.82", "402.15", "58.67", ""]],
         "note": None, "empty": False},
        {"no": "七", "name": "“三公”经费支出表", "title": "“三公”经费支出表", "unit": "元",
         "columns": ["行次", "合计", "因公出国（境）费", "公务用车购置及运行费/公务用车运行费", "公务接待费"],
         "rows": [["1", "8,000.00", "0.00", "6,000.00", "2,000.00"]], "note": None, "empty": False},
        {"no": "八", "name": "政府性基金预算支出表", "title": "政府性基金预算支出表", "unit": "万元",
         "columns": ["科目编码", "科目名称", "合计"], "rows": [["", "", ""]],
         "note": "注：本部门无政府性基金预算支出，故本表为空表。", "empty": True},
    ],
}

SELF_EVAL = {
    "doc": "zz_selfeval_2023", "title": "项目支出绩效自评表", "department": "示例学校", "year": 2023,
    "budget_stage": "final",
    "projects": [
        {"kind": "project", "name": "暖通改造", "table_kind": "self_evaluation",
         "project_type": None, "project_level": None, "department": None, "unit": "示例学校",
         "start_year": None, "end_year": None, "amount_raw": "43.2", "amount_yuan": 432000.0,
         "funds_yuan": {"fiscal": 432000.0, "special": None, "other": None},
         "period_goal": None, "annual_goal": "完成改造", "content": None,
         "budget_initial_yuan": 432000.0, "budget_full_yuan": 432000.0, "executed_yuan": 372400.0,
         "execution_rate": 86.0, "budget_score_max": 10.0, "budget_score": 9.0,
         "goal_actual": "基本完成", "total_score_max": 100.0, "total_score": 92.5,
         "indicators": [
             {"level1": "产出指标", "level2": "数量指标", "name": "改造面积", "period": None,
              "annual": "≥3000平方米", "actual": "3200平方米", "score_max": 20.0, "score": 20.0,
              "deviation": None},
             {"level1": "效益指标", "level2": "社会效益指标", "name": "供暖达标率", "period": None,
              "annual": "100%", "actual": "97%", "score_max": 30.0, "score": 27.5,
              "deviation": "部分管网老化。"},
         ]},
    ],
}


def _score(truth, tables):
    return score.score_document(tables, truth)


def _applicable(m: dict) -> dict:
    return {k: v for k, v in m.items() if k != "fields" and v is not None}


def _mut(truth=TRUTH):
    return copy.deepcopy(truth), truth_to_tables(truth)
