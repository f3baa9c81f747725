from dataclasses import fields
from datetime import date

import pytest
from sitrep.pipelines.documents import Document
from sitrep.pipelines.ingest import Reject, Unchanged
from sitrep.pipelines.schemas import DOCUMENTS_SCHEMA, EVENTS_SCHEMA
from sitrep.pipelines.transform import (
    BATCH_SCHEMA,
    batch_documents,
    batch_table,
    batched,
    event_id,
    extract_batch,
    select_documents,
    timed,
)


def doc(doc_id, text="Nothing happened today.", title=""):
    return Document(doc_id=doc_id, text=text, title=title, published_at=date(2024, 6, 1))


@pytest.mark.parametrize(
    ("sizes", "size", "max_bytes", "expected"),
    [
        ([10, 10, 10, 10, 10], 2, None, [2, 2, 1]),
        ([10, 10, 10, 10, 10], 10, 25, [3, 2]),  # three short documents reach 25 bytes of text
        ([100, 5, 5], 10, 50, [1, 2]),  # one long document makes a batch of its own
    ],
)
def test_batches_are_bounded_by_count_and_by_text_size(sizes, size, max_bytes, expected):
    docs = [doc(str(i), "x" * n) for i, n in enumerate(sizes)]
    batches = list(batched(docs, size, max_bytes))
    assert [len(b) for b in batches] == expected
    assert [d for b in batches for d in b] == docs


def test_rejects_do_not_count_towards_the_text_bound():
    items = [Reject("f:1", "malformed_json"), doc("a", "x" * 30), Reject("f:3", "empty")]
    assert [len(b) for b in batched(items, 10, 20)] == [2, 1]


def test_select_skips_unchanged_rejects_repeated_ids_and_reprocess_takes_all():
    a, b = doc("a"), doc("b", "Other text.")
    known = {"a": (a.content_hash, "v1"), "b": ("old-hash", "v1")}
    seen: set[str] = set()
    picked = select_documents([a, b, Reject("x", "empty"), doc("a")], known, seen, version="v1")
    assert [d.doc_id for d in picked.todo] == ["b"]
    assert (picked.unchanged, picked.duplicates) == (1, 1)
    assert [r.reason for r in picked.rejects] == ["empty", "duplicate_doc_id"]
    again = select_documents([a], known, set(), version="v2")
    assert [d.doc_id for d in again.todo] == ["a"]  # a new extractor version extracts again
    forced = select_documents([a], known, set(), version="v1", reprocess=True)
    assert [d.doc_id for d in forced.todo] == ["a"]


def test_a_record_the_reader_knew_is_unchanged_once_it_passes_the_duplicate_checks():
    known = {"a": ("hash-a", "v1", "in.jsonl:1", "rec-a"), "b": ("hash-b", "v1", "in.jsonl:2", "rec-b")}
    seen: set[str] = set()
    # a moved line of the same file is the same record; the same line in another file is not
    items = [Unchanged("a", "in.jsonl:7"), Unchanged("a", "in.jsonl:8"), Unchanged("b", "other.jsonl:1")]
    picked = select_documents(items, known, seen, version="v1")
    assert (picked.todo, picked.unchanged, picked.duplicates) == ([], 1, 2)
    assert [(r.source, r.reason) for r in picked.rejects] == [
        ("in.jsonl:8", "duplicate_doc_id"), ("other.jsonl:1", "duplicate_doc_id")]
    assert "in.jsonl:2" in picked.rejects[1].detail
    assert seen == {"a"}


def test_event_ids_depend_on_document_mention_and_version():
    event = {"event_type": "capture", "in_title": False, "char_start": 3, "char_end": 40, "rule_id": "capture.x"}
    assert event_id("d", event, "v1") == event_id("d", dict(event), "v1")
    assert event_id("d", event, "v1") != event_id("d", event, "v2")
    assert event_id("d", event, "v1") != event_id("e", event, "v1")
    assert event_id("d", event, "v1") != event_id("d", {**event, "char_start": 4}, "v1")


def test_extract_batch_gives_tables_of_the_declared_schemas(resources):
    docs = [
        doc("one", "Rebels killed four soldiers on Monday. Four soldiers were killed, the army said."),
        doc("two", "The council met to discuss the harvest."),
    ]
    tables = extract_batch(docs, resources, run_id="r1", version="v1")
    assert tables.documents.schema == DOCUMENTS_SCHEMA and tables.events.schema == EVENTS_SCHEMA
    assert tables.documents["event_count"].to_pylist() == [tables.events.num_rows, 0]
    events = tables.events.to_pylist()
    assert {e["doc_id"] for e in events} == {"one"}
    assert all(e["run_id"] == "r1" and e["extractor_version"] == "v1" for e in events)
    # both sentences state one toll: one claim
    assert len({e["claim_id"] for e in events}) == 1 and len(events) == 2


def test_timed_passes_items_through_and_adds_up_the_time():
    clock: dict = {}
    assert list(timed(iter([1, 2, 3]), clock, "read")) == [1, 2, 3]
    assert clock["read"] >= 0


def test_a_batch_goes_to_its_task_as_a_table_and_comes_back_whole():
    docs = [
        doc("a", "Two soldiers were killed.", title="Clash"),
        Document(doc_id="b", text="Ünïcode — text", url="https://example.org/b", source="Wire", kind="brief", origin="x.jsonl:2"),
    ]
    table = batch_table(docs)
    assert table.schema == BATCH_SCHEMA
    back = batch_documents(table)
    assert back == docs
    assert [d.content_hash for d in back] == [d.content_hash for d in docs]


def test_a_batch_table_carries_every_field_of_a_document():
    # batch_documents builds each Document from the columns in the order of its fields
    assert {f.name for f in fields(Document) if f.init} == set(BATCH_SCHEMA.names)


def test_documents_in_another_language_are_recorded_and_not_extracted(resources):
    docs = [
        doc("en", "Rebels killed four soldiers on Monday, the army said."),
        doc("ru", "Военные сообщили, что в результате обстрела погибли четыре солдата и двое мирных жителей."),
    ]
    tables = extract_batch(docs, resources, run_id="r1", version="v1")
    rows = {r["doc_id"]: r for r in tables.documents.to_pylist()}
    assert (rows["en"]["language"], rows["ru"]["language"]) == ("en", "ru")
    assert rows["ru"]["event_count"] == 0 and rows["en"]["event_count"] > 0
    assert tables.not_english == 1
    assert set(tables.events["doc_id"].to_pylist()) == {"en"}


def test_the_language_rule_is_passed_in(resources):
    docs = [doc("one", "Rebels killed four soldiers on Monday, the army said.")]
    tables = extract_batch(docs, resources, run_id="r1", version="v1", identify=lambda text: "fr")
    assert tables.documents["language"].to_pylist() == ["fr"] and tables.events.num_rows == 0
    undetermined = extract_batch(docs, resources, run_id="r1", version="v1", identify=lambda text: None)
    assert undetermined.documents["language"].to_pylist() == [None] and undetermined.events.num_rows > 0


def test_a_doc_id_the_lake_holds_from_another_file_is_rejected_not_replaced():
    a = Document(doc_id="a", text="New text.", origin="/in/second/a.txt")
    known = {"a": ("old-hash", "v1", "/in/first/a.txt")}
    for reprocess in (False, True):
        picked = select_documents([a], known, set(), version="v1", reprocess=reprocess)
        assert picked.todo == [] and [r.reason for r in picked.rejects] == ["duplicate_doc_id"]
        assert "/in/first/a.txt" in picked.rejects[0].detail


@pytest.mark.parametrize(
    ("known", "new"),
    [
        ("/in/batch.jsonl:3", "/in/batch.jsonl:9"),  # the record moved to another line of its file
        ("/lake/raw/ab/" + "ab" * 32 + ".html", "/lake/raw/cd/" + "cd" * 32 + ".html"),  # a page that changed
        (None, "/in/a.txt"),
    ],
)
def test_the_same_origin_replaces_its_document(known, new):
    a = Document(doc_id="a", text="New text.", origin=new)
    picked = select_documents([a], {"a": ("old-hash", "v1", known)}, set(), version="v1")
    assert [d.doc_id for d in picked.todo] == ["a"] and picked.rejects == []


def test_a_documents_warnings_travel_with_its_batch():
    warned = Document(doc_id="w", text="Body.", warnings=("field 'published_at': not a date (ignored)",))
    [back] = batch_documents(batch_table([warned]))
    assert back == warned


def test_rows_become_a_table_of_exactly_the_schema_missing_keys_null():
    from datetime import UTC, datetime

    from sitrep.pipelines.schemas import REJECTS_SCHEMA
    from sitrep.pipelines.tables import table_from_rows

    at = datetime(2024, 6, 1, tzinfo=UTC)
    rows = [{"source": "a.jsonl", "reason": "bad_json", "rejected_at": at, "run_id": "r1", "not_a_column": 1},
            {"run_id": "r1", "detail": "no text", "rejected_at": at, "reason": "empty_text", "source": "b.jsonl"}]
    table = table_from_rows(rows, REJECTS_SCHEMA)
    assert table.schema == REJECTS_SCHEMA
    assert table.to_pylist() == [
        {"source": "a.jsonl", "reason": "bad_json", "detail": None, "rejected_at": at, "run_id": "r1"},
        {"source": "b.jsonl", "reason": "empty_text", "detail": "no text", "rejected_at": at, "run_id": "r1"},
    ]
    assert table_from_rows(iter(()), REJECTS_SCHEMA).num_rows == 0
