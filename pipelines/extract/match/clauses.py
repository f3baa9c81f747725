"""The clause and voice heuristics: where the clause holding a trigger starts and ends, and
whether a verb is active with an object ("captured the town") or passive ("was captured")."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sitrep.pipelines.extract.match.mention import Trigger
from sitrep.pipelines.extract.rules import Rules, grouped_alternation
from sitrep.pipelines.normalize.numbers import count_phrases
from sitrep.pipelines.normalize.text import lower_twin, twin_of

# The word lists are lexicons of seeds/lexicons/lexicons.toml (clause_break, as_phrase_word,
# reported_casualty_state, partitive_preposition, no_object_follower, be_or_get_form,
# auxiliary_adverb); the patterns around them are here, built once per Rules.

# Words of the lexicon clause_break that are no break in some company (@name: a lexicon).
_BREAK_GUARDS = {
    "as": r"(?!\s+@as_phrase_word)",  # "as many as", "as well"
    "said": r"(?!\s+(?:to\s+(?:have\s+been|be)\s+)?@reported_casualty_state\b)",  # "two men said killed"
    "since": r"(?<!have\ssince)(?<!has\ssince)(?<!had\ssince)",  # "have since died": an adverb after a perfect
}
# "among which", "of whom" open a part of a counted group, not a new clause
_AFTER_PARTITIVE = ("which", "whom")


@dataclass(frozen=True, eq=False)  # hashed by identity: a cache key of _clause_start
class ClausePatterns:
    breaks: re.Pattern  # a clause break: punctuation, a dash between spaces, a word
    no_object: re.Pattern  # what after a verb shows it has no object
    passive_before: re.Pattern  # a passive auxiliary right before a participle
    breaks_lower: re.Pattern | None = None  # `breaks` lower-cased, for lower-cased text (text.lower_twin)


def clause_patterns(rules: Rules) -> ClausePatterns:
    """The clause patterns of `rules`' lexicons (built once per Rules, compiled once per list content)."""
    patterns = rules.built.get("clauses")
    if patterns is None:
        lex, alt = rules.lexicons, rules.alternations
        patterns = rules.built["clauses"] = _clause_patterns(
            lex["clause_break"], lex["partitive_preposition"], alt["as_phrase_word"], alt["reported_casualty_state"],
            lex["no_object_follower"], lex["be_or_get_form"], alt["auxiliary_adverb"],
        )
    return patterns  # type: ignore[return-value]


def break_guards(rules: Rules) -> dict[str, str]:
    """What follows or precedes a word of the lexicon clause_break where it is no break: the
    word's lookahead or lookbehind, placed right after it."""
    lex, alt = rules.lexicons, rules.alternations
    return _break_guards(lex["partitive_preposition"], alt["as_phrase_word"], alt["reported_casualty_state"])


def _break_guards(partitive: tuple[str, ...], as_phrase: str, casualty_state: str) -> dict[str, str]:
    guards = {w: g.replace("@as_phrase_word", as_phrase).replace("@reported_casualty_state", casualty_state)
              for w, g in _BREAK_GUARDS.items()}
    for w in _AFTER_PARTITIVE:
        # a lookbehind over the preposition and the word just read (fixed width: one space)
        guards[w] = "".join(rf"(?<!{_fixed_width(p)}\s{w})" for p in partitive)
    return guards


@lru_cache(maxsize=8)
def _clause_patterns(
    breaks: tuple[str, ...], partitive: tuple[str, ...], as_phrase: str, casualty_state: str,
    no_object: tuple[str, ...], be_or_get: tuple[str, ...], adverbs: str,
) -> ClausePatterns:
    guards = _break_guards(partitive, as_phrase, casualty_state)
    # The words share one \b and are grouped by their first letters: a flat alternation of
    # twenty \b-words made `re` try each at every character (about a fifth of a short
    # document's matching time); at most one of them can match at a position, so the grouping
    # finds the same breaks (tests/pipelines/extract/match/test_clauses.py). The words after a
    # verb and the auxiliaries are grouped alike: tried at every word of a tail or a window.
    breaks_pattern = re.compile(rf"(?:[;:\[\]•]|\s[–—-]\s|\b{grouped_alternation(breaks, guards)}\b)", re.IGNORECASE)
    return ClausePatterns(
        breaks=breaks_pattern,
        breaks_lower=lower_twin(breaks_pattern),
        no_object=re.compile(
            rf"^\s*(?:$|[.,;:!?()/\]”\"’'–—-]|(?:{grouped_alternation(no_object)}|on\s+\w+day|in\s+\w+|\w+ing)\b)", re.IGNORECASE
        ),
        passive_before=re.compile(rf"\b{grouped_alternation(be_or_get)}\s+(?:\w+ly\s+|{adverbs}\s+)*$", re.IGNORECASE),
    )


def _fixed_width(words: str) -> str:
    """A lexicon entry for a lookbehind: one whitespace character between its words."""
    return r"\s".join(re.escape(w) for w in words.lower().split())


_DASH = re.compile(r"\s[–—-]\s")
_ASIDE = re.compile(r"\([^()]*\)")


def clause_start(text: str, position: int, rules: Rules, floor: int = 0) -> int:
    """Where the clause holding `position` starts (after the last clause break before it)."""
    return _clause_start(text, position, floor, clause_patterns(rules))


@lru_cache(maxsize=4096)
def _clause_start(text: str, position: int, floor: int, patterns: ClausePatterns) -> int:
    """Cached: triggers, counts and roles of one sentence ask for the same clauses again."""
    start = floor
    opened = None  # where the clause started before an opening dash ("three workers - one from X -")
    # an aside in parentheses that closes before `position` starts no clause: "11 people (off
    # duty since the truce) were killed"
    asides = [m.span() for m in _ASIDE.finditer(text, floor, position)] if "(" in text else []
    # the whole text is searched, so a break's lookahead sees past `position` ("said killed");
    # by the twin where the text lowers in place: the same spans, and a dash is a dash in both
    breaks, subject = twin_of(patterns.breaks, patterns.breaks_lower, text)
    for m in breaks.finditer(subject, floor):
        if m.end() > position:
            break
        if any(a < m.start() < b for a, b in asides):
            continue
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


def clause_span(text: str, start: int, end: int, rules: Rules) -> tuple[int, int]:
    """The clause around a trigger: from the last clause break before it to the next one after it."""
    patterns = clause_patterns(rules)
    nxt = patterns.breaks.search(text, end)
    return _clause_start(text, start, 0, patterns), (nxt.start() if nxt else len(text))


def has_object(text: str, trigger: Trigger, rules: Rules) -> bool:
    """An active verb followed by its object ("captured the town"), not a passive or intransitive use."""
    patterns = clause_patterns(rules)
    word = text[trigger.start : trigger.end].lower()
    if not word.endswith("ing") and patterns.passive_before.search(text[max(0, trigger.start - 30) : trigger.start]):
        return False
    tail = text[trigger.end :]
    lead = tail[: len(tail) - len(tail.lstrip())]
    if any(c.start == len(lead) and c.value is not None for c in count_phrases(tail[:40], rules)):
        return True  # "killed over 40", "captured about 300": a counted object
    return not patterns.no_object.match(tail)
