"""The whole flow writes to a lake on S3-compatible storage (moto on loopback) and DuckDB queries it."""
from pathlib import Path

from click.testing import CliRunner
from sitrep.flows.cli import cli
from sitrep.flows.etl import etl
from sitrep.pipelines.location import lake_location
from sitrep.pipelines.settings import Settings
from sitrep.pipelines.warehouse import query

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def test_flow_on_an_s3_lake_matches_a_local_one(tmp_path, s3_lake_uri):
    local = tmp_path / "lake"
    uri = s3_lake_uri()
    catalog = f"sqlite:{tmp_path / 'catalog.sqlite'}"  # an S3 lake names its catalog
    remote = lake_location(uri, catalog)
    etl([str(FIXTURES)], Settings(lake=str(local)))
    summary = etl([str(FIXTURES)], Settings(lake=uri, catalog=catalog))
    assert summary["documents_extracted"] == 6
    sql = "select event_id, event_type, killed, troops from events order by event_id"
    assert query(remote, sql).rows == query(local, sql).rows
    again = etl([str(FIXTURES)], Settings(lake=uri, catalog=catalog))
    assert again["documents_unchanged"] == 6
    assert query(remote, "select count(*) from documents").rows == [(6,)]


def test_sitrep_sql_reads_an_s3_lake(s3_lake_uri, tmp_path):
    remote = s3_lake_uri()
    catalog = f"sqlite:{tmp_path / 'catalog.sqlite'}"
    etl([str(FIXTURES / "border-brief.txt")], Settings(lake=remote, catalog=catalog))
    result = CliRunner().invoke(cli, ["sql", "select killed, injured from casualty_reports", "--lake", remote,
                                      "--catalog", catalog, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["killed,injured", "5,8"]


def test_an_s3_lake_without_a_catalog_is_refused_clearly(s3_lake_uri):
    result = CliRunner().invoke(cli, ["sql", "select 1", "--lake", s3_lake_uri()])
    assert result.exit_code == 2 and "needs a catalog" in result.output


def _objects(uri: str) -> dict[str, bytes]:
    """Every object under a lake URI's prefix, by key relative to the prefix."""
    import pyarrow.fs as pafs

    filesystem, prefix = pafs.FileSystem.from_uri(uri)
    listed = filesystem.get_file_info(pafs.FileSelector(prefix, recursive=True))
    out = {}
    for info in listed:
        if info.type == pafs.FileType.File:
            with filesystem.open_input_stream(info.path) as f:
                out[info.path.removeprefix(prefix + "/")] = f.read()
    return out


def test_scheduled_collection_and_the_dashboard_write_into_an_s3_lake(tmp_path, s3_lake_uri, monkeypatch):
    from urllib.parse import urlsplit

    from sitrep.flows.collect import collect
    from sitrep.pipelines.dashboard import write_dashboard
    from sitrep.pipelines.sources import url_doc_id

    from tests.support.web import Page, article, serving

    uri, catalog = s3_lake_uri(), f"sqlite:{tmp_path / 'catalog.sqlite'}"
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)  # a URI taken for a folder would appear here, as `s3:`
    with serving() as site:
        page = site.add("/a/clash", Page(article("Border clash", "Five soldiers were killed in an ambush on Sunday.")))
        feed = site.add("/rss", Page(f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item>'
                                     f'<title>t</title><link>{page}</link></item></channel></rss>'.encode(),
                                     content_type="application/rss+xml"))
        config = tmp_path / "sitrep.toml"
        config.write_text(f'lake = "{uri}"\ncatalog = "{catalog}"\n[[sources]]\nname = "wire"\nkind = "feed"\n'
                          f'cron = "*/30 * * * *"\nurl = "{feed}"\nallow_hosts = ["{urlsplit(feed).netloc}"]\n',
                          encoding="utf-8")
        first = collect("wire", str(config))
        again = collect("wire", str(config))
        assert site.hits == {"/rss": 2, "/a/clash": 1}  # the re-run fetched the feed, and nothing new
    assert (first["documents_extracted"], again["documents_extracted"]) == (1, 0)
    remote = lake_location(uri, catalog)
    assert query(remote, "select doc_id, killed from casualty_reports").rows == [(url_doc_id(page), 5)]
    [origin] = query(remote, "select origin from documents").rows[0]
    assert origin.startswith(uri.split("?")[0] + "/raw/")  # a document names its raw copy by URI

    built = write_dashboard(remote)
    stored = _objects(uri)
    raw = sorted(k for k in stored if k.startswith("raw/") and not k.startswith("raw/_manifest/"))
    assert sorted(k.rsplit(".", 1)[1] for k in raw) == ["html", "xml"]
    assert all(stored[k] for k in raw) and not any(".tmp" in k for k in stored)
    manifest = stored["raw/_manifest/wire.jsonl"].decode().splitlines()
    assert len(manifest) == 2 and page in manifest[1]  # the feed's copy, then the page's
    assert built.path == uri.split("?")[0] + "/dashboard.html"
    assert stored["dashboard.html"].startswith(b"<!doctype html>")
    assert list(work.iterdir()) == [] and not any(p.name.startswith("s3") for p in tmp_path.iterdir())
