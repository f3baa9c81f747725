"""The lake joins a run's mentions to incidents across documents before it commits, reading only
candidate incidents; stored rows keep their ids, and a failure leaves the last snapshot."""
import json
from datetime import date
from pathlib import Path

import pytest
from sitrep.pipelines.documents import Document
from sitrep.pipelines.incidents import date_window, incident_row, incidents_from_mentions
from sitrep.pipelines.lake import LakeRun, read_dataset
from sitrep.pipelines.resources import load_resources
from sitrep.pipelines.settings import Settings
from sitrep.pipelines.transform import extract_batch

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "incidents" / "reports.jsonl"
RESOURCES = load_resources(Settings())  # the repository's seeds, as a run loads them
INCIDENT_RULES = RESOURCES.incident_rules


def fixture_docs(*doc_ids: str) -> list[Document]:
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = {r["doc_id"]: r for r in rows}
    return [Document(**{**found[d], "published_at": date.fromisoformat(found[d]["published_at"])}) for d in doc_ids]


def doc(doc_id: str, source: str, published: str, text: str, title: str = "") -> Document:
    return Document(doc_id=doc_id, title=title, text=text, source=source, published_at=date.fromisoformat(published))


def run(lake, docs: list[Document]) -> dict:
    with LakeRun(lake) as lake_run:
        tables = extract_batch(docs, RESOURCES, lake_run.run_id)
        lake_run.stage("documents", tables.documents)
        lake_run.stage("events", tables.events)
        joined = lake_run.join_incidents(INCIDENT_RULES)
        lake_run.commit()
    return joined


def groups(lake) -> dict[str, str]:
    events = read_dataset(lake, "events", ["event_id", "incident_id"])
    return dict(zip(events["event_id"].to_pylist(), events["incident_id"].to_pylist(), strict=True))


def incidents(lake) -> list[dict]:
    events = read_dataset(lake, "events").to_pylist()
    sources = dict(zip(*(read_dataset(lake, "documents", ["doc_id", "source"])[c].to_pylist() for c in ("doc_id", "source")),
                       strict=True))
    return [incident_row(inc, INCIDENT_RULES) for inc in incidents_from_mentions(
        [{**e, "source": sources[e["doc_id"]]} for e in events], INCIDENT_RULES)]


SWAP = ("inc-wire1-swap", "inc-global-swap", "inc-kyivdaily-swap")


def test_three_outlets_reporting_one_swap_in_two_runs_are_one_incident(tmp_path):
    run(tmp_path / "in-turn", fixture_docs(SWAP[0]))
    first = groups(tmp_path / "in-turn")
    joined = run(tmp_path / "in-turn", fixture_docs(*SWAP[1:]))
    later = groups(tmp_path / "in-turn")
    assert {e: later[e] for e in first} == first  # nothing the first run stored is renumbered
    assert joined["rejoined"] > 0 and joined["candidates"] == len(first)
    [swap] = [r for r in incidents(tmp_path / "in-turn") if r["event_type"] == "prisoner_exchange_offer"]
    assert (swap["n_documents"], swap["n_sources"], swap["prisoners_offered"]) == (3, 3, 175)
    run(tmp_path / "one-go", fixture_docs(*SWAP))
    assert later == groups(tmp_path / "one-go")  # two runs group as one run does


def test_look_alike_strikes_a_town_or_a_day_apart_stay_apart_across_runs(tmp_path):
    run(tmp_path, [doc("a", "Wire One", "2025-06-02", "A Russian drone strike killed six civilians in Kherson on 2 June.")])
    run(tmp_path, [
        doc("b", "Kyiv Daily", "2025-06-02", "A Russian drone strike killed six civilians in Zaporizhzhia on 2 June."),
        doc("c", "Global News", "2025-06-03", "A Russian drone strike killed six civilians in Kherson on 3 June."),
        doc("d", "Global News", "2025-06-03", "Six civilians were killed by a Russian drone in Kherson on 2 June."),
    ])
    rows = {r["doc_ids"][0] if r["n_documents"] == 1 else "+".join(r["doc_ids"]): r for r in incidents(tmp_path)}
    assert set(rows) == {"a+d", "b", "c"}


def test_a_revised_toll_supersedes_the_stored_one(tmp_path):
    run(tmp_path, [doc("a", "Wire One", "2025-06-02", "A Russian missile killed nine people in Dnipro on 2 June.")])
    run(tmp_path, [doc("b", "Kyiv Daily", "2025-06-03",
                       "The death toll from the Russian missile strike on Dnipro on 2 June rose to 14, officials said.")])
    [row] = incidents(tmp_path)
    assert (row["killed"], row["killed_low"], row["killed_high"], row["n_documents"]) == (14, 9, 14, 2)
    assert row["killed_event_id"] in row["event_ids"][1:]  # the later report supplied it


def test_a_reprocess_gives_the_incidents_the_runs_gave(tmp_path):
    docs = fixture_docs(*SWAP, "inc-wire1-kharkiv", "inc-kyivdaily-kharkiv", "inc-global-kharkiv")
    run(tmp_path, docs[:2])
    run(tmp_path, docs[2:])
    before = groups(tmp_path)
    assert len(set(before.values())) < len(before)  # reports did join
    joined = run(tmp_path, docs)  # every document written again: its old rows go, rows equal to them come
    assert joined["candidates"] == 0 and groups(tmp_path) == before
    run(tmp_path, docs)
    assert groups(tmp_path) == before


def test_a_failure_during_the_join_leaves_the_previous_snapshot(tmp_path, monkeypatch):
    import sitrep.pipelines.lake as lake_module

    run(tmp_path, fixture_docs(SWAP[0]))
    before = groups(tmp_path)

    def boom(*args, **kwargs):
        raise RuntimeError("injected")
    monkeypatch.setattr(lake_module, "commit_incident_assignments", boom)
    with pytest.raises(RuntimeError, match="injected"):
        run(tmp_path, fixture_docs(*SWAP[1:]))
    assert groups(tmp_path) == before


def test_a_failure_after_the_update_leaves_the_previous_snapshot(tmp_path, monkeypatch):
    run(tmp_path, fixture_docs(SWAP[0]))
    before = groups(tmp_path)
    with pytest.raises(RuntimeError, match="injected"):
        with LakeRun(tmp_path) as lake_run:
            tables = extract_batch(fixture_docs(*SWAP[1:]), RESOURCES, lake_run.run_id)
            lake_run.stage("documents", tables.documents)
            lake_run.stage("events", tables.events)
            assert lake_run.join_incidents(INCIDENT_RULES)["rejoined"] > 0
            raise RuntimeError("injected")
    assert groups(tmp_path) == before


@pytest.mark.parametrize("event_date,precision,published", [
    (date(2025, 3, 4), "day", date(2025, 3, 5)),
    (date(2025, 2, 1), "month", date(2025, 3, 5)),
    (date(2024, 1, 1), "year", date(2025, 3, 5)),
    (None, None, date(2025, 3, 5)),
    (None, None, None),
])
def test_the_lakes_candidate_window_is_the_date_window_of_the_grouping(tmp_path, event_date, precision, published):
    """The SQL that picks candidates must compute the same window as incidents.date_window."""
    from sitrep.pipelines.lake import _CANDIDATES_SQL

    sql = _CANDIDATES_SQL[_CANDIDATES_SQL.index("case when"):_CANDIDATES_SQL.index(" as hi") + len(" as hi")]
    sql = sql.replace("$lag", str(INCIDENT_RULES.report_lag_days))
    import duckdb

    con = duckdb.connect()
    got = con.execute(f"select {sql} from (select ?::date as event_date, ?::varchar as event_date_precision, "
                      f"?::date as published_at)", [event_date, precision, published]).fetchone()
    mention = {"event_date": event_date, "event_date_precision": precision, "published_at": published}
    assert tuple(got) == date_window(mention, INCIDENT_RULES.report_lag_days)
