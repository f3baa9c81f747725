"""The query sandbox: every way a `sitrep sql` query could write, reconfigure or read the machine is
refused with a one-line reason, and the lake's own reads keep working."""
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sitrep.pipelines.listing import event_listing
from sitrep.pipelines.sandbox import RefusedQuery, checked_query, lock_down
from sitrep.pipelines.settings import Settings
from sitrep.pipelines.warehouse import QueryError, _sandboxed, build_views, query

from tests.support.lake import write_run

SQL_DIR = Settings().sql_dir
README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.fixture
def lake(tmp_path):
    lake = tmp_path / "lake"
    write_run(lake, ["a", "b"])
    build_views(lake, SQL_DIR)
    return lake


def attacks(lake: Path, outside: Path) -> dict[str, str]:
    return {
        "copy into the lake": f"copy (select * from lake_events) to '{lake}/data/main/lake_events/x.parquet' (format parquet)",
        "attach read-write": f"attach '{outside}/other.duckdb' as other (read_write)",
        "create table in an attached database": "create table other.main.t as select 1 as x",
        "export database": f"export database '{outside}/dump'",
        "set": "set enable_external_access = true",
        "reset": "reset lock_configuration",
        "pragma": "pragma database_list",
        "temporary table": "create temp table t as select 1 as x",
        "read_csv": "select * from read_csv('/etc/passwd')",
        "read_text": "select * from read_text('/etc/shadow')",
        "read_blob": "select * from read_blob('/etc/hostname')",
        "glob": "select * from glob('/root/**')",
        "read_csv in a CTE": "with x as (select * from read_csv_auto('/etc/passwd')) select * from x",
        "read_text in a scalar subquery": "select (select count(*) from read_text('/etc/shadow')) as n",
        "query() runs SQL text": "select * from query('select 1')",
        "install": "install httpfs",
        "load": "load httpfs",
        "write smuggled after a select": f"select 1; copy (select 1 as x) to '{lake}/data/main/lake_events/y.parquet'",
        "a second select": "select 1; select 2",
        "call": "call pragma_version()",
        "checkpoint": "checkpoint",
        "detach": "detach other",
        "prepare": "prepare p as select 1",
        "macro": "create macro m(x) as x",
        "insert": "insert into lake_events select * from lake_events",
    }


def lake_files(lake: Path) -> list[str]:
    """The lake's data files (the catalog changes with every query's read, its data files must not)."""
    return sorted(str(p) for p in lake.rglob("*") if p.is_file() and not p.name.startswith("sitrep.sqlite"))


def test_every_attack_is_refused_with_a_one_line_reason(lake, tmp_path):
    before = lake_files(lake)
    for name, sql in attacks(lake, tmp_path).items():
        with pytest.raises(QueryError) as refused:
            query(lake, sql)
        message = str(refused.value)
        assert message.startswith("query refused:") and "\n" not in message, (name, message)
    # Nothing was planted: the lake holds its two events only.
    assert lake_files(lake) == before
    assert query(lake, "select count(*) from events").rows == [(2,)]
    assert len(event_listing(lake).rows) == 2
    assert not (tmp_path / "other.duckdb").exists() and not (tmp_path / "dump").exists()


@pytest.mark.parametrize("sql, reason", [
    ("copy (select 1) to 'x.parquet'", "COPY statements are refused"),
    ("select 1; copy (select 1) to 'x.csv'", "2 statements given"),
    ("pragma version", "PRAGMA statements are refused"),
    ("/* hidden */ PRAGMA database_list", "PRAGMA statements are refused"),
    ("pragma threads = 1", "PRAGMA statements are refused"),
    ("select * from read_text('/etc/shadow')", "table function read_text is refused"),
    ("select * from main.glob('/root/**')", "table function glob is refused"),
    ("", "no SQL statement"),
])
def test_the_reason_names_what_was_refused(sql, reason):
    with duckdb.connect() as con, pytest.raises(RefusedQuery, match=reason):
        checked_query(con, sql)


def test_duckdb_itself_refuses_what_the_statement_check_would_miss(lake, tmp_path):
    """Behind the statement check, the connection's own switches hold: no file outside the lake's
    folders, no extension, no change of configuration."""
    elsewhere = tmp_path / "elsewhere.parquet"
    pq.write_table(pa.table({"x": [1]}), elsewhere)
    with _sandboxed(lake, SQL_DIR) as con:
        for sql in [
            "select * from read_csv('/etc/passwd')",
            "select * from read_text('/etc/shadow')",
            "select * from glob('/root/**')",
            f"select * from read_parquet('{elsewhere}')",
            f"select * from '{elsewhere}'",
            f"attach '{tmp_path}/other.duckdb' (read_write)",
            f"export database '{tmp_path}/dump'",
            "install httpfs",
            "load httpfs",
            "set enable_external_access = true",
            f"set allowed_directories = ['{tmp_path}']",
            "set lock_configuration = false",
        ]:
            with pytest.raises(duckdb.Error):
                con.execute(sql).fetchall()
    assert not (tmp_path / "other.duckdb").exists()


def test_reading_parquet_is_confined_to_the_lake(lake, tmp_path):
    elsewhere = tmp_path / "elsewhere.parquet"
    pq.write_table(pa.table({"x": [1]}), elsewhere)
    inside = query(lake, f"select count(*) from read_parquet('{lake.resolve()}/data/main/lake_events/*.parquet')")
    assert inside.rows == [(2,)]
    (lake / "raw").mkdir()
    pq.write_table(pa.table({"x": [1]}), lake / "raw" / "copy.parquet")
    with pytest.raises(QueryError, match="Permission Error"):
        query(lake, f"select * from read_parquet('{elsewhere}')")
    with pytest.raises(QueryError, match="Permission Error"):  # the lake's raw copies are not its data
        query(lake, f"select * from read_parquet('{lake.resolve()}/raw/*.parquet')")


def test_a_python_variable_is_not_a_table():
    secret = pa.table({"password": ["hunter2"]})  # noqa: F841  (what a replacement scan would find)
    with duckdb.connect() as con:
        lock_down(con)
        with pytest.raises(duckdb.CatalogException):
            con.execute("select * from secret").fetchall()


def test_the_readme_example_queries_and_the_marts_still_work(lake):
    block = README.split("### Example queries", 1)[1].split("```sql", 1)[1].split("```", 1)[0]
    examples = [s for s in block.split(";") if "select" in s]
    assert len(examples) == 4
    for sql in examples:
        query(lake, sql)
    for sql in [
        "select event_type, count(*) from events group by 1",
        "select * from casualty_figures_by_country",
        "select * from daily_event_counts", "select * from casualty_timeline", "select * from source_coverage",
        "from events limit 1", "describe events", "show tables", "summarize events",
        "select * from duckdb_views() where not internal",
        "select * from information_schema.columns where table_name = 'events'",
        "select count(*) from range(3), unnest([1, 2])",
        "with x as (select doc_id from documents) select count(*) from x;  -- trailing comment",
    ]:
        query(lake, sql)
    assert query(lake, "select count(*) from events where doc_id = ?", ["a"]).rows == [(1,)]
    assert query(lake, "select count(*) from events where doc_id = $d", {"d": "b"}).rows == [(1,)]


def test_listing_filters_with_parameters_still_work(lake):
    assert len(event_listing(lake, event_type="capture", contains="e", limit=5).rows) == 2


def test_a_syntax_error_is_reported_as_one_not_as_a_refusal(lake):
    with pytest.raises(QueryError, match="^Parser Error") as failed:
        query(lake, "selec 1")
    assert "refused" not in str(failed.value)


def test_a_moved_lake_is_queried_through_the_sandbox_as_it_is(lake, tmp_path):
    """The catalog names its data path relative to nothing: the sandbox allows the moved folder, and
    the old one is gone, so nothing is read from where the lake was."""
    moved = tmp_path / "moved"
    lake.rename(moved)
    assert query(moved, "select count(*) from events").rows == [(2,)]
