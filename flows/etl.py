"""The Sitrep flows: thin Prefect tasks around pipelines/.

Documents go to tasks in batches (hundreds to thousands each), never one task per
document: a task run costs milliseconds of orchestration and database rows. At most a
few batches are in flight at once, so memory stays flat however large the input.

The extraction task itself is flows.worker's, and the lake's modules (DuckDB, DuckLake) are
imported here only where a function uses them: a worker process unpickles its task, and with
every task Prefect sends the flow (this module's), so a worker imports this module too, but
never DuckDB, which only the flow's process writes with.
"""
from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import quote
from sitrep.flows.errors import RunCommittedError
from sitrep.flows.runtime import release_memory
from sitrep.flows.worker import RunResources, extract, resources_of, run_reference, worth_retrying
from sitrep.pipelines.documents import Document
from sitrep.pipelines.incidents import IncidentRules, load_incident_rules
from sitrep.pipelines.ingest import Committed, Reject, Unchanged, discover, read_paths
from sitrep.pipelines.settings import DEFAULTS, TASK_RUNNERS, Settings
from sitrep.pipelines.transform import batch_table, batched, rejects_table, select_documents, timed

if TYPE_CHECKING:
    from sitrep.pipelines import warehouse
    from sitrep.pipelines.lake import LakeRun

SUMMARY_ARTIFACT_KEY = "sitrep-run-summary"


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


def _incident_rules(ref: RunResources) -> IncidentRules:
    """The incident rules the commit joins by. Where batches run in this process's threads, from
    the resources they load anyway (so a bad seed file fails the run before the first batch);
    where they run in worker processes (a process pool, Dask), the flow's process loads only the
    incident rules: the rules and tables of extraction (~150 MB, seconds of regex compiling)
    would sit unused beside the workers' own copies."""
    if _batches_in_this_process():
        return resources_of(ref).incident_rules
    return load_incident_rules(Path(ref.settings.seeds_dir))


def _batches_in_this_process() -> bool:
    """Whether the run's batches are extracted in this process's threads (not worker processes)."""
    context = FlowRunContext.get()
    return context is None or isinstance(context.task_runner, ThreadPoolTaskRunner)


def release_workers() -> None:
    """After the last batch, shut the run's process pool down. Each worker process holds its own
    copy of the rules and tables (~350 MiB) and would otherwise wait, idle, through the commit,
    the incident join and the views, where the flow's process needs the most memory. Threads
    hold nothing of their own, and a Dask cluster is left running (a tcp:// one is not the run's)."""
    context = FlowRunContext.get()
    if context is not None and isinstance(context.task_runner, ProcessPoolTaskRunner):
        # every batch is done, so nothing is cancelled: the pool stops and its processes are
        # waited for; the flow's exit finds the runner stopped already
        context.task_runner.cancel_all()


@task(cache_policy=NO_CACHE)
def find_inputs(inputs: list[str]) -> list[Path]:
    return discover(inputs)


@task(cache_policy=NO_CACHE)
def commit(
    run: LakeRun, rejects: list[Reject], compact_above: int, retention_days: float | None, incident_rules: IncidentRules | None
) -> dict:
    from sitrep.pipelines import warehouse
    from sitrep.pipelines.lake import maintain

    started = time.perf_counter()
    run.stage("rejects", rejects_table(rejects, run.run_id))
    # across documents, before the commit; a run that extracted nothing has no mention to join
    joined = (run.join_incidents(incident_rules) if incident_rules is not None
              else {"mentions": 0, "candidates": 0, "rejoined": 0})
    incidents_seconds = time.perf_counter() - started
    result = run.commit()
    result["incidents"] = {**joined, "seconds": incidents_seconds}
    # DuckLake's own maintenance, after the commit and in transactions of its own: a failure
    # here leaves the run committed and the lake as it was before the maintenance. It follows
    # writes: a run that wrote nothing (an unchanged re-run) leaves it to the next one that does.
    if not (result["rows"] or result["replaced_documents"]):
        result["compacted"] = {}
        result["seconds"] = time.perf_counter() - started
        return result
    try:
        result["compacted"] = maintain(run.location, merge_above=compact_above, retention_days=retention_days,
                                       databases=run.databases)
    except (OSError, warehouse.Error) as exc:  # a damaged file, a full disk: the run is committed all the same
        result["compacted"] = {"maintenance_failed": " ".join(str(exc).split())}
    result["seconds"] = time.perf_counter() - started
    return result


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[1, 5], retry_condition_fn=worth_retrying)
def refresh_views(lake, sql_dir: str, databases: warehouse.Databases | None = None, con=None,
                  seeds_dir: str | None = None) -> float:
    from sitrep.pipelines.warehouse import build_views

    started = time.perf_counter()
    build_views(lake, Path(sql_dir), databases, con=con, seeds_dir=Path(seeds_dir) if seeds_dir else None)
    return time.perf_counter() - started


@dataclass
class Tally:
    read: int = 0
    extracted: int = 0
    new: int = 0  # extracted documents the lake did not hold
    changed: int = 0  # extracted documents whose text differs from the lake's copy
    unchanged: int = 0
    not_english: int = 0  # extracted documents in another language: recorded, not read
    by_type: Counter = field(default_factory=Counter)
    rejects: list[Reject] = field(default_factory=list)
    batches: int = 0
    # Seconds spent in pipelines/ code by stage (extract summed over batches, even when parallel).
    clock: dict = field(default_factory=dict)
    extractor_version: str = ""  # the version of the run's resources, which every row records
    incident_rules: IncidentRules | None = None  # the run's, for joining its mentions to stored incidents


def extract_into_lake(
    run: LakeRun,
    read: Callable[[Committed], Iterable[Document | Reject | Unchanged]],
    settings: Settings,
    reprocess: bool,
    in_flight: int,
    progress: Callable[[dict], None] | None = None,
) -> Tally:
    """Batch the items `read(committed)` gives, extract batches concurrently (bounded), stage
    each result. `committed` maps the record hashes the lake holds at this run's extractor
    version to their doc_ids (empty when reprocessing), so a reader may pass those records
    on as Unchanged. The run's resources are loaded from `settings.seeds_dir` once, before
    the first batch."""
    tally = Tally()
    # The version is the hash of what the run would load; the resources themselves are loaded
    # (in the flow, before the first batch goes out, so a bad seed file fails the run before any
    # task) only when a document needs extracting: an unchanged re-run never loads them.
    ref = run_reference(settings)
    tally.extractor_version = ref.version

    def report() -> None:
        if progress is not None:
            progress({"documents": tally.read, "events": sum(tally.by_type.values()), "rejects": len(tally.rejects)})
    # Read even when reprocessing: a doc_id from another origin must not replace the lake's document.
    known = run.known_documents()
    committed = {} if reprocess else {
        held[3]: doc_id for doc_id, held in known.items() if held[3] is not None and held[1] == ref.version}
    seen: set[str] = set()
    pending: deque = deque()
    in_process = _batches_in_this_process()

    def drain(limit: int) -> None:
        while len(pending) > limit:
            done = pending.popleft().result()
            started = time.perf_counter()
            for name in ("documents", "events"):  # documents first: they supersede older rows
                run.stage(name, done.pop(name))
            tally.clock["extract"] = tally.clock.get("extract", 0.0) + done["extract_seconds"]
            tally.clock["incidents"] = tally.clock.get("incidents", 0.0) + done["incident_seconds"]
            tally.clock["stage"] = tally.clock.get("stage", 0.0) + time.perf_counter() - started
            tally.by_type.update(done["by_type"])
            tally.not_english += done["not_english"]
            del done
            report()

    for chunk in batched(timed(read(committed), tally.clock, "read"), settings.batch_size, settings.batch_bytes):
        picked = select_documents(chunk, known, seen, ref.version, reprocess=reprocess)
        tally.rejects += picked.rejects
        tally.read += len(chunk) - len(picked.rejects) + picked.duplicates
        tally.unchanged += picked.unchanged
        if picked.todo:
            if tally.incident_rules is None:
                tally.incident_rules = _incident_rules(ref)
            tally.batches += 1
            # To another process as a table: a list of documents pickles slower than Arrow buffers,
            # and Prefect would walk every document looking for upstream task results, in the flow
            # and again in the worker (seconds per 100k documents). To a thread of this process,
            # the documents themselves, quoted so that Prefect does not walk them: no table built
            # and read back (measured: 0.4 s of CPU for 64,540 short documents).
            batch = quote(picked.todo) if in_process else batch_table(picked.todo)
            pending.append(extract.submit(batch, run.run_id, ref))
            tally.extracted += len(picked.todo)
            held = [known.get(document.doc_id) for document in picked.todo]
            tally.new += held.count(None)
            tally.changed += sum(h is not None and h[0] != d.content_hash for h, d in zip(held, picked.todo, strict=True))
            drain(in_flight)
            del batch, chunk, picked
            release_memory()
        report()
    drain(0)
    return tally


def finish_run(run: LakeRun, tally: Tally, settings: Settings, sql: str, started: float, compact_above: int) -> dict:
    release_workers()  # the batches are done: no idle worker process beside the commit
    # quoted: Prefect would walk every reject and the rules' caches (a key per mention's text)
    # looking for futures, twice (0.35 s of 64k short documents' run); the task gets them as they are
    committed = commit(run, quote(tally.rejects), compact_above, settings.retention_days,
                       quote(tally.incident_rules))
    # the incident step: within documents during extraction, across documents at the commit
    tally.clock["incidents"] = tally.clock.get("incidents", 0.0) + committed["incidents"]["seconds"]
    tally.clock["commit"] = committed["seconds"] - committed["incidents"]["seconds"]
    try:
        # on the run's own connection, still attached: no second attach of the lake
        tally.clock["views"] = refresh_views(run.location, sql, run.databases, con=run.connection,
                                              seeds_dir=str(settings.seeds_dir))
    except Exception as exc:
        raise RunCommittedError(f"run {run.run_id} was committed, but rebuilding the views failed") from exc
    seconds = time.perf_counter() - started
    summary = {
        "run_id": run.run_id,
        "lake": str(settings.lake),
        "extractor_version": tally.extractor_version,
        "documents_read": tally.read,
        "documents_extracted": tally.extracted,
        "documents_new": tally.new,
        "documents_changed": tally.changed,
        # the same text again, for a new extractor version or `--reprocess`
        "documents_reextracted": tally.extracted - tally.new - tally.changed,
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
    artifact = create_markdown_artifact(summary_markdown(summary), key=SUMMARY_ARTIFACT_KEY,
                                        description="Sitrep run summary")
    summary["artifact_id"] = str(artifact)  # the run log links to it (flows.watch)
    return summary


def summary_markdown(summary: dict) -> str:
    lines = [
        f"# Sitrep run `{summary['run_id']}`",
        "",
        "| documents read | extracted | new | changed | unchanged | rejected | events | seconds |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {summary['documents_read']} | {summary['documents_extracted']} | {summary['documents_new']} "
        f"| {summary['documents_changed']} | {summary['documents_unchanged']} "
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
    settings: Settings = DEFAULTS,
    reprocess: bool = False,
    in_flight: int = 2,
    progress: Callable[[dict], None] | None = None,
) -> dict:
    """Read inputs, extract events in batches, commit them to the lake at once, rebuild the views.

    `settings` name the lake, its catalog, the seeds and views, the batch size and the snapshot
    retention; `progress`, if given, is called with the running counts (documents, events, rejects)
    after each batch."""
    from sitrep.pipelines.lake import LakeRun
    from sitrep.pipelines.warehouse import Databases

    started = time.perf_counter()
    paths = find_inputs(inputs)
    with Databases() as databases, LakeRun(settings.location, databases=databases) as run:
        tally = extract_into_lake(run, partial(read_paths, paths), settings, reprocess, in_flight, progress)
        return finish_run(run, tally, settings, str(settings.sql_dir), started, settings.compact_above)


@flow(name="sitrep-reprocess")
def reprocess_lake(settings: Settings = DEFAULTS, in_flight: int = 2) -> dict:
    """Extract every document the lake holds again (after an extractor upgrade), from its stored text."""
    from sitrep.pipelines.lake import LakeRun, stored_documents
    from sitrep.pipelines.warehouse import Databases

    started = time.perf_counter()
    with Databases() as databases, LakeRun(settings.location, databases=databases) as run:
        tally = extract_into_lake(run, lambda _committed: stored_documents(settings.location), settings, True, in_flight)
        return finish_run(run, tally, settings, str(settings.sql_dir), started, settings.compact_above)
