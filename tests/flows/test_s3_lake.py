"""The whole flow writes to a lake on S3-compatible storage (moto on loopback) and DuckDB queries it."""
from pathlib import Path

from click.testing import CliRunner

from flows.cli import cli
from flows.etl import etl
from pipelines.warehouse import query

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def test_flow_on_an_s3_lake_matches_a_local_one(tmp_path, s3_lake_uri):
    local = tmp_path / "lake"
    remote = s3_lake_uri()
    etl([str(FIXTURES)], lake=str(local))
    summary = etl([str(FIXTURES)], lake=remote)
    assert summary["documents_extracted"] == 6
    sql = "select event_id, event_type, killed, troops from events order by event_id"
    assert query(remote, sql).rows == query(local, sql).rows
    again = etl([str(FIXTURES)], lake=remote)
    assert again["documents_unchanged"] == 6
    assert query(remote, "select count(*) from documents").rows == [(6,)]


def test_sitrep_sql_reads_an_s3_lake(s3_lake_uri):
    remote = s3_lake_uri()
    etl([str(FIXTURES / "border-brief.txt")], lake=remote)
    result = CliRunner().invoke(cli, ["sql", "select killed, injured from casualty_reports", "--lake", remote, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["killed,injured", "5,8"]
