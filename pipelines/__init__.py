"""Sitrep's logic: ingest, segment, extract, normalise, write. No Prefect here."""
from __future__ import annotations

import hashlib
from pathlib import Path

RELEASE = "0.1.0"

_ROOT = Path(__file__).resolve().parents[1]
# Everything that decides what the extractor outputs: its code and its rules and gazetteers.
_EXTRACTOR_SOURCES = (
    "pipelines/extract",
    "pipelines/normalize",
    "pipelines/segment.py",
    "pipelines/claims.py",
    "pipelines/language.py",  # which documents are read at all
    "pipelines/incidents.py",
    "seeds/incidents",
    "seeds/lexicons",
    "seeds/gazetteers",
)


def extractor_fingerprint(root: Path = _ROOT) -> str:
    """A short hash of the extractor's code and data, so a changed rule changes the version."""
    h = hashlib.sha256()
    for rel in _EXTRACTOR_SOURCES:
        base = root / rel
        files = sorted(base.rglob("*")) if base.is_dir() else [base]
        for f in files:
            if f.is_file() and f.suffix in (".py", ".toml"):
                h.update(str(f.relative_to(root)).encode("utf-8"))
                h.update(f.read_bytes())
    return h.hexdigest()[:8]


# Rows and skipped documents are keyed on this: a document is extracted again once it changes.
EXTRACTOR_VERSION = f"{RELEASE}+{extractor_fingerprint()}"
