"""Count attachment (match/counts.py) on sentences of our own: the figure a casualty trigger
takes from its subject or its object, with groups joined by "and" added up and asides left out."""
from __future__ import annotations

import pytest
from sitrep.pipelines.extract.match import clause_start, sentence_mentions


def slots(resources, text: str) -> dict:
    """The casualty mention's figures of one sentence ({} when there is no casualty mention)."""
    found = [m for m in sentence_mentions(text, resources.rules) if m.event_type == "casualty_report"]
    return {name: slot.value for name, slot in found[0].slots.items()} if found else {}


CASES = [
    # a group joined by "and" that has its own auxiliary is the subject of a new clause
    ("The drone strike killed a farmer and a teenager was badly hurt.", {"killed": 1, "injured": 1}),
    ("Gunmen killed two guards and three drivers were taken hostage.", {"killed": 2}),
    # ... but an auxiliary before the groups is no such verb
    ("There were two guards and a driver killed at the gate.", {"killed": 3}),
    # ... while a joined group without one adds up
    ("The drone strike killed a farmer and a teenager near the well.", {"killed": 2}),
    # a lower-case article opening a group's name: the number counts its members
    ("Troops killed five al Qaeda when the convoy was attacked.", {"killed": 5}),
    ("Soldiers killed two el Mahdi in the hills.", {"killed": 2}),
    # a named group (an acronym) joined to a counted group of people adds up
    ("Three SDF and two civilians were killed in the blast.", {"killed": 5}),
    # a word that is no person only modifies the noun after it: "cattle thieves" are people
    ("Two herders and five cattle rustlers were killed at the river.", {"killed": 7}),
    ("Seven camel traders were shot dead at the market.", {"killed": 7}),
    # ... but heads its own phrase before other words ("times" is not the victims)
    ("The ceasefire was broken six times on the front overnight, a medic killed.", {"killed": 1}),
    # one modifier and an unlisted plural noun right after the number name people
    ("Four district administrators were killed in the ambush.", {"killed": 4}),
    ("Three tribal arbitrators were killed in the ambush.", {"killed": 3}),
    # a preposition after a passive participle is no object: the subject is counted
    ("Three rangers killed ahead of the regional vote", {"killed": 3}),
    ("Two medics killed amongst the ruins of the clinic", {"killed": 2}),
    # an aside in parentheses inside the subject does not cut it
    ("At least nine people (two of whom were off duty) were killed at the checkpoint.", {"killed": 9}),
    # ... and so does an aside between spaced dashes
    ("Two guards - both of them reservists - were shot dead at the depot.", {"killed": 2}),
    # a titled, named person joined by "and" to a counted group counts too
    ("Colonel Omar Farah and two of his guards were killed in the strike.", {"killed": 3}),
    ("Reporter Ana Diaz and a cameraman were shot dead.", {"killed": 2}),
    # ... but not a capitalised name without a person's title before it
    ("The UN and two local medics were killed in the shelling.", {"killed": 2}),
    # counted groups listed with commas before a last one joined by "and" add up
    ("Artillery fire killed four soldiers, three policemen and a nurse in the town.", {"killed": 8}),
    ("The final death toll is 25 villagers, four guards and two attackers.", {"killed": 31}),
    # ... but not after people in general: the list breaks that total down
    ("The raid killed 14 people, five women and three children.", {"killed": 14}),
    # ... but a count after a comma that names a part of the first group does not
    ("The raid killed nine people, four of them children, near the school.", {"killed": 9}),
    # an article before a quantity noun counts no one person: no figure (a dozen is twelve)
    ("A number of villagers were killed in the raid.", {}),
    ("A handful of guards were shot dead at the gate.", {}),
    ("A group of herders was attacked and killed.", {}),
    ("A dozen guards were killed at the gate.", {"killed": 12}),
    ("Nearly a dozen guards were killed at the gate.", {"killed": 12}),
    ("At least a dozen guards were killed at the gate.", {"killed": 12}),
    # a possessive before a joined count: the count still adds up
    ("The shelling killed a farmer and his four daughters.", {"killed": 5}),
    # a part named after a comma ("four of whom ...") is an aside, not the toll
    ("Nine miners, three of whom were teenagers, were killed.", {"killed": 9}),
    # a toll rising to a figure, with or without "death"
    ("The toll from the shelling climbed to 48 on Friday.", {"killed": 48}),
    ("Medics said the number of dead had risen to 48.", {"killed": 48}),
    ("The long war took a heavy toll on the town.", {}),
    # moved word lists keep their classes: a plural verb or pronoun is no single victim,
    # a quantity noun after "a" counts no one person, a verb before "and" ends the group
    ("They were all shot dead at the checkpoint.", {}),
    ("The blast killed a number of guards.", {}),
    ("Two soldiers were killed and a driver fled the scene.", {"killed": 2}),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_count_of_a_casualty_mention(resources, text, expected):
    got = slots(resources, text)
    assert {k: v for k, v in got.items() if v is not None} == expected


def test_an_aside_between_two_dashes_does_not_end_the_subjects_clause(resources):
    text = "Four nurses - two from the city and two from the coast - were abducted on the road."
    assert clause_start(text, text.index("were"), resources.rules) == 0
    # one dash alone still ends a clause: a headline's source after a dash is its own clause
    headline = "Ministry - Four nurses abducted on the road"
    assert clause_start(headline, headline.index("abducted"), resources.rules) == headline.index("Four")
