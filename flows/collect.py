"""The scheduled flow: fetch one configured source's new documents, then extract them
into the lake exactly as `sitrep run` does (the same helpers of flows/etl.py)."""
from __future__ import annotations

import time

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from sitrep.flows.etl import extract_into_lake, finish_run
from sitrep.flows.runtime import served_console_tracebacks
from sitrep.flows.watch import RunInfo, end_line, failure_line, start_line
from sitrep.pipelines.collection import FetchLimits
from sitrep.pipelines.config import load_config
from sitrep.pipelines.sources import Collected, RawEntry, collected_source, record_entries


@task(cache_policy=NO_CACHE, retries=3, retry_delay_seconds=[2, 5, 15])
def fetch(source, lake: str, limits: FetchLimits) -> Collected:
    # Failures of single pages are Rejects already; a retry here covers the lake's storage
    # and anything unexpected, and is harmless because the raw store skips what it holds.
    # `lake` is the folder or the URI as configured: raw copies go beside the lake's data.
    return collected_source(source, lake, limits)


@task(cache_policy=NO_CACHE, retries=3, retry_delay_seconds=[2, 5, 15])
def mark_delivered(lake: str, source_name: str, entries: list[RawEntry]) -> int:
    return record_entries(lake, source_name, entries)


def current_run() -> RunInfo:
    """This flow run as Prefect's runtime knows it: its deployment, name, id, parameters, UI page."""
    from prefect.runtime import deployment, flow_run
    from prefect.utilities.urls import url_for

    label = f"{flow_run.flow_name}/{deployment.name}" if deployment.name else flow_run.flow_name
    return RunInfo(label, flow_run.name, str(flow_run.id), dict(flow_run.parameters),
                   url_for("flow-run", obj_id=flow_run.id))


def _ui_url() -> str | None:
    from prefect.settings import PREFECT_UI_URL

    return PREFECT_UI_URL.value()


@flow(name="sitrep-collect")
def collect(source_name: str, config_path: str) -> dict:
    """Fetch a source's new documents into the raw store and extract them into the lake.

    The run's start, its end (counts, stage seconds, the summary artifact) or its failure are
    one line each in the run's log: in the Prefect UI, and in `sitrep serve`'s output."""
    # here, not at the module's top: a worker process imports this module with every batch
    # (Prefect sends the flow along), and DuckDB is the flow's process's alone (flows.etl)
    from sitrep.pipelines.lake import LakeRun
    from sitrep.pipelines.warehouse import Databases

    started = time.perf_counter()
    served_console_tracebacks()
    logger = get_run_logger()
    run_info = current_run()
    logger.info(start_line(run_info))
    summary = None  # set once the lake has the run's data
    try:
        settings = load_config(config_path)
        source = settings.source(source_name)
        fetching = time.perf_counter()
        got = fetch(source, str(settings.lake), settings.fetch)
        fetched = time.perf_counter() - fetching
        with Databases() as databases, LakeRun(settings.location, databases=databases) as run:
            tally = extract_into_lake(
                run, lambda _committed: [*got.rejects, *got.documents], settings, reprocess=False, in_flight=2
            )
            tally.clock = {"fetch": fetched, **tally.clock}
            summary = finish_run(run, tally, settings, str(settings.sql_dir), started, settings.compact_above)
        # Only after the commit: a run that fails before it leaves these to be fetched again.
        summary["delivered"] = mark_delivered(str(settings.lake), source.name, got.entries)
        summary["source"] = source.name
    except Exception as exc:
        logger.error(failure_line(run_info, exc, time.perf_counter() - started, committed=summary is not None))
        raise
    logger.info(end_line(run_info, summary, _ui_url()))
    return summary
