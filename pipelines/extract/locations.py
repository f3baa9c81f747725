"""Where an event happened, as written: the `location` of an event row.

A sentence's place phrases are read token by token after a locative ("in", "near the town
of", "on rebel-held ..."), a destination for deployments ("to"), an origin for captures
("from"), an attacked place ("raiders attacked X village"), or a name that modifies a
fighting noun in a headline ("X clashes"). A back-reference ("the town", "there") resolves to
the place the document named before it. A sentence that names no place takes the place of
the nearest sentence before it that names one, else the article's dateline, else the first
place named after it (an ACLED note names its place once). Every English word the reading
relies on is a list in seeds/lexicons/locations.toml (pipelines.extract.wordlists).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from sitrep.pipelines.extract.wordlists import WordLists

# candidates(ANY): the places a sentence names after any preposition, motion ones included
# ("sent troops to X"), which later back-references and sentences may refer to
ANY = "any"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_TOKEN = re.compile(rf"[^\W_](?:[\w'’.\-{_INVISIBLE}]*[^\W_])?|[^\w\s{_INVISIBLE}]")
_POSSESSIVE = re.compile(r"[’']s$|s[’']$")
_ACRONYM = re.compile(r"^[A-Z]{2,6}s?$")
_STOP_PUNCT = set(".;:!?()[]“”\"—–|")
# "KYIV, Ukraine —", "**Kyiv, Ukraine –**", "GAZA CITY (Reuters) -": where an article was filed
_DATELINE = re.compile(
    r"^[*_\s]*(?P<place>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}(?:,\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})?)"
    r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}))?"
    # a lone hyphen only between spaces: "The London-based monitor" has no dateline
    r"\s*(?:\([^)]{2,30}\))?\s*[*_]*\s*(?:--|—|–|(?<=[\s*_)])-(?=\s))\s*[*_]*\s*(?=\S)",
    re.MULTILINE,
)


class _Tok(NamedTuple):  # a tuple: built for every word of every sentence read
    text: str
    start: int
    end: int
    lower: str
    cap: bool


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    surface: str
    kind: str  # named, backref, common


@dataclass(frozen=True)
class PlaceWords:
    """The lists of locations.toml, compiled for reading place phrases."""

    locative: re.Pattern
    destination: re.Pattern
    expansion: re.Pattern  # "expanded to include X": a deployment's new area
    origin: re.Pattern
    place_kind: frozenset[str]
    site: frozenset[str]
    bare_institution: frozenset[str]  # "died in hospital": a state, not a place
    strike_after: re.Pattern  # " missile strike" after a town's name: where it struck
    compass: frozenset[str]
    modifier: frozenset[str]
    back_reference: re.Pattern
    conflict_noun: frozenset[str]
    attack_verb: frozenset[str]
    seize_hold_verb: frozenset[str]
    not_place: frozenset[str]
    not_place_head: frozenset[str]
    prepositions: frozenset[str]
    name_kind: frozenset[str]  # kinds and sites that may follow a name ("Kabul airport")
    attack_noun_of: frozenset[str]
    resident_noun_of: frozenset[str]  # "residents of X": where the people hit live
    determiner: frozenset[str]
    particle: frozenset[str]
    article_name: re.Pattern  # "ez-Zor"
    territory: frozenset[str]
    side_prefix: re.Pattern
    control: re.Pattern
    follower: frozenset[str]
    existential: frozenset[str]
    not_locative: re.Pattern
    setting: re.Pattern  # "a briefing in X", "speaking in X": where someone spoke, not where it happened
    place_label: re.Pattern  # "LOCATION: X (district capital = Y)": a note's place


def place_words(lists: WordLists) -> PlaceWords:
    def before(name: str) -> re.Pattern:
        return re.compile(rf"(?<![\w'’-]){lists.pattern(name)}\s+(?=\S)", re.IGNORECASE)

    return PlaceWords(
        locative=before("locative"),
        destination=before("destination"),
        expansion=before("expansion"),
        origin=before("origin"),
        place_kind=lists.words("place_kind"),
        site=lists.words("site"),
        bare_institution=lists.words("bare_institution"),
        strike_after=re.compile(rf"\s+(?:[A-Za-z]+\s+)?{lists.pattern('strike_noun')}(?![\w-])", re.IGNORECASE),
        compass=lists.words("compass"),
        modifier=lists.words("place_modifier"),
        back_reference=re.compile(rf"^{lists.pattern('back_reference')}\b", re.IGNORECASE),
        conflict_noun=lists.words("conflict_noun"),
        attack_verb=lists.words("attack_verb"),
        seize_hold_verb=lists.words("seize_hold_verb"),
        not_place=frozenset(w.lower() for w in lists.entries["not_place"].words),
        not_place_head=lists.words("not_place_head"),
        prepositions=lists.words("locative") | lists.words("destination") | lists.words("origin"),
        name_kind=lists.words("place_kind") | (lists.words("site") - lists.words("compass")),
        attack_noun_of=lists.words("attack_noun_of"),
        resident_noun_of=lists.words("resident_noun_of"),
        determiner=lists.words("determiner"),
        particle=lists.words("name_particle"),
        article_name=re.compile(rf"^{lists.pattern('glued_article')}-[A-Z]"),
        territory=lists.words("territory_preposition"),
        side_prefix=re.compile(rf"^{lists.pattern('side_prefix')}-", re.IGNORECASE),
        control=re.compile(rf"^[\w’'.]+-{lists.pattern('control_suffix')}$", re.IGNORECASE),
        follower=lists.words("phrase_follower"),
        existential=lists.words("existential_verb"),
        not_locative=re.compile(rf"(?<![\w-]){lists.pattern('not_locative')}\s+(?=\S)", re.IGNORECASE),
        setting=re.compile(rf"(?<![\w-]){lists.pattern('speech_setting')}\s+{lists.pattern('locative')}\s+(?=\S)", re.IGNORECASE),
        # the place runs to an aside in brackets, a dash or the end of the line
        place_label=re.compile(rf"^\W*{lists.pattern('place_label')}\s*:\s*(?P<place>[^()\n;]{{2,100}}?)\s*(?:[(;]|\s[-–—]\s|\.?\s*$)", re.IGNORECASE),
    )


_DROP_INVISIBLE = {ord(c): None for c in _INVISIBLE}


def _tokens(text: str) -> list[_Tok]:
    if any(c in text for c in _INVISIBLE):
        out = []
        for m in _TOKEN.finditer(text):
            t = m.group().translate(_DROP_INVISIBLE)
            out.append(_Tok(t, m.start(), m.end(), t.lower(), t[:1].isupper()))
        return _unquoted(out, text)
    return _unquoted([_Tok(t := m.group(), m.start(), m.end(), t.lower(), t[:1].isupper()) for m in _TOKEN.finditer(text)], text)


_SINGLE_QUOTES = frozenset("'‘’")
_DOUBLE_QUOTES = frozenset("\"“”")
_QUOTES = _SINGLE_QUOTES | _DOUBLE_QUOTES


def _unquoted(toks: list[_Tok], text: str) -> list[_Tok]:
    """Without the quotes around a name ("in the 'Kell' area", as coders' notes write a local
    name; "the “Red Hill” district"): the name reads as if written bare. Double quotes, which
    also open speech, only around one to four words glued to them, none of them punctuation."""
    if not any(t.text in _QUOTES for t in toks):
        return toks
    drop = _double_quoted_name_marks(toks) if any(t.text in _DOUBLE_QUOTES for t in toks) else set()
    out, open_at = [], None
    for n, t in enumerate(toks):
        if n in drop:
            if toks[n + 1 : n + 2] and n + 1 not in drop and toks[n + 1].start == t.end:
                open_at = t.start  # the opening mark: the name starts at it
            else:
                open_at = None
            continue
        if t.text in _SINGLE_QUOTES:
            nxt = toks[n + 1] if n + 1 < len(toks) else None
            if open_at is None and nxt is not None and nxt.cap and nxt.start == t.end and (t.start == 0 or not text[t.start - 1].isalnum()):
                open_at = t.start
                continue  # an opening quote right before a capitalised word
            if open_at is not None and t.start > 0 and text[t.start - 1].isalnum() and (nxt is None or nxt.start > t.end or not nxt.text[:1].isalnum()):
                open_at = None
                continue  # the quote that closes it
        # the quoted word starts at its quote, so that a place read after a preposition finds it
        out.append(t._replace(start=open_at) if open_at is not None and open_at == t.start - 1 else t)
    return out


def _double_quoted_name_marks(toks: list[_Tok]) -> set[int]:
    """Indices of the double quotes that open and close a short quoted name ("“Red Hill”")."""
    marks: set[int] = set()
    for n, t in enumerate(toks):
        if t.text not in "\"“" or n + 1 >= len(toks) or not toks[n + 1].cap or toks[n + 1].start != t.end:
            continue
        for m in range(n + 1, min(n + 6, len(toks))):
            q = toks[m]
            if q.text in "\"”":
                if m > n + 1 and q.start == toks[m - 1].end:
                    marks.update((n, m))
                break
            if not q.text[:1].isalnum():
                break
    return marks


_OPENING_MARK = re.compile(r"(?:^|(?<=\s))['‘\"“](?=\w)")
_CLOSING_MARK = re.compile(r"(?<=\w)['’\"”](?=\s|$)")
_PAIRS = {"'": "'", "‘": "’", '"': '"', "“": "”"}


def _clean(surface: str) -> str:
    s = " ".join(surface.translate(_DROP_INVISIBLE).split())
    out = s.strip(" ,.;:'’\"“”")
    if not out or not any(c in out for c in "'‘’\"“”"):
        return out
    # a quoted name at one end and words past it ("'Red Hill' village", "the village of 'Kell'"):
    # the mark stripped at that end is the name's own, and stays
    start = s.index(out)
    opened, closed = len(_OPENING_MARK.findall(out)), len(_CLOSING_MARK.findall(out))
    if closed > opened and start > 0 and s[start - 1] in _PAIRS:
        return s[start - 1] + out
    if opened > closed:
        m = _OPENING_MARK.search(out)
        end = start + len(out)
        if m and end < len(s) and s[end] == _PAIRS.get(m.group(), ""):
            return out + s[end]
    return out


class SentencePlaces:
    """The place phrases of one sentence, in order. `places` are its gazetteer mentions
    (pipelines.normalize.gazetteer.entries.CountryMention: start, end, kind), which tell demonyms and armed groups
    ("the Israeli airstrikes", "Hamas") from places."""

    def __init__(self, text: str, words: PlaceWords, places: Sequence = ()):
        self.text = text
        self.w = words
        self.toks = _tokens(text)
        self._adjectival_ends = {p.end for p in places if getattr(p, "kind", "") in ("demonym", "group")}
        self._group_ends = {p.end for p in places if getattr(p, "kind", "") == "group"}
        self._demonym_starts = {p.start for p in places if getattr(p, "kind", "") == "demonym"}
        self._prepositions = words.prepositions
        self._known_starts = {p.start for p in places}
        self._party_spans = [(p.start, p.end) for p in places if getattr(p, "kind", "") in ("demonym", "group")]
        self._names = [p for p in places if getattr(p, "kind", "") in ("name", "place", "capital")]
        self._town_spans = {(p.start, p.end) for p in places if getattr(p, "kind", "") == "place"}
        self._cache: dict[str | None, list[Candidate]] = {}

    # ---------------------------------------------------------------- token helpers
    def _is_name_word(self, i: int) -> bool:
        if i >= len(self.toks):
            return False
        t = self.toks[i]
        if self.w.article_name.match(t.text):
            return True  # "Deir ez-Zor", "Sharm el-Sheikh"
        return t.cap and t.lower not in self.w.not_place and not t.text[:1].isdigit() and t.text not in _STOP_PUNCT

    def _adjectival(self, a: int, b: int) -> bool:
        """Tokens a..b-1 are a demonym or an armed group ("Russian", "the Houthis", "Pro-Kyiv"),
        or a name a demonym opens ("Russian Starlink", "the Syrian Observatory")."""
        if self.w.side_prefix.match(self.toks[a].text):
            return True
        if self.toks[b - 1].end in self._adjectival_ends and not self._group_as_place(a, b):
            return True
        # inside a longer party phrase of the gazetteer ("Russian occupation forces")
        s, e = self.toks[a].start, self.toks[b - 1].end
        if any(ps <= s and e < pe for ps, pe in self._party_spans):
            return True
        return self.toks[a].start in self._demonym_starts

    def _group_as_place(self, a: int, b: int) -> bool:
        """An armed group's name standing alone after a preposition ("in LPR", "shell DPR 25
        times") is the territory it holds; followed by a noun it is a party ("Hamas attacks")."""
        if self.toks[b - 1].end not in self._group_ends:
            return False
        p = a - 1 - (a > 0 and self.toks[a - 1].lower == "the")
        if p < 0 or self.toks[p].lower not in self.w.territory:
            return False  # "strikes on the Houthis": a party
        nxt = self.toks[b] if b < len(self.toks) else None
        return nxt is None or not nxt.text[:1].isalpha() or nxt.lower in self._prepositions or nxt.lower in self.w.not_place

    def _name_run(self, k: int) -> int:
        """End of a run of capitalised words from k, particles between them included."""
        toks, n = self.toks, len(self.toks)
        j = k
        while j < n:
            if self._is_name_word(j) or (
                j > k and toks[j].lower in self.w.particle and j + 1 < n and self._is_name_word(j + 1)
            ) or (j > k and toks[j].lower in self.w.particle and toks[j].lower == "of" and j + 2 < n
                  and toks[j + 1].lower == "the" and self._is_name_word(j + 2)
            ) or (j > k and toks[j].text == "/" and j + 1 < n and self._is_name_word(j + 1) and self._glued(j)):
                if _POSSESSIVE.search(toks[j].text) and self._is_name_word(j):
                    return j + 1
                j += 1
                continue
            break
        return j

    def _glued(self, j: int) -> bool:
        """Token j touches the words either side, quotes aside ("'Torpela'/Shar Shorak": two
        names of one place)."""
        t, before, after = self.toks[j], self.toks[j - 1], self.toks[j + 1]
        return not self.text[before.end : t.start].strip("'‘’") and not self.text[t.end : after.start].strip("'‘’")

    def _kinds(self, j: int, words: frozenset[str]) -> int:
        toks, n = self.toks, len(self.toks)
        count = 0
        while j < n and count < 2:
            two = f"{toks[j].lower} {toks[j + 1].lower}" if j + 1 < n else None
            if two in words:
                j += 2
            elif toks[j].lower in words and not toks[j].cap:
                j += 1
            elif not toks[j].cap and _POSSESSIVE.sub("", toks[j].lower) in words and self._is_name_word(j + 1):
                return j + 1  # "Zamfara state's Maru district": the kind owns the next place
            else:
                break
            count += 1
        return j

    def _owned_place(self, j: int) -> int:
        """After "X region's" (a kind word with a possessive, ending at j): the end of the place
        it owns ("... Pokrovsk area"), the more specific one; j where none follows."""
        if j == 0 or not _POSSESSIVE.search(self.toks[j - 1].text) or not self._is_name_word(j):
            return j
        e = self._name_run(j)
        if self._adjectival(j, e):
            return j
        return self._kinds(e, self.w.name_kind)

    def _of(self, j: int) -> int:
        """" of (the) Name (kind)": the end of an "of" chain from j, or j."""
        toks, n = self.toks, len(self.toks)
        if j + 1 < n and toks[j].lower == "of":
            m = j + 1 + (toks[j + 1].lower == "the")
            if self._is_name_word(m):
                e = self._name_run(m)
                if not self._adjectival(m, e):
                    return self._kinds(e, self.w.place_kind)
            k = self._kinds(m, self.w.place_kind)
            if m < k < n and toks[k].text == ",":
                e = self._continuation(k)  # "the streets of the capital, Nairobi"
                if e > k:
                    return e
        return j

    def _rest(self, j: int) -> int:
        """The end of a place phrase whose head ends at j: "of" chains and continuations."""
        for _ in range(4):
            e = self._continuation(self._of(j))
            if e == j:
                break
            j = e
        return j

    def _continuation(self, j: int) -> int:
        """", Ukraine", " and Katsina States", ", Herat": more of one place phrase."""
        toks, n = self.toks, len(self.toks)
        for _ in range(3):
            if j + 1 < n and toks[j].text in (",", "and") and self._is_name_word(j + 1):
                e = self._name_run(j + 1)
                if e - (j + 1) > 4 or self._adjectival(j + 1, e):
                    break
                e = self._of(self._kinds(e, self.w.place_kind))
                nxt = toks[e] if e < n else None
                if nxt is not None and not nxt.cap and nxt.text not in _STOP_PUNCT and nxt.text != "," and nxt.lower not in self.w.follower:
                    break
                j = e
                continue
            break
        return j

    # ---------------------------------------------------------------- phrases
    def _phrase(self, i: int) -> Candidate | None:
        """The place phrase starting at token i (just after a preposition), or None."""
        toks, n, w = self.toks, len(self.toks), self.w
        if i >= n:
            return None
        k = i
        det = None
        if toks[k].lower in w.determiner:
            det = toks[k].lower
            k += 1
        mods = 0
        while k < n and mods < 3 and not toks[k].cap and (toks[k].lower in w.compass or toks[k].lower in w.modifier or w.control.match(toks[k].text)):
            if toks[k].lower in w.compass and (k + 1 >= n or not (toks[k + 1].cap or toks[k + 1].lower in w.place_kind or toks[k + 1].lower in w.site or toks[k + 1].lower in w.modifier or toks[k + 1].lower in w.compass)):
                break  # "the east" is the place itself
            k += 1
            mods += 1
        while k < n and toks[k].cap and w.control.match(toks[k].text):
            k += 1  # "the Ukraine-controlled region of"
        if k < n and self._is_name_word(k):
            if det in ("his", "her"):
                return None  # "on his Telegram channel"
            j = self._name_run(k)
            if j == k + 1 and _ACRONYM.match(toks[k].text) and toks[k].start not in self._known_starts:
                return None  # "over an IED", "by the UN": an acronym the gazetteer does not place
            possessive = bool(_POSSESSIVE.search(toks[j - 1].text))
            if possessive and j < n and self._is_name_word(j):
                j = self._name_run(j)  # "Russia's Kursk region"
                possessive = bool(_POSSESSIVE.search(toks[j - 1].text))
            kinds_end = self._kinds(j, w.name_kind)
            if possessive and kinds_end == j and j < n and toks[j].lower in w.compass:
                nxt = toks[j + 1] if j + 1 < n else None
                if nxt is None or not (nxt.cap or nxt.lower in w.name_kind or nxt.lower in w.modifier):
                    return self._cand(i, j + 1, "named")  # "Ukraine's east"
                kinds_end = self._kinds(j + 1 + (nxt.lower in w.modifier), w.name_kind)
                if kinds_end > j + 1:
                    return self._cand(i, self._rest(kinds_end), "named")  # "Ukraine's southern port city of X"
            if kinds_end == j and (self._adjectival(k, j) or possessive):
                if possessive or j >= n or toks[j].lower not in w.site:
                    return None  # "the Israeli airstrikes", "Russia's war"
                kinds_end = self._kinds(j, w.site)  # "near the Somali border"
                return self._cand(i, kinds_end, "named")
            town = self._town_before_strike(k, j) if kinds_end == j else None
            if town is not None:
                # "killed in an Odesa missile strike", "in a Lamu IED blast": a town or region the
                # gazetteer knows, named by the strike on it, without the strike's article or its
                # weapon (a country or capital so named is rather the striker)
                return self._cand(k, town, "named")
            if kinds_end == j and j < n and toks[j].lower in w.not_place_head:
                return None  # "Darvo army raids"
            return self._cand(i, self._rest(self._owned_place(kinds_end)), "named")
        if k < n and not toks[k].cap:
            kinds_end = self._kinds(k, w.place_kind)
            if kinds_end > k:
                j = kinds_end
                of = self._of(j)
                if of > j:
                    return self._cand(i, self._rest(of), "named")  # "the town of Belo"
                named = self._continuation(j) if j < n and toks[j].text == "," else j
                if named > j:
                    return self._cand(i, named, "named")  # "the capital, Dhaka"
                cand = self._cand(i, j, "common")
                if det == "the" and w.back_reference.match(cand.surface):
                    return Candidate(cand.start, cand.end, cand.surface, "backref")
                if toks[k].lower in w.site:
                    return cand  # "the border area": a site, like "the border"
                if det in (None, "its", "their") or mods:
                    return cand if toks[j - 1].lower in w.site or mods or det else None
                return None
            site_end = self._kinds(k, w.site)
            if site_end == k + 1 and det is None and not mods and toks[k].lower in w.bare_institution:
                return None  # "died in hospital", "taken to hospital": a state or an errand
            if site_end > k:
                of = self._of(site_end)
                if of > site_end:
                    return self._cand(i, self._rest(of), "named")  # "the streets of Goma"
                # "its border with Belarus": the line between two named places
                if site_end + 1 < n and toks[site_end].lower == "with" and self._is_name_word(site_end + 1):
                    e = self._name_run(site_end + 1)
                    if not self._adjectival(site_end + 1, e):
                        return self._cand(i, e, "named")
                return self._cand(i, site_end, "common")
        return None

    def _cand(self, a: int, b: int, kind: str) -> Candidate:
        s, e = self.toks[a].start, self.toks[b - 1].end
        # a quote that closes the last word, dropped from the tokens, is offered to _clean
        closer = e < len(self.text) and self.text[e] in "'’\"”"
        return Candidate(s, e, _clean(self.text[s : e + 1] if closer else self.text[s:e]), kind)

    def _town_before_strike(self, k: int, j: int) -> int | None:
        """Where a known town or region that a strike noun follows (a weapon word may stand
        between) ends in the name run toks[k:j] ("Odesa missile strike", "Lamu IED blast"), or None."""
        for m in range(k + 1, j + 1):
            if (self.toks[k].start, self.toks[m - 1].end) in self._town_spans and self.w.strike_after.match(self.text, self.toks[m - 1].end):
                return m
        return None

    def _pair_of_groups(self, c: Candidate) -> bool:
        """A name after "between" that the words after it show to be one of two groups ("a
        clash between Kell and Darvo youth": "and" joins a second name that heads a community)."""
        toks, n = self.toks, len(self.toks)
        j = next((k for k, t in enumerate(toks) if t.start >= c.end), n)
        if j + 1 >= n or toks[j].lower != "and" or not self._is_name_word(j + 1):
            return False
        e = self._name_run(j + 1)
        return e < n and toks[e].lower in self.w.not_place_head

    def new_area_starts(self) -> frozenset[int]:
        """Where a place phrase after an expansion phrase ("expanded to include") starts."""
        return frozenset(m.end() for m in self.w.expansion.finditer(self.text))

    def candidates(self, event_type: str | None = None) -> list[Candidate]:
        """Place phrases of the sentence, in order of position."""
        if event_type in self._cache:
            return self._cache[event_type]
        toks, w, text = self.toks, self.w, self.text
        out: dict[int, Candidate] = {}
        # where a place phrase may start: right after a preposition the event type reads
        preps = [w.locative]
        if event_type in ("deployment", "capture", ANY):
            preps.append(w.destination)
        if event_type == "deployment":
            preps.append(w.expansion)
        if event_type in ("capture", ANY):
            preps.append(w.origin)
        after = {m.end() for rx in preps for m in rx.finditer(text)}
        if after:
            after -= {m.end() for m in w.not_locative.finditer(text)}
            after -= {m.end() for m in w.setting.finditer(text)}
        # only the tokens a place phrase can start at are looked at
        starts: dict[int, str] = {}
        for i, t in enumerate(toks):
            low = t.lower
            if t.start in after and i > 0:
                starts.setdefault(i, "after")
            if (low in w.attack_verb or low in w.seize_hold_verb) and not t.cap:
                starts.setdefault(i + 1, "attacked")
            elif low in w.compass and not t.cap:
                starts.setdefault(i, "compass")
            elif low == "there":
                starts.setdefault(i, "there")
            elif low == "of" and i > 0 and (toks[i - 1].lower in w.attack_noun_of or toks[i - 1].lower in w.resident_noun_of):
                starts[i + 1] = "attack_of"
        n = len(toks)
        for i in sorted(starts):
            if i >= n:
                continue
            t, why = toks[i], starts[i]
            if why == "attacked":
                if t.cap:
                    e = self._name_run(i)
                    if _POSSESSIVE.search(toks[e - 1].text) and not self._is_name_word(e):
                        # "hit Anna Kovac's apartment block": an owner, no place, unless the
                        # gazetteer knows the name ("hit Kharkiv's central market")
                        if t.start in self._known_starts and not self._adjectival(i, e):
                            c = self._cand(i, e, "named")
                            out.setdefault(t.start, Candidate(c.start, c.end, re.sub(r"[’']s$", "", c.surface), "named"))
                        e = i
                    elif _POSSESSIVE.search(toks[e - 1].text):
                        e = self._name_run(e)  # "hit Russia's Belgorod region": the owned place
                    if e > i and not self._adjectival(i, e) and toks[e - 1].end not in self._group_ends:
                        e2 = self._kinds(e, w.place_kind)
                        if e2 > e or e >= n or toks[e].lower not in w.not_place_head:  # (a headline may end with it)
                            out.setdefault(t.start, self._cand(i, e2, "named"))
                else:
                    c = self._phrase(i)  # "shelled the town of Vovchansk": a kind word opens it
                    if c is not None and c.kind == "named":
                        out.setdefault(c.start, c)
                if t.start not in after:
                    continue
            elif why == "compass":
                if i + 2 < n and toks[i + 1].lower == "of" and self._is_name_word(i + 2):
                    e = self._name_run(i + 2)
                    if not self._adjectival(i + 2, e):
                        out.setdefault(t.start, self._cand(i, e, "named"))  # "southeast of Damascus"
                if t.start not in after:
                    continue
            elif why == "there":
                if not (i + 1 < n and toks[i + 1].lower in w.existential):
                    out.setdefault(t.start, Candidate(t.start, t.end, t.text, "backref"))
                continue
            elif why == "attack_of":
                c = self._phrase(i)  # "the shelling of Kherson"
                if c is not None and c.kind == "named":
                    out.setdefault(c.start, c)
                continue
            c = self._phrase(i)
            if c is not None and not (i > 0 and toks[i - 1].lower == "between" and self._pair_of_groups(c)):
                out.setdefault(c.start, c)
        for p in self._names:
            nxt = text[p.end : p.end + 16].split()
            if nxt and nxt[0].lower().strip(",.:;") in w.conflict_noun and text[p.end : p.end + 1] == " ":
                out.setdefault(p.start, Candidate(p.start, p.end, _clean(p.surface), "named"))  # "Kell clashes"
        found = sorted(out.values(), key=lambda c: c.start)
        # a phrase inside another one already found ("Kharkiv" of "the region of Kharkiv") adds nothing
        kept = [c for c in found if not any(o is not c and o.start <= c.start and c.end <= o.end for o in found)]
        self._cache[event_type] = kept
        return kept


def _pick(cands: list[Candidate], anchor: int, resolve, preferred: frozenset[int] = frozenset()) -> str | None:
    """The place of an event whose trigger is at `anchor`: a named place that starts at
    `preferred` (a deployment's new area), else the first named place (or resolved
    back-reference) after it, else the first before it, else a common site ("the border")."""
    for c in cands:
        if c.kind == "named" and c.start in preferred:
            return c.surface
    after = [c for c in cands if c.start >= anchor]
    before = [c for c in cands if c.start < anchor]
    for pool in (after, before):
        for c in pool:
            if c.kind == "named":
                return c.surface
            if c.kind == "backref":
                r = resolve(c)
                if r:
                    return r
    for pool in (after, before):
        for c in pool:
            if c.kind == "common":
                return c.surface
    return None


def location(text: str, start: int, words: PlaceWords, places: Sequence = (), event_type: str | None = None) -> str | None:
    """The place of the event in one sentence, as written, or None (no document around it)."""
    sp = SentencePlaces(text, words, places)
    cands = sp.candidates(event_type)
    preferred = sp.new_area_starts() if event_type == "deployment" else frozenset()

    def resolve(c: Candidate) -> str | None:
        prior = [o for o in cands if o.kind == "named" and o.end <= c.start]
        return prior[-1].surface if prior else None

    return _pick(cands, start, resolve, preferred)


def dateline(text: str | None) -> str | None:
    """Where an article was filed ("KYIV, Ukraine —"), from the opening lines of its text."""
    if not text:
        return None
    for line in text[:3000].splitlines()[:12]:
        m = _DATELINE.match(line)
        if m and len(line[m.end() :].split()) >= 6:
            place = m.group("place")
            if place.isupper() or "," in place or len(place.split()) <= 2:
                return _clean(place.title() if place.isupper() and "," not in place else place)
    return None


class DocumentPlaces:
    """The places of a document's sentences, read on demand: only sentences that an event
    needs (its own, and those before it when it names no place) are ever read."""

    def __init__(self, sentences: Sequence[str], places: Sequence[Sequence], words: PlaceWords, filed_at: str | None = None, note: bool = False):
        self.sentences = sentences
        self.note = note  # a conflict-event coder's note (kind "note")
        self.places = places
        self.w = words
        self.filed_at = filed_at
        self._read: dict[int, SentencePlaces] = {}

    def _sentence(self, i: int) -> SentencePlaces:
        if i not in self._read:
            self._read[i] = SentencePlaces(self.sentences[i], self.w, self.places[i] if i < len(self.places) else ())
        return self._read[i]

    def _named(self, i: int, event_type: str | None = None) -> str | None:
        # a sentence read for another event's place is read as that event's own would be:
        # where someone goes ("decided not to move to Poland") is no place a strike happened
        named = [c for c in self._sentence(i).candidates(event_type or ANY) if c.kind == "named"]
        return named[0].surface if named else None

    def _before(self, i: int, limit: int = 12, event_type: str | None = None) -> str | None:
        # a coder's note tells one event at one place, named first; the places of the details
        # after it ("... were shot at Kepelkok") are parts of it, not where a later sentence is
        order = range(0, i) if self.note else range(i - 1, max(-1, i - 1 - limit), -1)
        for j in order:
            found = self._named(j, event_type)
            if found:
                return found
        return None

    @cached_property
    def _labelled(self) -> str | None:
        """Once per document: the place a note's label gives ("LOCATION: Kell village, Darvo District"), or a part
        of the document that is nothing but a place the gazetteer knows (a list of headlines
        ending "...; Slavyansk")."""
        for n, text in enumerate(self.sentences):
            m = self.w.place_label.match(text)
            if m:
                return _clean(m.group("place"))
            bare = text.strip(" .;")
            known = self.places[n] if n < len(self.places) else ()
            if any(p.kind == "place" and p.surface == bare for p in known):
                return bare
        return None

    def location(self, i: int, anchor: int = 0, event_type: str | None = None) -> str | None:
        sentence = self._sentence(i)
        cands = sentence.candidates(event_type)

        def resolve(c: Candidate) -> str | None:
            prior = [o for o in sentence.candidates(ANY) if o.kind == "named" and o.end <= c.start]
            return prior[-1].surface if prior else (self._before(i, event_type=event_type) or self.filed_at)

        found = _pick(cands, anchor, resolve, sentence.new_area_starts() if event_type == "deployment" else frozenset())
        if found:
            return found
        found = self._before(i, event_type=event_type) or self.filed_at or self._labelled
        if found:
            return found
        for j in range(i + 1, min(len(self.sentences), i + 4)):
            found = self._named(j, event_type)
            if found:
                return found
        return None
