"""Person and personnel nouns attached to a trigger: where the noun phrase or the subject
ends is read from the lexicons noun_phrase_stop, subject_break, object_break and
object_head_end."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from sitrep.pipelines.extract.match import sentence_triggers
from sitrep.pipelines.extract.match.people import person_after, person_before, personnel_near


def _words(text: str, span) -> str | None:
    return text[span[0] : span[1]] if span else None


def _emptied(rules, name: str):
    return replace(rules, words={**rules.words, name: re.compile("qqqq")})


@pytest.mark.parametrize(
    ("text", "verb", "expected"),
    [
        ("Gunmen seized two truck drivers.", "seized", "drivers"),
        # the phrase ends at "with": the drivers are not what was seized
        ("Gunmen seized a truck with two drivers inside.", "seized", None),
    ],
)
def test_a_noun_phrase_stop_ends_the_object(resources, text, verb, expected):
    end = text.index(verb) + len(verb)
    assert _words(text, person_after(text, end, resources.rules)) == expected
    if expected is None:  # without the list the noun past the stop is taken
        assert person_after(text, end, _emptied(resources.rules, "noun_phrase_stop")) is not None


@pytest.mark.parametrize(
    ("text", "verb", "expected"),
    [
        ("The soldiers of the convoy were seized.", "seized", "soldiers"),
        # "but" opens another clause: the soldiers are not the subject of "captured"
        ("The soldiers left the post, but the depot was later captured.", "captured", None),
    ],
)
def test_a_subject_break_ends_the_subject(resources, text, verb, expected):
    start = text.index(verb)
    assert _words(text, person_before(text, start, 0, resources.rules)) == expected
    if expected is None:
        assert person_before(text, start, 0, _emptied(resources.rules, "subject_break")) is not None


@pytest.mark.parametrize(
    ("lexicon", "text", "expected"),
    [
        ("object_break", "The army deployed 300 soldiers to the border.", "soldiers"),
        # "where" opens another clause: the soldiers there were not deployed
        ("object_break", "The army deployed drones where soldiers had been ambushed.", None),
        ("object_head_end", "The navy sent 300 marines to the strait.", "marines"),
        ("object_head_end", "The navy sent two frigates to the strait and 300 marines.", "marines"),
        # the object's head ends at "to": marines named later in the phrase were not what was sent
        ("object_head_end", "The navy sent two frigates to the strait with 300 marines.", None),
    ],
)
def test_a_break_or_a_preposition_ends_what_a_deployment_sends(resources, lexicon, text, expected):
    """Where `expected` is None, the `lexicon` is what ends the phrase: emptied, the people are found."""
    trigger = next(t for t in sentence_triggers(text, resources.rules) if t.label == "deployment")
    assert _words(text, personnel_near(text, trigger, 0, resources.rules, "after")) == expected
    if expected is None:
        assert personnel_near(text, trigger, 0, _emptied(resources.rules, lexicon), "after") is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a personnel noun followed by a word of head_follow heads its phrase: the subject
        ("Some 300 paratroopers from the base were deployed to the airport.", "paratroopers"),
        ("Two hundred marines also were deployed to the port.", "marines"),
        # followed by another noun it only modifies it: no personnel were deployed
        ("Marine patrol boats were deployed to the port.", None),
    ],
)
def test_a_personnel_subject_is_a_noun_heading_its_phrase(resources, text, expected):
    trigger = next(t for t in sentence_triggers(text, resources.rules) if t.label == "deployment")
    assert _words(text, personnel_near(text, trigger, 0, resources.rules, "before")) == expected
    if expected is not None:  # without the lexicon head_follow the noun is taken for a modifier
        emptied = replace(resources.rules, alternations={**resources.rules.alternations, "head_follow": "(?:qqqq)"})
        assert personnel_near(text, trigger, 0, emptied, "before") is None
