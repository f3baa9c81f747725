"""Sitrep throughput benchmark (`make bench`): not a test, a measurement.

Builds three corpora from ../shared/corpus/raw in one run (short documents as their sources
give them, articles, and a mix of equal bytes of both), runs the whole `sitrep run` over
each into fresh lakes on one process and on both cores, and measures in the same run the
spaCy blank-English tokenizer over the same texts, an empty and a one-document run against
a bare Prefect flow, the flow's own stage timings (validation, the incident step, commit),
an unchanged re-run, and peak RSS at two corpus sizes. It prints one table of ratios with
the targets of issues #17, #13, #12 and #16 beside them and writes it to data/bench.json.

    make bench                 # BENCH_MB=10: 10 MB of text per corpus
    make bench BENCH_MB=40     # issue #17's 40 MB of each kind
    make bench BENCH_MB=200    # its 200 MB (about an hour on two idle cores)

Ratios are measured in one run, on a machine other work may share: compare them, not the
absolute speeds, across runs.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import KINDS, MB, base_documents, build_corpus, first_documents  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "corpus" / "raw"
SITREP = str(Path(sys.executable).with_name("sitrep"))
SINGLE = ["--workers", "1"]
BOTH = ["--workers", "2", "--task-runner", "process"]

# A trivial flow under the settings `sitrep run` gives Prefect (its API served on a thread of
# the process, heartbeats off), or under Prefect's own defaults (an ephemeral API server).
BARE_FLOW = """
import sys
from prefect import flow

@flow(name="bare")
def bare():
    return 1

if sys.argv[1] == "sitrep-settings":
    from sitrep.flows.runtime import quiet_heartbeats, shared_api
    with shared_api("thread"), quiet_heartbeats():
        bare()
else:
    bare()
"""


def run_measured(args: list[str], env: dict) -> dict:
    """Run a command; its wall time and the peak memory of its whole process tree (children
    included), also by quarter of the run, which shows whether memory stays flat as input
    flows. Two sums: RSS, which counts a page shared by processes (a library's code, pages a
    worker shares with no one but reads from the same files) once per process, and PSS
    (proportional set size), which splits each shared page among the processes sharing it,
    so its sum is the memory the tree really holds. The sampler shares the machine with the
    run, so it stays cheap: both five times a second (Linux's smaps_rollup), the process
    list once a second."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, int, int]] = []
    done = threading.Event()

    def sample() -> None:
        root = psutil.Process(proc.pid)
        procs: list[psutil.Process] = []
        n = 0
        while not done.is_set():
            try:
                if n % 5 == 0:
                    procs = [root, *root.children(recursive=True)]
                rss = pss = 0
                for p in procs:
                    try:
                        memory = p.memory_full_info()
                    except psutil.NoSuchProcess:
                        continue
                    rss += memory.rss
                    pss += getattr(memory, "pss", memory.rss)  # PSS is Linux's; elsewhere RSS stands in
                samples.append((time.perf_counter() - start, rss, pss))
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
    if proc.returncode not in (0, 3):  # 3: committed, with rejects (a real record of a raw set can be bad)
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{err[-3000:]}")
    summary = json.loads(out.strip().splitlines()[-1]) if "--json" in args else {}
    quarters = [max((r for t, r, _ in samples if q * wall / 4 <= t < (q + 1) * wall / 4), default=0) for q in range(4)]
    return {
        "wall": wall,
        "peak_rss_mib": max((r for _, r, _ in samples), default=0) / 2**20,
        "peak_pss_mib": max((p for _, _, p in samples), default=0) / 2**20,
        "rss_by_quarter_mib": [q / 2**20 for q in quarters],
        "summary": summary,
    }


def sitrep_run(corpus: Path, lake: Path, env: dict, extra: list[str] = SINGLE, fresh: bool = True) -> dict:
    if fresh:
        shutil.rmtree(lake, ignore_errors=True)
    return run_measured([SITREP, "run", str(corpus), "--lake", str(lake), "--json", *extra], env)


def tokenizer_seconds(texts: list[str]) -> float:
    """spaCy's blank English tokenizer over the texts, on one core."""
    import spacy

    nlp = spacy.blank("en")
    start = time.perf_counter()
    for doc in nlp.tokenizer.pipe(texts, batch_size=1000):
        len(doc)
    return time.perf_counter() - start


def validation_seconds(corpus: Path) -> float:
    """The per-record schema check (issue #13) alone over the corpus's records, as the reader
    runs it on each: the flow reads and checks in one stage, so it is timed here apart."""
    from sitrep.pipelines.documents import EMPTY_IS_NONE, DocumentRecord

    records = []
    with corpus.open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            fields = {k: r.get(k) for k in ("doc_id", "title", "text", "published_at", "url", "source", "kind")}
            records.append({k: v for k, v in fields.items() if v is not None and not (v == "" and k in EMPTY_IS_NONE)})
    start = time.perf_counter()
    for fields in records:
        try:
            DocumentRecord.model_validate(fields)
        except ValueError:  # a bad record costs its check too
            pass
    return time.perf_counter() - start


def stage_shares(run: dict) -> dict:
    """Stage seconds as shares of the flow's wall time, from the run summary's own timings."""
    s = run["summary"]
    t = s["timings"]
    return {k: t.get(k, 0.0) / s["seconds"] for k in ("read", "extract", "incidents", "stage", "commit", "views")}


def describe(label: str, corpus: dict, r: dict) -> str:
    s = r["summary"]
    return (f"  {label:15} {s['documents_read'] / r['wall']:9,.0f} docs/s {corpus['mb'] / r['wall']:6.2f} MB/s "
            f"(process {r['wall']:6.1f} s, flow {s['seconds']:6.1f} s) peak RSS {r['peak_rss_mib']:5,.0f} MiB "
            f"(PSS {r['peak_pss_mib']:5,.0f}) "
            f"[by quarter {' / '.join(f'{q:,.0f}' for q in r['rss_by_quarter_mib'])}], {s['events']:,} events; "
            + ", ".join(f"{k} {v:.1f}" for k, v in s["timings"].items()) + " s")


def verdict(value: float, target: float, at_least: bool) -> str:
    return "met" if (value >= target if at_least else value <= target) else "NOT met"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=float(os.environ.get("BENCH_MB") or 10),
                    help="MB of text per corpus (env BENCH_MB) [default: 10]")
    ap.add_argument("--small-fraction", type=float, default=0.25,
                    help="the second, smaller size of the mix, as a fraction of --mb, for RSS flatness")
    ap.add_argument("--work", type=Path, default=ROOT / "data" / "bench")
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "bench.json")
    args = ap.parse_args()
    if not RAW.is_dir():
        print(f"skipping benchmark: {RAW} not found")
        return 0
    began = time.perf_counter()
    work = args.work
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    # One Prefect home and one reference cache for every run here, both new: a first run
    # fills them (migrations, derived tables), as on a new machine; it is reported apart.
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "ERROR", "PREFECT_HOME": str(work / "prefect-home"),
           "SITREP_CACHE_DIR": str(work / "reference-cache"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           # a loaded machine can take longer than Prefect's 20 s default to start its server
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180"}
    env.pop("PREFECT_API_URL", None)

    base = base_documents(RAW)
    corpora = {kind: build_corpus(work / f"{kind}.jsonl", kind, args.mb, base) for kind in KINDS}
    small = build_corpus(work / "mix-small.jsonl", "mix", args.mb * args.small_fraction, base)
    for kind, c in corpora.items():
        print(f"corpus {kind:8} {c['documents']:9,} documents, {c['mb']:6.1f} MB of text, "
              f"{c['mb'] * MB / c['documents']:7,.0f} bytes each ({c['distinct']:,} distinct, replicated)")
    one_doc = work / "one-document.jsonl"
    one_doc.write_text(json.dumps(first_documents(corpora["articles"]["path"], 1)[0]) + "\n", encoding="utf-8")
    empty = work / "empty.jsonl"
    empty.write_text("", encoding="utf-8")

    print("start-up")
    first = sitrep_run(one_doc, work / "lake-first", env)
    print(f"  first run on a new machine (Prefect migrations, reference tables built): {first['wall']:.1f} s")
    # Start-up figures: the four kinds alternate, so each sees the same machine, and the
    # faster of two of each is compared (a run is only ever slowed by other load).
    bare_runs: dict[str, list[float]] = {"sitrep-settings": [], "prefect-defaults": []}
    empty_runs, one_runs = [], []
    for n in range(2):
        for mode, walls in bare_runs.items():
            walls.append(run_measured([sys.executable, "-c", BARE_FLOW, mode], env)["wall"])
        empty_runs.append(sitrep_run(empty, work / f"lake-empty-{n}", env))
        one_runs.append(sitrep_run(one_doc, work / f"lake-one-{n}", env))
    bare = {mode: min(walls) for mode, walls in bare_runs.items()}
    empty_run = min(empty_runs, key=lambda r: r["wall"])
    one_run = min(one_runs, key=lambda r: r["wall"])
    print("  every start-up run (s): " + "; ".join(
        f"{name} {', '.join(f'{w:.1f}' for w in walls)}" for name, walls in (
            ("bare, Sitrep's settings", bare_runs["sitrep-settings"]),
            ("bare, Prefect's defaults", bare_runs["prefect-defaults"]),
            ("empty run", [r["wall"] for r in empty_runs]), ("one document", [r["wall"] for r in one_runs]))))
    print(f"  bare Prefect flow: {bare['sitrep-settings']:.1f} s with Sitrep's settings (API on a thread, "
          f"heartbeats off), {bare['prefect-defaults']:.1f} s with Prefect's defaults (ephemeral server)")
    print(f"  empty sitrep run: {empty_run['wall']:.1f} s (flow {empty_run['summary']['seconds']:.1f} s); "
          f"one document: {one_run['wall']:.1f} s (flow {one_run['summary']['seconds']:.1f} s; "
          f"loading the rules and the first document {one_run['wall'] - empty_run['wall']:.1f} s)")
    startup = empty_run["wall"]

    results: dict[str, dict] = {}
    for kind, c in corpora.items():
        tok = tokenizer_seconds(c["texts"])
        single = sitrep_run(c["path"], work / f"lake-{kind}-single", env)
        both = sitrep_run(c["path"], work / f"lake-{kind}-both", env, BOTH)
        check = validation_seconds(c["path"])
        results[kind] = {"tokenizer_seconds": tok, "single": single, "both": both, "validation_seconds": check}
        print(f"{kind}: tokenizer {c['mb'] / tok:.2f} MB/s ({tok:.1f} s)")
        print(describe("single process", c, single))
        print(describe("both cores", c, both))
        del c["texts"]

    small_run = sitrep_run(small["path"], work / "lake-mix-small", env)
    print(describe(f"mix {small['mb']:.3g} MB", small, small_run))
    rerun = sitrep_run(corpora["mix"]["path"], work / "lake-mix-single", env, fresh=False)
    print(f"unchanged re-run of the mix: {rerun['summary']['documents_unchanged']:,} unchanged, "
          f"process {rerun['wall']:.1f} s, flow {rerun['summary']['seconds']:.1f} s")

    rows = []

    def row(name: str, value: float, target: str, ok: bool | None, fmt: str = "{:.2f}×") -> None:
        rows.append({"measure": name, "value": round(value, 4), "shown": fmt.format(value), "target": target,
                     "verdict": "" if ok is None else ("met" if ok else "NOT met")})

    for kind in KINDS:
        r, c = results[kind], corpora[kind]
        ratio = r["tokenizer_seconds"] / r["single"]["wall"]
        beyond = r["single"]["wall"] - startup
        steady = r["tokenizer_seconds"] / beyond if beyond > 0.1 * r["single"]["wall"] else float("nan")
        row(f"{kind}: pipeline / tokenizer, single process (whole run)", ratio, "≥ 2×",
            ratio >= 2 if kind != "mix" else None)
        row(f"{kind}: the same beyond start-up (run − empty run)", steady, "", None)
        scaling = r["single"]["wall"] / r["both"]["wall"]
        row(f"{kind}: both cores / single process", scaling, "≥ 1.7×", scaling >= 1.7)
        flow_scaling = r["single"]["summary"]["seconds"] / r["both"]["summary"]["seconds"]
        row(f"{kind}: the same, flow time only", flow_scaling, "", None)
    peak = max(max(results[k]["single"]["peak_rss_mib"], results[k]["both"]["peak_rss_mib"]) for k in KINDS)
    row("peak RSS, any run, children included (MiB)", peak, "≤ 1024", peak <= 1024, "{:,.0f}")
    # the same peak without counting pages the processes share once per process
    peak_pss = max(max(results[k]["single"]["peak_pss_mib"], results[k]["both"]["peak_pss_mib"]) for k in KINDS)
    row("peak PSS, any run, children included (MiB)", peak_pss, "≤ 1024", peak_pss <= 1024, "{:,.0f}")
    growth = results["mix"]["single"]["peak_rss_mib"] / max(small_run["peak_rss_mib"], 1e-9)
    row(f"peak RSS mix {corpora['mix']['mb']:.3g} MB / mix {small['mb']:.3g} MB", growth,
        "flat (≤ 1.15×)", growth <= 1.15)
    one_over_bare = one_run["wall"] / bare["sitrep-settings"]
    row("one-document run / bare Prefect flow (Sitrep's settings)", one_over_bare, "≤ 2×", one_over_bare <= 2)
    row("one-document run / bare Prefect flow (Prefect's defaults)",
        one_run["wall"] / bare["prefect-defaults"], "", None)
    row("start-up: empty sitrep run (s)", startup, "reported apart", None, "{:.1f}")
    shares = {k: stage_shares(results[k]["single"]) for k in KINDS}
    for kind in KINDS:
        v = results[kind]["validation_seconds"] / results[kind]["single"]["summary"]["seconds"]
        row(f"{kind}: validation (per-record schema check) share of the flow", v, "≤ 5 %", v <= 0.05, "{:.1%}")
    for kind in KINDS:
        v = shares[kind]["incidents"]
        row(f"{kind}: incident step share of the flow", v, "≤ 10 %", v <= 0.10, "{:.1%}")
    for kind in KINDS:
        row(f"{kind}: commit + views share of the flow", shares[kind]["commit"] + shares[kind]["views"],
            "", None, "{:.1%}")
    cold = results["mix"]["single"]
    v = rerun["summary"]["seconds"] / cold["summary"]["seconds"]
    row("mix: unchanged re-run / cold run (flow)", v, "≤ 5 %", v <= 0.05, "{:.1%}")
    row("mix: unchanged re-run / cold run (whole process)", rerun["wall"] / cold["wall"], "", None, "{:.1%}")

    width = max(len(r["measure"]) for r in rows)
    print(f"\n{'measure':{width}}  {'value':>9}  {'target':16} verdict")
    for r in rows:
        print(f"{r['measure']:{width}}  {r['shown']:>9}  {r['target']:16} {r['verdict']}")
    load = os.getloadavg()
    print(f"\nwhole bench {time.perf_counter() - began:.0f} s; load average at the end "
          f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} cores")

    report = {
        "mb_per_corpus": args.mb,
        "corpora": {k: {x: c[x] for x in ("documents", "mb", "distinct")} for k, c in corpora.items()},
        "startup": {"first_run": first["wall"], "bare_prefect": bare, "empty_run": empty_run["wall"],
                    "one_document_run": one_run["wall"]},
        "runs": {k: {"tokenizer_seconds": r["tokenizer_seconds"], "validation_seconds": r["validation_seconds"],
                     **{mode: {x: r[mode][x] for x in ("wall", "peak_rss_mib", "peak_pss_mib", "rss_by_quarter_mib",
                                                       "summary")}
                        for mode in ("single", "both")}} for k, r in results.items()},
        "mix_small": {"mb": small["mb"], "wall": small_run["wall"], "peak_rss_mib": small_run["peak_rss_mib"],
                      "peak_pss_mib": small_run["peak_pss_mib"]},
        "rerun": {"wall": rerun["wall"], "summary": rerun["summary"]},
        "table": rows,
        "load_average": load,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
