"""notebooks/explore.ipynb runs top to bottom (nbclient) on the samples' output."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    pdfs = sorted(str(p) for p in (ROOT / "samples").glob("*.pdf"))
    assert pdfs, "no sample PDFs in samples/"
    out = tmp_path_factory.mktemp("nb") / "out"
    proc = subprocess.run([sys.executable, "pipeline.py", "run", *pdfs, "--out", str(out), "--workers", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert (out / "documents").is_dir(), proc.stderr
    return out


@pytest.fixture(scope="module")
def executed(out):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    mp = pytest.MonkeyPatch()
    mp.setenv("BUDGETPDF_OUT", str(out))
    mp.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    try:
        nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(ROOT)}}).execute()
    finally:
        mp.undo()
    return nb


def outputs(nb, kind: str) -> list:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == kind
            or kind in o.get("data", {})]


def text_of(nb) -> str:
    return "".join(o.text for o in outputs(nb, "stream"))


def test_checked_in_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in nb.cells if c.cell_type == "code")


def test_notebook_answers_both_questions_with_plots(executed, out):
    assert not outputs(executed, "error")
    assert len(outputs(executed, "image/png")) == 3  # two questions, target vs actual
    projects = pd.read_parquet(out / "projects")
    indicators = pd.read_parquet(out / "indicators")
    text = text_of(executed)
    assert f"{len(projects)} projects, {len(indicators)} indicators" in text
    # question 1: the largest project type, computed here independently, heads the printed table
    p = projects[projects["kind"] == "project"]
    by_type = (p["amount_yuan"] / 1e4).groupby(p["project_type"].fillna("(not printed)")).sum()
    top = by_type.idxmax()
    table = text.split("amount_wan", 1)[1]
    assert table.split("\n")[2].startswith(top) and f"{by_type.max():.2f}" in table.split("\n")[2]
    # question 2: every satisfaction indicator is counted
    n_sat = int((indicators["level1"] == "满意度指标").sum())
    assert n_sat > 0 and f"{n_sat} satisfaction indicators" in text


def test_duckdb_join_agrees_with_pandas(executed, out):
    html = [o["data"]["text/html"] for o in outputs(executed, "text/html")]
    per_project = next(h for h in html if "n_satisfaction" in h)
    projects = pd.read_parquet(out / "projects")
    biggest = projects.sort_values("amount_yuan", ascending=False).iloc[0]
    assert biggest["name"] in per_project


def test_library_call_and_target_versus_actual(executed):
    """The notebook's read_pdf cell shows a 自评表's funds and scores, and the
    target-vs-actual table lists its indicators' actual values."""
    import budgetpdf
    doc = budgetpdf.read_pdf(ROOT / "corpus" / "pdf" / "grid" / "yn_yongde_yingyang_2022.pdf")
    html = "".join(o["data"].get("text/html", "") for o in outputs(executed, "text/html"))
    assert "self_evaluation" in html and "387664.62" in html
    for actual in doc.indicators["actual_raw"].dropna():
        assert actual in html
