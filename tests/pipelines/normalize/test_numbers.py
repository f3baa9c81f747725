"""Counts of people as the text states them."""
from __future__ import annotations

from dataclasses import replace

import pytest
from sitrep.pipelines.normalize.numbers import count_phrases, parse_count, parse_number


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("2,700", 2700),
        ("12", 12),
        ("seventy-eight", 78),
        ("twenty one", 21),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("1.2 million", 1_200_000),
        ("three hundred", 300),
        ("dozens", None),
        ("hundreds", None),
    ],
)
def test_parse_number_reads_digits_words_and_idioms(resources, phrase, value):
    assert parse_number(phrase, resources.rules) == value


@pytest.mark.parametrize(
    ("phrase", "value", "qualifier", "high"),
    [
        ("at least 27", 27, "at_least", None),
        ("more than 3,000", 3000, "at_least", None),
        ("more than a dozen", 12, "at_least", None),
        ("about 300", 300, "approx", None),
        ("an estimated 40", 40, "approx", None),
        ("up to 25", 25, "at_most", None),
        ("nearly 90", 90, "at_most", None),
        ("between 10 and 15", 10, "range", 15),
        ("400-500", 400, "range", 500),
        ("five", 5, "exact", None),
    ],
)
def test_parse_count_reads_qualifiers(resources, phrase, value, qualifier, high):
    c = parse_count(phrase, resources.rules)
    assert (c.value, c.qualifier, c.high) == (value, qualifier, high)


def test_vague_quantities_have_no_value(resources):
    c = parse_count("dozens of", resources.rules)
    assert c.vague and c.qualifier is None


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("In 2022, 40 people fled.", [40]),
        ("The raid lasted 3 hours and 5 died.", [5]),
        ("Prices rose 12% as 7 were hurt.", [7]),
        ("A seven-day truce freed 30 captives.", [30]),
    ],
)
def test_count_phrases_skip_years_durations_and_percentages(resources, text, values):
    assert [c.value for c in count_phrases(text, resources.rules)] == values


def test_quantity_idioms_and_qualifier_cues_are_the_lexicons(resources):
    """An idiom added to pair_quantity states two; a cue added to approx_cue makes an estimate."""
    rules = resources.rules
    assert parse_count("a brace of", rules) is None
    assert parse_count("give or take 30", rules) is None
    lexicons = dict(rules.lexicons)
    lexicons["pair_quantity"] = (*lexicons["pair_quantity"], "a brace of")
    lexicons["approx_cue"] = (*lexicons["approx_cue"], "give or take")
    more = replace(rules, lexicons=lexicons)
    brace, estimate = parse_count("a brace of", more), parse_count("give or take 30", more)
    assert (brace.value, brace.qualifier) == (2, "exact")
    assert (estimate.value, estimate.qualifier) == (30, "approx")
