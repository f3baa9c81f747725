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

    mentions = match(segment(doc), rules)   # every mention of a document, in reading order
"""
from __future__ import annotations

from sitrep.pipelines.extract.match.assemble import sentence_mentions
from sitrep.pipelines.extract.match.clauses import clause_span, clause_start, has_object
from sitrep.pipelines.extract.match.cues import DocumentScope, cue_fires
from sitrep.pipelines.extract.match.mention import Mention, SlotValue, Trigger
from sitrep.pipelines.extract.match.needs import NEED_CHECKS
from sitrep.pipelines.extract.match.triggers import sentence_triggers
from sitrep.pipelines.extract.rules import Rules
from sitrep.pipelines.normalize.text import MARK, word_marked
from sitrep.pipelines.segment import DocumentSentences, readable

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
    "match",
    "sentence_mentions",
    "sentence_triggers",
]


def match(sentences: DocumentSentences, rules: Rules, gated: bool = True) -> list[Mention]:
    """Stage `match`: every mention of a document's sentences, in reading order, each with
    its sentence, trigger spans, counts and the ids of the rules and cues behind them.

    gated: try on each sentence only the trigger rules whose required words it holds, and
    document cues only where theirs occur (gate.py), matching with the regexes'
    lower-cased twins on lower-cased text (rules.lower_twin). The output is the same
    either way: gating only skips work that cannot find anything. Paragraphs where no
    trigger can match are not even split into sentences.
    """
    doc = sentences.doc
    gated = gated and rules.gate is not None and rules.cue_gate is not None
    # The word-marked title and text (normalize/text.py); a sentence's is a slice of them.
    marked = {True: word_marked(doc.title or "", strict=False, end=True), False: word_marked(doc.text or "", strict=False, end=True)}

    def marked_span(in_title: bool, start: int, end: int) -> str | None:
        whole = marked[in_title]
        return None if whole is None else MARK + whole[start + 1 : end + 1] + MARK

    if gated and not (rules.gate.any_possible(marked[True]) or rules.gate.any_possible(marked[False])):
        return []  # no trigger can match anywhere
    scope = DocumentScope(doc.text, rules if gated else None, marked[False], doc.kind)
    found: list[Mention] = []
    for paragraph in sentences.paragraphs:
        if gated and not rules.gate.any_possible(marked_span(paragraph.in_title, paragraph.start, paragraph.end)):
            continue
        for sentence in sentences.of(paragraph):
            only = cues = None
            if gated:
                # a slug title's "-" read as " " is the same mark
                sentence_marked = marked_span(sentence.in_title, sentence.start, sentence.end)
                only = rules.gate.possible(sentence_marked)
                if not only:
                    continue
                cues = rules.cue_gate.possible(sentence_marked)
            found += sentence_mentions(readable(sentence.text, rules.alternations["wire_slug"]), rules, scope, only, cues, sentence)
    return found
