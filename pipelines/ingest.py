"""Read raw inputs (.txt, .md, .jsonl, .html) into Documents; what cannot be read becomes a Reject.

Nothing here raises on bad input: a bad file or line is reported as a Reject and the
rest of the batch goes on. Every record is checked against documents.DocumentRecord
before it becomes a Document.
"""
from __future__ import annotations

import errno
import json
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import yaml
from sitrep.pipelines.documents import (
    MAX_DOCUMENT_BYTES,
    Document,
    FieldProblem,
    checked_document,
    parse_date,
    record_hash,
)

__all__ = ["MAX_DOCUMENT_BYTES", "parse_date"]  # re-exported: callers read them from here

SUFFIXES = {".txt": "txt", ".md": "md", ".jsonl": "jsonl", ".html": "html", ".htm": "html"}
# Byte-order marks of the encodings whose text is full of NUL bytes (UTF-32 first: its LE mark starts like UTF-16's).
BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


@dataclass(frozen=True)
class Reject:
    source: str
    reason: str
    detail: str = ""


@dataclass(frozen=True)
class Unchanged:
    """A record the lake already holds byte for byte at this run's extractor version: passed on
    by its doc_id, without being parsed or checked again (it was both when it was committed)."""

    doc_id: str
    origin: str


# record_hash() of a record → the doc_id of the document the lake holds from it, for the
# records whose document was extracted by this run's extractor version
Committed = Mapping[str, str]
NOTHING_COMMITTED: Committed = {}


class InputError(Exception):
    """An input path that does not exist or holds nothing Sitrep can read."""


def special_file(path: Path) -> str | None:
    """What a path is when it is neither a regular file nor a folder (a FIFO, a symlink loop...)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symlink loop"
        if path.is_symlink():
            return "a broken symlink"
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def discover(inputs: Iterable[Path | str]) -> list[Path]:
    """Every readable file under the given files and folders, sorted, each once.

    Entries with a readable suffix that are not regular files (FIFOs, symlink loops, broken
    symlinks) are listed too, so that reading them gives a Reject rather than nothing.
    """
    found: dict[Path, None] = {}
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix.lower() not in SUFFIXES or child.name.startswith("."):
                    continue
                if child.is_file():
                    found[child.resolve()] = None
                elif special_file(child):
                    found[child.absolute()] = None
        elif path.is_file():
            found[path.resolve()] = None
        elif special_file(path):
            found[path.absolute()] = None
        else:
            raise InputError(f"no such file or folder: {path}")
    return sorted(found)


def read_path(path: Path, committed: Committed = NOTHING_COMMITTED) -> Iterator[Document | Reject | Unchanged]:
    """Documents from one file; a file of an unknown kind is a Reject. A JSONL line whose
    record_hash() is in `committed` comes as Unchanged."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        yield Reject(str(path), "unsupported_format", f"suffix {path.suffix!r}")
        return
    special = special_file(path)
    if special:
        # Reading a FIFO would wait for a writer forever; a loop never resolves.
        yield Reject(str(path), "not_a_file", f"{special}, not a regular file")
        return
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Reject(str(path), "unreadable", str(exc))
        return
    if kind != "jsonl" and size > MAX_DOCUMENT_BYTES:
        yield Reject(str(path), "too_large", f"{size} bytes > {MAX_DOCUMENT_BYTES}")
        return
    if kind == "jsonl":
        yield from _read_jsonl(path, committed)
        return
    yield from {"txt": _read_txt, "md": _read_txt, "html": _read_html}[kind](path)


def read_paths(paths: Iterable[Path], committed: Committed = NOTHING_COMMITTED) -> Iterator[Document | Reject | Unchanged]:
    for path in paths:
        yield from read_path(path, committed)


def _bom_encoding(data: bytes) -> str | None:
    return next((codec for bom, codec in BOMS if data.startswith(bom)), None)


def decode_text(data: bytes, origin: str, encoding: str | None = None, detect: bool = False) -> str | Reject:
    """Text from bytes: by their byte-order mark, in UTF-8 or the encoding a server declared,
    and with `detect` (local files, which declare nothing) in the encoding charset-normalizer
    finds; otherwise a Reject."""
    bom = _bom_encoding(data)
    if bom:
        try:
            return data.decode(bom)  # the codec reads and drops the mark
        except UnicodeDecodeError as exc:
            return Reject(origin, "bad_encoding", f"{bom} byte-order mark but {exc}")
    if b"\x00" in data[:8192]:
        return Reject(origin, "binary", "NUL bytes in the first 8 KiB")
    codec = "utf-8-sig" if encoding is None or encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        if detect and codec == "utf-8-sig":
            return _detected_text(data, origin, exc)
        return Reject(origin, "not_utf8" if codec == "utf-8-sig" else "bad_encoding", str(exc))
    except LookupError:
        return Reject(origin, "bad_encoding", f"unknown encoding {encoding!r}")


def _detected_text(data: bytes, origin: str, utf8_error: UnicodeDecodeError) -> str | Reject:
    import charset_normalizer

    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return Reject(origin, "not_utf8", f"{utf8_error}; no other encoding detected")
    # Western text reads equally well in cp1250 and cp1252 but for a few letters (à, è):
    # a tie goes to cp1252, the legacy encoding most text in Latin script was written in.
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    return str(next((m for m in tied if m.encoding == "cp1252"), best))


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


def _reject(origin: str, problems: list[FieldProblem]) -> Reject:
    """One Reject for a record that fails its schema: the first problem's reason, every problem named."""
    return Reject(origin, problems[0].reason, "; ".join(map(str, problems)))


def _read_txt(path: Path) -> Iterator[Document | Reject]:
    """A .txt or .md file: optional YAML front matter, then the title line (unless the front
    matter sets `title:`) and the text. A Markdown title loses its leading `#`s."""
    raw = decode_text(path.read_bytes(), str(path), detect=True)
    if isinstance(raw, Reject):
        yield raw
        return
    try:
        meta, body = _front_matter(raw)
    except (ValueError, yaml.YAMLError) as exc:
        yield Reject(str(path), "bad_front_matter", str(exc))
        return
    body = body.strip("\n")
    if meta.get("title") is not None:
        title, text = meta["title"], body
    else:
        title, _, text = body.partition("\n")
        if path.suffix.lower() == ".md":
            title = title.lstrip("#")
    if isinstance(title, str):
        title = title.strip()
    if not (title or text.strip()):
        yield Reject(str(path), "empty", "no title and no text")
        return
    fields = {
        "doc_id": meta.get("doc_id", path.stem),
        "title": title,
        "text": text.strip("\n"),
        "published_at": meta.get("published_at", meta.get("date")),
        "url": meta.get("url"),
        "source": meta.get("source"),
        "kind": meta.get("kind"),
    }
    # A front-matter field that cannot be read costs the field, not the document.
    doc = checked_document(fields, str(path), lenient=True, fallback={"doc_id": path.stem})
    yield _reject(str(path), doc) if isinstance(doc, list) else doc


def document_from_record(record: dict, origin: str, digest: str | None = None) -> Document | Reject:
    """A Document from one JSON object with Sitrep's or the gold files' keys; `digest` is the
    record_hash() of the bytes it was read from, if any."""
    if not isinstance(record, dict):
        return Reject(origin, "bad_record", "not a JSON object")
    doc_id = record.get("doc_id", record.get("id"))
    text = record.get("text", record.get("body"))
    if doc_id is None or (isinstance(doc_id, str) and doc_id.strip() == ""):
        return Reject(origin, "missing_field", "no doc_id or id")
    if not isinstance(text, str):
        return Reject(origin, "missing_field", "no text or body string")
    title = record.get("title") or ""
    if isinstance(title, str) and not (text.strip() or title.strip()):
        return Reject(origin, "empty", "no title and no text")
    fields = {
        "doc_id": doc_id,
        "title": title,
        "text": text,
        "published_at": record.get("published_at", record.get("date")),
        "url": record.get("url"),
        "source": record.get("source"),
        "kind": record.get("kind"),
    }
    doc = checked_document(fields, origin, record_hash=digest)
    return _reject(origin, doc) if isinstance(doc, list) else doc


def _read_jsonl(path: Path, committed: Committed) -> Iterator[Document | Reject | Unchanged]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Reject(str(path), "unreadable", str(exc))
        return
    with handle:
        for n, line in enumerate(handle, 1):
            origin = f"{path}:{n}"
            record = line.strip()
            if not record:
                continue
            digest = record_hash(record)
            known = committed.get(digest)
            if known is not None:
                yield Unchanged(known, origin)
                continue
            try:
                value = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield Reject(origin, "not_utf8", str(exc))
                continue
            except json.JSONDecodeError as exc:
                yield Reject(origin, "malformed_json", str(exc))
                continue
            yield document_from_record(value, origin, digest)


def _read_html(path: Path) -> Iterator[Document | Reject]:
    raw = decode_text(path.read_bytes(), str(path))
    if isinstance(raw, Reject):
        yield raw
        return
    yield html_document(raw, doc_id=path.stem, origin=str(path))


class _TextOnly(HTMLParser):
    """The character data of a page outside scripts and styles. html.parser tokenizes without
    building a tree, so it has no depth limit (libxml2 stops at 256 levels, 2048 with huge_tree)."""

    SKIP = frozenset({"script", "style", "noscript", "template", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skipping = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        elif tag in self.SKIP:
            self._skipping += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
        elif not self._skipping and data.strip():
            self.parts.append(" ".join(data.split()))


def plain_text(html: str) -> tuple[str, str]:
    """(title, text) of a page by plain tokenizing: the fallback when trafilatura finds nothing."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.title).split()), "\n".join(parser.parts)


def _too_deep_for_lxml(html: str) -> bool:
    """Whether lxml, which trafilatura parses with, gives up on the page's nesting depth
    (a page of menus and no article stays an `empty` reject: only depth calls for plain text)."""
    from lxml import etree

    parser = etree.HTMLParser()
    try:
        etree.fromstring(html, parser)
    except (ValueError, etree.LxmlError):
        return False
    return any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)


def html_document(
    html: str, doc_id: str, origin: str, url: str | None = None, published_at: date | None = None, title: str = ""
) -> Document | Reject:
    """A Document from an HTML page's markup: main text, title and date extracted with trafilatura.

    `url`, `published_at` and `title` are what the caller knows from outside the page (a feed
    entry, a WARC record); the page's own metadata wins where it has them. A page trafilatura
    cannot read (nested deeper than lxml parses) gives its plain text, with a warning.
    """
    import trafilatura  # heavy import, only when HTML is read

    try:
        extracted = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, as_dict=True
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        return Reject(origin, "bad_html", f"{type(exc).__name__}: {exc}")
    warnings: tuple[str, ...] = ()
    if not extracted or not (extracted.get("text") or "").strip():
        if not _too_deep_for_lxml(html):
            return Reject(origin, "empty", "no main text found in the page")
        page_title, text = plain_text(html)
        if not text.strip():
            return Reject(origin, "empty", "no text in the page")
        extracted = {"title": page_title, "text": text}
        warnings = ("no main text found: the page's plain text was read instead",)
    try:
        published = parse_date(extracted.get("date")) or published_at
    except ValueError:
        published = published_at
    fields = {
        "doc_id": doc_id,
        "title": (extracted.get("title") or title or "").strip(),
        "text": extracted["text"].strip(),
        "published_at": published,
        "url": extracted.get("url") or url,
        "source": extracted.get("sitename") or extracted.get("hostname"),
        "kind": "article",
    }
    doc = checked_document(fields, origin, lenient=True, warnings=warnings)
    return _reject(origin, doc) if isinstance(doc, list) else doc
