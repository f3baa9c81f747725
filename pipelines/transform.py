"""Documents in, lake rows out: the pure middle of a run."""
from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from itertools import islice

import pyarrow as pa
from sitrep.pipelines.claims import claim_ids
from sitrep.pipelines.documents import Document
from sitrep.pipelines.extract import extract_events
from sitrep.pipelines.incidents import assign_incidents
from sitrep.pipelines.ingest import Reject, Unchanged
from sitrep.pipelines.language import document_text, identify_languages, is_read
from sitrep.pipelines.resources import Resources
from sitrep.pipelines.schemas import DOCUMENTS_SCHEMA, EVENTS_SCHEMA, REJECTS_SCHEMA
from sitrep.pipelines.tables import table_from_rows


def event_id(doc_id: str, event: dict, version: str) -> str:
    """Same document, same mention, same extractor version → same id."""
    key = "\x1f".join(
        str(part)
        for part in (
            version,
            doc_id,
            event["event_type"],
            event.get("in_title", False),
            event["char_start"],
            event["char_end"],
            event.get("rule_id", ""),
        )
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def warnings_text(doc: Document) -> str | None:
    """A document's warnings as the lake keeps them: one a line, null when there are none."""
    return "\n".join(doc.warnings) or None


@dataclass(frozen=True)
class BatchTables:
    documents: pa.Table
    events: pa.Table
    seconds: float = 0.0  # time spent extracting, for the benchmark's accounting
    not_english: int = 0  # documents identified as another language, so not extracted
    incident_seconds: float = 0.0  # of `seconds`, the time spent grouping mentions into claims and incidents


def extract_batch(
    docs: list[Document],
    resources: Resources,
    run_id: str,
    version: str | None = None,
    identify: Callable[[str], str | None] | None = None,
) -> BatchTables:
    """Extract every document of a batch into documents and events tables.

    The rules read English: a document `identify` (by default the resources' language
    identifier) finds to be in another language is recorded with its language and no
    events. Each row names its incident (or claim) within its document: the lake's commit
    joins them across documents with assign_incidents over the incidents it holds. Rows
    carry `version` (by default the resources' own: pipelines.resources)."""
    started = time.perf_counter()
    version = resources.version if version is None else version
    texts = [document_text(doc.title, doc.text) for doc in docs]
    if identify is None:
        languages = identify_languages(texts, resources.language_identifier)
    else:
        languages = [identify(text) for text in texts]
    incident_rules = resources.incident_rules
    now = datetime.now(UTC)
    doc_rows, event_rows = [], []
    not_english = 0
    grouping = 0.0
    for doc, language in zip(docs, languages, strict=True):
        events, seen = [], set()
        read = is_read(language)
        not_english += not read
        for event in extract_events(doc, resources) if read else ():
            eid = event_id(doc.doc_id, event, version)
            if eid not in seen:  # two rules firing on the same mention keep the first
                seen.add(eid)
                events.append((eid, event))
        if not events:  # most short documents: nothing to group, no event rows
            claims, incidents = [], []
        else:
            grouped = time.perf_counter()
            claims = claim_ids(doc.doc_id, [e for _, e in events])
            mentions = [{**e, "event_id": eid, "doc_id": doc.doc_id, "published_at": doc.published_at} for eid, e in events]
            incidents = assign_incidents(mentions, [], incident_rules)
            grouping += time.perf_counter() - grouped
        for (eid, event), claim, (incident, claim_flag) in zip(events, claims, incidents, strict=True):
            event_rows.append(
                {
                    **event,
                    "event_id": eid,
                    "claim_id": claim,
                    "incident_id": incident,
                    "is_claim": claim_flag,
                    "doc_id": doc.doc_id,
                    "published_at": doc.published_at,
                    "extractor_version": version,
                    "run_id": run_id,
                }
            )
        doc_rows.append(
            {
                "doc_id": doc.doc_id,
                "title": doc.title,
                "text": doc.text,
                "published_at": doc.published_at,
                "url": doc.url,
                "source": doc.source,
                "kind": doc.kind,
                "language": language,
                "origin": doc.origin,
                "content_hash": doc.content_hash,
                "record_hash": doc.record_hash,
                "extractor_version": version,
                "run_id": run_id,
                "processed_at": now,
                "event_count": len(seen),
                "warnings": warnings_text(doc),
            }
        )
    documents = table_from_rows(doc_rows, DOCUMENTS_SCHEMA)
    events = table_from_rows(event_rows, EVENTS_SCHEMA)
    return BatchTables(documents, events, time.perf_counter() - started, not_english, grouping)


# A batch travels to its extraction task as an Arrow table of these columns: tasks in other
# processes receive it as a few buffers, and Prefect, which walks Python collections it is
# handed (every document of a list), passes a table along untouched.
BATCH_SCHEMA = pa.schema([DOCUMENTS_SCHEMA.field(name) for name in (
    "doc_id", "title", "text", "published_at", "url", "source", "kind", "origin", "content_hash", "record_hash", "warnings"
)])


def batch_table(docs: list[Document]) -> pa.Table:
    """Documents as an Arrow table (BATCH_SCHEMA), for handing a batch to a task."""
    columns = {name: [getattr(d, name) for d in docs] for name in BATCH_SCHEMA.names}
    columns["warnings"] = [warnings_text(d) for d in docs]
    return pa.table(columns, schema=BATCH_SCHEMA)


def batch_documents(table: pa.Table) -> list[Document]:
    """The documents of a batch_table(), as they went in."""
    # column by column and positionally: no dict per row (measured: half the time of to_pylist's rows)
    columns = [table[name].to_pylist() for name in _DOCUMENT_FIELDS]
    return [Document(*values) for values in zip(*columns, strict=True)]


# Document's fields in their order: BATCH_SCHEMA holds every one (tests/pipelines/test_transform.py)
_DOCUMENT_FIELDS = tuple(f.name for f in fields(Document) if f.init)


def rejects_table(rejects: Iterable[Reject], run_id: str) -> pa.Table:
    now = datetime.now(UTC)
    rows = [
        {"source": r.source, "reason": r.reason, "detail": r.detail[:2000], "rejected_at": now, "run_id": run_id}
        for r in rejects
    ]
    return table_from_rows(rows, REJECTS_SCHEMA)


def timed(items: Iterable, clock: dict, key: str) -> Iterator:
    """Pass items through, adding the time spent producing them to clock[key]."""
    it = iter(items)
    while True:
        start = time.perf_counter()
        try:
            item = next(it)
        except StopIteration:
            clock[key] = clock.get(key, 0.0) + time.perf_counter() - start
            return
        clock[key] = clock.get(key, 0.0) + time.perf_counter() - start
        yield item


def batched(items: Iterable, size: int, max_bytes: int | None = None) -> Iterator[list]:
    """Lists of at most `size` items and, for documents, at most about `max_bytes` of text,
    so a batch of long articles holds no more memory than a batch of short briefs."""
    if max_bytes is None:
        it = iter(items)
        while chunk := list(islice(it, size)):
            yield chunk
        return
    chunk, held = [], 0
    for item in items:
        chunk.append(item)
        if isinstance(item, Document):
            held += len(item.text) + len(item.title)
        if len(chunk) >= size or held >= max_bytes:
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk


@dataclass
class Selection:
    """What a batch of read inputs comes to once rejects and unchanged documents are set aside."""

    todo: list[Document]
    rejects: list[Reject]
    unchanged: int
    duplicates: int


# A page kept in the raw store gets a new copy (a new origin) whenever it changes; its
# doc_id comes from its URL, so two copies with one doc_id are one page.
_RAW_COPY = re.compile(r"[/\\]raw[/\\][0-9a-f]{2}[/\\][0-9a-f]{64}\.\w+$")
_LINE = re.compile(r":\d+$")


def same_origin(known: str | None, new: str | None) -> bool:
    """Whether two origins are the same input: the same file (a JSONL record may change
    lines), or two raw copies of a page. An unknown origin is taken to be the same."""
    if known is None or new is None:
        return True
    if _RAW_COPY.search(known) and _RAW_COPY.search(new):
        return True
    return _LINE.sub("", known) == _LINE.sub("", new)


def select_documents(
    items: Iterable[Document | Reject | Unchanged],
    known: dict[str, tuple],
    seen: set[str],
    version: str,
    reprocess: bool = False,
) -> Selection:
    """Split read items into documents to extract, rejects, and ones the lake already has.

    `known` is lake.known_documents(): doc_id → (content_hash, extractor_version[, origin, ...]).
    An Unchanged item (a record the reader found committed at this version) is counted as
    unchanged once it passes the same duplicate checks as a document.
    `seen` holds the doc_ids already taken in this run: a later duplicate id in the same
    run is rejected rather than silently replacing the first, and so is a doc_id the lake
    holds from another origin (another file or folder), reprocessing or not.
    """
    todo, rejects, unchanged, dupes = [], [], 0, 0
    for item in items:
        if isinstance(item, Reject):
            rejects.append(item)
            continue
        if item.doc_id in seen:
            rejects.append(Reject(item.origin or item.doc_id, "duplicate_doc_id", f"doc_id {item.doc_id!r} seen earlier in this run"))
            dupes += 1
            continue
        held = known.get(item.doc_id)
        if held is not None and len(held) > 2 and not same_origin(held[2], item.origin):
            rejects.append(Reject(
                item.origin or item.doc_id, "duplicate_doc_id",
                f"doc_id {item.doc_id!r} is already in the lake from {held[2]}; give one of them another doc_id",
            ))
            dupes += 1
            continue
        seen.add(item.doc_id)
        if isinstance(item, Unchanged):  # the reader knew the record: read_paths(committed=...)
            unchanged += 1
            continue
        if not reprocess and held is not None and tuple(held[:2]) == (item.content_hash, version):
            unchanged += 1
            continue
        todo.append(item)
    return Selection(todo, rejects, unchanged, dupes)
