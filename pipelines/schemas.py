"""Every Parquet schema of the lake, declared once.

The writer, the SQL views' tests and the README's schema table all read these.
"""
from __future__ import annotations

import pyarrow as pa

EVENT_TYPES = ("deployment", "capture", "casualty_report", "prisoner_exchange_offer")
QUALIFIERS = ("exact", "approx", "at_least", "at_most", "range")
STAGES = ("offer", "agreement", "completed")
DATE_PRECISIONS = ("day", "month", "year")
# How specific a geocoded point is: a settlement, the middle of a region, the middle of a country.
LOCATION_PRECISIONS = ("city", "admin1", "country")


def _count(name: str) -> list[pa.Field]:
    """A count column with its qualifier and the top of a range."""
    return [
        pa.field(name, pa.int64()),
        pa.field(f"{name}_qualifier", pa.string()),
        pa.field(f"{name}_high", pa.int64()),
    ]


DOCUMENTS_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("text", pa.string()),
        pa.field("published_at", pa.date32()),
        pa.field("url", pa.string()),
        pa.field("source", pa.string()),
        pa.field("kind", pa.string()),
        pa.field("language", pa.string()),  # ISO 639-1; null where too short or unsure (read as English)
        pa.field("origin", pa.string()),
        pa.field("content_hash", pa.string(), nullable=False),
        # the hash of the input record's bytes (a JSONL line), null for other inputs: an unchanged
        # re-run recognises the line without parsing it again
        pa.field("record_hash", pa.string()),
        pa.field("extractor_version", pa.string(), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("processed_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("event_count", pa.int32(), nullable=False),
        # what was wrong with the input without costing the document (a front-matter date that
        # is no date), one warning a line; null when nothing was
        pa.field("warnings", pa.string()),
    ]
)

# Columns the extractor fills, in schema order; the writer adds the rest.
EVENT_FIELDS = pa.schema(
    [
        pa.field("event_type", pa.string(), nullable=False),
        pa.field("evidence", pa.string(), nullable=False),
        pa.field("char_start", pa.int32(), nullable=False),
        pa.field("char_end", pa.int32(), nullable=False),
        pa.field("in_title", pa.bool_(), nullable=False),
        pa.field("event_date", pa.date32()),
        pa.field("event_date_precision", pa.string()),
        pa.field("actor_country", pa.string()),
        pa.field("target_country", pa.string()),
        pa.field("location", pa.string()),
        pa.field("location_admin1", pa.string()),
        pa.field("location_country", pa.string()),
        pa.field("latitude", pa.float64()),
        pa.field("longitude", pa.float64()),
        # how specific the point is: city, admin1 (a region's middle) or country (its settlement
        # centroid); null where there is no point, and in rows written before the column existed
        pa.field("location_precision", pa.string()),
        pa.field("reported_by", pa.string()),
        *_count("troops"),
        *_count("captured"),
        *_count("killed"),
        *_count("injured"),
        *_count("casualties"),
        pa.field("stage", pa.string()),
        pa.field("offered", pa.string()),
        pa.field("requested", pa.string()),
        *_count("prisoners_offered"),
        *_count("prisoners_requested"),
        pa.field("hedged", pa.bool_(), nullable=False),
        pa.field("rule_id", pa.string(), nullable=False),
        pa.field("cue_ids", pa.list_(pa.string())),
    ]
)

EVENTS_SCHEMA = pa.schema(
    [
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("claim_id", pa.string(), nullable=False),
        *EVENT_FIELDS,
        # The incident (or, when is_claim, the cumulative claim) the mention reports; see INCIDENTS_SCHEMA.
        pa.field("incident_id", pa.string()),
        pa.field("is_claim", pa.bool_()),
        pa.field("published_at", pa.date32()),
        pa.field("extractor_version", pa.string(), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
    ]
)

# Figures an incident reconciles across its reports (pipelines/incidents.py).
INCIDENT_FIGURES = (
    "troops", "captured", "killed", "injured", "casualties", "prisoners_offered", "prisoners_requested",
)


def _reconciled(name: str) -> list[pa.Field]:
    """A figure as the latest or most specific report gives it, the range across reports and
    the mention that supplied it."""
    return [
        pa.field(name, pa.int64()),
        pa.field(f"{name}_qualifier", pa.string()),
        pa.field(f"{name}_low", pa.int64()),
        pa.field(f"{name}_high", pa.int64()),
        pa.field(f"{name}_event_id", pa.string()),
    ]


# One row per incident (one real-world event however often reported) or per cumulative claim.
INCIDENTS_SCHEMA = pa.schema(
    [
        pa.field("incident_id", pa.string(), nullable=False),
        pa.field("event_type", pa.string(), nullable=False),
        pa.field("is_claim", pa.bool_(), nullable=False),
        pa.field("n_mentions", pa.int32(), nullable=False),
        pa.field("n_documents", pa.int32(), nullable=False),
        pa.field("n_sources", pa.int32(), nullable=False),
        pa.field("first_reported", pa.date32()),
        pa.field("last_reported", pa.date32()),
        *(EVENT_FIELDS.field(n) for n in ("event_date", "event_date_precision", "actor_country", "target_country",
                                          "location", "location_admin1", "location_country", "latitude", "longitude")),
        pa.field("reported_by", pa.list_(pa.string())),
        pa.field("stage", pa.string()),
        *[f for name in INCIDENT_FIGURES for f in _reconciled(name)],
        pa.field("event_ids", pa.list_(pa.string()), nullable=False),
        pa.field("doc_ids", pa.list_(pa.string()), nullable=False),
        pa.field("sources", pa.list_(pa.string()), nullable=False),
    ]
)

REJECTS_SCHEMA = pa.schema(
    [
        pa.field("source", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("detail", pa.string()),
        pa.field("rejected_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
    ]
)

# Columns each per-type view keeps besides the shared ones.
TYPE_COLUMNS = {
    "deployment": ("troops", "troops_qualifier", "troops_high"),
    "capture": ("captured", "captured_qualifier", "captured_high"),
    "casualty_report": (
        "killed", "killed_qualifier", "killed_high",
        "injured", "injured_qualifier", "injured_high",
        "casualties", "casualties_qualifier", "casualties_high",
    ),
    "prisoner_exchange_offer": (
        "stage", "offered", "requested",
        "prisoners_offered", "prisoners_offered_qualifier", "prisoners_offered_high",
        "prisoners_requested", "prisoners_requested_qualifier", "prisoners_requested_high",
    ),
}

# The lake's tables (`lake_<name>`), each created from its schema.
DATASETS = {"documents": DOCUMENTS_SCHEMA, "events": EVENTS_SCHEMA, "rejects": REJECTS_SCHEMA}
