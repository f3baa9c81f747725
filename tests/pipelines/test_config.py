from pathlib import Path

import pytest
from sitrep.pipelines.config import ConfigError, FeedSource, InboxSource, load_config, parse_config

ROOT = Path(__file__).resolve().parents[2]


def feed(**overrides):
    return {"name": "wire", "kind": "feed", "cron": "*/30 * * * *", "url": "https://example.org/rss", **overrides}


def test_the_example_config_is_valid_and_its_paths_are_taken_from_its_folder():
    config = load_config(ROOT / "sitrep.example.toml")
    assert config.lake == ROOT / "data" / "lake"
    assert config.prefect_home == ROOT / "data" / "lake" / "_prefect"
    assert [s.kind for s in config.sources] == ["inbox", "feed", "urls", "warc"]
    inbox = config.source("inbox")
    assert isinstance(inbox, InboxSource) and inbox.folder == ROOT / "data" / "inbox"
    assert isinstance(config.source("wire"), FeedSource)


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"sources": [feed(url=None)]}, "sources[0].url"),
        ({"sources": [{"name": "wire", "kind": "feed", "cron": "* * * * *"}]}, "sources[0].url"),
        ({"sources": [feed(), feed(name="x", kind="ftp")]}, "sources[1].kind"),
        ({"sources": [feed(cron="every hour")]}, "sources[0].cron"),
        ({"sources": [feed(timezone="Mars/Olympus")]}, "sources[0].timezone"),
        ({"sources": [feed(name="Wire Feed")]}, "sources[0].name"),
        ({"sources": [feed(urls=["https://x"])]}, "sources[0].urls"),
        ({"sources": [feed()], "fetch": {"timeout_seconds": 0}}, "fetch.timeout_seconds"),
        ({"sources": [feed()], "lakes": "x"}, "lakes"),
        ({"sources": []}, "sources"),
    ],
)
def test_an_invalid_config_fails_naming_the_bad_key(data, key):
    with pytest.raises(ConfigError) as failure:
        parse_config(data, Path("/srv"))
    assert f"  {key}: " in str(failure.value)


def test_source_names_must_be_unique():
    with pytest.raises(ConfigError, match="unique: wire"):
        parse_config({"sources": [feed(), feed()]}, Path("/srv"))


def test_unknown_source_and_missing_or_broken_files_are_config_errors(tmp_path):
    config = parse_config({"sources": [feed()]}, tmp_path)
    with pytest.raises(ConfigError, match="no source named 'other'"):
        config.source("other")
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "absent.toml")
    broken = tmp_path / "sitrep.toml"
    broken.write_text("lake = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(broken)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("http://intranet.example", "not a host name"),
        ("intranet.example/feeds", "not a host name"),
        ("*.example.org", "not a host name"),
        ("intranet.example:70000", "port 70000 is out of range"),
        ("[not:an:ipv6:zz]", "not a host name"),
        ("[1:2:3]", "not an IPv6 address"),
    ],
)
def test_allow_hosts_entries_are_host_names_or_addresses_with_an_optional_port(entry, message):
    with pytest.raises(ConfigError, match=r"sources\[0\]\.allow_hosts\[0\]: .*" + message):
        parse_config({"sources": [feed(allow_hosts=[entry])]}, Path("/srv"))


def test_allow_hosts_are_kept_in_lower_case_and_only_fetching_sources_take_them():
    config = parse_config({"sources": [feed(allow_hosts=["Intranet.Example", "10.0.0.7:8080", "[::1]"])]}, Path("/srv"))
    assert config.source("wire").allow_hosts == ["intranet.example", "10.0.0.7:8080", "[::1]"]
    inbox = {"name": "box", "kind": "inbox", "cron": "* * * * *", "folder": "in", "allow_hosts": ["x"]}
    with pytest.raises(ConfigError, match=r"sources\[0\]\.allow_hosts: Extra inputs"):
        parse_config({"sources": [inbox]}, Path("/srv"))


def test_an_s3_lake_stays_a_uri_with_its_catalog(tmp_path):
    uri = "s3://bucket/lake?endpoint_override=http://127.0.0.1:9000&scheme=http"
    config = parse_config({"lake": uri, "catalog": "postgres:dbname=sitrep", "sources": [feed()]}, tmp_path)
    assert config.lake == uri and config.catalog == "postgres:dbname=sitrep"
