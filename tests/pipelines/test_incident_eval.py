"""B-cubed scoring of the incident clustering, and the fixture corpus it runs on."""
from __future__ import annotations

import pytest
from sitrep.pipelines.incident_eval import bcubed, main, match_gold, read_gold, score_corpus
from sitrep.pipelines.incidents import assign_incidents, load_incident_rules
from sitrep.pipelines.settings import REPO_ROOT

FIXTURE = REPO_ROOT / "tests" / "fixtures" / "incidents"


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        # perfect clustering
        ({1: "a", 2: "a", 3: "b"}, {1: "x", 2: "x", 3: "y"}, (1.0, 1.0)),
        # everything alone: precision is perfect, recall is not
        ({1: "a", 2: "a", 3: "b"}, {}, (1.0, (0.5 + 0.5 + 1) / 3)),
        # everything together: recall is perfect, precision is not
        ({1: "a", 2: "a", 3: "b"}, {1: "x", 2: "x", 3: "x"}, ((2 / 3 + 2 / 3 + 1 / 3) / 3, 1.0)),
        # the standard worked example: one gold cluster split in two
        ({1: "a", 2: "a", 3: "a", 4: "a"}, {1: "x", 2: "x", 3: "y", 4: "y"}, (1.0, 0.5)),
    ],
)
def test_bcubed_precision_and_recall(gold, predicted, expected):
    score = bcubed(gold, predicted)
    assert (score.precision, score.recall) == pytest.approx(expected)
    p, r = expected
    assert score.f1 == pytest.approx(2 * p * r / (p + r))


def test_bcubed_of_nothing_is_perfect():
    assert bcubed({}, {}).f1 == 1.0


def test_every_gold_mention_names_a_piece_of_its_document():
    import json

    docs = {d["doc_id"]: d for d in map(json.loads, (FIXTURE / "reports.jsonl").read_text().splitlines())}
    for g in read_gold(FIXTURE / "gold.jsonl"):
        doc = docs[g["doc_id"]]
        assert (doc["title"] + "\n" + doc["text"]).count(g["evidence"]) == 1, g


@pytest.fixture(scope="module")
def report(resources):
    return score_corpus(FIXTURE, resources)


def test_the_clustering_beats_both_baselines_on_the_fixture_corpus(report):
    assert report.matched >= report.gold_mentions - 2  # the extractor states nearly every gold mention
    assert report.incidents.f1 > report.per_document_claims.f1 > report.mentions_alone.f1
    assert report.incidents.f1 >= 0.9


def test_look_alike_events_a_town_or_a_day_apart_are_never_joined(resources):
    from sitrep.pipelines.incident_eval import corpus_rows

    gold = read_gold(FIXTURE / "gold.jsonl")
    rows = corpus_rows(FIXTURE, resources)
    ids = assign_incidents(rows, [], load_incident_rules())
    rows = [{**r, "incident_id": iid} for r, (iid, _) in zip(rows, ids, strict=True)]
    predicted = match_gold(gold, rows, "incident_id")
    clusters: dict = {}
    for i, g in enumerate(gold):
        if i in predicted:
            clusters.setdefault(predicted[i], set()).add(g["incident"])
    assert all(len(labels) == 1 for labels in clusters.values()), clusters  # precision: nothing joined wrongly


def test_the_eval_command_prints_the_scores(capsys):
    assert main([str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    assert "B-cubed" in out and "incidents" in out and "per-doc claim_id" in out


def test_documents_committed_one_by_one_get_the_ids_one_batch_gets(resources):
    """Incremental like the rest of the lake: a commit per document, in publication order, gives
    the incidents a single commit (or a reprocess) gives, and re-running changes none."""
    from sitrep.pipelines.incident_eval import corpus_rows
    from sitrep.pipelines.incidents import commit_incident_ids

    rules = load_incident_rules()
    rows = corpus_rows(FIXTURE, resources)
    batch = {r["event_id"]: r["incident_id"] for r in commit_incident_ids(rows, [], rules)}
    stored: list[dict] = []
    for doc_id in dict.fromkeys(r["doc_id"] for r in sorted(rows, key=lambda r: (r["published_at"], r["doc_id"]))):
        before = {r["event_id"]: r["incident_id"] for r in stored}
        stored += commit_incident_ids([r for r in rows if r["doc_id"] == doc_id], stored, rules)
        assert {r["event_id"]: r["incident_id"] for r in stored if r["event_id"] in before} == before
    assert {r["event_id"]: r["incident_id"] for r in stored} == batch
    assert {r["event_id"]: r["incident_id"] for r in commit_incident_ids(rows, [], rules)} == batch
