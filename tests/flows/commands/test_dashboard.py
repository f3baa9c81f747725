import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from sitrep.flows.cli import cli

from tests.support.marts import CASUALTIES, DOCS, OTHERS, write_lake


@pytest.fixture(scope="module")
def lake(tmp_path_factory):
    path = tmp_path_factory.mktemp("lake")
    write_lake(path, DOCS, CASUALTIES + OTHERS)
    return path


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_events_lists_filtered_rows_as_json(lake):
    result = invoke("events", "--lake", lake, "--type", "capture", "--country", "RUS", "--since", "2025-01-10",
                    "--contains", "bakhmut", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["evidence"] for r in rows] == [
        "Three Russian soldiers were captured near Bakhmut.",
        "Ukraine captured three Russian soldiers near Bakhmut.",
    ]
    assert rows[0]["url"] == "https://example.org/b"


def test_events_table_shows_the_readable_columns_and_csv_all_of_them(lake):
    table = invoke("events", "--lake", lake, "--limit", "2").output
    assert "evidence" in table and "So far 320 soldiers" in table and "doc_id" not in table
    rows = list(csv.reader(io.StringIO(invoke("events", "--lake", lake, "--limit", "0", "--format", "csv").output)))
    assert len(rows) == 1 and "url" in rows[0]


def test_events_refuses_a_bad_type_or_date(lake):
    assert invoke("events", "--lake", lake, "--type", "battle").exit_code == 2
    assert invoke("events", "--lake", lake, "--since", "yesterday").exit_code == 2


def test_events_on_a_missing_lake_says_so(tmp_path):
    result = invoke("events", "--lake", tmp_path / "none")
    assert result.exit_code == 1 and "sitrep run" in result.output


def test_dashboard_writes_beside_the_lake_by_default_or_to_out(lake, tmp_path):
    result = invoke("dashboard", "--lake", lake)
    assert result.exit_code == 0, result.output
    assert (lake / "dashboard.html").is_file() and f"{len(CASUALTIES + OTHERS)} events" in result.output
    out = tmp_path / "site" / "index.html"
    assert invoke("dashboard", "--lake", lake, "--out", out).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_dashboard_on_a_missing_lake_says_so(tmp_path):
    result = invoke("dashboard", "--lake", tmp_path / "none")
    assert result.exit_code == 1 and "sitrep run" in result.output


HOSTILE_EVIDENCE = ("Officials said [/b] nine [red]were[/red] hurt \x1b[2J\x1b]8;;http://evil.example/\x07here\x1b]8;;\x07"
                    "\rOVERWRITTEN \u202eesrever\nsecond line")


@pytest.fixture(scope="module")
def hostile_lake(tmp_path_factory):
    from tests.support.marts import doc, event

    path = tmp_path_factory.mktemp("hostile")
    docs = [doc("h", "[bold]Wire[/bold] \x1b[31m", DOCS[0]["published_at"])]
    write_lake(path, docs, [event("h1", "h", "casualty_report", HOSTILE_EVIDENCE, DOCS[0]["published_at"], killed=9,
                                  location="[/] Sumy")])
    return path


@pytest.mark.parametrize("command, shown", [
    (["events"], ["[bold]Wire[/bold]", "[/]Sumy"]),
    (["sql", "select evidence as \"[/b] [red]\" from events"], ["[/b][red]"]),
    (["sql", "select source from documents"], ["[bold]Wire[/bold]\\x1b[31m"]),
])
def test_table_output_shows_news_text_as_written_never_as_markup_or_terminal_control(hostile_lake, command, shown):
    result = CliRunner().invoke(cli, [*command, "--lake", str(hostile_lake)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.output
    flat = re.sub(r"[\s│┃]", "", out)  # the table wraps long cells: compare the text without the layout
    assert all(literal in flat for literal in shown), flat
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out and "\u202e" not in out
    if "source" not in command[-1]:
        assert "[/b]nine[red]were[/red]hurt" in flat
        assert "\\x1b[2J" in flat and "\\x07" in flat and "\\rOVERWRITTEN" in flat and "\\u202eesrever" in flat
        assert "second line" in out  # the newline stays a line break
        assert not any("second line" in line and "hurt" in line for line in out.splitlines())


def test_csv_and_json_keep_the_text_exact(hostile_lake):
    as_json = json.loads(invoke("events", "--lake", hostile_lake, "--format", "json").output)
    assert as_json[0]["evidence"] == HOSTILE_EVIDENCE
