"""The word lists of the text roles: validated when loaded, and each list's own examples hold."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sitrep.pipelines import incidents
from sitrep.pipelines.documents import Document
from sitrep.pipelines.extract import attribution, exchange, extract_events, locations
from sitrep.pipelines.extract.roles import country_mentions
from sitrep.pipelines.extract.rules import DEFAULT_SEEDS, RulesError
from sitrep.pipelines.extract.wordlists import REQUIRED, load_wordlists
from sitrep.pipelines.normalize.countries import CountryGazetteer
from sitrep.pipelines.normalize.dates import date_words
from sitrep.pipelines.normalize.gazetteer.heuristics import name_words
from sitrep.pipelines.normalize.places import Geocoder, load_geocoder, place_name_words

FILES = ("locations", "attribution", "dates", "exchange", "geocoding", "incidents", "gazetteer")
PUBLISHED = date(2025, 3, 12)  # a Wednesday: dates.toml's examples are briefs published that day


def _examples():
    for name in FILES:
        for entry in load_wordlists(DEFAULT_SEEDS, name).entries.values():
            for n, ex in enumerate(entry.examples):
                yield pytest.param(name, ex, id=f"{name}.{entry.id}.{n}")


def _read(name: str, ex, resources) -> str | None:
    """The field the example pins, read from its text as a document of sentences split at '. '
    (dates: the first event's event_date, extracted from the text as a brief, or as the kind of
    document the example names)."""
    if name == "dates":
        doc = Document(doc_id="example", text=ex.text, published_at=PUBLISHED, kind=ex.kind or "brief")
        events = extract_events(doc, resources)
        return events[0]["event_date"].isoformat() if events and events[0]["event_date"] else None
    if name == "exchange":
        return exchange.exchange_sides(ex.text, resources.exchange_words, resources.rules)[ex.field]
    if name == "geocoding":
        place = resources.geocoder.geocode(ex.text)
        return f"{place.name} ({place.country}, {place.precision})" if place else None
    if name == "incidents":
        words = resources.incident_rules.name_words
        return {"region": incidents.region_noun, "key": incidents.place_key, "reporter": incidents.reporter_key}[ex.field](ex.text, words)
    if name == "gazetteer":
        found = resources.gazetteer.mentions(ex.text)
        if not found:
            return None
        return found[0].modifier if ex.field == "modifier" else f"{found[0].surface} {found[0].iso3}"
    sentences = re.split(r"(?<=[.!?])\s+", ex.text.strip())
    last = len(sentences) - 1
    if name == "locations":
        places = [country_mentions(s, resources.rules) for s in sentences]
        doc = locations.DocumentPlaces(sentences, places, resources.place_words)
        return doc.location(last, 0, ex.event_type)
    doc = attribution.DocumentSources(sentences, resources.source_words)
    return doc.reported_by(last, 0, ex.headline)


@pytest.mark.parametrize(("name", "example"), list(_examples()))
def test_word_list_example_gives_its_expected_value(name, example, resources):
    assert (_read(name, example, resources) or "") == example.expect


def _write(tmp_path: Path, name: str, body: str) -> Path:
    (tmp_path / "lexicons").mkdir(exist_ok=True)
    (tmp_path / "lexicons" / f"{name}.toml").write_text(body, encoding="utf-8")
    return tmp_path


def test_list_without_a_non_firing_example_is_refused(tmp_path):
    seeds = _write(tmp_path, "extra", '[[list]]\nid = "x"\nabout = "a"\nwords = ["in"]\nexamples = [{ text = "t", expect = "v" }, { text = "u", expect = "w" }]\n')
    with pytest.raises(RulesError, match="must not"):
        load_wordlists(seeds, "extra")


def test_list_with_unknown_key_is_refused(tmp_path):
    seeds = _write(tmp_path, "extra", '[[list]]\nid = "x"\nabout = "a"\nwords = ["in"]\nregex = "y"\nexamples = [{ text = "t", expect = "v" }, { text = "u", expect = "" }]\n')
    with pytest.raises(RulesError, match="list 'x'"):
        load_wordlists(seeds, "extra")


def test_file_missing_a_list_the_mechanism_needs_is_refused(tmp_path):
    seeds = _write(tmp_path, "locations", '[[list]]\nid = "locative"\nabout = "a"\nwords = ["in"]\nexamples = [{ text = "t", expect = "v" }, { text = "u", expect = "" }]\n')
    with pytest.raises(RulesError, match="missing lists"):
        load_wordlists(seeds, "locations")


# The resources with a file's lists in place of the ones loaded.
_WITH_LISTS = {
    "locations": lambda res, lists: replace(res, place_words=locations.place_words(lists)),
    "attribution": lambda res, lists: replace(res, source_words=attribution.source_words(lists)),
    "dates": lambda res, lists: replace(res, date_words=date_words(lists)),
    "exchange": lambda res, lists: replace(res, exchange_words=exchange.exchange_words(lists)),
    "geocoding": lambda res, lists: replace(res, geocoder=_geocoder(res, lists)),
    "incidents": lambda res, lists: replace(
        res, incident_rules=replace(res.incident_rules, name_words=incidents.name_words(lists))),
    "gazetteer": lambda res, lists: replace(res, gazetteer=CountryGazetteer(res.gazetteer._entries, name_words(lists), res.gazetteer._cities)),
}


# Lists the city table and the places index are built with: changing one rebuilds them.
_BUILD_LISTS = ("alternate_name_label", "leading_article", "admin_suffix")


def _geocoder(resources, lists) -> Geocoder:
    g = resources.geocoder
    loaded = load_wordlists(resources.seeds_dir, "geocoding")
    if any(lists.entries[k] != loaded.entries[k] for k in _BUILD_LISTS):
        return load_geocoder(resources.seeds_dir, g.gazetteer, lists)
    return Geocoder(g.index, g.cities, g.gazetteer, place_name_words(lists))


def _lists():
    for name in _WITH_LISTS:
        for entry in load_wordlists(DEFAULT_SEEDS, name).entries.values():
            yield pytest.param(name, entry.id, id=f"{name}.{entry.id}")


@pytest.mark.parametrize(("name", "list_id"), list(_lists()))
def test_list_is_what_its_examples_turn_on(name, list_id, resources):
    """Emptying a list changes what at least one of its examples reads: the list, taken from the
    resources passed in, is what decides."""
    lists = load_wordlists(DEFAULT_SEEDS, name)
    entry = lists.entries[list_id]
    emptied = replace(lists, entries={**lists.entries, list_id: entry.model_copy(update={"words": ("qqqq",)})})
    without = _WITH_LISTS[name](resources, emptied)
    assert any((_read(name, ex, without) or "") != ex.expect for ex in entry.examples)


def test_every_word_list_file_has_its_examples_run():
    assert set(FILES) == set(REQUIRED) == set(_WITH_LISTS)
