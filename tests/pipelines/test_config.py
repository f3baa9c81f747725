from pathlib import Path

import pytest
from sitrep.pipelines.collection import FeedSource, InboxSource
from sitrep.pipelines.config import ConfigError, build_settings, load_config, parse_config
from sitrep.pipelines.settings import DEFAULTS, REPO_ROOT, Settings

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


def test_a_config_without_sources_is_valid_settings_of_the_lake(tmp_path):
    settings = parse_config({"lake": "lake", "batch_size": 250, "seeds_dir": "my-seeds"}, tmp_path)
    assert settings.sources is None
    assert (settings.lake, settings.batch_size, settings.seeds_dir) == (
        tmp_path.resolve() / "lake", 250, tmp_path.resolve() / "my-seeds")
    with pytest.raises(ConfigError, match="no source named 'wire' \\(have: none\\)"):
        settings.source("wire")


def test_with_nothing_set_the_settings_are_the_declared_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no sitrep.toml here
    assert build_settings({}, {}) == DEFAULTS
    assert (DEFAULTS.lake, DEFAULTS.batch_size, DEFAULTS.seeds_dir) == (Path("data/lake"), 5000, REPO_ROOT / "seeds")


def test_a_sitrep_toml_in_the_working_directory_is_read_when_no_file_is_named(tmp_path, monkeypatch):
    write(tmp_path / "sitrep.toml", "batch_size = 7\n")
    monkeypatch.chdir(tmp_path)
    assert build_settings({}, {}).batch_size == 7


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("in_file", "in_env", "in_flags", "expected"),
    [
        (None, None, None, 5000),  # the default
        (300, None, None, 300),  # the file over the default
        (300, "200", None, 200),  # the environment over the file
        (300, "200", 100, 100),  # a flag over the environment
        (None, None, 100, 100),
        (300, None, 100, 100),
    ],
)
def test_flags_beat_the_environment_which_beats_the_file_which_beats_the_defaults(
    tmp_path, in_file, in_env, in_flags, expected
):
    config = write(tmp_path / "sitrep.toml", "" if in_file is None else f"batch_size = {in_file}\n")
    environ = {} if in_env is None else {"SITREP_BATCH_SIZE": in_env}
    settings = build_settings({"batch_size": in_flags}, environ, config)
    assert settings.batch_size == expected


def test_each_setting_keeps_its_own_origin_when_several_set_different_ones(tmp_path):
    config = write(tmp_path / "sitrep.toml", 'lake = "from-file"\ncatalog = "sqlite:file.sqlite"\nworkers = 3\n')
    settings = build_settings({"workers": None, "lake": None}, {"SITREP_CATALOG": "sqlite:/env.sqlite"}, config)
    assert settings.lake == tmp_path.resolve() / "from-file"  # the file's relative path, from its folder
    assert settings.catalog == "sqlite:/env.sqlite"
    assert settings.workers == 3
    # a relative path given on the command line or in the environment stays relative to the working directory
    assert build_settings({"lake": "here"}, {}, config).lake == Path("here")
    assert build_settings({}, {"SITREP_LAKE": "there"}, config).lake == Path("there")


def test_the_environment_names_the_config_file_and_empty_variables_set_nothing(tmp_path):
    config = write(tmp_path / "other.toml", "batch_size = 42\n")
    assert build_settings({}, {"SITREP_CONFIG": str(config), "SITREP_BATCH_SIZE": ""}).batch_size == 42
    with pytest.raises(ConfigError, match="no such config file"):
        build_settings({}, {}, tmp_path / "absent.toml")


@pytest.mark.parametrize(
    ("flags", "environ", "text", "message"),
    [
        ({}, {"SITREP_BATCH_SIZE": "many"}, "", r"batch_size: .* \(set by SITREP_BATCH_SIZE\)"),
        ({"workers": 0}, {}, "", r"workers: .* \(set by the command line\)"),
        ({}, {}, 'task_runner = "slurm"\n', r"task_runner: .*unknown task runner 'slurm'.* \(set by .*sitrep.toml\)"),
        ({}, {}, "retention_days = -1\n", r"retention_days: .*sitrep.toml"),
    ],
)
def test_a_bad_setting_fails_naming_the_key_and_where_it_was_set(tmp_path, flags, environ, text, message):
    config = write(tmp_path / "sitrep.toml", text)
    with pytest.raises(ConfigError, match=message):
        build_settings(flags, environ, config)


def test_settings_are_frozen_and_reject_unknown_fields():
    with pytest.raises(ValueError, match="frozen"):
        DEFAULTS.batch_size = 1
    with pytest.raises(ValueError, match="batch_sizes"):
        Settings(batch_sizes=1)
