"""The English word lists of the text roles (location, reported_by), of event dates, of exchange
sides, of geocoded place names, of incident grouping's place names and of the country gazetteer's scan, read from seeds/lexicons.

    places = load_wordlists(seeds_dir, "locations")      # seeds/lexicons/locations.toml
    sources = load_wordlists(seeds_dir, "attribution")   # seeds/lexicons/attribution.toml
    dates = load_wordlists(seeds_dir, "dates")           # seeds/lexicons/dates.toml
    swaps = load_wordlists(seeds_dir, "exchange")        # seeds/lexicons/exchange.toml
    names = load_wordlists(seeds_dir, "geocoding")       # seeds/lexicons/geocoding.toml
    incident_places = load_wordlists(seeds_dir, "incidents")  # seeds/lexicons/incidents.toml
    country_names = load_wordlists(seeds_dir, "gazetteer")  # seeds/lexicons/gazetteer.toml

Each file is a list of [[list]] entries (id, about, words, examples), validated once: a
malformed file raises RulesError (pipelines.seedfile.SeedError) naming the file, line and entry. The lists a mechanism needs
are named by it (REQUIRED); a missing one is an error at load time, not at use.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, field_validator, model_validator
from sitrep.pipelines.extract.rules import load_entries
from sitrep.pipelines.seedfile import SeedError

REQUIRED = {
    "locations": (
        "locative", "destination", "expansion", "origin", "place_kind", "site", "compass", "place_modifier",
        "back_reference", "conflict_noun", "attack_verb", "not_place", "not_place_head", "attack_noun_of",
        "determiner", "name_particle", "glued_article", "territory_preposition", "side_prefix", "control_suffix",
        "phrase_follower", "existential_verb", "not_locative", "resident_noun_of", "seize_hold_verb",
        "bare_institution", "strike_noun", "speech_setting",
    ),
    "attribution": (
        "reporting_verb", "not_reported", "passive_auxiliary", "clause_opener", "source_noun",
        "pronoun_source", "aside_opener", "headline_label", "statement_noun", "count_word", "determiner",
        "title", "verb_adverb", "non_source_word", "leading_filler", "name_joiner", "descriptor_suffix",
        "author_phrase_end", "inverted_article", "teaser_label", "source_medium", "taking_verb", "taken_object",
        "title_body_noun", "source_complement", "quoting_verb",
    ),
    "dates": (
        "report_word", "report_listener", "span_edge", "plan_word", "background_verb", "subclause_opener",
        "day_report", "day_name_follower", "day_name_prefix", "same_event_verb", "time_clause_opener",
        "ordinal_day_follower", "relative_opener", "as_reported", "day_part_adverb",
        "report_adverb", "weekday_before", "weekday_ahead", "weekday_this",
        "note_opener", "day_count_word", "day_count_article", "not_day_count", "day_later", "days_later",
        "day_earlier", "day_earlier_at_end", "days_earlier", "days_earlier_at_end",
        "relative_day", "day_owner", "same_day", "night_before", "days_ago",
    ),
    "geocoding": (
        "admin_word", "generic_word", "water_word", "name_prefix", "name_particle", "plural_admin_word",
        "alternate_name_label", "leading_article", "admin_suffix",
    ),
    "exchange": (
        "in_exchange_for", "swap_a_for_b_verb", "handover_verb", "released_participle", "captive_noun",
        "contrast_conjunction", "not_a_side_after_comma", "not_a_side_after", "release_auxiliary",
    ),
    "incidents": ("admin_unit_noun", "place_name_filler", "reporter_filler"),
    "gazetteer": ("institution_word", "function_word", "unit_word", "place_word", "modifier_suffix", "sympathy_prefix"),
}


class Example(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str
    expect: str  # "" where the text gives no value
    field: str | None = None  # the value an example pins where a file's mechanism reads several
    event_type: str | None = None
    headline: bool = False
    kind: str | None = None  # the kind of document the text is read as, where a mechanism reads only one (dates: "note")


class WordList(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    about: str
    words: tuple[str, ...]
    examples: tuple[Example, ...]

    @field_validator("id")
    @classmethod
    def _id_is_snake(cls, v: str) -> str:
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", v):
            raise ValueError(f"id {v!r} must be lower_snake_case")
        return v

    @field_validator("words")
    @classmethod
    def _words_are_clean(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if not v:
            raise ValueError("no words")
        for w in v:
            if not w.strip() or w != w.strip():
                raise ValueError(f"word {w!r} is empty or padded")
        return v

    @model_validator(mode="after")
    def _examples_fire_and_not(self) -> WordList:
        if len(self.examples) < 2 or not any(e.expect for e in self.examples) or all(e.expect for e in self.examples):
            raise ValueError("examples need at least one text that fires and one that must not (expect = \"\")")
        return self


@dataclass(frozen=True)
class WordLists:
    """One file's lists: the entries as read, and each list as a set and as a regex."""

    path: Path
    entries: dict[str, WordList]

    def words(self, name: str) -> frozenset[str]:
        return frozenset(w.lower() for w in self.entries[name].words)

    def pattern(self, name: str) -> str:
        """The list as a bare (?:a|b|...) group, longest first; spaces match any whitespace. Words
        of equal length in alphabetical order, not a set's (which string hashing varies by
        process): a view built from the list is the same SQL in every run, so an unchanged re-run
        rebuilds no view and commits no snapshot."""
        parts = sorted(set(self.entries[name].words), key=lambda word: (-len(word), word))
        return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts) + ")"


def wordlist_path(seeds_dir: Path, name: str) -> Path:
    return Path(seeds_dir) / "lexicons" / f"{name}.toml"


def load_wordlists(seeds_dir: Path, name: str) -> WordLists:
    """seeds/lexicons/<name>.toml, validated."""
    path = wordlist_path(seeds_dir, name)
    entries = {entry.id: entry for entry in load_entries(path, "list", WordList)}
    missing = [k for k in REQUIRED.get(name, ()) if k not in entries]
    if missing:
        raise SeedError(f"{path}: missing lists {missing}")
    return WordLists(path, entries)
