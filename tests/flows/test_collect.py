from pathlib import Path
from urllib.parse import urlsplit

from sitrep.flows.collect import collect
from sitrep.pipelines.sources import seen_keys, url_doc_id
from sitrep.pipelines.warehouse import query

from tests.support.web import Page, article, serving

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>"""


def write_config(tmp_path: Path, feed_url: str) -> Path:
    config = tmp_path / "sitrep.toml"
    config.write_text(
        f"""lake = "lake"
[fetch]
timeout_seconds = 5
[[sources]]
name = "wire"
kind = "feed"
cron = "*/30 * * * *"
url = "{feed_url}"
allow_hosts = ["{urlsplit(feed_url).netloc}"]   # the loopback test site, as an intranet host is allowed
""",
        encoding="utf-8",
    )
    return config


def test_collect_extracts_fetched_pages_and_records_fetch_failures_as_rejects(tmp_path):
    with serving() as site:
        good = site.add("/a/clash", Page(article("Border clash", "Five soldiers were killed in an ambush on Sunday, the army said.")))
        broken = site.add("/a/broken", Page(b"oops", status=500, content_type="text/plain"))
        items = "".join(f"<item><title>t</title><link>{u}</link></item>" for u in (good, broken))
        feed = site.add("/rss", Page(FEED.format(items=items).encode(), content_type="application/rss+xml"))
        config = write_config(tmp_path, feed)

        summary = collect("wire", str(config))
        again = collect("wire", str(config))

    lake = tmp_path / "lake"
    assert summary["source"] == "wire"
    assert (summary["documents_extracted"], summary["reject_reasons"]) == (1, {"http_error": 1})
    assert query(lake, "select doc_id, killed from casualty_reports").rows == [(url_doc_id(good), 5)]
    # One reject row per run that tried the broken page.
    assert query(lake, "select source, reason from rejects").rows == [(broken, "http_error")] * 2
    assert query(lake, "select url from documents").rows == [(good,)]
    # The page delivered is not fetched again; the failed one is tried again on the next run.
    assert site.hits == {"/rss": 2, "/a/clash": 1, "/a/broken": 2}
    assert again["documents_extracted"] == 0 and again["reject_reasons"] == {"http_error": 1}
    assert good in seen_keys(lake, "wire") and broken not in seen_keys(lake, "wire")
