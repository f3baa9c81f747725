"""The query sandbox: a DuckDB connection that reads the lake and nothing else.

Two layers, both built on DuckDB's own machinery:

- `lock_down(con, allowed_directories=...)` runs after the trusted set-up (opening or attaching the
  lake read-only, creating views) and turns off what a query could reach beyond it: external access
  (files, extensions, Python objects) except the lake's own folders, extension loading, and then the
  configuration itself, so no later `SET` can undo any of it.
- `checked_query(con, sql)` parses the user's SQL with DuckDB's parser before it runs: exactly one
  SELECT statement, whose table functions are only the harmless ones (no `read_csv`, `read_text`,
  `glob`, `query`, ...). DuckDB's switches alone would still allow `COPY ... TO` into the lake's own
  folders, `PRAGMA`, and temporary tables or other writes to an in-memory catalog.

Storage-independent: whoever opens the connection passes the folders its views read.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import duckdb

# Table functions a query may call. Reading Parquet stays allowed: DuckDB itself confines it to the
# lake's folders (allowed_directories), so `read_parquet('LAKE/events/*.parquet')` works and
# `read_parquet('/elsewhere/x.parquet')` does not.
ALLOWED_TABLE_FUNCTIONS = frozenset({
    "range", "generate_series", "unnest",
    "read_parquet", "parquet_scan",
    "duckdb_columns", "duckdb_tables", "duckdb_views", "duckdb_schemas",
})


class RefusedQuery(Exception):
    """The SQL is not one read of the lake; the message says why, in one line."""


def _string_list(values: Iterable[str]) -> str:
    """A DuckDB list literal (SET takes no parameters)."""
    return "[" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + "]"


def lock_down(con, *, allowed_directories: Iterable[str] = (), allowed_paths: Iterable[str] = ()) -> None:
    """Confine `con` (its trusted set-up already done) to reading the given folders and files."""
    folders = [d if str(d).endswith("/") else f"{d}/" for d in map(str, allowed_directories)]
    # In this order: allowed_directories can no longer change once external access is off, and
    # nothing can change once the configuration is locked.
    for statement in (
        "set python_enable_replacements = false",  # no scans of the calling Python's variables
        "set autoinstall_known_extensions = false",
        "set autoload_known_extensions = false",
        "set allow_community_extensions = false",
        f"set allowed_directories = {_string_list(folders)}",
        f"set allowed_paths = {_string_list(allowed_paths)}",
        "set enable_external_access = false",
        "set lock_configuration = true",
    ):
        con.execute(statement)


def _table_functions(node) -> Iterator[str]:
    if isinstance(node, dict):
        if node.get("type") == "TABLE_FUNCTION" and isinstance(node.get("function"), dict):
            yield str(node["function"].get("function_name", "")).lower()
        for value in node.values():
            yield from _table_functions(value)
    elif isinstance(node, list):
        for value in node:
            yield from _table_functions(value)


def checked_query(con, sql: str) -> str:
    """The one SELECT of `sql`, to run in its place, if it reads only the lake's views and tables;
    RefusedQuery otherwise."""
    statements = duckdb.extract_statements(sql)  # a syntax error is DuckDB's own ParserException
    if not statements:
        raise RefusedQuery("no SQL statement given")
    if len(statements) > 1:
        raise RefusedQuery(f"{len(statements)} statements given: run one SELECT at a time")
    kind = statements[0].type.name
    tokens = duckdb.tokenize(sql)
    if tokens and sql[tokens[0][0]:].split(None, 1)[0].upper() == "PRAGMA":
        kind = "PRAGMA"  # the parser has already rewritten a reading PRAGMA into a SELECT
    if kind != "SELECT":
        raise RefusedQuery(f"{kind} statements are refused: queries are read-only, one SELECT over the lake")
    # The statement's own text is what is checked and what runs.
    sql = statements[0].query
    tree = json.loads(con.execute("select json_serialize_sql(?)", [sql]).fetchone()[0])
    if tree.get("error"):
        raise RefusedQuery(f"cannot check this query: {tree.get('error_message', 'unknown error')}")
    refused = sorted(set(_table_functions(tree)) - ALLOWED_TABLE_FUNCTIONS)
    if refused:
        raise RefusedQuery(f"table function {', '.join(refused)} is refused: queries are read-only and read "
                           "the lake's views and tables only")
    return sql
