"""What matching finds in a sentence: trigger spans, the counts attached to them, and the
mention they make, each keeping the id of the rule that found it."""
from __future__ import annotations

from dataclasses import dataclass, field

from sitrep.pipelines.extract.rules import CompiledRule
from sitrep.pipelines.segment import Sentence


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
    """One event type asserted by one sentence, before roles are filled: what the `match`
    stage hands to `annotate`. Trigger and count offsets are into the sentence's text."""

    event_type: str
    triggers: list[Trigger]
    slots: dict[str, SlotValue] = field(default_factory=dict)
    hedged: bool = False
    stage: str | None = None
    cue_ids: list[str] = field(default_factory=list)  # hedges, the stage cue, blocks overridden
    sentence: Sentence | None = None  # the sentence it was read in (None: a text matched alone)
    personnel: tuple[int, int] | None = None  # a deployment's troops noun, the span its roles read

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
