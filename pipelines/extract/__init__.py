"""Rule-based event extraction: a document in, event rows out, in three stages.

    resources = load_resources(settings)          # once: pipelines.resources (validated seeds, gazetteers)
    sentences = segment(doc)                      # pipelines/segment.py: the sentences worth reading
    mentions = match.match(sentences, resources.rules)       # match/: triggers, cues, counts, rule ids
    rows = annotate.annotate(mentions, sentences, resources)  # annotate.py: roles, dates, places, source

Like spaCy's rule components, matching (match/) is kept apart from writing the records
(annotate.py). Every record carries the id of the rule that supplied its figure
(`rule_id`) and the ids of the cues that applied to it (`cue_ids`: hedges, the exchange
stage, blocks overridden).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from sitrep.pipelines.documents import Document
from sitrep.pipelines.extract import annotate, match  # stage modules, entries match.match, annotate.annotate
from sitrep.pipelines.extract.rules import Rules, RulesError, load_rules
from sitrep.pipelines.segment import segment

if TYPE_CHECKING:
    from sitrep.pipelines.resources import Resources

__all__ = ["Rules", "RulesError", "extract_events", "load_rules"]


def extract_events(doc: Document, resources: Resources, gated: bool = True) -> list[dict]:
    """Every event mention of a document, as dicts keyed by EVENT_FIELDS names, read with
    `resources` (pipelines.resources.Resources) alone: segment, match, annotate.

    gated: let the literal gate skip the rules and paragraphs that cannot match (match());
    the output is the same either way.
    """
    sentences = segment(doc)
    return annotate.annotate(match.match(sentences, resources.rules, gated), sentences, resources)
