"""Split a document into sentences that keep their offsets into the title or the text.

The title is its own sentence. Paragraphs (newlines) always end a sentence. Headline
documents hold several headlines joined by ";": each is a sentence of its own, and so
are the parts of a title or paragraph joined by ";" with no space (the way feeds glue
headlines together), while "a; b" inside running prose stays one sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.documents import Document


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
_BOUNDARY = re.compile(
    r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])"""
    r"""|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z]*[\s,])"""
    r"""|(?<=[a-z][.!?][”"])(?=[A-Z])"""
    # a timeline entry glued to the previous one: "... with the EU 17 December: Russia agrees ..."
    r"""|(?<=[a-z,)])\s+(?=\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+\d{4})?:\s)"""
)
_WORD_BEFORE = re.compile(r"([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)\.*$")
# Headlines glued by ";" (no space after) or any ";" in a headline document.
_GLUED_SEMICOLON = re.compile(r";(?=\S)")
_ANY_SEMICOLON = re.compile(r";")
# Paragraph breaks and bullets end a sentence whatever comes before them.
_PARAGRAPH = re.compile(r"\s*(?:\n|•|\u25cf|\u25aa)+\s*")
# Fragments that are only separators or empty ("-", "–").
_EMPTY_FRAGMENT = re.compile(r"^[\s\-–—|:;.,]*$")


def document_sentences(doc: Document) -> list[Sentence]:
    """Every sentence of the title and the text, in reading order."""
    headline = (doc.kind or "") == "headline"
    out: list[Sentence] = []
    if doc.title and doc.title.strip():
        for start, end in _pieces(doc.title, split_sentences=False, headline=True):
            out.append(Sentence(doc.title[start:end], start, end, True))
    for start, end in _pieces(doc.text or "", split_sentences=True, headline=headline):
        out.append(Sentence(doc.text[start:end], start, end, False))
    return out


def sentence_spans(text: str, headline: bool = False) -> list[tuple[int, int]]:
    """(start, end) of every sentence of a running text."""
    return _pieces(text, split_sentences=True, headline=headline)


def _pieces(text: str, split_sentences: bool, headline: bool) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    semicolon = _ANY_SEMICOLON if headline else _GLUED_SEMICOLON
    for p_start, p_end in _split_on(text, _PARAGRAPH, 0, len(text)):
        for h_start, h_end in _split_on(text, semicolon, p_start, p_end):
            if split_sentences:
                spans.extend(_sentences(text, h_start, h_end))
            else:
                spans.append((h_start, h_end))
    return [_trim(text, s, e) for s, e in spans if not _EMPTY_FRAGMENT.match(text[s:e])]


def _split_on(text: str, pattern: re.Pattern, start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for m in pattern.finditer(text, start, end):
        spans.append((cursor, m.start()))
        cursor = m.end()
    spans.append((cursor, end))
    return spans


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for m in _BOUNDARY.finditer(text, start, end):
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
