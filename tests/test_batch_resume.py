"""kill -9 in the middle of a run loses nothing committed; the rerun resumes
and ends with exactly the dataset an uninterrupted run writes (no duplicates)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds

from budgetpdf import cli
from budgetpdf.schemas.tables import TABLES
from test_batch_inputs import ROOT, sample_pdfs

VOLATILE = ["extracted_at", "seconds"]
KEYS = {"documents": ["doc_id"], "projects": ["project_id"],
        "indicators": ["project_id", "seq"], "checks": ["doc_id", "check", "message"],
        "budget_tables": ["table_id"], "budget_lines": ["table_id", "line", "column"]}


def make_inputs(folder: Path, copies: int) -> int:
    """Copies of the samples made distinct (a trailing PDF comment changes the sha256)."""
    folder.mkdir()
    n = 0
    for src in sample_pdfs():
        data = src.read_bytes()
        for i in range(copies):
            (folder / f"{src.stem}-{i}.pdf").write_bytes(data + f"\n% copy {i}\n".encode())
            n += 1
    return n


def table(out: Path, name: str) -> pd.DataFrame:
    df = ds.dataset(out / name, schema=TABLES[name]).to_table().to_pandas()
    df = df.drop(columns=VOLATILE, errors="ignore")
    return df.sort_values(KEYS[name]).reset_index(drop=True)


def committed(out: Path) -> int:
    return len(list((out / "documents").glob("doc-*.parquet")))


def test_kill_9_then_resume_matches_uninterrupted_run(tmp_path):
    total = make_inputs(tmp_path / "in", copies=2)
    ref, out = tmp_path / "ref", tmp_path / "out"
    assert cli.main(["run", str(tmp_path / "in"), "--out", str(ref), "--workers", "2"]) == 0

    proc = subprocess.Popen([sys.executable, "pipeline.py", "run", str(tmp_path / "in"),
                             "--out", str(out), "--workers", "2"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while committed(out) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(1.0)  # the children die with the parent: nothing more gets committed
    done = committed(out)
    assert 3 <= done < total, "the kill must land mid-way for this test to mean anything"
    time.sleep(0.5)
    assert committed(out) == done

    rerun = subprocess.run([sys.executable, "pipeline.py", "run", str(tmp_path / "in"),
                            "--out", str(out), "--workers", "2"], cwd=ROOT,
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert f"{total - done} documents extracted" in rerun.stdout
    assert f"{done} skipped" in rerun.stdout
    assert not list(out.rglob(".*.tmp"))
    for name in KEYS:
        got, want = table(out, name), table(ref, name)
        assert not got.duplicated(KEYS[name]).any(), name
        pd.testing.assert_frame_equal(got, want, check_dtype=True, obj=name)
    assert len(table(out, "documents")) == total
