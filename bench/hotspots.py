"""Where a short document's time goes (`make profile`): not a test, a measurement.

Takes ~20,000 short documents from the bench's short corpus (briefs, coder notes, headlines
as their sources give them) and profiles them three ways:
1. cProfile over `extract_events` alone, document by document, the rules loaded beforehand;
2. cProfile over `extract_batch` (the extraction task's body: language, events, claims,
   incidents, the Arrow tables) on the same documents;
3. py-spy sampling the whole `sitrep run` over them in its own process (every thread).
Prints the top costs of each, in microseconds per document, and writes them to
data/profile.txt.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import subprocess
import sys
import time
from collections import Counter
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import base_documents, documents  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "corpus" / "raw"
SITREP = str(Path(sys.executable).with_name("sitrep"))


def top_cprofile(profile: cProfile.Profile, n_docs: int, top: int) -> str:
    """The functions with the most own time, then the most time including callees, per document."""
    stats = pstats.Stats(profile)
    rows = [(func, cc, nc, tt, ct) for func, (cc, nc, tt, ct, _) in stats.stats.items()]
    total = sum(r[3] for r in rows)
    out = io.StringIO()
    out.write(f"total {total:.2f} s = {total / n_docs * 1e6:,.0f} µs per document\n")
    for title, key in (("own time", 3), ("including callees", 4)):
        out.write(f"\n  {'µs/doc':>8} {'share':>6} {'calls/doc':>9}  function ({title})\n")
        for func, _cc, nc, tt, ct in sorted(rows, key=lambda r: -r[key])[:top]:
            t = tt if key == 3 else ct
            name = f"{Path(func[0]).name}:{func[1]} {func[2]}" if func[0] != "~" else func[2]
            out.write(f"  {t / n_docs * 1e6:8.1f} {t / total:6.1%} {nc / n_docs:9.2f}  {name}\n")
    return out.getvalue()


def top_pyspy(raw: Path, n_docs: int, rate: int, top: int) -> str:
    """py-spy's collapsed stacks: the frames with the most samples of their own, and Sitrep's
    own functions (pipelines/, flows/) with the most samples anywhere in the stack, as µs per
    document of the run."""
    own: Counter = Counter()
    ours: Counter = Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        n = int(count)
        total += n
        frames = [f for f in stack.strip().split(";") if f]
        own[frames[-1] if frames else "(no Python frame: native code)"] += n
        for frame in set(frames):
            if "(pipelines/" in frame or "(flows/" in frame:
                ours[frame] += n
    per_sample = 1e6 / rate / n_docs
    out = io.StringIO()
    out.write(f"{total:,} samples at {rate} Hz = {total / rate:.1f} s of busy threads, "
              f"{total * per_sample:,.0f} µs per document\n")
    for title, counts in (("own samples", own), ("Sitrep's functions, anywhere in the stack", ours)):
        out.write(f"\n  {'µs/doc':>8} {'share':>6}  frame ({title})\n")
        for frame, n in counts.most_common(top):
            out.write(f"  {n * per_sample:8.1f} {n / total:6.1%}  {frame[:150]}\n")
    return out.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--rate", type=int, default=200, help="py-spy samples per second")
    ap.add_argument("--work", type=Path, default=ROOT / "data" / "profile")
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "profile.txt")
    args = ap.parse_args()
    if not RAW.is_dir():
        print(f"skipping profile: {RAW} not found")
        return 0
    from sitrep.pipelines.documents import checked_document
    from sitrep.pipelines.extract import extract_events
    from sitrep.pipelines.resources import load_resources
    from sitrep.pipelines.settings import Settings
    from sitrep.pipelines.transform import extract_batch

    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    corpus = args.work / "short.jsonl"
    docs = []
    with corpus.open("w", encoding="utf-8") as f:
        for n, record in enumerate(islice(documents("short", base_documents(RAW)), args.docs)):
            record = {"doc_id": f"profile-{n:06d}", **record}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            doc = checked_document(record, f"{corpus}:{n + 1}")
            if not isinstance(doc, list):
                docs.append(doc)
    cache = args.work / "reference-cache"
    started = time.perf_counter()
    resources = load_resources(Settings(), cache)  # everything extraction reads
    loading = time.perf_counter() - started
    sections = [f"{len(docs):,} short documents, {sum(len(d.text) + len(d.title) for d in docs) / len(docs):.0f} "
                f"characters each; loading the rules {loading:.1f} s (reference tables built)"]

    started = time.perf_counter()
    extract_batch(docs[:50], resources, "warm-up")  # what a run's first batch builds once: models, lazy tables
    sections[0] += f"; the first 50 documents {time.perf_counter() - started:.1f} s (language model, lazy tables)"
    profile = cProfile.Profile()
    profile.enable()
    for doc in docs:
        extract_events(doc, resources)
    profile.disable()
    sections.append("## extract_events, cProfile\n" + top_cprofile(profile, len(docs), args.top))

    profile = cProfile.Profile()
    profile.enable()
    for start in range(0, len(docs), 5000):
        extract_batch(docs[start:start + 5000], resources, "profile")
    profile.disable()
    sections.append("## extract_batch (the extraction task's body), cProfile\n" + top_cprofile(profile, len(docs), args.top))

    raw = args.work / "pyspy.txt"
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "ERROR", "SITREP_CACHE_DIR": str(cache),
           "PREFECT_HOME": str(args.work / "prefect-home")}
    pyspy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if pyspy is None:
        sections.append("## the whole run: py-spy is not installed (pip install -e '.[bench]')")
    else:
        subprocess.run([SITREP, "run", str(args.work / "short.jsonl"), "--lake", str(args.work / "warm-lake")],
                       env=env, capture_output=True)  # a first run migrates the new Prefect home
        started = time.perf_counter()
        subprocess.run([pyspy, "record", "--format", "raw", "--rate", str(args.rate), "--output", str(raw),
                        "--", SITREP, "run", str(corpus), "--lake", str(args.work / "lake")],
                       env=env, capture_output=True)
        wall = time.perf_counter() - started
        sections.append(f"## the whole `sitrep run` ({wall:.1f} s under py-spy), py-spy\n"
                        + top_pyspy(raw, len(docs), args.rate, args.top))
    text = "\n\n".join(sections) + "\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
