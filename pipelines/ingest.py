"""Read raw inputs (.txt, .jsonl, .html) into Documents; what cannot be read becomes a Reject.

Nothing here raises on bad input: a bad file or line is reported as a Reject and the
rest of the batch goes on.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml

from pipelines.documents import Document

SUFFIXES = {".txt": "txt", ".jsonl": "jsonl", ".html": "html", ".htm": "html"}
# A document longer than this is refused rather than held in memory whole.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Reject:
    source: str
    reason: str
    detail: str = ""


class InputError(Exception):
    """An input path that does not exist or holds nothing Sitrep can read."""


def discover(inputs: Iterable[Path | str]) -> list[Path]:
    """Every readable file under the given files and folders, sorted, each once."""
    found: dict[Path, None] = {}
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUFFIXES and not child.name.startswith("."):
                    found[child.resolve()] = None
        elif path.is_file():
            found[path.resolve()] = None
        else:
            raise InputError(f"no such file or folder: {path}")
    return sorted(found)


def read_path(path: Path) -> Iterator[Document | Reject]:
    """Documents from one file; a file of an unknown kind is a Reject."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        yield Reject(str(path), "unsupported_format", f"suffix {path.suffix!r}")
        return
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Reject(str(path), "unreadable", str(exc))
        return
    if kind != "jsonl" and size > MAX_DOCUMENT_BYTES:
        yield Reject(str(path), "too_large", f"{size} bytes > {MAX_DOCUMENT_BYTES}")
        return
    reader = {"txt": _read_txt, "jsonl": _read_jsonl, "html": _read_html}[kind]
    yield from reader(path)


def read_paths(paths: Iterable[Path]) -> Iterator[Document | Reject]:
    for path in paths:
        yield from read_path(path)


def parse_date(value) -> date | None:
    """A publication date from ISO text, a datetime or a date; None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return date.fromisoformat(text[:10])


def _decode(path: Path) -> str | Reject:
    return decode_text(path.read_bytes(), str(path))


def decode_text(data: bytes, origin: str, encoding: str | None = None) -> str | Reject:
    """Text from bytes in UTF-8, or in the encoding a server declared; otherwise a Reject."""
    if b"\x00" in data[:8192]:
        return Reject(origin, "binary", "NUL bytes in the first 8 KiB")
    codec = "utf-8-sig" if encoding is None or encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        return Reject(origin, "not_utf8" if codec == "utf-8-sig" else "bad_encoding", str(exc))
    except LookupError:
        return Reject(origin, "bad_encoding", f"unknown encoding {encoding!r}")


def _front_matter(raw: str) -> tuple[dict, str]:
    """Split an optional `---` YAML block off the top of a text file."""
    if not raw.startswith("---"):
        return {}, raw
    end = raw.find("\n---", 3)
    if end < 0:
        return {}, raw
    meta = yaml.safe_load(raw[3:end]) or {}
    if not isinstance(meta, dict):
        raise ValueError("front matter is not a mapping")
    rest = raw[end + 4 :]
    return meta, rest[1:] if rest.startswith("\n") else rest


def _read_txt(path: Path) -> Iterator[Document | Reject]:
    raw = _decode(path)
    if isinstance(raw, Reject):
        yield raw
        return
    try:
        meta, body = _front_matter(raw)
        published = parse_date(meta.get("published_at") or meta.get("date"))
    except (ValueError, yaml.YAMLError) as exc:
        yield Reject(str(path), "bad_front_matter", str(exc))
        return
    title, _, text = body.strip("\n").partition("\n")
    if not (title.strip() or text.strip()):
        yield Reject(str(path), "empty", "no title and no text")
        return
    yield Document(
        doc_id=str(meta.get("doc_id") or path.stem),
        title=title.strip(),
        text=text.strip("\n"),
        published_at=published,
        url=meta.get("url"),
        source=meta.get("source"),
        kind=meta.get("kind"),
        origin=str(path),
    )


def document_from_record(record: dict, origin: str) -> Document | Reject:
    """A Document from one JSON object with Sitrep's or the gold files' keys."""
    if not isinstance(record, dict):
        return Reject(origin, "bad_record", "not a JSON object")
    doc_id = record.get("doc_id", record.get("id"))
    text = record.get("text", record.get("body"))
    if doc_id is None or str(doc_id).strip() == "":
        return Reject(origin, "missing_field", "no doc_id or id")
    if not isinstance(text, str):
        return Reject(origin, "missing_field", "no text or body string")
    title = record.get("title") or ""
    if not (text.strip() or str(title).strip()):
        return Reject(origin, "empty", "no title and no text")
    if len(text.encode("utf-8")) > MAX_DOCUMENT_BYTES:
        return Reject(origin, "too_large", f"text over {MAX_DOCUMENT_BYTES} bytes")
    try:
        published = parse_date(record.get("published_at", record.get("date")))
    except ValueError as exc:
        return Reject(origin, "bad_date", str(exc))
    return Document(
        doc_id=str(doc_id),
        title=str(title),
        text=text,
        published_at=published,
        url=record.get("url"),
        source=record.get("source"),
        kind=record.get("kind"),
        origin=origin,
    )


def _read_jsonl(path: Path) -> Iterator[Document | Reject]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Reject(str(path), "unreadable", str(exc))
        return
    with handle:
        for n, line in enumerate(handle, 1):
            origin = f"{path}:{n}"
            if not line.strip():
                continue
            try:
                record = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield Reject(origin, "not_utf8", str(exc))
                continue
            except json.JSONDecodeError as exc:
                yield Reject(origin, "malformed_json", str(exc))
                continue
            yield document_from_record(record, origin)


def _read_html(path: Path) -> Iterator[Document | Reject]:
    raw = _decode(path)
    if isinstance(raw, Reject):
        yield raw
        return
    yield html_document(raw, doc_id=path.stem, origin=str(path))


def html_document(
    html: str, doc_id: str, origin: str, url: str | None = None, published_at: date | None = None, title: str = ""
) -> Document | Reject:
    """A Document from an HTML page's markup: main text, title and date extracted with trafilatura.

    `url`, `published_at` and `title` are what the caller knows from outside the page (a feed
    entry, a WARC record); the page's own metadata wins where it has them.
    """
    import trafilatura  # heavy import, only when HTML is read

    try:
        extracted = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, as_dict=True
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        return Reject(origin, "bad_html", f"{type(exc).__name__}: {exc}")
    if not extracted or not (extracted.get("text") or "").strip():
        return Reject(origin, "empty", "no main text found in the page")
    try:
        published = parse_date(extracted.get("date")) or published_at
    except ValueError:
        published = published_at
    return Document(
        doc_id=doc_id,
        title=(extracted.get("title") or title or "").strip(),
        text=extracted["text"].strip(),
        published_at=published,
        url=extracted.get("url") or url,
        source=extracted.get("sitename") or extracted.get("hostname"),
        kind="article",
        origin=origin,
    )
