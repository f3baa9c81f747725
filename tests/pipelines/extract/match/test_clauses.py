"""Where the clause of a trigger starts: each kind of clause break, and the words that look
like one but are not (sentences of our own writing)."""
from __future__ import annotations

import pytest
from sitrep.pipelines.extract.match.clauses import clause_span, clause_start

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
    # words holding a break word are no break
    ("Thatcher's aides and Asian envoys were detained", "detained", "Thatcher"),
    ("Whichever side fired, the butcher was killed", "killed", "Whichever"),
]


@pytest.mark.parametrize(("text", "word", "starts"), CASES)
def test_clause_start_is_after_the_last_break_before_the_word(text, word, starts):
    start = clause_start(text, text.index(word))
    assert text[start:].startswith(starts), text[start:]


def test_clause_span_ends_at_the_next_break():
    text = "Nine soldiers were killed when the convoy was hit; two were hurt"
    start = text.index("killed")
    assert clause_span(text, start, start + len("killed")) == (0, text.index("when"))


def test_clause_start_keeps_to_its_floor():
    """A break that begins before the floor is not one: the clause starts at the floor."""
    text = "Rebels said that, after the raid, nine were killed"
    floor = text.index("after") + 1
    assert clause_start(text, text.index("killed"), floor) == floor
    assert clause_start(text, text.index("killed")) == text.index("after") + len("after")
