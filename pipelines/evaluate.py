"""Score the extractor on a gold file without Prefect or a lake: the quick loop for rule work.

    python -m pipelines.evaluate ../shared/corpus/dev.jsonl [--out preds.jsonl] [--misses misses.txt]
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq

from pipelines.extract import extract_events, load_rules
from pipelines.ingest import Reject, read_path
from pipelines.lake import read_dataset
from pipelines.location import CATALOG_FILE
from pipelines.settings import REPO_ROOT

DEFAULT_SCORER = REPO_ROOT.parent / "shared" / "eval" / "score.py"


def load_scorer(path: Path = DEFAULT_SCORER):
    """The shared scorer as a module (it lives outside the project, read-only)."""
    spec = importlib.util.spec_from_file_location("sitrep_shared_score", path)
    if spec is None or spec.loader is None or not path.exists():
        raise FileNotFoundError(f"scorer not found: {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Dev is split by a hash of doc_id into a tune fold (misses are read from it) and a check
# fold (only scored): a change that helps tune and not check is tailoring.
CHECK_SHARE = 3  # tenths of dev in the check fold


def fold_of(doc_id: str) -> str:
    """'tune' or 'check', fixed for a document whatever else the corpus holds."""
    bucket = int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:8], 16) % 10
    return "check" if bucket < CHECK_SHARE else "tune"


def split_gold(gold: dict[str, list[dict]]) -> dict[str, dict[str, list[dict]]]:
    """The gold documents of each fold."""
    folds: dict[str, dict[str, list[dict]]] = {"tune": {}, "check": {}}
    for doc_id, events in gold.items():
        folds[fold_of(doc_id)][doc_id] = events
    return folds


def predict(gold_path: Path, seeds_dir: Path | None = None) -> list[dict]:
    """Extracted events (as plain dicts with doc_id) for every document of a gold file."""
    rules = load_rules(seeds_dir) if seeds_dir else load_rules()
    rows = []
    for doc in read_path(gold_path):
        if isinstance(doc, Reject):
            continue
        for event in extract_events(doc, rules):
            rows.append({"doc_id": doc.doc_id, **event})
    return rows


def exported_events(lake: Path, out: Path) -> Path:
    """A lake's events as one Parquet file, for a scorer that reads files (the lake's own files
    hold deleted rows too: only DuckLake knows which rows are live)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(read_dataset(lake, "events"), out)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("--out", type=Path, default=Path("data/eval/predictions.jsonl"))
    ap.add_argument("--misses", type=Path, default=Path("data/eval/misses.txt"))
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument("--predictions", type=Path, help="score these (a lake folder, or a file of events) instead of extracting")
    args = ap.parse_args(argv)

    predictions = args.predictions
    if predictions is not None and (predictions / CATALOG_FILE).exists():
        predictions = exported_events(predictions, args.out.with_suffix(".parquet"))
    if predictions is None:
        rows = predict(args.gold)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, default=lambda v: v.isoformat() if isinstance(v, date) else str(v)) + "\n")
        predictions = args.out
    scorer = load_scorer(args.scorer)
    gold = scorer.read_gold(args.gold)
    rows = scorer.read_predictions(predictions)
    folds = split_gold(gold)
    reports = {name: scorer.score(part, rows) for name, part in folds.items()}
    for name in ("tune", "check"):
        print(f"== {name} fold: {len(folds[name])} documents")
        print_report(reports[name])
        print()
    print(f"== all of dev: {len(gold)} documents")
    print(summary_line(scorer.score(gold, rows)))
    # Misses are written for the tune fold only: the check fold is scored, never read.
    args.misses.parent.mkdir(parents=True, exist_ok=True)
    errors = reports["tune"]["errors"]
    with args.misses.open("w", encoding="utf-8") as f:
        for e in errors:
            f.write(f"[{e['kind']}] {e['doc_id']} {e['event_type']}: {e['evidence']}\n")
    print(f"tune-fold misses: {args.misses} ({len(errors)})")
    return 0


def print_report(report: dict) -> None:
    print(f"{'event type':26} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'rec':>6} {'f1':>6}")
    for etype, v in report["types"].items():
        print(f"{etype:26} {v['tp']:4} {v['fp']:4} {v['fn']:4} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f}")
    m = report["micro"]
    print(f"{'all (micro)':26} {m['tp']:4} {m['fp']:4} {m['fn']:4} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f}")
    print()
    for name, v in {**report["fields"], **report.get("text_fields", {})}.items():
        print(f"{name:40} {v['right']:6} {v['total']:6} {v['accuracy']:6.3f}")
    print()
    print(summary_line(report))


def summary_line(report: dict) -> str:
    return (
        f"micro_f1={report['micro']['f1']:.3f} macro_f1={report['macro_f1']:.3f} "
        f"field_acc={report['field_acc']:.3f} text_acc={report.get('text_acc', 0.0):.3f}"
    )


if __name__ == "__main__":
    sys.exit(main())
