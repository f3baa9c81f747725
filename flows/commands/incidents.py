"""`sitrep incidents`: parses flags and calls pipelines.incident_listing."""
from __future__ import annotations

import json
import sys
from datetime import date

import click
from sitrep.flows.options import LAKE, format_option, listing_filters, settings_options
from sitrep.flows.output import jsonable, render
from sitrep.pipelines.settings import Settings

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


@click.command()
@settings_options(*LAKE, "seeds_dir")
@listing_filters("incidents", "event date, else the day first reported")
@format_option
def incidents(settings: Settings, event_type: str | None, country: str | None, since: date | None, limit: int,
              fmt: str) -> None:
    """List incidents (each event once, however many outlets report it) and claims, newest first,
    with their mentions and sources."""
    from sitrep.pipelines.incident_listing import incident_listing
    from sitrep.pipelines.incidents import load_incident_rules
    from sitrep.pipelines.warehouse import QueryError

    try:
        rows = incident_listing(settings.location, load_incident_rules(settings.seeds_dir), event_type=event_type,
                                country=country, since=since, limit=limit)
    except (QueryError, FileNotFoundError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if fmt == "json":  # every column, and each incident's mentions
        click.echo(json.dumps(rows, default=jsonable, indent=2))
        return
    columns = TABLE_COLUMNS if fmt == "table" else CSV_COLUMNS
    flat = [_flat(r) for r in rows]
    click.echo(render(columns, [tuple(r[c] for c in columns) for r in flat], fmt), nl=False)
