"""The DuckDB side of the lake: the only module that touches DuckDB.

`build_views` (re)creates, in `LAKE/sitrep.duckdb`, one source view per Parquet
dataset (`lake_documents`, `lake_events`, `lake_rejects`) and then every view in
`sql/*.sql` (one view per file, named after the file). Views are always created
with `create or replace`, so rebuilding is always safe.

A lake on object storage (an s3:// URI) has no database file: DuckDB here cannot
read S3 itself offline, so each query opens an in-memory DuckDB, registers the
datasets as pyarrow Datasets (which read S3) and creates the same views over them.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.lake import DATASETS, arrow_dataset, part_files
from pipelines.sandbox import RefusedQuery, checked_query, lock_down
from pipelines.settings import Settings
from pipelines.store import is_uri

DB_NAME = "sitrep.duckdb"

_DUCKDB_TYPES = {
    pa.string(): "VARCHAR",
    pa.int64(): "BIGINT",
    pa.int32(): "INTEGER",
    pa.bool_(): "BOOLEAN",
    pa.date32(): "DATE",
    pa.float64(): "DOUBLE",
    pa.timestamp("us", tz="UTC"): "TIMESTAMPTZ",
    pa.list_(pa.string()): "VARCHAR[]",
}


class QueryError(Exception):
    """A user's SQL failed; the message is DuckDB's."""


def _remote(lake) -> bool:
    return is_uri(lake)


def db_path(lake: Path) -> Path:
    return Path(lake) / DB_NAME


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def source_view_sql(lake: Path, name: str) -> str:
    """The `lake_<name>` view over a dataset's Parquet, typed by its schema even when empty."""
    schema = DATASETS[name]
    if part_files(lake, name):
        glob = str((Path(lake) / name).resolve() / "*.parquet")
        body = f"select * from read_parquet({_quote(glob)}, hive_partitioning = true, union_by_name = true)"
    else:
        cols = ", ".join(f"cast(null as {_DUCKDB_TYPES[f.type]}) as {f.name}" for f in schema)
        body = f"select {cols} where false"
    return f"create or replace view lake_{name} as {body}"


@dataclass(frozen=True)
class ViewFile:
    name: str
    sql: str


def view_files(sql_dir: Path) -> list[ViewFile]:
    """Every view of sql/ (one per file, the file named after the view)."""
    views = []
    for path in sorted(Path(sql_dir).glob("*.sql")):
        sql = path.read_text(encoding="utf-8").strip().rstrip(";")
        if not re.match(rf"(?is)^\s*(--[^\n]*\n\s*)*create or replace view {re.escape(path.stem)}\b", sql):
            raise ValueError(f"{path}: must start with `create or replace view {path.stem}`")
        views.append(ViewFile(path.stem, sql))
    return views


def build_views(lake: Path | str, sql_dir: Path) -> list[str]:
    """Create or replace every view; views are created in the order their dependencies allow."""
    if _remote(lake):
        with duckdb.connect() as con:  # checks the views build; nothing is persisted
            return _create_views(con, lake, sql_dir)
    Path(lake).mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(db_path(lake))) as con:
        return _create_views(con, lake, sql_dir)


def _create_views(con, lake, sql_dir: Path) -> list[str]:
    pending = view_files(sql_dir)
    built = []
    for name in DATASETS:
        if _remote(lake):
            dataset = arrow_dataset(lake, name) if part_files(lake, name) else DATASETS[name].empty_table()
            con.register(f"lake_{name}_arrow", dataset)
            con.execute(f"create or replace view lake_{name} as select * from lake_{name}_arrow")
        else:
            con.execute(source_view_sql(lake, name))
        built.append(f"lake_{name}")
    while pending:
        failed, last_error = [], None
        for view in pending:
            try:
                con.execute(view.sql)
                built.append(view.name)
            except duckdb.CatalogException as exc:  # depends on a view not built yet
                failed.append(view)
                last_error = exc
        if len(failed) == len(pending):
            names = ", ".join(v.name for v in failed)
            raise RuntimeError(f"cannot build views {names}: {last_error}")
        pending = failed
    return built


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple]


@contextmanager
def _connect(lake, sql_dir: Path | None):
    """A read-only, sandboxed view of the lake (pipelines.sandbox): its database file, or an in-memory one
    for S3 lakes."""
    if _remote(lake):
        with duckdb.connect() as con:
            _create_views(con, lake, sql_dir or Settings().sql_dir)
            lock_down(con)  # the datasets are registered Arrow objects: no folder to allow
            yield con
        return
    path = db_path(lake)
    if not path.exists():
        raise FileNotFoundError(f"no Sitrep lake at {lake} (missing {DB_NAME}); run `sitrep run` first")
    folders = [str((Path(lake) / name).resolve()) for name in DATASETS]
    with duckdb.connect(str(path), read_only=True) as con:
        _check_views_read_here(con, lake, folders)
        lock_down(con, allowed_directories=folders)
        yield con


def _check_views_read_here(con, lake, folders: list[str]) -> None:
    """The source views hold the absolute path they were built with: a lake moved or mounted elsewhere
    would read the old place, which the sandbox refuses, so say so plainly."""
    views = dict(con.execute("select view_name, sql from duckdb_views() where view_name like 'lake_%'").fetchall())
    for name, folder in zip(DATASETS, folders, strict=True):
        sql = views.get(f"lake_{name}", "")
        if "read_parquet(" in sql and _quote(str(Path(folder) / "*.parquet")) not in sql:
            raise QueryError(f"the views in {db_path(lake)} were built for the lake at another path (moved or "
                             f"mounted elsewhere): run `sitrep run` on {lake} to rebuild them")


def query(lake: Path | str, sql: str, params: list | dict | None = None, sql_dir: Path | None = None) -> QueryResult:
    """Run one SELECT over the lake's views through a read-only, sandboxed connection.

    `params` fills the SQL's `?` (a list) or `$name` (a dict) placeholders: user values travel
    as parameters, never formatted into the SQL text."""
    try:
        with _connect(lake, sql_dir) as con:
            sql = checked_query(con, sql)
            rel = con.execute(sql, params) if params is not None else con.execute(sql)
            columns = [d[0] for d in rel.description] if rel.description else []
            rows = rel.fetchall() if rel.description else []
    except RefusedQuery as exc:
        raise QueryError(f"query refused: {exc}") from exc
    except duckdb.Error as exc:
        raise QueryError(str(exc)) from exc
    return QueryResult(columns, rows)


def check_files(sql_dir: Path) -> list[Path]:
    return sorted((Path(sql_dir) / "checks").glob("*.sql"))


def failed_checks(lake: Path, sql_dir: Path) -> dict[str, int]:
    """Data checks beside the SQL: each returns the rows that break it; name → count of such rows."""
    failures = {}
    with _connect(lake, sql_dir) as con:  # one connection: an S3 lake registers its views once
        for path in check_files(sql_dir):
            sql = path.read_text(encoding="utf-8").strip().rstrip(";")
            bad = con.execute(f"select count(*) from ({sql})").fetchone()[0]
            if bad:
                failures[path.stem] = bad
    return failures
