"""`pipeline.py run`: isolation of bad files, limits, exit codes, incremental reruns."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from budgetpdf import cli
from budgetpdf.batch.writer import part_path
from test_batch_inputs import ROOT, bad_files, copy_samples, sample_pdfs

NOT_OK = {"zero", "truncated", "html", "garbage", "enc_password"}


def run(*argv) -> int:
    return cli.main(["run", *map(str, argv)])


def documents(out) -> pd.DataFrame:
    return pd.read_parquet(out / "documents").set_index("file_name")


@pytest.fixture(scope="module")
def crafted(tmp_path_factory):
    return bad_files(tmp_path_factory.mktemp("bad"))


@pytest.fixture(scope="module")
def bad_run(crafted, tmp_path_factory):
    """One run over every bad file plus a good sample, two workers."""
    folder = crafted["zero"].parent
    shutil.copy(sample_pdfs()[0], folder / "good.pdf")
    out = tmp_path_factory.mktemp("out")
    code = run(folder, "--out", out, "--workers", 2, "--ocr", "off")
    return code, documents(out), crafted


def test_bad_files_each_get_a_row_and_the_batch_goes_on(bad_run):
    code, docs, crafted = bad_run
    assert code == 1  # some failed, the rest still written
    assert set(docs.index) == {p.name for p in crafted.values()} | {"good.pdf"}
    assert docs.loc["good.pdf", "status"] == "ok" and docs.loc["good.pdf", "n_indicators"] > 0
    for kind in NOT_OK:
        row = docs.loc[crafted[kind].name]
        assert row["status"] in ("failed", "partial"), kind
        assert row["error"] and "Traceback" not in row["error"], kind
    assert "empty file" in docs.loc["zero.pdf", "error"]
    assert "HTML" in docs.loc["page.pdf", "error"]
    assert docs["doc_id"].is_unique


def test_empty_user_password_still_opens_and_long_pdf_completes(bad_run):
    _, docs, _ = bad_run
    good = docs.loc["good.pdf"]
    enc = docs.loc["enc_empty.pdf"]
    assert (enc["status"], enc["pages"], enc["n_indicators"]) == \
        (good["status"], good["pages"], good["n_indicators"])
    assert docs.loc["pages300.pdf", "pages"] == 300


def test_password_protected_pdf_says_so(bad_run):
    _, docs, _ = bad_run
    assert docs.loc["enc_password.pdf", "error"] == "encrypted PDF: a password is required to open it"


def test_time_and_memory_limits_kill_and_record(crafted, tmp_path):
    assert run(crafted["pages300"], "--out", tmp_path / "t", "--time-limit", 0.5) == 1
    row = documents(tmp_path / "t").loc["pages300.pdf"]
    assert (row["status"], row["error"]) == ("failed", "timed out after 0.5 s")
    good = copy_samples(tmp_path / "in")[0]
    assert run(good, "--out", tmp_path / "m", "--memory-limit", 40) == 1
    row = documents(tmp_path / "m").loc[good.name]
    assert (row["status"], row["error"]) == ("failed", "exceeded memory limit of 40 MB")
    assert not list((tmp_path / "m" / "indicators").glob("*.parquet"))


def test_rerun_skips_force_redoes_and_version_change_redoes(tmp_path, capsys):
    files = copy_samples(tmp_path / "in")
    out = tmp_path / "out"
    assert run(tmp_path / "in", "--out", out, "--workers", 2) == 0
    first = documents(out)
    assert (first["status"] == "ok").all() and len(first) == len(files)
    capsys.readouterr()
    assert run(tmp_path / "in", "--out", out) == 0
    assert f"{len(files)} skipped" in capsys.readouterr().out
    pd.testing.assert_frame_equal(documents(out), first)  # nothing rewritten
    # an older pipeline version's file is re-extracted, the others are not
    doc_path = part_path(out, "documents", first["doc_id"].iloc[0])
    t = pq.read_table(doc_path)
    i = t.schema.get_field_index("pipeline_version")
    pq.write_table(t.set_column(i, t.schema.field(i), pa.array(["0.0.0-old"])), doc_path)
    assert run(tmp_path / "in", "--out", out) == 0
    again = documents(out)
    assert (again["pipeline_version"] == first["pipeline_version"].iloc[0]).all()
    changed = again["extracted_at"] != first["extracted_at"]
    assert changed.sum() == 1 and changed[first.index[0]]
    assert run(tmp_path / "in", "--out", out, "--force") == 0
    assert (documents(out)["extracted_at"] > again["extracted_at"]).all()
    assert len(pd.read_parquet(out / "indicators")) == first["n_indicators"].sum()


def test_exit_codes_for_usage_errors(tmp_path):
    files = copy_samples(tmp_path / "in")
    assert run(tmp_path / "missing.pdf", "--out", tmp_path / "o") == 2
    assert run(tmp_path / "in", "--out", tmp_path / "o", "--executor", "dask") == 2
    (tmp_path / "empty").mkdir()
    assert run(tmp_path / "empty", "--out", tmp_path / "o") == 2
    with pytest.raises(SystemExit) as exc:
        run(files[0], "--out", tmp_path / "o", "--workers", 0)
    assert exc.value.code == 2
    proc = subprocess.run([sys.executable, "pipeline.py", "run", str(files[0]), "--out",
                           str(tmp_path / "o")], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "1 ok" in proc.stdout and "[1/1] ok" in proc.stderr  # plain log lines off a terminal


def test_ocr_flag_reaches_process_document(tmp_path):
    # a scan of the repository's own corpus: no text layer, so --ocr off cannot read it
    pdf = ROOT / "corpus" / "pdf" / "scan" / "hn_xiangtan_wupaoche_2024.pdf"
    assert run(pdf, "--out", tmp_path / "o", "--ocr", "off") == 1
    row = documents(tmp_path / "o").loc[pdf.name]
    assert row["status"] == "failed" and "OCR is off" in row["error"]
