"""The pipeline on the bundled samples equals the hand-checked content files."""
from __future__ import annotations

import pytest

from budgetpdf.process import process_document
from golden import SAMPLES, compare, load_content

NAMES = sorted(p.stem for p in SAMPLES.glob("*.pdf"))


def test_every_family_has_a_sample():
    families = {load_content(n)["family"] for n in NAMES}
    assert families == {"project_tables", "dept_overall", "project_list"}


@pytest.mark.parametrize("name", NAMES)
def test_sample_matches_content(name):
    result = process_document(SAMPLES / f"{name}.pdf")
    assert result.document["status"] == "ok", result.document["error"]
    assert compare(result, load_content(name)) == []
    assert result.document["n_projects"] == len(result.projects) > 0
    assert result.document["n_indicators"] == len(result.indicators)


def test_values_are_parsed_on_the_way():
    """'≥9.6万人次'-style values arrive split into op/value/unit/std in the rows."""
    result = process_document(SAMPLES / "dg_project_tables.pdf")
    rows = {r["name"]: r for r in result.indicators}
    row = rows["驻网律师咨询服务量"]
    assert (row["annual_op"], row["annual_value"], row["annual_unit"]) == (">=", 9.6, "万人次")
    assert (row["annual_value_std"], row["annual_unit_std"]) == (96000.0, "人次")
    cost = next(r for r in result.indicators if r["period_raw"] == "2773万元/年")
    assert cost["period_value_std"] == 27730000.0 and cost["period_unit_std"] == "元/年"


def test_project_crossing_a_page_break_is_one_project():
    result = process_document(SAMPLES / "dg_project_tables.pdf")
    spanning = [p for p in result.projects if p["page_end"] > p["page_start"]]
    assert spanning, "the sample must hold a table that crosses a page break"
    content = {p["name"]: p for p in load_content("dg_project_tables")["projects"]}
    by_pid = {}
    for r in result.indicators:
        by_pid.setdefault(r["project_id"], []).append(r)
    for p in spanning:
        assert len(by_pid.get(p["project_id"], [])) == len(content[p["name"]]["indicators"])
