from pathlib import Path

from flows.etl import etl
from pipelines.lake import read_dataset
from pipelines.settings import Settings
from pipelines.warehouse import failed_checks, query

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def events_of(lake):
    return query(lake, "select event_id, doc_id, event_type, killed, injured, troops, captured from events order by event_id").rows


def test_flow_extracts_each_type_from_the_fixture_corpus(tmp_path):
    lake = tmp_path / "lake"
    summary = etl([str(FIXTURES)], lake=str(lake))
    assert summary["documents_read"] == 6
    assert summary["documents_extracted"] == 6
    assert summary["rejects"] == 1 and summary["reject_reasons"] == {"malformed_json": 1}
    types = {(doc, t) for _, doc, t, *_ in events_of(lake)}
    assert {
        ("fixture-border-brief", "casualty_report"),
        ("fixture-deploy", "deployment"),
        ("fixture-capture", "capture"),
        ("fixture-swap", "prisoner_exchange_offer"),
        ("market", "casualty_report"),
    } <= types
    assert not any(doc == "fixture-quiet" for doc, _ in types)
    counts = {(doc, t): rest for _, doc, t, *rest in events_of(lake)}
    assert counts[("fixture-border-brief", "casualty_report")][:2] == [5, 8]  # killed, injured
    assert counts[("fixture-deploy", "deployment")][2] == 400
    assert counts[("fixture-capture", "capture")][3] == 3
    assert query(lake, "select count(*) from rejects").rows == [(1,)]
    assert failed_checks(lake, Settings().sql_dir) == {}
    # The lake's events table, as the scorer reads it (pipelines.evaluate exports it).
    assert read_dataset(lake, "events").num_rows == len(events_of(lake))


def test_rerun_on_unchanged_input_keeps_the_identical_event_set(tmp_path):
    lake = tmp_path / "lake"
    etl([str(FIXTURES)], lake=str(lake))
    first = events_of(lake)
    again = etl([str(FIXTURES)], lake=str(lake))
    assert again["documents_extracted"] == 0 and again["documents_unchanged"] == 6
    assert events_of(lake) == first
    forced = etl([str(FIXTURES)], lake=str(lake), reprocess=True)
    assert forced["documents_extracted"] == 6
    assert events_of(lake) == first


def test_a_changed_document_replaces_its_events(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    doc = src / "note.txt"
    doc.write_text("Clash\nTwo soldiers were killed in an ambush on Monday, the army said.\n")
    lake = tmp_path / "lake"
    etl([str(src)], lake=str(lake))
    doc.write_text("Clash\nSeven soldiers were killed in an ambush on Monday, the army said.\n")
    summary = etl([str(src)], lake=str(lake))
    assert summary["documents_extracted"] == 1
    assert query(lake, "select killed from casualty_reports").rows == [(7,)]
    assert query(lake, "select count(*) from documents").rows == [(1,)]
