import pyarrow as pa
import pytest
from sitrep.pipelines.lake import (
    LakeRun,
    known_documents,
    maintain,
    read_dataset,
    snapshots,
    stored_documents,
)
from sitrep.pipelines.schemas import DOCUMENTS_SCHEMA, EVENTS_SCHEMA
from sitrep.pipelines.tables import table_from_rows

from tests.support.lake import doc_row, event_row, write_run


def event_ids(lake):
    return sorted(read_dataset(lake, "events")["event_id"].to_pylist())


def test_nothing_is_visible_before_commit(tmp_path):
    write_run(tmp_path, ["a"])
    with LakeRun(tmp_path) as run:
        run.stage("documents", table_from_rows([doc_row("b")], DOCUMENTS_SCHEMA))
        run.stage("events", table_from_rows([event_row("b")], EVENTS_SCHEMA))
        assert event_ids(tmp_path) == ["a-0"]  # another connection: the last snapshot
        run.commit()
    assert event_ids(tmp_path) == ["a-0", "b-0"]


def test_a_run_that_raises_before_commit_leaves_the_last_snapshot(tmp_path):
    write_run(tmp_path, ["a", "b"])
    with pytest.raises(RuntimeError, match="boom"):
        with LakeRun(tmp_path) as run:
            run.stage("documents", table_from_rows([doc_row("b", "h2")], DOCUMENTS_SCHEMA))
            raise RuntimeError("boom")
    assert event_ids(tmp_path) == ["a-0", "b-0"]
    assert known_documents(tmp_path)["b"] == ("h1", "v1")


def test_a_staged_batch_is_not_held_until_the_commit(tmp_path):
    # a run's transaction must not keep each batch's Arrow buffers alive until it commits
    write_run(tmp_path, ["a"])
    with LakeRun(tmp_path) as run:
        run.stage("documents", table_from_rows([doc_row("warm")], DOCUMENTS_SCHEMA))
        before = pa.total_allocated_bytes()
        for n in range(5):
            docs = table_from_rows([doc_row(f"b{n}-{i}") for i in range(200)], DOCUMENTS_SCHEMA)
            events = table_from_rows([event_row(f"b{n}-{i}") for i in range(200)], EVENTS_SCHEMA)
            run.stage("documents", docs)
            run.stage("events", events)
            del docs, events
        assert pa.total_allocated_bytes() <= before
        run.stage("documents", table_from_rows([doc_row("a", "h2")], DOCUMENTS_SCHEMA))  # replaces a
        run.commit()
    assert len(event_ids(tmp_path)) == 1000
    assert known_documents(tmp_path)["a"] == ("h2", "v1")


def test_the_commit_keeps_the_declared_schema(tmp_path):
    write_run(tmp_path, ["a", "b"], events_per_doc=2)
    events = read_dataset(tmp_path, "events")
    assert events.num_rows == 4 and events.schema.names == EVENTS_SCHEMA.names
    assert known_documents(tmp_path) == {"a": ("h1", "v1"), "b": ("h1", "v1")}


def test_writing_a_document_again_replaces_its_old_rows(tmp_path):
    write_run(tmp_path, ["a", "b", "c"], events_per_doc=2)
    write_run(tmp_path, ["b"], events_per_doc=1, content_hash="h2")
    assert event_ids(tmp_path) == ["a-0", "a-1", "b-0", "c-0", "c-1"]
    assert known_documents(tmp_path)["b"] == ("h2", "v1")
    assert read_dataset(tmp_path, "documents").num_rows == 3


def test_each_commit_is_a_snapshot_tagged_with_its_run(tmp_path):
    write_run(tmp_path, ["a", "b"], events_per_doc=2)
    write_run(tmp_path, ["b"], content_hash="h2")
    listed = snapshots(tmp_path)
    assert [(s["documents"], s["events"]) for s in listed] == [(2, 4), (2, 3)]
    assert all(s["run_id"] for s in listed) and listed[0]["time"] <= listed[1]["time"]


def test_an_unchanged_run_commits_no_snapshot_worth_listing_twice(tmp_path):
    write_run(tmp_path, ["a"])
    with LakeRun(tmp_path):
        pass  # nothing staged, never committed
    assert len(snapshots(tmp_path)) == 1


def test_maintenance_merges_small_files_and_keeps_every_row(tmp_path):
    for i in range(6):
        write_run(tmp_path, [f"d{i}"], events_per_doc=2)
    before = event_ids(tmp_path)
    merged = maintain(tmp_path, merge_above=2)
    assert {"events", "documents"} <= set(merged)
    assert event_ids(tmp_path) == before
    assert read_dataset(tmp_path, "documents").num_rows == 6


def test_maintenance_leaves_a_small_lake_alone(tmp_path):
    write_run(tmp_path, ["a"])
    assert maintain(tmp_path, merge_above=32) == {}


def test_retention_expires_old_snapshots_but_keeps_the_latest(tmp_path):
    write_run(tmp_path, ["a"])
    write_run(tmp_path, ["b"])
    assert maintain(tmp_path, retention_days=0)["expired_snapshots"] >= 1
    assert [(s["documents"], s["events"]) for s in snapshots(tmp_path)] == [(2, 2)]
    assert event_ids(tmp_path) == ["a-0", "b-0"]


def test_stored_documents_come_back_as_documents(tmp_path):
    write_run(tmp_path, ["a", "b"])
    docs = sorted(stored_documents(tmp_path, batch_rows=1), key=lambda d: d.doc_id)
    assert [(d.doc_id, d.text, d.title) for d in docs] == [("a", "t", ""), ("b", "t", "")]
    assert list(stored_documents(tmp_path / "empty")) == []
    assert known_documents(tmp_path / "empty") == {}
    assert not (tmp_path / "empty").exists()  # reading never creates a lake


def test_a_column_added_to_a_schema_is_added_to_the_table(tmp_path, monkeypatch):
    import pyarrow as pa
    import sitrep.pipelines.schemas as schemas

    write_run(tmp_path, ["a"])
    wider = DOCUMENTS_SCHEMA.append(pa.field("reviewed_by", pa.string()))
    monkeypatch.setitem(schemas.DATASETS, "documents", wider)
    with LakeRun(tmp_path) as run:
        run.stage("documents", table_from_rows([{**doc_row("b"), "reviewed_by": "desk"}], wider))
        run.commit()
    table = read_dataset(tmp_path, "documents")
    assert dict(zip(table["doc_id"].to_pylist(), table["reviewed_by"].to_pylist(), strict=True)) == {"a": None, "b": "desk"}


def test_maintenance_deletes_files_a_killed_run_left_and_reports_foreign_ones(tmp_path):
    import os
    import shutil
    import time

    write_run(tmp_path, ["a"])
    folder = tmp_path / "data" / "main" / "lake_events"
    committed = next(folder.glob("ducklake-*.parquet"))
    killed = folder / "ducklake-00000000-0000-0000-0000-000000000000.parquet"  # as a killed run leaves one
    shutil.copy(committed, killed)
    foreign = folder / "notes.parquet"
    foreign.write_bytes(b"not ours")
    day_ago = time.time() - 2 * 86_400
    for path in (committed, killed, foreign):
        os.utime(path, (day_ago, day_ago))
    done = maintain(tmp_path)
    assert done["orphans_deleted"] == 1 and not killed.exists() and committed.exists()
    assert done["foreign_files"] == [str(foreign)] and foreign.exists()
    assert event_ids(tmp_path) == ["a-0"]


def test_a_run_that_raises_leaves_no_files_behind(tmp_path):
    write_run(tmp_path, ["a"])
    before = sorted(p.name for p in (tmp_path / "data").rglob("*.parquet"))
    with pytest.raises(RuntimeError):
        with LakeRun(tmp_path) as run:
            run.stage("events", table_from_rows([event_row("z")], EVENTS_SCHEMA))
            raise RuntimeError("died")
    assert sorted(p.name for p in (tmp_path / "data").rglob("*.parquet")) == before


def test_a_damaged_data_file_is_named_with_a_way_out_and_runs_over_other_data_go_on(tmp_path):
    from sitrep.pipelines.settings import Settings
    from sitrep.pipelines.warehouse import QueryError, build_views, query

    write_run(tmp_path, ["a"])
    build_views(tmp_path, Settings().sql_dir)
    damaged = next((tmp_path / "data" / "main" / "lake_events").glob("ducklake-*.parquet"))
    damaged.write_bytes(damaged.read_bytes()[:40])
    with pytest.raises(QueryError) as caught:
        query(tmp_path, "select max(evidence) from events")
    assert str(damaged) in str(caught.value) and "restore it from a backup" in str(caught.value)
    write_run(tmp_path, ["b"])  # a run that does not read the damaged file commits
    assert known_documents(tmp_path).keys() == {"a", "b"}
    assert query(tmp_path, "select count(*) from documents").rows == [(2,)]


def test_a_run_knows_the_documents_of_the_snapshot_it_began_from(tmp_path):
    write_run(tmp_path, ["a"], content_hash="h1")
    with LakeRun(tmp_path) as run:
        assert known_documents(tmp_path) == {"a": ("h1", "v1")}
        # with each document's origin, which a run needs to refuse a doc_id read from another file
        # and the hash of the input line it came from, none here
        assert run.known_documents() == known_documents(tmp_path, origins=True) == {"a": ("h1", "v1", None, None)}
        run.stage("documents", table_from_rows([doc_row("a", "h2")], DOCUMENTS_SCHEMA))
        run.commit()
    assert known_documents(tmp_path) == {"a": ("h2", "v1")}
    assert read_dataset(tmp_path, "documents").num_rows == 1


def test_a_lake_written_before_location_precision_existed_reads_and_gains_it_null(tmp_path, monkeypatch):
    import sitrep.pipelines.schemas as schemas
    from sitrep.pipelines.settings import DEFAULTS
    from sitrep.pipelines.warehouse import build_views, query

    older = EVENTS_SCHEMA.remove(EVENTS_SCHEMA.get_field_index("location_precision"))
    with monkeypatch.context() as older_version:
        older_version.setitem(schemas.DATASETS, "events", older)
        write_run(tmp_path, ["a"])
        build_views(tmp_path, DEFAULTS.sql_dir)
    assert query(tmp_path, "select event_id, latitude from events").rows == [("a-0", None)]
    with LakeRun(tmp_path) as run:  # the next version's first run adds the column
        run.stage("documents", table_from_rows([doc_row("b")], DOCUMENTS_SCHEMA))
        located = {**event_row("b"), "latitude": 50.45, "longitude": 30.52, "location_precision": "city"}
        run.stage("events", table_from_rows([located], EVENTS_SCHEMA))
        run.commit()
    build_views(tmp_path, DEFAULTS.sql_dir)
    rows = query(tmp_path, "select event_id, location_precision from events order by event_id").rows
    assert rows == [("a-0", None), ("b-0", "city")]
