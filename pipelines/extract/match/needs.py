"""The conditions a trigger rule may name in `needs` (rules.toml): each looks at the
trigger's neighbourhood and returns what it found (a span, True) or None. The loader
(rules.py) rejects a rule naming a condition that is not registered in NEED_CHECKS."""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from sitrep.pipelines.extract.match.clauses import has_object
from sitrep.pipelines.extract.match.mention import Trigger
from sitrep.pipelines.extract.match.people import (
    after_captured_thing,
    custody_near,
    person_after,
    person_before,
    personnel_near,
)
from sitrep.pipelines.extract.rules import Rules

NeedCheck = Callable[[str, Trigger, int, Rules], object]
NEED_CHECKS: dict[str, NeedCheck] = {}


def _need(name: str) -> Callable[[NeedCheck], NeedCheck]:
    def register(check: NeedCheck) -> NeedCheck:
        NEED_CHECKS[name] = check
        return check

    return register


@_need("person_before")
def _person_before(text: str, t: Trigger, floor: int, rules: Rules):
    """A person noun in the subject before the trigger ("three soldiers surrendered")."""
    return person_before(text, t.start, floor, rules)


@_need("person_after")
def _person_after(text: str, t: Trigger, floor: int, rules: Rules):
    """A person noun in the noun phrase after the trigger."""
    return person_after(text, t.end, rules)


@lru_cache(maxsize=8)
def _pronoun_passive(pronouns: str, auxiliaries: str) -> re.Pattern:
    """A personal pronoun as the subject of a passive ("they were captured", "he had been
    seized"), from the lexicons personal_pronoun and passive_auxiliary (their alternations)."""
    return re.compile(
        rf"\b{pronouns}\s+(?:\w+ly\s+|also\s+|later\s+){{0,2}}{auxiliaries}\s+(?:\w+ly\s+|also\s+|later\s+|then\s+)?$",
        re.IGNORECASE,
    )


def _pronoun_subject(text: str, t: Trigger, floor: int, rules: Rules) -> tuple[int, int] | None:
    passive = _pronoun_passive(rules.alternations["personal_pronoun"], rules.alternations["passive_auxiliary"])
    m = passive.search(text, floor, t.start)
    return (m.start(), m.start() + len(m.group().split()[0])) if m else None


@_need("person_near")
def _person_near(text: str, t: Trigger, floor: int, rules: Rules):
    """A person noun as the object of an active verb, or the subject of a passive one
    (a personal pronoun too: "they were captured")."""
    if has_object(text, t, rules):
        found = person_after(text, t.end, rules)
        if found is None and (skip := after_captured_thing(text, t.end, rules)) != t.end:
            found = person_after(text, skip, rules)  # "captured the village of X and 40 soldiers"
        return found
    return person_before(text, t.start, floor, rules) or _pronoun_subject(text, t, floor, rules)


@_need("personnel_near")
def _personnel_near(text: str, t: Trigger, floor: int, rules: Rules):
    """Military personnel as object or subject ("deployed 300 troops", "troops were deployed")."""
    return personnel_near(text, t, floor, rules, "near")


@_need("personnel_after")
def _personnel_after(text: str, t: Trigger, floor: int, rules: Rules):
    """Military personnel after the trigger."""
    return personnel_near(text, t, floor, rules, "after")


@_need("personnel_object")
def _personnel_object(text: str, t: Trigger, floor: int, rules: Rules):
    """Military personnel as the object of an active verb ("sent 500 soldiers")."""
    return personnel_near(text, t, floor, rules, "after") if has_object(text, t, rules) else None


@_need("personnel_before")
def _personnel_before(text: str, t: Trigger, floor: int, rules: Rules):
    """Military personnel as the subject ("2,000 soldiers arrived")."""
    return personnel_near(text, t, floor, rules, "before")


@_need("custody_near")
def _custody_near(text: str, t: Trigger, floor: int, rules: Rules):
    """People held by a side in the sentence or right after the trigger."""
    return custody_near(text, t, rules) or None


@_need("custody_strict")
def _custody_strict(text: str, t: Trigger, floor: int, rules: Rules):
    """A custody word (prisoners, hostages, POWs...) in the sentence."""
    return bool(rules.words["custody"].search(text)) or None


@_need("armed_captor")
def _armed_captor(text: str, t: Trigger, floor: int, rules: Rules):
    """A person detained where an armed party is named and no police, arrest or charge is
    (lexicon law_enforcement)."""
    if has_object(text, t, rules):
        person = person_after(text, t.end, rules)
    else:
        person = person_before(text, t.start, floor, rules) or _pronoun_subject(text, t, floor, rules)
    armed = rules.words["armed_party"].search(text)
    return person if person and armed and not rules.words["law_enforcement"].search(text) else None


@_need("body_owner_before")
def _body_owner_before(text: str, t: Trigger, floor: int, rules: Rules):
    """One person's body as the subject of a passive ("his body was found", "her body had been
    recovered"): a possessive of one person (lexicon singular_personal_possessive) before the
    singular body noun; plural bodies are counted by the bodies rules."""
    subject = rules.pattern(
        r"\b@singular_personal_possessive\s+(?:[a-z-]+\s+)?body\s+@passive_auxiliary\s+(?:\w+ly\s+|later\s+|also\s+)?$"
    )
    m = subject.search(text, floor, t.start)
    return m.span() if m else None


def needed_span(text: str, t: Trigger, floor: int, rules: Rules):
    return NEED_CHECKS[t.rule.spec.needs](text, t, floor, rules)

