"""Content-addressed raw store and the SQLite state database.

STORE/raw/<ab>/<sha256>.<pdf|html|bin>   bytes, named by their hash only
STORE/state.sqlite                       what was seen, fetched and extracted
STORE/tmp/                               partial downloads (removed on success)
"""
from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    kind TEXT NOT NULL,              -- listing | detail | attachment | record_only
    referrer TEXT,
    link_text TEXT,
    department_hint TEXT,
    year_hint INTEGER,
    first_seen TEXT NOT NULL,
    fetched_at TEXT,
    http_status INTEGER,
    final_url TEXT,
    etag TEXT,
    last_modified TEXT,
    content_type TEXT,
    disposition_name TEXT,           -- server-supplied file name, recorded only
    sha256 TEXT,
    bytes INTEGER,
    outcome TEXT,                    -- fetched | not_modified | known | skipped | error
    error_kind TEXT,
    error TEXT,
    run_id INTEGER
);
CREATE TABLE IF NOT EXISTS files (
    sha256 TEXT PRIMARY KEY,
    kind TEXT NOT NULL,              -- pdf | html
    bytes INTEGER NOT NULL,
    path TEXT NOT NULL,              -- relative to STORE
    first_url TEXT,
    stored_at TEXT NOT NULL,
    extraction_status TEXT,          -- pending | ok | partial | failed (NULL for pages)
    extraction_error TEXT,
    n_projects INTEGER,
    n_indicators INTEGER,
    extracted_at TEXT
);
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT,                     -- running | done | timeout | crashed
    pages_fetched INTEGER, not_modified INTEGER, new_files INTEGER,
    duplicates INTEGER, extracted INTEGER, skipped INTEGER, errors INTEGER,
    errors_by_kind TEXT,             -- JSON {"http_404": 1, ...}
    summary TEXT                     -- JSON, every counter
);
CREATE VIEW IF NOT EXISTS attachments AS
    SELECT u.url, u.site, u.kind, u.referrer, u.link_text, u.department_hint, u.year_hint,
           u.fetched_at, u.http_status, u.sha256, u.bytes, u.outcome, u.error_kind, u.error,
           f.extraction_status, f.extraction_error, f.n_projects, f.n_indicators
    FROM urls u LEFT JOIN files f ON f.sha256 = u.sha256
    WHERE u.kind IN ('attachment', 'record_only');
"""

URL_FIELDS = ("site", "kind", "referrer", "link_text", "department_hint", "year_hint", "fetched_at",
              "http_status", "final_url", "etag", "last_modified", "content_type",
              "disposition_name", "sha256", "bytes", "outcome", "error_kind", "error", "run_id")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class RawStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.tmp = self.root / "tmp"
        (self.root / "raw").mkdir(parents=True, exist_ok=True)
        self.tmp.mkdir(parents=True, exist_ok=True)

    def rel_path(self, sha256: str, kind: str) -> str:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ValueError("not a sha256")  # the only name ever used on disk
        ext = {"pdf": "pdf", "html": "html"}.get(kind, "bin")
        return f"raw/{sha256[:2]}/{sha256}.{ext}"

    def put(self, tmp_file: Path, sha256: str, kind: str) -> Path:
        """Move a finished download into place; a second copy of the same bytes is dropped."""
        dest = self.root / self.rel_path(sha256, kind)
        if dest.exists():
            tmp_file.unlink(missing_ok=True)
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp_file, dest)
        return dest

    def path(self, rel: str) -> Path:
        return self.root / rel


class StateDB:
    def __init__(self, path: Path):
        self.conn = sqlite3.connect(str(path), timeout=30)
        self.conn.row_factory = sqlite3.Row
        self.conn.executescript(SCHEMA)

    def close(self) -> None:
        self.conn.commit()
        self.conn.close()

    # -- urls ---------------------------------------------------------------
    def url(self, url: str) -> sqlite3.Row | None:
        return self.conn.execute("SELECT * FROM urls WHERE url = ?", (url,)).fetchone()

    def upsert_url(self, url: str, **values) -> None:
        bad = set(values) - set(URL_FIELDS)
        if bad:
            raise KeyError(bad)
        if self.url(url) is None:
            values.setdefault("kind", "detail")
            cols = ["url", "first_seen", *values]
            self.conn.execute(f"INSERT INTO urls ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                              (url, now(), *values.values()))
        elif values:
            sets = ", ".join(f"{k} = ?" for k in values)
            self.conn.execute(f"UPDATE urls SET {sets} WHERE url = ?", (*values.values(), url))
        self.conn.commit()

    # -- files --------------------------------------------------------------
    def file(self, sha256: str) -> sqlite3.Row | None:
        return self.conn.execute("SELECT * FROM files WHERE sha256 = ?", (sha256,)).fetchone()

    def add_file(self, sha256: str, kind: str, size: int, rel: str, url: str) -> bool:
        """True when these bytes are new to the store."""
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO files (sha256, kind, bytes, path, first_url, stored_at, extraction_status)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (sha256, kind, size, rel, url, now(), "pending" if kind == "pdf" else None))
        self.conn.commit()
        return cur.rowcount == 1

    def pending_files(self) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT * FROM files WHERE extraction_status = 'pending' ORDER BY stored_at").fetchall()

    def set_extraction(self, sha256: str, doc: dict) -> None:
        self.conn.execute(
            "UPDATE files SET extraction_status = ?, extraction_error = ?, n_projects = ?,"
            " n_indicators = ?, extracted_at = ? WHERE sha256 = ?",
            (doc["status"], doc.get("error"), doc.get("n_projects"), doc.get("n_indicators"), now(), sha256))
        self.conn.commit()

    # -- runs ---------------------------------------------------------------
    def start_run(self) -> int:
        cur = self.conn.execute("INSERT INTO runs (started_at, status) VALUES (?, 'running')", (now(),))
        self.conn.commit()
        return cur.lastrowid

    def finish_run(self, run_id: int, status: str, summary: dict) -> None:
        errors = summary.get("errors_by_kind", {})
        self.conn.execute(
            "UPDATE runs SET finished_at = ?, status = ?, pages_fetched = ?, not_modified = ?,"
            " new_files = ?, duplicates = ?, extracted = ?, skipped = ?, errors = ?,"
            " errors_by_kind = ?, summary = ? WHERE run_id = ?",
            (now(), status, summary.get("pages_fetched", 0), summary.get("not_modified", 0),
             summary.get("new_files", 0), summary.get("duplicates", 0), summary.get("extracted", 0),
             summary.get("skipped", 0), sum(errors.values()), json.dumps(errors, sort_keys=True),
             json.dumps(summary, sort_keys=True, ensure_ascii=False), run_id))
        self.conn.commit()
