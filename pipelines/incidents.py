"""Incidents, not mentions: one real-world event counted once, however often it is reported.

    rules = load_incident_rules()                         # once: seeds/incidents/*.toml and
                                                          # seeds/lexicons/incidents.toml, validated
    ids = assign_incidents(new_mentions, existing, rules)  # an (incident_id, is_claim) per mention
    incidents = build_incidents(mentions, rules)           # the whole grouping, summarised

A mention is an event row (the events schema's columns plus its document's `published_at`
and `source`). Mentions of one document that report the same event (headline, lead,
restatements, quotes) form one incident; across documents, mentions of one type join when
their date windows overlap, their sides and places do not conflict, and they share a figure
or a place (a later report may raise a toll: it revises it). Cumulative tolls are *claims*:
grouped per reporter and victim side, the latest value kept, never added to incidents.

Ids are stable: an incident's id derives from the event id of the mention that founded it,
and assignment takes the existing incidents as input, so a new document joins one without
renumbering the others. Mentions are taken in a fixed order (publication day, document,
title first, reading order), so the same input gives the same grouping.
"""
from __future__ import annotations

import calendar
import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sitrep.pipelines.extract.wordlists import WordLists, load_wordlists
from sitrep.pipelines.schemas import EVENT_TYPES, INCIDENT_FIGURES
from sitrep.pipelines.seedfile import SeedError, read_toml, validate
from sitrep.pipelines.settings import REPO_ROOT
from sitrep.pipelines.tables import collector_paused

DEFAULT_SEEDS = REPO_ROOT / "seeds"
SIDES = ("actor_country", "target_country")
FIGURES = INCIDENT_FIGURES
_FIGURE_FIELDS = tuple((name, f"{name}_qualifier", f"{name}_high") for name in FIGURES)  # a figure's columns
# The event row columns the grouping reads (with the document's `source`).
INCIDENT_COLUMNS = (
    "event_id", "doc_id", "event_type", "evidence", "char_start", "in_title", "event_date", "event_date_precision",
    *SIDES, "location", "location_admin1", "location_country", "latitude", "longitude", "reported_by", "stage",
    *(f"{name}{part}" for name in INCIDENT_FIGURES for part in ("", "_qualifier", "_high")),
    "incident_id", "is_claim", "published_at",
)
_SPECIFICITY = {"exact": 3, "range": 2, "approx": 2, "at_least": 1, "at_most": 1, None: 0}


# Incident cue data that cannot be used: the one error type of seed files.
IncidentRulesError = SeedError


class _Example(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str
    fires: bool


class _CueList(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    cls: str = Field(alias="class")
    label: Literal["claim", "daily", "revision"]
    applies_to: tuple[Literal[EVENT_TYPES], ...]  # type: ignore[valid-type]
    patterns: tuple[str, ...]
    examples: tuple[_Example, ...]

    @field_validator("cls")
    @classmethod
    def _class_is_a_name(cls, v: str) -> str:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", v):
            raise ValueError(f"class {v!r} must be lower_snake_case")
        return v

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if not v:
            raise ValueError("patterns is empty")
        for p in v:
            try:
                re.compile(p)
            except re.error as exc:
                raise ValueError(f"pattern {p!r}: {exc}") from None
        return v

    @model_validator(mode="after")
    def _examples_both_ways(self) -> _CueList:
        if not any(e.fires for e in self.examples) or all(e.fires for e in self.examples):
            raise ValueError("examples need a sentence that fires and one that does not")
        return self


class _Grouping(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    report_lag_days: int = 3
    same_place_km: float = 30.0
    revision_factor: float = 3.0
    revision_slack: int = 20
    revision_down_share: float = 0.75
    min_telling_figure: int = 10


class _CueFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cue_list: list[_CueList]
    grouping: _Grouping = _Grouping()


@dataclass(frozen=True)
class CueList:
    """One class of wording: the regexes that stand for it and the sentences that show it."""

    cls: str
    label: str
    applies_to: tuple[str, ...]
    patterns: tuple[re.Pattern, ...]
    examples: tuple[tuple[str, bool], ...]

    def fires(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)


@dataclass(frozen=True, eq=False)  # hashed by identity: a compiled regex hashes its whole code, and
class NameWords:                    # the name caches below hash their NameWords on every call
    """The words place and reporter names are compared by (seeds/lexicons/incidents.toml; the
    incidents view reads admin_unit_noun from the same list)."""

    region: re.Pattern  # an administrative-unit noun in a name: "the Kharkiv region" is the region
    dropped: re.Pattern  # the words two place names are compared without: unit nouns and fillers
    reporter_dropped: re.Pattern  # the words two reporters are compared without: "according to the"


def name_words(lists: WordLists) -> NameWords:
    unit = lists.pattern("admin_unit_noun")
    return NameWords(
        region=re.compile(rf"\b{unit}\b", re.IGNORECASE),
        dropped=re.compile(rf"\b(?:{lists.pattern('place_name_filler')}|{unit})\b", re.IGNORECASE),
        reporter_dropped=re.compile(rf"\b{lists.pattern('reporter_filler')}\b", re.IGNORECASE),
    )


@dataclass(frozen=True)
class IncidentRules:
    cue_lists: tuple[CueList, ...]
    name_words: NameWords
    report_lag_days: int = 3
    same_place_km: float = 30.0
    revision_factor: float = 3.0
    revision_slack: int = 20
    revision_down_share: float = 0.75
    min_telling_figure: int = 10
    # (label, event type, text) → whether a cue fires: grouping asks again of every candidate
    _fired: dict = field(default_factory=dict, compare=False, repr=False)
    # (label, event type) → one search for all the patterns of its cue lists
    _searches: dict = field(default_factory=dict, compare=False, repr=False)

    def fires(self, label: str, event_type: str, text: str) -> bool:
        key = (label, event_type, text)
        found = self._fired.get(key)
        if found is None:
            search = self._searches.get(key[:2])
            if search is None:
                search = self._searches[key[:2]] = _any_of(
                    [p for c in self.cue_lists if c.label == label and event_type in c.applies_to for p in c.patterns])
            found = self._fired[key] = search(text)
        return found


def _any_of(patterns: list[re.Pattern]):
    """Whether any of the regexes matches a text, as one search: their alternation matches where
    one of them does, and scans the text once instead of once per regex (measured: half the time
    of the cue lists' 21 claim regexes). Regexes the alternation could change (different flags,
    a backreference, which counts groups) are searched one by one."""
    if not patterns:
        return lambda text: False
    if len({p.flags for p in patterns}) == 1 and not any(re.search(r"\\[1-9]|\(\?P=", p.pattern) for p in patterns):
        try:
            one = re.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags)
        except re.error:  # e.g. two regexes naming a group alike
            pass
        else:
            return lambda text: one.search(text) is not None
    return lambda text: any(p.search(text) for p in patterns)


def figure_cues_path(seeds_dir: Path) -> Path:
    return Path(seeds_dir) / "incidents" / "figure_cues.toml"


def load_incident_rules(seeds_dir: Path = DEFAULT_SEEDS) -> IncidentRules:
    """The cue lists and grouping limits of seeds/incidents/figure_cues.toml and the place words
    of seeds/lexicons/incidents.toml, validated."""
    path = figure_cues_path(seeds_dir)
    seed = read_toml(path)
    data = validate(_CueFile, seed.data, seed)
    names = [c.cls for c in data.cue_list]
    if len(set(names)) != len(names):
        raise SeedError(f"{path}: cue list classes must be unique")
    lists = tuple(
        CueList(
            c.cls, c.label, c.applies_to, tuple(re.compile(p, re.IGNORECASE) for p in c.patterns),
            tuple((e.text, e.fires) for e in c.examples),
        )
        for c in data.cue_list
    )
    return IncidentRules(lists, name_words(load_wordlists(seeds_dir, "incidents")), **data.grouping.model_dump())


def is_claim(mention: dict, rules: IncidentRules) -> bool:
    """A cumulative toll (a claim by its reporter), not the figure of one incident.
    A one-day toll ("in the past 24 hours") is an incident of that day whatever else it says."""
    etype, text = mention["event_type"], mention.get("evidence") or ""
    if not rules.fires("claim", etype, text):
        return False
    return not rules.fires("daily", etype, text)


# ---------------------------------------------------------------- comparing mentions


def date_window(mention: dict, lag_days: int) -> tuple[date | None, date | None]:
    """The days the event can have happened on: its stated date at its precision, else the
    few days before publication; (None, None) when nothing dates it."""
    when, precision = mention.get("event_date"), mention.get("event_date_precision")
    if when is not None:
        if precision == "month":
            return when.replace(day=1), when.replace(day=calendar.monthrange(when.year, when.month)[1])
        if precision == "year":
            return date(when.year, 1, 1), date(when.year, 12, 31)
        return when, when
    published = mention.get("published_at")
    if published is not None:
        return published - timedelta(days=lag_days), published
    return None, None


def _overlap(a: tuple, b: tuple) -> tuple | None:
    lo = max((d for d in (a[0], b[0]) if d is not None), default=None)
    hi = min((d for d in (a[1], b[1]) if d is not None), default=None)
    if lo is not None and hi is not None and lo > hi:
        return None
    return lo, hi


def _interval(value: int, qualifier: str | None, high: int | None) -> tuple[float, float]:
    if qualifier == "approx":
        return value * 0.85, value * 1.15
    if qualifier == "at_least":
        return value, math.inf
    if qualifier == "at_most":
        return 0, value
    if qualifier == "range" and high is not None:
        return value, high
    return value, value


def _place_level(m: dict, words: NameWords) -> str | None:
    """'town', 'admin1', 'country' (a geocoded place of that size), 'name' (not geocoded) or None."""
    if not m.get("location"):
        return None
    if m.get("location_country") is None:
        return "name"
    if m.get("location_admin1") is None:
        return "country"
    # a town named like its region ("Kharkiv") is the town; "Kharkiv region" is the region
    return "admin1" if region_noun(m["location"], words) else "town"


@lru_cache(maxsize=65536)  # place names repeat across thousands of comparisons
def region_noun(name: str, words: NameWords) -> str | None:
    """The administrative-unit noun a place name holds, as written ("Borno State" -> "State")."""
    m = words.region.search(name)
    return m.group() if m else None


@lru_cache(maxsize=65536)
def place_key(name: str, words: NameWords) -> str:
    """The name two reports' places are compared by: lower case, without possessives,
    punctuation, unit nouns and fillers ("the city of Kherson" and "Kherson Oblast": "kherson")."""
    name = re.sub(r"[’']s\b|[^\w\s-]", " ", name.lower())
    name = words.dropped.sub(" ", name)
    return " ".join(name.split())


def _km(a: dict, b: dict) -> float:
    if None in (a.get("latitude"), a.get("longitude"), b.get("latitude"), b.get("longitude")):
        return math.inf
    la1, lo1, la2, lo2 = map(math.radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _places(a: dict, b: dict, rules: IncidentRules) -> str:
    """'same', 'unknown' (nothing says either way) or 'apart'. Only towns and regions can set
    two reports apart: country-level places are too coarse, and ungeocoded names too noisy."""
    la, lb = _place_level(a, rules.name_words), _place_level(b, rules.name_words)
    if la is None or lb is None:
        return "unknown"
    if place_key(a["location"], rules.name_words) == place_key(b["location"], rules.name_words):
        return "same"
    specific = ("town", "admin1")
    if la not in specific or lb not in specific:
        return "unknown"
    if a["location_country"] != b["location_country"] or a["location_admin1"] != b["location_admin1"]:
        return "apart"
    if la == "admin1" or lb == "admin1":
        return "same"  # a town inside the region the other report names
    return "same" if _km(a, b) <= rules.same_place_km else "apart"


def _reporter_key(m: dict, words: NameWords) -> str:
    return reporter_key(m.get("reported_by") or "", words)


@lru_cache(maxsize=65536)
def reporter_key(who: str, words: NameWords) -> str:
    """The name two reports' sources are compared by: lower case, without possessives,
    punctuation and fillers ("according to the ministry" and "the Ministry": "ministry")."""
    who = who.lower()
    who = re.sub(r"[’']s\b|[^\w\s]", " ", who)
    who = words.reporter_dropped.sub(" ", who)
    return " ".join(who.split())


def _order_key(m: dict) -> tuple:
    return (m.get("published_at") or date.max, m["doc_id"], not m.get("in_title"), m.get("char_start", 0), m["event_id"])


def incident_id(founder_event_id: str) -> str:
    """An incident (or claim) is named after the mention that founded it."""
    return hashlib.sha256(f"incident\x1f{founder_event_id}".encode()).hexdigest()[:20]


# ---------------------------------------------------------------- grouping


@dataclass
class Incident:
    """One event (or one claim) and the mentions that report it, in the order they joined."""

    incident_id: str
    event_type: str
    is_claim: bool
    members: list[dict] = field(default_factory=list)
    window: tuple = (None, None)
    sides: dict = field(default_factory=dict)
    doc_ids: set = field(default_factory=set)
    reporters: set = field(default_factory=set)
    _keys: set = field(default_factory=set, repr=False)
    _wants: set = field(default_factory=set, repr=False)
    # members whose tie keys are not taken yet: only a join across documents reads keys
    _unkeyed: list = field(default_factory=list, repr=False)
    _facts: list = field(default_factory=list, repr=False)  # each member's _Facts, None until read
    _words: NameWords | None = field(default=None, repr=False)  # the rules' name words, for _Facts

    def add(self, m: dict, window: tuple, rules: IncidentRules, ties: tuple[set, set] | None = None,
            facts: _Facts | None = None) -> None:
        """Add a mention (`ties`: its tie_keys, `facts` its _Facts, when the caller has them already)."""
        self.members.append(m)
        self._facts.append(facts)
        self.window = window if len(self.members) == 1 else (_overlap(self.window, window) or self.window)
        for s in SIDES:
            if self.sides.get(s) is None and m.get(s) is not None:
                self.sides[s] = m[s]
        self.doc_ids.add(m["doc_id"])
        self.reporters.add(_reporter_key(m, rules.name_words))
        self._words = rules.name_words
        if ties is None:
            self._unkeyed.append((m, rules))
        else:
            self._keys |= ties[0]
            self._wants |= ties[1]

    def _take_keys(self) -> None:
        for m, rules in self._unkeyed:
            filed, sought = tie_keys(m, rules)
            self._keys |= filed
            self._wants |= sought
        self._unkeyed.clear()

    @property
    def facts(self) -> list[_Facts]:
        """Each member's _Facts, in the order of `members`."""
        if None in self._facts:
            self._facts = [_Facts(m, self._words) if f is None else f for m, f in zip(self.members, self._facts, strict=True)]
        return self._facts

    @property
    def keys(self) -> set:
        """The tie_keys its members are filed under."""
        self._take_keys()
        return self._keys

    @property
    def wants(self) -> set:
        """The tie_keys its members look up."""
        self._take_keys()
        return self._wants


def _sides_of(m: dict) -> tuple[str | None, str | None]:
    """A mention's (actor, target). A side acting on itself is the document's main country filled
    in for both, so that actor says nothing."""
    actor, target = m.get("actor_country"), m.get("target_country")
    return (None if actor == target else actor), target


class _Facts:
    """What the comparison of two mentions reads of each, taken once per mention (a dense pool
    compares one mention with hundreds of incidents)."""

    __slots__ = ("doc_id", "event_type", "evidence", "sides", "target", "swap", "side_set", "figures", "order",
                 "published", "stage", "reporter")

    def __init__(self, m: dict, words: NameWords) -> None:
        self.doc_id = m["doc_id"]
        self.event_type = m["event_type"]
        self.evidence = m.get("evidence") or ""
        self.sides = _sides_of(m)
        self.target = self.sides[1]
        self.swap = m["event_type"] == "prisoner_exchange_offer"
        self.side_set = set(self.sides) - {None}
        # figure name → (value, qualifier, high), its interval; in the order of FIGURES
        self.figures = {}
        for name, qualifier, high in _FIGURE_FIELDS:
            value = m.get(name)
            if value is not None:
                figure = (value, m.get(qualifier), m.get(high))
                self.figures[name] = (figure, _interval(*figure))
        self.order = _order_key(m)
        self.published = m.get("published_at") or date.min
        self.stage = m.get("stage")
        self.reporter = _reporter_key(m, words)


def _sides_conflict(a: _Facts, b: _Facts) -> bool:
    (a1, t1), (a2, t2) = a.sides, b.sides
    if a.swap:
        # a swap has two sides and either can be written first
        s1, s2 = a.side_set, b.side_set
        return not (s1 <= s2 or s2 <= s1)
    return (a1 is not None and a2 is not None and a1 != a2) or (t1 is not None and t2 is not None and t1 != t2)


def _revises(earlier: _Facts, later: _Facts, a: tuple, b: tuple, rules: IncidentRules) -> bool:
    """Whether `later`'s figure b can be a revision of `earlier`'s a: tolls rise as the dead are
    counted; a report that says it revises the toll may change it either way."""
    if rules.fires("revision", later.event_type, later.evidence):
        return True
    if later.published <= earlier.published:
        return False
    return a[0] <= b[0] <= max(a[0] * rules.revision_factor, a[0] + rules.revision_slack)


def _revised_down(earlier: _Facts, later: _Facts, a: tuple, b: tuple, same_place: bool, rules: IncidentRules) -> bool:
    """Whether a later report's lower toll can be the earlier one revised down (a victim counted
    twice) without saying so: only a little lower, and only where both reports name the same
    place; a toll that falls further, or at another or unnamed place, is another event."""
    return same_place and later.published > earlier.published and a[0] * rules.revision_down_share <= b[0] < a[0]


def _fit(inc: Incident, m: dict, window: tuple, rules: IncidentRules, facts: _Facts | None = None) -> int | None:
    """None when a mention cannot belong to an incident, else how much ties it there: shared
    figures and places (0: nothing conflicts, but nothing ties it either). `facts`: the mention's
    _Facts, when the caller has them already."""
    if inc.event_type != m["event_type"] or inc.is_claim != m["is_claim"]:
        return None
    f = _Facts(m, rules.name_words) if facts is None else facts
    held = inc.facts
    if any(_sides_conflict(o, f) for o in held):
        return None
    same_doc = f.doc_id in inc.doc_ids
    shared = 0
    for name, (b, (lo2, hi2)) in f.figures.items():
        for member, o in zip(inc.members, held, strict=True):
            got = o.figures.get(name)
            if got is None:
                continue
            a, (lo1, hi1) = got
            if lo1 <= hi2 and lo2 <= hi1:  # the figures agree
                shared += _telling(o, f, a, b, rules)
            elif o.doc_id == f.doc_id:
                return None  # one document giving two tolls is telling of two events
            elif inc.is_claim:
                continue  # a claim's newer figure supersedes the older
            else:
                earlier, later, fa, fb = (o, f, a, b) if o.order <= f.order else (f, o, b, a)
                if not (_revises(earlier, later, fa, fb, rules)
                        or _revised_down(earlier, later, fa, fb, _places(member, m, rules) == "same", rules)):
                    return None
                # a toll that only grew ties reports when the later one says it revised it
                if rules.fires("revision", later.event_type, later.evidence):
                    shared += _telling(o, f, a, b, rules)
    if f.stage is not None and any(o.stage not in (None, f.stage) for o in held):
        return None
    if inc.is_claim:
        if same_doc:
            return shared
        if f.target is None or f.target not in {o.target for o in held}:
            return None  # a claim is about one victim side
        return shared + (10 if f.reporter and f.reporter in inc.reporters else 0)
    if _overlap(inc.window, window) is None:
        return None
    if not same_doc and None in (*inc.window, *window):
        return None  # nothing dates one of them: too little to join reports of different documents
    place = day = 0
    for other in inc.members:
        verdict = _places(other, m, rules)
        if verdict == "apart":
            return None
        place = place or verdict == "same"
        day = day or _same_stated_day_and_sides(other, m)
    return shared + place + day


def _telling(a: _Facts, b: _Facts, fa: tuple, fb: tuple, rules: IncidentRules) -> int:
    """1 when a figure two reports share ties them: on the same victim side, and not so small that
    several events of a few days give it (four killed ties reports only with a place or a day)."""
    if a.target is None or a.target != b.target:
        return 0
    return int(min(fa[0], fb[0]) >= rules.min_telling_figure)


def _same_stated_day_and_sides(a: dict, b: dict) -> bool:
    """Both reports name the same day and both sides alike: enough to tie reports that give no
    figure or place (a swap "on 8 March" between the same two states)."""
    if a.get("event_date") is None or a.get("event_date") != b.get("event_date"):
        return False
    if "day" not in (a.get("event_date_precision"), b.get("event_date_precision")):
        return False
    sides_a, sides_b = _sides_of(a), _sides_of(b)
    if None in sides_a or None in sides_b:
        return False
    if a["event_type"] == "prisoner_exchange_offer":
        return set(sides_a) == set(sides_b)
    return sides_a == sides_b


def _group_fit(inc: Incident, group: list[tuple[dict, tuple, _Facts]], rules: IncidentRules) -> int | None:
    total = 0
    for m, window, facts in group:
        fit = _fit(inc, m, window, rules, facts)
        if fit is None:
            return None
        total += fit
    return total


_MAX_INDEXED_DAYS = 62  # wider windows (a year, or none) are checked against every incident sharing a tie


def tie_keys(m: dict, rules: IncidentRules) -> tuple[set[tuple], set[tuple]]:
    """What can tie a mention to a report of another document (`_fit` > 0), as the keys an
    incident holding it is filed under and the keys a group holding it looks up: for a claim, its
    victim side; else a figure large enough to tell (`_telling`) on its victim side, both sides on
    a stated day, its place's name and its region. Two groups that share no key never fit with a
    tie, so they are never compared: the keys block the comparison."""
    actor, target = _sides_of(m)
    if m.get("is_claim"):
        keys = set() if target is None else {("side", target)}
        return keys, keys
    filed, sought = set(), set()
    if target is not None:
        revises = None  # asked only of a mention with a telling figure
        for name, qualifier, high in _FIGURE_FIELDS:
            value = m.get(name)
            if value is None or value < rules.min_telling_figure:
                continue
            figure = (value, m.get(qualifier), m.get(high))
            if revises is None:
                revises = rules.fires("revision", m["event_type"], m.get("evidence") or "")
            block = (target, name)
            filed.add(("figure-all", *block))
            lo, hi = _interval(*figure)
            if revises or lo <= 0 or math.isinf(hi):
                # a bound, or a revised toll, may tie any figure of its side: compared with all
                filed.add(("figure-open", *block))
                sought.add(("figure-all", *block))
                continue
            sizes = {("figure", *block, b) for b in range(_magnitude(lo), _magnitude(hi) + 1)}
            filed |= sizes
            sought |= sizes | {("figure-open", *block)}
    keys = set()
    if m.get("event_date") is not None and actor is not None and target is not None:
        # a swap's two sides may be written either way round
        sides = tuple(sorted((actor, target))) if m["event_type"] == "prisoner_exchange_offer" else (actor, target)
        keys.add(("day", m["event_date"], sides))
    level = _place_level(m, rules.name_words)
    if level is not None:
        keys.add(("place", place_key(m["location"], rules.name_words)))
        if level in ("town", "admin1"):
            keys.add(("region", m["location_country"], m["location_admin1"]))
    return filed | keys, sought | keys


def _magnitude(value: float) -> int:
    """Figures in buckets of doubling size: agreeing figures (overlapping intervals) share one."""
    return int(math.log2(value))


def _buckets(window: tuple) -> range | None:
    """The day buckets a window covers; None for a window too wide (or open) to index by day."""
    lo, hi = window
    if lo is None or hi is None or (hi - lo).days > _MAX_INDEXED_DAYS:
        return None
    return range(lo.toordinal(), hi.toordinal() + 1)


class _Pool:
    """The incidents a group may join, blocked by type × tie key × day of their date window
    (claims: type × tie key), in the order they were first held, so ties go to the oldest.
    Blocks hold incidents by that order (a number), so a lookup merges sets of numbers."""

    def __init__(self) -> None:
        self.order: dict[int, int] = {}
        self.held: list[Incident] = []  # by order
        self.indexed: dict[int, set] = {}  # the keys each incident is filed under
        self.by_key: dict[tuple, list[Incident]] = defaultdict(list)  # (type, claim, key) → all
        self.keyed: dict[tuple, list[int]] = defaultdict(list)  # the same, by order
        self.by_day: dict[tuple, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))  # → day → orders
        self.wide: dict[tuple, list[int]] = defaultdict(list)  # (type, claim, key): unbucketed

    def add(self, inc: Incident) -> None:
        """Hold an incident, or index again one whose members (so keys and window) changed. A
        window only narrows as members join, so a key filed already is filed under every day the
        incident can still be found on (or as wide, which every lookup of its key reads): only new
        keys are filed."""
        n = self.order.get(id(inc))
        if n is None:
            n = self.order[id(inc)] = len(self.held)
            self.held.append(inc)
            self.indexed[id(inc)] = set()
        done = self.indexed[id(inc)]
        new = inc.keys - done
        if not new:
            return
        done |= new
        days = None if inc.is_claim else _buckets(inc.window)
        for key in new:
            block = (inc.event_type, inc.is_claim, key)
            self.by_key[block].append(inc)
            self.keyed[block].append(n)
            if inc.is_claim:
                continue
            if days is None:
                self.wide[block].append(n)
                continue
            by_day = self.by_day[block]
            for day in days:
                by_day[day].append(n)

    def candidates(self, group: Incident) -> list[Incident]:
        found: set[int] = set()
        days = None if group.is_claim else _buckets(group.window)
        for key in group.wants:
            block = (group.event_type, group.is_claim, key)
            if days is None:
                found.update(self.keyed.get(block, ()))
                continue
            found.update(self.wide.get(block, ()))
            by_day = self.by_day.get(block)
            if by_day:
                for day in days:
                    got = by_day.get(day)
                    if got:
                        found.update(got)
        held = self.held
        return [held[n] for n in sorted(found)]


def assign_incidents(
    new_mentions: list[dict], existing: Iterable[Incident], rules: IncidentRules
) -> list[tuple[str, bool]]:
    """The (incident_id, is_claim) of each new mention, in their order.

    Each document's mentions are first grouped among themselves (reading order, title first:
    a mention joins the first group it fits). Then each group, documents in publication order,
    joins the incident of another document it fits best (every member fits, and a figure, a
    place or, for claims, the reporter ties them), else stays an incident of its own, named
    after its first mention. `existing` are the incidents already held (incidents_from_mentions
    of the stored rows); their ids never change. `is_claim` is taken from a mention that has
    it, else classified by the cue lists.
    """
    pool = _Pool()
    for inc in existing:
        pool.add(inc)
    if len(new_mentions) == 1 and not pool.order:
        # one mention and nothing held (most documents that report an event, during extraction):
        # it founds an incident of its own, so nothing is grouped, dated or keyed
        m = new_mentions[0]
        claim = m.get("is_claim")
        return [(incident_id(m["event_id"]), is_claim(m, rules) if claim is None else claim)]
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i in sorted(range(len(new_mentions)), key=lambda i: _order_key(new_mentions[i])):
        by_doc[new_mentions[i]["doc_id"]].append(i)
    out: dict[int, tuple[str, bool]] = {}
    documents = list(by_doc.values())  # in order of each document's first mention
    for n, indices in enumerate(documents):
        # With nothing held yet, a document's groups have nothing to join: a group's first mention
        # fitted none of the document's earlier groups, and a group only gets harder to fit as it
        # grows (more members to conflict with, a narrower window). So each stays an incident of
        # its own, no candidate is compared, and tie keys are taken only if a document follows.
        alone = not pool.order
        local: list[tuple[Incident, list[tuple[dict, tuple, int, tuple | None]]]] = []
        for i in indices:
            m = dict(new_mentions[i])
            if m.get("is_claim") is None:
                m["is_claim"] = is_claim(m, rules)
            window = date_window(m, rules.report_lag_days)
            facts = None  # taken only to compare it with a group of its document
            home = None
            for g in local:
                facts = facts or _Facts(m, rules.name_words)
                if _fit(g[0], m, window, rules, facts) is not None:
                    home = g
                    break
            if home is None:
                home = (Incident(incident_id(m["event_id"]), m["event_type"], m["is_claim"]), [])
                local.append(home)
            ties = None if alone else tie_keys(m, rules)  # once per mention, for its group and the incident it joins
            home[0].add(m, window, rules, ties, facts)
            home[1].append((m, window, i, ties))
        for own, members in local:
            best = None
            found = () if alone else pool.candidates(own)
            if found:
                # the members' facts, taken once for all candidates (own.facts: in the order of members)
                group = [(m, w, facts) for (m, w, _, _), facts in zip(members, own.facts, strict=True)]
                best_fit = 0
                for inc in found:
                    fit = _group_fit(inc, group, rules)
                    if fit is not None and fit > best_fit:
                        best, best_fit = inc, fit
            if best is None:
                best = own  # the incident its members alone make, as they were added
            else:
                for (m, window, _, ties), facts in zip(members, own.facts, strict=True):
                    best.add(m, window, rules, ties, facts)
            for m, _, i, _ in members:
                m["incident_id"] = best.incident_id
                out[i] = (best.incident_id, m["is_claim"])
            if not alone or n + 1 < len(documents):
                pool.add(best)
    return [out[i] for i in range(len(new_mentions))]


def incidents_from_mentions(mentions: Iterable[dict], rules: IncidentRules) -> list[Incident]:
    """The incidents that mention rows already assigned (with `incident_id`, `is_claim`) form."""
    by_id: dict[str, Incident] = {}
    for m in sorted(mentions, key=_order_key):
        inc = by_id.get(m["incident_id"])
        if inc is None:
            inc = by_id[m["incident_id"]] = Incident(m["incident_id"], m["event_type"], bool(m["is_claim"]))
        inc.add(m, date_window(m, rules.report_lag_days), rules)
    return list(by_id.values())


def build_incidents(mentions: list[dict], rules: IncidentRules, existing: Iterable[Incident] = ()) -> list[Incident]:
    """Every incident of `mentions` (joined to `existing` where they fit), members assigned."""
    existing = list(existing)
    ids = assign_incidents(mentions, existing, rules)
    assigned = [{**m, "incident_id": iid, "is_claim": claim} for m, (iid, claim) in zip(mentions, ids, strict=True)]
    held = [m for inc in existing for m in inc.members]
    return incidents_from_mentions(held + assigned, rules)


# ---------------------------------------------------------------- summaries


def _latest_figure(members: list[dict], name: str) -> dict | None:
    """The mention whose figure stands: the latest report, then the most specific, then the body
    over the headline; claims order by the day they state."""
    having = [m for m in members if m.get(name) is not None]
    if not having:
        return None
    return max(
        having,
        key=lambda m: (
            m.get("event_date") or m.get("published_at") or date.min,
            m.get("published_at") or date.min,
            _SPECIFICITY.get(m.get(f"{name}_qualifier"), 0),
            not m.get("in_title"),
            m[name],
            m["event_id"],
        ),
    )


_LEVEL_RANK = {"town": 4, "admin1": 3, "country": 2, "name": 1, None: 0}
_PRECISION_RANK = {"day": 3, "month": 2, "year": 1, None: 0}


def incident_row(inc: Incident, rules: IncidentRules) -> dict:
    """One row of INCIDENTS_SCHEMA."""
    ms = inc.members
    published = [m["published_at"] for m in ms if m.get("published_at") is not None]
    dated = max(
        (m for m in ms if m.get("event_date") is not None),
        key=lambda m: (_PRECISION_RANK.get(m.get("event_date_precision"), 0), m.get("published_at") or date.min,
                       m["event_id"]),
        default={},
    )
    placed = max(ms, key=lambda m: (_LEVEL_RANK[_place_level(m, rules.name_words)], m.get("published_at") or date.min, m["event_id"]))
    row = {
        "incident_id": inc.incident_id,
        "event_type": inc.event_type,
        "is_claim": inc.is_claim,
        "n_mentions": len(ms),
        "n_documents": len({m["doc_id"] for m in ms}),
        "n_sources": len({m["source"] for m in ms if m.get("source")}),
        "first_reported": min(published, default=None),
        "last_reported": max(published, default=None),
        "event_date": dated.get("event_date"),
        "event_date_precision": dated.get("event_date_precision"),
        "actor_country": inc.sides.get("actor_country"),
        "target_country": inc.sides.get("target_country"),
        "reported_by": sorted({m["reported_by"] for m in ms if m.get("reported_by")}),
        "stage": next((m["stage"] for m in ms if m.get("stage")), None),
        "event_ids": [m["event_id"] for m in sorted(ms, key=_order_key)],
        "doc_ids": sorted({m["doc_id"] for m in ms}),
        "sources": sorted({m["source"] for m in ms if m.get("source")}),
    }
    for name in ("location", "location_admin1", "location_country", "latitude", "longitude"):
        row[name] = placed.get(name)
    for name in FIGURES:
        best = _latest_figure(ms, name)
        values = [v for m in ms if m.get(name) is not None for v in (m[name], m.get(f"{name}_high") or m[name])]
        row[name] = best[name] if best else None
        row[f"{name}_qualifier"] = best.get(f"{name}_qualifier") if best else None
        row[f"{name}_low"] = min(values, default=None)
        row[f"{name}_high"] = max(values, default=None)
        row[f"{name}_event_id"] = best["event_id"] if best else None
    return row


def commit_incident_ids(new_rows: list[dict], stored_rows: Iterable[dict], rules: IncidentRules) -> list[dict]:
    """What a commit does with the incident layer: the new event rows (each with its document's
    `published_at` and `source`) with `incident_id` and `is_claim` set, joined to the incidents
    that `stored_rows` (the rows the lake keeps, of documents this commit does not replace) form.
    Stored rows keep their ids: nothing already written is renumbered."""
    ids = commit_incident_assignments(new_rows, stored_rows, rules)
    return [{**r, "incident_id": iid, "is_claim": claim} for r, (iid, claim) in zip(new_rows, ids, strict=True)]


def commit_incident_assignments(new_rows: list[dict], stored_rows: Iterable[dict], rules: IncidentRules) -> list[tuple[str, bool]]:
    """commit_incident_ids' (incident_id, is_claim) of each new row, without copies of the rows: the
    lake's commit needs only these (measured: a copy of a run's 18,724 mentions is ~40 MiB)."""
    # Without the cyclic collector: the join builds a few objects per mention and frees none until
    # it ends, so each full collection would walk them all again, and it has no cycles to find
    # (measured on 18,711 mentions: 0.46 s of collections in a 2 s join)
    with collector_paused():
        existing = incidents_from_mentions((r for r in stored_rows if r.get("incident_id")), rules)
        # classified again with these rules; assign_incidents copies each row before it writes to it
        fresh = [r if r.get("is_claim") is None else {**r, "is_claim": None} for r in new_rows]
        return assign_incidents(fresh, existing, rules)
