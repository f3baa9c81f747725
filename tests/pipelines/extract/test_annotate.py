"""The `annotate` stage on its own: mentions (from `match`) in, event rows out: roles,
counts, dates, places and sources, read from the sentence or the document around it."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sitrep.pipelines.documents import Document
from sitrep.pipelines.extract.annotate import annotate
from sitrep.pipelines.extract.match import SlotValue, match
from sitrep.pipelines.schemas import EVENT_FIELDS
from sitrep.pipelines.segment import segment

PUBLISHED = date(2024, 5, 10)  # a Friday


def annotated(resources, text: str, title: str = "", mend=None):
    sentences = segment(Document(doc_id="t", title=title, text=text, kind="article", published_at=PUBLISHED))
    mentions = match(sentences, resources.rules)
    return annotate([mend(m) for m in mentions] if mend else mentions, sentences, resources)


CASES = [
    # the target's country from a place, the day from a weekday before publication, the source
    ("Gunmen killed four farmers near Maiduguri, Nigeria on Tuesday, police said.",
     {"event_type": "casualty_report", "killed": 4, "killed_qualifier": "exact", "target_country": "NGA",
      "event_date": date(2024, 5, 7), "event_date_precision": "day", "location": "Maiduguri, Nigeria",
      "location_country": "NGA", "location_precision": "city", "reported_by": "police", "rule_id": "casualty.kill_active"}),
    # the subject's country is the actor, the destination the target; a country is a country-level point
    ("Russia deployed 800 troops to Belarus, the defence ministry said.",
     {"event_type": "deployment", "troops": 800, "actor_country": "RUS", "target_country": "BLR",
      "location": "Belarus", "location_precision": "country", "reported_by": "the defence ministry"}),
    # a stated day wins over the publication date
    ("On 3 March, Ukrainian forces captured 20 Russian soldiers near Bakhmut.",
     {"event_type": "capture", "captured": 20, "actor_country": "UKR", "target_country": "RUS",
      "event_date": date(2024, 3, 3), "location": "Bakhmut", "rule_id": "capture.captured_people"}),
    # an exchange row carries its stage and the sides' offers
    ("Kenya and Somalia agreed to swap 50 prisoners next week.",
     {"event_type": "prisoner_exchange_offer", "stage": "agreement", "cue_ids": ["stage.agreement"],
      "actor_country": "KEN", "target_country": "SOM", "prisoners_offered": 50}),
    # place and day come from the sentence before when the event's own names neither
    ("Fighting erupted in Khartoum on Friday. At least 30 civilians were killed, according to medics.",
     {"event_type": "casualty_report", "killed": 30, "killed_qualifier": "at_least", "location": "Khartoum",
      "location_country": "SDN", "event_date": PUBLISHED, "reported_by": "medics", "char_start": 40, "in_title": False}),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_annotate_fills_the_row_of_a_mention(resources, text, expected):
    (row,) = annotated(resources, text)
    assert {k: row[k] for k in expected} == expected
    assert set(row) <= set(EVENT_FIELDS.names)


def test_annotate_writes_the_counts_the_mention_holds(resources):
    """Counts are match's: annotate copies a slot, it does not read the number again."""
    def mend(mention):
        slot = mention.slots["killed"]
        return replace(mention, slots={"killed": SlotValue(7, "approx", 9, slot.np_start, slot.np_end, "number", "test.rule")})

    (row,) = annotated(resources, "Gunmen killed four farmers near Maiduguri, Nigeria on Tuesday.", mend=mend)
    assert (row["killed"], row["killed_qualifier"], row["killed_high"], row["rule_id"]) == (7, "approx", 9, "test.rule")


def test_annotate_reads_no_roles_for_no_mentions(resources):
    sentences = segment(Document(doc_id="t", text="Russia deployed 800 troops to Belarus."))
    assert annotate([], sentences, resources) == []


def test_annotate_refuses_a_mention_without_its_sentence(resources):
    sentences = segment(Document(doc_id="t", text="Russia deployed 800 troops to Belarus."))
    (mention,) = match(sentences, resources.rules)
    with pytest.raises(ValueError, match="without its sentence"):
        annotate([replace(mention, sentence=None)], sentences, resources)
