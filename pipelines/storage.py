"""The files a lake keeps outside its tables: raw copies, manifests, the dashboard.

DuckLake owns the tables (pipelines/lake.py); everything else a lake writes goes through
`LakeFiles`, over pyarrow.fs, so one lake named by a folder or by a URI (`s3://bucket/lake?
endpoint_override=…`, the same URI the lake's data path is under) stores its files beside its
data either way. A URI stays a URI: nothing here turns `s3://…` into a local folder.

Every whole file is written by `write_atomic`, so a reader sees the old file or the new one,
never half of one: on a local disk through a temporary file in the same folder, fsync'd and
renamed into place; on object storage as one PUT of the bytes (an object appears whole or not
at all), or, for a stream, as an upload under a temporary key copied into place (a copy is
atomic; an upload interrupted midway would otherwise publish the part it had sent).
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pyarrow.fs as pafs
from sitrep.pipelines.location import LakeLocation, is_uri


@dataclass(frozen=True)
class LakeFiles:
    """A lake's own files, addressed by paths relative to the lake (`raw/ab/….html`)."""

    root: str  # the lake as named: an absolute folder, or a URI without its query
    filesystem: pafs.FileSystem
    base: str  # the lake's root inside `filesystem`

    @classmethod
    def of(cls, lake: str | Path | LakeLocation) -> LakeFiles:
        root = lake.root if isinstance(lake, LakeLocation) else str(lake)
        if is_uri(root):
            filesystem, base = pafs.FileSystem.from_uri(root)
            return cls(root.split("?", 1)[0].rstrip("/"), filesystem, base.rstrip("/"))
        folder = str(Path(root).expanduser().resolve())
        return cls(folder, pafs.LocalFileSystem(), folder)

    @property
    def local(self) -> bool:
        return isinstance(self.filesystem, pafs.LocalFileSystem)

    def _path(self, relative: str) -> str:
        parts = PurePosixPath(relative).parts
        if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
            raise ValueError(f"{relative!r} is not a path inside the lake")
        return f"{self.base}/{relative}"

    def uri(self, relative: str) -> str:
        """Where a file is, as a user (or a document's `origin`) names it: a path or a URI."""
        self._path(relative)
        return f"{self.root}/{relative}"

    def exists(self, relative: str) -> bool:
        return self.filesystem.get_file_info(self._path(relative)).type == pafs.FileType.File

    def read_bytes(self, relative: str) -> bytes | None:
        """The file's bytes, or None when there is no such file."""
        try:
            with self.filesystem.open_input_stream(self._path(relative)) as f:
                return f.read()
        except FileNotFoundError:
            return None

    def write_atomic(self, relative: str, data: bytes | Iterable[bytes]) -> str:
        """Write a whole file so that no reader ever sees part of it; returns its uri()."""
        write_atomic(self.filesystem, self._path(relative), data)
        return self.uri(relative)

    def append(self, relative: str, data: bytes) -> None:
        """Add bytes to the end of a file (made if missing). A local file is appended to and
        fsync'd (a crash can tear at most the last line, so readers skip a torn line); an object
        cannot be appended to, so it is written again whole, in one PUT."""
        path = self._path(relative)
        if self.local:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            with open(path, "ab") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            return
        self.write_atomic(relative, (self.read_bytes(relative) or b"") + data)


def write_atomic(filesystem: pafs.FileSystem, path: str, data: bytes | Iterable[bytes]) -> None:
    """The one way Sitrep writes a whole file (module docstring): old file or new, never half."""
    if isinstance(filesystem, pafs.LocalFileSystem):
        _replace_local(Path(path), [data] if isinstance(data, bytes) else data)
    elif isinstance(data, bytes):
        with filesystem.open_output_stream(path) as f:  # one PUT
            f.write(data)
    else:
        parent, name = path.rsplit("/", 1)
        staged = f"{parent}/.{name}.{uuid.uuid4().hex[:8]}.tmp"
        try:
            with filesystem.open_output_stream(staged) as f:
                for chunk in data:
                    f.write(chunk)
            filesystem.copy_file(staged, path)
        finally:
            try:
                filesystem.delete_file(staged)
            except FileNotFoundError:
                pass


def write_file(target: str | Path, data: bytes | Iterable[bytes]) -> str:
    """write_atomic to a file named by a path or a URI (a page given by `--out`, a cache entry)."""
    if is_uri(target):
        filesystem, path = pafs.FileSystem.from_uri(str(target))
        write_atomic(filesystem, path, data)
        return str(target).split("?", 1)[0]
    path = Path(target).expanduser().resolve()
    write_atomic(pafs.LocalFileSystem(), str(path), data)
    return str(path)


def _replace_local(dest: Path, chunks: Iterable[bytes]) -> None:
    # Same folder, so the rename never crosses a file system; fsync before it, so a crash
    # cannot leave the new name pointing at data the disk never got.
    dest.parent.mkdir(parents=True, exist_ok=True)
    staged = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with staged.open("wb") as f:
            for chunk in chunks:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.replace(staged, dest)
    finally:
        staged.unlink(missing_ok=True)
