"""Rule and lexicon data is validated when loaded; a bad entry is named in the error."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sitrep.pipelines.extract import RulesError, load_rules
from sitrep.pipelines.extract.rules import lower_twin
from sitrep.pipelines.normalize.text import lowered
from sitrep.pipelines.schemas import EVENT_TYPES
from sitrep.pipelines.segment import document_sentences
from sitrep.pipelines.settings import REPO_ROOT

from tests.support.texts import DEV, dev_documents, own_documents

SEEDS = REPO_ROOT / "seeds"


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def test_every_event_type_has_trigger_rules(rules):
    assert {r.spec.label for r in rules.triggers} == set(EVENT_TYPES)


def test_side_losses_rules_are_flagged_in_the_data(rules):
    flagged = {t.spec.id for t in rules.triggers if t.spec.side_losses}
    assert flagged == {"casualty.lost_personnel", "casualty.losses_amounted", "casualty.losses_where_amounted", "casualty.losses_list"}
    assert rules.rule_spec("casualty.lost_personnel").side_losses
    assert rules.rule_spec("no.such_rule") is None


def test_rule_ids_are_unique(rules):
    ids = [r.spec.id for r in rules.triggers] + [c.spec.id for c in rules.cues]
    assert len(ids) == len(set(ids))


def copy_seeds(tmp_path: Path) -> Path:
    shutil.copytree(SEEDS / "lexicons", tmp_path / "lexicons")
    return tmp_path


BAD_RULES = [
    ('[[rule]]\nid = "casualty.x"\nlabel = "casualty_report"\npattern = "(unclosed"\n', "casualty.x", "bad regex"),
    ('[[rule]]\nid = "casualty.y"\nlabel = "battle"\npattern = "x"\n', "casualty.y", "label"),
    ('[[rule]]\nid = "casualty.z"\nlabel = "capture"\npattern = "@no_such_list"\n', "casualty.z", "@no_such_list"),
    ('[[rule]]\nid = "casualty.w"\nlabel = "capture"\npattern = "x"\ncolour = "red"\n', "casualty.w", "colour"),
    ('[[rule]]\nid = "deployment.deploy"\nlabel = "deployment"\npattern = "x"\n', "deployment.deploy", "duplicate"),
    ('[[rule]]\nid = "capture.v"\nlabel = "capture"\npattern = "x"\nneeds = "moon_phase"\n', "capture.v", "unknown needs"),
    ('[[rule]]\nid = "capture.u"\nlabel = "capture"\npattern = "x"\nside_losses = true\n', "capture.u", "side_losses"),
]


@pytest.mark.parametrize(("extra", "entry", "reason"), BAD_RULES)
def test_malformed_rule_is_rejected_with_file_and_entry(tmp_path, extra, entry, reason):
    seeds = copy_seeds(tmp_path)
    path = seeds / "lexicons" / "rules.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")
    with pytest.raises(RulesError) as err:
        load_rules(seeds)
    message = str(err.value)
    assert "rules.toml" in message and entry in message and reason in message


def test_empty_lexicon_is_rejected(tmp_path):
    seeds = copy_seeds(tmp_path)
    path = seeds / "lexicons" / "lexicons.toml"
    path.write_text(
        path.read_text(encoding="utf-8") + '\n[lexicon.empty_list]\nwords = []\nexamples = ["+ a", "- b"]\n', encoding="utf-8"
    )
    with pytest.raises(RulesError, match=r"lexicons\.toml.*empty_list"):
        load_rules(seeds)


@pytest.mark.parametrize(
    "examples",
    [
        '[]',  # none
        '["+ Two soldiers were killed."]',  # no sentence where it must not fire
        '["Two soldiers were killed.", "- The drought killed cattle."]',  # unmarked
    ],
)
def test_cue_without_examples_both_ways_is_rejected(tmp_path, examples):
    seeds = copy_seeds(tmp_path)
    path = seeds / "lexicons" / "cues.toml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + f'\n[[cue]]\nid = "odd.examples"\nlabel = "block"\nscope = "sentence"\npattern = "x"\nexamples = {examples}\n',
        encoding="utf-8",
    )
    with pytest.raises(RulesError, match=r"cues\.toml.*odd\.examples.*examples"):
        load_rules(seeds)


def test_lexicon_without_examples_is_rejected(tmp_path):
    seeds = copy_seeds(tmp_path)
    path = seeds / "lexicons" / "lexicons.toml"
    path.write_text(path.read_text(encoding="utf-8") + '\n[lexicon.bare]\nwords = ["x"]\n', encoding="utf-8")
    with pytest.raises(RulesError, match=r"lexicons\.toml.*bare.*examples"):
        load_rules(seeds)


def test_cue_with_unknown_scope_is_rejected(tmp_path):
    seeds = copy_seeds(tmp_path)
    path = seeds / "lexicons" / "cues.toml"
    path.write_text(
        path.read_text(encoding="utf-8") + '\n[[cue]]\nid = "odd.scope"\nlabel = "block"\nscope = "paragraph"\npattern = "x"\nexamples = ["+ x", "- y"]\n',
        encoding="utf-8",
    )
    with pytest.raises(RulesError, match=r"cues\.toml.*odd\.scope.*scope"):
        load_rules(seeds)


def test_missing_file_is_named(tmp_path):
    seeds = copy_seeds(tmp_path)
    (seeds / "lexicons" / "cues.toml").unlink()
    with pytest.raises(RulesError, match=r"cues\.toml: file not found"):
        load_rules(seeds)


def test_pattern_expands_lexicons_and_is_compiled_once_per_rules(rules, tmp_path):
    template = r"\b@agent_preposition\s+the\s+army$"
    first = rules.pattern(template)
    assert rules.pattern(template) is first  # the second call is a look-up
    assert first.search("shot BY the army") and not first.search("shot near the army")
    # each Rules reads its own lexicons: one whose list differs builds another pattern
    seeds = copy_seeds(tmp_path)
    path = seeds / "lexicons" / "lexicons.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('words = ["by", "from"]', 'words = ["near"]'), encoding="utf-8")
    other = load_rules(seeds).pattern(template)
    assert other.search("shot near the army") and not other.search("shot by the army")
    assert rules.pattern(template) is first


def test_pattern_not_after_a_lexicon_is_one_look_behind_per_word(rules):
    # (?<!@name): re's look-behinds are fixed-width, so each word of the list gets its own
    pattern = rules.pattern(r"(?<!@personal_pronoun)\s+were\s+seized")
    assert pattern.search("the guards were seized")
    assert not pattern.search("they were seized") and not pattern.search("We were seized")


def test_pattern_with_unknown_lexicon_is_rejected(rules):
    with pytest.raises(RulesError, match="@no_such_list"):
        rules.pattern(r"\b@no_such_list\b")


@pytest.mark.parametrize(
    ("pattern", "flags", "twin"),
    [
        # letters lower-cased, escapes kept: \S is not \s
        (r"\bPOWs?\S+", re.IGNORECASE, r"\bpows?\S+"),
        (r"(?=\s+[A-Z][\w-]+)", re.IGNORECASE, r"(?=\s+[a-z][\w-]+)"),
        # a range across cases also holds punctuation ("[A-z]" has "_"): refused
        (r"[A-z]+", re.IGNORECASE, None),
        # a case-sensitive pattern has no case-blind twin
        (r"\bUS\b", 0, None),
    ],
)
def test_lower_twin(pattern, flags, twin):
    got = lower_twin(re.compile(pattern, flags))
    assert (None if got is None else got.pattern) == twin


def _twins_agree(rules, sentences) -> int:
    """Every shipped regex finds the same spans as its twin on the lower-cased sentence."""
    compared = 0
    pairs = [(t.regex, t.lower) for t in rules.triggers] + [(c.regex, c.lower) for c in rules.cues]
    pairs += [(c.unless, c.unless_lower) for c in rules.cues if c.unless is not None]
    for text in sentences:
        low = lowered(text)
        for regex, twin in pairs:
            assert twin is not None
            expected = [m.span() for m in regex.finditer(text)]
            assert [m.span() for m in twin.finditer(low)] == expected, (regex.pattern[:60], text)
            compared += len(expected)
    return compared


def test_lower_twins_match_like_the_rules_on_our_texts(rules):
    assert _twins_agree(rules, [s.text for d in own_documents() for s in document_sentences(d)]) > 100


@pytest.mark.skipif(not DEV.exists(), reason="../shared/corpus/dev.jsonl not present")
def test_lower_twins_match_like_the_rules_on_dev(rules):
    assert _twins_agree(rules, [s.text for d in dev_documents() for s in document_sentences(d)]) > 1000
