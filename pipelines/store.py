"""Local files written whole: a reader never sees half of one.

(The lake's tables live in DuckLake, see pipelines/lake.py; this is for the raw copies,
manifests and caches kept beside them.)
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from pathlib import Path


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
