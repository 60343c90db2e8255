"""batch.limits: a child that spins, swells or crashes is stopped and explained."""
from __future__ import annotations

import os
import time

from budgetpdf.batch.limits import LimitedCall, Limits, Worker, run_limited


def swell(step_mb: int, steps: int) -> int:
    """Grow resident memory gradually (below the rlimit backstop's reach per step)."""
    hoard = []
    for _ in range(steps):
        hoard.append(b"x" * (step_mb * 2**20))
        time.sleep(0.02)
    return len(hoard)


def test_returns_value_and_peak_memory():
    out = run_limited(divmod, (17, 5), Limits(10, 500))
    assert out.error is None and out.value == (3, 2)
    assert out.max_rss_mb > 1


def test_spinning_call_is_killed_at_the_time_limit():
    t0 = time.monotonic()
    out = run_limited(time.sleep, (30,), Limits(seconds=1, memory_mb=None))
    assert out.error == "timed out after 1 s"
    assert 1 <= time.monotonic() - t0 < 4


def test_swelling_call_is_killed_by_the_rss_watchdog():
    out = run_limited(swell, (20, 100), Limits(seconds=20, memory_mb=300))
    assert out.error == "exceeded memory limit of 300 MB"
    assert out.value is None


def test_one_huge_allocation_hits_the_backstop():
    out = run_limited(bytes, (8 * 2**30,), Limits(seconds=20, memory_mb=200))
    assert out.error is not None and "memory limit" in out.error


def test_crash_and_silent_exit_are_reported():
    crashed = run_limited(os.abort, (), Limits(10, None))
    assert crashed.error == "worker process crashed (SIGABRT)"
    exited = run_limited(os._exit, (3,), Limits(10, None))
    assert exited.error == "worker process exited without a result (exit code 3)"


def test_exception_in_call_becomes_message():
    out = run_limited(int, ("not a number",), Limits(10, None))
    assert out.error.startswith("worker raised ValueError: invalid literal")


def finish(call):
    while (out := call.poll()) is None:
        time.sleep(0.02)
    return out


def test_worker_serves_calls_in_turn_until_one_breaks_a_limit():
    limits = Limits(seconds=1, memory_mb=None)
    worker = Worker(limits)
    pids = [finish(LimitedCall(os.getpid, (), limits, worker=worker)).value for _ in range(3)]
    assert pids == [worker.proc.pid] * 3 and worker.reusable(limits, max_calls=10)
    assert not worker.reusable(limits, max_calls=3)  # worn out after max_calls
    out = finish(LimitedCall(time.sleep, (30,), limits, worker=worker))
    assert out.error == "timed out after 1 s" and not worker.proc.is_alive()
