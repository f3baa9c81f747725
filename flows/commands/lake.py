"""`sitrep sql`, `snapshots`, `migrate` and `attach`: read, list, convert and open the lake."""
from __future__ import annotations

import sys

import click
from sitrep.flows.options import LAKE, format_option, settings_options
from sitrep.flows.output import render
from sitrep.pipelines.settings import Settings


@click.command()
@click.argument("query")
@settings_options(*LAKE)
@format_option
@click.option("--as-of", metavar="SNAPSHOT|TIME",
              help="Read the lake as it was: a snapshot id (see `sitrep snapshots`) or a time (2025-01-31 12:00+00).")
def sql(query: str, settings: Settings, fmt: str, as_of: str | None) -> None:
    """Run SQL over the lake's views (documents, events, per-type views, marts), read-only."""
    from sitrep.pipelines.warehouse import query as run_query

    result = run_query(settings.location, query, as_of=as_of)
    click.echo(render(result.columns, result.rows, fmt), nl=False)


@click.command()
@settings_options(*LAKE)
@format_option
def snapshots(settings: Settings, fmt: str) -> None:
    """List the lake's snapshots, one per committed run: id, time, run id, documents and events then."""
    from sitrep.pipelines.lake import snapshots as lake_snapshots

    listed = lake_snapshots(settings.location)
    columns = ["snapshot", "time", "run_id", "documents", "events"]
    click.echo(render(columns, [tuple(s[c] for c in columns) for s in listed], fmt), nl=False)


@click.command()
@settings_options(*LAKE)
def migrate(settings: Settings) -> None:
    """Convert a lake of the first layout (Parquet parts and a journal) into DuckLake, losing nothing."""
    from sitrep.pipelines.migrate import MigrationError, migrate_lake

    lake = settings.location
    if not lake.local:
        raise click.UsageError("only a local lake folder can be migrated")
    try:
        moved = migrate_lake(lake.root)
    except MigrationError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"migrated {lake.root}: " + ", ".join(f"{n} {name}" for name, n in moved.items())
               + "; the old files are in _old-layout/")


@click.command()
@settings_options(*LAKE)
def attach(settings: Settings) -> None:
    """Print the SQL that opens the lake, with its views, read-only in any DuckDB client of this version
    (offline), e.g. `duckdb -cmd "$(sitrep attach --lake data/lake)"`."""
    from sitrep.pipelines.warehouse import attach_statements

    click.echo("; ".join(attach_statements(settings.location, alias="sitrep")) + ";")
