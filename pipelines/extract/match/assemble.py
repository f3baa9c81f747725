"""Mention assembly: a sentence's triggers, less those blocked or lacking what their rule
needs, grouped by event type with their counts, hedges and exchange stage."""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace

from sitrep.pipelines.extract.match.clauses import clause_start, has_object
from sitrep.pipelines.extract.match.counts import (
    count_after,
    count_before,
    from_to_count,
    later_death_count,
    troop_count,
)
from sitrep.pipelines.extract.match.cues import DocumentScope, applying_cues, exchange_stage, is_blocked
from sitrep.pipelines.extract.match.mention import Mention, SlotValue, Trigger
from sitrep.pipelines.extract.match.needs import needed_span
from sitrep.pipelines.extract.match.people import person_after, person_before
from sitrep.pipelines.extract.match.triggers import sentence_triggers
from sitrep.pipelines.extract.rules import Rules
from sitrep.pipelines.normalize.text import lowered
from sitrep.pipelines.segment import Sentence


def sentence_mentions(
    text: str, rules: Rules, doc: DocumentScope | str = "", only: Collection[int] | None = None,
    cues: Collection[int] | None = None, sentence: Sentence | None = None,
) -> list[Mention]:
    """Mentions of every event type in one sentence (`text`: the sentence as the rules read it).

    `doc`: the document the sentence belongs to (for document-scope cues). As picked by
    the gate (None: all): `only`, indices of the trigger rules worth trying; `cues`,
    indices of the cues worth trying. `sentence`: where the text comes from, kept on each
    mention.
    """
    if isinstance(doc, str):
        doc = DocumentScope(doc)
    # the gate's callers also match with the lower-cased twins (same matches, faster)
    low = lowered(text) if only is not None else None
    triggers = sentence_triggers(text, rules, only, low)
    by_label: dict[str, list[Trigger]] = {}
    overridden: dict[str, list[str]] = {}
    facts: dict = {}
    for t in triggers:
        floor = clause_start(text, t.start, rules)
        spec = t.rule.spec
        if spec.needs:
            span = needed_span(text, t, floor, rules)
            if span is None:
                continue
            if spec.label == "deployment" and isinstance(span, tuple) and "personnel" not in facts:
                facts["personnel"], facts["personnel_rule"] = span, spec.id
        cancelled: list[str] = []
        if is_blocked(text, t, rules, floor, doc, cues, low, cancelled):
            continue
        by_label.setdefault(spec.label, []).append(t)
        overridden.setdefault(spec.label, []).extend(cancelled)

    mentions = []
    for label, ts in by_label.items():
        mention = Mention(label, ts, sentence=sentence)
        stage_cue = None
        if label == "prisoner_exchange_offer":
            if not any(t.rule.spec.strong or t.rule.spec.needs for t in ts):
                continue
            mention.stage, stage_cue = exchange_stage(text, rules, cues, low)
        elif label == "deployment":
            span = mention.personnel = facts.get("personnel")
            c = troop_count(text, span[0], rules) if span else None
            rule_id = facts.get("personnel_rule")
            if c is None or c.value is None:
                alt = from_to_count(text, ts[0].start, rules)
                if alt is not None:
                    c, rule_id = alt, ts[0].rule.spec.id
            if c is not None and c.value is not None:
                mention.slots["troops"] = SlotValue(c.value, c.qualifier, c.high, c.start, c.end, "number", rule_id)
        else:
            _fill_slots(text, mention, rules)
            if label == "casualty_report" and not any(s.value is not None for s in mention.slots.values()):
                continue
            abduction = rules.words["abduction_word"]
            if label == "capture" and not mention.slots and not any(t.rule.spec.needs or abduction.search(text[t.start : t.end]) for t in ts):
                # "kidnapped" with no count and no person: keep only with a person around (a verb
                # of abduction asserts that people were taken; "the kidnapping of" may not)
                if not (person_before(text, ts[0].start, clause_start(text, ts[0].start, rules), rules) or person_after(text, ts[0].end, rules)):
                    continue
        hedges = applying_cues(text, label, "hedge", rules, cues, low)
        mention.hedged = bool(hedges)
        mention.cue_ids = list(dict.fromkeys([*hedges, *([stage_cue] if stage_cue else []), *overridden.get(label, [])]))
        mentions.append(mention)
    return mentions




def _fill_slots(text: str, mention: Mention, rules: Rules) -> None:
    killed_end = 0  # where the trigger whose count fills `killed` ends
    for t in mention.triggers:
        spec = t.rule.spec
        if spec.slot is None:
            continue
        current = mention.slots.get(spec.slot)
        # a later clause of the dead may name a further group: read its count to add it
        # (a total that replaces the parts counted before it is no further group)
        further = (
            spec.slot == "killed" and not spec.overrides and current is not None and current.value is not None
            and t.start >= max(killed_end, current.np_end)
        )
        if current is not None and current.kind == "number" and not spec.overrides and not further:
            continue
        floor = clause_start(text, t.start, rules)
        # a casualty word used as a noun ("two of the injured died") starts no clause of its own
        prev_end = max((o.end for o in mention.triggers if o.end <= t.start and not _nominal(text, o, rules)), default=0)
        clause_floor, floor = floor, max(floor, prev_end)
        found = None
        # an active verb counts its object, a passive or adjectival one its subject
        direction = spec.count
        if direction in ("before", "after") and spec.slot in ("killed", "injured", "captured") and _has_twin(t, mention):
            direction = "after" if has_object(text, t, rules) else "before"
            if direction != spec.count:
                continue
        elif direction == "both" and has_object(text, t, rules):
            direction = "after"
        if direction in ("after", "both"):
            found = count_after(text, t.end, rules, spec.singular, spec.slot)
        if (found is None or found.kind != "number") and direction in ("before", "both"):
            before = count_before(text, t.start, floor, rules, spec.singular)
            if before is not None and (found is None or before.kind == "number"):
                found = before
        if found is None and spec.slot == "killed" and direction == "before":
            earlier = [o for o in mention.triggers if o.end <= t.start]
            later = later_death_count(text, t.start, t.end, clause_floor, earlier, rules)
            if later is not None:
                found, injured_subject = later
                injured = mention.slots.get("injured")
                if injured is not None and injured_subject is not None and injured.np_start == injured_subject:
                    del mention.slots["injured"]  # the injured are the dead: no further injury
        if found is None:
            continue
        if further and _further_dead(text, current, found, max(killed_end, current.np_end), t, rules):
            # "four guards were killed and two porters were killed": one sentence's groups of dead add up
            mention.slots["killed"] = replace(
                current, value=current.value + found.value, qualifier=_joined_qualifier(current, found), high=None,
                np_end=found.np_end, kind="number",
            )
            killed_end = t.end
            continue
        if current is not None and current.kind == "number" and not spec.overrides:
            continue
        if (
            current is None
            or (current.kind != "number" and found.kind == "number")
            or (current.kind == "vague" and found.kind == "singular")
            or (spec.overrides and found.kind == "number")
        ):
            mention.slots[spec.slot] = replace(found, rule_id=spec.id)
            if spec.slot == "killed":
                killed_end = t.end


def _further_dead(text: str, first: SlotValue, second: SlotValue, first_end: int, t: Trigger, rules: Rules) -> bool:
    """The count of a second trigger of the dead names a further group of its own: it lies after
    the first clause, joined to it by "and" or a dash, with nothing between that makes it a part,
    a total or another source's figure ("six rebels were killed and two soldiers were killed")."""
    if second.value is None or second.kind not in ("number", "singular") or second.np_start < first_end:
        return False
    # "and the two killed" names the same dead again
    if rules.pattern(r"\b@definite_determiner\s*$").search(text[first_end : second.np_start]):
        return False
    between = text[first_end : t.start]  # the joiner, the second subject ("and another was"), its auxiliaries
    if rules.pattern(r"[;:()\[\]]").search(between):
        return False
    # "a man was killed and his body was found": the body of one already counted
    if rules.pattern(r"\b@third_person_possessive\s+(?:[a-z-]+\s+)?bod(?:y|ies)\b").search(between):
        return False
    breaker = rules.pattern(r"\b@toll_clause_breaker\b")
    # the second trigger's own words too: "and the number of people killed reached 9" is a total
    if breaker.search(text[first_end : max(t.end, second.np_start)]):
        return False
    # nor a running total after the second verb: "and 100 have been killed this year"
    tail = re.match(r"[^.;:,]{0,60}", text[max(t.end, second.np_end) :])
    if tail and breaker.search(tail.group()):
        return False
    return rules.pattern(r"(?:,?\s+@toll_clause_joiner|\s[–—-])\s").search(between) is not None


def _joined_qualifier(first: SlotValue, second: SlotValue) -> str | None:
    """The qualifier of a sum: a bound or an estimate on either part holds for the sum ("at least
    six ... and two" is at least eight); a range's low ends add up to a lower bound."""
    qualifiers = {q if q != "range" else "at_least" for q in (first.qualifier, second.qualifier)}
    for q in ("approx", "at_least", "at_most"):
        if q in qualifiers:
            return q if len(qualifiers - {"exact", None}) == 1 else "approx"
    return first.qualifier


def _nominal(text: str, t: Trigger, rules: Rules) -> bool:
    """A casualty word after a determiner names people ("of the injured", "those wounded"); a
    plural noun of killing after a preposition names deeds ("accused of several murders"):
    neither is a verb whose clause ends the subject of the next trigger."""
    if re.search(r"\b(?:the|those)\s+$", text[max(0, t.start - 8) : t.start], re.IGNORECASE):
        return True
    return bool(
        rules.words["killing_noun_plural"].fullmatch(text[t.start : t.end])
        and rules.pattern(r"\b@deed_preposition\s+(?:[\w-]+\s+){0,3}$").search(text[max(0, t.start - 60) : t.start])
    )


def _has_twin(t: Trigger, mention: Mention) -> bool:
    """Another rule matched the very same words (an active and a passive reading of "killed")."""
    return any(o is not t and o.start == t.start and o.end == t.end for o in mention.triggers)


