"""Triggers matched on spaCy tokens (match/tokens.py, Settings.token_trigger_types): the token
sequences are read off the seed regexes, and the token path finds what the regexes find."""
from __future__ import annotations

import pickle
import re

import pytest
from sitrep.pipelines.documents import Document
from sitrep.pipelines.extract import extract_events
from sitrep.pipelines.extract.match import match, sentence_triggers
from sitrep.pipelines.extract.match.tokens import NotTokenPattern, regex_spellings
from sitrep.pipelines.extract.rules import RulesError, load_rules
from sitrep.pipelines.resources import current_version, load_resources
from sitrep.pipelines.segment import segment
from sitrep.pipelines.settings import Settings

from tests.support.texts import own_documents

TOKEN_TYPES = ("deployment",)


@pytest.fixture(scope="module")
def regex_rules():
    return load_rules()


@pytest.fixture(scope="module")
def token_rules():
    return load_rules(token_types=TOKEN_TYPES)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\b(?:deploy|deployed)\b", {"deploy", "deployed"}),
        # an optional character gives both spellings; a whitespace run is one space
        (r"\bbuild-?up\s+of\b", {"build-up of", "buildup of"}),
        (r"\b(?:are|were)\s+(?:now\s+)?present\b", {"are present", "were present", "are now present", "were now present"}),
        # a class of letters and a whitespace-or-hyphen class
        (r"\b[Pp]risoner[\s-]swap", {"prisoner swap", "prisoner-swap"}),
        # spellings are lower-cased: the matcher compares the tokens' lower case
        (r"\bPOWs?\b", {"pow", "pows"}),
    ],
)
def test_regex_spellings_of_word_alternations(pattern, expected):
    assert regex_spellings(re.compile(pattern, re.IGNORECASE)) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        r"\bsent\b(?=\s+troops)",  # a lookahead is a condition, not words
        r"\bnumber\s+of\s+(?:\S+\s+){0,3}?killed",  # a gap of any words
        r"\bkill\w*",  # any word ending
        r"\d+\s+soldiers",  # any number
    ],
)
def test_a_regex_that_is_no_word_alternation_has_no_spellings(pattern):
    with pytest.raises(NotTokenPattern):
        regex_spellings(re.compile(pattern, re.IGNORECASE))


def test_settings_default_to_regexes_only(regex_rules):
    assert Settings().token_trigger_types == ()
    assert regex_rules.token_triggers is None


def test_the_token_path_takes_only_the_types_named(token_rules):
    token = token_rules.token_triggers
    assert {token_rules.triggers[i].spec.label for i in token.indices} == set(TOKEN_TYPES)
    # every deployment rule has token sequences, read off its regex, under its own index
    assert sorted(token_rules.triggers[i].spec.id for i in token.sequences) == sorted(
        r.spec.id for r in token_rules.triggers if r.spec.label == "deployment"
    )
    assert all(token.sequences.values())


def test_a_type_with_rules_that_have_no_token_form_is_refused():
    # casualty rules use lookbehinds and word gaps: the loader names the first such rule
    with pytest.raises(RulesError, match=r"rules\.toml: rule 'casualty\.\w+' cannot be matched on tokens"):
        load_rules(token_types=("casualty_report",))


# Our own sentences: each trigger form of the deployment rules, and the spots where words and
# tokens could part (case, hyphens, punctuation, runs of spaces, line breaks, a slug title).
SENTENCES = [
    "The ministry deployed 400 soldiers to the eastern border on Monday.",
    "DEPLOYED: 2,000 paratroopers land in the capital.",
    "Officials said the navy was re-deploying marines along the coast.",
    "The alliance announced the redeployment of two brigades to the north.",
    "Satellite images show a build-up of armoured units near the frontier.",
    "Analysts described a buildup of troops around the port city.",
    "The government sent 300 troops to guard the dam.",
    "Troops were  airlifted to the island after the storm.",
    "Hundreds of fighters have been\nrushed to the front line.",
    "The general said 5,000 soldiers are now present in the region.",
    "Extra battalions arrived, officials said; more are expected.",
    "A unit of engineers moved into the valley overnight.",
    "The rebels amassed fighters on the hills (local sources said).",
    "The army mobilised reservists, and sent them north.",
    # no deployment: the words without troops, or inside other words
    "The company sent a letter to its shareholders.",
    "A sender of messages was not identified.",
    "Deployable shelters were delivered to the camp.",
]


@pytest.mark.parametrize("text", SENTENCES, ids=[s[:40] for s in SENTENCES])
def test_token_triggers_find_the_regex_spans(regex_rules, token_rules, text):
    def spans(rules):
        return sorted((t.rule.spec.id, t.start, t.end) for t in sentence_triggers(text, rules) if t.label in TOKEN_TYPES)

    assert spans(token_rules) == spans(regex_rules)


def test_token_triggers_keep_rule_ids_and_spans(token_rules):
    text = "Troops were  airlifted to the island after the storm."
    found = [(t.rule.spec.id, text[t.start : t.end]) for t in sentence_triggers(text, token_rules)]
    assert found == [("deployment.arrive", "were  airlifted")]


def test_the_gate_still_decides_which_rules_are_tried(token_rules):
    text = "The government sent 300 troops to guard the dam."
    token = token_rules.token_triggers
    assert token.spans(text, only=()) == []
    assert [token_rules.triggers[i].spec.id for i, *_ in token.spans(text)] == ["deployment.send"]


@pytest.mark.parametrize("text", SENTENCES, ids=[s[:40] for s in SENTENCES])
def test_the_match_stage_gives_the_same_mentions(regex_rules, token_rules, text):
    doc = segment(Document(doc_id="t", title="", text=text, kind="article"))
    shown = [
        [(m.event_type, [(t.rule.spec.id, t.start, t.end) for t in m.triggers], m.slots) for m in match(doc, rules)]
        for rules in (regex_rules, token_rules)
    ]
    assert shown[1] == shown[0]


def test_a_slug_title_is_read_as_words_by_both_paths(regex_rules, token_rules):
    doc = segment(Document(doc_id="t", title="army-deployed-600-troops-to-the-north", text="", kind="article"))
    token, regex = match(doc, token_rules), match(doc, regex_rules)
    assert [m.event_type for m in token] == ["deployment"]
    assert [(m.triggers[0].start, m.slots["troops"].value) for m in token] == [
        (m.triggers[0].start, m.slots["troops"].value) for m in regex
    ]


def test_rules_with_token_triggers_survive_pickling(token_rules):
    # the process and Dask task runners send the resources to workers
    copy = pickle.loads(pickle.dumps(token_rules))
    text = "The government sent 300 troops to guard the dam."
    assert [(t.rule.spec.id, t.start) for t in sentence_triggers(text, copy)] == [
        (t.rule.spec.id, t.start) for t in sentence_triggers(text, token_rules)
    ]


@pytest.fixture(scope="module")
def token_resources(reference_cache_folder):
    return load_resources(Settings(token_trigger_types=TOKEN_TYPES), reference_cache_folder)


def test_the_token_path_has_its_own_version(resources, token_resources):
    # a lake re-extracts documents stored by the other path
    assert token_resources.version != resources.version
    assert token_resources.version == current_version(Settings().seeds_dir, TOKEN_TYPES)


def test_extraction_is_the_same_on_our_texts(resources, token_resources):
    events = 0
    for doc in own_documents():
        found = extract_events(doc, token_resources)
        assert found == extract_events(doc, resources), doc.doc_id
        events += len(found)
    assert events > 30


@pytest.mark.parametrize(
    "text",
    ["Troops were sent north.", " Troops were sent north.", "Troops were  sent north.", "Troops were\tsent north.",
     "Troops were\nsent north.", "Troops were\u00a0sent north.", "Troops were sent north. "],
)
def test_the_quick_whitespace_check_agrees_with_the_tokenizer(token_rules, text):
    # the words-only re-tokenizing is skipped where the text is said to have no whitespace tokens
    from sitrep.pipelines.extract.match.tokens import _SPACE_TOKENS

    nlp, _ = token_rules.token_triggers._ready()
    if not _SPACE_TOKENS.search(text):
        assert not any(t.is_space for t in nlp.make_doc(text))
    found = sorted((token_rules.triggers[i].spec.id, text[a:b].split()) for i, a, b in token_rules.token_triggers.spans(text))
    assert found == [("deployment.arrive", ["were", "sent"]), ("deployment.send", ["sent"])]
