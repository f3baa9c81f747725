"""The clause and voice heuristics: where the clause holding a trigger starts and ends, and
whether a verb is active with an object ("captured the town") or passive ("was captured")."""
from __future__ import annotations

import re
from functools import lru_cache

from sitrep.pipelines.extract.match.mention import Trigger
from sitrep.pipelines.normalize.numbers import count_phrases

# Words that end the clause a trigger belongs to (its subject does not reach past them).
# The words share one \b and are grouped by their first letters: a flat alternation of
# twenty \b-words made `re` try each at every character (about a fifth of a short
# document's matching time); at most one of them can match at a position, so the grouping
# finds the same breaks (tests/pipelines/extract/match/test_clauses.py).
_CLAUSE_BREAK = re.compile(
    r"(?:[;:\[\]•]|\s[–—-]\s|\b(?:"
    r"a(?:fter|s(?!\s+(?:many|much|well|a\s+result)))|b(?:ut|efore)|claims|following|reports|"
    # ("have since died": after an auxiliary "since" is an adverb, no new clause)
    r"s(?:ays|aid(?!\s+(?:to\s+(?:have\s+been|be)\s+)?(?:killed|dead|wounded|injured)\b)|ince(?<!have\ssince)(?<!has\ssince)(?<!had\ssince))|"
    # "among which", "of whom" open a part of a counted group, not a new clause
    r"that|wh(?:e(?:n|re)|ile)|(?<!among\s)(?<!of\s)wh(?:ich|om)"
    r")\b)",
    re.IGNORECASE,
)


_DASH = re.compile(r"\s[–—-]\s")


@lru_cache(maxsize=4096)
def clause_start(text: str, position: int, floor: int = 0) -> int:
    """Where the clause holding `position` starts (after the last clause break before it).

    Cached: triggers, counts and roles of one sentence ask for the same clauses again."""
    start = floor
    opened = None  # where the clause started before an opening dash ("three workers - one from X -")
    # the whole text is searched, so a break's lookahead sees past `position` ("said killed")
    for m in _CLAUSE_BREAK.finditer(text, floor):
        if m.end() > position:
            break
        if _DASH.fullmatch(m.group()):
            if opened is None:
                opened, start = start, m.end()
            else:
                # the closing dash of an aside: the clause goes on from before the opening one
                start, opened = opened, None
            continue
        opened = None
        start = m.end()
    return start


def clause_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a trigger: from the last clause break before it to the next one after it."""
    nxt = _CLAUSE_BREAK.search(text, end)
    return clause_start(text, start), (nxt.start() if nxt else len(text))


_NO_OBJECT = re.compile(
    r"^\s*(?:$|[.,;:!?()/\]”\"’'–—-]|(?:by|in|at|on|near|from|during|after|before|when|while|as|and|or|but|to|into|for|with|"
    r"without|since|last|earlier|yesterday|today|tonight|overnight|late|early|this|over|under|outside|inside|across|along|amid|ahead|prior|throughout|among|amongst|upon|beyond|behind|"
    r"following|according|alive|again|together|back|there|here|also|reportedly|allegedly|themselves|himself|herself|itself|despite|because|though|too|instead|due|"
    r"near|around|within|between|via|through|toward|towards|off|up|out|away|down|is|are|was|were|has|have|had|will|would|"
    r"could|the\s+same|on\s+\w+day|in\s+\w+|\w+ing)\b)",
    re.IGNORECASE,
)
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being|get|gets|got|getting)\s+(?:\w+ly\s+|also\s+|later\s+)*$", re.IGNORECASE)


def has_object(text: str, trigger: Trigger) -> bool:
    """An active verb followed by its object ("captured the town"), not a passive or intransitive use."""
    word = text[trigger.start : trigger.end].lower()
    if not word.endswith("ing") and _PASSIVE_BEFORE.search(text[max(0, trigger.start - 30) : trigger.start]):
        return False
    tail = text[trigger.end :]
    lead = tail[: len(tail) - len(tail.lstrip())]
    if any(c.start == len(lead) and c.value is not None for c in count_phrases(tail[:40])):
        return True  # "killed over 40", "captured about 300": a counted object
    return not _NO_OBJECT.match(tail)
