"""Rows of the lake's datasets at their smallest, and a run that commits them: for the tests of the
lake, its storage, its readers and its writers."""
from datetime import UTC, datetime

from sitrep.pipelines.lake import LakeRun
from sitrep.pipelines.schemas import DOCUMENTS_SCHEMA, EVENTS_SCHEMA
from sitrep.pipelines.tables import table_from_rows


def doc_row(doc_id, content_hash="h1", version="v1", event_count=1):
    return {
        "doc_id": doc_id, "title": "", "text": "t", "content_hash": content_hash, "extractor_version": version,
        "run_id": "r", "processed_at": datetime(2025, 1, 1, tzinfo=UTC), "event_count": event_count,
    }


def event_row(doc_id, n=0):
    return {
        "event_id": f"{doc_id}-{n}", "doc_id": doc_id, "claim_id": f"{doc_id}-c", "event_type": "capture", "evidence": "e",
        "char_start": n, "char_end": n + 1, "in_title": False, "hedged": False, "rule_id": "r",
        "extractor_version": "v1", "run_id": "r",
    }


def write_run(lake, docs, events_per_doc=1, content_hash="h1"):
    with LakeRun(lake) as run:
        rows = [doc_row(d, content_hash, event_count=events_per_doc) for d in docs]
        run.stage("documents", table_from_rows(rows, DOCUMENTS_SCHEMA))
        run.stage("events", table_from_rows([event_row(d, n) for d in docs for n in range(events_per_doc)], EVENTS_SCHEMA))
        run.commit()
