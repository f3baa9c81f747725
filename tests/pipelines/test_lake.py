import json
from datetime import UTC, datetime

import pyarrow.parquet as pq
import pytest

from pipelines.lake import (
    CONTROL_DIR,
    LakeBusyError,
    LakeRun,
    known_documents,
    part_files,
    read_dataset,
    recover,
    stored_documents,
    table_from_rows,
)
from pipelines.schemas import DOCUMENTS_SCHEMA, EVENTS_SCHEMA


def doc_row(doc_id, content_hash="h1", version="v1"):
    return {
        "doc_id": doc_id, "title": "", "text": "t", "content_hash": content_hash, "extractor_version": version,
        "run_id": "r", "processed_at": datetime(2025, 1, 1, tzinfo=UTC), "event_count": 1,
    }


def event_row(doc_id, n=0):
    return {
        "event_id": f"{doc_id}-{n}", "doc_id": doc_id, "claim_id": f"{doc_id}-c", "event_type": "capture", "evidence": "e",
        "char_start": n, "char_end": n + 1, "in_title": False, "hedged": False, "rule_id": "r",
        "extractor_version": "v1", "run_id": "r",
    }


def write_run(lake, docs, events_per_doc=1, content_hash="h1"):
    with LakeRun(lake) as run:
        run.stage("documents", table_from_rows([doc_row(d, content_hash) for d in docs], DOCUMENTS_SCHEMA))
        run.stage("events", table_from_rows([event_row(d, n) for d in docs for n in range(events_per_doc)], EVENTS_SCHEMA))
        run.commit()


def test_nothing_is_visible_before_commit(tmp_path):
    with LakeRun(tmp_path) as run:
        run.stage("documents", table_from_rows([doc_row("a")], DOCUMENTS_SCHEMA))
        assert part_files(tmp_path, "documents") == []
    assert read_dataset(tmp_path, "documents").num_rows == 0


def test_commit_publishes_parts_with_declared_schema(tmp_path):
    write_run(tmp_path, ["a", "b"], events_per_doc=2)
    events = read_dataset(tmp_path, "events")
    assert events.num_rows == 4
    assert pq.read_schema(tmp_path / part_files(tmp_path, "events")[0]).names == EVENTS_SCHEMA.names
    assert known_documents(tmp_path) == {"a": ("h1", "v1"), "b": ("h1", "v1")}


def test_writing_a_document_again_replaces_its_old_rows(tmp_path):
    write_run(tmp_path, ["a", "b", "c"], events_per_doc=2)
    write_run(tmp_path, ["b"], events_per_doc=1, content_hash="h2")
    events = read_dataset(tmp_path, "events")
    assert sorted(events["event_id"].to_pylist()) == ["a-0", "a-1", "b-0", "c-0", "c-1"]
    assert known_documents(tmp_path)["b"] == ("h2", "v1")
    assert read_dataset(tmp_path, "documents").num_rows == 3


def test_a_part_whose_documents_all_return_is_removed(tmp_path):
    write_run(tmp_path, ["a"])
    write_run(tmp_path, ["a"], content_hash="h2")
    assert len(part_files(tmp_path, "documents")) == 1
    assert read_dataset(tmp_path, "events").num_rows == 1


def test_second_writer_is_refused_while_the_first_holds_the_lake(tmp_path):
    with LakeRun(tmp_path):
        with pytest.raises(LakeBusyError, match="another Sitrep run"):
            with LakeRun(tmp_path):
                pass
    with LakeRun(tmp_path):  # released afterwards
        pass


def test_a_journal_left_by_a_crash_is_finished_by_the_next_run(tmp_path):
    write_run(tmp_path, ["a", "b"])
    run = LakeRun(tmp_path).__enter__()
    run.stage("documents", table_from_rows([doc_row("b", "h2")], DOCUMENTS_SCHEMA))
    run.stage("events", table_from_rows([event_row("b", 5)], EVENTS_SCHEMA))
    # Simulate a crash right after the journal is written: keep the journal, skip applying it.
    import pipelines.lake as lake_module

    real_apply = lake_module.apply_journal
    lake_module.apply_journal = lambda lake: False
    try:
        run.commit()
    finally:
        lake_module.apply_journal = real_apply
    run._lock_handle.close()  # the process "died": its lock is gone with it
    assert (tmp_path / CONTROL_DIR / "journal.json").exists()
    recover(tmp_path)
    assert not (tmp_path / CONTROL_DIR / "journal.json").exists()
    assert sorted(read_dataset(tmp_path, "events")["event_id"].to_pylist()) == ["a-0", "b-5"]
    assert known_documents(tmp_path)["b"] == ("h2", "v1")


def test_replaying_a_finished_journal_changes_nothing(tmp_path):
    write_run(tmp_path, ["a"])
    before = part_files(tmp_path, "events")
    journal = tmp_path / CONTROL_DIR / "journal.json"
    journal.write_text(json.dumps({"run_id": "x", "steps": [
        {"op": "move", "src": "_sitrep/staging/gone.parquet", "dst": "events/gone.parquet"},
        {"op": "delete", "path": "events/never-there.parquet"},
    ]}))
    recover(tmp_path)
    assert part_files(tmp_path, "events") == before


def test_staging_without_a_journal_is_dropped(tmp_path):
    run = LakeRun(tmp_path).__enter__()
    run.stage("documents", table_from_rows([doc_row("z")], DOCUMENTS_SCHEMA))
    run._lock_handle.close()
    recover(tmp_path)
    assert not (tmp_path / CONTROL_DIR / "staging").exists()
    assert read_dataset(tmp_path, "documents").num_rows == 0


def test_compaction_merges_many_small_parts_and_keeps_every_row(tmp_path):
    for i in range(6):
        write_run(tmp_path, [f"d{i}"], events_per_doc=2)
    before = sorted(read_dataset(tmp_path, "events")["event_id"].to_pylist())
    assert len(part_files(tmp_path, "events")) == 6
    with LakeRun(tmp_path) as run:
        merged = run.compact(max_parts=4)
    assert merged == {"documents": 6, "events": 6}
    assert len(part_files(tmp_path, "events")) == 1
    assert sorted(read_dataset(tmp_path, "events")["event_id"].to_pylist()) == before
    assert read_dataset(tmp_path, "documents").num_rows == 6


def test_compaction_streams_parts_into_files_of_about_target_rows(tmp_path):
    for i in range(6):
        write_run(tmp_path, [f"d{i}"], events_per_doc=2)
    before = sorted(read_dataset(tmp_path, "events")["event_id"].to_pylist())
    with LakeRun(tmp_path) as run:
        run.compact(max_parts=4, target_rows=3)
    # parts of two rows each: a file is closed once it holds three rows or more
    sizes = sorted(pq.read_metadata(tmp_path / p).num_rows for p in part_files(tmp_path, "events"))
    assert sizes == [4, 4, 4]
    assert sorted(read_dataset(tmp_path, "events")["event_id"].to_pylist()) == before
    assert read_dataset(tmp_path, "documents").num_rows == 6


def test_compaction_hands_arrow_memory_back_after_each_part(tmp_path, monkeypatch):
    import pipelines.lake as lake

    for i in range(6):
        write_run(tmp_path, [f"d{i}"], events_per_doc=2)
    released = []
    monkeypatch.setattr(lake, "release_arrow_memory", lambda: released.append(True))
    with LakeRun(tmp_path) as run:
        run.compact(max_parts=4, target_rows=3)
    assert len(released) == 12  # once per part read: six of documents, six of events


def test_compaction_leaves_a_lake_with_few_parts_alone(tmp_path):
    write_run(tmp_path, ["a"])
    with LakeRun(tmp_path) as run:
        assert run.compact(max_parts=4) == {}


def test_stored_documents_come_back_as_documents(tmp_path):
    write_run(tmp_path, ["a", "b"])
    docs = sorted(stored_documents(tmp_path, batch_rows=1), key=lambda d: d.doc_id)
    assert [(d.doc_id, d.text, d.title) for d in docs] == [("a", "t", ""), ("b", "t", "")]
    assert list(stored_documents(tmp_path / "empty")) == []
