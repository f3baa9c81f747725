"""The analysts' commands, `sitrep dashboard` and `sitrep events`: each parses flags and calls one
library function (pipelines.dashboard, pipelines.listing)."""
from __future__ import annotations

import time
from datetime import date

import click
from sitrep.flows.options import LAKE, format_option, listing_filters, settings_options
from sitrep.flows.output import render
from sitrep.pipelines.settings import Settings

EVENT_TABLE_COLUMNS = ["day", "event_type", "figure", "actor", "target", "location", "reported_by", "evidence", "source"]


@click.command()
@settings_options(*LAKE)
@click.option("--out", default=None, metavar="PATH|URI",
              help="File to write, a path or an s3:// URI [default: dashboard.html beside the lake, in its "
                   "folder or its object-storage prefix].")
def dashboard(settings: Settings, out: str | None) -> None:
    """Write a self-contained HTML dashboard of the lake (charts, map, event table); it works offline."""
    from sitrep.pipelines.dashboard import write_dashboard

    started = time.perf_counter()
    built = write_dashboard(settings.location, out)
    click.echo(
        f"wrote {built.path} ({built.size_bytes / 1e6:.1f} MB): {built.events} events, "
        f"{built.table_rows} in the table, {built.located} on the map, in {time.perf_counter() - started:.1f}s"
    )


@click.command()
@settings_options(*LAKE)
@listing_filters("events", "event date, else publication date")
@click.option("--contains", metavar="TEXT", help="Only events whose evidence contains this text (any case).")
@format_option
def events(settings: Settings, event_type: str | None, country: str | None, since: date | None,
           contains: str | None, limit: int, fmt: str) -> None:
    """List event mentions, newest first, with their evidence sentence and source."""
    from sitrep.pipelines.listing import event_listing

    result = event_listing(settings.location, event_type=event_type, country=country, since=since,
                           contains=contains, limit=limit)
    columns, rows = result.columns, result.rows
    if fmt == "table":  # the readable subset; csv and json carry every column
        index = [columns.index(c) for c in EVENT_TABLE_COLUMNS]
        columns, rows = EVENT_TABLE_COLUMNS, [tuple(r[i] for i in index) for r in rows]
    click.echo(render(columns, rows, fmt), nl=False)
