"""Rule-based event extraction: sentences in, event mentions out.

    resources = load_resources(settings)     # once: pipelines.resources (validated seeds, gazetteers)
    rows = extract_events(doc, resources)    # pure: one dict per event mention

Like spaCy's rule components, matching (match.py: triggers, cues, counts; roles.py:
actor, target; locations.py: place; attribution.py: source) is kept apart from building
the records (here). Every record carries the id of the rule that supplied its figure
(`rule_id`) and the ids of the cues that applied to it (`cue_ids`: hedges, the exchange
stage, blocks overridden).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from sitrep.pipelines.documents import Document
from sitrep.pipelines.extract import attribution, locations
from sitrep.pipelines.extract.match import DocumentScope, Mention, sentence_mentions
from sitrep.pipelines.extract.roles import (
    Context,
    CountryMention,
    capture_roles,
    casualty_roles,
    context_country,
    country_mentions,
    deployment_roles,
    exchange_roles,
)
from sitrep.pipelines.extract.rules import Rules, RulesError, load_rules
from sitrep.pipelines.normalize.dates import NamedDates, event_date, note_date, reference_date
from sitrep.pipelines.normalize.places import Geocoder
from sitrep.pipelines.normalize.text import MARK, word_marked
from sitrep.pipelines.segment import Paragraph, Sentence, paragraph_sentences, paragraphs

if TYPE_CHECKING:
    from sitrep.pipelines.resources import Resources

__all__ = ["Rules", "RulesError", "extract_events", "load_rules"]

_COUNT_FIELDS = {
    "deployment": ("troops",),
    "capture": ("captured",),
    "casualty_report": ("killed", "injured", "casualties"),
    "prisoner_exchange_offer": (),
}


def extract_events(doc: Document, resources: Resources, gated: bool = True) -> list[dict]:
    """Every event mention of a document, as dicts keyed by EVENT_FIELDS names, read with
    `resources` (pipelines.resources.Resources) alone.

    gated: try on each sentence only the trigger rules whose required words it holds, and
    document cues only where theirs occur (gate.py), matching with the regexes'
    lower-cased twins on lower-cased text (rules.lower_twin). The output is the same
    either way: gating only skips work that cannot find anything.
    """
    rules = resources.rules
    gated = gated and rules.gate is not None and rules.cue_gate is not None
    # The word-marked title and text (normalize/text.py); a sentence's is a slice of them.
    marked = {True: word_marked(doc.title or "", strict=False, end=True), False: word_marked(doc.text or "", strict=False, end=True)}

    def marked_span(in_title: bool, start: int, end: int) -> str | None:
        whole = marked[in_title]
        return None if whole is None else MARK + whole[start + 1 : end + 1] + MARK

    if gated and not (rules.gate.any_possible(marked[True]) or rules.gate.any_possible(marked[False])):
        return []  # no trigger can match anywhere
    scope = DocumentScope(doc.text, rules if gated else None, marked[False], doc.kind)
    # Paragraphs where no trigger can match are not even split into sentences, unless
    # the document turns out to hold an event (roles read all its sentences).
    split: dict[Paragraph, list[Sentence]] = {}
    for paragraph in paragraphs(doc):
        if not gated or rules.gate.any_possible(marked_span(paragraph.in_title, paragraph.start, paragraph.end)):
            split[paragraph] = paragraph_sentences(doc, paragraph)
    found = []
    for sentence in (s for sentences in split.values() for s in sentences):
        if not _worth_reading(sentence, doc):
            continue
        text = _readable(sentence.text)
        only = cues = None
        if gated:
            # a slug title's "-" read as " " is the same mark
            sentence_marked = marked_span(sentence.in_title, sentence.start, sentence.end)
            only = rules.gate.possible(sentence_marked)
            if not only:
                continue
            cues = rules.cue_gate.possible(sentence_marked)
        mentions, facts = sentence_mentions(text, rules, scope, only, cues)
        if mentions:
            found.append(((sentence.in_title, sentence.start), mentions, facts))
    if not found:
        return []
    sentences = [
        s
        for p in paragraphs(doc)
        for s in (split[p] if p in split else paragraph_sentences(doc, p))
        if _worth_reading(s, doc)
    ]
    readable = [_readable(s.text) for s in sentences]
    position = {(s.in_title, s.start): i for i, s in enumerate(sentences)}
    # Roles read the countries of the whole document (its main parties), so these are only
    # looked for once the document is known to hold an event.
    places = [country_mentions(t, rules) for t in readable]
    source_places = [p for p in country_mentions(_source_place(doc.source), rules) if p.kind == "name"]
    # A brief's title is a topic label ("Mexican drug war"), never a mention, but the country it
    # names is one the document is about.
    unread_title = [country_mentions(doc.title, rules)] if doc.title and not any(s.in_title for s in sentences) else []
    context = context_country(places + unread_title, source_places)
    note_context = _note_date(doc)
    # a page without publication metadata may carry its date in the title ("... - 10 February 2025")
    relative_base = None if doc.published_at else reference_date(None, doc.title)
    earlier = _EarlierDates(readable, sentences, doc.published_at, relative_base, resources.named_dates)
    headline = (doc.kind or "") == "headline"
    # Where and by whom: read from the sentence, else from the document around it
    # (the place named before, the dateline; the source "he" stands for).
    filed_at = locations.dateline(doc.text) if (doc.kind or "") == "article" else None
    doc_places = locations.DocumentPlaces(readable, places, resources.place_words, filed_at)
    doc_sources = attribution.DocumentSources(readable, resources.source_words)
    return [
        _record(
            sentences[i], readable[i], mention, facts, places[i], context, doc, (lambda i=i: note_context or earlier.before(i)),
            resources, headline or sentences[i].in_title, text_roles=(doc_places, doc_sources, i),
        )
        for i, mentions, facts in ((position[key], m, f) for key, m, f in found)
        for mention in mentions
    ]


class _EarlierDates:
    """The day last stated before a sentence of the body: "On 21 July, two bombs exploded ...
    Nine people were dead" — a sentence that names no day of its own goes on telling the event
    an earlier one dated. Read backwards from event sentences only, and remembered."""

    def __init__(
        self, texts: list[str], sentences: list[Sentence], published_at: date | None, relative_base: date | None,
        named_dates: NamedDates,
    ) -> None:
        self.texts, self.sentences, self.published_at, self.relative_base = texts, sentences, published_at, relative_base
        self.named_dates = named_dates
        self.own: dict[int, date | None] = {}

    def before(self, i: int) -> date | None:
        if self.sentences[i].in_title:
            return None
        for j in range(i - 1, -1, -1):
            if self.sentences[j].in_title:
                break  # the title is a summary, not the story's running account
            if j not in self.own:
                when, precision = event_date(
                    self.texts[j], self.published_at, relative_base=self.relative_base, named_dates=self.named_dates
                )
                self.own[j] = when if precision == "day" else None
            if self.own[j] is not None:
                return self.own[j]
        return None


_MARKUP = re.compile(r"https?://|www\.|\]\(|<[a-z/]")
_SLUG = re.compile(r"^[\w,.'’]+(?:-[\w,.'’]+){3,}$")


def _source_place(source: str | None) -> str:
    """Country words in a source's name ("Daily Nation (Kenya)", "Kenya Standard"): a weak hint
    of where a note's events happened, used only when its text names no country."""
    if not source:
        return ""
    parts = []
    for name in re.split(r"[;,]", re.sub(r"^[A-Z ]+:\s*", "", source)):
        parts += re.findall(r"\(([^()]{3,40})\)", name)
        first = re.match(r"\s*([A-Z][a-z]+)\b", name)
        if first:
            parts.append(first.group(1))
    return " | ".join(parts)


def _worth_reading(sentence: Sentence, doc: Document) -> bool:
    """Brief titles are topic labels of the news summary ("Kursk offensive"), never assertions;
    lines that are mostly links or markup assert nothing either."""
    if sentence.in_title and (doc.kind or "") == "brief":
        return False
    if _MARKUP.search(sentence.text) and len(_MARKUP.sub(" ", sentence.text).split()) < 8:
        return False
    return True


def _readable(text: str) -> str:
    """A URL slug title ("russia-lost-62,400-soldiers") read as words; same length, same offsets."""
    return text.replace("-", " ") if _SLUG.match(text) else text


def _record(
    sentence: Sentence,
    text: str,
    mention: Mention,
    facts: dict,
    places: list[CountryMention],
    context: Context,
    doc: Document,
    note_context: Callable[[], date | None],
    resources: Resources,
    headline: bool,
    text_roles: tuple[locations.DocumentPlaces, attribution.DocumentSources, int] | None = None,
) -> dict:
    etype = mention.event_type
    rules = resources.rules
    if etype == "casualty_report":
        roles = casualty_roles(text, mention, places, context, rules)
    elif etype == "capture":
        roles = capture_roles(text, mention, places, context, rules)
    elif etype == "deployment":
        roles = deployment_roles(text, mention, places, context, rules, facts.get("personnel"))
    else:
        roles = exchange_roles(text, mention, places, context, rules)
    when, precision = _event_date(text, doc, note_context, mention.triggers[0].start, resources.named_dates)
    row: dict = {
        "event_type": etype,
        "evidence": sentence.text,
        "char_start": sentence.start,
        "char_end": sentence.end,
        "in_title": sentence.in_title,
        "event_date": when,
        "event_date_precision": precision,
        "actor_country": roles.actor,
        "target_country": roles.target,
        **_text_roles(text, mention, places, resources, headline, text_roles),
        "hedged": mention.hedged,
        "rule_id": mention.rule_id,
        "cue_ids": list(mention.cue_ids),
    }
    row.update(_geocoded(row["location"], roles.target, resources.geocoder))
    for name in _COUNT_FIELDS[etype]:
        slot = mention.slots.get(name)
        has = slot is not None and slot.value is not None
        row[name] = slot.value if has else None
        row[f"{name}_qualifier"] = slot.qualifier if has else None
        row[f"{name}_high"] = slot.high if has else None
    if etype == "prisoner_exchange_offer":
        row.update(_exchange_fields(text, mention))
    return row


def _text_roles(text: str, mention: Mention, places: list[CountryMention], resources: Resources, headline: bool, text_roles) -> dict:
    trig = mention.triggers[0]
    if text_roles is None:  # a sentence on its own
        return {
            "location": locations.location(text, trig.end, resources.place_words, places, mention.event_type),
            "reported_by": attribution.reported_by(text, headline, trig.start, words=resources.source_words),
        }
    doc_places, doc_sources, i = text_roles
    return {
        "location": doc_places.location(i, trig.end, mention.event_type),
        "reported_by": doc_sources.reported_by(i, trig.start, headline),
    }


def _exchange_fields(text: str, mention: Mention) -> dict:
    from sitrep.pipelines.extract.exchange import exchange_sides

    return {"stage": mention.stage, **exchange_sides(text)}


def _note_date(doc: Document) -> date | None:
    if (doc.kind or "") != "note":
        return None
    return note_date(doc.text)


def _event_date(
    text: str, doc: Document, context: Callable[[], date | None], anchor: int, named_dates: NamedDates
) -> tuple[date | None, str | None]:
    # coarse: "in March 2024" gives a month-precision date where no day is named
    relative_base = None if doc.published_at else reference_date(None, doc.title)
    return event_date(
        text, doc.published_at, context, anchor=anchor, coarse=True, relative_base=relative_base, named_dates=named_dates
    )


def _geocoded(place: str | None, country_hint: str | None, geocoder: Geocoder) -> dict:
    empty = {"location_admin1": None, "location_country": None, "latitude": None, "longitude": None,
             "location_precision": None}
    if not place:
        return empty
    found = geocoder.geocode(place, country_hint)
    if found is None:
        return empty
    located = found.latitude is not None and found.longitude is not None
    return {
        "location_admin1": found.admin1,
        "location_country": found.country,
        "latitude": found.latitude,
        "longitude": found.longitude,
        # how specific the point is (city, admin1, country): the map must not draw a centroid as a town
        "location_precision": found.precision if located else None,
    }
