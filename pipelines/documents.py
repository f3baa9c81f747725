"""The document record every stage passes along, and the schema an input record must meet
before it becomes one."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

# A document longer than this is refused rather than held in memory whole.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# Publication dates outside these are a typo or a placeholder ("9999-12-31"), never news;
# date arithmetic downstream (relative dates in the text) stays well inside Python's range.
EARLIEST_DATE = date(1800, 1, 1)
LATEST_DATE = date(2200, 12, 31)
# Control characters have no place in an id, a URL or a name (tab, newline... included).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


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
    # What was wrong with the input but did not cost the document (a front-matter date that is no date).
    warnings: tuple[str, ...] = ()
    # The hash of the input record's bytes as read (record_hash()), where the input is one record
    # a line (JSONL): a later run that reads the same bytes knows the document without parsing them.
    record_hash: str | None = None

    def __post_init__(self) -> None:
        if not self.content_hash:
            object.__setattr__(self, "content_hash", content_hash(self))
        if not isinstance(self.warnings, tuple):  # lines of text, from a lake or batch row
            object.__setattr__(self, "warnings", tuple((self.warnings or "").splitlines()))


def record_hash(record: bytes) -> str:
    """The hash of one input record's bytes (a JSONL line without its surrounding whitespace)."""
    return hashlib.blake2b(record, digest_size=16).hexdigest()


def content_hash(doc: Document) -> str:
    """Hash of everything extraction reads, so an unchanged document can be skipped."""
    h = hashlib.sha256()
    for part in (doc.title, doc.text, doc.published_at.isoformat() if doc.published_at else ""):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


# --- the input record schema -------------------------------------------------------


def parse_date(value) -> date | None:
    """A publication date from ISO text, a datetime or a date; None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO date, got {type(value).__name__}")
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return date.fromisoformat(text[:10])


def _publication_date(value) -> date | None:
    try:
        parsed = parse_date(value)
    except ValueError as exc:
        raise PydanticCustomError("bad_date", "not a date ({error})", {"error": str(exc)}) from None
    if parsed is not None and not EARLIEST_DATE <= parsed <= LATEST_DATE:
        raise PydanticCustomError(
            "bad_date", "{value} is outside {low}..{high}",
            {"value": parsed.isoformat(), "low": EARLIEST_DATE.isoformat(), "high": LATEST_DATE.isoformat()},
        )
    return parsed


def _doc_id(value):
    # JSON ids are often numbers; a bool is a JSON true/false, never an id.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _valid_unicode(value: str) -> str:
    """Text that encodes as UTF-8 (no lone surrogate from a JSON `\\ud800`) and holds no NUL."""
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise PydanticCustomError("bad_unicode", "lone surrogate at character {at}", {"at": exc.start}) from None
    if "\x00" in value:
        raise PydanticCustomError("bad_unicode", "NUL character at {at}", {"at": value.index("\x00")})
    return value


Name = Annotated[str, Field(min_length=1, max_length=2048)]


class DocumentRecord(BaseModel):
    """What one input record (a JSONL line, a text file's front matter and body, a page) must be."""

    # strict: a number, list or mapping where text belongs is refused, never turned into its repr
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")

    doc_id: Annotated[Name, BeforeValidator(_doc_id)]
    text: str
    title: str = ""
    published_at: Annotated[date | None, BeforeValidator(_publication_date)] = None
    url: Name | None = None
    source: Name | None = None
    kind: Annotated[str, Field(max_length=64)] | None = None

    @field_validator("doc_id", "text", "title", "url", "source", "kind")
    @classmethod
    def _text_is_valid_unicode(cls, value: str | None) -> str | None:
        return None if value is None else _valid_unicode(value)

    @field_validator("doc_id", "url", "source", "kind")
    @classmethod
    def _names_hold_no_control_characters(cls, value: str | None) -> str | None:
        if value is not None and (found := _CONTROL.search(value)):
            raise PydanticCustomError("bad_field", "control character {char} in a name", {"char": repr(found.group())})
        return value

    @field_validator("text")
    @classmethod
    def _text_fits(cls, value: str) -> str:
        # a UTF-8 character takes at most 4 bytes: only long texts need encoding to be measured
        if len(value) * 4 > MAX_DOCUMENT_BYTES and len(value.encode("utf-8")) > MAX_DOCUMENT_BYTES:
            raise PydanticCustomError("too_large", "text over {limit} bytes", {"limit": MAX_DOCUMENT_BYTES})
        return value


OPTIONAL_FIELDS = ("published_at", "url", "source", "kind", "title")
EMPTY_IS_NONE = frozenset({"published_at", "url", "source", "kind"})


@dataclass(frozen=True)
class FieldProblem:
    """One way a record fails DocumentRecord: the reject reason, the field and what is wrong."""

    reason: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"field {self.field!r}: {self.message}"


def _problems(exc: ValidationError) -> list[FieldProblem]:
    problems = []
    for err in exc.errors(include_url=False, include_input=False):
        name = str(err["loc"][0]) if err["loc"] else "(record)"
        kind = err["type"]
        if kind == "missing":
            reason = "missing_field"
        elif kind in ("bad_date", "bad_unicode", "too_large"):
            reason = kind
        elif name == "published_at":
            reason = "bad_date"
        else:
            reason = "bad_field"
        problems.append(FieldProblem(reason, name, err["msg"]))
    return problems


def checked_document(
    fields: dict,
    origin: str,
    lenient: bool = False,
    fallback: dict | None = None,
    warnings: tuple[str, ...] = (),
    record_hash: str | None = None,
) -> Document | list[FieldProblem]:
    """A Document when `fields` meet DocumentRecord, else what is wrong with them.

    `lenient` (a text file's front matter, a page's metadata): a bad optional field is
    dropped, and a bad field with a `fallback` value takes that value, each with a warning
    on the document, rather than costing the document.
    """
    # An empty url, source or kind ("" is common in exported datasets) means none.
    fields = {k: v for k, v in fields.items() if v is not None and not (v == "" and k in EMPTY_IS_NONE)}
    fallback = fallback or {}
    while True:
        try:
            valid = DocumentRecord.model_validate(fields)
        except ValidationError as exc:
            problems = _problems(exc)
            mendable = [
                p for p in problems
                if p.reason != "missing_field"
                and (p.field in OPTIONAL_FIELDS or (p.field in fallback and fields.get(p.field) != fallback[p.field]))
            ]
            if not lenient or len(mendable) < len(problems):
                return problems
            for p in mendable:
                if p.field in fallback:
                    fields[p.field] = fallback[p.field]
                else:
                    fields.pop(p.field, None)
            warnings = (*warnings, *(f"{p} (ignored)" for p in mendable))
            continue
        return Document(**valid.model_dump(), origin=origin, warnings=warnings, record_hash=record_hash)
