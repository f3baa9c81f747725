"""The `sitrep` command: parses flags and calls one flow or library function per command.

Prefect is imported only by the commands that run a flow, so `sitrep sql` stays fast.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
import traceback
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import click
from sitrep.flows.errors import exit_code, failure_line

DEFAULT_LAKE = "data/lake"
# Exit codes: 0 clean run, 1 failure (nothing committed), 2 bad usage (click), 3 run finished but some
# inputs were rejected, 4 the run committed but a later step failed (flows.errors).
EXIT_REJECTS = 3
WRITING_COMMANDS = ("run", "reprocess")

_lake = click.option(
    "--lake",
    default=DEFAULT_LAKE,
    show_default=True,
    envvar="SITREP_LAKE",
    help="Lake folder (its DuckLake catalog sitrep.sqlite and Parquet data), or an s3:// URI.",
)
_catalog = click.option(
    "--catalog",
    default=None,
    envvar="SITREP_CATALOG",
    help="The lake's DuckLake catalog: sqlite:PATH or postgres:'dbname=… host=…' [default: LAKE/sitrep.sqlite; "
    "required for an s3:// lake].",
)


def lake_option(command):
    """--lake and --catalog, handed to the command as one `lake` (a LakeLocation)."""
    import functools

    @functools.wraps(command)
    def wrapper(*args, lake, catalog, **kwargs):
        from sitrep.pipelines.location import LakeConfigError, lake_location

        try:
            location = lake_location(lake, catalog)
        except LakeConfigError as exc:
            raise click.BadParameter(str(exc), param_hint="--lake/--catalog") from None
        return command(*args, lake=location, **kwargs)

    return _lake(_catalog(wrapper))


def quiet_prefect_defaults() -> None:
    """Offline-friendly Prefect defaults, unless the user set them."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")


def _jsonable(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


# C0 and C1 controls but the newline, and the characters that reorder or break lines on a terminal
# (bidirectional overrides and isolates, Unicode line and paragraph separators).
_UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text that cannot steer a terminal: escape bytes and other controls shown as `\\x1b`-style escapes,
    newlines kept as line breaks."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def render(columns: list[str], rows: list[tuple], fmt: str) -> str:
    """Query results as a table, CSV or JSON (a list of objects)."""
    if fmt == "json":
        return json.dumps([{c: _jsonable(v) for c, v in zip(columns, r, strict=True)} for r in rows], indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows([[_jsonable(v) for v in r] for r in rows])
        return out.getvalue()
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    # Cells are Text, never markup: news text such as "[/b]" or "[red]" is shown as written.
    table = Table(show_lines=False)
    for c in columns:
        table.add_column(Text(printable(c)))
    for r in rows:
        table.add_row(*[Text("" if v is None else printable(str(_jsonable(v)))) for v in r])
    out = io.StringIO()
    Console(file=out, width=max(100, min(240, 24 * len(columns))), force_terminal=False, markup=False,
            emoji=False, highlight=False).print(table)
    return out.getvalue()


class OneLineErrors(click.Group):
    """A failing command prints one line (what failed, where, what to do) and exits 1, or 4 when the
    run had committed; `--debug` prints the traceback first."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if (ctx.obj or {}).get("debug"):
                traceback.print_exc()
            click.echo(failure_line(exc, writing=ctx.invoked_subcommand in WRITING_COMMANDS), err=True)
            sys.exit(exit_code(exc))


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sitrep-etl")
@click.option("--debug", is_flag=True, envvar="SITREP_DEBUG", help="Print the traceback of a failure.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Sitrep: extract conflict events from news text into a Parquet lake queried with DuckDB."""
    quiet_prefect_defaults()  # before anything imports prefect
    ctx.ensure_object(dict)["debug"] = debug


runner_options = [
    click.option("--batch-size", default=5000, show_default=True, help="Documents per extraction task."),
    click.option("--workers", default=1, show_default=True, help="Extraction batches run at once."),
    click.option(
        "--task-runner",
        default="thread",
        show_default=True,
        help="Where batches run: thread, process (a local process pool), dask (a local Dask "
        "cluster) or the tcp:// address of a running Dask scheduler.",
    ),
]


def with_runner_options(command):
    for option in reversed(runner_options):
        command = option(command)
    return command


def _run_flow(flow_fn, task_runner: str, workers: int, **params) -> dict:
    """Run one of Sitrep's flows with the chosen task runner."""
    from sitrep.flows.etl import make_task_runner
    from sitrep.flows.runtime import quiet_failure_logs, quiet_heartbeats, shared_api

    try:
        runner = make_task_runner(task_runner, workers)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--task-runner") from None
    debug = (click.get_current_context().find_root().obj or {}).get("debug", False)
    # A failure is reported once, as one line, by OneLineErrors: not also as Prefect's tracebacks.
    with shared_api(task_runner), quiet_heartbeats(), quiet_failure_logs(enabled=not debug):
        # One thread gains nothing from a batch in flight (the GIL): run batches one by one.
        in_flight = 0 if task_runner == "thread" and workers == 1 else workers + 1
        return flow_fn.with_options(task_runner=runner)(in_flight=in_flight, **params)


def _writable_or_exit(lake) -> None:
    """Before a flow starts: a lake no run can write fails with one line, not a flow's traceback."""
    from sitrep.pipelines.warehouse import LakeAccessError, check_writable

    try:
        check_writable(lake)
    except LakeAccessError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


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


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@lake_option
@with_runner_options
@click.option("--reprocess", is_flag=True, help="Extract again documents the lake already holds unchanged.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary (with timings) as JSON.")
@click.option("--keep-days", type=click.FloatRange(min=0), default=None,
              help="Expire snapshots older than this many days (time travel reaches no further) [default: keep all].")
def run(
    inputs: tuple[Path, ...], lake, batch_size: int, workers: int, task_runner: str, reprocess: bool, as_json: bool,
    keep_days: float | None,
) -> None:
    """Run the extraction flow over files and folders (.txt, .jsonl, .html; folders recursively)."""
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise click.UsageError(f"no such file or folder: {', '.join(missing)}")
    from sitrep.flows.etl import etl
    from sitrep.flows.progress import run_progress

    _writable_or_exit(lake)
    with run_progress() as progress:  # a bar on a terminal; None (no bar) in pipes and logs
        summary = _run_flow(
            etl, task_runner, workers,
            inputs=[str(p) for p in inputs], lake=lake.root, catalog=lake.catalog, batch_size=batch_size,
            reprocess=reprocess, progress=progress, retention_days=keep_days,
        )
    _report(summary, as_json)


@cli.command()
@lake_option
@with_runner_options
def reprocess(lake, batch_size: int, workers: int, task_runner: str) -> None:
    """Extract every document in the lake again from its stored text (after an extractor upgrade)."""
    from sitrep.flows.etl import reprocess_lake
    from sitrep.pipelines.lake import document_count

    if not document_count(lake):
        raise click.UsageError(f"no documents in a Sitrep lake at {lake}")
    _writable_or_exit(lake)
    _report(_run_flow(reprocess_lake, task_runner, workers, lake=lake.root, catalog=lake.catalog, batch_size=batch_size))


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


@cli.command()
@click.argument("query")
@lake_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--as-of", metavar="SNAPSHOT|TIME",
              help="Read the lake as it was: a snapshot id (see `sitrep snapshots`) or a time (2025-01-31 12:00+00).")
def sql(query: str, lake, fmt: str, as_of: str | None) -> None:
    """Run SQL over the lake's views (documents, events, per-type views, marts), read-only."""
    from sitrep.pipelines.warehouse import query as run_query

    result = run_query(lake, query, as_of=as_of)
    click.echo(render(result.columns, result.rows, fmt), nl=False)


@cli.command()
@lake_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def snapshots(lake, fmt: str) -> None:
    """List the lake's snapshots, one per committed run: id, time, run id, documents and events then."""
    from sitrep.pipelines.lake import snapshots as lake_snapshots

    listed = lake_snapshots(lake)
    columns = ["snapshot", "time", "run_id", "documents", "events"]
    click.echo(render(columns, [tuple(s[c] for c in columns) for s in listed], fmt), nl=False)


@cli.command()
@lake_option
def migrate(lake) -> None:
    """Convert a lake of the first layout (Parquet parts and a journal) into DuckLake, losing nothing."""
    from sitrep.pipelines.migrate import MigrationError, migrate_lake

    if not lake.local:
        raise click.UsageError("only a local lake folder can be migrated")
    try:
        moved = migrate_lake(lake.root)
    except MigrationError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"migrated {lake.root}: " + ", ".join(f"{n} {name}" for name, n in moved.items())
               + "; the old files are in _old-layout/")


@cli.command()
@lake_option
def attach(lake) -> None:
    """Print the SQL that opens the lake, with its views, read-only in any DuckDB client of this version
    (offline), e.g. `duckdb -cmd "$(sitrep attach --lake data/lake)"`."""
    from sitrep.pipelines.warehouse import attach_statements

    click.echo("; ".join(attach_statements(lake, alias="sitrep")) + ";")


import sitrep.flows.dashboard_cli  # noqa: E402,F401  (registers `dashboard` and `events`)
import sitrep.flows.incidents_cli  # noqa: E402,F401  (registers `incidents`)
from sitrep.flows.serve import serve, trigger  # noqa: E402

cli.add_command(serve)
cli.add_command(trigger)


def main() -> None:
    cli(prog_name="sitrep")


if __name__ == "__main__":
    main()
