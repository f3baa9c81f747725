"""Trigger rules matched on a sentence: the spans that may assert an event."""
from __future__ import annotations

from collections.abc import Collection

from sitrep.pipelines.extract.match.mention import Trigger
from sitrep.pipelines.extract.rules import Rules


def sentence_triggers(
    text: str, rules: Rules, only: Collection[int] | None = None, low: str | None = None
) -> list[Trigger]:
    """Trigger matches, longest first within each event type; equal spans keep every rule.

    `only`: indices of the rules worth trying (the gate's pick); None tries them all.
    `low`: lowered(text), to match with the rules' lower-cased twins (None: as written).
    """
    found: list[Trigger] = []
    # in rule order, so that equal spans keep the order of the rules (the sort below is stable)
    tried = rules.triggers if only is None else [rules.triggers[i] for i in sorted(only)]
    for rule in tried:
        regex, subject = (rule.lower, low) if low is not None and rule.lower is not None else (rule.regex, text)
        for m in regex.finditer(subject):
            if m.end() > m.start():
                found.append(Trigger(rule, m.start(), m.end()))
    found.sort(key=lambda t: (t.start - t.end, t.start))
    kept: list[Trigger] = []
    for t in found:
        clash = [k for k in kept if k.label == t.label and k.start < t.end and t.start < k.end]
        if not clash or all(k.start == t.start and k.end == t.end for k in clash):
            kept.append(t)
    return sorted(kept, key=lambda t: (t.start, t.end))
