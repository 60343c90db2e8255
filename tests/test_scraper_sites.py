"""`pipeline.py scrape` against real HTTP servers on 127.0.0.1 serving fixture sites.

Site A (tests/fixtures/sites/gbk_cms) is scraped three times: a first run, a
second run with nothing new, and a third after the site changed (phase 2).
Site B (portal_utf8) is another CMS layout configured only through TOML.
"""
from __future__ import annotations

import hashlib
import shutil
import sqlite3
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from budgetpdf import cli
from budgetpdf.scraper.cli import scrape
from budgetpdf.scraper.config import load_config
from budgetpdf.settings import Settings

HERE = Path(__file__).parent
SITES = HERE / "fixtures" / "sites"
sys.path.insert(0, str(SITES))
from sitesrv import SiteServer  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
DEVSET = Path(__file__).resolve().parents[2] / "shared" / "devset"


@pytest.fixture(scope="module")
def pdf_pool(tmp_path_factory) -> list[Path]:
    """Five distinct real PDFs, copied so the fixture server owns them."""
    found = sorted(SAMPLES.glob("*.pdf"))
    if len(found) < 5:
        found = sorted((DEVSET / "xlsx").glob("*.pdf")) + [DEVSET / "html/wnd_sfj_2024.pdf",
                                                           DEVSET / "open/gz_sfj_2023.pdf"]
    dest = tmp_path_factory.mktemp("pdfs")
    pool = [Path(shutil.copy(p, dest / f"{i}_{p.name}")) for i, p in enumerate(found[:5])]
    assert len({sha(p) for p in pool}) == 5
    return pool


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


SITE_A = """
[defaults]
delay = 0
timeout = 0.8
total_timeout = 1.5
retries = 1
backoff = 0.05
max_bytes = 1500000

[[site]]
name = "dg_sfj"
start_urls = ["{base}/gkmlpt/czyjs/index.html"]
allowed_hosts = ["127.0.0.1"]
pagination = {{ style = "script" }}
detail = {{ url_pattern = '/(content|private)/[a-z]+_\\w+\\.html$' }}
hints = {{ department = '^(?P<department>.+?(局|委员会|办公室))' }}
"""


def write_config(tmp: Path, text: str, server: SiteServer) -> Path:
    path = tmp / "sites.toml"
    path.write_text(text.format(base=server.base), encoding="utf-8")
    return path


def documents(out: Path) -> pd.DataFrame:
    files = sorted((out / "documents").glob("*.parquet"))
    return pd.concat([pd.read_parquet(f) for f in files]) if files else pd.DataFrame()


def pdf_hits(server: SiteServer) -> dict:
    return {p: n for p, n in server.hits.items() if p.endswith(".pdf")}


@pytest.fixture(scope="module")
def site_a(pdf_pool, tmp_path_factory):
    """Three runs over site A; every result kept for the tests below."""
    tmp = tmp_path_factory.mktemp("site_a")
    server = SiteServer(SITES / "gbk_cms", pdf_pool).start()
    cfg = load_config(write_config(tmp, SITE_A, server))
    store, out = tmp / "store", tmp / "out"
    runs = {}
    try:
        for name in ("first", "second", "changed"):
            if name == "changed":
                server.phase = 2
            before = dict(server.hits)
            summary = scrape(cfg, store, out, Settings(ocr="off"), log=lambda *a: None)
            hits = {p: n - before.get(p, 0) for p, n in server.hits.items() if n - before.get(p, 0)}
            runs[name] = dict(summary=summary, hits=hits, docs=documents(out))
    finally:
        server.stop()
    db = sqlite3.connect(store / "state.sqlite")
    db.row_factory = sqlite3.Row
    return dict(runs=runs, store=store, out=out, db=db, server=server, pool=pdf_pool, tmp=tmp)


def url_row(site_a, path: str) -> sqlite3.Row:
    row = site_a["db"].execute("SELECT * FROM urls WHERE url LIKE ?", ("%" + path,)).fetchone()
    assert row is not None, path
    return row


def test_first_run_collects_every_pdf_once(site_a):
    pool, docs = site_a["pool"], site_a["runs"]["first"]["docs"]
    # pdf 0 (twice, under two URLs), 1 (after a 503), 2 (hostile file name); never the HTML page
    assert sorted(docs.doc_id) == sorted(sha(pool[i]) for i in (0, 1, 2))
    assert docs.status.isin(["ok", "partial"]).all(), docs[["source", "status", "error"]]
    assert (docs.pages > 0).all()
    by_id = docs.set_index("doc_id")
    assert by_id.loc[sha(pool[1]), "source"].endswith("/attach/2025/P020250301000000000001.pdf")
    assert by_id.loc[sha(pool[0]), "source"].endswith("P020260115512345678901.pdf")
    s = site_a["runs"]["first"]["summary"]
    assert (s.new_files, s.duplicates, s.extracted) == (3, 1, 3)
    assert s.pages_fetched == 3 + 4  # three listing pages (script pagination), four detail pages


def test_gbk_pages_decoded_and_hints_read(site_a):
    docs = site_a["runs"]["first"]["docs"].set_index("doc_id")
    row = url_row(site_a, "P020260115512345678901.pdf")
    assert row["link_text"] == "东莞市司法局2026年部门整体绩效目标表.pdf"
    assert (row["department_hint"], row["year_hint"]) == ("东莞市司法局", 2026)
    # index_1 (no charset anywhere) and index_2 (header only) were decoded: their links were followed
    assert url_row(site_a, "post_106.html")["link_text"] == "东莞市望牛墩镇司法分局2024年部门预算"
    wnd = url_row(site_a, "P020240101000000000006.pdf")  # attachment text has no department: detail's
    assert (wnd["department_hint"], wnd["year_hint"]) == ("东莞市望牛墩镇司法分局", 2024)
    assert docs.loc[wnd["sha256"], "file_name"] == "evil_scraper.pdf"


def test_failures_are_recorded_by_kind(site_a):
    s = site_a["runs"]["first"]["summary"]
    assert dict(s.errors) == {"http_404": 1, "timeout": 1, "not_pdf": 1, "total_timeout": 1,
                              "too_large": 1, "redirect_off_host": 1}
    assert dict(s.skipped) == {"robots": 1, "record_only": 2}
    kinds = {r["url"].rsplit("/", 1)[-1]: r["error_kind"] for r in site_a["db"].execute(
        "SELECT url, error_kind FROM urls WHERE error_kind IS NOT NULL")}
    assert kinds == {"post_404.html": "http_404", "post_slow.html": "timeout", "post_105.html": "robots",
                     "P020240301000000000004.pdf": "not_pdf", "drip.pdf": "total_timeout",
                     "huge.pdf": "too_large", "go.pdf": "redirect_off_host"}
    run = site_a["db"].execute("SELECT * FROM runs ORDER BY run_id LIMIT 1").fetchone()
    assert run["status"] == "done" and run["errors"] == 6 and run["new_files"] == 3
    assert '"not_pdf": 1' in run["errors_by_kind"]


def test_http_behaviour(site_a):
    hits = site_a["runs"]["first"]["hits"]
    assert hits["/attach/2025/P020250301000000000001.pdf"] == 2  # 503, retried once
    assert hits["/gkmlpt/czyjs/content/post_404.html"] == 1      # 4xx: no retry
    assert hits["/gkmlpt/czyjs/content/post_slow.html"] == 2     # timeout: retried, then given up
    assert "/gkmlpt/private/post_105.html" not in hits           # robots.txt respected
    assert not any(p.endswith((".xls", ".docx")) for p in hits)  # recorded, never fetched
    old = url_row(site_a, "old_103.html")
    assert old["final_url"].endswith("post_103.html")  # redirect followed (a 304 by the last run)
    assert hits["/gkmlpt/czyjs/content/post_103.html"] == 1
    assert site_a["server"].hits["/robots.txt"] == 3  # once per run


def test_store_is_content_addressed_and_safe(site_a):
    store = site_a["store"]
    raw = [p for p in (store / "raw").rglob("*") if p.is_file()]
    assert raw and all(p.stem == sha(p) for p in raw)
    pdfs = sorted(p.stem for p in raw if p.suffix == ".pdf")
    assert pdfs == sorted(sha(site_a["pool"][i]) for i in (0, 1, 2, 3))
    assert not list(site_a["tmp"].rglob("evil_scraper*")) and not Path("/tmp/evil_scraper.pdf").exists()
    assert not list((store / "tmp").iterdir())  # no partial downloads left behind
    dup = site_a["db"].execute(
        "SELECT COUNT(DISTINCT url), COUNT(DISTINCT sha256) FROM urls WHERE sha256 = ?",
        (sha(site_a["pool"][0]),)).fetchone()
    assert tuple(dup) == (2, 1)


def test_second_run_fetches_no_attachment_and_writes_nothing(site_a):
    first, second = site_a["runs"]["first"], site_a["runs"]["second"]
    done = {"/gkmlpt/czyjs/content/P020260115512345678901.pdf", "/attach/2025/P020250301000000000001.pdf",
            "/gkmlpt/czyjs/content/P020240301000000000003.pdf", "/gkmlpt/czyjs/content/P020240101000000000006.pdf",
            "/gkmlpt/czyjs/content/P020240301000000000004.pdf", "/gkmlpt/czyjs/content/huge.pdf"}
    assert not done & set(second["hits"])
    s = second["summary"]
    assert (s.new_files, s.extracted, s.duplicates) == (0, 0, 0)
    assert s.not_modified >= 6 and s.pages_fetched == 0  # every page that answered before is a 304
    assert len(second["docs"]) == len(first["docs"])
    lm_only = url_row(site_a, "index_1.html")  # a page with Last-Modified and no ETag
    assert lm_only["http_status"] == 304 and lm_only["etag"] is None and lm_only["last_modified"]


def test_changed_page_brings_one_new_document(site_a):
    changed = site_a["runs"]["changed"]
    s = changed["summary"]
    assert (s.new_files, s.extracted, s.pages_fetched) == (1, 1, 1)  # only post_106 changed
    new = set(changed["docs"].doc_id) - set(site_a["runs"]["second"]["docs"].doc_id)
    assert new == {sha(site_a["pool"][3])}
    assert changed["hits"]["/gkmlpt/czyjs/content/P020260201000000000007.pdf"] == 1


SITE_B = """
max_run_seconds = 60

[[site]]
name = "gz_portal"
start_urls = ["{base}/zwgk/list.php?page=1"]
delay = 0.1
timeout = 2
retries = 0

[site.pagination]
style = "links"
text_pattern = "^下一页$"

[site.detail]
url_pattern = 'article\\.php\\?id=\\d+$'

[site.attachments]
url_pattern = 'download\\.php\\?fileid=\\d+$'

[site.hints]
department = '(?P<department>\\S+?司法局)'
"""


def test_second_layout_configured_only_in_toml(pdf_pool, tmp_path, capsys):
    server = SiteServer(SITES / "portal_utf8", pdf_pool).start()
    try:
        cfg = write_config(tmp_path, SITE_B, server)
        args = ["scrape", "--config", str(cfg), "--store", str(tmp_path / "st"), "--out", str(tmp_path / "o"),
                "--ocr", "off"]
        assert cli.main(args) == 0
        first_out = capsys.readouterr().out
        assert cli.main(args) == 0
    finally:
        server.stop()
    docs = documents(tmp_path / "o").set_index("doc_id")
    assert sorted(docs.index) == sorted(sha(pdf_pool[i]) for i in (1, 2, 3, 4))
    assert server.hits["/zwgk/article.php?id=9"] == 1   # a "detail page" that is the PDF: once
    assert docs.loc[sha(pdf_pool[1]), "file_name"] == "广州市司法局2023年绩效目标表.pdf"
    assert docs.loc[sha(pdf_pool[4]), "source"] == server.url("/download.php?fileid=90")
    assert server.hits["/download.php?fileid=89"] == 0  # the .doc link is recorded, not fetched
    assert server.hits["/zwgk/notice.php?id=3"] == 0    # not a detail page by the pattern
    assert server.hits["/download.php?fileid=88"] == 1  # second run: known, no request
    db = sqlite3.connect(tmp_path / "st" / "state.sqlite")
    hint = db.execute("SELECT department_hint, year_hint FROM urls WHERE url LIKE '%fileid=90'").fetchone()
    assert hint == ("广州市天河区司法局", 2023)
    assert "new files 4" in first_out and "errors 0" in first_out
    assert all("budgetpdf" in agent for _, _, agent in server.log)  # the User-Agent names the project
    gaps = [b[0] - a[0] for a, b in zip(server.log, server.log[1:])]
    assert min(gaps) >= 0.09  # delay = 0.1 s between requests to one host


def test_run_time_limit_stops_a_slow_site(pdf_pool, tmp_path):
    server = SiteServer(SITES / "gbk_cms", pdf_pool).start()
    text = SITE_A.replace("timeout = 0.8", "timeout = 5").replace("total_timeout = 1.5", "total_timeout = 30")
    cfg = load_config(write_config(tmp_path, text.replace('"script"', '"none"').replace(
        "index.html", "content/drip.pdf"), server))
    t0 = time.monotonic()
    try:  # drip.pdf would take 40 s: the run must end at its own limit, whatever the server does
        summary = scrape(cfg, tmp_path / "st", tmp_path / "o", Settings(ocr="off"), max_seconds=1.5, log=lambda *a: None)
    finally:
        server.stop()
    assert time.monotonic() - t0 < 3.5
    assert summary.status == "timeout" and summary.errors["run_timeout"] == 1
    db = sqlite3.connect(tmp_path / "st" / "state.sqlite")
    assert db.execute("SELECT status FROM runs").fetchall() == [("timeout",)]


def test_interrupted_run_is_finished_by_the_next(pdf_pool, tmp_path):
    """A PDF stored by a run that died before extracting it is extracted by the next run."""
    from budgetpdf.scraper.store import RawStore, StateDB
    store, db = RawStore(tmp_path / "st"), StateDB(tmp_path / "st" / "state.sqlite")
    digest = sha(pdf_pool[2])
    part = store.tmp / "killed.part"
    shutil.copy(pdf_pool[2], part)
    url = "http://127.0.0.1:9/files/%E7%BB%A9%E6%95%88.pdf"
    db.add_file(digest, "pdf", part.stat().st_size, store.rel_path(digest, "pdf"), url)
    store.put(part, digest, "pdf")
    db.close()
    (store.tmp / "leftover.part").write_bytes(b"partial")  # a download the kill cut short
    text = '[[site]]\nname = "down"\nstart_urls = ["http://127.0.0.1:9/"]\nretries = 0\ndelay = 0\n'
    (tmp_path / "s.toml").write_text(text, encoding="utf-8")
    summary = scrape(load_config(tmp_path / "s.toml"), tmp_path / "st", tmp_path / "o", Settings(ocr="off"),
                     log=lambda *a: None)
    docs = documents(tmp_path / "o")
    assert list(docs.doc_id) == [digest] and docs.source[0] == url and docs.file_name[0] == "绩效.pdf"
    assert summary.extracted == 1 and dict(summary.errors) == {"robots_unreachable": 1}
    assert not list(store.tmp.iterdir())
    row = sqlite3.connect(tmp_path / "st" / "state.sqlite").execute(
        "SELECT extraction_status FROM files WHERE sha256 = ?", (digest,)).fetchone()
    assert row[0] in ("ok", "partial")
