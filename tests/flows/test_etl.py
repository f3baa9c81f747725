import json
import shutil
from pathlib import Path

import pytest
from sitrep.flows.etl import etl
from sitrep.flows.worker import ResourcesChanged, _Loaded
from sitrep.pipelines.lake import read_dataset
from sitrep.pipelines.resources import current_version
from sitrep.pipelines.seedfile import SeedError
from sitrep.pipelines.settings import Settings
from sitrep.pipelines.warehouse import failed_checks, query

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def events_of(lake):
    return query(lake, "select event_id, doc_id, event_type, killed, injured, troops, captured from events order by event_id").rows


def test_flow_extracts_each_type_from_the_fixture_corpus(tmp_path):
    lake = tmp_path / "lake"
    summary = etl([str(FIXTURES)], Settings(lake=str(lake)))
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
    etl([str(FIXTURES)], Settings(lake=str(lake)))
    first = events_of(lake)
    again = etl([str(FIXTURES)], Settings(lake=str(lake)))
    assert again["documents_extracted"] == 0 and again["documents_unchanged"] == 6
    assert events_of(lake) == first
    forced = etl([str(FIXTURES)], Settings(lake=str(lake)), reprocess=True)
    assert forced["documents_extracted"] == 6
    # The same texts again: neither new nor changed.
    assert (forced["documents_new"], forced["documents_changed"], forced["documents_reextracted"]) == (0, 0, 6)
    assert events_of(lake) == first


def test_a_run_with_other_seeds_records_their_version_and_extracts_again(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(Settings().seeds_dir, seeds)
    rules = seeds / "lexicons" / "rules.toml"
    rules.write_bytes(rules.read_bytes() + b"\n# other bytes: another version\n")
    lake = tmp_path / "lake"
    first = etl([str(FIXTURES)], Settings(lake=str(lake)))
    assert first["extractor_version"] == current_version(Settings().seeds_dir)
    other = etl([str(FIXTURES)], Settings(lake=str(lake), seeds_dir=seeds))
    assert other["extractor_version"] == current_version(seeds) != first["extractor_version"]
    assert other["documents_extracted"] == 6 and other["documents_unchanged"] == 0
    for table in ("documents", "events"):
        assert query(lake, f"select distinct extractor_version from {table}").rows == [(other["extractor_version"],)]
    again = etl([str(FIXTURES)], Settings(lake=str(lake), seeds_dir=seeds))
    assert again["documents_extracted"] == 0 and again["documents_unchanged"] == 6


def test_a_bad_seed_file_fails_the_run_before_anything_is_stored(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(Settings().seeds_dir, seeds)
    cues = seeds / "lexicons" / "cues.toml"
    cues.write_text(cues.read_text(encoding="utf-8") + '\n[[cue]]\nid = "odd.scope"\nscope = "paragraph"\n', encoding="utf-8")
    lake = tmp_path / "lake"
    with pytest.raises(SeedError, match=r"cues\.toml:\d+: cue 'odd\.scope'"):
        etl([str(FIXTURES)], Settings(lake=str(lake), seeds_dir=str(seeds)))
    assert read_dataset(lake, "documents").num_rows == 0  # the run was rolled back: nothing stored


def test_a_task_refuses_resources_of_another_version_than_the_run(reference_cache_folder):
    with pytest.raises(ResourcesChanged, match="changed during the run"):
        _Loaded().get(Settings(), str(reference_cache_folder), "0.1.0+not-this-one")


def test_a_changed_document_replaces_its_events(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    doc = src / "note.txt"
    doc.write_text("Clash\nTwo soldiers were killed in an ambush on Monday, the army said.\n")
    lake = tmp_path / "lake"
    first = etl([str(src)], Settings(lake=str(lake)))
    assert (first["documents_new"], first["documents_changed"]) == (1, 0)
    doc.write_text("Clash\nSeven soldiers were killed in an ambush on Monday, the army said.\n")
    summary = etl([str(src)], Settings(lake=str(lake)))
    assert summary["documents_extracted"] == 1
    assert (summary["documents_new"], summary["documents_changed"], summary["documents_reextracted"]) == (0, 1, 0)
    assert query(lake, "select killed from casualty_reports").rows == [(7,)]
    assert query(lake, "select count(*) from documents").rows == [(1,)]


def test_documents_in_another_language_are_counted_as_not_english_and_yield_no_events(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "en.txt").write_text("Clash\nTwo soldiers were killed in an ambush on Monday, the army said.\n")
    (src / "ru.txt").write_text("Стычка\nВоенные сообщили, что в результате обстрела погибли два солдата и трое мирных жителей.\n")
    lake = tmp_path / "lake"
    summary = etl([str(src)], Settings(lake=str(lake)))
    assert summary["documents_extracted"] == 2 and summary["documents_not_english"] == 1
    assert query(lake, "select language, event_count > 0 from documents order by language").rows == [("en", True), ("ru", False)]


def test_bad_records_become_rejects_naming_line_and_field_and_the_good_ones_commit(tmp_path):
    src = tmp_path / "in.jsonl"
    lines = [
        {"doc_id": "good-1", "title": "Ambush", "text": "Two soldiers were killed in an ambush on Monday, the army said."},
        {"doc_id": "far", "text": "A quiet day.", "published_at": "9999-12-31"},
        {"doc_id": "num-url", "text": "A quiet day.", "url": 12345},
        {"doc_id": "listed", "text": "A quiet day.", "source": ["a", "b"]},
        {"doc_id": {"k": 1}, "text": "A quiet day."},
        {"doc_id": "surrogate", "text": "A quiet \ud83d day."},
        {"doc_id": "good-2", "text": "The council met to discuss the harvest."},
    ]
    src.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    lake = tmp_path / "lake"
    summary = etl([str(src)], Settings(lake=str(lake)))
    assert summary["documents_extracted"] == 2
    assert query(lake, "select doc_id from documents order by doc_id").rows == [("good-1",), ("good-2",)]
    rows = query(lake, "select source, reason, detail from rejects order by source").rows
    assert [(s.rsplit(":", 1)[1], r, d.split(":", 1)[0]) for s, r, d in rows] == [
        ("2", "bad_date", "field 'published_at'"),
        ("3", "bad_field", "field 'url'"),
        ("4", "bad_field", "field 'source'"),
        ("5", "bad_field", "field 'doc_id'"),
        ("6", "bad_unicode", "field 'text'"),
    ]


def test_a_front_matter_warning_is_kept_with_the_document(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "memo.md").write_text("---\ntitle: Convoy near the dam\ndate: unknown\n---\nTrucks moved north overnight.\n")
    lake = tmp_path / "lake"
    etl([str(src)], Settings(lake=str(lake)))
    [(title, published, warnings)] = query(lake, "select title, published_at, warnings from documents").rows
    assert (title, published) == ("Convoy near the dam", None)
    assert "\n" not in warnings and "'published_at'" in warnings  # one warning


def test_the_same_doc_id_from_another_folder_is_rejected_and_the_first_kept(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, figure in ((first, "Two"), (second, "Nine")):
        folder.mkdir()
        (folder / "note.txt").write_text(f"Clash\n{figure} soldiers were killed in an ambush on Monday, the army said.\n")
    lake = tmp_path / "lake"
    etl([str(first)], Settings(lake=str(lake)))
    again = etl([str(second)], Settings(lake=str(lake)))
    assert again["documents_extracted"] == 0 and again["reject_reasons"] == {"duplicate_doc_id": 1}
    assert query(lake, "select origin from documents").rows == [(str((first / "note.txt").resolve()),)]
    assert query(lake, "select killed from casualty_reports").rows == [(2,)]
    [(source, detail)] = query(lake, "select source, detail from rejects").rows
    assert source == str((second / "note.txt").resolve()) and str(first.resolve()) in detail
    # the file itself, edited, still replaces its own document
    (first / "note.txt").write_text("Clash\nFour soldiers were killed in an ambush on Monday, the army said.\n")
    etl([str(first)], Settings(lake=str(lake)))
    assert query(lake, "select killed from casualty_reports").rows == [(4,)]


def test_an_unchanged_rerun_loads_no_rules_and_leaves_maintenance_to_a_run_that_writes(tmp_path, monkeypatch):
    import sitrep.flows.etl as etl_module
    import sitrep.flows.worker as worker_module
    import sitrep.pipelines.lake as lake_module

    lake, inbox = tmp_path / "lake", tmp_path / "in"
    inbox.mkdir()
    for name in ("border-brief.txt", "market.html"):  # good documents only: a reject is recorded on every run
        shutil.copy(FIXTURES / name, inbox)
    etl([str(inbox)], Settings(lake=str(lake)))
    before = query(lake, "select * from events order by event_id").rows
    assert before

    def refused(*args, **kwargs):
        raise AssertionError("an unchanged re-run must not load the rules or maintain the lake")
    monkeypatch.setattr(etl_module, "resources_of", refused)  # the flow's (the incident rules)
    monkeypatch.setattr(worker_module, "resources_of", refused)  # a batch's
    monkeypatch.setattr(lake_module, "maintain", refused)  # flows.etl imports it where it maintains
    monkeypatch.setattr(lake_module.LakeRun, "join_incidents", refused)
    import sitrep.pipelines.warehouse as warehouse

    opened = []
    attach = warehouse.connect

    def counted(*args, **kwargs):
        opened.append(kwargs.get("write", False))
        return attach(*args, **kwargs)
    monkeypatch.setattr(warehouse, "connect", counted)
    monkeypatch.setattr(lake_module, "connect", counted)
    again = etl([str(inbox)], Settings(lake=str(lake)))
    assert again["documents_unchanged"] == again["documents_read"] == 2 and again["documents_extracted"] == 0
    # the lake is attached once: the views are checked on the run's own connection, not a second one
    assert opened == [True]
    monkeypatch.undo()
    assert query(lake, "select * from events order by event_id").rows == before


def test_an_unchanged_jsonl_line_is_not_parsed_again_and_an_edited_one_is(tmp_path, monkeypatch):
    import sitrep.pipelines.ingest as ingest

    lake, inbox = tmp_path / "lake", tmp_path / "in"
    inbox.mkdir()
    lines = [json.dumps({"doc_id": f"n{i}", "text": f"{i + 2} soldiers were killed in an ambush near Arvel, the army said."})
             for i in range(3)]
    feed = inbox / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n")
    first = etl([str(inbox)], Settings(lake=str(lake)))
    assert first["documents_extracted"] == 3
    parsed = []
    parse = ingest.document_from_record

    def counted(record, *args, **kwargs):
        parsed.append(record["doc_id"])
        return parse(record, *args, **kwargs)
    monkeypatch.setattr(ingest, "document_from_record", counted)
    again = etl([str(inbox)], Settings(lake=str(lake)))
    assert (again["documents_read"], again["documents_unchanged"], again["documents_extracted"]) == (3, 3, 0)
    assert parsed == []
    # lines moved and one edited: only the edited line is parsed, and only it is extracted again
    edited = json.dumps({"doc_id": "n1", "text": "Nine soldiers were killed in an ambush near Arvel, the army said."})
    feed.write_text("\n".join([lines[2], edited, lines[0]]) + "\n")
    moved = etl([str(inbox)], Settings(lake=str(lake)))
    assert parsed == ["n1"]
    assert (moved["documents_unchanged"], moved["documents_changed"]) == (2, 1)
    assert query(lake, "select doc_id, killed from casualty_reports order by doc_id").rows == [
        ("n0", 2), ("n1", 9), ("n2", 4)]
    # the same line in a second file is still refused as a second document of that doc_id
    (inbox / "copy.jsonl").write_text(lines[0] + "\n")
    copied = etl([str(inbox)], Settings(lake=str(lake)))
    assert copied["reject_reasons"] == {"duplicate_doc_id": 1} and copied["documents_unchanged"] == 3
    # reprocessing parses every line again, and a later run still knows them
    parsed.clear()
    (inbox / "copy.jsonl").unlink()
    forced = etl([str(inbox)], Settings(lake=str(lake)), reprocess=True)
    assert forced["documents_extracted"] == 3 and sorted(parsed) == ["n0", "n1", "n2"]
    parsed.clear()
    assert etl([str(inbox)], Settings(lake=str(lake)))["documents_unchanged"] == 3 and parsed == []
