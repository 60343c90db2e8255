"""The output tables as pyarrow schemas: the contract with analysts.

DATA_CONTRACT.md's columns come first, in its order; extra columns follow.
Writers cast every batch to these schemas and the data dictionary
(`schemas/dictionary.md`) is generated from the field descriptions here.
"""
from __future__ import annotations

import pyarrow as pa

from budgetpdf._version import __version__

PIPELINE_VERSION = __version__  # one version: the distribution's

S, I32, F64 = pa.string(), pa.int32(), pa.float64()
TS = pa.timestamp("us", tz="UTC")


def _f(name: str, typ: pa.DataType, doc: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, typ, nullable=nullable, metadata={"doc": doc})


DOCUMENTS = pa.schema([
    _f("doc_id", S, "sha256 of the file's bytes (hex)", False),
    _f("source", S, "path or URL the file came from", False),
    _f("file_name", S, "base name of the file", False),
    _f("title", S, "document heading as printed"),
    _f("department", S, "publishing department (部门名称 / 主管部门)"),
    _f("year", I32, "budget year the document is about"),
    _f("budget_stage", S, "budget (部门预算 / 单位预算) or final (部门决算) where the document says so"),
    _f("pages", I32, "page count", False),
    _f("status", S, "ok (zero projects is a valid result), partial (a part seen but not read) "
                    "or failed (the file cannot be read)", False),
    _f("error", S, "why partial/failed, in plain words"),
    _f("n_projects", I32, "project rows written for this document", False),
    _f("n_indicators", I32, "indicator rows written for this document", False),
    _f("extracted_at", TS, "when the document was extracted", False),
    _f("pipeline_version", S, "budgetpdf version that wrote the rows", False),
    # extra columns
    _f("family", S, "layout families found: project_tables, dept_overall, project_list (comma-joined)"),
    _f("ocr_pages", S, "1-based pages read by OCR, comma-joined; null when none"),
    _f("amount_unit", S, "money unit the document states (元 or 万元)"),
    _f("n_budget_tables", I32, "budget_tables rows written for this document"),
    _f("n_budget_lines", I32, "budget_lines rows written for this document"),
    _f("bytes", pa.int64(), "file size in bytes"),
    _f("seconds", F64, "wall time spent extracting the document"),
])

PROJECTS = pa.schema([
    _f("doc_id", S, "→ documents.doc_id", False),
    _f("project_id", S, "stable id: doc_id + ordinal, unique in the dataset", False),
    _f("seq", I32, "order in the document, from 1", False),
    _f("kind", S, "project, department or task", False),
    _f("name", S, "项目名称 / 任务名称; for a department row the department name", False),
    _f("project_type", S, "项目类型"),
    _f("project_level", S, "项目等级"),
    _f("parent_name", S, "一级项目名称: the programme a project (二级项目) belongs to, where printed"),
    _f("department", S, "主管部门 as printed for this block"),
    _f("unit", S, "用款单位 / 资金使用单位 as printed"),
    _f("start_year", I32, "实施周期 start"),
    _f("end_year", I32, "实施周期 end"),
    _f("amount_raw", S, "money as printed"),
    _f("amount_yuan", F64, "money in 元 (万元 × 10 000)"),
    _f("fiscal_yuan", F64, "财政拨款 in 元"),
    _f("special_yuan", F64, "财政专户拨款 in 元"),
    _f("other_yuan", F64, "其他资金 in 元"),
    _f("period_goal", S, "实施周期总目标; for a department row its 总体绩效目标"),
    _f("annual_goal", S, "年度目标 / 绩效目标 of a list row / 期望达到的目标 of a task"),
    _f("content", S, "主要内容 / 主要实施内容 of a task"),
    _f("page_start", I32, "first 1-based page of the block", False),
    _f("page_end", I32, "last 1-based page of the block", False),
    # self-evaluation tables (绩效自评表); null in target tables
    _f("table_kind", S, "target (绩效目标表) or self_evaluation (绩效自评表)"),
    _f("budget_initial_yuan", F64, "年初预算数 of the 年度资金总额 row, in 元"),
    _f("budget_full_yuan", F64, "全年预算数 (调整后预算), in 元"),
    _f("executed_yuan", F64, "全年执行数, in 元"),
    _f("carryover_yuan", F64, "上年结转资金 row of the funds block (its 全年预算数), in 元"),
    _f("execution_rate", F64, "执行率 as printed, in percent (98.5 for 98.5%)"),
    _f("budget_score_max", F64, "分值 of the funds row"),
    _f("budget_score", F64, "得分 of the funds row"),
    _f("goal_actual", S, "年度总体目标 实际完成情况 text"),
    _f("total_score_max", F64, "总分 row: 分值"),
    _f("total_score", F64, "总分 row: 得分"),
    # extra columns
    _f("family", S, "layout family the block was read from"),
    _f("strategy", S, "table strategy used: lattice, hrules, stream or ocr"),
    _f("confidence", F64, "mean OCR score of the block's cells; null for a text layer"),
])

INDICATORS = pa.schema([
    _f("doc_id", S, "→ documents.doc_id", False),
    _f("project_id", S, "→ projects.project_id", False),
    _f("seq", I32, "order within the project, from 1", False),
    _f("level1", S, "一级指标, canonical (产出指标, 效益指标, 满意度指标, 成本指标)", False),
    _f("level2", S, "二级指标, canonical"),
    _f("name", S, "三级指标", False),
    _f("period_raw", S, "实施周期指标值, cleaned text"),
    _f("annual_raw", S, "年度指标值, cleaned text"),
    _f("period_op", S, "comparator of the period value: >=, <=, >, <, =, ~"),
    _f("annual_op", S, "comparator of the annual value"),
    _f("period_value", F64, "number as printed"),
    _f("annual_value", F64, "number as printed"),
    _f("period_unit", S, "unit as printed after the number"),
    _f("annual_unit", S, "unit as printed after the number"),
    _f("period_value_std", F64, "value scaled to the base unit"),
    _f("annual_value_std", F64, "value scaled to the base unit"),
    _f("period_unit_std", S, "base unit"),
    _f("annual_unit_std", S, "base unit"),
    _f("page", I32, "1-based page of the row", False),
    _f("value_kind", S, "定量 / 定性 where printed"),
    _f("direction", S, "正向 / 反向 where printed"),
    _f("weight", F64, "权重 / 分值 where printed"),
    _f("explanation", S, "指标解释 / 绩效标准 / 评(扣)分标准 / 备注 where printed"),
    # self-evaluation tables (绩效自评表); null in target tables
    _f("actual_raw", S, "实际完成值 / 全年实际值, cleaned text"),
    _f("actual_op", S, "comparator of the actual value"),
    _f("actual_value", F64, "number as printed"),
    _f("actual_unit", S, "unit as printed after the number"),
    _f("actual_value_std", F64, "value scaled to the base unit"),
    _f("actual_unit_std", S, "base unit"),
    _f("score_max", F64, "分值 of the row"),
    _f("score", F64, "得分 of the row"),
    _f("deviation", S, "偏差原因分析及改进措施 text"),
    # extra columns
    _f("period_name", S, "side-by-side tables: the long-term side's name when it differs from the annual side's"),
    _f("level1_raw", S, "一级指标 as printed"),
    _f("level2_raw", S, "二级指标 as printed"),
    _f("confidence", F64, "mean OCR score of the row's cells; null for a text layer"),
])

CHECKS = pa.schema([
    _f("doc_id", S, "→ documents.doc_id", False),
    _f("project_id", S, "→ projects.project_id; null for document-level checks"),
    _f("check", S, "check name", False),
    _f("severity", S, "error, warning or info", False),
    _f("message", S, "what is wrong, in plain words", False),
    _f("expected", S, "expected value"),
    _f("found", S, "value found"),
    # extra columns
    _f("table_id", S, "→ budget_tables.table_id for a budget-table check"),
])

BUDGET_TABLES = pa.schema([
    _f("doc_id", S, "→ documents.doc_id", False),
    _f("table_id", S, "doc_id + ordinal, unique in the dataset", False),
    _f("seq", I32, "order in the document, from 1", False),
    _f("kind", S, "summary, income, expenditure, fiscal_summary, general_expenditure, general_basic, "
                  "three_public, fund, state_capital, project_expenditure or other", False),
    _f("title", S, "title as printed, without its number and a leading year", False),
    _f("number", S, "the printed number (表一, 1, 九)"),
    _f("unit", S, "元 or 万元, from 单位：…"),
    _f("budget_stage", S, "budget (预算) or final (决算)"),
    _f("page_start", I32, "first 1-based page of the table", False),
    _f("page_end", I32, "last 1-based page of the table", False),
    _f("n_lines", I32, "lines written to budget_lines", False),
    _f("empty", pa.bool_(), "no cell holds a number", False),
    _f("note", S, "a note printed with the table (本部门无…，故本表为空表)"),
    # extra columns
    _f("columns", S, "the amount columns' header paths, joined by ' | '"),
    _f("strategy", S, "table strategy used: lattice, hrules, stream or ocr"),
    _f("n_unread", I32, "cells of amount columns whose text is not a number (two amounts run together …)"),
    _f("unread_example", S, "the first such cell as printed"),
])

BUDGET_LINES = pa.schema([
    _f("doc_id", S, "→ documents.doc_id", False),
    _f("table_id", S, "→ budget_tables.table_id", False),
    _f("line", I32, "the printed line's order in its table, from 1", False),
    _f("code", S, "科目编码, digits only (类 3, 款 5, 项 7 digits)"),
    _f("item", S, "the line's label: 科目名称 / 项目 (the side's own label in a two-sided table)", False),
    _f("column", S, "the amount's column header, group headers joined by '/'", False),
    _f("amount_raw", S, "the cell as printed", False),
    _f("amount_yuan", F64, "the amount in 元 (万元 × 10 000)", False),
    _f("page", I32, "1-based page", False),
    # extra columns
    _f("level", I32, "code level: 1 类, 2 款, 3 项; 0 for a total line; null without a code"),
    _f("ratio", pa.bool_(), "the column is a ratio (增减%, 增长率), not money: amount_yuan then only scales "
                            "the printed number like the table's other columns"),
])

TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "projects": PROJECTS,
    "indicators": INDICATORS,
    "checks": CHECKS,
    "budget_tables": BUDGET_TABLES,
    "budget_lines": BUDGET_LINES,
}


def to_table(name: str, rows: list[dict]) -> pa.Table:
    """Rows (dicts) → a pyarrow Table with exactly the schema's columns and types."""
    schema = TABLES[name]
    cols = {f.name: [r.get(f.name) for r in rows] for f in schema}
    return pa.Table.from_pydict(cols, schema=schema)
