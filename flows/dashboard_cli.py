"""The analysts' commands, `sitrep dashboard` and `sitrep events`: each parses flags and calls one
library function (pipelines.dashboard, pipelines.listing). flows/cli.py imports this module at its end,
which registers them on the `sitrep` group."""
from __future__ import annotations

import time

import click
from sitrep.flows.cli import cli, lake_option, render
from sitrep.pipelines.schemas import EVENT_TYPES


@cli.command()
@lake_option
@click.option("--out", default=None, metavar="PATH|URI",
              help="File to write, a path or an s3:// URI [default: dashboard.html beside the lake, in its "
                   "folder or its object-storage prefix].")
def dashboard(lake, out: str | None) -> None:
    """Write a self-contained HTML dashboard of the lake (charts, map, event table); it works offline."""
    from sitrep.pipelines.dashboard import write_dashboard

    started = time.perf_counter()
    built = write_dashboard(lake, out)
    click.echo(
        f"wrote {built.path} ({built.size_bytes / 1e6:.1f} MB): {built.events} events, "
        f"{built.table_rows} in the table, {built.located} on the map, in {time.perf_counter() - started:.1f}s"
    )


@cli.command()
@lake_option
@click.option("--type", "event_type", type=click.Choice(EVENT_TYPES), help="Only this event type.")
@click.option("--country", metavar="ISO3", help="Only events whose actor or target is this country (e.g. UKR).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Only events on or after this day (event date, else publication date).")
@click.option("--contains", metavar="TEXT", help="Only events whose evidence contains this text (any case).")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True, help="At most this many rows.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def events(lake, event_type: str | None, country: str | None, since, contains: str | None, limit: int,
           fmt: str) -> None:
    """List event mentions, newest first, with their evidence sentence and source."""
    from sitrep.pipelines.listing import event_listing

    result = event_listing(lake, event_type=event_type, country=country, since=since.date() if since else None,
                           contains=contains, limit=limit)
    columns, rows = result.columns, result.rows
    if fmt == "table":  # the readable subset; csv and json carry every column
        keep = ["day", "event_type", "figure", "actor", "target", "location", "reported_by", "evidence", "source"]
        index = [columns.index(c) for c in keep]
        columns, rows = keep, [tuple(r[i] for i in index) for r in rows]
    click.echo(render(columns, rows, fmt), nl=False)
