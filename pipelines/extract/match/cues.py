"""Cues: block cues that cancel a trigger, whole-sentence cues (hedges, exchange stages), and
document-scope cues, whose verdict is worked out once per document."""
from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from sitrep.pipelines.extract.match.clauses import clause_start
from sitrep.pipelines.extract.match.mention import Trigger
from sitrep.pipelines.extract.match.triggers import sentence_triggers
from sitrep.pipelines.extract.rules import CompiledCue, Rules
from sitrep.pipelines.normalize.text import lowered, twin, word_marked


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
            regex, subject = twin(cue.unless, cue.unless_lower, self.text, low)
            if regex.search(subject):
                return False
        regex, subject = twin(cue.regex, cue.lower, self.text, low)
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
    cues = rules.cues_for(trigger.label, "block")
    if possible is not None:  # the gate's pick; a document-scope cue reads beyond the sentence
        cues = [c for c in cues if c.index in possible or c.spec.scope == "document"]
    for cue in cues:
        spec = cue.spec
        if doc.kind is not None and doc.kind in spec.not_in_kinds:
            continue
        scope = spec.scope
        if scope == "document":
            if doc.blocks(cue, text):
                return spec.id
            continue
        regex, subject = twin(cue.regex, cue.lower, text, low)
        if scope == "before":
            hit = regex.search(subject[clause_start : trigger.start])
        elif scope == "prefix":
            hit = regex.search(subject, 0, trigger.start)  # endpos: the same as a slice there
        elif scope == "after":
            hit = regex.search(subject[trigger.end :])  # (a start position would let \b and ^ see what precedes it)
        else:
            hit = _found(regex, subject)
        if hit:
            if not (cue.unless and _found(*twin(cue.unless, cue.unless_lower, text, low))):
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
            subject = text[clause_start(text, t.start, rules) : t.start]
        elif spec.scope == "prefix":
            subject = text[: t.start]
        else:
            subject = text[t.end :]
        if cue.regex.search(subject):
            return True
    return False


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
        if _found(*twin(c.regex, c.lower, text, low)) and not (c.unless and _found(*twin(c.unless, c.unless_lower, text, low))):
            found.append(c.spec.id)
            if first:
                break
    return found



def exchange_stage(text: str, rules: Rules, possible: Collection[int] | None = None, low: str | None = None) -> tuple[str, str | None]:
    """offer, agreement or completed, with the id of the cue that decided it: what a decisive
    cue says (a swap surely done, one scheduled), else an offer, else a done act, else a deal."""
    stages = (("stage_offer", "offer"), ("stage_completed", "completed"), ("stage_agreement", "agreement"))
    decisive = sorted(
        (c for label, _ in stages for c in rules.cues_for("prisoner_exchange_offer", label, possible) if c.spec.decisive),
        key=lambda c: c.index,
    )
    for c in decisive:
        if _found(*twin(c.regex, c.lower, text, low)) and not (c.unless and _found(*twin(c.unless, c.unless_lower, text, low))):
            return dict(stages)[c.spec.label], c.spec.id
    for label, stage in stages:
        found = applying_cues(text, "prisoner_exchange_offer", label, rules, possible, low, first=True)
        if found:
            return stage, found[0]
    return "completed", None
