"""Run counters: printed at the end of every run and stored in `runs`."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Summary:
    pages_fetched: int = 0        # listing/detail pages answered 200
    not_modified: int = 0         # conditional GETs answered 304
    attachments_fetched: int = 0  # attachment downloads answered 200
    new_files: int = 0            # PDFs new to the raw store
    duplicates: int = 0           # PDFs already stored under another URL
    known: int = 0                # attachment URLs already done: no request made
    extracted: int = 0            # documents written to OUT
    extract_failed: int = 0       # … of which status failed
    skipped: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    status: str = "done"

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1

    def error(self, kind: str) -> None:
        self.errors[kind] += 1

    def as_dict(self) -> dict:
        return {
            "status": self.status, "seconds": round(self.seconds, 2),
            "pages_fetched": self.pages_fetched, "not_modified": self.not_modified,
            "attachments_fetched": self.attachments_fetched, "new_files": self.new_files,
            "duplicates": self.duplicates, "known": self.known, "extracted": self.extracted,
            "extract_failed": self.extract_failed,
            "skipped": sum(self.skipped.values()), "skipped_by_reason": dict(self.skipped),
            "errors": sum(self.errors.values()), "errors_by_kind": dict(self.errors),
        }

    def format(self, run_id: int | None = None) -> str:
        def kinds(c: Counter) -> str:
            return ", ".join(f"{k} {v}" for k, v in sorted(c.items())) or "none"
        head = f"scrape {self.status}" + (f" (run {run_id})" if run_id else "") + f" in {self.seconds:.1f}s"
        return "\n".join([
            head,
            f"  pages fetched {self.pages_fetched}, not modified (304) {self.not_modified}",
            f"  attachments fetched {self.attachments_fetched}, new files {self.new_files}, "
            f"duplicates {self.duplicates}, already known {self.known}",
            f"  extracted {self.extracted} (failed {self.extract_failed})",
            f"  skipped {sum(self.skipped.values())}: {kinds(self.skipped)}",
            f"  errors {sum(self.errors.values())}: {kinds(self.errors)}",
        ])
