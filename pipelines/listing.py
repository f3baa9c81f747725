"""A readable listing of event mentions, filtered by the analyst's flags.

User values travel as query parameters, never formatted into the SQL text.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from sitrep.pipelines.schemas import EVENT_TYPES
from sitrep.pipelines.warehouse import QueryResult, query

LISTING_COLUMNS = """
    e.published_at, coalesce(e.event_date, e.published_at) as day, e.event_type,
    coalesce(e.killed, e.troops, e.captured, e.casualties, e.injured, e.prisoners_offered) as figure,
    e.killed, e.injured, e.troops, e.captured, e.stage,
    e.actor_country as actor, e.target_country as target, e.location, e.reported_by,
    e.evidence, e.doc_id, d.source, d.url
"""


def event_listing(
    lake: Path | str,
    *,
    event_type: str | None = None,
    country: str | None = None,
    since: date | None = None,
    contains: str | None = None,
    limit: int | None = 50,
) -> QueryResult:
    """Event mentions, newest first. `country` matches the actor's or the target's ISO3 code;
    `since` compares the event day (event date, else publication date); `contains` is a
    case-insensitive substring of the evidence."""
    if event_type is not None and event_type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {event_type!r}; one of {', '.join(EVENT_TYPES)}")
    if limit is not None and limit < 0:
        raise ValueError("limit must not be negative")
    where, params = [], []
    if event_type:
        where.append("e.event_type = ?")
        params.append(event_type)
    if country:
        where.append("(e.actor_country = ? or e.target_country = ?)")
        params += [country.upper(), country.upper()]
    if since:
        where.append("coalesce(e.event_date, e.published_at) >= ?")
        params.append(since)
    if contains:
        where.append("contains(lower(e.evidence), lower(?))")
        params.append(contains)
    sql = (
        f"select {LISTING_COLUMNS} from events e left join documents d using (doc_id)"
        + (" where " + " and ".join(where) if where else "")
        + " order by day desc nulls last, e.published_at desc nulls last, e.doc_id, e.char_start"
    )
    if limit is not None:
        sql += " limit ?"
        params.append(limit)
    return query(lake, sql, params)
