"""The lake joins mentions across documents into incidents when a run commits: a report that
arrives in a later run joins the incident an earlier run stored, and nothing is renumbered."""
import json
from pathlib import Path

from sitrep.flows.etl import etl
from sitrep.pipelines.lake import read_dataset
from sitrep.pipelines.settings import Settings
from sitrep.pipelines.warehouse import query

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "incidents" / "reports.jsonl"


def write_reports(path: Path, doc_ids: set[str] | None = None) -> Path:
    lines = [line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    kept = [line for line in lines if doc_ids is None or json.loads(line)["doc_id"] in doc_ids]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


def groups(lake) -> dict[str, str]:
    events = read_dataset(lake, "events", ["event_id", "incident_id"])
    return dict(zip(events["event_id"].to_pylist(), events["incident_id"].to_pylist(), strict=True))


def test_reports_of_two_runs_join_one_incident_as_they_would_in_one_run(tmp_path):
    swap = {"inc-wire1-swap", "inc-kyivdaily-swap", "inc-global-swap"}
    one_go = tmp_path / "one-go"
    etl([str(write_reports(tmp_path / "all.jsonl", swap))], Settings(lake=str(one_go)))
    together = groups(one_go)
    # Three outlets, one swap: the lake counts one incident of three documents.
    assert query(one_go, "select n_documents, n_sources from incidents").rows == [(3, 3)]

    in_turn = tmp_path / "in-turn"
    etl([str(write_reports(tmp_path / "first.jsonl", {"inc-wire1-swap"}))], Settings(lake=str(in_turn)))
    first = groups(in_turn)
    etl([str(write_reports(tmp_path / "second.jsonl", swap - {"inc-wire1-swap"}))], Settings(lake=str(in_turn)))
    later = groups(in_turn)
    assert {e: later[e] for e in first} == first  # the first run's ids stay as they were
    assert later == together  # and the second report joined them as one run would have


def test_an_unchanged_rerun_changes_no_incident(tmp_path):
    lake = tmp_path / "lake"
    reports = write_reports(tmp_path / "all.jsonl")
    etl([str(reports)], Settings(lake=str(lake)))
    before = groups(lake)
    again = etl([str(reports)], Settings(lake=str(lake)))
    assert again["documents_unchanged"] == again["documents_read"] and groups(lake) == before
    assert again["incidents"] == {"mentions": 0, "candidates": 0, "rejoined": 0}
    assert "incidents" in again["timings"]
