"""The cross-document incident join's cost (not a test, a measurement).

Writes two corpora of our own synthetic reports (default 4,000 documents of about four mentions
each: strikes, captures and swaps in a dozen towns over eight weeks, tolls drawn at random, so
many look alike and some are reported by several outlets), runs `sitrep run` of the first into a
fresh lake and then of the second into the same lake, and prints the incident step's seconds
(in the run's transaction, before the commit) beside the run's.

    .venv/bin/python bench/incident_join.py [--documents 4000] [--out data/bench-incidents]
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITREP = str(Path(sys.executable).with_name("sitrep"))
TOWNS = ["Kharkiv", "Sumy", "Odesa", "Kherson", "Dnipro", "Zaporizhzhia", "Mykolaiv", "Chernihiv", "Poltava",
         "Kramatorsk", "Pokrovsk", "Lviv"]
OUTLETS = ["Wire One", "Kyiv Daily", "Global News", "Evening Post", "Radio East"]
SENTENCES = [
    "A Russian missile strike killed {n} civilians in {town} on {day}, the regional governor said.",
    "Russian drones wounded {m} people in {town} overnight, officials said on {day}.",
    "Ukrainian forces captured {n} Russian soldiers near {town}, the general staff said.",
    "Russia and Ukraine exchanged {n} prisoners of war each on {day}, mediators said.",
    "{n} soldiers were killed and {m} wounded when artillery hit positions near the river on {day}.",
    "The army sent {n} troops to the border region to guard the crossings.",
    "Lawmakers met to discuss the budget and the price of grain.",
]


def corpus(path: Path, documents: int, seed: int, prefix: str) -> Path:
    rng = random.Random(seed)
    start = date(2025, 3, 1)
    with path.open("w", encoding="utf-8") as f:
        for i in range(documents):
            published = start + timedelta(days=rng.randrange(56))
            day = (published - timedelta(days=rng.randrange(2))).strftime("%-d %B")
            text = " ".join(rng.choice(SENTENCES).format(n=rng.choice([3, 5, 7, 12, 40, 175, rng.randint(2, 900)]),
                                                         m=rng.randint(1, 60), town=rng.choice(TOWNS), day=day)
                            for _ in range(4))
            f.write(json.dumps({"doc_id": f"{prefix}-{i:06d}", "source": rng.choice(OUTLETS),
                                "published_at": published.isoformat(), "title": "", "text": text}) + "\n")
    return path


def run(corpus_path: Path, lake: Path) -> dict:
    out = subprocess.run([SITREP, "run", str(corpus_path), "--lake", str(lake), "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--documents", type=int, default=4000)
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "bench-incidents")
    args = ap.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    first = corpus(args.out / "first.jsonl", args.documents, 1, "first")
    second = corpus(args.out / "second.jsonl", args.documents, 2, "second")
    lake = args.out / "lake"
    for label, path in (("first run (empty lake)", first), ("second run (lake holds the first)", second)):
        s = run(path, lake)
        joined, step, flow = s["incidents"], s["timings"]["incidents"], s["seconds"]
        print(f"{label}: {s['documents_extracted']:,} documents, {joined['mentions']:,} new mentions, "
              f"{joined['candidates']:,} stored candidate rows read, {joined['rejoined']:,} mentions joined "
              f"across documents; incident step {step:.2f} s = {step / flow:.1%} of the flow ({flow:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
