"""The literal gate: which literals a regex requires, and that gating never changes output."""
from __future__ import annotations

import re

import pytest
from sitrep.pipelines.extract import extract_events
from sitrep.pipelines.extract.gate import LiteralGate, required_literals
from sitrep.pipelines.normalize.text import MARK, word_marked
from sitrep.pipelines.segment import document_sentences

from tests.support.texts import DEV, dev_documents, own_documents


@pytest.fixture(scope="module")
def rules(resources):
    return resources.rules


def shown(literals):
    """Literals with the word mark written as "_", for readable expectations."""
    return None if literals is None else {lit.replace(MARK, "_") for lit in literals}


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        # word boundaries become marks on both sides; an optional suffix gives two spellings
        (r"\bkill(?:s|ed)?\b", 0, {"_kill_", "_kills_", "_killed_"}),
        # the longer literal run wins; a required whitespace run is a mark after it
        (r"\bprisoners?\s+swap", 0, {"_prisoner_", "_prisoners_"}),
        # a literal space is itself a mark (any non-word character in the text)
        (r"\d+ killed\b", 0, {"_killed_"}),
        # case does not matter: texts are lower-cased before the scan
        (r"DEAD", re.IGNORECASE, {"dead"}),
        (r"[Ss]hot", 0, {"shot"}),
        # alternatives that each require a literal give the union
        (r"(?:troops\s+\w+|soldiers)\b", 0, {"troops_", "soldiers_"}),
        # lookarounds are not required text; the literal after them is
        (r"(?<!\bnot\s)\bwar\b", 0, {"_war_"}),
        # nothing required: no literal, the regex is always run
        (r"x*", 0, None),
        (r"(?:foo|\d+)", 0, None),
        (r"\w+", 0, None),
    ],
)
def test_required_literals(pattern, flags, expected):
    assert shown(required_literals(re.compile(pattern, flags))) == expected


def test_every_shipped_trigger_has_literals(rules):
    # a trigger without literals would be run on every sentence: the gate would not gate
    assert [t.spec.id for t in rules.triggers if not required_literals(t.regex)] == []


def test_gate_possible_and_any():
    gate = LiteralGate([re.compile(r"\bkilled\b"), re.compile(r"swap"), re.compile(r"\d+")])
    assert gate.possible(word_marked("Two were killed.", strict=False, end=True)) == {0, 2}
    assert gate.possible(word_marked("they swapped", strict=False, end=True)) == {1, 2}
    # "killed" inside a longer word is no whole-word match
    assert gate.possible(word_marked("unkilledx", strict=False, end=True)) == {2}
    # where no marked text can be made, everything is possible
    assert gate.possible(None) == {0, 1, 2}
    assert LiteralGate([re.compile(r"\bkilled\b")]).any_possible(word_marked("calm day", strict=False, end=True)) is False


def _sentences(docs):
    return [s.text for d in docs for s in document_sentences(d)]


def _check_sound(rules, sentences):
    """Wherever a regex matches a sentence, the gate lets it through there."""
    groups = ((rules.gate, [t.regex for t in rules.triggers]), (rules.cue_gate, [c.regex for c in rules.cues]))
    checked = 0
    for text in sentences:
        marked = word_marked(text, strict=False, end=True)
        for gate, regexes in groups:
            possible = gate.possible(marked)
            for i, regex in enumerate(regexes):
                if regex.search(text):
                    checked += 1
                    assert i in possible, (regex.pattern[:60], text)
    return checked


def test_gate_is_sound_on_our_texts(rules):
    assert _check_sound(rules, _sentences(own_documents())) > 100


def _same_events(resources, docs):
    events = 0
    for doc in docs:
        gated = extract_events(doc, resources)
        assert gated == extract_events(doc, resources, gated=False), doc.doc_id
        events += len(gated)
    return events


def test_gating_changes_no_output_on_our_texts(resources):
    assert _same_events(resources, own_documents()) > 30


@pytest.mark.skipif(not DEV.exists(), reason="../shared/corpus/dev.jsonl not present")
def test_gating_changes_no_output_on_dev(rules, resources):
    docs = dev_documents()
    assert _check_sound(rules, _sentences(docs)) > 1000
    assert _same_events(resources, docs) > 200
