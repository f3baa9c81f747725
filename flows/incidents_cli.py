"""`sitrep incidents`: parses flags and calls pipelines.incident_listing. flows/cli.py imports this
module at its end, which registers the command on the `sitrep` group."""
from __future__ import annotations

import json
import sys

import click
from sitrep.flows.cli import _jsonable, cli, lake_option, render
from sitrep.pipelines.schemas import EVENT_TYPES

TABLE_COLUMNS = ["day", "kind", "event_type", "figure", "actor_country", "target_country", "location",
                 "n_mentions", "n_sources", "sources", "evidence"]
CSV_COLUMNS = ["incident_id", "day", "kind", "event_type", "figure", "actor_country", "target_country", "location",
               "killed", "injured", "casualties", "troops", "captured", "stage", "n_mentions", "n_documents",
               "n_sources", "first_reported", "last_reported", "sources", "doc_ids", "event_ids", "evidence"]


def _flat(row: dict) -> dict:
    """One line of an incident: its first report's sentence, lists joined."""
    return {
        **row,
        "kind": "claim" if row["is_claim"] else "incident",
        "sources": "; ".join(row["sources"]),
        "doc_ids": "; ".join(row["doc_ids"]),
        "event_ids": "; ".join(row["event_ids"]),
        "evidence": row["mentions"][0]["evidence"] if row["mentions"] else None,
    }


@cli.command()
@lake_option
@click.option("--type", "event_type", type=click.Choice(EVENT_TYPES), help="Only this event type.")
@click.option("--country", metavar="ISO3", help="Only incidents whose actor or target is this country (e.g. UKR).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Only incidents on or after this day (event date, else the day first reported).")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True, help="At most this many incidents.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def incidents(lake: str, event_type: str | None, country: str | None, since, limit: int, fmt: str) -> None:
    """List incidents (each event once, however many outlets report it) and claims, newest first,
    with their mentions and sources."""
    from sitrep.pipelines.incident_listing import incident_listing
    from sitrep.pipelines.incidents import load_incident_rules
    from sitrep.pipelines.settings import Settings
    from sitrep.pipelines.warehouse import QueryError

    try:
        rows = incident_listing(lake, load_incident_rules(Settings().seeds_dir), event_type=event_type,
                                country=country, since=since.date() if since else None, limit=limit)
    except (QueryError, FileNotFoundError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if fmt == "json":  # every column, and each incident's mentions
        click.echo(json.dumps(rows, default=_jsonable, indent=2))
        return
    columns = TABLE_COLUMNS if fmt == "table" else CSV_COLUMNS
    flat = [_flat(r) for r in rows]
    click.echo(render(columns, [tuple(r[c] for c in columns) for r in flat], fmt), nl=False)


__all__ = ["incidents"]
