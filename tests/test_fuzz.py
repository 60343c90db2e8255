"""Fuzzing: a sample PDF with random byte damage never breaks the batch.

The per-document unit of the batch (extract + commit, in a limited child)
must return a committed documents row for any bytes, and within its limit.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings, strategies as st

from budgetpdf.batch.executor import Task, run_task_limited
from budgetpdf.batch.limits import Limits
from budgetpdf.process import sha256_file
from budgetpdf.batch.writer import part_path
from test_batch_inputs import sample_pdfs

LIMIT_S = 15
SOURCE = min(sample_pdfs(), key=lambda p: p.stat().st_size).read_bytes()

edits = st.lists(st.tuples(st.integers(0, len(SOURCE) - 1), st.binary(min_size=1, max_size=64)),
                 min_size=1, max_size=20)


def mutate(data: bytes, changes, cut: float | None) -> bytes:
    buf = bytearray(data)
    for pos, chunk in changes:
        buf[pos:pos + len(chunk)] = chunk  # overwrite, and grow near the end
    if cut is not None:
        del buf[int(len(buf) * cut):]
    return bytes(buf)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=edits, cut=st.one_of(st.none(), st.floats(0.05, 0.999)))
def test_mutated_pdf_never_raises_or_hangs(changes, cut):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mutant.pdf"
        path.write_bytes(mutate(SOURCE, changes, cut))
        doc_id = sha256_file(path)
        task = Task(str(path), str(path), doc_id, str(Path(tmp) / "out"), "off")
        t0 = time.monotonic()
        summary = run_task_limited(task, Limits(seconds=LIMIT_S, memory_mb=1500))
        assert time.monotonic() - t0 < LIMIT_S + 5
        assert summary["status"] in ("ok", "partial", "failed")
        assert summary["status"] == "ok" or summary["error"]
        row = pq.read_table(part_path(Path(tmp) / "out", "documents", doc_id)).to_pylist()
        assert [r["status"] for r in row] == [summary["status"]]
