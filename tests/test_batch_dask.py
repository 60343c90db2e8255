"""The Dask executors write the same dataset as the local process pool."""
from __future__ import annotations

import pyarrow.dataset as ds
import pytest

from budgetpdf import cli
from budgetpdf.schemas.tables import TABLES
from test_batch_inputs import bad_files, copy_samples

VOLATILE = ["extracted_at", "seconds"]
KEYS = {"documents": ["doc_id"], "projects": ["project_id"],
        "indicators": ["project_id", "seq"], "checks": ["doc_id", "check", "message"],
        "budget_tables": ["table_id"], "budget_lines": ["table_id", "line", "column"]}


def table(out, name):
    df = ds.dataset(out / name, schema=TABLES[name]).to_table().to_pandas()
    return df.drop(columns=VOLATILE, errors="ignore").sort_values(KEYS[name]).reset_index(drop=True)


def same_dataset(got, want) -> None:
    import pandas as pd
    for name in TABLES:
        pd.testing.assert_frame_equal(table(got, name), table(want, name), obj=name)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("in")
    files = copy_samples(folder)
    for p in sorted(files, key=lambda p: p.stat().st_size)[3:]:
        p.unlink()  # three small samples keep the cluster tests quick
    bad = bad_files(tmp_path_factory.mktemp("bad"))
    bad["zero"].rename(folder / "zero.pdf")  # a failure travels through Dask too
    out = tmp_path_factory.mktemp("ref")
    assert cli.main(["run", str(folder), "--out", str(out), "--workers", "2"]) == 1
    return folder, out


def test_dask_local_cluster_to_fsspec_url(inputs, tmp_path):
    folder, ref = inputs
    url = f"file://{tmp_path}/out"  # goes through fsspec, as s3:// would
    assert cli.main(["run", str(folder), "--out", url, "--executor", "dask-local",
                          "--workers", "2"]) == 1
    same_dataset(tmp_path / "out", ref)
    assert table(tmp_path / "out", "documents").set_index("file_name").loc[
        "zero.pdf", "error"] == "empty file (0 bytes)"
    # a rerun on the URL skips everything already committed there
    assert cli.main(["run", str(folder), "--out", url, "--executor", "dask-local",
                          "--workers", "2"]) == 1
    same_dataset(tmp_path / "out", ref)


def test_existing_cluster_via_scheduler_address(inputs, tmp_path, capsys):
    from distributed import LocalCluster
    folder, ref = inputs
    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        code = cli.main(["run", str(folder), "--out", str(tmp_path / "out"),
                              "--executor", "dask", "--scheduler", cluster.scheduler_address])
        # the limits hold on (daemonic) cluster workers too
        limited = cli.main(["run", str(folder), "--out", str(tmp_path / "lim"),
                                 "--executor", "dask", "--scheduler", cluster.scheduler_address,
                                 "--memory-limit", "40"])
    assert code == 1 and limited == 1
    same_dataset(tmp_path / "out", ref)
    assert "3 ok" in capsys.readouterr().out
    errors = table(tmp_path / "lim", "documents")["error"]
    assert len(errors) == 4 and set(errors) == {"exceeded memory limit of 40 MB"}
