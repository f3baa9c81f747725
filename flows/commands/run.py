"""`sitrep run` and `sitrep reprocess`: the commands that run an extraction flow into the lake."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from sitrep.flows.options import LAKE, RUNNER, settings_options
from sitrep.pipelines.settings import Settings

# Exit codes: 0 clean run, 1 failure (nothing committed), 2 bad usage (click), 3 run finished but some
# inputs were rejected, 4 the run committed but a later step failed (flows.errors).
EXIT_REJECTS = 3


def _run_flow(flow_fn, settings: Settings, **params) -> dict:
    """Run one of Sitrep's flows with the settings' task runner."""
    from sitrep.flows.etl import make_task_runner
    from sitrep.flows.runtime import quiet_failure_logs, quiet_heartbeats, shared_api

    runner = make_task_runner(settings.task_runner, settings.workers)
    debug = (click.get_current_context().find_root().obj or {}).get("debug", False)
    # A failure is reported once, as one line, by OneLineErrors: not also as Prefect's tracebacks.
    with shared_api(settings.task_runner), quiet_heartbeats(), quiet_failure_logs(enabled=not debug):
        # One thread gains nothing from a batch in flight (the GIL): run batches one by one.
        in_flight = 0 if settings.task_runner == "thread" and settings.workers == 1 else settings.workers + 1
        return flow_fn.with_options(task_runner=runner)(settings=settings, in_flight=in_flight, **params)


def _writable_or_exit(lake) -> None:
    """Before a flow starts: a lake no run can write fails with one line, not a flow's traceback."""
    from sitrep.pipelines.warehouse import LakeAccessError, check_writable

    try:
        check_writable(lake)
    except LakeAccessError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


def format_summary(summary: dict) -> str:
    lines = [
        f"lake {summary['lake']}  run {summary['run_id']}  extractor {summary['extractor_version']}",
        f"documents: {summary['documents_read']} read, {summary['documents_extracted']} extracted, "
        f"{summary['documents_unchanged']} unchanged, {summary['rejects']} rejected"
        + (f", {summary['documents_not_english']} not English (not read)" if summary.get("documents_not_english") else ""),
        f"events: {summary['events']}"
        + "".join(f"\n  {k:26} {v}" for k, v in sorted(summary["events_by_type"].items())),
    ]
    for reason, n in sorted(summary["reject_reasons"].items()):
        lines.append(f"  rejected ({reason}): {n}")
    lines.append(f"time: {summary['seconds']:.1f}s")
    return "\n".join(lines)


def _report(summary: dict, as_json: bool = False) -> None:
    click.echo(json.dumps(summary, default=str) if as_json else format_summary(summary))
    failed = summary.get("compacted", {}).get("maintenance_failed")
    if failed:
        click.echo(f"warning: the run is committed, but the lake's maintenance failed: {failed}", err=True)
    foreign = summary.get("compacted", {}).get("foreign_files")
    if foreign:
        from sitrep.pipelines.lake import foreign_file_warning

        click.echo(f"warning: {foreign_file_warning(foreign)}", err=True)
    if summary["rejects"]:
        sys.exit(EXIT_REJECTS)


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@settings_options(*LAKE, *RUNNER, "retention_days")
@click.option("--reprocess", is_flag=True, help="Extract again documents the lake already holds unchanged.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary (with timings) as JSON.")
def run(inputs: tuple[Path, ...], settings: Settings, reprocess: bool, as_json: bool) -> None:
    """Run the extraction flow over files and folders (.txt, .jsonl, .html; folders recursively)."""
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise click.UsageError(f"no such file or folder: {', '.join(missing)}")
    from sitrep.flows.runtime import start_up

    with start_up():
        from sitrep.flows.etl import etl
        from sitrep.flows.progress import run_progress

    _writable_or_exit(settings.location)
    with run_progress() as progress:  # a bar on a terminal; None (no bar) in pipes and logs
        summary = _run_flow(etl, settings, inputs=[str(p) for p in inputs], reprocess=reprocess, progress=progress)
    _report(summary, as_json)


@click.command()
@settings_options(*LAKE, *RUNNER)
def reprocess(settings: Settings) -> None:
    """Extract every document in the lake again from its stored text (after an extractor upgrade)."""
    from sitrep.flows.etl import reprocess_lake
    from sitrep.pipelines.lake import document_count

    if not document_count(settings.location):
        raise click.UsageError(f"no documents in a Sitrep lake at {settings.location}")
    _writable_or_exit(settings.location)
    _report(_run_flow(reprocess_lake, settings))
