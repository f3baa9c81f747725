"""Step one of extraction: find the triggers of a sentence and what they count.

Pure functions of (sentence text, Rules). Nothing here knows about countries or dates;
see roles.py for who did what to whom and __init__.py for building event records.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from functools import lru_cache

from sitrep.pipelines.extract.rules import CompiledCue, CompiledRule, Rules
from sitrep.pipelines.normalize.numbers import Count, count_phrases
from sitrep.pipelines.normalize.text import lowered, word_marked


@dataclass(frozen=True)
class Trigger:
    rule: CompiledRule
    start: int
    end: int

    @property
    def label(self) -> str:
        return self.rule.spec.label


@dataclass(frozen=True)
class SlotValue:
    """A count found for one field, with the span of the people counted."""

    value: int | None
    qualifier: str | None
    high: int | None
    np_start: int  # span of the counted phrase ("300 North Korean soldiers")
    np_end: int
    kind: str  # number, singular, vague
    rule_id: str | None = None  # the trigger rule whose count this is


@dataclass
class Mention:
    """One event type asserted by one sentence, before roles are filled."""

    event_type: str
    triggers: list[Trigger]
    slots: dict[str, SlotValue] = field(default_factory=dict)
    hedged: bool = False
    stage: str | None = None
    cue_ids: list[str] = field(default_factory=list)  # hedges, the stage cue, blocks overridden

    @property
    def rule_id(self) -> str:
        """The rule that supplied the row's figure (the first stated count, in field order);
        without a figure, the first trigger."""
        for name in _FIGURE_ORDER:
            slot = self.slots.get(name)
            if slot is not None and slot.value is not None and slot.rule_id:
                return slot.rule_id
        return self.triggers[0].rule.spec.id


_FIGURE_ORDER = ("killed", "injured", "casualties", "captured", "troops")


# ------------------------------------------------------------------ triggers

def sentence_triggers(
    text: str, rules: Rules, only: Collection[int] | None = None, low: str | None = None
) -> list[Trigger]:
    """Trigger matches, longest first within each event type; equal spans keep every rule.

    `only`: indices of the rules worth trying (the gate's pick); None tries them all.
    `low`: lowered(text), to match with the rules' lower-cased twins (None: as written).
    """
    found: list[Trigger] = []
    for i, rule in enumerate(rules.triggers):
        if only is not None and i not in only:
            continue
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


class DocumentScope:
    """The whole document as document-scope cues read it: each cue's verdict is worked out
    once per document, not once per trigger (a long article has hundreds of triggers), and
    only for cues whose required words the document holds (with `rules`: gate.py)."""

    def __init__(self, text: str = "", rules: Rules | None = None, marked: str | None = None, kind: str | None = None):
        self.text = text
        self.kind = kind  # the document's kind (article, brief, note, headline), for cues' not_in_kinds
        self._rules = rules
        self._marked = marked  # word_marked(text, strict=False, end=True), if already made
        self._low: str | None = None  # lowered(text), made on first need ("" where it cannot be)
        self._possible: set[str] | None = None
        self._verdicts: dict[str, bool] = {}

    def _could_hit(self, cue: CompiledCue) -> bool:
        rules = self._rules
        if rules is None or rules.document_gate is None:
            return True
        if self._possible is None:
            cues = rules.document_cues
            marked = self._marked if self._marked is not None else word_marked(self.text, strict=False, end=True)
            found = rules.document_gate.possible(marked)
            self._possible = {cues[i].spec.id for i in found}
        return cue.spec.id in self._possible

    def _holds(self, cue: CompiledCue) -> bool:
        """The cue is in the text and its `unless` is not. `unless` is sought first: in a war
        story it finds "attack" or "troops" within a few lines, where the cue itself would
        be sought through the whole text in vain."""
        if self._rules is not None and self._low is None:  # gated: the lower-cased twins
            self._low = lowered(self.text) or ""
        low = self._low or None
        # (not through the cached _found: that would keep whole documents alive)
        if cue.unless:
            regex, subject = _twin(cue.unless, cue.unless_lower, self.text, low)
            if regex.search(subject):
                return False
        regex, subject = _twin(cue.regex, cue.lower, self.text, low)
        return regex.search(subject) is not None

    def blocks(self, cue: CompiledCue, sentence: str) -> bool:
        if not self.text:  # no body: the cue reads the sentence itself
            return bool(cue.regex.search(sentence)) and not (cue.unless and cue.unless.search(sentence))
        verdict = self._verdicts.get(cue.spec.id)
        if verdict is None:
            verdict = self._could_hit(cue) and self._holds(cue)
            self._verdicts[cue.spec.id] = verdict
        return verdict


def is_blocked(
    text: str, trigger: Trigger, rules: Rules, clause_start: int, doc: DocumentScope | str = "",
    possible: Collection[int] | None = None, low: str | None = None, overridden: list[str] | None = None,
) -> str | None:
    """The id of the first block cue that applies to the trigger, or None.

    A document-scope cue reads the whole document, and so does its `unless`. `possible`:
    indices of the sentence-scope cues whose required words the sentence holds (None: all).
    `low`: lowered(text), for the cues' lower-cased twins. `overridden`: where given, the ids
    of sentence-level block cues that matched but whose `unless` cancelled them are added.
    """
    if isinstance(doc, str):
        doc = DocumentScope(doc)
    for cue in rules.cues_for(trigger.label, "block"):
        if possible is not None and cue.index not in possible and cue.spec.scope != "document":
            continue
        spec = cue.spec
        if doc.kind is not None and doc.kind in spec.not_in_kinds:
            continue
        if spec.scope == "document":
            if doc.blocks(cue, text):
                return spec.id
            continue
        regex, subject = _twin(cue.regex, cue.lower, text, low)
        if spec.scope == "before":
            hit = regex.search(subject[clause_start : trigger.start])
        elif spec.scope == "prefix":
            hit = regex.search(subject[: trigger.start])
        elif spec.scope == "after":
            hit = regex.search(subject[trigger.end :])
        else:
            hit = _found(regex, subject)
        if hit:
            if not (cue.unless and _found(*_twin(cue.unless, cue.unless_lower, text, low))):
                return spec.id
            if overridden is not None:
                overridden.append(spec.id)
    return None


def cue_fires(text: str, cue: CompiledCue, rules: Rules) -> bool:
    """Whether a cue applies in one sentence: at its scope around a trigger of a type it
    concerns (before, prefix, after), or to the sentence itself (sentence, document: the
    sentence stands for the document). What a cue's `examples` are checked with."""
    spec = cue.spec
    if cue.unless is not None and cue.unless.search(text):
        return False
    if spec.scope in ("sentence", "document"):
        return cue.regex.search(text) is not None
    for t in sentence_triggers(text, rules):
        if t.label not in spec.applies_to:
            continue
        if spec.scope == "before":
            subject = text[clause_start(text, t.start) : t.start]
        elif spec.scope == "prefix":
            subject = text[: t.start]
        else:
            subject = text[t.end :]
        if cue.regex.search(subject):
            return True
    return False


def _twin(regex: re.Pattern, lower: re.Pattern | None, text: str, low: str | None) -> tuple[re.Pattern, str]:
    """The lower-cased twin and the lower-cased text where both are there, else as written."""
    return (lower, low) if lower is not None and low is not None else (regex, text)


@lru_cache(maxsize=4096)
def _found(regex: re.Pattern, text: str) -> bool:
    """Whether a whole-sentence pattern occurs: every trigger and mention of a sentence asks."""
    return regex.search(text) is not None


def has_cue(
    text: str, event_type: str, label: str, rules: Rules, possible: Collection[int] | None = None, low: str | None = None
) -> bool:
    return bool(applying_cues(text, event_type, label, rules, possible, low, first=True))


def applying_cues(
    text: str, event_type: str, label: str, rules: Rules, possible: Collection[int] | None = None,
    low: str | None = None, first: bool = False,
) -> list[str]:
    """Ids of the whole-sentence cues of a label that apply to the sentence (`first`: stop at one)."""
    found = []
    for c in rules.cues_for(event_type, label, possible):
        if _found(*_twin(c.regex, c.lower, text, low)) and not (c.unless and _found(*_twin(c.unless, c.unless_lower, text, low))):
            found.append(c.spec.id)
            if first:
                break
    return found


# Words that end the clause a trigger belongs to (its subject does not reach past them).
_CLAUSE_BREAK = re.compile(
    # "among which", "of whom" open a part of a counted group, not a new clause
    r"(?:[;:\[\]•]|\s[–—-]\s|\bthat\b|(?<!among\s)(?<!of\s)\bwhich\b|\bafter\b|\bwhen\b|\bwhile\b|\bbefore\b|\bas\b(?!\s+(?:many|much|well|a\s+result))|"
    r"\bbut\b|\bwhere\b|\bsays\b|\bsaid\b(?!\s+(?:to\s+(?:have\s+been|be)\s+)?(?:killed|dead|wounded|injured)\b)|\bclaims\b|\breports\b|\bfollowing\b|\bsince\b|(?<!among\s)(?<!of\s)\bwhom\b)",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def clause_start(text: str, position: int, floor: int = 0) -> int:
    """Where the clause holding `position` starts (after the last clause break before it).

    Cached: triggers, counts and roles of one sentence ask for the same clauses again."""
    start = floor
    # the whole text is searched, so a break's lookahead sees past `position` ("said killed")
    for m in _CLAUSE_BREAK.finditer(text, floor):
        if m.end() > position:
            break
        start = m.end()
    return start


def clause_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a trigger: from the last clause break before it to the next one after it."""
    nxt = _CLAUSE_BREAK.search(text, end)
    return clause_start(text, start), (nxt.start() if nxt else len(text))


# ------------------------------------------------------------------ counts

_FUNCTION_AFTER = re.compile(
    r"^[\s\"“”‘’']*(?:$|[.,;:!?)(\]–—-]|(?:and|or|in|on|at|during|despite|after|as|when|while|with|including|near|since|"
    r"of\s+them|of\s+whom|more|others?|were|are|was|is|have|had|has|so\s+far|overnight|yesterday|today|last|this|across|by|from|following|amid|among|\+)\b)"
)
_NAMED_GROUP_AFTER = re.compile(r"^\s+(?:[A-Z][\w'’-]+\s*){1,3}(?=$|[.,;:)]|\s+(?:and|in|on|at|near|during|after|while|as|with|including)\b)")
_PLURAL_NOUN_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+){0,2}?[a-z][\w-]*[^s\W]s\b(?=\s*(?:$|[.,;:)]|\s(?:in|on|at|and|near|during|after|while|as|with|including|from|of)\b))"
)
_AFTER_FILLER = re.compile(
    r"^[\s,“”\"‘’']*(?:(?:have|has|had|now|already|reportedly|officially|so\s+far|to|at(?!\s+(?:least|most)\b)|of|is|are|was|were|stood|stand|stands|"
    r"(?:another|a\s+further|an\s+additional|the|its|his|her|their)(?=\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty|a\s+dozen)\b)|"
    r"reached|reach|reaches|rose|risen|rises|climbed|climbs|estimated(?=\s+(?:at|to))|amounted|amount|amounting|totalled|totaled|total|totals|numbered|number|numbers|been|"
    r"among\s+[\w’'-]+(?:\s+[\w’'-]+){0,3}\s+(?=have|has|had|is|are|was|were|exceed|reach|stand|rose|total|number)|"
    r"in\s+[\w’'-]+(?:\s+[\w’'-]+)?\s+(?=have|has|had|is|are|was|were|exceed|reach|stand|rose|total|number))[\s,“”\"‘’']+){0,5}"
)
_SINGULAR_AFTER = re.compile(
    r"^\s+(?:of\s+)?(?:a|an|one|another)\s+(?!(?:number|total|series|group|string|wave|spate|handful|dozen|couple|lot|few|hundred|thousand|million|further|more|third|half|quarter)\b)",
    re.IGNORECASE,
)
# "shot and killed him", "wounded her in the leg": one person (not "her husband": a possessive)
_SINGULAR_PRONOUN_AFTER = re.compile(
    r"^\s+(?:him|her)(?=\s*(?:$|[.,;:)(]|\s+(?:in|on|at|near|with|and|after|before|when|while|during|outside|inside|as|by|"
    r"last|yesterday|today|overnight|early|late|later|too)\b))",
    re.IGNORECASE,
)
_NAME_AFTER = re.compile(
    r"^\s+[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|(?:al|el|bin|ibn|abu|de|van|von|der|da|di)(?:-[A-Z][\w'’-]*)?)){1,5}"
    r"(?=\s*(?:[,.;]|$|\s(?:in|at|on|near|and|who|after|during)\b))"
)
_APPOSITION = re.compile(r",\s+(?:a|an|the)?\s*(?:[\w-]+\s+){0,3}?(?:of|from|with)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s*){1,5}")
_SINGULAR_AUX = re.compile(
    r"\b(?:is|was|has\s+been|had\s+been|to\s+have\s+(?:\w+ly\s+)?been|gets|got|became|is\s+also|was\s+also|who\s+was|who\s+had\s+been|who\s+has\s+been)\s+(?:\w+ly\s+|also\s+|later\s+|then\s+)*$",
    re.IGNORECASE,
)
_PLURAL_AUX = re.compile(r"\b(?:are|were|(?<!to\s)have|they|their|them)\b", re.IGNORECASE)
_ARTICLE_PERSON = r"(?<![\w-])(?:a|an|another|his|her)\s+(?:[\w'’-]+\s+){0,3}?(?:{person})\b"
# ("Two civilians said killed", "were said to have been killed": a hedge, not a new clause)
_GAP_FORBIDDEN = re.compile(
    r"\d|\b(?:that|which|says|told|after|because|but|if|then|than)\b|\bsaid\b(?!\s+(?:to\s+(?:have\s+been|be)\s+)?$)", re.IGNORECASE
)
_FROM_TO = re.compile(r"\bfrom\s+[\d,]+\s+to\s+[\"“]?", re.IGNORECASE)


def count_after(text: str, pos: int, rules: Rules, singular: bool, slot: str) -> SlotValue | None:
    """The count right after a trigger ("killing at least 24 people", "captured its pilot")."""
    tail = text[pos:]
    filler = _AFTER_FILLER.match(tail)
    offset = pos + (filler.end() if filler else 0)
    counts = [c for c in count_phrases(text[offset : offset + 60]) if c.start == 0]
    if counts:
        c = counts[0]
        end = offset + c.end
        follow = text[end:]
        person = _followed_by_person(follow, rules)
        if _collective_follows(follow, rules):
            return SlotValue(None, None, None, offset, end, "vague")
        if person is None and _NAMED_GROUP_AFTER.match(follow):
            person = _NAMED_GROUP_AFTER.match(follow).end()  # "killing 11 Fano", "5 Taliban"
        plural = _PLURAL_NOUN_AFTER.match(follow)
        if person is None and plural and not rules.words["not_people"].search(plural.group()):
            person = plural.end()  # an unlisted plural noun: "killed 2 brothers in ..."
        if person is not None or _FUNCTION_AFTER.match(follow):
            np_end = end + (person or 0)
            value = _sum_following(text, offset, np_end, c, rules) if c.value is not None else None
            if value is not None:
                return SlotValue(value[0], value[1], value[2], offset, value[3], "number")
            return SlotValue(None, None, None, offset, np_end, "vague")
        return None
    if singular:
        m = _SINGULAR_AFTER.match(tail)
        if m:
            # "killing a fighter and his mother": further victims joined to the first add up
            person = _followed_by_person(tail[m.end() :], rules)
            if person is not None:
                np_end = pos + m.end() + person
                total = _sum_following(text, pos + m.start(), np_end, Count(1, "exact", None, 0, 0, 0), rules)
                if total is not None and total[0] > 1:
                    return SlotValue(total[0], "exact", None, pos + m.start(), total[3], "number")
            return SlotValue(1, "exact", None, pos + m.start(), pos + m.end() + 30, "singular")
        m = re.match(r"^\s+(?:its|his|her|their|the)\s+(?:[\w-]+\s+){0,2}?(?P<noun>[a-z][\w-]+)\b(?!\s+(?:of|and)\b)", tail)
        # "captured its pilot" is one; "the killing of the man" refers back, "the death of his father" is no attack
        nominal = text[:pos].rstrip().lower().endswith(" of")
        if m and not nominal and _is_singular_person(m.group("noun"), rules) and slot in ("killed", "captured"):
            return SlotValue(1, "exact", None, pos + m.start(), pos + m.end(), "singular")
        m = re.match(r"^\s+(?:[A-Z][\w.-]*\s+){0,2}(?P<noun>[a-z][\w-]*)\b", tail)
        if m and not nominal and slot in ("killed", "captured") and _is_singular_person(m.group("noun"), rules):
            # headline style without an article: "Gunmen kill NISS officer"
            return SlotValue(1, "exact", None, pos + m.start(), pos + m.end(), "singular")
        m = _SINGULAR_PRONOUN_AFTER.match(tail)
        if m and not nominal and slot in ("killed", "injured", "captured"):
            return SlotValue(1, "exact", None, pos + m.start(), pos + m.end(), "singular")  # "shot and killed him"
        if slot in ("killed", "captured") and not nominal:
            m = _NAME_AFTER.match(tail) or _singular_person_name(tail, rules)
            if m:
                # keep an apposition with the name: "X, leader of the Y Brigades"
                appos = _APPOSITION.match(tail, m.end())
                return SlotValue(1, "exact", None, pos, pos + (appos.end() if appos else m.end()), "singular")
    return None


def _singular_person_name(tail: str, rules: Rules) -> re.Match | None:
    """"their German hostage Jurgen Kantner": one named person."""
    m = re.match(
        r"^\s+(?:(?:their|his|her|its|the)\s+)?(?:[A-Z][\w-]+\s+){0,2}(?P<noun>[a-z][\w-]+)\s+(?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+)*",
        tail,
    )
    if m and _is_singular_person(m.group("noun"), rules):
        return m
    return None


def _is_singular_person(word: str, rules: Rules) -> bool:
    w = word.lower()
    return (
        bool(rules.words["person"].fullmatch(word))
        and not w.endswith("s")
        and not w.endswith("men")
        and not rules.words["plural_without_s"].fullmatch(word)
    )


def _collective_follows(follow: str, rules: Rules) -> bool:
    """A collective noun right after a number ("three teams of", "two busloads"): the number
    counts groups, not people."""
    lead = len(follow) - len(follow.lstrip())
    return lead > 0 and rules.words["collective_nouns"].match(follow, lead) is not None


def _followed_by_person(follow: str, rules: Rules) -> int | None:
    """Length up to the end of a person noun within four words, or None."""
    if _collective_follows(follow, rules):
        return None
    window = follow[:80]
    hits = list(rules.words["person"].finditer(window))
    if hits:
        gap = window[: hits[0].start()]
        if len(gap.split()) <= 4 and not re.search(r"[.;:!?]|\b(?:and|in|at|on|by|from)\b", gap):
            end = hits[0].end()
            # a person noun modifying the next ("two police reservists"): the head is the last
            for nxt in hits[1:]:
                if window[end : nxt.start()].strip():
                    break
                end = nxt.end()
            return end
    return None


def _sum_following(text: str, start: int, end: int, first: Count, rules: Rules) -> tuple[int, str, int | None, int] | None:
    """A count, plus any further groups joined to it by "and" ("five soldiers and two civilians")."""
    total, qualifier, high = first.value, first.qualifier, first.high
    cursor = end
    joiner = _groups(rules).joiner
    while True:
        m = joiner.match(text[cursor:])
        if not m:
            break
        nxt = [c for c in count_phrases(text[cursor + m.end() : cursor + m.end() + 40]) if c.start == 0 and c.value is not None]
        if not nxt:
            # one more person: "and a medic", "and his mother" (a possessive only before a singular noun)
            article = re.match(r"^(?:a|an|one|another|(?P<own>his|her|their|its))\b", text[cursor + m.end() :], re.IGNORECASE)
            follow = text[cursor + m.end() + article.end() :] if article else ""
            person = _followed_by_person(follow, rules) if article else None
            if person is not None and article.group("own") and not _is_singular_person(follow[:person].split()[-1], rules):
                person = None
            if article is None or person is None:
                break
            total += 1
            cursor = cursor + m.end() + article.end() + person
            continue
        after_end = cursor + m.end() + nxt[0].end
        person = _followed_by_person(text[after_end:], rules)
        if person is None:
            break
        total += nxt[0].value
        cursor = after_end + person
    return total, qualifier, high, cursor


@dataclass(frozen=True)
class _GroupPatterns:
    """Patterns built from the part_of_group and group_joiner lexicons (lexicons.toml)."""

    part_of: re.Pattern  # a count right after "including" names a part of the group
    aside: re.Pattern  # a part named inside the subject, between the count and its verb
    joiner: re.Pattern  # what joins a further group to a counted one ("and", "in addition to")
    part_word: re.Pattern


@lru_cache(maxsize=8)
def _group_patterns(part: str, joiner: str) -> _GroupPatterns:
    return _GroupPatterns(
        part_of=re.compile(rf"\b{part}\s+(?:\w+\s+){{0,2}}$", re.IGNORECASE),
        # ", including a medic,"  "(including two attackers)"  "including two clerics and four women, were"
        aside=re.compile(
            rf",\s*{part}\b[^,]*,|\(\s*{part}\b[^()]*\)|(?:,\s*|\s+){part}\s+[^,;:()]*?(?=,?\s+(?:were|was|are|is|have|has|had)\b)",
            re.IGNORECASE,
        ),
        joiner=re.compile(rf"^(?:,\s*|\s+)(?:{joiner})\s+", re.IGNORECASE),
        part_word=re.compile(rf"\b{part}\b", re.IGNORECASE),
    )


def _groups(rules: Rules) -> _GroupPatterns:
    return _group_patterns(rules.alternations["part_of_group"], rules.alternations["group_joiner"])
_JOIN_HEAD_VERB = re.compile(r"\b(?:was|were|is|are|has|have|had|been|be|being|shot|killed|died|dead|injured|wounded|hurt)\b", re.IGNORECASE)


_ANOTHER_BEFORE = re.compile(
    r"\b(?:and|while|but)\s+(?:another|one\s+other)\s+(?:(?:was|is|has\s+been|had\s+been|also)\s+)?$", re.IGNORECASE
)


def count_before(text: str, pos: int, floor: int, rules: Rules, singular: bool) -> SlotValue | None:
    """The count in the subject of a trigger ("At least 27 people were killed", "300 dead").

    Groups joined by "and" or commas in one subject add up ("three soldiers and a policeman").
    """
    window = text[floor:pos]
    other = _ANOTHER_BEFORE.search(window)
    if other:
        # "two officers were killed and another was kidnapped": the other is one
        return SlotValue(1, "exact", None, floor + other.start(), pos, "singular")
    # a group named inside an aside is a part of the total: "20 people, including three
    # soldiers and a policeman, were killed" counts 20
    groups = _groups(rules)
    asides = [m.span() for m in groups.aside.finditer(window)]
    counts = [
        c
        for c in count_phrases(window) + _article_counts(window, rules)
        if not groups.part_of.search(window[: c.start]) and not any(a <= c.start < b for a, b in asides)
    ]
    counts.sort(key=lambda c: c.start)
    chosen: list[Count] = []
    for c in reversed(counts):
        # an aside naming part of the group does not break the subject:
        # "Eleven Palestinians, including a medic, are killed"
        gap = groups.aside.sub(",", window[c.end :])
        if not chosen:
            if _GAP_FORBIDDEN.search(gap) or not _subject_gap(gap, rules):
                continue
            chosen.append(c)
        else:
            between = window[c.end : chosen[-1].start]
            relative = re.search(r"\b(?:who|whom|which|that)\b", window[chosen[-1].start :])
            if c.value is not None and chosen[-1].value is not None and not relative and _joined_groups(between, rules):
                chosen.append(c)
            else:
                break
    if chosen:
        chosen.reverse()
        first = chosen[0]
        if any(c.value is None for c in chosen):
            return SlotValue(None, None, None, floor + first.start, pos, "vague")
        total = sum(c.value for c in chosen)  # type: ignore[misc]
        return SlotValue(total, first.qualifier, first.high if len(chosen) == 1 else None, floor + first.start, pos, "number")
    if re.search(r"\b(?:another|one\s+other)\s+(?:(?:was|is|were|also)\s+)?$", window, re.IGNORECASE):
        return SlotValue(1, "exact", None, floor, pos, "singular")
    bare = re.sub(r"[\"“”‘’]", "", window)  # 'is "seriously injured"'
    # "was kidnapped and killed": the auxiliary serves both participles
    bare = _COORDINATED_PARTICIPLE.sub("", bare)
    if singular and _SINGULAR_AUX.search(bare) and not _PLURAL_AUX.search(bare[-40:]) and not _plural_subject(bare, rules):
        return SlotValue(1, "exact", None, floor, pos, "singular")
    if singular and re.search(r"\b(?:after|before|while|since)\s+being\s+$", text[max(0, floor - 14) : pos]):
        # "X is killed after being abducted": the main clause's subject, singular or plural
        main = text[max(0, floor - 80) : floor]
        if re.search(r"\b(?:is|was)\b", main) and not _PLURAL_AUX.search(main):
            return SlotValue(1, "exact", None, floor, pos, "singular")
    if singular:
        m = re.search(r"(?:^|[\s,;:“\"‘])(?P<noun>[A-Za-z][\w'’.-]*)\s+(?:(?:reportedly|allegedly|also|was|is)\s+)?$", window)
        if m and (_is_singular_person(m.group("noun"), rules) or _ends_with_name(window)):
            return SlotValue(1, "exact", None, floor, pos, "singular")
    return None


_COORDINATED_PARTICIPLE = re.compile(r"(?<=\s)(?:[a-z]+(?:ed|en)|shot|beaten|taken)\s+(?:and|or)\s+$")


def _plural_subject(window: str, rules: Rules) -> bool:
    """A plural person noun right before a singular auxiliary ("members of the unit, one of whom was")."""
    m = re.search(r"(?P<noun>[A-Za-z][\w'’-]*)\s+(?:who\s+)?(?:is|was|has\s+been|had\s+been)\s+(?:\w+ly\s+|also\s+)*$", window)
    if not m:
        return False
    noun = m.group("noun")
    return bool(rules.words["person"].fullmatch(noun)) and not _is_singular_person(noun, rules)


def _subject_gap(gap: str, rules: Rules) -> bool:
    """Words between a count and its trigger that can belong to one subject.

    Short gaps ("300 North Korean soldiers have been") pass when they name people or only
    hold auxiliaries; a long gap passes when a person noun follows the count at once
    ("Twelve engineers from the state water company ... are abducted").
    """
    words = gap.split()
    if len(words) <= 8:
        return _gap_is_people(gap, rules)
    # a second verb ("... soldiers, and released a video of the wounded") ends the subject
    if len(words) > 16 or re.search(r"[;:]|,\s*and\b|\band\s+\w{3,}ed\b", gap):
        return False
    return bool(rules.words["person"].search(" ".join(words[:4])))


def _ends_with_name(window: str) -> bool:
    """A personal name right before the trigger ("Oleksiy Stryzhak killed")."""
    m = re.search(r"(?:^|[\s,;:])(?P<a>[A-Z][a-z][\w'’-]*)\s+(?P<b>[A-Z][a-z][\w'’-]*)\s+$", window)
    if not m:
        return False
    before = window[: m.start()].strip()
    # a name starts the clause; "in Kherson Oblast killed" is a place
    return before == "" or bool(re.search(r"(?:\.|\d|y\.o\.|[,;:])$", before))


def _gap_is_people(gap: str, rules: Rules) -> bool:
    """The words between a number and its trigger name people (or nothing that contradicts it)."""
    if rules.words["not_people"].search(gap):
        return False
    if rules.words["person"].search(gap):
        return True
    aux = _word_set(rules.lexicons["subject_filler"])
    stripped = [w.strip("\"“”‘’',()[]") for w in gap.split()]
    nouns = [w for w in stripped if w and w.lower() not in aux and not w[:1].isupper()]
    # one unknown noun right after the number, perhaps after names ("5 activists dead",
    # "one convict killed", "23 FARC dissidents are killed") names people
    if len(nouns) == 1 and nouns[0] in stripped[:3] and len(stripped) <= 5:
        return True
    return not nouns


@lru_cache(maxsize=64)
def _word_set(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


def _joined_groups(between: str, rules: Rules) -> bool:
    """Text between two counted groups that joins them into one total ("two soldiers, a civilian and")."""
    m = re.search(r"(?:,\s*(?:and\s+|as\s+well\s+as\s+)?|\s+(?:and|as\s+well\s+as)\s+)$", between)
    if not m:
        return False
    head = between[: m.start()]
    return (
        bool(rules.words["person"].search(head))
        and len(head.split()) <= 5
        and not _JOIN_HEAD_VERB.search(head)
        and not _groups(rules).part_word.search(head)
    )


def _article_counts(window: str, rules: Rules) -> list[Count]:
    """"a policeman", "an Israeli soldier": one person, as a Count."""
    pattern = re.compile(_ARTICLE_PERSON.replace("{person}", rules.alternations["person"]), re.IGNORECASE)
    out = []
    for m in pattern.finditer(window):
        noun = m.group().split()[-1]
        if m.group().split()[0].lower() in ("his", "her") and not _is_singular_person(noun, rules):
            continue  # "his 2 bodyguards" is counted by its number
        art_end = m.start() + len(m.group().split()[0])
        out.append(Count(1, "exact", None, m.start(), art_end, m.start()))
    return out


def troop_count(text: str, personnel_start: int) -> Count | None:
    """The count written in front of a personnel noun ("an additional 200 troops")."""
    window = text[max(0, personnel_start - 60) : personnel_start]
    for c in reversed(count_phrases(window)):
        gap = window[c.end :]
        # only modifiers between number and noun: "200 U.S. troops", not "20 trains carrying personnel"
        if len(gap.split()) <= 3 and not re.search(r"[;:]|\b(?:and|of|in|to|from|with)\b|\b\w+ing\b", gap):
            return c
        break
    return None


def from_to_count(text: str, start: int) -> Count | None:
    """The new size in "from 6,000 to about 10,000"."""
    m = _FROM_TO.search(text, start)
    if not m:
        return None
    cs = [c for c in count_phrases(text[m.end() : m.end() + 40]) if c.start == 0 and c.value is not None]
    return cs[0] if cs else None


# ------------------------------------------------------------------ mentions

_STOP_NP = re.compile(r"[.;:!?]|,\s|\b(?:and|in|at|on|by|from|to|after|when|while|during|with|who|which|that)\b")


def person_after(text: str, pos: int, rules: Rules) -> tuple[int, int] | None:
    """Span of a person noun in the noun phrase right after `pos`."""
    window = text[pos : pos + 70]
    for m in rules.words["person"].finditer(window):
        gap = window[: m.start()]
        if len(gap.split()) <= 5 and not _STOP_NP.search(gap):
            return pos + m.start(), pos + m.end()
        break
    # "Majid al-Majid, leader of ...": a name followed by a role noun
    m = re.match(r"^\s+(?:[A-Z][\w'’-]+\s+){0,5}[A-Z][\w'’-]+,\s+(?:a\s+|an\s+|the\s+)?(?:[\w-]+\s+){0,3}?(?P<role>" + rules.alternations["person"] + r")\b", text[pos : pos + 120], re.IGNORECASE)
    if m and text[pos:].lstrip()[:1].isupper():
        return pos + m.start("role"), pos + m.end("role")
    return None


_NO_OBJECT = re.compile(
    r"^\s*(?:$|[.,;:!?()/\]”\"’'–—-]|(?:by|in|at|on|near|from|during|after|before|when|while|as|and|or|but|to|into|for|with|"
    r"without|since|last|earlier|yesterday|today|tonight|overnight|late|early|this|over|under|outside|inside|across|along|amid|"
    r"following|according|alive|again|together|back|there|here|also|reportedly|allegedly|themselves|himself|herself|itself|despite|because|though|too|instead|due|"
    r"near|around|within|between|via|through|toward|towards|off|up|out|away|down|is|are|was|were|has|have|had|will|would|"
    r"could|the\s+same|on\s+\w+day|in\s+\w+|\w+ing)\b)",
    re.IGNORECASE,
)
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being|get|gets|got|getting)\s+(?:\w+ly\s+|also\s+|later\s+)*$", re.IGNORECASE)
_HEAD_FOLLOW = re.compile(
    r"^(?:\s*[,.;:)\]”\"’'–—-]|\s*$|\s+(?:to|in|into|on|at|from|for|and|or|as|with|who|that|which|near|along|across|inside|"
    r"outside|were|are|was|is|have|has|had|will|would|could|under|amid|after|before|during|since|against|there|here|deployed|"
    r"stationed|sent|arriv\w*|back|also|now|being|of|under|in|by|without|while|when|whose|had|remain\w*|began|begin\w*|"
    r"fight\w*|help\w*|support\w*|ahead|alongside|reportedly|already|across|because|unit|units)\b)",
    re.IGNORECASE,
)
_SUBJECT_BREAK = re.compile(r"[.;:!?]|\b(?:but|then|after|when|while|said|says|that|which|whom|because|although|though)\b", re.IGNORECASE)


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


def person_before(text: str, pos: int, floor: int, rules: Rules) -> tuple[int, int] | None:
    """Span of a person noun in the subject right before `pos`."""
    window = text[floor:pos]
    hits = list(rules.words["person"].finditer(window))
    if not hits:
        return None
    m = hits[-1]
    gap = window[m.end() :]
    if len(gap.split()) <= 16 and not _SUBJECT_BREAK.search(gap):
        return floor + m.start(), floor + m.end()
    return None


def personnel_near(text: str, trigger: Trigger, floor: int, rules: Rules, side: str) -> tuple[int, int] | None:
    """Span of a military personnel noun attached to a deployment trigger (as object or subject)."""
    if side == "near":
        side = "after" if has_object(text, trigger) or re.match(r"^\s+of\b", text[trigger.end :]) else "before"
    words = rules.words["personnel"]
    not_personnel = rules.words["not_personnel"]
    if side == "after":
        window = text[trigger.end : trigger.end + 120]
        stop = re.search(r"[.;:!?]|\b(?:after|when|while|because|but|which|who|that|where|whose|as\s+part)\b", window)
        window = window[: stop.start()] if stop else window
        head_end = re.search(r"\b(?:to|in|into|for|on|at|from|with|near|across|along|inside|outside|under|over|against|as|amid|after)\b", re.sub(r"^\s+of\b", "   ", window))
        head = window[: head_end.start()] if head_end else window
        if not words.search(head):
            later = re.search(r",?\s+and\s+(?:[\w,.-]+\s+){0,3}?(?=" + rules.alternations["personnel"] + r"\b)", window[len(head) :], re.IGNORECASE)
            if later is None:
                return None
        for m in words.finditer(window):
            if not _HEAD_FOLLOW.match(window[m.end() :]) and m.end() < len(window):
                continue
            if len(window[: m.start()].split()) <= 14:
                return trigger.end + m.start(), trigger.end + m.end()
        return None
    window = text[floor : trigger.start]
    hits = [m for m in words.finditer(window) if _HEAD_FOLLOW.match(window[m.end() :]) or m.end() == len(window.rstrip())]
    if not hits:
        return None
    m = hits[-1]
    gap = window[m.end() :]
    # police before the noun or as its head ("a contingent of 400 police officers") are no troops
    of_whom = re.match(r"\s+of\s+(?:[\w,.-]+\s+){0,4}?(?=\S)", gap)
    around = window[max(0, m.start() - 25) : m.end()] + (gap[: of_whom.end() + 20] if of_whom else "")
    if len(gap.split()) <= 8 and not _SUBJECT_BREAK.search(gap) and not not_personnel.search(around):
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
    return bool(re.match(r"^\s+(?:the\s+)?release\s+of\b", window))


def sentence_mentions(
    text: str, rules: Rules, doc: DocumentScope | str = "", only: Collection[int] | None = None,
    cues: Collection[int] | None = None,
) -> tuple[list[Mention], dict]:
    """Mentions of every event type in one sentence, and side facts the roles need.

    `doc`: the document the sentence belongs to (for document-scope cues). As picked by
    the gate (None: all): `only`, indices of the trigger rules worth trying; `cues`,
    indices of the cues worth trying.
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
        floor = clause_start(text, t.start)
        spec = t.rule.spec
        if spec.needs:
            span = _needs_span(text, t, floor, rules)
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
        mention = Mention(label, ts)
        stage_cue = None
        if label == "prisoner_exchange_offer":
            if not any(t.rule.spec.strong or t.rule.spec.needs for t in ts):
                continue
            mention.stage, stage_cue = _stage(text, rules, cues, low)
        elif label == "deployment":
            span = facts.get("personnel")
            c = troop_count(text, span[0]) if span else None
            rule_id = facts.get("personnel_rule")
            if c is None or c.value is None:
                alt = from_to_count(text, ts[0].start)
                if alt is not None:
                    c, rule_id = alt, ts[0].rule.spec.id
            if c is not None and c.value is not None:
                mention.slots["troops"] = SlotValue(c.value, c.qualifier, c.high, c.start, c.end, "number", rule_id)
        else:
            _fill_slots(text, mention, rules)
            if label == "casualty_report" and not any(s.value is not None for s in mention.slots.values()):
                continue
            if label == "capture" and not mention.slots and not any(t.rule.spec.needs or _VERBAL_KIDNAP.search(text[t.start : t.end]) for t in ts):
                # "kidnapped" with no count and no person: keep only with a person around
                if not (person_before(text, ts[0].start, clause_start(text, ts[0].start), rules) or person_after(text, ts[0].end, rules)):
                    continue
        hedges = applying_cues(text, label, "hedge", rules, cues, low)
        mention.hedged = bool(hedges)
        mention.cue_ids = list(dict.fromkeys([*hedges, *([stage_cue] if stage_cue else []), *overridden.get(label, [])]))
        mentions.append(mention)
    return mentions, facts


# A verb of abduction asserts that people were taken even without a count; "kidnapping" as a
# noun ("the kidnapping of people") may be a general reference.
_VERBAL_KIDNAP = re.compile(r"\b(?:kidnapped|abducted|kidnaps|abducts|kidnap|abduct|hostages?|captive|prisoner|captivity)\b", re.IGNORECASE)


# ------------------------------------------------------------------ needs conditions
# The conditions a trigger rule may name in `needs` (rules.toml): each looks at the
# trigger's neighbourhood and returns what it found (a span, True) or None. The loader
# rejects a rule naming a condition that is not registered here.

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


# A personal pronoun as the subject of a passive ("they were captured", "he had been seized");
# "it" is left out: it is a town or a base as often as a person.
_PRONOUN_PASSIVE = re.compile(
    r"\b(?:he|she|they|we)\s+(?:\w+ly\s+|also\s+|later\s+){0,2}(?:was|were|is|are|had\s+been|have\s+been|has\s+been|being|got|get|gets)\s+(?:\w+ly\s+|also\s+|later\s+|then\s+)?$",
    re.IGNORECASE,
)


def _pronoun_subject(text: str, t: Trigger, floor: int) -> tuple[int, int] | None:
    m = _PRONOUN_PASSIVE.search(text, floor, t.start)
    return (m.start(), m.start() + len(m.group().split()[0])) if m else None


@_need("person_near")
def _person_near(text: str, t: Trigger, floor: int, rules: Rules):
    """A person noun as the object of an active verb, or the subject of a passive one
    (a personal pronoun too: "they were captured")."""
    if has_object(text, t):
        return person_after(text, t.end, rules)
    return person_before(text, t.start, floor, rules) or _pronoun_subject(text, t, floor)


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
    return personnel_near(text, t, floor, rules, "after") if has_object(text, t) else None


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


_POLICE_CONTEXT = re.compile(
    r"\bpolice|\bauthorities\b|\bcharges?\b|\barrest|\baccused\s+of|\bsuspected\s+of|\bsuspicion\b|\bsecurity\s+service",
    re.IGNORECASE,
)


@_need("armed_captor")
def _armed_captor(text: str, t: Trigger, floor: int, rules: Rules):
    """A person detained where an armed party is named and no police or charges are."""
    if has_object(text, t):
        person = person_after(text, t.end, rules)
    else:
        person = person_before(text, t.start, floor, rules) or _pronoun_subject(text, t, floor)
    armed = rules.words["armed_party"].search(text)
    return person if person and armed and not _POLICE_CONTEXT.search(text) else None


def _needs_span(text: str, t: Trigger, floor: int, rules: Rules):
    return NEED_CHECKS[t.rule.spec.needs](text, t, floor, rules)


def _fill_slots(text: str, mention: Mention, rules: Rules) -> None:
    for t in mention.triggers:
        spec = t.rule.spec
        if spec.slot is None:
            continue
        current = mention.slots.get(spec.slot)
        if current is not None and current.kind == "number" and not spec.overrides:
            continue
        floor = clause_start(text, t.start)
        prev_end = max((o.end for o in mention.triggers if o.end <= t.start), default=0)
        floor = max(floor, prev_end)
        found = None
        # an active verb counts its object, a passive or adjectival one its subject
        direction = spec.count
        if direction in ("before", "after") and spec.slot in ("killed", "injured", "captured") and _has_twin(t, mention):
            direction = "after" if has_object(text, t) else "before"
            if direction != spec.count:
                continue
        elif direction == "both" and has_object(text, t):
            direction = "after"
        if direction in ("after", "both"):
            found = count_after(text, t.end, rules, spec.singular, spec.slot)
        if (found is None or found.kind != "number") and direction in ("before", "both"):
            before = count_before(text, t.start, floor, rules, spec.singular)
            if before is not None and (found is None or before.kind == "number"):
                found = before
        if found is None:
            continue
        if (
            current is None
            or (current.kind != "number" and found.kind == "number")
            or (current.kind == "vague" and found.kind == "singular")
            or (spec.overrides and found.kind == "number")
        ):
            mention.slots[spec.slot] = replace(found, rule_id=spec.id)


def _has_twin(t: Trigger, mention: Mention) -> bool:
    """Another rule matched the very same words (an active and a passive reading of "killed")."""
    return any(o is not t and o.start == t.start and o.end == t.end for o in mention.triggers)


def _stage(text: str, rules: Rules, possible: Collection[int] | None = None, low: str | None = None) -> tuple[str, str | None]:
    """offer, agreement or completed, with the id of the cue that decided it: what a decisive
    cue says (a swap surely done, one scheduled), else an offer, else a done act, else a deal."""
    stages = (("stage_offer", "offer"), ("stage_completed", "completed"), ("stage_agreement", "agreement"))
    decisive = sorted(
        (c for label, _ in stages for c in rules.cues_for("prisoner_exchange_offer", label, possible) if c.spec.decisive),
        key=lambda c: c.index,
    )
    for c in decisive:
        if _found(*_twin(c.regex, c.lower, text, low)) and not (c.unless and _found(*_twin(c.unless, c.unless_lower, text, low))):
            return dict(stages)[c.spec.label], c.spec.id
    for label, stage in stages:
        found = applying_cues(text, "prisoner_exchange_offer", label, rules, possible, low, first=True)
        if found:
            return stage, found[0]
    return "completed", None
