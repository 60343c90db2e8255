"""Where documents run: a local pool of limited child processes, or Dask.

Every executor runs the same unit of work: `process_document` on one file in a
child process under time/memory limits (`extract`), then `write_result` of its
rows by the process that watched the child (`commit`), which returns a small
summary (the documents row).  On Dask the watcher is the worker, so rows never
travel back through the scheduler.  The runner hands each doc_id to exactly one
task, so no two processes ever write the same file.  A killed or crashed child
is committed as a `failed` documents row.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from budgetpdf.batch.limits import LimitedCall, Limits, Outcome, Worker, allow_children, run_limited, wait_any
from budgetpdf.model import DocResult
from budgetpdf.process import failed, process_document
from budgetpdf.batch.writer import write_result
from budgetpdf.settings import Settings

SUMMARY_KEYS = ("doc_id", "source", "file_name", "pages", "status", "error",
                "n_projects", "n_indicators", "seconds")


@dataclass(frozen=True)
class Task:
    path: str          # absolute path, readable by the worker
    source: str        # recorded in documents.source
    doc_id: str | None  # sha256 computed by the runner (None if unreadable)
    out: str           # output folder or fsspec URL
    settings: Settings = Settings()


def summary(doc: dict, **extra) -> dict:
    return {**{k: doc.get(k) for k in SUMMARY_KEYS}, **extra}


def extract(task: Task) -> DocResult:
    """The work done inside the limited child: rows in memory, nothing written."""
    return process_document(task.path, source=task.source, settings=task.settings)


def commit(task: Task, out: Outcome) -> dict:
    """Write a finished call's rows (a killed or crashed call becomes a failed row).

    The watching process writes, not the child: a child killed at its limit can
    leave no half-written document, and the watcher's pyarrow is already warm.
    """
    if out.error is not None:
        result: DocResult = failed(task.path, task.source, out.error, task.doc_id)
        result.document["seconds"] = out.seconds
    else:
        result = out.value
    write_result(task.out, result)
    return summary(result.document, max_rss_mb=round(out.max_rss_mb, 1))


def extract_limited(task: Task, limits: Limits) -> DocResult:
    """`process_document` in a limited child; a killed or crashed child gives a
    `failed` result saying why (what the scraper uses: it writes rows itself)."""
    with allow_children():
        outcome = run_limited(extract, (task,), limits)
    if outcome.error is not None:
        result = failed(task.path, task.source, outcome.error, task.doc_id)
        result.document["seconds"] = outcome.seconds
        return result
    return outcome.value


def run_task_limited(task: Task, limits: Limits) -> dict:
    """Extract one document in a limited child and commit it; what Dask workers run."""
    with allow_children():  # Dask workers are daemonic by default
        outcome = run_limited(extract, (task,), limits)
    return commit(task, outcome)


class LocalExecutor:
    """Up to `workers` documents at once, each in a limited child process.

    A child serves documents in turn until one breaks a limit or fails (then it
    is killed), it has served `max_calls`, or its memory has grown past half the
    limit; a fresh one takes its place.
    """

    def __init__(self, workers: int, limits: Limits, max_calls: int = 50):
        self.workers = max(1, workers)
        self.limits = limits
        self.max_calls = max_calls
        self.idle: list[Worker] = []

    def map(self, tasks):
        """Yield one summary per task, in completion order."""
        pending = list(reversed(tasks))
        running: dict[LimitedCall, Task] = {}
        try:
            while pending or running:
                self._fill(pending, running)
                wait_any(running)
                done = [(running.pop(c), c) for c in list(running) if c.poll() is not None]
                for _, call in done:
                    self._release(call)
                self._fill(pending, running)  # keep the workers busy while this process writes
                for task, call in done:
                    yield commit(task, call.outcome)
        finally:  # interrupted (Ctrl-C, a consumer error): leave no children behind
            for call in running:
                call.kill()
            self.close()

    def _fill(self, pending: list, running: dict) -> None:
        while pending and len(running) < self.workers:
            task = pending.pop()
            worker = self.idle.pop() if self.idle else None
            running[LimitedCall(extract, (task,), self.limits, worker=worker)] = task

    def _release(self, call: LimitedCall) -> None:
        if call.outcome.error is None and call.worker.reusable(self.limits, self.max_calls):
            self.idle.append(call.worker)
        else:
            call.worker.stop()

    def close(self) -> None:
        while self.idle:
            self.idle.pop().stop()


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
                yield commit(task, Outcome(error=f"dask task failed: {type(e).__name__}: {e}"[:300]))

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
