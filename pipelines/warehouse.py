"""The DuckDB side of the lake: the only module that touches DuckDB.

The lake is a DuckLake: a catalog database (SQLite by default, PostgreSQL for many machines)
records every table, view and snapshot; the rows are Parquet files under the data path. Every
connection, reading or writing, is opened by `connect`, which loads the DuckLake extensions
shipped as Python packages (no network) and attaches the lake as `lake`. A reading connection
holds one snapshot (the latest, or the one `as_of` names) for its whole life.

The lake holds three tables (`lake_documents`, `lake_events`, `lake_rejects`, created from the
Arrow schemas) and every view of `sql/*.sql` (one per file, named after the file), stored in
the catalog itself, so any DuckDB client that attaches the lake sees them (`attach_statements`).
A view reads an English word list of seeds/lexicons as `{{ lexicon FILE.ID }}` inside a regex
literal: the list's regex alternation is put in when the view is built, so the view and the
Python code that reads the same list agree (and a changed list rebuilds the view).
"""
from __future__ import annotations

import importlib.util
import os
import re
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
from sitrep.pipelines.location import LakeLocation, lake_location
from sitrep.pipelines.sandbox import RefusedQuery, checked_query, lock_down
from sitrep.pipelines.schemas import DATASETS
from sitrep.pipelines.settings import DEFAULTS

ALIAS = "lake"
Error = duckdb.Error  # what the lake module catches, so it needs no DuckDB import of its own

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


class LakeAccessError(OSError):
    """The lake cannot be opened for writing (a read-only folder, a catalog that refuses us)."""


def _quote(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def extension_file(name: str) -> Path:
    """The signed extension binary a `duckdb-extension-<name>` package ships for this DuckDB."""
    spec = importlib.util.find_spec(f"duckdb_extension_{name}")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the duckdb-extension-{name.replace('_', '-')} package is not installed")
    return Path(spec.submodule_search_locations[0]) / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"


def _extensions(location: LakeLocation) -> list[str]:
    names = ["ducklake", {"sqlite": "sqlite_scanner", "postgres": "postgres_scanner"}[location.catalog_kind]]
    if location.s3_options is not None:
        names.append("httpfs")
    return names


def attach_statements(lake, *, read_only: bool = True, as_of: int | str | datetime | None = None,
                      alias: str = ALIAS) -> list[str]:
    """The SQL that opens the lake in any DuckDB client of this version, offline: load the
    extensions, give S3 its endpoint, attach the catalog (its data path given explicitly, so a
    moved lake reads its own files), and make it the default database."""
    location = lake_location(lake)
    as_of = location.as_of if as_of is None else as_of
    statements = [f"load {_quote(extension_file(name))}" for name in _extensions(location)]
    s3 = location.s3_options
    if s3 is not None:
        parts = ["type s3", "url_style 'path'", f"use_ssl {s3['use_ssl']}"]
        parts += [f"{k} {_quote(s3[k])}" for k in ("endpoint", "region") if s3[k]]
        statements.append(f"create or replace secret sitrep_s3 ({', '.join(parts)})")
    options = [f"data_path {_quote(location.data_path)}", "override_data_path true"]
    if read_only:
        options.append("read_only")
    else:
        options.append("data_inlining_row_limit 0")  # every row in Parquet, none kept in the catalog
    if isinstance(as_of, int) or (isinstance(as_of, str) and as_of.isdigit()):
        options.append(f"snapshot_version {int(as_of)}")
    elif as_of is not None:
        options.append(f"snapshot_time {_quote(as_of.isoformat() if isinstance(as_of, datetime) else as_of)}")
    statements.append(f"attach {_quote('ducklake:' + location.catalog)} as {alias} ({', '.join(options)})")
    statements.append(f"use {alias}")
    return statements


def _prepare_catalog(location: LakeLocation) -> None:
    """Create a local lake's folder and its SQLite catalog in WAL mode, in which readers never
    block the writer (measured: in SQLite's default mode a reader that ran one query makes the
    writer's commit fail with 'database is locked')."""
    path = location.catalog_file
    if path is None:
        return
    folder = path.parent
    if folder.is_dir() and not os.access(folder, os.W_OK):
        raise LakeAccessError(f"the lake folder {folder} is read-only: a run cannot write to it")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if location.local:
            Path(location.data_path).mkdir(parents=True, exist_ok=True)
        if path.exists():
            # WAL mode is kept in the file. Opening it here again would put a second copy of
            # SQLite (Python's, beside the one in DuckDB's sqlite_scanner) on a catalog this
            # process may hold open: closing it drops the other copy's POSIX locks, and, taking
            # itself for the last connection, it checkpoints and deletes the WAL under them,
            # which corrupted the catalog (a run, its maintenance and a reader, in a loop).
            return
        con = sqlite3.connect(path)
        try:
            con.execute("pragma journal_mode=wal")
        finally:
            con.close()
    except (OSError, sqlite3.Error) as exc:
        raise LakeAccessError(f"cannot write to the lake at {location.root}: {exc} (is the folder read-only?)") from None


def check_writable(lake) -> None:
    """Raise LakeAccessError, with one line saying why, unless a run could write the lake."""
    _prepare_catalog(lake_location(lake))


def _new_database(extensions: list[str]):
    """An in-memory DuckDB database with these extensions loaded (from their packages, offline)."""
    database = duckdb.connect()
    for name in extensions:
        database.execute(f"load {_quote(extension_file(name))}")
    return database


class Databases:
    """In-memory DuckDB databases with the lake's extensions loaded, lent to one connection at
    a time and kept for the next. Loading the signed extensions is most of what opening the lake
    costs (measured on the shared machine: a read of a small lake took 0.23-0.34 s on a reused
    database, 1.2-1.3 s on a new one), so a caller that opens the lake several times (a run: its
    transaction, the maintenance, the views) owns one of these and passes it down; `connect`
    without one uses a database of its own and closes it. Closing this closes every database."""

    def __init__(self) -> None:
        self._idle: list = []
        self._lock = threading.Lock()

    def take(self, extensions: list[str]):
        with self._lock:
            database, loaded = self._idle.pop() if self._idle else (None, set())
        if database is None:
            return _new_database(extensions), set(extensions)
        for name in extensions:
            if name not in loaded:
                database.execute(f"load {_quote(extension_file(name))}")
                loaded.add(name)
        return database, loaded

    def give_back(self, database, loaded: set[str]) -> None:
        with self._lock:
            self._idle.append((database, loaded))

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for database, _ in idle:
            database.close()

    def __enter__(self) -> Databases:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _check_readable(location: LakeLocation) -> None:
    """A reader's check before it attaches: the lake is there."""
    if location.catalog_file is not None and not location.catalog_file.exists():
        raise FileNotFoundError(f"no Sitrep lake at {location.root} (missing {location.catalog_file.name}); "
                                "run `sitrep run` first")


@contextmanager
def _readable(location: LakeLocation):
    """The location to attach for reading. A SQLite catalog in WAL mode needs to write a
    shared-memory file beside itself even to be read, which a read-only lake folder forbids:
    there, a catalog at rest (no write-ahead log beside it: every writer closed it cleanly) is
    read through a private copy taken with SQLite's backup API from the file opened as
    immutable; the data files are read where they are."""
    _check_readable(location)
    catalog = location.catalog_file
    if catalog is None or os.access(catalog.parent, os.W_OK):
        yield location
        return
    wal = catalog.with_name(catalog.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise LakeAccessError(f"the lake folder {catalog.parent} is read-only and its catalog has a write-ahead log "
                              f"({wal.name}) that only a writable folder can apply: copy the lake to a writable "
                              "folder, or make this one writable and query it once")
    import tempfile

    with tempfile.TemporaryDirectory(prefix="sitrep-catalog-") as folder:
        copy = Path(folder) / catalog.name
        try:
            source = sqlite3.connect(f"{catalog.as_uri()}?immutable=1", uri=True)
            try:
                with sqlite3.connect(copy) as target:
                    source.backup(target)
                target.close()
            finally:
                source.close()
        except sqlite3.Error as exc:
            raise LakeAccessError(f"the lake folder {catalog.parent} is read-only and its catalog could not be "
                                  f"read ({exc}): copy the lake to a writable folder") from None
        yield replace(location, catalog=f"sqlite:{copy}")


@contextmanager
def connect(lake, *, write: bool = False, as_of: int | str | datetime | None = None,
            databases: Databases | None = None):
    """A DuckDB connection with the lake attached as `lake` (and as the default database).

    Reading (the default): read-only, one snapshot for the connection's whole life. Writing:
    creates the lake if it is new; the caller runs its own transaction. `databases`, if given,
    lends the DuckDB database and takes it back afterwards (class Databases)."""
    location = lake_location(lake)
    if write:
        _prepare_catalog(location)
        with _connected(location, True, as_of, databases) as con:
            yield con
    else:
        with _readable(location) as readable, _connected(readable, False, as_of, databases) as con:
            yield con


@contextmanager
def _connected(location: LakeLocation, write: bool, as_of, databases: Databases | None):
    database, loaded = (databases or Databases()).take(_extensions(location))
    con = database.cursor()  # its own transactions and temporary views; the attachment is the database's
    attached = False
    try:
        for statement in attach_statements(location, read_only=not write, as_of=as_of):
            if not statement.startswith("load "):
                con.execute(statement)
            attached = attached or statement.startswith("attach ")
        if not write:
            con.execute("begin transaction")  # pins the snapshot for every query that follows
        yield con
    finally:
        reusable = True
        try:
            if not write:
                con.execute("rollback")  # ends the read transaction: a reused database must not keep its snapshot
            con.close()
            if attached:
                database.execute(f"detach {ALIAS}")
        except duckdb.Error:
            reusable = False
        if reusable and databases is not None:
            databases.give_back(database, loaded)
        else:
            database.close()


def pinned(lake, databases: Databases | None = None) -> LakeLocation:
    """The lake at its latest snapshot, fixed: every query given it reads that snapshot, so a
    report of many queries (the dashboard) is consistent even while runs commit."""
    location = lake_location(lake)
    if location.as_of is not None:
        return location
    with connect(location, databases=databases) as con:
        snapshot = con.execute(f"select id from {ALIAS}.current_snapshot()").fetchone()[0]
    return replace(location, as_of=int(snapshot))


def table_sql(name: str, schema: pa.Schema) -> str:
    columns = ", ".join(f"{f.name} {_DUCKDB_TYPES[f.type]}{'' if f.nullable else ' not null'}" for f in schema)
    return f"create table if not exists lake_{name} ({columns})"


def ensure_tables(con) -> None:
    """Create the lake's tables from their Arrow schemas, and add columns a schema gained since."""
    # The tables' names from duckdb_tables(), their columns from an empty select of each: not from
    # duckdb_columns(), which binds every view of the lake to list the views' columns too (measured:
    # 0.04-0.09 s, a tenth of an unchanged re-run, against 0.01-0.02 s)
    tables = {r[0] for r in con.execute("select table_name from duckdb_tables() where database_name = ?",
                                        [ALIAS]).fetchall()}
    have = {f"lake_{name}": {d[0] for d in con.execute(f"select * from {ALIAS}.lake_{name} limit 0").description}
            for name in DATASETS if f"lake_{name}" in tables}
    for name, schema in DATASETS.items():
        columns = have.get(f"lake_{name}")
        if columns is None:
            con.execute(table_sql(name, schema))
            continue
        for field in schema:
            if field.name not in columns:
                con.execute(f"alter table lake_{name} add column {field.name} {_DUCKDB_TYPES[field.type]}")


def table_columns(con, name: str) -> list[tuple[str, str]]:
    """The (name, DuckDB type) of each column of the lake's table `lake_<name>`, in their order."""
    return con.execute("select column_name, data_type from duckdb_columns() where database_name = ? "
                       "and table_name = ? order by column_index", [ALIAS, f"lake_{name}"]).fetchall()


def insert_rows(con, name: str, rows: pa.Table, target: list[tuple[str, str]] | None = None) -> None:
    """Add an Arrow table's rows to the lake's table `lake_<name>` (whose table_columns are `target`,
    if given), each column to the table's column of its name (a column the rows lack is null),
    inside the connection's transaction. The rows are read as a relation, never as a registered
    view: a view dropped within a transaction stays in it, with the Arrow table it reads, until
    the transaction ends, so a run would hold every batch it wrote until its commit (measured:
    110 MiB over 52 batches of short documents, growing with the run)."""
    target = table_columns(con, name) if target is None else target
    given = set(rows.column_names)
    columns = ", ".join(column if column in given else f"cast(null as {kind}) as {column}" for column, kind in target)
    con.from_arrow(rows).project(columns).insert_into(f"{ALIAS}.lake_{name}")


@dataclass(frozen=True)
class ViewFile:
    name: str
    sql: str


_LEXICON = re.compile(r"\{\{\s*lexicon\s+(?P<file>\w+)\.(?P<id>\w+)\s*\}\}")


def _with_lexicons(path: Path, sql: str, seeds_dir: Path) -> str:
    """The view's SQL with each `{{ lexicon FILE.ID }}` replaced by that list's regex alternation
    (quoted for a SQL string literal)."""
    from sitrep.pipelines.extract.wordlists import load_wordlists

    files: dict = {}

    def pattern(m: re.Match) -> str:
        if m["file"] not in files:
            files[m["file"]] = load_wordlists(seeds_dir, m["file"])
        lists = files[m["file"]]
        if m["id"] not in lists.entries:
            raise ValueError(f"{path}: {m.group()} names no list of {lists.path}")
        return lists.pattern(m["id"]).replace("'", "''")

    sql = _LEXICON.sub(pattern, sql)
    if "{{" in sql:
        raise ValueError(f"{path}: a placeholder other than {{{{ lexicon FILE.ID }}}}")
    return sql


def view_files(sql_dir: Path, seeds_dir: Path | None = None) -> list[ViewFile]:
    """Every view of sql/ (one per file, the file named after the view), each after the views it
    reads, with the word lists of `seeds_dir` (default: the repository's) put in."""
    views = {}
    for path in sorted(Path(sql_dir).glob("*.sql")):
        sql = path.read_text(encoding="utf-8").strip().rstrip(";")
        if not re.match(rf"(?is)^\s*(--[^\n]*\n\s*)*create or replace view {re.escape(path.stem)}\b", sql):
            raise ValueError(f"{path}: must start with `create or replace view {path.stem}`")
        views[path.stem] = ViewFile(path.stem, _with_lexicons(path, sql, Path(seeds_dir or DEFAULTS.seeds_dir)))
    ordered: list[ViewFile] = []

    def visit(view: ViewFile, trail: tuple[str, ...]) -> None:
        if view in ordered:
            return
        if view.name in trail:
            raise ValueError(f"views read each other in a cycle: {' -> '.join((*trail, view.name))}")
        body = view.sql.split(" as ", 1)[-1]
        for other in views.values():
            if other.name != view.name and re.search(rf"\b{re.escape(other.name)}\b", body):
                visit(other, (*trail, view.name))
        ordered.append(view)

    for view in views.values():
        visit(view, ())
    return ordered


def _view_tag(view: ViewFile) -> str:
    import hashlib

    return "sitrep:" + hashlib.sha256(view.sql.encode("utf-8")).hexdigest()[:16]


def create_views(con, sql_dir: Path, seeds_dir: Path | None = None) -> list[str]:
    """Create or replace, on a writing connection, every view whose SQL changed; the names of all."""
    current = dict(con.execute(
        "select view_name, comment from duckdb_views() where database_name = ?", [ALIAS]).fetchall())
    names = []
    for view in view_files(sql_dir, seeds_dir):
        if current.get(view.name) != _view_tag(view):
            con.execute(view.sql)
            con.execute(f"comment on view {view.name} is {_quote(_view_tag(view))}")
        names.append(view.name)
    return names


def build_views(lake, sql_dir: Path, databases: Databases | None = None, con=None,
                seeds_dir: Path | None = None) -> list[str]:
    """Create the lake if it is new, then every view that changed, in one snapshot (none if
    nothing changed: rebuilding is always safe and usually does nothing). `con`: a writing
    connection already attached to the lake, with its tables made and no transaction open (a
    run's, after its commit), so the refresh costs no second attach. `seeds_dir`: the word
    lists the views read (default: the repository's)."""
    if con is not None:
        return _refresh_views(con, sql_dir, seeds_dir, make_tables=False)
    with connect(lake, write=True, databases=databases) as own:
        return _refresh_views(own, sql_dir, seeds_dir, make_tables=True)


def _refresh_views(con, sql_dir: Path, seeds_dir: Path | None, make_tables: bool) -> list[str]:
    con.execute("begin transaction")
    try:
        if make_tables:
            ensure_tables(con)
        built = [f"lake_{name}" for name in DATASETS] + create_views(con, sql_dir, seeds_dir)
        con.execute("commit")
    except BaseException:
        try:
            con.execute("rollback")
        except duckdb.Error:
            pass  # the transaction is gone already
        raise
    return built


def _temp_views(con, sql_dir: Path | None) -> None:
    """A lake committed before its first view refresh has tables but no views: give this
    connection the views (temporary, in memory), so queries read the same names."""
    have = {r[0] for r in con.execute("select view_name from duckdb_views() where database_name = ?", [ALIAS]).fetchall()}
    missing = [v for v in view_files(sql_dir or DEFAULTS.sql_dir) if v.name not in have]
    for view in missing:
        con.execute(re.sub(r"(?i)create or replace view", "create or replace temp view", view.sql, count=1))


@contextmanager
def _reader(lake, sql_dir: Path | None, as_of=None):
    with connect(lake, as_of=as_of) as con:
        _temp_views(con, sql_dir)
        yield con


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple]


@contextmanager
def _sandboxed(lake, sql_dir: Path | None, as_of=None):
    """A connection for a user's SQL (pipelines.sandbox): a database of its own (the sandbox locks a
    database's configuration for good, so it is never returned to the pool), the lake attached
    read-only on one snapshot, the views, and then DuckDB's switches confine it to the lake's data
    path and catalog file."""
    with _readable(lake_location(lake)) as location, duckdb.connect() as con:
        for statement in attach_statements(location, read_only=True, as_of=as_of):
            con.execute(statement)
        con.execute("begin transaction")  # one snapshot for the whole query
        _temp_views(con, sql_dir)
        folders = [location.data_path]  # a folder, or the s3:// prefix its files are under
        files = []
        if location.catalog_file is not None:
            files = [str(location.catalog_file) + suffix for suffix in ("", "-wal", "-shm", "-journal")]
        lock_down(con, allowed_directories=folders, allowed_paths=files)
        yield con


def query(lake, sql: str, params: list | dict | None = None, sql_dir: Path | None = None,
          as_of: int | str | datetime | None = None) -> QueryResult:
    """Run one SELECT over the lake's views through a read-only, sandboxed connection on one
    snapshot (the latest, or `as_of`: a snapshot id or a time).

    `params` fills the SQL's `?` (a list) or `$name` (a dict) placeholders: user values travel
    as parameters, never formatted into the SQL text."""
    try:
        with _sandboxed(lake, sql_dir, as_of) as con:
            sql = checked_query(con, sql)
            rel = con.execute(sql, params) if params is not None else con.execute(sql)
            columns = [d[0] for d in rel.description] if rel.description else []
            rows = rel.fetchall() if rel.description else []
    except RefusedQuery as exc:
        raise QueryError(f"query refused: {exc}") from exc
    except (duckdb.Error, LakeAccessError) as exc:
        raise QueryError(str(exc) + _damage_hint(lake, str(exc))) from exc
    return QueryResult(columns, rows)


def _damage_hint(lake, message: str) -> str:
    """A way out when DuckDB names a data file of the lake it could not read."""
    if lake_location(lake).data_path not in message:
        return ""
    return ("\nThat file of the lake is damaged or missing: restore it from a backup (its path is above), "
            "or read an earlier snapshot with --as-of; runs that do not read it go on.")


def check_files(sql_dir: Path) -> list[Path]:
    return sorted((Path(sql_dir) / "checks").glob("*.sql"))


def failed_checks(lake, sql_dir: Path) -> dict[str, int]:
    """Data checks beside the SQL: each returns the rows that break it; name → count of such rows."""
    failures = {}
    with _reader(lake, sql_dir) as con:  # one connection: every check reads the same snapshot
        for path in check_files(sql_dir):
            sql = path.read_text(encoding="utf-8").strip().rstrip(";")
            bad = con.execute(f"select count(*) from ({sql})").fetchone()[0]
            if bad:
                failures[path.stem] = bad
    return failures
