"""Score the incident clustering on a gold corpus: B-cubed precision, recall and F1.

    python -m sitrep.pipelines.incident_eval tests/fixtures/incidents

The folder holds `reports.jsonl` (documents) and `gold.jsonl` (one line per mention: `doc_id`,
`evidence`, a piece of the sentence unique in its document, and `incident`, its gold label).
Extracted rows are matched to gold mentions by document and evidence; B-cubed runs over the gold
mentions, each unmatched one counting as a cluster of its own (as if predicted alone).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sitrep.pipelines.claims import claim_ids
from sitrep.pipelines.extract import extract_events
from sitrep.pipelines.incidents import IncidentRules, assign_incidents
from sitrep.pipelines.ingest import Reject, read_path
from sitrep.pipelines.resources import Resources, load_resources
from sitrep.pipelines.settings import Settings
from sitrep.pipelines.transform import event_id


@dataclass(frozen=True)
class BCubed:
    precision: float
    recall: float
    f1: float
    items: int


def bcubed(gold: Mapping[Hashable, Hashable], predicted: Mapping[Hashable, Hashable]) -> BCubed:
    """B-cubed over the items of `gold` (item → gold cluster); `predicted` maps items to predicted
    clusters, and an item it leaves out is a cluster of its own."""
    items = list(gold)
    if not items:
        return BCubed(1.0, 1.0, 1.0, 0)
    pred = {i: predicted.get(i, ("alone", i)) for i in items}
    pair_count = Counter((gold[i], pred[i]) for i in items)
    gold_size, pred_size = Counter(gold[i] for i in items), Counter(pred[i] for i in items)
    precision = sum(pair_count[(gold[i], pred[i])] / pred_size[pred[i]] for i in items) / len(items)
    recall = sum(pair_count[(gold[i], pred[i])] / gold_size[gold[i]] for i in items) / len(items)
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return BCubed(precision, recall, f1, len(items))


def read_gold(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def match_gold(gold: list[dict], rows: list[dict], key: str) -> dict[int, Hashable]:
    """Gold mention index → the `key` of the extracted row stating it (same document, the gold
    evidence inside the row's), for the gold mentions some row states."""
    by_doc: dict[str, list[dict]] = {}
    for r in rows:
        by_doc.setdefault(r["doc_id"], []).append(r)
    found = {}
    for i, g in enumerate(gold):
        for r in by_doc.get(g["doc_id"], []):
            if g["evidence"] in r["evidence"]:
                found[i] = r[key]
                break
    return found


def corpus_rows(folder: Path, resources: Resources) -> list[dict]:
    """Every extracted mention of the folder's reports, as the lake's rows before grouping, with
    each document's own claim ids (today's per-document grouping, as a baseline)."""
    rows = []
    for doc in read_path(folder / "reports.jsonl"):
        if isinstance(doc, Reject):
            continue
        events = [{**e, "event_id": event_id(doc.doc_id, e, resources.version), "doc_id": doc.doc_id, "published_at": doc.published_at,
                   "source": doc.source} for e in extract_events(doc, resources)]
        for e, claim in zip(events, claim_ids(doc.doc_id, events), strict=True):
            rows.append({**e, "claim_id": claim})
    return rows


@dataclass(frozen=True)
class Report:
    incidents: BCubed
    mentions_alone: BCubed
    per_document_claims: BCubed
    matched: int
    gold_mentions: int
    gold_incidents: int
    predicted_incidents: int


def score_corpus(folder: Path, resources: Resources, incident_rules: IncidentRules | None = None) -> Report:
    """The clustering's B-cubed on a gold folder, beside two baselines: every mention alone, and
    the per-document claim_id. `incident_rules`: the grouping to score (default: the resources')."""
    gold = read_gold(folder / "gold.jsonl")
    rows = corpus_rows(folder, resources)
    ids = assign_incidents(rows, [], incident_rules or resources.incident_rules)
    rows = [{**r, "incident_id": iid} for r, (iid, _) in zip(rows, ids, strict=True)]
    truth = {i: g["incident"] for i, g in enumerate(gold)}
    matched = match_gold(gold, rows, "incident_id")
    return Report(
        incidents=bcubed(truth, matched),
        mentions_alone=bcubed(truth, match_gold(gold, rows, "event_id")),
        per_document_claims=bcubed(truth, match_gold(gold, rows, "claim_id")),
        matched=len(matched),
        gold_mentions=len(gold),
        gold_incidents=len(set(truth.values())),
        predicted_incidents=len({r["incident_id"] for r in rows}),
    )


def format_report(report: Report) -> str:
    def line(name: str, s: BCubed) -> str:
        return f"{name:28} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}"

    return "\n".join([
        f"incident clustering: {report.gold_mentions} gold mentions in {report.gold_incidents} incidents, "
        f"{report.matched} matched by an extracted row; {report.predicted_incidents} predicted incidents",
        f"{'B-cubed':28} {'prec':>6} {'rec':>6} {'f1':>6}",
        line("incidents", report.incidents),
        line("baseline: each mention alone", report.mentions_alone),
        line("baseline: per-doc claim_id", report.per_document_claims),
    ])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="a folder with reports.jsonl and gold.jsonl")
    ap.add_argument("--seeds", type=Path, default=None, help="seeds folder (default: the repository's)")
    args = ap.parse_args(argv)
    resources = load_resources(Settings(seeds_dir=args.seeds) if args.seeds else Settings())
    print(format_report(score_corpus(args.folder, resources)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
