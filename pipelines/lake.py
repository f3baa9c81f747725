"""The Parquet lake: the only module that writes files.

Layout under the lake folder:

    documents/part-*.parquet   one row per processed document (DOCUMENTS_SCHEMA)
    events/part-*.parquet      one row per event mention (EVENTS_SCHEMA)
    rejects/part-*.parquet     inputs that could not be read (REJECTS_SCHEMA)
    sitrep.duckdb              views over the Parquet (see pipelines/warehouse.py)
    _sitrep/                   lock, commit journal and staging; never read by queries

A run stages every new part file under `_sitrep/staging/`, then commits through a
journal: the journal lists each rename and deletion, is written atomically, and is
replayed (every step is safe to repeat) by the next run if the process dies half-way.
A document written again replaces its older rows: parts holding them are rewritten
without them, so the lake never holds two versions of a document.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipelines.documents import Document
from pipelines.schemas import DOCUMENTS_SCHEMA, EVENTS_SCHEMA, REJECTS_SCHEMA

DATASETS = {"documents": DOCUMENTS_SCHEMA, "events": EVENTS_SCHEMA, "rejects": REJECTS_SCHEMA}
CONTROL_DIR = "_sitrep"


class LakeBusyError(RuntimeError):
    """Another run holds the lake's lock."""


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:8]


def dataset_dir(lake: Path, name: str) -> Path:
    return Path(lake) / name


def part_files(lake: Path, name: str) -> list[Path]:
    folder = dataset_dir(lake, name)
    return sorted(folder.glob("*.parquet")) if folder.is_dir() else []


def read_dataset(lake: Path, name: str, columns: list[str] | None = None) -> pa.Table:
    """A whole dataset as one table (empty, with the declared schema, when there is none)."""
    schema = DATASETS[name]
    files = part_files(lake, name)
    if not files:
        empty = schema.empty_table()
        return empty.select(columns) if columns else empty
    tables = [pq.read_table(f, columns=columns, schema=schema) for f in files]
    return pa.concat_tables(tables)


def known_documents(lake: Path) -> dict[str, tuple[str, str]]:
    """doc_id → (content_hash, extractor_version) of every document in the lake."""
    table = read_dataset(lake, "documents", ["doc_id", "content_hash", "extractor_version"])
    return {
        d: (h, v)
        for d, h, v in zip(
            table["doc_id"].to_pylist(),
            table["content_hash"].to_pylist(),
            table["extractor_version"].to_pylist(),
            strict=True,
        )
    }


def stored_documents(lake: Path, batch_rows: int = 1000) -> Iterator[Document]:
    """Every document the lake holds, rebuilt from its stored text, streamed in batches."""
    files = part_files(lake, "documents")
    if not files:
        return
    columns = ["doc_id", "title", "text", "published_at", "url", "source", "kind", "origin"]
    dataset = ds.dataset([str(f) for f in files], format="parquet", schema=DOCUMENTS_SCHEMA)
    for batch in dataset.to_batches(columns=columns, batch_size=batch_rows):
        for row in batch.to_pylist():
            yield Document(**{**row, "title": row["title"] or "", "text": row["text"] or ""})


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_parquet(table: pa.Table, dest: Path) -> None:
    """Write a Parquet file aside under a non-.parquet name, fsync it, then rename into place."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:6]}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    with tmp.open("rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, dest)


def _write_json_atomic(obj: dict, dest: Path) -> None:
    tmp = dest.with_name(f".{dest.name}.tmp")
    with tmp.open("w", encoding="utf-8") as f:
        json.dump(obj, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, dest)
    _fsync_dir(dest.parent)


@dataclass
class LakeRun:
    """One writing session on a lake: holds the lock, stages parts, commits them at once."""

    lake: Path
    run_id: str = field(default_factory=new_run_id)
    _staged: dict[str, list[Path]] = field(default_factory=lambda: {k: [] for k in DATASETS})
    _lock_handle: object = None

    @property
    def control(self) -> Path:
        return Path(self.lake) / CONTROL_DIR

    @property
    def staging(self) -> Path:
        return self.control / "staging" / self.run_id

    @property
    def journal(self) -> Path:
        return self.control / "journal.json"

    def __enter__(self) -> LakeRun:
        self.control.mkdir(parents=True, exist_ok=True)
        handle = (self.control / "lock").open("w")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise LakeBusyError(
                f"another Sitrep run is writing to {self.lake}; wait for it to finish"
            ) from None
        self._lock_handle = handle
        recover(self.lake)
        return self

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        if self._lock_handle is not None:
            fcntl.flock(self._lock_handle, fcntl.LOCK_UN)
            self._lock_handle.close()
            self._lock_handle = None

    def stage(self, name: str, table: pa.Table) -> Path | None:
        """Write one part of a dataset to staging; nothing is visible until commit()."""
        if table.num_rows == 0:
            return None
        table = table.select(DATASETS[name].names).cast(DATASETS[name])
        path = self.staging / name / f"part-{self.run_id}-{len(self._staged[name]):05d}.parquet"
        _write_parquet(table, path)
        self._staged[name].append(path)
        return path

    def staged_rows(self, name: str) -> int:
        return sum(pq.read_metadata(p).num_rows for p in self._staged[name])

    def commit(self) -> dict[str, int]:
        """Publish every staged part and drop older versions of the documents they hold."""
        new_docs = set()
        for path in self._staged["documents"]:
            new_docs.update(pq.read_table(path, columns=["doc_id"])["doc_id"].to_pylist())
        steps: list[dict] = []
        for name in ("documents", "events"):
            steps += _supersede_steps(self.lake, name, new_docs, self.staging / "rewrites")
        for name, paths in self._staged.items():
            for path in paths:
                steps.append({"op": "move", "src": str(path), "dst": str(dataset_dir(self.lake, name) / path.name)})
        if not steps:
            return {"parts": 0, "replaced_documents": 0}
        _write_json_atomic({"run_id": self.run_id, "steps": steps}, self.journal)
        apply_journal(self.lake)
        return {"parts": sum(len(p) for p in self._staged.values()), "replaced_documents": len(new_docs)}


    def compact(self, max_parts: int = 16, target_rows: int = 500_000) -> dict[str, int]:
        """Merge a dataset's parts into few large ones once it has more than `max_parts`,
        so thousands of scheduled runs do not slow queries down. Committed like any run."""
        merged = {}
        steps: list[dict] = []
        for name, schema in DATASETS.items():
            parts = part_files(self.lake, name)
            if len(parts) <= max_parts:
                continue
            table = pa.concat_tables(pq.read_table(p, schema=schema) for p in parts)
            out_dir = self.staging / "compact" / name
            for i, start in enumerate(range(0, max(table.num_rows, 1), target_rows)):
                dest = out_dir / f"part-{self.run_id}-c{i:05d}.parquet"
                _write_parquet(table.slice(start, target_rows), dest)
                steps.append({"op": "move", "src": str(dest), "dst": str(dataset_dir(self.lake, name) / dest.name)})
            steps += [{"op": "delete", "path": str(p)} for p in parts]
            merged[name] = len(parts)
        if steps:
            _write_json_atomic({"run_id": self.run_id, "steps": steps}, self.journal)
            apply_journal(self.lake)
        return merged


def _supersede_steps(lake: Path, name: str, doc_ids: set[str], scratch: Path) -> list[dict]:
    """Steps that remove every row of these documents from a dataset's committed parts."""
    if not doc_ids:
        return []
    steps = []
    wanted = pa.array(sorted(doc_ids), pa.string())
    for part in part_files(lake, name):
        ids = pq.read_table(part, columns=["doc_id"])["doc_id"]
        hit = pc.is_in(ids, value_set=wanted)
        hits = pc.sum(hit).as_py() or 0
        if hits == 0:
            continue
        if hits == len(ids):
            steps.append({"op": "delete", "path": str(part)})
            continue
        kept = pq.read_table(part, schema=DATASETS[name]).filter(pc.invert(hit))
        rewritten = scratch / name / part.name
        _write_parquet(kept, rewritten)
        steps.append({"op": "move", "src": str(rewritten), "dst": str(part)})
    return steps


def apply_journal(lake: Path) -> bool:
    """Carry out a pending commit; each step can run again harmlessly. True if one was pending."""
    journal = Path(lake) / CONTROL_DIR / "journal.json"
    if not journal.exists():
        return False
    plan = json.loads(journal.read_text(encoding="utf-8"))
    touched = set()
    for step in plan["steps"]:
        if step["op"] == "move":
            src, dst = Path(step["src"]), Path(step["dst"])
            if src.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                os.replace(src, dst)
                touched.add(dst.parent)
        elif step["op"] == "delete":
            Path(step["path"]).unlink(missing_ok=True)
            touched.add(Path(step["path"]).parent)
    for folder in touched:
        _fsync_dir(folder)
    journal.unlink()
    _fsync_dir(journal.parent)
    return True


def recover(lake: Path) -> None:
    """Finish a commit a crashed run left behind, and drop what it staged but never committed."""
    apply_journal(lake)
    shutil.rmtree(Path(lake) / CONTROL_DIR / "staging", ignore_errors=True)
    for name in DATASETS:
        for tmp in dataset_dir(lake, name).glob(".*.tmp") if dataset_dir(lake, name).is_dir() else []:
            tmp.unlink(missing_ok=True)


def table_from_rows(rows: Iterable[dict], schema: pa.Schema) -> pa.Table:
    """Rows (dicts, missing keys are null) as a table of exactly this schema."""
    rows = list(rows)
    return pa.Table.from_pylist([{k: r.get(k) for k in schema.names} for r in rows], schema=schema)
