"""`sitrep incidents`: incidents of a lake with their mentions and sources."""
import csv
import io
import json

import pytest
from click.testing import CliRunner
from sitrep.flows.cli import cli
from sitrep.pipelines.ingest import read_path
from sitrep.pipelines.lake import LakeRun
from sitrep.pipelines.settings import REPO_ROOT, Settings
from sitrep.pipelines.transform import extract_batch
from sitrep.pipelines.warehouse import build_views

FIXTURE = REPO_ROOT / "tests" / "fixtures" / "incidents" / "reports.jsonl"


@pytest.fixture(scope="module")
def lake(tmp_path_factory, resources):
    path = tmp_path_factory.mktemp("lake")
    tables = extract_batch(list(read_path(FIXTURE)), resources, run_id="r")
    with LakeRun(path) as run:
        run.stage("documents", tables.documents)
        run.stage("events", tables.events)
        run.commit()
    build_views(path, Settings().sql_dir)
    return path


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_incidents_lists_each_event_once_with_every_outlet_that_reported_it(lake):
    result = invoke("incidents", "--lake", lake, "--type", "prisoner_exchange_offer", "--format", "json")
    assert result.exit_code == 0, result.output
    swap, later = sorted(json.loads(result.output), key=lambda r: r["day"])
    assert (swap["day"], swap["n_documents"], swap["sources"]) == ("2025-03-08", 3, ["Global News", "Kyiv Daily",
                                                                                     "Wire One"])
    assert (later["day"], later["sources"]) == ("2025-03-20", ["Radio East", "Wire One"])  # another swap, apart
    assert len(swap["mentions"]) == swap["n_mentions"] == 6
    assert {m["source"] for m in swap["mentions"]} == set(swap["sources"])


def test_incidents_filters_by_country_and_day_and_keeps_claims_apart(lake):
    rows = json.loads(invoke("incidents", "--lake", lake, "--country", "rus", "--type", "casualty_report",
                             "--format", "json").output)
    assert rows and all("RUS" in (r["actor_country"], r["target_country"]) for r in rows)
    # the general staff's running total, restated and updated by two outlets, is one claim beside
    # the day's toll, an incident
    victims = sorted((r["is_claim"], r["n_documents"]) for r in rows if r["target_country"] == "RUS")
    assert victims == [(False, 1), (True, 2)]
    since = json.loads(invoke("incidents", "--lake", lake, "--since", "2025-03-09", "--format", "json").output)
    assert since and min(r["day"] for r in since) >= "2025-03-09"
    odesa = sorted(r["day"] for r in since if r["location"] == "Odesa")
    assert odesa == ["2025-03-10", "2025-03-11"]  # the two Odesa attacks, apart


def test_incidents_csv_and_table_carry_the_listing(lake):
    out = invoke("incidents", "--lake", lake, "--type", "deployment", "--format", "csv").output
    [header, row] = list(csv.reader(io.StringIO(out)))
    record = dict(zip(header, row, strict=True))
    assert (record["kind"], record["troops"], record["n_documents"]) == ("incident", "300", "2")
    table = invoke("incidents", "--lake", lake, "--type", "deployment").output
    assert "Wire One" in table and "incident" in table


def test_incidents_on_a_missing_lake_is_an_error(tmp_path):
    result = invoke("incidents", "--lake", tmp_path / "none")
    assert result.exit_code == 1 and "error:" in result.output
