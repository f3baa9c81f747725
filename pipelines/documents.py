"""The document record every stage passes along."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Document:
    doc_id: str
    text: str
    title: str = ""
    published_at: date | None = None
    url: str | None = None
    source: str | None = None
    kind: str | None = None  # article, brief, note, headline (when the input says)
    origin: str | None = None  # the file (and line) the document was read from
    content_hash: str = field(default="")

    def __post_init__(self) -> None:
        if not self.content_hash:
            object.__setattr__(self, "content_hash", content_hash(self))


def content_hash(doc: Document) -> str:
    """Hash of everything extraction reads, so an unchanged document can be skipped."""
    h = hashlib.sha256()
    for part in (doc.title, doc.text, doc.published_at.isoformat() if doc.published_at else ""):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()
