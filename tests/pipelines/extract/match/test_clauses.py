"""Where the clause of a trigger starts: each kind of clause break, and the words that look
like one but are not (sentences of our own writing)."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from sitrep.pipelines.extract.match.clauses import (
    break_guards,
    clause_patterns,
    clause_span,
    clause_start,
    has_object,
)
from sitrep.pipelines.extract.match.mention import Trigger
from sitrep.pipelines.extract.rules import grouped_alternation

# (sentence, the word whose clause is asked for, how the clause starts)
CASES = [
    ("The army withdrew; nine soldiers were killed", "killed", " nine soldiers"),
    ("Police reported this: nine were hurt", "hurt", " nine were"),
    ("Officials say [two were shot] later", "shot", "two were"),
    ("Three guards • two drivers were killed", "killed", " two drivers"),
    ("The mayor said that nine residents died", "died", " nine residents"),
    ("The convoy which carried aid was hit", "hit", " carried aid"),
    ("Forty people, among which six children, died", "died", "Forty people"),
    ("Forty people, of whom six were children, died", "died", "Forty people"),
    ("Witnesses, whom police questioned, saw two shot", "shot", " police questioned"),
    ("The shelling began after five civilians were killed", "killed", " five civilians"),
    ("Panic spread when two guards were shot", "shot", " two guards"),
    ("Crowds fled while three men were wounded", "wounded", " three men"),
    ("Talks failed before ten fighters were captured", "captured", " ten fighters"),
    ("Sirens sounded as six people died", "died", " six people"),
    ("As many as six people died", "died", " six people"),  # the first "as" is no break
    ("Roads were closed as well; four drivers died", "died", " four drivers"),
    ("Prices rose as a result of the blockade that killed two", "killed", " killed two"),
    ("The strike missed but two workers were hurt", "hurt", " two workers"),
    ("The town where ten were shot is quiet", "shot", " ten were"),
    ("The ministry says two were killed", "killed", " two were"),
    ("The ministry said two were killed", "killed", " two were"),
    ("Two men said killed in the raid", "killed", "Two men"),
    ("Two men said to have been killed in the raid", "killed", "Two men"),
    ("The group claims four soldiers were captured", "captured", " four soldiers"),
    ("The agency reports three dead", "dead", " three dead"),
    ("Following the raid two were arrested", "arrested", " the raid"),
    ("Since Monday twelve have died", "died", " Monday twelve"),
    ("SINCE MONDAY TWELVE HAVE DIED", "DIED", " MONDAY"),
    # an aside between dashes: the clause goes on from before the opening dash
    ("Three workers - one from the north - were killed", "killed", "Three workers"),
    ("Peace talks ended - two soldiers were killed", "killed", "two soldiers"),
    # a break inside a parenthesis that closes before the word is part of an aside
    ("Nine porters (unarmed since the truce) were killed", "killed", "Nine porters"),
    ("Nine porters (unarmed) fled when two were killed", "killed", " two were"),
    ("Nine porters (unarmed since the truce were killed", "killed", " the truce"),
    # words holding a break word are no break
    ("Thatcher's aides and Asian envoys were detained", "detained", "Thatcher"),
    ("Whichever side fired, the butcher was killed", "killed", "Whichever"),
]


@pytest.mark.parametrize(("text", "word", "starts"), CASES)
def test_clause_start_is_after_the_last_break_before_the_word(resources, text, word, starts):
    start = clause_start(text, text.index(word), resources.rules)
    assert text[start:].startswith(starts), text[start:]


def test_clause_span_ends_at_the_next_break(resources):
    text = "Nine soldiers were killed when the convoy was hit; two were hurt"
    start = text.index("killed")
    assert clause_span(text, start, start + len("killed"), resources.rules) == (0, text.index("when"))


def test_clause_start_keeps_to_its_floor(resources):
    """A break that begins before the floor is not one: the clause starts at the floor."""
    text = "Rebels said that, after the raid, nine were killed"
    floor = text.index("after") + 1
    assert clause_start(text, text.index("killed"), resources.rules, floor) == floor
    assert clause_start(text, text.index("killed"), resources.rules) == text.index("after") + len("after")



def test_grouped_breaks_find_what_a_flat_alternation_finds(resources):
    """The first-letter grouping is built from the lexicon clause_break: it finds the breaks a
    flat alternation of the same words, each with its guard, finds."""
    rules = resources.rules
    guards = break_guards(rules)
    assert set(guards) <= set(rules.lexicons["clause_break"])
    words = sorted(rules.lexicons["clause_break"], key=len, reverse=True)
    flat_words = "|".join(re.escape(w) + guards.get(w, "") for w in words)
    flat = re.compile(rf"(?:[;:\[\]•]|\s[–—-]\s|\b(?:{flat_words})\b)", re.IGNORECASE)
    grouped = clause_patterns(rules).breaks
    texts = [text for text, _, _ in CASES] + [text.upper() for text, _, _ in CASES]
    for text in texts:
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in flat.finditer(text)], text


def test_grouped_alternation_shares_first_letters():
    assert grouped_alternation(["when", "where", "while"]) == "(?:wh(?:e(?:n|re)|ile))"
    # a guard follows its word; a word that is the start of another comes after it
    assert grouped_alternation(["as", "ask", "a result"], {"as": "(?!x)"}) == r"(?:a(?:\s+result|s(?:k|(?!x))))"


def test_a_word_added_to_the_lexicon_is_a_break(resources):
    """The break words are the lexicon's: a Rules with one more word breaks there too."""
    rules = resources.rules
    text = "The talks stalled although nine soldiers were killed"
    assert clause_start(text, text.index("killed"), rules) == 0
    words = (*rules.lexicons["clause_break"], "although")
    more = replace(rules, lexicons={**rules.lexicons, "clause_break": words})
    assert text[clause_start(text, text.index("killed"), more) :].startswith(" nine soldiers")


def _trigger(text: str, word: str) -> Trigger:
    start = text.index(word)
    return Trigger(start=start, end=start + len(word), rule=None)


# (sentence, the verb, whether it is active with an object)
OBJECT_CASES = [
    ("Rebels captured the depot at dawn", "captured", True),
    ("Rebels captured over 40 recruits", "captured", True),  # a counted object
    ("The depot was captured at dawn", "captured", False),  # passive
    ("The depot was quickly captured by rebels", "captured", False),  # an -ly adverb between
    ("The depot was later captured", "captured", False),  # an adverb of auxiliary_adverb between
    ("Rebels attacked yesterday", "attacked", False),  # nothing to take as an object
    ("Rebels attacked in the north", "attacked", False),
    ("Rebels attacked on Monday", "attacked", False),
    ("Rebels attacked the same day", "attacked", False),
    ("Rebels attacked, then withdrew", "attacked", False),
    ("Rebels attacked", "attacked", False),
]


@pytest.mark.parametrize(("text", "word", "active"), OBJECT_CASES)
def test_has_object(resources, text, word, active):
    assert has_object(text, _trigger(text, word), resources.rules) is active
