"""Scraper building blocks: decoding, links, pagination, config, names, lock."""
from __future__ import annotations

from pathlib import Path

import pytest

from budgetpdf.scraper.cli import Locked, run_lock
from budgetpdf.scraper.config import ConfigError, load_config, site_from_dict
from budgetpdf.scraper.fetch import disposition_name
from budgetpdf.scraper.ingest import Ingest
from budgetpdf.scraper.parse import decode_html, extract_links, script_pages
from budgetpdf.scraper.store import RawStore

ROOT = Path(__file__).resolve().parents[1]
PAGE = "<html><head>{meta}</head><body><a href='./P0202602.pdf'>东莞市司法局2026年部门预算</a></body></html>"


@pytest.mark.parametrize("meta,header,expect", [
    ("", "text/html; charset=GBK", "gb18030"),                 # header wins
    ('<meta charset="gb2312">', "text/html", "gb18030"),        # then <meta>
    ('<meta http-equiv="Content-Type" content="text/html; charset=gbk">', None, "gb18030"),
    ("", None, "gb18030"),                                      # nothing declared: sniffed
])
def test_gbk_pages_decode(meta, header, expect):
    body = PAGE.format(meta=meta).encode("gbk")
    text, codec = decode_html(body, header)
    assert codec == expect and "东莞市司法局2026年部门预算" in text


def test_lying_label_falls_back_to_sniffing():
    body = PAGE.format(meta='<meta charset="utf-8">').encode("gbk")
    text, codec = decode_html(body, "text/html; charset=utf-8")
    assert codec == "gb18030" and "司法局" in text
    utf = PAGE.format(meta="").encode("utf-8")
    assert decode_html(utf, None)[1] == "utf-8"


def test_links_are_absolute_with_text():
    html = """<base href="http://a.gov.cn/x/y/"><a href="./P1.pdf"> 附件 <b>一</b></a>
              <a href="http://b.gov.cn/z.pdf#page=2" title="标题">  </a>
              <a href="javascript:void(0)">x</a><a href="#top">top</a><a href="mailto:a@b">m</a>"""
    links = extract_links(html, "http://a.gov.cn/index.html")
    assert [(l.url, l.text) for l in links] == [("http://a.gov.cn/x/y/P1.pdf", "附件 一"),
                                                ("http://b.gov.cn/z.pdf", "标题")]


def test_script_pagination_pages():
    html = '<script>createPageHTML(4, 0, "index", "shtml");</script>'
    pages = script_pages(html, "http://a.gov.cn/col/", _site().pagination.pattern, "{name}_{n}.{ext}", 50)
    assert pages == [f"http://a.gov.cn/col/index_{n}.shtml" for n in (1, 2, 3)]
    query = script_pages("createPageHTML(3, 0, 'list', 'jsp')", "http://a.gov.cn/list.jsp?page=1",
                         _site().pagination.pattern, "?page={page}", 2)
    assert query == ["http://a.gov.cn/list.jsp?page=2"]  # limited by max pages
    assert script_pages("<p>no script</p>", "http://a.gov.cn/", _site().pagination.pattern, "x", 9) == []


def _site(**kw):
    return site_from_dict({"name": "t", "start_urls": ["http://www.dg.gov.cn/a/index.html"], **kw})


def test_hosts_default_to_start_urls_and_wildcards():
    site = _site()
    assert site.host_allowed("http://www.dg.gov.cn/x.pdf")
    assert not site.host_allowed("http://evil.dg.gov.cn.example.com/x.pdf")
    assert not site.host_allowed("ftp://www.dg.gov.cn/x.pdf")
    wild = _site(allowed_hosts=["*.dg.gov.cn", "127.0.0.1:8080"])
    assert wild.host_allowed("https://files.dg.gov.cn/a.pdf")
    assert wild.host_allowed("http://127.0.0.1:8080/a") and not wild.host_allowed("http://127.0.0.1:9/a")


@pytest.mark.parametrize("entry,message", [
    ({"detail": {"url_patern": "x"}}, "unknown key"),
    ({"detail": {"url_pattern": "(unclosed"}}, "bad regular expression"),
    ({"allowed_hosts": ["other.gov.cn"]}, "not on an allowed host"),
    ({"pagination": {"style": "infinite"}}, "pagination.style"),
])
def test_config_errors_name_the_key(entry, message):
    with pytest.raises(ConfigError, match=message):
        _site(**entry)


def test_defaults_merge_into_sites(tmp_path):
    cfg = tmp_path / "s.toml"
    cfg.write_text("""
[defaults]
delay = 3
max_run_seconds = 99
attachments = { record_only = [".XLS"] }
[[site]]
name = "a"
start_urls = "http://a.gov.cn/"
[[site]]
name = "b"
start_urls = ["http://b.gov.cn/"]
delay = 0.5
attachments = { extensions = ["pdf", "PDF"] }
""", encoding="utf-8")
    c = load_config(cfg)
    a, b = c.sites
    assert c.max_run_seconds == 99 and (a.delay, b.delay) == (3, 0.5)
    assert a.start_urls == ["http://a.gov.cn/"] and b.attachments.record_only == ["xls"]
    assert b.attachments.extensions == ["pdf", "pdf"]


def test_example_config_loads():
    c = load_config(ROOT / "sites.example.toml")
    assert c.sites and all(s.start_urls for s in c.sites)


def test_server_file_names_never_escape(tmp_path):
    assert disposition_name('attachment; filename="../../../../etc/passwd.pdf"') == "passwd.pdf"
    assert disposition_name("attachment; filename*=UTF-8''%E9%A2%84%E7%AE%97.pdf") == "预算.pdf"
    assert disposition_name('attachment; filename="..\\..\\x\x00.pdf"') == "x.pdf"
    assert disposition_name("inline") is None
    with pytest.raises(ValueError):
        RawStore(tmp_path).rel_path("../../etc/passwd", "pdf")


def test_hints_from_link_text():
    site = _site(hints={"department": r"^(?P<department>.+?(局|委员会))"})
    assert Ingest.hints(site, "东莞市司法局2026年部门预算", None) == ("东莞市司法局", 2026)
    assert Ingest.hints(site, "附件1.pdf", "广州市财政局2023年预算") == ("广州市财政局", 2023)
    assert Ingest.hints(site, "附件1.pdf", None) == (None, None)


def test_lock_stops_an_overlapping_run(tmp_path):
    with run_lock(tmp_path):
        with pytest.raises(Locked):
            with run_lock(tmp_path):
                pass
    with run_lock(tmp_path):  # released afterwards
        pass


def test_cli_refuses_to_start_while_locked(tmp_path, capsys):
    from budgetpdf import cli
    (tmp_path / "sites.toml").write_text('[[site]]\nname = "a"\nstart_urls = ["http://127.0.0.1:9/"]\n')
    args = ["scrape", "--config", str(tmp_path / "sites.toml"), "--store", str(tmp_path), "--out", str(tmp_path / "o")]
    with run_lock(tmp_path):
        assert cli.main(args) == 3
    assert "another scrape" in capsys.readouterr().err
    assert not (tmp_path / "state.sqlite").exists()  # nothing was touched


def test_links_inside_script_records_are_found():
    html = """<script type="text/xml"><datastore><recordset><record><![CDATA[
        <li><a href="/art/2024/3/1/art_1_2.html" title="t">区财政局2024年预算</a></li>]]></record>
        </recordset></datastore></script><script>var n = 1;</script>"""
    links = extract_links(html, "http://a.gov.cn/col/col1/index.html")
    assert [(l.url, l.text) for l in links] == [("http://a.gov.cn/art/2024/3/1/art_1_2.html", "区财政局2024年预算")]


def test_attachment_extension_from_path_or_query():
    from budgetpdf.scraper.crawl import url_exts
    from budgetpdf.scraper.ingest import published_name
    url = "http://a.gov.cn/module/download/downfile.jsp?classid=0&filename=2403.pdf"
    assert url_exts(url) == ["jsp", "pdf"] and published_name(url) == "2403.pdf"
    assert url_exts("http://a.gov.cn/picture/0/X.PDF") == ["pdf"]
    assert published_name("http://a.gov.cn/%E9%A2%84%E7%AE%97.pdf", None) == "预算.pdf"
    assert published_name("http://a.gov.cn/d.php?id=1", "表.pdf") == "表.pdf"


def test_documented_examples_work(tmp_path):
    """The worked example and the script-pattern variant in docs/scraper.md load and run."""
    import re as _re
    blocks = _re.findall(r"```toml\n(.*?)```", (ROOT / "docs/scraper.md").read_text(encoding="utf-8"), _re.S)
    worked = next(b for b in blocks if "[[site]]" in b)
    (tmp_path / "a.toml").write_text(worked, encoding="utf-8")
    site = load_config(tmp_path / "a.toml").sites[0]
    assert site.pagination.style == "script" and site.detail.url_pattern
    variant = next(b for b in blocks if "page_div" in b or "[^,]+" in b)
    (tmp_path / "b.toml").write_text('[[site]]\nname = "v"\nstart_urls = ["http://a.gov.cn/c/list.htm"]\n'
                                     + variant, encoding="utf-8")
    p = load_config(tmp_path / "b.toml").sites[0].pagination
    pages = script_pages("createPageHTML('page_div', 3, 1, 'list', 'htm', 208);",
                         "http://a.gov.cn/c/list_1.htm", p.pattern, p.template, 50)
    assert pages == ["http://a.gov.cn/c/list_1.htm", "http://a.gov.cn/c/list_2.htm"]
