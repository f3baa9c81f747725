import os
import re

import pytest
from sitrep.pipelines.extract.wordlists import load_wordlists
from sitrep.pipelines.lake import LakeRun
from sitrep.pipelines.schemas import DOCUMENTS_SCHEMA, EVENT_TYPES, EVENTS_SCHEMA, TYPE_COLUMNS
from sitrep.pipelines.settings import Settings
from sitrep.pipelines.tables import table_from_rows
from sitrep.pipelines.warehouse import (
    QueryError,
    build_views,
    failed_checks,
    query,
    view_files,
)

from tests.support.lake import doc_row, event_row

SQL_DIR = Settings().sql_dir
PER_TYPE_VIEW = {
    "deployment": "deployments",
    "capture": "captures",
    "casualty_report": "casualty_reports",
    "prisoner_exchange_offer": "prisoner_exchange_offers",
}


def test_every_view_file_is_named_after_its_view():
    names = {v.name for v in view_files(SQL_DIR)}
    assert {"documents", "events", "rejects", "daily_event_counts", *PER_TYPE_VIEW.values()} <= names


def test_views_build_on_an_empty_lake_with_the_declared_columns(tmp_path):
    build_views(tmp_path, SQL_DIR)
    result = query(tmp_path, "select * from events")
    assert result.rows == [] and result.columns == EVENTS_SCHEMA.names
    assert query(tmp_path, "select count(*) from daily_event_counts").rows == [(0,)]


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_each_type_view_keeps_only_its_rows_and_columns(tmp_path, event_type):
    rows = []
    for i, t in enumerate(EVENT_TYPES):
        row = event_row("a", i)
        row["event_type"] = t
        rows.append(row)
    with LakeRun(tmp_path) as run:
        run.stage("documents", table_from_rows([doc_row("a")], DOCUMENTS_SCHEMA))
        run.stage("events", table_from_rows(rows, EVENTS_SCHEMA))
        run.commit()
    build_views(tmp_path, SQL_DIR)
    result = query(tmp_path, f"select * from {PER_TYPE_VIEW[event_type]}")
    assert len(result.rows) == 1
    assert set(TYPE_COLUMNS[event_type]) <= set(result.columns)
    other = {c for t, cols in TYPE_COLUMNS.items() if t != event_type for c in cols} - set(TYPE_COLUMNS[event_type])
    assert not other & set(result.columns)


def test_rebuilding_views_is_safe_and_checks_pass(tmp_path):
    with LakeRun(tmp_path) as run:
        run.stage("documents", table_from_rows([doc_row("a", event_count=2)], DOCUMENTS_SCHEMA))
        run.stage("events", table_from_rows([event_row("a", 0), event_row("a", 1)], EVENTS_SCHEMA))
        run.commit()
    build_views(tmp_path, SQL_DIR)
    build_views(tmp_path, SQL_DIR)
    assert failed_checks(tmp_path, SQL_DIR) == {}


def test_checks_catch_an_event_without_its_document(tmp_path):
    with LakeRun(tmp_path) as run:
        run.stage("events", table_from_rows([event_row("orphan")], EVENTS_SCHEMA))
        run.commit()
    build_views(tmp_path, SQL_DIR)
    assert failed_checks(tmp_path, SQL_DIR) == {"events_have_documents": 1}


def test_queries_are_read_only(tmp_path):
    build_views(tmp_path, SQL_DIR)
    with pytest.raises(QueryError, match="read-only"):
        query(tmp_path, "create table t (x int)")


def test_query_on_a_missing_lake_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="sitrep run"):
        query(tmp_path / "nowhere", "select 1")


def test_a_view_file_must_create_the_view_it_is_named_after(tmp_path):
    (tmp_path / "wrong.sql").write_text("create or replace view other as select 1")
    with pytest.raises(ValueError, match="wrong"):
        view_files(tmp_path)


_PROBE = "create or replace view probe as select regexp_matches(?, '\\b{{ lexicon incidents.admin_unit_noun }}\\b', 'i')"


def test_a_view_reads_a_seeds_word_list_as_the_python_code_does(tmp_path):
    """`{{ lexicon FILE.ID }}` puts the list in: the view's regex and the grouping's agree on
    every example of the list, and no placeholder is left in any view."""
    import duckdb
    from sitrep.pipelines import incidents

    assert all("{{" not in v.sql for v in view_files(SQL_DIR))
    (tmp_path / "probe.sql").write_text(_PROBE)
    sql = view_files(tmp_path)[0].sql.split(" as ", 1)[1]
    words = incidents.load_incident_rules().name_words
    examples = load_wordlists(Settings().seeds_dir, "incidents").entries["admin_unit_noun"].examples
    names = [e.text for e in examples] + ["the Donetsk oblast", "Kharkiv city", "a stateless man"]
    with duckdb.connect() as con:
        for name in names:
            assert con.execute(sql, [name]).fetchone()[0] is (incidents.region_noun(name, words) is not None), name


def test_a_changed_word_list_changes_the_view_and_an_unknown_one_is_refused(tmp_path):
    (tmp_path / "sql").mkdir()
    (tmp_path / "sql" / "probe.sql").write_text(_PROBE)
    seeds = tmp_path / "seeds"
    (seeds / "lexicons").mkdir(parents=True)
    own = (Settings().seeds_dir / "lexicons" / "incidents.toml").read_text(encoding="utf-8")
    (seeds / "lexicons" / "incidents.toml").write_text(own.replace('"governorate", ', '"governorate", "county", '))
    assert "county" in view_files(tmp_path / "sql", seeds)[0].sql
    assert "county" not in view_files(tmp_path / "sql")[0].sql
    (tmp_path / "sql" / "probe.sql").write_text(_PROBE.replace("admin_unit_noun", "no_such_list"))
    with pytest.raises(ValueError, match="no_such_list"):
        view_files(tmp_path / "sql")


def test_a_views_sql_is_the_same_in_every_process_so_an_unchanged_view_is_not_rebuilt():
    """A word list's alternation does not follow the order of a set of strings (which string hashing
    varies by process): every process builds the same view SQL, and a re-run commits no view again."""
    import subprocess
    import sys

    script = ("from sitrep.pipelines.warehouse import view_files; import hashlib; "
              f"print(hashlib.sha256(repr([(v.name, v.sql) for v in view_files({str(SQL_DIR)!r})]).encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": seed},
                              capture_output=True, text=True, check=True).stdout for seed in ("1", "2", "3")}
    assert len(digests) == 1


def test_a_lists_pattern_orders_words_of_equal_length_alphabetically_after_longer_ones():
    lists = load_wordlists(Settings().seeds_dir, "incidents")
    for list_id in lists.entries:
        words = [re.sub(r"\\(.)", r"\1", a.replace(r"\s+", " ")) for a in lists.pattern(list_id)[3:-1].split("|")]
        assert words == sorted(set(lists.entries[list_id].words), key=lambda w: (-len(w), w)), list_id


def test_checks_catch_a_document_whose_event_count_is_wrong(tmp_path):
    with LakeRun(tmp_path) as run:
        run.stage("documents", table_from_rows([doc_row("a", event_count=3)], DOCUMENTS_SCHEMA))
        run.stage("events", table_from_rows([event_row("a", 0)], EVENTS_SCHEMA))
        run.commit()
    build_views(tmp_path, SQL_DIR)
    assert failed_checks(tmp_path, SQL_DIR) == {"documents_event_count_matches_events": 1}


def test_a_databases_object_lends_one_loaded_database_again_and_closes_it(tmp_path, monkeypatch):
    from sitrep.pipelines import warehouse

    made = []
    real = warehouse._new_database
    monkeypatch.setattr(warehouse, "_new_database", lambda extensions: made.append(real(extensions)) or made[-1])
    build_views(tmp_path, SQL_DIR)  # no Databases: a database of its own, closed after
    assert len(made) == 1
    with pytest.raises(warehouse.duckdb.ConnectionException):
        made[0].execute("select 1")
    with warehouse.Databases() as databases:
        build_views(tmp_path, SQL_DIR, databases)
        with warehouse.connect(tmp_path, databases=databases) as con:
            assert con.execute("select count(*) from lake_events").fetchone() == (0,)
        assert len(made) == 2  # the second connection reused the first one's database
        made[1].execute("select 1")
    with pytest.raises(warehouse.duckdb.ConnectionException):
        made[1].execute("select 1")  # closed with the Databases object



def test_a_writing_connection_never_opens_an_existing_catalog_with_a_second_sqlite(tmp_path, monkeypatch):
    # Python's sqlite3 is another copy of SQLite than the one in DuckDB's sqlite_scanner; two
    # copies on one file in one process break each other's POSIX locks (SQLite's "how to corrupt"
    # list). Only a new catalog is opened with it, to put it in WAL mode, before DuckDB has it.
    from sitrep.pipelines import warehouse

    opened = []
    real = warehouse.sqlite3.connect
    monkeypatch.setattr(warehouse.sqlite3, "connect", lambda path, *a, **k: opened.append(str(path)) or real(path, *a, **k))
    build_views(tmp_path, SQL_DIR)
    assert opened == [str(tmp_path / "sitrep.sqlite")]  # created, in WAL mode
    with LakeRun(tmp_path) as run:
        run.stage("documents", table_from_rows([doc_row("a")], DOCUMENTS_SCHEMA))
        run.commit()
    build_views(tmp_path, SQL_DIR)
    assert len(opened) == 1 and open(tmp_path / "sitrep.sqlite", "rb").read(20)[18:20] == b"\x02\x02"  # WAL kept
