"""batch.progress: a bar on a terminal, log lines otherwise, and the closing summary."""
from __future__ import annotations

import io

from budgetpdf.batch.progress import Progress

OK = {"status": "ok", "pages": 4, "n_projects": 2, "n_indicators": 30, "seconds": 0.5,
      "source": "a.pdf", "error": None, "max_rss_mb": 80.0}
BAD = {"status": "failed", "pages": 0, "n_projects": 0, "n_indicators": 0, "seconds": 1.0,
       "source": "b.pdf", "error": "timed out after 1 s", "max_rss_mb": 120.0}


def test_terminal_bar_shows_pages_rate_and_failures():
    stream = io.StringIO()
    p = Progress(2, skipped=3, tty=True, stream=stream)
    p.update(OK)
    p.update(BAD)
    p.close()
    text = stream.getvalue()
    assert "2/2" in text and "4 pages" in text and "pages/s" in text and "1 failed" in text
    assert "b.pdf  (timed out after 1 s)" in text  # failures printed above the bar
    assert "a.pdf" not in text  # ok documents only move the bar


def test_plain_lines_and_summary_off_a_terminal():
    stream = io.StringIO()
    p = Progress(2, skipped=3, tty=False, stream=stream)
    p.update(OK)
    p.update(BAD)
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("[1/2] ok") and lines[0].endswith("a.pdf")
    assert lines[1].startswith("[2/2] failed") and "timed out after 1 s" in lines[1]
    s = p.summary()
    assert "2 documents extracted: 1 ok, 0 partial, 1 failed; 3 skipped" in s
    assert "2 projects, 30 indicators" in s and "4 pages" in s and "peak worker RSS 120 MB" in s
