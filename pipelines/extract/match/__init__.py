"""Stage `match`: find in each sentence the triggers of the event rules, what cancels them,
what they count, and the mentions they make (like spaCy's Matcher, every span keeps the id
of the rule that found it). Pure functions of (sentence text, Rules); nothing here knows
about countries, places or dates: that is the `annotate` stage (extract/annotate.py).

    triggers.py   trigger rules matched on a sentence
    cues.py       block, hedge and stage cues; document-scope cues read once per document
    clauses.py    the clause around a trigger, and its voice (active with an object or not)
    counts.py     the count a trigger attaches (after it, or in its subject)
    people.py     the person or personnel noun attached to a trigger
    needs.py      the `needs` conditions rules may name (NEED_CHECKS)
    assemble.py   a sentence's mentions, assembled from all of the above
"""
from sitrep.pipelines.extract.match.assemble import sentence_mentions
from sitrep.pipelines.extract.match.clauses import clause_span, clause_start, has_object
from sitrep.pipelines.extract.match.cues import DocumentScope, cue_fires
from sitrep.pipelines.extract.match.mention import Mention, SlotValue, Trigger
from sitrep.pipelines.extract.match.needs import NEED_CHECKS
from sitrep.pipelines.extract.match.triggers import sentence_triggers

__all__ = [
    "NEED_CHECKS",
    "DocumentScope",
    "Mention",
    "SlotValue",
    "Trigger",
    "clause_span",
    "clause_start",
    "cue_fires",
    "has_object",
    "sentence_mentions",
    "sentence_triggers",
]
