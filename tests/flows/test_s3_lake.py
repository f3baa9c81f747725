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
