"""The lake's tables on DuckLake: what a run writes, what the flows read back.

A run is one DuckLake transaction (`LakeRun`): documents, events and rejects are inserted as
their batches arrive (DuckLake writes each insert's Parquet files at once, so memory holds one
batch), a document written again has its older rows deleted in the same transaction, and the
commit makes it all visible as one new snapshot, or nothing at all: an exception or a killed
process before the commit leaves the last snapshot exactly as it was. Files an interrupted run
had written belong to no snapshot; `maintain` deletes them once they are old.

Readers (every query, `known_documents`, `stored_documents`) read one committed snapshot.
Connections are opened by pipelines.warehouse, the only module that touches DuckDB.
"""
from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pyarrow as pa
from sitrep.pipelines import warehouse
from sitrep.pipelines.documents import Document
from sitrep.pipelines.incidents import (
    INCIDENT_COLUMNS,
    IncidentRules,
    commit_incident_assignments,
    date_window,
    is_claim,
)
from sitrep.pipelines.location import LakeLocation, lake_location
from sitrep.pipelines.schemas import DATASETS
from sitrep.pipelines.warehouse import connect, ensure_tables, insert_rows, table_columns

__all__ = ["DATASETS", "LakeBusyError", "LakeRun", "known_documents", "read_dataset", "stored_documents"]

ORPHAN_GRACE = "1 day"  # files no snapshot holds are deleted only once older: a running writer's are young


class LakeBusyError(RuntimeError):
    """Another writer changed the lake in a way this run's commit conflicts with."""


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:8]


def _exists(lake) -> bool:
    location = lake_location(lake)
    return location.catalog_file is None or location.catalog_file.exists()


def read_dataset(lake, name: str, columns: list[str] | None = None) -> pa.Table:
    """A whole table as one Arrow table (empty, with the declared schema, when there is none)."""
    schema = DATASETS[name]
    wanted = pa.schema([schema.field(c) for c in columns]) if columns else schema
    if not _exists(lake):
        return wanted.empty_table()
    with connect(lake) as con:
        if not _has_tables(con):
            return wanted.empty_table()
        table = con.execute(f"select {', '.join(wanted.names)} from lake_{name}").fetch_arrow_table()
    return table.cast(wanted)


def _has_tables(con) -> bool:
    found = con.execute("select count(*) from duckdb_tables() where database_name = ? and table_name like 'lake\\_%' escape '\\'",
                        [warehouse.ALIAS]).fetchone()[0]
    return found == len(DATASETS)


def known_documents(lake, origins: bool = False) -> dict[str, tuple]:
    """doc_id → (content_hash, extractor_version) of every document in the lake, with the
    document's origin (the file it was read from) and record_hash as third and fourth items
    when `origins` is set (what LakeRun.known_documents gives a run)."""
    names = ["doc_id", "content_hash", "extractor_version"] + (["origin", "record_hash"] if origins else [])
    table = read_dataset(lake, "documents", names)
    return dict(zip(table["doc_id"].to_pylist(), zip(*(table[n].to_pylist() for n in names[1:]), strict=True), strict=True))


def document_count(lake) -> int:
    return read_dataset(lake, "documents", ["doc_id"]).num_rows


def stored_documents(lake, batch_rows: int = 1000) -> Iterator[Document]:
    """Every document the lake holds, rebuilt from its stored text, streamed in batches."""
    if not _exists(lake):
        return
    columns = ["doc_id", "title", "text", "published_at", "url", "source", "kind", "origin", "warnings"]
    with connect(lake) as con:
        if not _has_tables(con):
            return
        # a lake last written before documents had a record_hash gains the column at its next run
        stored = {r[0] for r in con.execute(
            "select column_name from duckdb_columns() where database_name = ? and table_name = 'lake_documents'",
            [warehouse.ALIAS]).fetchall()}
        columns += ["record_hash"] if "record_hash" in stored else []
        reader = con.execute(f"select {', '.join(columns)} from lake_documents order by doc_id").fetch_record_batch(batch_rows)
        for batch in reader:
            for row in batch.to_pylist():
                yield Document(**{**row, "title": row["title"] or "", "text": row["text"] or ""})


class LakeRun:
    """One writing session on a lake: a DuckLake transaction from `__enter__` to `commit()`."""

    def __init__(self, lake: str | LakeLocation, run_id: str | None = None,
                 databases: warehouse.Databases | None = None):
        self.lake = lake
        self.databases = databases  # lends the DuckDB database (warehouse.Databases); None: one of its own
        self.location = lake_location(lake)
        self.run_id = run_id or new_run_id()
        self.rows = {name: 0 for name in DATASETS}
        self.replaced = 0
        self.committed = False
        self._con = None
        self._connection = None
        self._existing: set[str] | None = None
        self._columns: dict[str, list[tuple[str, str]]] = {}

    def __enter__(self) -> LakeRun:
        self._connection = connect(self.location, write=True, databases=self.databases)
        self._con = self._connection.__enter__()
        try:
            self._con.execute("begin transaction")
            ensure_tables(self._con)
        except BaseException:
            self._close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self._close()

    def _close(self) -> None:
        con, self._con = self._con, None
        if con is None:
            return
        try:
            if not self.committed:
                con.execute("rollback")
        except warehouse.Error:
            pass  # the transaction is gone already; nothing of it was committed
        finally:
            self._connection.__exit__(None, None, None)

    @property
    def connection(self):
        """The run's writing connection, attached to the lake (for the view refresh after the commit)."""
        return self._con

    def known_documents(self) -> dict[str, tuple[str, str, str | None, str | None]]:
        """doc_id → (content_hash, extractor_version, origin, record_hash) of the snapshot this run
        began from, read on its own connection (no second one, which would load the extensions again)."""
        # as Arrow columns, zipped: no Python tuple per row from DuckDB, then another for the dict
        # (measured: 0.06 s against 0.1 s for the 33,822 documents of the bench's mix)
        table = self._con.execute(
            "select doc_id, content_hash, extractor_version, origin, record_hash from lake_documents").fetch_arrow_table()
        doc_ids, *held = (column.to_pylist() for column in table.columns)
        if self._existing is None:
            self._existing = set(doc_ids)
        return dict(zip(doc_ids, zip(*held, strict=True), strict=True))

    def stage(self, name: str, table: pa.Table) -> int:
        """Add rows to this run (visible at commit). Rows of documents: every older row of
        the same documents, their events included, goes at the same commit; so a run
        stages a batch's documents before its events."""
        if table.num_rows == 0:
            return 0
        schema = DATASETS[name]
        table = table.select(schema.names).cast(schema)
        if name == "documents":
            self._supersede(table["doc_id"].to_pylist())
        if name not in self._columns:  # the run's tables keep their columns from its start (ensure_tables)
            self._columns[name] = table_columns(self._con, name)
        insert_rows(self._con, name, table, self._columns[name])
        self.rows[name] += table.num_rows
        return table.num_rows

    def _supersede(self, doc_ids: list[str]) -> None:
        if self._existing is None:
            self._existing = {r[0] for r in self._con.execute("select doc_id from lake_documents").fetchall()}
        again = sorted(self._existing.intersection(doc_ids))
        if not again:
            return
        # the ids as a parameter, not a registered table, which the transaction would hold to its end
        for name in ("events", "documents"):
            self._con.execute(f"delete from lake_{name} where doc_id in (select unnest(?::varchar[]))", [again])
        self._existing.difference_update(again)
        self.replaced += len(again)

    def join_incidents(self, rules: IncidentRules) -> dict[str, int]:
        """Join this run's mentions to incidents across documents (pipelines.incidents), inside the
        run's transaction, so a failure leaves nothing of it. Only candidate incidents are read
        from the lake: of a type this run reports, holding a mention that could tie one (a victim
        side or a place) and whose date window overlaps one of this run's (claims: by type and
        victim side). Stored rows keep their ids; each new mention joins one or keeps its own.
        Returns the run's mentions, the candidate rows read and the mentions whose group changed."""
        con = self._con
        table = con.execute(_MENTIONS_SQL.format(where="e.run_id = $run"), {"run": self.run_id}).fetch_arrow_table()
        if table.num_rows == 0:
            return {"mentions": 0, "candidates": 0, "rejoined": 0}
        # the ids extraction gave, to update only the rows whose group changes; the rows go to the
        # join without is_claim, which the join classifies again, so it need not copy them
        before = list(zip(*(table[c].to_pylist() for c in ("event_id", "incident_id", "is_claim")), strict=True))
        claim = table.schema.get_field_index("is_claim")
        new = table.set_column(claim, "is_claim", pa.nulls(table.num_rows, pa.bool_())).to_pylist()
        del table
        windows, claim_keys = _candidate_keys(new, rules)
        con.register("sitrep_windows", windows)
        con.register("sitrep_claim_keys", claim_keys)
        try:
            stored = con.execute(_CANDIDATES_SQL, {"run": self.run_id, "lag": rules.report_lag_days}).fetch_arrow_table()
        finally:
            con.unregister("sitrep_windows")
            con.unregister("sitrep_claim_keys")
        ids = commit_incident_assignments(new, stored.to_pylist(), rules)
        changed = [(event, *now) for (event, *was), now in zip(before, ids, strict=True) if tuple(was) != now]
        if changed:
            con.register("sitrep_incidents", pa.table({
                "event_id": pa.array([c[0] for c in changed], pa.string()),
                "incident_id": pa.array([c[1] for c in changed], pa.string()),
                "is_claim": pa.array([c[2] for c in changed], pa.bool_()),
            }))
            try:
                con.execute("update lake_events set incident_id = u.incident_id, is_claim = u.is_claim "
                            "from sitrep_incidents u where lake_events.event_id = u.event_id "
                            "and lake_events.run_id = $run", {"run": self.run_id})
            finally:
                con.unregister("sitrep_incidents")
        return {"mentions": len(new), "candidates": stored.num_rows, "rejoined": len(changed)}

    def commit(self) -> dict[str, int]:
        """Make every staged row visible at once, as one snapshot tagged with the run id."""
        info = json.dumps({"run_id": self.run_id, "rows": self.rows, "replaced_documents": self.replaced})
        try:
            self._con.execute("call ducklake_set_commit_message(?, 'sitrep', ?, extra_info => ?)",
                              [warehouse.ALIAS, self.run_id, info])
            self._con.execute("commit")
        except warehouse.Error as exc:
            reason = " ".join(str(exc).split())  # one line
            raise LakeBusyError(f"the commit of run {self.run_id} to {self.location.root} failed, nothing of it "
                                f"was written ({reason}); if another run was writing, run this one again") from exc
        self.committed = True
        return {"rows": sum(self.rows.values()), "replaced_documents": self.replaced}


_MENTIONS_SQL = (
    f"select {', '.join('e.' + c for c in INCIDENT_COLUMNS)}, d.source "
    "from lake_events e join lake_documents d using (doc_id) where {where}"
)

# The stored mentions of the incidents this run's mentions may join. A mention's date window is
# incidents.date_window's (its stated date at its precision, else the days before publication).
_CANDIDATES_SQL = _MENTIONS_SQL.format(where="""e.run_id <> $run and e.incident_id in (
    with stored as (
        select incident_id, event_type, coalesce(is_claim, false) as claim, target_country,
            case when event_date is null then published_at - cast($lag as integer)
                 when event_date_precision = 'month' then cast(date_trunc('month', event_date) as date)
                 when event_date_precision = 'year' then make_date(year(event_date), 1, 1)
                 else event_date end as lo,
            case when event_date is null then published_at
                 when event_date_precision = 'month' then last_day(event_date)
                 when event_date_precision = 'year' then make_date(year(event_date), 12, 31)
                 else event_date end as hi
        from lake_events
        where run_id <> $run and incident_id is not null and (target_country is not null or location is not null
            or (event_type = 'prisoner_exchange_offer' and actor_country is not null))
    )
    select s.incident_id from stored s join sitrep_windows w
        on s.event_type = w.event_type and not s.claim and s.lo <= w.hi and s.hi >= w.lo
    union
    select s.incident_id from stored s join sitrep_claim_keys k
        on s.event_type = k.event_type and s.claim and s.target_country = k.target_country
)""")


def _candidate_keys(mentions: list[dict], rules: IncidentRules) -> tuple[pa.Table, pa.Table]:
    """The date windows (merged, per event type) and the claims' (type, victim side) of new mentions."""
    spans: dict[str, list[list]] = {}
    claims = set()
    for m in mentions:
        if is_claim(m, rules):
            if m.get("target_country") is not None:
                claims.add((m["event_type"], m["target_country"]))
            continue
        lo, hi = date_window(m, rules.report_lag_days)
        if lo is not None and hi is not None:
            spans.setdefault(m["event_type"], []).append([lo, hi])
    rows = []
    for etype, found in sorted(spans.items()):
        found.sort()
        merged = [found[0]]
        for lo, hi in found[1:]:
            if lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        rows += [(etype, lo, hi) for lo, hi in merged]
    windows = pa.table({"event_type": pa.array([r[0] for r in rows], pa.string()),
                        "lo": pa.array([r[1] for r in rows], pa.date32()),
                        "hi": pa.array([r[2] for r in rows], pa.date32())})
    claims = sorted(claims)
    claim_keys = pa.table({"event_type": pa.array([c[0] for c in claims], pa.string()),
                           "target_country": pa.array([c[1] for c in claims], pa.string())})
    return windows, claim_keys


def maintain(lake, merge_above: int = 32, retention_days: float | None = None,
             databases: warehouse.Databases | None = None) -> dict[str, int]:
    """Keep a lake fast and its folder bounded, with DuckLake's own maintenance: merge small
    files once a table has more than `merge_above`, rewrite files most of whose rows were
    deleted, expire snapshots older than `retention_days` (None keeps every snapshot, so time
    travel reaches back to the first run) and delete the files nothing references any more.
    Each step is its own DuckLake transaction: readers see the same rows before and after."""
    done: dict[str, int] = {}
    with connect(lake, write=True, databases=databases) as con:
        files = dict(con.execute("select table_name, file_count from ducklake_table_info(?)", [warehouse.ALIAS]).fetchall())
        if any(n > merge_above for n in files.values()):
            con.execute("call ducklake_merge_adjacent_files(?)", [warehouse.ALIAS])
            con.execute("call ducklake_rewrite_data_files(?)", [warehouse.ALIAS])
            done.update({name.removeprefix("lake_"): n for name, n in files.items() if n > merge_above})
        if retention_days is not None:
            expired = con.execute(
                "call ducklake_expire_snapshots(?, older_than => now() - to_microseconds(?))",
                [warehouse.ALIAS, int(retention_days * 86_400_000_000)]).fetchall()
            done["expired_snapshots"] = len(expired)
        con.execute("call ducklake_cleanup_old_files(?, cleanup_all => true)", [warehouse.ALIAS])
        unreferenced = [r[0] for r in con.execute(
            f"call ducklake_delete_orphaned_files(?, dry_run => true, older_than => now() - interval '{ORPHAN_GRACE}')",
            [warehouse.ALIAS]).fetchall()]
    # Files DuckLake wrote for a run that never committed are deleted; anything else in the data
    # folder is not ours to delete: it is reported, and no query or run ever reads it.
    ours = [p for p in unreferenced if p.rsplit("/", 1)[-1].startswith("ducklake-")]
    for path in ours:
        _delete_file(path)
    foreign = sorted(set(unreferenced) - set(ours))
    if ours:
        done["orphans_deleted"] = len(ours)
    if foreign:
        done["foreign_files"] = foreign
    return done


def foreign_file_warning(paths: list[str]) -> str:
    return (f"{len(paths)} file(s) in the lake's data folder belong to no snapshot and were not written by it "
            f"(first: {paths[0]}); queries and runs ignore them: move them out of the lake")


def _delete_file(path: str) -> None:
    import pyarrow.fs as pafs

    if "://" in path:
        filesystem, inner = pafs.FileSystem.from_uri(path)
    else:
        filesystem, inner = pafs.LocalFileSystem(), path
    try:
        filesystem.delete_file(inner)
    except FileNotFoundError:
        pass


def snapshots(lake) -> list[dict]:
    """Every snapshot a run committed: id, time, run id, documents and events it holds."""
    if not _exists(lake):
        return []
    out = []
    with connect(lake) as con:
        listed = con.execute(
            "select snapshot_id, snapshot_time, commit_message from ducklake_snapshots(?) "
            "where author = 'sitrep' order by snapshot_id", [warehouse.ALIAS]).fetchall()
        for snapshot_id, at, run_id in listed:
            counts = [con.execute(f"select count(*) from lake_{t} at (version => {int(snapshot_id)})").fetchone()[0]
                      for t in ("documents", "events")]
            out.append({"snapshot": snapshot_id, "time": at, "run_id": run_id,
                        "documents": counts[0], "events": counts[1]})
    return out
