"""Sentence in, events out: regression cases for the extractor, in our own words.

Each case is one short text and the events expected from it (event type plus the
fields worth pinning); an empty list means the text asserts no event.
"""
from __future__ import annotations

from datetime import date

import pytest
from sitrep.pipelines.documents import Document
from sitrep.pipelines.extract import extract_events
from sitrep.pipelines.schemas import EVENT_FIELDS

from tests.support.extraction_cases import CASES


def extract(resources, text: str, kind: str = "brief", title: str = "", published: date | None = date(2024, 5, 10)):
    doc = Document(doc_id="t", title=title, text=text, kind=kind, published_at=published)
    return extract_events(doc, resources)




def _case(case: tuple) -> tuple[str, str, list]:
    return (case[0], "brief", case[1]) if len(case) == 2 else case


@pytest.mark.parametrize(("text", "kind", "expected"), [_case(c) for c in CASES], ids=[c[0][:50] for c in CASES])
def test_extract_events_from_one_sentence(resources, text, kind, expected):
    rows = extract(resources, text, kind=kind)
    assert [r["event_type"] for r in rows] == [e for e, _ in expected]
    for row, (_, fields) in zip(rows, expected, strict=True):
        for name, value in fields.items():
            assert row[name] == value, name


def test_two_event_types_in_one_sentence_give_two_rows(resources):
    rows = extract(resources, "Militants killed 12 people and abducted 3 women in the raid.")
    assert sorted((r["event_type"], r.get("killed"), r.get("captured")) for r in rows) == [
        ("capture", None, 3),
        ("casualty_report", 12, None),
    ]


def test_rows_carry_rule_id_evidence_and_offsets(resources):
    text = "Fighting resumed. Five soldiers were killed overnight."
    (row,) = extract(resources, text)
    assert set(row) <= set(EVENT_FIELDS.names)
    assert row["rule_id"].startswith("casualty.")
    assert text[row["char_start"] : row["char_end"]] == row["evidence"] == "Five soldiers were killed overnight."
    assert row["in_title"] is False and isinstance(row["hedged"], bool)


def test_hedged_reports_are_events_marked_hedged(resources):
    (row,) = extract(resources, "Twenty rebels were reportedly killed in the raid.")
    assert row["killed"] == 20 and row["hedged"] is True


def test_brief_titles_are_topic_labels_not_mentions(resources):
    assert extract(resources, "Talks resumed.", kind="brief", title="Prisoner exchange between two states") == []


def test_article_title_that_states_an_event_is_a_mention(resources):
    rows = extract(resources, "Talks resumed.", kind="article", title="Nine soldiers killed in border clash")
    assert [(r["in_title"], r["killed"]) for r in rows] == [(True, 9)]


def test_a_page_whose_text_repeats_its_title_gives_each_headline_event_once(resources):
    title = "Nine soldiers killed in border clash"
    rows = extract(resources, f"{title}\nTalks resumed after the clash.", kind="article", title=title)
    assert [(r["in_title"], r["char_start"], r["killed"]) for r in rows] == [(True, 0, 9)]


def test_slug_titles_are_read_as_words(resources):
    rows = extract(resources, "Talks resumed.", kind="article", title="army-says-40-militants-killed-in-raid")
    assert [r["killed"] for r in rows] == [40]


def test_headlines_joined_by_semicolons_are_separate_mentions(resources):
    rows = extract(resources, "Three soldiers killed in shelling;Blast wounds two civilians", kind="headline")
    assert [(r["killed"], r["injured"]) for r in rows] == [(3, None), (None, 2)]


def test_disaster_document_gives_no_casualty_report(resources):
    text = "A powerful earthquake struck the coast. Twelve people are killed and 40 are injured."
    assert extract(resources, text) == []


def test_empty_document_gives_no_events(resources):
    assert extract(resources, "", title="") == []


def test_attribution_alone_is_not_hedging(resources):
    (row,) = extract(resources, "Nine soldiers were killed, according to the army.")
    assert row["hedged"] is False and row["reported_by"] == "the army"


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        # the rule that supplied the figure, whichever trigger comes first in the sentence
        ("Militants killed 12 villagers in the raid.", "casualty.kill_active"),
        ("Twelve villagers were killed in the raid.", "casualty.killed_passive"),
        ("Insurgents shot to death a village chief.", "casualty.kill_active"),
        ("The death toll from the shelling of the market rose to 30.", "casualty.death_toll"),
        ("Kenya deploys 500 troops to Haiti.", "deployment.deploy"),
    ],
)
def test_rule_id_is_the_rule_that_supplied_the_figure(resources, text, rule_id):
    (row,) = extract(resources, text)
    assert row["rule_id"] == rule_id


def test_cue_ids_name_hedges_stage_and_overridden_blocks(resources):
    (hedged,) = extract(resources, "Twenty rebels were reportedly killed in the raid.")
    assert hedged["cue_ids"] == ["hedge.reportedly"]
    (swap,) = extract(resources, "Forty prisoners of war are expected to be exchanged next week.")
    assert swap["stage"] == "agreement" and swap["cue_ids"] == ["stage.scheduled"]
    # a vehicle in the sentence, but an attack on it: the accident block is overridden
    (attack,) = extract(resources, "Militants attacked a truck on the highway, killing nine.")
    assert attack["killed"] == 9 and attack["cue_ids"] == ["not_conflict.disaster"]
    (plain,) = extract(resources, "Nine soldiers were killed in the raid.")
    assert plain["cue_ids"] == []


def test_unnamed_attackers_take_the_country_of_the_place_the_document_gives(resources):
    # the sentence names no country, only "the city": the document places it in Ukraine
    text = "Fighting flared in Kramatorsk, in Donetsk Oblast, on Monday.\nA guard was killed after separatists shelled the city."
    (row,) = extract(resources, text, kind="article")
    assert (row["location_country"], row["actor_country"]) == ("UKR", "UKR")


def test_no_attackers_named_leaves_the_actor_null_whatever_the_place(resources):
    text = "Fighting flared in Kramatorsk, in Donetsk Oblast, on Monday.\nA guard was killed after the shelling of the city."
    (row,) = extract(resources, text, kind="article")
    assert row["location_country"] == "UKR" and row["actor_country"] is None


def test_unnamed_captors_take_the_country_of_the_place_the_document_gives(resources):
    text = "Fighting flared in Kramatorsk, in Donetsk Oblast, on Monday.\nTwo drivers were abducted by militants in the city."
    (row,) = extract(resources, text, kind="article")
    assert row["event_type"] == "capture" and (row["location_country"], row["actor_country"]) == ("UKR", "UKR")


def test_a_total_in_a_second_clause_is_not_added_to_the_dead_before_it(resources):
    # "and the number of people killed reached 9" is a total, not 9 more dead
    (row,) = extract(resources, "Two were killed on Monday and the number of people killed reached 9.")
    assert row["killed"] != 11
