"""Where a lake's files live: a local folder or S3-compatible object storage.

The lake module speaks only to a Store, so the same journaled commit works on both.
Local folders get the strong guarantees of POSIX (write aside, fsync, atomic rename,
an advisory lock); object stores get what they offer: each object appears whole when its
upload completes, "rename" is copy-then-delete (made safe by the journal's replay), and
the lock is a local lock file, so concurrent runs are serialised per machine only.

S3 lakes are addressed by URI, e.g. `s3://bucket/lake?endpoint_override=http://host:9000&scheme=http`;
credentials come from the usual AWS variables or files, read by pyarrow itself.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq


class LakeBusyError(RuntimeError):
    """Another run holds the lake's lock."""


def is_uri(location: str | Path) -> bool:
    return "://" in str(location)


def open_store(location: str | Path) -> Store:
    if is_uri(location):
        return ObjectStore(str(location))
    return LocalStore(Path(location))


class Store:
    """Paths are relative to the lake root and use '/'."""

    location: str

    def files(self, folder: str, suffix: str = ".parquet") -> list[str]: ...
    def write_parquet(self, table: pa.Table, path: str) -> None: ...
    def write_parquet_parts(self, tables: Iterable[pa.Table], path: str, schema: pa.Schema) -> None: ...
    def read_table(self, path: str, columns: list[str] | None, schema: pa.Schema) -> pa.Table: ...
    def move(self, src: str, dst: str) -> None: ...
    def delete(self, path: str) -> None: ...
    def exists(self, path: str) -> bool: ...
    def write_json(self, obj: dict, path: str) -> None: ...
    def read_json(self, path: str) -> dict | None: ...
    def remove_tree(self, folder: str) -> None: ...
    def lock(self): ...
    def unlock(self, handle) -> None: ...
    def dataset_paths(self, folder: str) -> tuple[pafs.FileSystem, list[str]]: ...


class LocalStore(Store):
    def __init__(self, root: Path):
        self.root = Path(root)
        self.location = str(self.root)

    def _p(self, path: str) -> Path:
        return self.root / path

    def files(self, folder: str, suffix: str = ".parquet") -> list[str]:
        base = self._p(folder)
        if not base.is_dir():
            return []
        return sorted(f"{folder}/{p.name}" for p in base.iterdir() if p.name.endswith(suffix) and not p.name.startswith("."))

    def write_parquet(self, table: pa.Table, path: str) -> None:
        self.write_parquet_parts([table], path, table.schema)

    def write_parquet_parts(self, tables: Iterable[pa.Table], path: str, schema: pa.Schema) -> None:
        """One Parquet file from tables written one after another (so only one is held at a
        time), written aside under a name no reader globs, fsynced, then renamed into place."""
        dest = self._p(path)
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:6]}.tmp")
        try:
            with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
                for table in tables:
                    writer.write_table(table)
            with tmp.open("rb") as f:
                os.fsync(f.fileno())
            os.replace(tmp, dest)
        finally:
            tmp.unlink(missing_ok=True)

    def read_table(self, path: str, columns: list[str] | None, schema: pa.Schema) -> pa.Table:
        return pq.read_table(self._p(path), columns=columns, schema=schema)

    def move(self, src: str, dst: str) -> None:
        s, d = self._p(src), self._p(dst)
        if s.exists():
            d.parent.mkdir(parents=True, exist_ok=True)
            os.replace(s, d)
            _fsync_dir(d.parent)

    def delete(self, path: str) -> None:
        p = self._p(path)
        if p.exists():
            p.unlink()
            _fsync_dir(p.parent)

    def exists(self, path: str) -> bool:
        return self._p(path).exists()

    def write_json(self, obj: dict, path: str) -> None:
        dest = self._p(path)
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.tmp")
        with tmp.open("w", encoding="utf-8") as f:
            json.dump(obj, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)

    def read_json(self, path: str) -> dict | None:
        p = self._p(path)
        return json.loads(p.read_text(encoding="utf-8")) if p.exists() else None

    def remove_tree(self, folder: str) -> None:
        shutil.rmtree(self._p(folder), ignore_errors=True)

    def remove_temp_files(self, folder: str) -> None:
        base = self._p(folder)
        if base.is_dir():
            for tmp in base.glob(".*.tmp"):
                tmp.unlink(missing_ok=True)

    def lock(self):
        return _flock(self._p("_sitrep") / "lock", self.location)

    def unlock(self, handle) -> None:
        _funlock(handle)

    def dataset_paths(self, folder: str) -> tuple[pafs.FileSystem, list[str]]:
        return pafs.LocalFileSystem(), [str(self._p(f)) for f in self.files(folder)]


class ObjectStore(Store):
    def __init__(self, uri: str):
        self.location = uri
        self.fs, self.root = pafs.FileSystem.from_uri(uri)
        self.root = self.root.rstrip("/")

    def _p(self, path: str) -> str:
        return f"{self.root}/{path}"

    def files(self, folder: str, suffix: str = ".parquet") -> list[str]:
        selector = pafs.FileSelector(self._p(folder), allow_not_found=True)
        found = self.fs.get_file_info(selector)
        return sorted(
            f"{folder}/{i.base_name}"
            for i in found
            if i.type == pafs.FileType.File and i.base_name.endswith(suffix) and not i.base_name.startswith(".")
        )

    def write_parquet(self, table: pa.Table, path: str) -> None:
        # An object becomes visible only when its upload completes, whole.
        pq.write_table(table, self._p(path), filesystem=self.fs, compression="zstd")

    def write_parquet_parts(self, tables: Iterable[pa.Table], path: str, schema: pa.Schema) -> None:
        with pq.ParquetWriter(self._p(path), schema, filesystem=self.fs, compression="zstd") as writer:
            for table in tables:
                writer.write_table(table)

    def read_table(self, path: str, columns: list[str] | None, schema: pa.Schema) -> pa.Table:
        return pq.read_table(self._p(path), columns=columns, schema=schema, filesystem=self.fs)

    def move(self, src: str, dst: str) -> None:
        if self.exists(src):
            self.fs.move(self._p(src), self._p(dst))

    def delete(self, path: str) -> None:
        if self.exists(path):
            self.fs.delete_file(self._p(path))

    def exists(self, path: str) -> bool:
        return self.fs.get_file_info(self._p(path)).type == pafs.FileType.File

    def write_json(self, obj: dict, path: str) -> None:
        with self.fs.open_output_stream(self._p(path)) as f:
            f.write(json.dumps(obj).encode("utf-8"))

    def read_json(self, path: str) -> dict | None:
        if not self.exists(path):
            return None
        with self.fs.open_input_stream(self._p(path)) as f:
            return json.loads(f.read().decode("utf-8"))

    def remove_tree(self, folder: str) -> None:
        info = self.fs.get_file_info(self._p(folder))
        if info.type == pafs.FileType.Directory:
            self.fs.delete_dir(self._p(folder))

    def remove_temp_files(self, folder: str) -> None:
        return None  # uploads are never visible half-done

    def lock(self):
        key = hashlib.sha256(self.location.encode("utf-8")).hexdigest()[:16]
        return _flock(Path(tempfile.gettempdir()) / "sitrep-locks" / key, self.location)

    def unlock(self, handle) -> None:
        _funlock(handle)

    def dataset_paths(self, folder: str) -> tuple[pafs.FileSystem, list[str]]:
        return self.fs, [self._p(f) for f in self.files(folder)]


def write_aside(dest: Path, chunks: Iterable[bytes]) -> None:
    """Write under a temporary name in the same folder, fsync, then rename into place,
    so a reader never sees half a file."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with tmp.open("wb") as f:
            for chunk in chunks:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _flock(path: Path, location: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise LakeBusyError(f"another Sitrep run is writing to {location}; wait for it to finish") from None
    return handle


def _funlock(handle) -> None:
    fcntl.flock(handle, fcntl.LOCK_UN)
    handle.close()
