"""The scheduled flow: fetch one configured source's new documents, then extract them
into the lake exactly as `sitrep run` does (the same helpers of flows/etl.py)."""
from __future__ import annotations

import time

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from sitrep.flows.etl import extract_into_lake, finish_run
from sitrep.pipelines.config import FetchLimits, load_config
from sitrep.pipelines.lake import LakeRun
from sitrep.pipelines.settings import Settings
from sitrep.pipelines.sources import Collected, RawEntry, collected_source, record_entries
from sitrep.pipelines.warehouse import Databases


@task(cache_policy=NO_CACHE, retries=3, retry_delay_seconds=[2, 5, 15])
def fetch(source, lake: str, limits: FetchLimits) -> Collected:
    # Failures of single pages are Rejects already; a retry here covers the lake's storage
    # and anything unexpected, and is harmless because the raw store skips what it holds.
    # `lake` is the folder or the URI as configured: raw copies go beside the lake's data.
    return collected_source(source, lake, limits)


@task(cache_policy=NO_CACHE, retries=3, retry_delay_seconds=[2, 5, 15])
def mark_delivered(lake: str, source_name: str, entries: list[RawEntry]) -> int:
    return record_entries(lake, source_name, entries)


@flow(name="sitrep-collect")
def collect(source_name: str, config_path: str) -> dict:
    """Fetch a source's new documents into the raw store and extract them into the lake."""
    started = time.perf_counter()
    config = load_config(config_path)
    source = config.source(source_name)
    settings = Settings(lake=config.lake, catalog=config.catalog)
    got = fetch(source, str(settings.lake), config.fetch)
    with Databases() as databases, LakeRun(settings.location, databases=databases) as run:
        tally = extract_into_lake(
            run, [*got.rejects, *got.documents], settings, str(settings.seeds_dir), reprocess=False, in_flight=2
        )
        summary = finish_run(run, tally, settings, str(settings.sql_dir), started, compact_above=32)
    # Only after the commit: a run that fails before it leaves these to be fetched again.
    summary["delivered"] = mark_delivered(str(settings.lake), source.name, got.entries)
    summary["source"] = source.name
    return summary
