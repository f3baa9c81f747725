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


def test_an_s3_lake_is_queried_through_the_same_sandbox(tmp_path, s3_lake_uri):
    """An S3 lake's views live in a writable in-memory catalog: the sandbox still refuses writes there."""
    import duckdb
    import pytest

    from pipelines.warehouse import QueryError, _connect

    remote = s3_lake_uri()
    etl([str(FIXTURES / "border-brief.txt")], lake=remote)
    before = query(remote, "select count(*) from events").rows
    for sql in ["create temp table t as select 1 as x", "create table t as select * from events",
                "create or replace view events as select 1 as x", "select * from read_text('/etc/hostname')",
                f"copy (select * from events) to '{tmp_path}/x.parquet'", "set lock_configuration = false"]:
        with pytest.raises(QueryError, match="query refused"):
            query(remote, sql)
    with _connect(remote, None) as con, pytest.raises(duckdb.Error):
        con.execute("select * from read_text('/etc/hostname')").fetchall()
    assert query(remote, "select count(*) from events").rows == before and not (tmp_path / "x.parquet").exists()
