"""Incidents of a lake for an analyst (`sitrep incidents`): each with its mentions and sources.

The lake's mentions are grouped across documents with the incident library, as the lake's
commit groups new documents (pipelines/incidents.py), so the same outlets' reports of one
event are one incident here whatever the stored rows' ids say. Filter values travel as
query parameters or stay in Python, never formatted into SQL.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from sitrep.pipelines.incidents import IncidentRules, build_incidents, incident_row
from sitrep.pipelines.schemas import EVENT_TYPES
from sitrep.pipelines.warehouse import query

_MENTION_SQL = """
    select e.*, d.source, d.url
    from events e left join documents d using (doc_id)
    where (? is null or e.event_type = ?)
"""
# The figure a listing shows for each type, in order of preference.
_FIGURE = {
    "casualty_report": ("killed", "casualties", "injured"),
    "deployment": ("troops",),
    "capture": ("captured",),
    "prisoner_exchange_offer": ("prisoners_offered", "prisoners_requested"),
}


def incident_day(row: dict) -> date | None:
    """The day an incident is listed under: its event date, else the day it was first reported."""
    return row["event_date"] or row["first_reported"]


def incident_listing(
    lake: Path | str,
    rules: IncidentRules,
    *,
    event_type: str | None = None,
    country: str | None = None,
    since: date | None = None,
    limit: int | None = 50,
) -> list[dict]:
    """Incidents and claims (INCIDENTS_SCHEMA rows plus `day`, `figure` and `mentions`, the
    reports in reading order), newest first. `country` matches the actor's or the target's
    ISO3 code; `since` compares the incident's day."""
    if event_type is not None and event_type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {event_type!r}; one of {', '.join(EVENT_TYPES)}")
    if limit is not None and limit < 0:
        raise ValueError("limit must not be negative")
    result = query(lake, _MENTION_SQL, [event_type, event_type])
    mentions = [dict(zip(result.columns, r, strict=True)) for r in result.rows]
    for m in mentions:
        m["is_claim"] = None  # classified afresh with the rules given, as at commit time
    out = []
    for inc in build_incidents(mentions, rules):
        row = incident_row(inc, rules)
        if country and country.upper() not in (row["actor_country"], row["target_country"]):
            continue
        day = incident_day(row)
        if since and (day is None or day < since):
            continue
        figure = next((row[f] for f in _FIGURE[row["event_type"]] if row[f] is not None), None)
        row.update(day=day, figure=figure, mentions=[
            {k: m.get(k) for k in ("event_id", "doc_id", "source", "url", "published_at", "in_title", "evidence")}
            for m in sorted(inc.members, key=lambda m: row["event_ids"].index(m["event_id"]))
        ])
        out.append(row)
    out.sort(key=lambda r: (r["day"] or date.min, r["last_reported"] or date.min, r["incident_id"]), reverse=True)
    return out if limit is None else out[:limit]
