"""Sentence splitting keeps offsets into the title or the text."""
from __future__ import annotations

import pytest
from sitrep.pipelines.documents import Document
from sitrep.pipelines.segment import document_sentences, readable, segment, sentence_spans

from tests.support.texts import DEV, dev_documents, own_documents


def texts(text: str, headline: bool = False) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text, headline=headline)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels attacked a base. Two guards died.", ["Rebels attacked a base.", "Two guards died."]),
        ("Gen. Lee said U.S. troops left. Others stayed.", ["Gen. Lee said U.S. troops left.", "Others stayed."]),
        ("First line\nSecond line", ["First line", "Second line"]),
        ("Facts: • One man was hurt. • Two shops burned.", ["Facts:", "One man was hurt.", "Two shops burned."]),
        ("He fled the town.A convoy followed later.", ["He fled the town.", "A convoy followed later."]),
        # glued after a number or a closing quote; a decimal is no boundary
        ("Raiders wounded another 12.Nine were killed.", ["Raiders wounded another 12.", "Nine were killed."]),
        ('He called it "a massacre".Police disagreed.', ['He called it "a massacre".', "Police disagreed."]),
        ("The toll rose by 2.5 percent.", ["The toll rose by 2.5 percent."]),
        ("A clash; two were hurt in it.", ["A clash; two were hurt in it."]),
        ("One killed in raid;Two hurt in blast", ["One killed in raid", "Two hurt in blast"]),
        ('"We will stay," he said. Then he left.', ['"We will stay," he said.', "Then he left."]),
    ],
)
def test_sentence_spans_split_where_a_reader_would(text, expected):
    assert texts(text) == expected


def test_headline_documents_split_on_every_semicolon():
    assert texts("Three hurt in attack; army responds", headline=True) == ["Three hurt in attack", "army responds"]


def test_separator_fragments_are_dropped():
    assert texts("-;Five soldiers wounded near the front", headline=True) == ["Five soldiers wounded near the front"]


def test_document_sentences_keep_offsets_into_title_and_text():
    doc = Document(doc_id="d", title="Two killed in blast", text="A bomb went off. Two people died.", kind="article")
    sents = document_sentences(doc)
    assert [s.in_title for s in sents] == [True, False, False]
    for s in sents:
        source = doc.title if s.in_title else doc.text
        assert source[s.start : s.end] == s.text


def test_a_text_opening_with_its_title_is_not_read_as_a_second_headline():
    title = "Two killed in blast"
    doc = Document(doc_id="d", title=title, text=f"{title}\n\nA bomb went off. Two people died.", kind="article")
    sents = document_sentences(doc)
    assert [(s.in_title, s.text) for s in sents] == [
        (True, title), (False, "A bomb went off."), (False, "Two people died.")]
    for s in sents:
        assert (doc.title if s.in_title else doc.text)[s.start : s.end] == s.text


def test_a_title_that_only_begins_the_first_sentence_leaves_the_text_whole():
    doc = Document(doc_id="d", title="Two killed", text="Two killed in a blast at dawn, police said.", kind="article")
    assert [s.text for s in document_sentences(doc) if not s.in_title] == ["Two killed in a blast at dawn, police said."]


# The boundary and paragraph scans only try the regexes where a match can start; they must
# find exactly what the plain finditer finds.
TRICKY = [
    "He said.The paper ran it. Then: “We left.”Kim spoke... and then?? No!",
    'It rose to 15.Twenty more "were hurt".Police said 2.5 Km.',
    "Talks with the EU 17 December: Russia agrees; 3 May 2024: talks end",
    "Line one  \n\n  • bullet one • bullet two\u25cf three \u25aa four\n",
    "U.S. forces arrived at 5 p.m. Gen. Smith said so. A. B. Cole agreed.",
    "",
    "\n\n",
]


def _same_scans(texts) -> int:
    from sitrep.pipelines import segment

    found = 0
    for text in texts:
        n = len(text)
        assert [m.span() for m in segment._paragraph_breaks(text, 0, n)] == [m.span() for m in segment._PARAGRAPH.finditer(text, 0, n)]
        fast = [m.span() for m in segment._boundaries(text, 0, n)]
        assert fast == [m.span() for m in segment._BOUNDARY.finditer(text, 0, n)], text[:80]
        found += len(fast)
    return found


def test_fast_scans_match_the_regexes_on_tricky_text():
    assert _same_scans(TRICKY) > 5


def test_fast_scans_match_the_regexes_on_our_texts():
    assert _same_scans([t for d in own_documents() for t in (d.title, d.text)]) > 15


@pytest.mark.skipif(not DEV.exists(), reason="../shared/corpus/dev.jsonl not present")
def test_fast_scans_match_the_regexes_on_dev():
    assert _same_scans([t for d in dev_documents() for t in (d.title, d.text)]) > 500


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        # an article's title is read; a brief's title is a topic label, never an assertion
        (Document(doc_id="a", title="Two guards died", text="Rebels attacked a base.", kind="article"),
         ["Two guards died", "Rebels attacked a base."]),
        (Document(doc_id="b", title="Border war", text="Rebels attacked a base.", kind="brief"), ["Rebels attacked a base."]),
        # a line that is mostly a link asserts nothing; a sentence that merely holds one does
        (Document(doc_id="c", text="Read more: https://example.org/a/b\nTwo guards died, its report at www.example.org says here."),
         ["Two guards died, its report at www.example.org says here."]),
    ],
)
def test_segment_gives_the_sentences_worth_reading(doc, expected):
    sentences = segment(doc)
    assert [s.text for s in sentences.all()] == expected
    # paragraph by paragraph, the same sentences in the same order
    assert [s for p in sentences.paragraphs for s in sentences.of(p)] == sentences.all()
    assert set(sentences.all()) <= set(document_sentences(doc))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rebels-seize-airport-in-north", "rebels seize airport in north"),
        ("Pro-government forces retook the town.", "Pro-government forces retook the town."),
    ],
)
def test_readable_reads_a_slug_as_words_keeping_offsets(text, expected):
    assert readable(text) == expected
    assert len(readable(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UPDATE 2-Six guards dead", "         Six guards dead"),
        ("RPT-Six guards dead", "    Six guards dead"),
        ("Updated 2-Six guards dead", "Updated 2-Six guards dead"),  # not a slug as the wires write it
        ("Six guards dead in UPDATE 2-raid", "Six guards dead in UPDATE 2-raid"),  # only before the headline
    ],
)
def test_readable_blanks_a_wire_slug_keeping_offsets(text, expected):
    assert readable(text, "(?:UPDATE|RPT)") == expected
    assert len(readable(text, "(?:UPDATE|RPT)")) == len(text)
