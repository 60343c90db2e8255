"""Where documents run: a local pool of limited child processes, or Dask.

Every executor runs the same unit of work, `run_task`: `process_document` on one
file, then `write_result` of its rows, returning a small summary (the documents
row).  The process that extracts a document writes its files, so rows never
travel back through the scheduler; the runner hands each doc_id to exactly one
task, so no two processes ever write the same file.  When a child is killed
(time or memory limit, crash), the process that watched it commits a `failed`
documents row for it, which also removes rows a half-finished child left.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from batch.limits import LimitedCall, Limits, Outcome, allow_children, run_limited, wait_any
from batch.process import DocResult, failed, process_document
from batch.writer import write_result

SUMMARY_KEYS = ("doc_id", "source", "file_name", "pages", "status", "error",
                "n_projects", "n_indicators", "seconds")


@dataclass(frozen=True)
class Task:
    path: str          # absolute path, readable by the worker
    source: str        # recorded in documents.source
    doc_id: str | None  # sha256 computed by the runner (None if unreadable)
    out: str           # output folder or fsspec URL
    ocr: str = "auto"


def summary(doc: dict, **extra) -> dict:
    return {**{k: doc.get(k) for k in SUMMARY_KEYS}, **extra}


def run_task(task: Task) -> dict:
    """Extract and commit one document (no limits: call it inside a child)."""
    result = process_document(task.path, source=task.source, ocr=task.ocr)
    write_result(task.out, result)
    return summary(result.document)


def commit_failure(task: Task, error: str, seconds: float = 0.0) -> dict:
    result: DocResult = failed(task.path, task.source, error, task.doc_id)
    result.document["seconds"] = seconds
    write_result(task.out, result)
    return summary(result.document)


def settle(task: Task, out: Outcome) -> dict:
    """The summary of a finished call; a killed or crashed call is committed as failed."""
    if out.error is not None:
        s = commit_failure(task, out.error, out.seconds)
    else:
        s = out.value
    s["max_rss_mb"] = round(out.max_rss_mb, 1)
    return s


def run_task_limited(task: Task, limits: Limits) -> dict:
    """`run_task` in a limited child; what Dask workers call for each document."""
    with allow_children():  # Dask workers are daemonic by default
        outcome = run_limited(run_task, (task,), limits)
    return settle(task, outcome)


class LocalExecutor:
    """Up to `workers` documents at once, one fresh child process per document."""

    def __init__(self, workers: int, limits: Limits):
        self.workers = max(1, workers)
        self.limits = limits

    def map(self, tasks):
        """Yield one summary per task, in completion order."""
        pending = list(reversed(tasks))
        running: dict[LimitedCall, Task] = {}
        try:
            while pending or running:
                while pending and len(running) < self.workers:
                    task = pending.pop()
                    running[LimitedCall(run_task, (task,), self.limits)] = task
                wait_any(running)
                for call in [c for c in running if c.poll() is not None]:
                    yield settle(running.pop(call), call.outcome)
        finally:  # interrupted (Ctrl-C, a consumer error): leave no children behind
            for call in running:
                call.kill()

    def close(self) -> None:
        pass


class DaskExecutor:
    """The same tasks on a dask.distributed cluster (or a LocalCluster of `workers`)."""

    def __init__(self, limits: Limits, scheduler: str | None = None, workers: int = 2):
        from distributed import Client, LocalCluster
        self.limits = limits
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        host="127.0.0.1", dashboard_address=None)
            self.client = Client(self.cluster)

    def map(self, tasks):
        from distributed import as_completed
        futures = {self.client.submit(run_task_limited, t, self.limits, pure=False,
                                      key=f"doc-{t.doc_id or os.urandom(8).hex()}"): t
                   for t in tasks}
        for fut in as_completed(futures):
            task = futures[fut]
            try:
                yield fut.result()
            except Exception as e:  # the worker itself died or the task could not run
                yield settle(task, Outcome(error=f"dask task failed: {type(e).__name__}: {e}"[:300]))

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
