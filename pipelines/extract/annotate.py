"""Stage `annotate`: mentions in, event rows out (like spaCy's set_annotations). For each
mention it fills the roles (actor, target: roles.py), the counts the match attached, the
date (normalize/dates.py), the place and its geocoded point (locations.py,
normalize/places.py) and who reported it (attribution.py), reading the document around the
sentence where the sentence alone does not say.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from sitrep.pipelines.documents import Document
from sitrep.pipelines.extract import attribution, locations
from sitrep.pipelines.extract.match import Mention
from sitrep.pipelines.extract.roles import (
    Context,
    CountryMention,
    attackers_take_place_country,
    capture_roles,
    casualty_roles,
    context_country,
    country_mentions,
    deployment_roles,
    exchange_roles,
    named_attacker,
    refers_back_to_attack,
    unnamed_group_attacker,
)
from sitrep.pipelines.normalize.dates import DateWords, NamedDates, event_date, note_date, reference_date
from sitrep.pipelines.normalize.places import Geocoder
from sitrep.pipelines.segment import DocumentSentences, Sentence, readable

if TYPE_CHECKING:
    from sitrep.pipelines.resources import Resources

_COUNT_FIELDS = {
    "deployment": ("troops",),
    "capture": ("captured",),
    "casualty_report": ("killed", "injured", "casualties"),
    "prisoner_exchange_offer": (),
}


def annotate(mentions: list[Mention], sentences: DocumentSentences, resources: Resources) -> list[dict]:
    """One event row per mention (dicts keyed by EVENT_FIELDS names), in the mentions' order.

    `sentences`: the document the mentions were matched in (`segment`); roles read the
    countries of all its sentences, dates and places the sentences before a mention's.
    """
    if not mentions:
        return []
    doc = sentences.doc
    rules = resources.rules
    read = sentences.all()
    texts = [readable(s.text, rules.alternations["wire_slug"]) for s in read]
    position = {(s.in_title, s.start): i for i, s in enumerate(read)}
    # Roles read the countries of the whole document (its main parties), so these are only
    # looked for once the document is known to hold an event.
    places = [country_mentions(t, rules) for t in texts]
    source_places = [p for p in country_mentions(_source_place(doc.source), rules) if p.kind == "name"]
    # A brief's title is a topic label ("Mexican drug war"), never a mention, but the country it
    # names is one the document is about.
    unread_title = [country_mentions(doc.title, rules)] if doc.title and not any(s.in_title for s in read) else []
    context = context_country(places + unread_title, rules.words["provenance_suffix"], source_places)
    note_context = _note_date(doc, resources.date_words)
    # a page without publication metadata may carry its date in the title ("... - 10 February 2025")
    relative_base = None if doc.published_at else reference_date(None, doc.title)
    earlier = _EarlierDates(texts, read, doc.published_at, relative_base, resources.named_dates, resources.date_words)
    headline = (doc.kind or "") == "headline"
    # Where and by whom: read from the sentence, else from the document around it
    # (the place named before, the dateline; the source "he" stands for).
    filed_at = locations.dateline(doc.text) if (doc.kind or "") == "article" else None
    doc_places = locations.DocumentPlaces(texts, places, resources.place_words, filed_at, note=(doc.kind or "") == "note")
    doc_sources = attribution.DocumentSources(texts, resources.source_words)
    rows = []
    for mention in mentions:
        if mention.sentence is None:
            raise ValueError(f"a {mention.event_type} mention without its sentence: annotate reads mentions from match()")
        i = position[(mention.sentence.in_title, mention.sentence.start)]
        rows.append(_record(
            read[i], texts[i], mention, places[i], context, doc, (lambda i=i: note_context or earlier.before(i)),
            resources, headline or read[i].in_title, text_roles=(doc_places, doc_sources, i),
        ))
        row = rows[-1]
        if row["event_type"] in _BACK_REFERRED and row["actor_country"] is None and not read[i].in_title and refers_back_to_attack(texts[i], rules):
            attacker, by_place = _earlier_attacker(i, read, texts, places, rules)
            if attacker is not None:
                row["actor_country"] = attacker
                if attacker == row["target_country"] and not places[i] and not by_place:
                    # the victims' side was the document's main country, guessed: the attacker's
                    # own side is no guess for whom it struck (a group that took the country of
                    # the place it struck shares it with those it struck there)
                    row["target_country"] = None
    return rows


# events whose side that struck a back-reference can name ("They killed six guards")
_BACK_REFERRED = ("casualty_report",)


def _earlier_attacker(i: int, read: list[Sentence], texts: list[str], places: list[list[CountryMention]], rules) -> tuple[str | None, bool]:
    """The side that struck as the two body sentences before sentence `i` name it, and whether
    it is only the country of the place where a group named by what it is struck."""
    for j in range(i - 1, max(-1, i - 3), -1):
        if read[j].in_title:
            break
        found = named_attacker(texts[j], places[j], rules)
        if found is not None:
            return found, False
        found = unnamed_group_attacker(texts[j], places[j], rules)
        if found is not None:
            return found, True
    return None, False


class _EarlierDates:
    """The day last stated before a sentence of the body: "On 21 July, two bombs exploded ...
    Nine people were dead" — a sentence that names no day of its own goes on telling the event
    an earlier one dated. Read backwards from event sentences only, and remembered."""

    def __init__(
        self, texts: list[str], sentences: list[Sentence], published_at: date | None, relative_base: date | None,
        named_dates: NamedDates, date_words: DateWords,
    ) -> None:
        self.texts, self.sentences, self.published_at, self.relative_base = texts, sentences, published_at, relative_base
        self.named_dates, self.date_words = named_dates, date_words
        self.own: dict[int, date | None] = {}

    def before(self, i: int) -> date | None:
        if self.sentences[i].in_title:
            return None
        for j in range(i - 1, -1, -1):
            if self.sentences[j].in_title:
                break  # the title is a summary, not the story's running account
            if j not in self.own:
                when, precision = event_date(
                    self.texts[j], self.published_at, relative_base=self.relative_base, named_dates=self.named_dates,
                    words=self.date_words,
                )
                self.own[j] = when if precision == "day" else None
            if self.own[j] is not None:
                return self.own[j]
        return None


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


def _record(
    sentence: Sentence,
    text: str,
    mention: Mention,
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
        roles = deployment_roles(text, mention, places, context, rules, mention.personnel)
    else:
        roles = exchange_roles(text, mention, places, context, rules)
    when, precision = _event_date(text, doc, note_context, mention.triggers[0].start, resources, mention.triggers[0].end)
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
    if etype in ("casualty_report", "capture") and row["actor_country"] is None and row["location_country"] and not places and attackers_take_place_country(text, mention, rules):
        # "a pilot was killed after separatists shot down a helicopter in the city": the
        # sentence names no country, but the place it struck (read from the document) lies in one
        row["actor_country"] = row["location_country"]
    for name in _COUNT_FIELDS[etype]:
        slot = mention.slots.get(name)
        has = slot is not None and slot.value is not None
        row[name] = slot.value if has else None
        row[f"{name}_qualifier"] = slot.qualifier if has else None
        row[f"{name}_high"] = slot.high if has else None
    if etype == "prisoner_exchange_offer":
        row.update(_exchange_fields(text, mention, resources))
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


def _exchange_fields(text: str, mention: Mention, resources: Resources) -> dict:
    from sitrep.pipelines.extract.exchange import exchange_sides

    return {"stage": mention.stage, **exchange_sides(text, resources.exchange_words, resources.rules)}


def _note_date(doc: Document, words: DateWords) -> date | None:
    if (doc.kind or "") != "note":
        return None
    return note_date(doc.text, words)


def _event_date(
    text: str, doc: Document, context: Callable[[], date | None], anchor: int, resources: Resources,
    anchor_end: int | None = None,
) -> tuple[date | None, str | None]:
    # coarse: "in March 2024" gives a month-precision date where no day is named
    relative_base = None if doc.published_at else reference_date(None, doc.title)
    return event_date(
        text, doc.published_at, context, anchor=anchor, anchor_end=anchor_end, coarse=True, relative_base=relative_base,
        named_dates=resources.named_dates, words=resources.date_words,
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
