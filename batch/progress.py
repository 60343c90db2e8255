"""Progress of a run: a tqdm bar on a terminal, plain log lines otherwise.

Both show documents done, pages, pages/s and failures so far; the closing
summary counts documents by status, projects, indicators and throughput.
"""
from __future__ import annotations

import sys
import time
from collections import Counter


class Progress:
    def __init__(self, total: int, skipped: int = 0, tty: bool | None = None, stream=None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.total, self.skipped = total, skipped
        self.done = self.pages = self.projects = self.indicators = 0
        self.status: Counter = Counter()
        self.max_rss_mb = 0.0
        self.t0 = time.perf_counter()
        self.bar = None
        if self.tty and total:
            from tqdm import tqdm
            self.bar = tqdm(total=total, unit="doc", file=self.stream, dynamic_ncols=True)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.t0

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.elapsed if self.elapsed > 0 else 0.0

    def update(self, s: dict) -> None:
        self.done += 1
        self.pages += s.get("pages") or 0
        self.projects += s.get("n_projects") or 0
        self.indicators += s.get("n_indicators") or 0
        self.status[s["status"]] += 1
        self.max_rss_mb = max(self.max_rss_mb, s.get("max_rss_mb") or 0.0)
        line = self._line(s)
        if self.bar is not None:
            if s["status"] != "ok":  # only the news worth reading goes above the bar
                self.bar.write(line, file=self.stream)
            self.bar.set_postfix_str(f"{self.pages} pages, {self.pages_per_s:.1f} pages/s, "
                                     f"{self.status['failed']} failed", refresh=False)
            self.bar.update(1)
        else:
            print(line, file=self.stream, flush=True)

    def _line(self, s: dict) -> str:
        err = f"  ({s['error']})" if s.get("error") else ""
        return (f"[{self.done}/{self.total}] {s['status']:7} {s.get('pages') or 0:4} pages "
                f"{s.get('n_projects') or 0:4} projects {s.get('n_indicators') or 0:5} indicators "
                f"{s.get('seconds') or 0:6.2f} s  {s['source']}{err}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()

    def summary(self) -> str:
        st = self.status
        return (f"{self.done} documents extracted: {st['ok']} ok, {st['partial']} partial, "
                f"{st['failed']} failed; {self.skipped} skipped (already extracted); "
                f"{self.projects} projects, {self.indicators} indicators; "
                f"{self.pages} pages in {self.elapsed:.1f} s ({self.pages_per_s:.1f} pages/s); "
                f"peak worker RSS {self.max_rss_mb:.0f} MB")
