"""Run one function call in a child process with a time and a memory limit.

A PDF can make pdfminer spin or swell; the only reliable stop is to kill the
process doing the work.  `LimitedCall` runs a call in a child process (forked from a
forkserver that has the heavy modules preloaded, so a start costs milliseconds),
and the parent enforces the limits: wall time, and resident memory sampled with
psutil.  An address-space rlimit in the child is a backstop for allocations
faster than the sampling.  A killed or crashed child becomes a plain-words error.  A `Worker` child can
serve many calls in turn (the executor reuses it until a call fails or it has
served enough), which saves a process start per document.
"""
from __future__ import annotations

import multiprocessing as mp
import resource
import signal
import time
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import wait

import psutil

# imported once by the forkserver; batch.warmup then reads a tiny PDF to fill caches
PRELOAD = ["budgetpdf.batch.executor", "budgetpdf.process", "budgetpdf.extract.pages", "budgetpdf.readers.document", "pdfplumber",
           "budgetpdf.batch.warmup"]
POLL_S = 0.1


@dataclass(frozen=True)
class Limits:
    seconds: float | None = 600.0  # wall time per call; None = unlimited
    memory_mb: int | None = 3072   # resident memory per call; None = unlimited


@dataclass
class Outcome:
    value: object = None
    error: str | None = None   # set when the call did not return a value
    max_rss_mb: float = 0.0    # peak resident memory of the child
    seconds: float = 0.0


_ctx = None


def context():
    """The forkserver context, its server preloaded with the extraction modules."""
    global _ctx
    if _ctx is None:
        _ctx = mp.get_context("forkserver")
        _ctx.set_forkserver_preload(PRELOAD)
    return _ctx


def prestart() -> None:
    """Start the forkserver now, so its imports and warm-up overlap the caller's work."""
    from multiprocessing import forkserver
    context()
    forkserver.ensure_running()


def _die_with_parent() -> None:
    """Linux: have the kernel kill this child when its parent dies (kill -9 of a run)."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _serve(conn, memory_mb) -> None:
    """Child main loop: run each (fn, args) received, send back (status, value, peak RSS)."""
    _die_with_parent()
    if memory_mb:  # backstop only: the parent's RSS watchdog gives the exact message
        vms = psutil.Process().memory_info().vms
        cap = vms + 2 * memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        fn, args = job
        try:
            msg = ("ok", fn(*args))
        except MemoryError:
            msg = ("error", "exceeded memory limit")
        except BaseException as e:  # noqa: BLE001 - anything must become a message
            msg = ("error", f"worker raised {type(e).__name__}: {e}"[:300])
        msg += (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,)
        try:
            conn.send(msg)
        except Exception as e:  # an unpicklable result
            conn.send(("error", f"result could not be returned: {e}"[:300], msg[2]))


class Worker:
    """A child process that runs calls one at a time; killed when a call breaks a limit."""

    def __init__(self, limits: Limits, ctx=None):
        ctx = ctx or context()
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_serve, args=(child, limits.memory_mb), daemon=True)
        self.proc.start()
        child.close()
        self.ps = _ps_process(self.proc.pid)
        self.calls = 0

    def reusable(self, limits: Limits, max_calls: int) -> bool:
        """Fit for another call: alive, not worn out, memory well under the limit."""
        return (self.proc.is_alive() and self.calls < max_calls
                and not (limits.memory_mb and _rss_mb(self.ps) > limits.memory_mb / 2))

    def stop(self) -> None:
        try:
            self.conn.send(None)
            self.proc.join(2)
        except (OSError, ValueError):
            pass
        self.kill()

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class LimitedCall:
    """One call `fn(*args)` in a child process (a given `worker` or a new one) under `limits`."""

    def __init__(self, fn, args: tuple, limits: Limits, ctx=None, worker: Worker | None = None):
        self.limits = limits
        self.worker = worker or Worker(limits, ctx)
        self.proc, self._recv, self._ps = self.worker.proc, self.worker.conn, self.worker.ps
        self.started = time.monotonic()
        self.worker.calls += 1
        self._recv.send((fn, args))
        self._peak = 0.0
        self.outcome: Outcome | None = None

    @property
    def waitables(self) -> list:
        return [self._recv, self.proc.sentinel]

    def poll(self) -> Outcome | None:
        """The outcome once the call is over (returned, failed or killed), else None."""
        if self.outcome is not None:
            return self.outcome
        elapsed = time.monotonic() - self.started
        if self._recv.poll():
            try:
                status, value, rss = self._recv.recv()
            except (EOFError, OSError):
                return self._finish(error=self._death_message())
            ok = status == "ok"
            return self._finish(value if ok else None, None if ok else value, max(rss, self._peak))
        if not self.proc.is_alive():
            return self._finish(error=self._death_message())
        if self.limits.seconds is not None and elapsed > self.limits.seconds:
            return self._finish(error=f"timed out after {self.limits.seconds:g} s")
        rss = _rss_mb(self._ps)
        self._peak = max(self._peak, rss)
        if self.limits.memory_mb and rss > self.limits.memory_mb:
            return self._finish(error=f"exceeded memory limit of {self.limits.memory_mb} MB")
        return None

    def kill(self) -> None:
        self.worker.kill()

    def _finish(self, value=None, error=None, rss=0.0) -> Outcome:
        if error is not None:  # a broken limit or a crash: that process is done for
            self.worker.kill()
        self.outcome = Outcome(value, error, rss or self._peak,
                               round(time.monotonic() - self.started, 3))
        return self.outcome

    def _death_message(self) -> str:
        self.proc.join(1)
        code = self.proc.exitcode
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            if -code == signal.SIGKILL:  # the kernel's OOM killer, or someone else
                return "worker process was killed (SIGKILL; out of memory?)"
            return f"worker process crashed ({name})"
        return f"worker process exited without a result (exit code {code})"


def _ps_process(pid: int):
    try:
        return psutil.Process(pid)
    except psutil.Error:
        return None


def _rss_mb(ps) -> float:
    try:
        return ps.memory_info().rss / 2**20 if ps else 0.0
    except psutil.Error:
        return 0.0


def run_limited(fn, args: tuple, limits: Limits, ctx=None) -> Outcome:
    """Blocking: run `fn(*args)` in a child under `limits` and return its outcome."""
    call = LimitedCall(fn, args, limits, ctx)
    try:
        while (out := call.poll()) is None:
            wait(call.waitables, timeout=POLL_S)
    finally:
        call.worker.stop()
    return out


def wait_any(calls, timeout: float = POLL_S) -> None:
    """Sleep until one of `calls` has news or the watchdog interval passes."""
    waitables = [w for c in calls for w in c.waitables]
    if waitables:
        wait(waitables, timeout=timeout)
    else:
        time.sleep(timeout)


@contextmanager
def allow_children():
    """Let a daemonic process (a default Dask worker) start limited children.

    multiprocessing refuses because a daemon's children could outlive it; ours
    cannot: each child asks the kernel to kill it when its parent dies.
    """
    config = mp.current_process()._config  # noqa: SLF001 - no public switch exists
    daemon = config.get("daemon")
    config["daemon"] = False
    try:
        yield
    finally:
        if daemon is not None:
            config["daemon"] = daemon
