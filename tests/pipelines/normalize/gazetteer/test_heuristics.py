"""When a gazetteer hit is no country reference: person names, case, generic region names."""
from __future__ import annotations

import pytest
from sitrep.pipelines.extract.rules import DEFAULT_SEEDS
from sitrep.pipelines.extract.wordlists import load_wordlists
from sitrep.pipelines.normalize.gazetteer.entries import Entry
from sitrep.pipelines.normalize.gazetteer.heuristics import (
    case_ok,
    is_generic_name,
    is_title_case,
    looks_like_person,
    name_words,
    next_to_name,
)

WORDS = name_words(load_wordlists(DEFAULT_SEEDS, "gazetteer"))


def around(check, text: str, name: str) -> bool:
    start = text.index(name)
    return check(text, start, start + len(name), WORDS)


@pytest.mark.parametrize(
    ("text", "name", "person"),
    [
        ("Michael Jordan scored twice.", "Jordan", True),  # a first name before it
        ("Chad Smith played the drums.", "Chad", True),  # a surname after it
        ("Troops entered Jordan on Monday.", "Jordan", False),
        ("Visiting Jordan, the minister said.", "Jordan", False),  # a verb opens the sentence
        ("The President of Chad spoke.", "Chad", False),  # an institution word
    ],
)
def test_looks_like_person_tells_an_ambiguous_name_from_a_person(text, name, person):
    assert around(looks_like_person, text, name) is person


@pytest.mark.parametrize(
    ("text", "name", "beside"),
    [
        ("Senator Marco Rubio said so.", "Marco", True),
        ("Fighting in Marco province went on.", "Marco", False),  # a place word after it
        ("Shelling hit Avdiivka overnight.", "Avdiivka", False),
    ],
)
def test_next_to_name_finds_a_derived_town_inside_a_personal_name(text, name, beside):
    assert around(next_to_name, text, name) is beside


@pytest.mark.parametrize(
    ("found", "lenient", "ok"),
    [("Turkey", False, True), ("turkey", False, False), ("turkey", True, True)],
)
def test_case_ok_wants_the_datas_capitals_unless_the_text_has_none(found, lenient, ok):
    assert case_ok(Entry("TUR", "name", "Turkey", False, 0), found, lenient, WORDS) is ok


@pytest.mark.parametrize(
    ("key", "generic"), [("north-west", True), ("east", True), ("littoral", True), ("kharkiv", False), ("new york", False)]
)
def test_is_generic_name_knows_directions_from_names(key, generic):
    assert is_generic_name(key) is generic


def test_is_title_case_needs_most_words_capitalised():
    assert is_title_case("Russian Troops Enter Eastern Ukraine Town")
    assert not is_title_case("Russian troops enter eastern Ukraine town")


def test_modifier_and_sympathy_patterns():
    assert WORDS.modifier.match("-led coalition").group(1) == "led"
    assert WORDS.modifier.match(" led the coalition") is None
    assert WORDS.pro_anti.search("pro-") and WORDS.pro_anti.search("Anti-") and WORDS.pro_anti.search("ANTI-")
    assert WORDS.pro_anti.search("repro-") is None
    assert WORDS.pro_anti.search("pRo-") is None  # (only lower case, capitalised or capitals)
