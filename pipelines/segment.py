"""Split a document into sentences that keep their offsets into the title or the text.

The title is its own sentence. Paragraphs (newlines) always end a sentence. Headline
documents hold several headlines joined by ";": each is a sentence of its own, and so
are the parts of a title or paragraph joined by ";" with no space (the way feeds glue
headlines together), while "a; b" inside running prose stays one sentence.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from sitrep.pipelines.documents import Document
from sitrep.pipelines.normalize.dates import MONTH_NAMES


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset into the title (in_title) or the text
    end: int
    in_title: bool


# Words after which a period does not end a sentence (titles, initials, months, "U.S.").
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr gen lt col sgt capt maj cpl pvt adm brig cmdr st sen rep gov prof jr sr
    no nos vs etc approx est dept fig inc ltd co corp jan feb mar apr jun jul aug sep sept
    oct nov dec mt ft rev hon pres e w n s u.s u.k u.n e.u a.m p.m u.s.a d.c""".split()
)

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, whitespace;
# or, in text glued by scraping ("the day.The paper"), a period between a lowercase word and
# a capitalised one, or a closing quote right after a period ('forces.”Kim').
_MONTH_ENTRY = rf"\d{{1,2}}\s+(?:{'|'.join(MONTH_NAMES)})(?:\s+\d{{4}})?:\s"
_BOUNDARY = re.compile(
    r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])"""
    r"""|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z]*[\s,])"""
    # ... or after a number or a closing quote ('injured another 15.Twenty', 'safe".Car')
    r"""|(?<=\d[.!?])(?=[A-Z][a-z]+[\s,])"""
    r"""|(?<=[a-z]["”’][.!?])(?=[A-Z][a-z]*[\s,])"""
    r"""|(?<=[a-z][.!?][”"])(?=[A-Z])"""
    # a timeline entry glued to the previous one: "... with the EU 17 December: Russia agrees ..."
    rf"""|(?<=[a-z,)])\s+(?={_MONTH_ENTRY})"""
)
# Where a _BOUNDARY match can start, found by scans that skip ahead fast (a regex whose
# alternatives open with lookbehinds is tried at every character): terminal punctuation,
# a capital right after punctuation or a closing quote, and the whitespace before a
# timeline entry. _boundaries() tries _BOUNDARY only there.
_BOUNDARY_HINT = re.compile(r"""[.!?”"]""")
_TIMELINE_ENTRY = re.compile(_MONTH_ENTRY)
_WORD_BEFORE = re.compile(r"([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)\.*$")
# Headlines glued by ";" (no space after) or any ";" in a headline document.
_GLUED_SEMICOLON = re.compile(r";(?=\S)")
_ANY_SEMICOLON = re.compile(r";")
# Paragraph breaks and bullets end a sentence whatever comes before them.
_PARAGRAPH = re.compile(r"\s*(?:\n|•|\u25cf|\u25aa)+\s*")
_SEPARATOR = re.compile(r"[\n•\u25cf\u25aa]")  # what every _PARAGRAPH match holds
# Fragments that are only separators or empty ("-", "–").
_EMPTY_FRAGMENT = re.compile(r"^[\s\-–—|:;.,]*$")


@dataclass(frozen=True)
class Paragraph:
    """A stretch of the title or the text between paragraph breaks; no sentence crosses one."""

    in_title: bool
    start: int
    end: int


def paragraphs(doc: Document) -> list[Paragraph]:
    """The paragraphs of the title and the text, in reading order."""
    out = []
    if doc.title and doc.title.strip():
        out += [Paragraph(True, a, b) for a, b in _spans_between(_paragraph_breaks(doc.title, 0, len(doc.title)), 0, len(doc.title))]
    text = doc.text or ""
    start = _title_copy_end(doc)
    out += [Paragraph(False, a, b) for a, b in _spans_between(_paragraph_breaks(text, start, len(text)), start, len(text))]
    return out


_LINE_END = re.compile(r"[ \t\r]*(?:\n|$)")


def _title_copy_end(doc: Document) -> int:
    """Where the text's own copy of the title ends, when the text opens with it on a line of its
    own (fetched pages do): that line is the title read a second time, not another mention.
    0 when there is none. Brief titles are never read (extract._worth_reading), so a brief
    keeps its text whole."""
    title = (doc.title or "").strip()
    text = doc.text or ""
    if not title or (doc.kind or "") == "brief":
        return 0
    lead = len(text) - len(text.lstrip())
    if not text.startswith(title, lead):
        return 0
    end = lead + len(title)
    return end if _LINE_END.match(text, end) else 0


def paragraph_sentences(doc: Document, paragraph: Paragraph) -> list[Sentence]:
    """The sentences of one paragraph, with offsets into the title or the text."""
    if paragraph.in_title:
        spans = _paragraph_pieces(doc.title, paragraph.start, paragraph.end, split_sentences=False, headline=True)
        return [Sentence(doc.title[a:b], a, b, True) for a, b in spans]
    headline = (doc.kind or "") == "headline"
    spans = _paragraph_pieces(doc.text, paragraph.start, paragraph.end, split_sentences=True, headline=headline)
    return [Sentence(doc.text[a:b], a, b, False) for a, b in spans]


def document_sentences(doc: Document) -> list[Sentence]:
    """Every sentence of the title and the text, in reading order."""
    return [s for p in paragraphs(doc) for s in paragraph_sentences(doc, p)]


def sentence_spans(text: str, headline: bool = False) -> list[tuple[int, int]]:
    """(start, end) of every sentence of a running text."""
    return _pieces(text, split_sentences=True, headline=headline)


def _pieces(text: str, split_sentences: bool, headline: bool) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for p_start, p_end in _spans_between(_paragraph_breaks(text, 0, len(text)), 0, len(text)):
        spans += _paragraph_pieces(text, p_start, p_end, split_sentences, headline)
    return spans


def _paragraph_pieces(text: str, start: int, end: int, split_sentences: bool, headline: bool) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    semicolon = _ANY_SEMICOLON if headline else _GLUED_SEMICOLON
    for h_start, h_end in _spans_between(semicolon.finditer(text, start, end), start, end):
        if split_sentences:
            spans.extend(_sentences(text, h_start, h_end))
        else:
            spans.append((h_start, h_end))
    return [_trim(text, s, e) for s, e in spans if not _EMPTY_FRAGMENT.match(text[s:e])]


def _spans_between(separators: Iterable[re.Match], start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for m in separators:
        spans.append((cursor, m.start()))
        cursor = m.end()
    spans.append((cursor, end))
    return spans


def _paragraph_breaks(text: str, start: int, end: int) -> Iterator[re.Match]:
    """What _PARAGRAPH.finditer(text, start, end) finds. A match starts at the whitespace
    run before a separator character, so only those places are tried."""
    pos = start
    for sep in _SEPARATOR.finditer(text, start, end):
        at = sep.start()
        if at < pos:
            continue
        while at > pos and text[at - 1].isspace():
            at -= 1
        m = _PARAGRAPH.match(text, at, end)
        if m is not None:  # always, by construction
            yield m
            pos = m.end()


def _boundaries(text: str, start: int, end: int) -> Iterator[re.Match]:
    """What _BOUNDARY.finditer(text, start, end) finds, trying only where a match can start."""
    candidates = set()
    for hint in _BOUNDARY_HINT.finditer(text, start, end):
        at = hint.start()
        if text[at] in ".!?":
            candidates.add(at)
        if at + 1 < end and "A" <= text[at + 1] <= "Z":
            candidates.add(at + 1)
    for entry in _TIMELINE_ENTRY.finditer(text, start, end):
        at = entry.start()
        while at > start and text[at - 1].isspace():
            at -= 1
        if at < entry.start():
            candidates.add(at)
    pos = start
    for at in sorted(candidates):
        if at < pos:
            continue
        m = _BOUNDARY.match(text, at, end)
        if m is not None:
            yield m
            # an empty match (a glued boundary) cannot be followed by a longer one here:
            # those start at punctuation or whitespace, the empty ones before a capital
            pos = m.end() if m.end() > at else at + 1


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for m in _boundaries(text, start, end):
        if _is_abbreviation(text, cursor, m.start(), m.group()):
            continue
        spans.append((cursor, m.end()))
        cursor = m.end()
    spans.append((cursor, end))
    return spans


def _is_abbreviation(text: str, cursor: int, dot: int, punct: str) -> bool:
    if not punct.startswith(".") or punct.startswith(".."):
        return False
    word = _WORD_BEFORE.search(text[max(cursor, dot - 12) : dot])
    if word is None:
        return False
    w = word.group(1).lower()
    # single letters are initials ("George W. Bush"); dotted forms ("U.S.") are acronyms
    return w in _ABBREVIATIONS or len(w) == 1 or "." in w


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\r-–—|":
        start += 1
    while end > start and text[end - 1] in " \t\r":
        end -= 1
    return start, end


# ---------------------------------------------------------------- the `segment` stage

_MARKUP = re.compile(r"https?://|www\.|\]\(|<[a-z/]")
_SLUG = re.compile(r"^[\w,.'’]+(?:-[\w,.'’]+){3,}$")


def worth_reading(sentence: Sentence, doc: Document) -> bool:
    """Brief titles are topic labels of the news summary ("Kursk offensive"), never assertions;
    lines that are mostly links or markup assert nothing either."""
    if sentence.in_title and (doc.kind or "") == "brief":
        return False
    if _MARKUP.search(sentence.text) and len(_MARKUP.sub(" ", sentence.text).split()) < 8:
        return False
    return True


def readable(text: str, wire_slugs: str | None = None) -> str:
    """A URL slug title ("russia-lost-62,400-soldiers") read as words; a wire service's slug
    before a headline ("UPDATE 4-Three dead ...", `wire_slugs`: an alternation of the slug
    words) blanked, so that its number does not run into the headline's. Same length, same
    offsets."""
    if _SLUG.match(text):
        return text.replace("-", " ")
    if wire_slugs:
        m = _wire_slug(wire_slugs).match(text)
        if m:
            return " " * m.end() + text[m.end() :]
    return text


@lru_cache(maxsize=4)
def _wire_slug(alternation: str) -> re.Pattern:
    # capitals as the wires write them ("UPDATE 2-", "WRAPUP 1-", "RPT-"), right before the headline
    return re.compile(rf"^\s*(?:{alternation})(?:\s+\d{{1,2}})?-(?=\S)")


class DocumentSentences:
    """The sentences worth reading of one document, in reading order: what `segment` gives
    `match` and `annotate`. A paragraph is split on first need and only once: matching
    splits only the paragraphs where a trigger may match, annotating reads them all."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._paragraphs: list[Paragraph] | None = None
        self._split: dict[Paragraph, list[Sentence]] = {}

    @property
    def paragraphs(self) -> list[Paragraph]:
        if self._paragraphs is None:
            self._paragraphs = paragraphs(self.doc)
        return self._paragraphs

    def of(self, paragraph: Paragraph) -> list[Sentence]:
        """The sentences worth reading of one paragraph."""
        found = self._split.get(paragraph)
        if found is None:
            found = self._split[paragraph] = [
                s for s in paragraph_sentences(self.doc, paragraph) if worth_reading(s, self.doc)
            ]
        return found

    def all(self) -> list[Sentence]:
        return [s for p in self.paragraphs for s in self.of(p)]


def segment(doc: Document) -> DocumentSentences:
    """Stage `segment`: a document → its sentences worth reading (split lazily, see DocumentSentences)."""
    return DocumentSentences(doc)
