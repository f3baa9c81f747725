"""Every cue and every lexicon carries its own example sentences; all of them run here.

A "+ " example is one the cue applies to (or where a word of the list occurs), a "- "
example one it does not: each entry has to show the class it names on both sides.
"""
from __future__ import annotations

import pytest
from sitrep.pipelines.extract import load_rules
from sitrep.pipelines.extract.match import cue_fires
from sitrep.pipelines.extract.rules import split_examples

RULES = load_rules()

CUE_EXAMPLES = [
    pytest.param(cue, text, fires, id=f"{cue.spec.id}:{'+' if fires else '-'}{text[:40]}")
    for cue in RULES.cues
    for text, fires in split_examples(cue.spec.examples)
]
LEXICON_EXAMPLES = [
    pytest.param(name, text, fires, id=f"{name}:{'+' if fires else '-'}{text[:40]}")
    for name, examples in (RULES.lexicon_examples or {}).items()
    for text, fires in split_examples(examples)
]


@pytest.mark.parametrize(("cue", "text", "fires"), CUE_EXAMPLES)
def test_cue_example(cue, text, fires):
    assert cue_fires(text, cue, RULES) is fires


@pytest.mark.parametrize(("name", "text", "fires"), LEXICON_EXAMPLES)
def test_lexicon_example(name, text, fires):
    assert (RULES.words[name].search(text) is not None) is fires


def test_every_cue_and_lexicon_has_examples_both_ways():
    assert set(RULES.lexicon_examples or {}) == set(RULES.lexicons)
    for examples in [c.spec.examples for c in RULES.cues] + list((RULES.lexicon_examples or {}).values()):
        kinds = {fires for _, fires in split_examples(examples)}
        assert kinds == {True, False}
