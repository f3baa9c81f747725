"""The Sitrep flows: thin Prefect tasks around pipelines/.

Documents go to tasks in batches (hundreds to thousands each), never one task per
document: a task run costs milliseconds of orchestration and database rows. At most a
few batches are in flight at once, so memory stays flat however large the input.
"""
from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyarrow as pa
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner
from sitrep.flows.errors import RunCommittedError, is_permanent_io_error
from sitrep.flows.runtime import reference_cache_dir, release_memory
from sitrep.pipelines import EXTRACTOR_VERSION, reference_cache, warehouse
from sitrep.pipelines.documents import Document
from sitrep.pipelines.extract import load_rules
from sitrep.pipelines.incidents import load_incident_rules
from sitrep.pipelines.ingest import Reject, discover, read_paths
from sitrep.pipelines.lake import LakeRun, maintain, stored_documents
from sitrep.pipelines.settings import Settings
from sitrep.pipelines.transform import (
    batch_documents,
    batch_table,
    batched,
    extract_batch,
    rejects_table,
    select_documents,
    timed,
)

TASK_RUNNERS = ("thread", "process", "dask")


def worth_retrying(task, task_run, state) -> bool:
    """Prefect's retry_condition_fn for I/O tasks: retry a transient failure, never a permanent one."""
    return not is_permanent_io_error(state.data if isinstance(state.data, BaseException) else None)


def make_task_runner(kind: str = "thread", workers: int = 1):
    """The task runner extraction batches are submitted to: threads (one core, no start-up
    cost), a local process pool, or a Dask cluster (a local one, or `address` of a running one)."""
    if kind == "thread":
        return ThreadPoolTaskRunner(max_workers=workers)
    if kind == "process":
        return ProcessPoolTaskRunner(max_workers=workers)
    if kind == "dask" or kind.startswith("tcp://"):
        from prefect_dask import DaskTaskRunner

        if kind.startswith("tcp://"):
            return DaskTaskRunner(address=kind)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True})
    raise ValueError(f"unknown task runner {kind!r}: choose one of {', '.join(TASK_RUNNERS)} or a tcp:// address")


@lru_cache(maxsize=4)
def _rules(seeds_dir: str):
    # Rules are validated once per process (worker processes included), not once per batch;
    # the gazetteer and places tables they use come from the on-disk reference cache.
    reference_cache.use_directory(reference_cache_dir())
    return load_rules(Path(seeds_dir))


@task(cache_policy=NO_CACHE)
def find_inputs(inputs: list[str]) -> list[Path]:
    return discover(inputs)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[1, 5], retry_condition_fn=worth_retrying)
def extract(batch: pa.Table, run_id: str, seeds_dir: str) -> dict:
    """Extract one batch (a batch_table) where it runs (a thread, a worker process, a Dask
    node); its documents and events come back as Arrow tables, which the flow adds to the
    run's transaction at once (DuckLake writes them to Parquet), so at most the batches in
    flight are ever held."""
    started = time.perf_counter()
    rules = _rules(seeds_dir)  # loaded once per process: extraction's own start-up
    loading = time.perf_counter() - started
    tables = extract_batch(batch_documents(batch), rules, run_id)
    result = {
        "documents": tables.documents,
        "events": tables.events,
        "by_type": dict(Counter(tables.events["event_type"].to_pylist())),
        "extract_seconds": loading + tables.seconds,
        "not_english": tables.not_english,
    }
    del tables
    release_memory()
    return result


@task(cache_policy=NO_CACHE)
def commit(run: LakeRun, rejects: list[Reject], compact_above: int, retention_days: float | None, seeds_dir: str) -> dict:
    started = time.perf_counter()
    run.stage("rejects", rejects_table(rejects, run.run_id))
    joined = run.join_incidents(load_incident_rules(Path(seeds_dir)))  # across documents, before the commit
    incidents_seconds = time.perf_counter() - started
    result = run.commit()
    result["incidents"] = {**joined, "seconds": incidents_seconds}
    # DuckLake's own maintenance, after the commit and in transactions of its own: a failure
    # here leaves the run committed and the lake as it was before the maintenance.
    try:
        result["compacted"] = maintain(run.location, merge_above=compact_above, retention_days=retention_days)
    except (OSError, warehouse.Error) as exc:  # a damaged file, a full disk: the run is committed all the same
        result["compacted"] = {"maintenance_failed": " ".join(str(exc).split())}
    result["seconds"] = time.perf_counter() - started
    return result


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[1, 5], retry_condition_fn=worth_retrying)
def refresh_views(lake, sql_dir: str) -> float:
    from sitrep.pipelines.warehouse import build_views

    started = time.perf_counter()
    build_views(lake, Path(sql_dir))
    return time.perf_counter() - started


@dataclass
class Tally:
    read: int = 0
    extracted: int = 0
    unchanged: int = 0
    not_english: int = 0  # extracted documents in another language: recorded, not read
    by_type: Counter = field(default_factory=Counter)
    rejects: list[Reject] = field(default_factory=list)
    batches: int = 0
    # Seconds spent in pipelines/ code by stage (extract summed over batches, even when parallel).
    clock: dict = field(default_factory=dict)


def extract_into_lake(
    run: LakeRun,
    items: Iterable[Document | Reject],
    settings: Settings,
    seeds: str,
    reprocess: bool,
    in_flight: int,
    progress: Callable[[dict], None] | None = None,
) -> Tally:
    """Batch the items, extract batches concurrently (bounded), stage each result."""
    tally = Tally()

    def report() -> None:
        if progress is not None:
            progress({"documents": tally.read, "events": sum(tally.by_type.values()), "rejects": len(tally.rejects)})
    # Read even when reprocessing: a doc_id from another origin must not replace the lake's document.
    known = run.known_documents()
    seen: set[str] = set()
    pending: deque = deque()

    def drain(limit: int) -> None:
        while len(pending) > limit:
            done = pending.popleft().result()
            started = time.perf_counter()
            for name in ("documents", "events"):  # documents first: they supersede older rows
                run.stage(name, done.pop(name))
            tally.clock["extract"] = tally.clock.get("extract", 0.0) + done["extract_seconds"]
            tally.clock["stage"] = tally.clock.get("stage", 0.0) + time.perf_counter() - started
            tally.by_type.update(done["by_type"])
            tally.not_english += done["not_english"]
            del done
            report()

    for chunk in batched(timed(items, tally.clock, "read"), settings.batch_size, settings.batch_bytes):
        picked = select_documents(chunk, known, seen, reprocess=reprocess)
        tally.rejects += picked.rejects
        tally.read += len(chunk) - len(picked.rejects) + picked.duplicates
        tally.unchanged += picked.unchanged
        if picked.todo:
            tally.batches += 1
            # As a table: Prefect would otherwise walk every document of the batch looking for
            # upstream task results, in the flow and again in a worker process (seconds per
            # 100k documents), and a list of documents pickles slower than Arrow buffers.
            batch = batch_table(picked.todo)
            pending.append(extract.submit(batch, run.run_id, seeds))
            tally.extracted += len(picked.todo)
            drain(in_flight)
            del batch, chunk, picked
            release_memory()
        report()
    drain(0)
    return tally


def finish_run(
    run: LakeRun, tally: Tally, settings: Settings, sql: str, started: float, compact_above: int, seeds: str | None = None
) -> dict:
    committed = commit(run, tally.rejects, compact_above, settings.retention_days, seeds or str(settings.seeds_dir))
    tally.clock["incidents"] = committed["incidents"]["seconds"]
    tally.clock["commit"] = committed["seconds"] - committed["incidents"]["seconds"]
    try:
        tally.clock["views"] = refresh_views(run.location, sql)
    except Exception as exc:
        raise RunCommittedError(f"run {run.run_id} was committed, but rebuilding the views failed") from exc
    seconds = time.perf_counter() - started
    summary = {
        "run_id": run.run_id,
        "lake": str(settings.lake),
        "extractor_version": EXTRACTOR_VERSION,
        "documents_read": tally.read,
        "documents_extracted": tally.extracted,
        "documents_unchanged": tally.unchanged,
        "documents_not_english": tally.not_english,
        "events": sum(tally.by_type.values()),
        "events_by_type": dict(tally.by_type),
        "rejects": len(tally.rejects),
        "reject_reasons": dict(Counter(r.reason for r in tally.rejects)),
        "compacted": committed.get("compacted", {}),
        "incidents": {k: v for k, v in committed["incidents"].items() if k != "seconds"},
        "seconds": seconds,
        "timings": {**{k: round(v, 3) for k, v in tally.clock.items()}, "work": round(sum(tally.clock.values()), 3)},
    }
    create_markdown_artifact(summary_markdown(summary), key="sitrep-run-summary", description="Sitrep run summary")
    return summary


def summary_markdown(summary: dict) -> str:
    lines = [
        f"# Sitrep run `{summary['run_id']}`",
        "",
        "| documents read | extracted | unchanged | rejected | events | seconds |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {summary['documents_read']} | {summary['documents_extracted']} | {summary['documents_unchanged']} "
        f"| {summary['rejects']} | {summary['events']} | {summary['seconds']:.2f} |",
        "",
        "| event type | mentions |",
        "|---|---:|",
        *[f"| {k} | {v} |" for k, v in sorted(summary["events_by_type"].items())],
    ]
    if summary["reject_reasons"]:
        lines += ["", "| reject reason | count |", "|---|---:|"]
        lines += [f"| {k} | {v} |" for k, v in sorted(summary["reject_reasons"].items())]
    if summary.get("timings"):
        lines += ["", "| stage | seconds |", "|---|---:|"]
        lines += [f"| {k} | {v:.3f} |" for k, v in summary["timings"].items()]
    return "\n".join(lines)


@flow(name="sitrep-etl")
def etl(
    inputs: list[str],
    lake: str = "data/lake",
    batch_size: int = 5000,
    reprocess: bool = False,
    seeds_dir: str | None = None,
    sql_dir: str | None = None,
    in_flight: int = 2,
    compact_above: int = 32,
    progress: Callable[[dict], None] | None = None,
    catalog: str | None = None,
    retention_days: float | None = None,
) -> dict:
    """Read inputs, extract events in batches, commit them to the lake at once, rebuild the views.

    `progress`, if given, is called with the running counts (documents, events, rejects) after each batch.
    `catalog` names the lake's DuckLake catalog (default: `LAKE/sitrep.sqlite`); `retention_days`
    how long snapshots stay reachable by time travel (default: for ever)."""
    started = time.perf_counter()
    settings = Settings(lake=lake, batch_size=batch_size, catalog=catalog, retention_days=retention_days)
    paths = find_inputs(inputs)
    with LakeRun(settings.location) as run:
        tally = extract_into_lake(
            run, read_paths(paths), settings, seeds_dir or str(settings.seeds_dir), reprocess, in_flight, progress
        )
        return finish_run(run, tally, settings, sql_dir or str(settings.sql_dir), started, compact_above, seeds_dir)


@flow(name="sitrep-reprocess")
def reprocess_lake(
    lake: str = "data/lake",
    batch_size: int = 5000,
    seeds_dir: str | None = None,
    sql_dir: str | None = None,
    in_flight: int = 2,
    compact_above: int = 32,
    catalog: str | None = None,
    retention_days: float | None = None,
) -> dict:
    """Extract every document the lake holds again (after an extractor upgrade), from its stored text."""
    started = time.perf_counter()
    settings = Settings(lake=lake, batch_size=batch_size, catalog=catalog, retention_days=retention_days)
    with LakeRun(settings.location) as run:
        items = stored_documents(settings.location)
        tally = extract_into_lake(run, items, settings, seeds_dir or str(settings.seeds_dir), True, in_flight)
        return finish_run(run, tally, settings, sql_dir or str(settings.sql_dir), started, compact_above, seeds_dir)
