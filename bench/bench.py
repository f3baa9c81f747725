"""Sitrep throughput benchmark (`make bench`): not a test, a measurement.

Builds a large corpus from ../shared/corpus/raw (Wikipedia Current Events briefs and the
crawled articles, replicated with distinct ids), runs the whole flow into fresh lakes, and
prints, from one run: documents/s and MB/s single-process and on both cores, peak RSS,
the spaCy blank-English tokenizer baseline over the same texts with the ratio
pipeline/baseline, Prefect's share of the wall time (start-up apart), an unchanged
re-run's time as a share of the cold run, the incident join's share of the flow, and a mart query over
1,000,000 event rows.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "corpus" / "raw"
SITREP = str(Path(sys.executable).with_name("sitrep"))
MB = 1_000_000


def base_texts(raw: Path) -> tuple[list[dict], list[dict]]:
    """The distinct briefs and articles the corpus is replicated from."""
    briefs, articles = [], []
    wcep = raw / "wcep_current_events_ianrastall"
    for name in ("wcep_daily_2022_2026.jsonl", "wcep_2014_2021_conflict_entries.jsonl"):
        with (wcep / name).open(encoding="utf-8") as f:
            for line in f:
                day = json.loads(line)
                entries = day.get("entries") or [{"text": day.get("text", "")}]
                for e in entries:
                    text = re.sub(r"\s*\([^()]*\)\s*$", "", e.get("text") or "").strip()
                    if len(text) > 40:
                        briefs.append({"title": "", "text": text, "published_at": day["date"], "kind": "brief"})
    for path in sorted((raw / "news_ukraine2026_kjdragan").glob("crawl_*.md")):
        body = path.read_text(encoding="utf-8")
        title = ""
        if body.startswith("---"):
            meta, _, body = body[3:].partition("\n---")
            m = re.search(r'^title:\s*"?(.*?)"?\s*$', meta, re.M)
            title = m.group(1) if m else ""
        articles.append({"title": title, "text": body.strip(), "published_at": None, "kind": "article"})
    return briefs, articles


def build_corpus(out: Path, min_docs: int, min_mb: float) -> dict:
    """Replicate briefs to at least `min_docs` documents, then articles until `min_mb` MB."""
    briefs, articles = base_texts(RAW)
    out.parent.mkdir(parents=True, exist_ok=True)
    n = size = 0
    with out.open("w", encoding="utf-8") as f:
        def emit(doc: dict) -> None:
            nonlocal n, size
            line = json.dumps({"doc_id": f"bench-{n:08d}", **doc}, ensure_ascii=False) + "\n"
            f.write(line)
            n += 1
            size += len(doc["title"].encode()) + len(doc["text"].encode())

        while n < min_docs:
            for doc in briefs:
                emit(doc)
        while size < min_mb * MB:
            for doc in articles:
                emit(doc)
    return {"documents": n, "mb": size / MB, "distinct_briefs": len(briefs), "distinct_articles": len(articles)}


def corpus_texts(path: Path, limit_mb: float):
    """Texts of the corpus, spread over the whole file, up to limit_mb MB."""
    total = path.stat().st_size
    step = max(1, int(total / (limit_mb * MB)))
    with path.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % step == 0:
                d = json.loads(line)
                yield d["title"] + "\n" + d["text"]


def tokenizer_baseline(corpus: Path, sample_mb: float) -> float:
    """spaCy's blank English tokenizer over a sample of the same texts, MB/s on one core."""
    import spacy

    nlp = spacy.blank("en")
    texts = list(corpus_texts(corpus, sample_mb))
    size = sum(len(t.encode()) for t in texts)
    start = time.perf_counter()
    for doc in nlp.tokenizer.pipe(texts, batch_size=1000):
        len(doc)
    return size / MB / (time.perf_counter() - start)


def run_measured(args: list[str], env: dict) -> dict:
    """Run a command; wall time and the memory of its whole process tree: the peak summed RSS
    (shared library pages counted once per process), the peak summed PSS (shared pages split
    between the processes that map them), and the peak RSS in each quarter of the run, which
    shows whether memory stays flat as input flows.

    The sampler shares the machine with the run it measures, so it stays cheap: RSS five
    times a second, the process list once a second, PSS every two seconds (reading it walks
    every page table: ~11 ms per process here; read twice a second for four processes it
    took ~9% of a core from a run that needs both)."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, int]] = []
    peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_pss
        root = psutil.Process(proc.pid)
        procs: list[psutil.Process] = []
        n = 0
        while not done.is_set():
            try:
                if n % 5 == 0:
                    procs = [root, *root.children(recursive=True)]
                rss = 0
                for p in procs:
                    try:
                        rss += p.memory_info().rss
                    except psutil.NoSuchProcess:
                        pass
                samples.append((time.perf_counter() - start, rss))
                if n % 10 == 0:
                    peak_pss = max(peak_pss, sum(p.memory_full_info().pss for p in procs if p.is_running()))
            except psutil.Error:
                pass
            n += 1
            done.wait(0.2)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    done.set()
    watcher.join()
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{err[-3000:]}")
    summary = json.loads(out.strip().splitlines()[-1]) if "--json" in args else {}
    quarters = [max((rss for t, rss in samples if q * wall / 4 <= t < (q + 1) * wall / 4), default=0) for q in range(4)]
    return {
        "wall": wall,
        "peak_rss_mb": max((rss for _, rss in samples), default=0) / 2**20,
        "peak_pss_mb": peak_pss / 2**20,
        "rss_by_quarter_mb": [q / 2**20 for q in quarters],
        "summary": summary,
    }


def mart_query_seconds(lake: Path, rows: int) -> tuple[int, float, float]:
    """Time a group-by mart query over `rows` synthetic event rows (replicated real events)."""
    import duckdb
    import pyarrow as pa
    from sitrep.pipelines.lake import LakeRun, read_dataset

    events = read_dataset(lake, "events")
    big = lake.parent / "bench-1m-lake"
    shutil.rmtree(big, ignore_errors=True)
    reps = -(-rows // max(events.num_rows, 1))
    with duckdb.connect() as con, LakeRun(big) as run:
        con.register("real_events", events)
        run.stage("documents", read_dataset(lake, "documents"))
        replicated = con.execute(
            f"""select * replace (event_id || '-' || r as event_id,
                        published_at + cast(r % 365 as integer) as published_at)
                from real_events, range({reps}) t(r) limit {rows}"""
        ).fetch_record_batch(200_000)
        for batch in replicated:
            run.stage("events", pa.Table.from_batches([batch]))
        run.commit()
    del events
    from sitrep.pipelines.settings import Settings
    from sitrep.pipelines.warehouse import build_views, query

    build_views(big, Settings().sql_dir)
    n = query(big, "select count(*) from events").rows[0][0]
    start = time.perf_counter()
    query(big, "select * from daily_event_counts")
    in_process = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run([SITREP, "sql", "select event_type, country, sum(mentions) from daily_event_counts group by all",
                    "--lake", str(big), "--format", "csv"], check=True, capture_output=True)
    cli = time.perf_counter() - start
    return n, in_process, cli


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--mb", type=float, default=300)
    ap.add_argument("--baseline-sample-mb", type=float, default=40)
    ap.add_argument("--repeats", type=int, default=2, help="runs of each configuration (the fastest is compared)")
    ap.add_argument("--work", type=Path, default=ROOT / "data" / "bench")
    args = ap.parse_args()
    if not RAW.is_dir():
        print(f"skipping benchmark: {RAW} not found")
        return 0

    work = args.work
    corpus = work / "corpus.jsonl"
    info = build_corpus(corpus, args.docs, args.mb)
    print(f"corpus: {info['documents']:,} documents, {info['mb']:.1f} MB of text "
          f"({info['distinct_briefs']:,} distinct briefs, {info['distinct_articles']} distinct articles, replicated)")

    baseline = tokenizer_baseline(corpus, args.baseline_sample_mb)
    print(f"baseline: spaCy blank-English tokenizer {baseline:.2f} MB/s (one core, {args.baseline_sample_mb:.0f} MB sample)")

    # A fresh reference cache, filled by a first run over the sample article, as on a new
    # machine; its cost is reported apart, and every measured run below loads the tables.
    cache = work / "reference-cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "ERROR", "SITREP_CACHE_DIR": str(cache)}
    sample = ROOT / "seeds" / "samples"
    first = [run_measured([SITREP, "run", str(sample), "--lake", str(work / f"lake-sample-{n}"), "--json"], env) for n in (1, 2)]
    print(f"reference tables: a run over the sample article takes {first[0]['wall']:.1f} s on a new machine "
          f"(building them), {first[1]['wall']:.1f} s once they are cached")

    # Each configuration runs `repeats` times, alternating, so both see the same machine; a
    # run is only ever slowed by noise (other load, a busy neighbour), so the fastest of each
    # is the one compared (timeit's rule). Every run is printed.
    configs = (("single process", ["--workers", "1"]), ("both cores", ["--workers", "2", "--task-runner", "process"]))
    runs: dict[str, list[tuple[dict, Path]]] = {label: [] for label, _ in configs}
    for n in range(args.repeats):
        for label, extra in configs:
            lake = work / f"lake-{label.replace(' ', '-')}-{n}"
            shutil.rmtree(lake, ignore_errors=True)
            r = run_measured([SITREP, "run", str(corpus), "--lake", str(lake), "--json", *extra], env)
            runs[label].append((r, lake))
            s = r["summary"]
            flow = s["seconds"]
            print(f"{label:15} {s['documents_read'] / flow:10,.0f} docs/s {info['mb'] / flow:7.2f} MB/s "
                  f"(flow {flow:.1f} s, process {r['wall']:.1f} s) peak RSS {r['peak_rss_mb']:,.0f} MiB, "
                  f"{s['events']:,} events")
            print(f"{'':15} peak PSS {r['peak_pss_mb']:,.0f} MiB; peak RSS by quarter of the run "
                  + " / ".join(f"{q:,.0f}" for q in r["rss_by_quarter_mb"]) + " MiB")
    results = {label: min(rs, key=lambda x: x[0]["summary"]["seconds"]) for label, rs in runs.items()}
    for label, rs in runs.items():
        flows = [r["summary"]["seconds"] for r, _ in rs]
        print(f"{label:15} fastest flow {min(flows):.1f} s of {', '.join(f'{f:.1f}' for f in flows)}; "
              f"peak RSS {max(r['peak_rss_mb'] for r, _ in rs):,.0f} MiB over all its runs")
    # The baseline is measured again after the runs, and the faster of its two is compared,
    # by the same rule as the runs.
    again = tokenizer_baseline(corpus, args.baseline_sample_mb)
    baseline = max(baseline, again)
    print(f"baseline again: {again:.2f} MB/s; the faster, {baseline:.2f} MB/s, is compared")
    best = results["single process"][0]
    s = best["summary"]
    flow = s["seconds"]
    print(f"{'':15} ratio pipeline/baseline {info['mb'] / flow / baseline:.2f}x; Prefect share "
          f"{(flow - s['timings']['work']) / flow:.1%} of the flow beyond start-up; "
          f"API start-up and imports {best['wall'] - flow:.1f} s")
    print(f"{'':15} incident join at commit {s['timings'].get('incidents', 0.0):.1f} s = "
          f"{s['timings'].get('incidents', 0.0) / flow:.1%} of the flow (the issue's budget: 10 %)")
    single = results["single process"][0]["summary"]["seconds"]
    both = results["both cores"][0]["summary"]["seconds"]
    print(f"both cores / single process: {single / both:.2f}x (fastest runs)")

    lake = results["single process"][1]
    cold = results["single process"][0]
    rerun = run_measured([SITREP, "run", str(corpus), "--lake", str(lake), "--json"], env)
    print(f"unchanged re-run: {rerun['summary']['documents_unchanged']:,} unchanged, flow {rerun['summary']['seconds']:.1f} s "
          f"= {rerun['summary']['seconds'] / cold['summary']['seconds']:.1%} of the cold flow "
          f"(process {rerun['wall']:.1f} s = {rerun['wall'] / cold['wall']:.1%})")

    n, in_process, cli = mart_query_seconds(lake, 1_000_000)
    print(f"mart query over {n:,} event rows: {in_process * 1000:.0f} ms in process, {cli * 1000:.0f} ms through `sitrep sql`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
