"""Person and personnel nouns attached to a trigger, as its subject or object."""
from __future__ import annotations

import re
from functools import lru_cache

from sitrep.pipelines.extract.match.clauses import has_object
from sitrep.pipelines.extract.match.mention import Trigger
from sitrep.pipelines.extract.rules import Rules

# Punctuation that ends a noun phrase or a subject; the words that do are lexicons
# (noun_phrase_stop, subject_break, object_break in lexicons.toml).
_NP_PUNCT = re.compile(r"[.;:!?]|,\s")
_CLAUSE_PUNCT = re.compile(r"[.;:!?]")
# a place or thing captured first in a joined object ("captured the village of X and 40
# soldiers"): what follows its "and" may be the people captured
_THING_THEN_AND = r"(?-i:\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?@captured_things\b(?:\s+(?:of|at)(?:\s+[A-Z][\w’'-]*){1,4})?\s+and(?=\s))"


def _first(window: str, *patterns: re.Pattern) -> int | None:
    """Where the first of `patterns` matches in `window`, or None."""
    starts = [m.start() for m in (p.search(window) for p in patterns) if m]
    return min(starts) if starts else None


def after_captured_thing(text: str, pos: int, rules: Rules) -> int:
    """Where the object of a capture verb ending at `pos` goes on after a place or thing joined
    by "and" to what follows ("captured the village of X and| 40 soldiers"), else `pos`."""
    m = rules.pattern(_THING_THEN_AND).match(text, pos)
    return m.end() if m is not None else pos


def person_after(text: str, pos: int, rules: Rules) -> tuple[int, int] | None:
    """Span of a person noun in the noun phrase right after `pos`."""
    window = text[pos : pos + 70]
    for m in rules.words["person"].finditer(window):
        gap = window[: m.start()]
        if len(gap.split()) <= 5 and _first(gap, _NP_PUNCT, rules.words["noun_phrase_stop"]) is None:
            return pos + m.start(), pos + m.end()
        break
    # "Majid al-Majid, leader of ...": a name followed by a role noun
    m = re.match(r"^\s+(?:[A-Z][\w'’-]+\s+){0,5}[A-Z][\w'’-]+,\s+(?:a\s+|an\s+|the\s+)?(?:[\w-]+\s+){0,3}?(?P<role>" + rules.alternations["person"] + r")\b", text[pos : pos + 120], re.IGNORECASE)
    if m and text[pos:].lstrip()[:1].isupper():
        return pos + m.start("role"), pos + m.end("role")
    return None


@lru_cache(maxsize=8)  # one per rules object's lexicon: the text of head_follow's alternation
def _head_follow(words: str) -> re.Pattern:
    """What may follow a person noun that heads its phrase: punctuation, the text's end, or a word
    of the lexicon head_follow."""
    return re.compile(r"^(?:\s*[,.;:)\]”\"’'–—-]|\s*$|\s+" + words + r"\b)", re.IGNORECASE)


def person_before(text: str, pos: int, floor: int, rules: Rules) -> tuple[int, int] | None:
    """Span of a person noun in the subject right before `pos`."""
    window = text[floor:pos]
    hits = list(rules.words["person"].finditer(window))
    if not hits:
        return None
    m = hits[-1]
    gap = window[m.end() :]
    if len(gap.split()) <= 16 and _first(gap, _CLAUSE_PUNCT, rules.words["subject_break"]) is None:
        return floor + m.start(), floor + m.end()
    return None


def personnel_near(text: str, trigger: Trigger, floor: int, rules: Rules, side: str) -> tuple[int, int] | None:
    """Span of a military personnel noun attached to a deployment trigger (as object or subject)."""
    if side == "near":
        side = "after" if has_object(text, trigger, rules) or re.match(r"^\s+of\b", text[trigger.end :]) else "before"
    words = rules.words["personnel"]
    not_personnel = rules.words["not_personnel"]
    head_follow = _head_follow(rules.alternations["head_follow"])
    if side == "after":
        window = text[trigger.end : trigger.end + 120]
        stop = _first(window, _CLAUSE_PUNCT, rules.words["object_break"])
        window = window[:stop] if stop is not None else window
        head_end = rules.words["object_head_end"].search(re.sub(r"^\s+of\b", "   ", window))
        head = window[: head_end.start()] if head_end else window
        if not words.search(head):
            later = re.search(r",?\s+and\s+(?:[\w,.-]+\s+){0,3}?(?=" + rules.alternations["personnel"] + r"\b)", window[len(head) :], re.IGNORECASE)
            if later is None:
                return None
        for m in words.finditer(window):
            if not head_follow.match(window[m.end() :]) and m.end() < len(window):
                continue
            if len(window[: m.start()].split()) <= 14:
                return trigger.end + m.start(), trigger.end + m.end()
        return None
    window = text[floor : trigger.start]
    hits = [m for m in words.finditer(window) if head_follow.match(window[m.end() :]) or m.end() == len(window.rstrip())]
    if not hits:
        return None
    m = hits[-1]
    gap = window[m.end() :]
    # police before the noun or as its head ("a contingent of 400 police officers") are no troops
    of_whom = re.match(r"\s+of\s+(?:[\w,.-]+\s+){0,4}?(?=\S)", gap)
    around = window[max(0, m.start() - 25) : m.end()] + (gap[: of_whom.end() + 20] if of_whom else "")
    if len(gap.split()) <= 8 and _first(gap, _CLAUSE_PUNCT, rules.words["subject_break"]) is None and not not_personnel.search(around):
        return floor + m.start(), floor + m.end()
    return None


def custody_near(text: str, trigger: Trigger, rules: Rules) -> bool:
    """An exchange trigger that is about people held by a side."""
    if rules.words["custody"].search(text):
        return True
    window = text[trigger.end : trigger.end + 90]
    m = rules.words["person"].search(window)
    if m and len(window[: m.start()].split()) <= 8:
        return True
    if re.match(r"^\s+(?:the\s+)?release\s+of\b", window):
        return True
    # "in exchange for a jailed drug lord": a captive qualified as held, within three words
    held = rules.words["held_participle"].search(window)
    if held and len(window[: held.start()].split()) <= 3:
        return True
    # "returned five soldiers in exchange for two of its own": people handed over right before
    before = text[max(0, trigger.start - 100) : trigger.start]
    handed = list(rules.words["handover_verb"].finditer(before))
    if handed:
        person = rules.words["person"].search(before, handed[-1].end())
        return bool(person) and len(before[handed[-1].end() : person.start()].split()) <= 5 and len(before[person.end() :].split()) <= 3
    return False

