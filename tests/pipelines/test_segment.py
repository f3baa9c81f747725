"""Sentence splitting keeps offsets into the title or the text."""
from __future__ import annotations

import pytest

from pipelines.documents import Document
from pipelines.segment import document_sentences, sentence_spans


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
