"""The `match` stage on its own: a sentence in, the mentions it makes out, each with the
rule ids and trigger spans behind it (no roles, dates or places: that is `annotate`)."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from sitrep.pipelines.documents import Document
from sitrep.pipelines.extract.match import clause_start, match, sentence_triggers
from sitrep.pipelines.extract.match.cues import is_blocked
from sitrep.pipelines.segment import segment


def matched(resources, text: str, title: str = "", gated: bool = True):
    return match(segment(Document(doc_id="t", title=title, text=text, kind="article")), resources.rules, gated)


def shown(mention) -> tuple:
    """A mention as (event type, [(trigger rule id, trigger words)], {slot: (value, rule id)})."""
    text = mention.sentence.text
    return (
        mention.event_type,
        [(t.rule.spec.id, text[t.start : t.end]) for t in mention.triggers],
        {name: (slot.value, slot.rule_id) for name, slot in mention.slots.items()},
    )


CASES = [
    # an active and a passive reading of one verb both match; the object's count comes from the active one
    ("Gunmen killed four farmers near the village on Tuesday.",
     [("casualty_report", [("casualty.killed_passive", "killed"), ("casualty.kill_active", "killed")],
       {"killed": (4, "casualty.kill_active")})]),
    # a passive verb counts its subject
    ("Police said 12 soldiers were wounded by a roadside bomb.",
     [("casualty_report", [("casualty.injured_passive", "wounded"), ("casualty.injure_active", "wounded")],
       {"injured": (12, "casualty.injured_passive")})]),
    ("The government deployed 800 troops to the northern province.",
     [("deployment", [("deployment.deploy", "deployed")], {"troops": (800, "deployment.deploy")})]),
    ("Rebels captured two engineers working on the dam.",
     [("capture", [("capture.captured_people", "captured")], {"captured": (2, "capture.captured_people")})]),
    # an exchange trigger spans its object; it counts nothing
    ("The two sides agreed to swap 50 prisoners of war next week.",
     [("prisoner_exchange_offer", [("exchange.swap_of_prisoners", "swap 50 prisoners")], {})]),
    # a deployment without a figure is still a mention
    ("Troops were deployed to the capital on Monday.",
     [("deployment", [("deployment.deploy", "deployed")], {})]),
    # the verbs with no people as their object assert no event
    ("Officials may have killed the proposal for a new stadium.", []),
    ("Heavy rain killed the harvest across the valley.", []),
    # block cues: a negation, and a plan that has not happened
    ("The shelling did not kill anyone in the town.", []),
    ("The army plans to deploy 300 soldiers.", []),
    # a casualty trigger with no count at all is no report
    ("Fighting killed and displaced people across the region for years.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_match_finds_rule_ids_spans_and_counts(resources, text, expected):
    assert [shown(m) for m in matched(resources, text)] == expected


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_match_gives_the_same_mentions_without_the_gate(resources, text, expected):
    assert [shown(m) for m in matched(resources, text, gated=False)] == expected


def test_match_keeps_each_mentions_sentence_in_reading_order(resources):
    text = "Nothing happened on Monday. Rebels captured two engineers. Later, gunmen killed four farmers."
    mentions = matched(resources, text, title="Two engineers captured")
    assert [(m.event_type, m.sentence.in_title, m.sentence.text) for m in mentions] == [
        ("capture", True, "Two engineers captured"),
        ("capture", False, "Rebels captured two engineers."),
        ("casualty_report", False, "Later, gunmen killed four farmers."),
    ]
    assert all(text[m.sentence.start : m.sentence.end] == m.sentence.text for m in mentions if not m.sentence.in_title)


def test_match_records_hedges_and_the_exchange_stage_by_cue_id(resources):
    (kidnap,) = matched(resources, "Five workers were reportedly kidnapped by armed men.")
    assert (kidnap.hedged, kidnap.cue_ids, kidnap.rule_id) == (True, ["hedge.reportedly"], "capture.kidnap")
    (swap,) = matched(resources, "The two sides agreed to swap 50 prisoners of war next week.")
    assert (swap.stage, swap.cue_ids) == ("agreement", ["stage.agreement"])


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        # a swap the parties are due to make is scheduled, agreed; one side's wish is an offer
        ("The two sides are expected to exchange 120 prisoners of war on Friday.", "agreement"),
        ("The captives are expected to be swapped at the bridge.", "agreement"),
        ("The president expects to exchange more prisoners of war soon.", "offer"),
        # readiness for a swap is an offer, whatever preposition follows
        ("The movement said it was ready for a full exchange of prisoners.", "offer"),
        ("The government is prepared for an all-for-all swap of prisoners of war.", "offer"),
        ("The two sides agreed to a prisoner swap, which took place on Sunday.", "completed"),
        # a deal whose purpose is the swap is agreed until it is done
        ("The cabinet approved a deal to free 60 prisoners in exchange for nine hostages.", "agreement"),
        ("The deal to free 60 prisoners in exchange for nine hostages was carried out on Monday.", "completed"),
        # talks about a swap not yet agreed are an offer
        ("Negotiations on a new prisoner exchange are under way in the capital.", "offer"),
    ],
)
def test_exchange_stage_of_a_scheduled_wished_or_done_swap(resources, text, stage):
    (swap,) = matched(resources, text)
    assert swap.stage == stage


def test_a_deployment_mention_keeps_its_personnel_span(resources):
    (deployment,) = matched(resources, "The government deployed 800 troops to the northern province.")
    start, end = deployment.personnel
    assert deployment.sentence.text[start:end] == "troops"


@pytest.mark.parametrize(
    ("text", "block"),
    [
        ("The shelling did not kill anyone in the town.", "negated.not_verb"),
        ("No civilians were killed in the raid.", "negated.no_one"),
        ("Soldiers could be deployed to the border if talks fail.", "irrealis.modal"),
    ],
)
def test_is_blocked_names_the_cue_that_cancels_a_trigger(resources, text, block):
    triggers = sentence_triggers(text, resources.rules)
    assert triggers
    assert {is_blocked(text, t, resources.rules, clause_start(text, t.start, resources.rules)) for t in triggers} == {block}


def test_a_word_of_abduction_keeps_a_capture_without_count_or_person(resources):
    """abduction_word (lexicons.toml): "were taken hostage" asserts that people were taken even
    with no count and no person named; the noun of the act alone does not, and without the list
    the verb is no longer enough."""
    held = "Those aboard the ferry were taken hostage."
    assert [m.event_type for m in matched(resources, held)] == ["capture"]
    assert [m.event_type for m in matched(resources, "The kidnapping at the ferry shocked the town.")] == []
    words = {**resources.rules.words, "abduction_word": re.compile("qqqq")}
    assert match(segment(Document(doc_id="t", text=held, kind="article")), replace(resources.rules, words=words)) == []


@pytest.mark.parametrize("lexicon", ["personal_pronoun", "passive_auxiliary"])
def test_a_pronoun_subject_of_a_passive_is_a_captured_person(resources, lexicon):
    """personal_pronoun and passive_auxiliary (lexicons.toml): "he was detained by militants"
    names its captive by a pronoun; without either list the capture has no person."""
    text = "He was detained by militants."
    assert [m.event_type for m in matched(resources, text)] == ["capture"]
    assert [m.event_type for m in matched(resources, "It was detained by militants.")] == []
    alternations = {**resources.rules.alternations, lexicon: "(?:qqqq)"}
    without = replace(resources.rules, alternations=alternations)
    assert match(segment(Document(doc_id="t", text=text, kind="article")), without) == []



@pytest.mark.parametrize("text, captures", [
    # an armed party detaining people is a capture
    ("Soldiers detained four men at the market.", 1),
    # once police, an arrest, a charge or a security service is named, it is law enforcement
    # (the need armed_captor, lexicon law_enforcement)
    ("Soldiers and police detained four men at the market.", 0),
    ("Militiamen detained three aid workers; the men were later arrested.", 0),
    ("Troops detained two couriers, who face charges in a military court.", 0),
    ("Agents of the security service and soldiers detained a courier.", 0),
])
def test_a_detention_is_a_capture_only_where_no_law_enforcement_is_named(resources, text, captures):
    found = [m for m in matched(resources, text) if m.event_type == "capture"]
    assert len(found) == captures, [shown(m) for m in found]
