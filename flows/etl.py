"""The Sitrep flow: thin Prefect tasks around pipelines/.

Documents go to tasks in batches (hundreds to thousands each), never one task per
document: a task run costs milliseconds of orchestration and database rows.
"""
from __future__ import annotations

import time
from collections import Counter
from functools import lru_cache
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from pipelines import EXTRACTOR_VERSION
from pipelines.documents import Document
from pipelines.extract import load_rules
from pipelines.ingest import discover, read_paths
from pipelines.lake import LakeRun, known_documents
from pipelines.settings import Settings
from pipelines.transform import BatchTables, batched, extract_batch, rejects_table, select_documents
from pipelines.warehouse import build_views


@lru_cache(maxsize=4)
def _rules(seeds_dir: str):
    # Rules are validated once per process, not once per batch.
    return load_rules(Path(seeds_dir))


@task(cache_policy=NO_CACHE)
def find_inputs(inputs: list[str]) -> list[Path]:
    return discover(inputs)


@task(cache_policy=NO_CACHE)
def extract(docs: list[Document], run_id: str, seeds_dir: str) -> BatchTables:
    return extract_batch(docs, _rules(seeds_dir), run_id)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[1, 5])
def stage(run: LakeRun, tables: BatchTables) -> None:
    run.stage("events", tables.events)
    run.stage("documents", tables.documents)


@task(cache_policy=NO_CACHE)
def commit(run: LakeRun, rejects) -> dict:
    run.stage("rejects", rejects_table(rejects, run.run_id))
    return run.commit()


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[1, 5])
def refresh_views(lake: str, sql_dir: str) -> list[str]:
    return build_views(Path(lake), Path(sql_dir))


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
    return "\n".join(lines)


@flow(name="sitrep-etl")
def etl(
    inputs: list[str],
    lake: str = "data/lake",
    batch_size: int = 2000,
    reprocess: bool = False,
    seeds_dir: str | None = None,
    sql_dir: str | None = None,
) -> dict:
    """Read inputs, extract events in batches, commit them to the lake, rebuild the views."""
    started = time.perf_counter()
    settings = Settings(lake=Path(lake), batch_size=batch_size)
    seeds = seeds_dir or str(settings.seeds_dir)
    sql = sql_dir or str(settings.sql_dir)
    paths = find_inputs(inputs)
    by_type: Counter = Counter()
    rejects, read, extracted, unchanged = [], 0, 0, 0
    with LakeRun(settings.lake) as run:
        known = known_documents(settings.lake)
        seen: set[str] = set()
        for chunk in batched(read_paths(paths), settings.batch_size):
            picked = select_documents(chunk, known, seen, reprocess=reprocess)
            rejects += picked.rejects
            read += len(chunk) - len(picked.rejects) + picked.duplicates
            unchanged += picked.unchanged
            if not picked.todo:
                continue
            tables = extract(picked.todo, run.run_id, seeds)
            stage(run, tables)
            extracted += len(picked.todo)
            by_type.update(tables.events["event_type"].to_pylist())
        commit(run, rejects)
        run_id = run.run_id
    refresh_views(str(settings.lake), sql)
    summary = {
        "run_id": run_id,
        "lake": str(settings.lake),
        "extractor_version": EXTRACTOR_VERSION,
        "documents_read": read,
        "documents_extracted": extracted,
        "documents_unchanged": unchanged,
        "events": sum(by_type.values()),
        "events_by_type": dict(by_type),
        "rejects": len(rejects),
        "reject_reasons": dict(Counter(r.reason for r in rejects)),
        "seconds": time.perf_counter() - started,
    }
    create_markdown_artifact(summary_markdown(summary), key="sitrep-run-summary", description="Sitrep run summary")
    return summary
