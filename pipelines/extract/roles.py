"""Step two of extraction: which phrase of a sentence plays which role.

The gazetteer (pipelines.normalize.countries) maps phrases to ISO codes; this module
decides which mention is the actor, which the target, what the location and the
source of a figure are. Every function is pure; a missing gazetteer gives no mentions.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from sitrep.pipelines.extract.match import Mention, clause_span, has_object
from sitrep.pipelines.extract.rules import Rules
from sitrep.pipelines.normalize.gazetteer.entries import CountryMention

# A pattern whose @name parts are the seeds' word lists (seeds/lexicons/lexicons.toml), matched
# case-insensitively ((?-i:...) keeps a part as written): Rules.pattern, compiled once per Rules.
_pattern = Rules.pattern


_DATELINE = re.compile(r"^[A-Z][A-Z .'-]{2,}(?:,\s*[A-Z][\w.]*(?:\s+\d{1,2})?)?\s*(?:\([^)]{2,30}\)\s*)?(?:--|—|–|-|:)\s")


def country_mentions(text: str, rules: Rules) -> list[CountryMention]:
    """Country mentions of a text in order, from the gazetteer (none without one)."""
    gaz = rules.gazetteer
    if gaz is None or not text:
        return []
    dateline = _DATELINE.match(text)
    # "KYIV, Feb 5 (Reuters) -": where the story was filed, not a party; neutral surfaces name no country
    out = [m for m in gaz.mentions(text) if m.iso3 and not (dateline and m.end <= dateline.end())]
    return sorted(out, key=lambda p: p.start)


@dataclass(frozen=True)
class Context:
    """What a document as a whole says about countries: its main one and the runner-up."""

    main: str | None
    other: str | None
    counts: dict

    def other_side(self, side: str | None) -> str | None:
        """The other party of a two-sided conflict the document is about, or `side` itself."""
        if side is None:
            return self.main
        ranked = [c for c in sorted(self.counts, key=lambda k: -self.counts[k]) if c != side]
        if ranked and side in (self.main, self.other) and self.counts[ranked[0]] >= 2:
            return ranked[0]
        return side


def context_country(
    sentences_mentions: list[list[CountryMention]], provenance: re.Pattern, fallback: list[CountryMention] | None = None,
) -> Context:
    """The countries a document is about: the most mentioned ones (earlier mentions break ties).

    `fallback` (mentions in the document's source name, say) counts only when the text names none.
    `provenance` (lexicon provenance_suffix): a mention glued to one of its words ("a
    Liberian-flagged tanker") says where a thing belongs, not what the story is about.
    """
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    n = 0
    for mentions in sentences_mentions:
        for p in mentions:
            if p.modifier and provenance.fullmatch(p.modifier):
                continue  # ("a UK-based monitor said": where a source sits is not what the story is about)
            weight = 2 if p.kind in ("place", "capital") else 1
            counts[p.iso3] += weight
            first.setdefault(p.iso3, n)
            n += 1
    if not counts and fallback:
        for p in fallback:
            counts[p.iso3] += 1
            first.setdefault(p.iso3, n)
            n += 1
    if not counts:
        return Context(None, None, {})
    ranked = sorted(counts, key=lambda k: (-counts[k], first[k]))
    return Context(ranked[0], ranked[1] if len(ranked) > 1 else None, dict(counts))


_BY = r"\b@agent_preposition\s+(?:@article\s+)?$"
# "troops, backed by Kenyan forces, killed": the backer named after "by" did not strike
# nor does the maker or supplier of equipment ("a howitzer made by Germany")
_BACKED_BY = r"\b@backing_verb\s+by\s+(?:the\s+)?$"
# "20 km from Maiduguri", "miles away from the border": a distance, not where an attack came from
_DISTANCE_FROM = r"\b@distance_word\s+from\s+(?:the\s+)?$"
# "Kyiv blamed Russia for the strike", "accused Israel of an attack": the side blamed struck
_BLAMED_BEFORE = r"\b@blame_verb\s+(?:the\s+)?$"
_BLAMED_FOR = r"(?:[’']s?)?(?:\s+[a-z][\w-]*){0,2}\s+(?:for|of)\s+(?:the\s+|an?\s+|its\s+|their\s+)?(?:(?![a-z]+ing\s)[a-z][\w-]*\s+)?(?:@attack_noun|killing|killings|deaths?|massacre)\b"
_BY_ONLY = r"\b@deed_agent_preposition\s+(?:@article\s+)?$"
# "in the Donetsk region of", "near its northern": a place named as where, not a party; after the
# preposition case counts (a capitalised word is part of a name, the lexicons' words are lower case)
_LOCATIVE = (
    r"\b@locative_preposition\s+(?-i:(?:[Tt]he\s+)?"
    r"(?:(?:@possessive_pronoun|@place_modifier|[A-Z][\w.’'-]*)\s+){0,3}"
    r"(?:@place_unit_noun\s+of\s+(?:the\s+)?)?)$"
)
_HELP = r"\b@support_verb\s+(?:the\s+)?$"
_MEDIATOR = r"\b@mediation_verb\s+by\s+"
# where a list of mediators ends: a stop, a comma before a lower-case word that continues no list, a
# preposition or an auxiliary (all as written, lower case)
_MEDIATOR_END = r"(?-i:[.;]|,\s+(?!@list_conjunction\b)[a-z]|\s+@mediator_list_end\b)"
_PARTY_KINDS = ("name", "government", "capital", "group")


# "a commander during the Gaza war": a place naming a war, not the victims' side
_NAMES_A_WAR = r"^\s+@war_name_noun\b"
# "Ukraine clashes kill 8": a country naming where the fighting is, not a party to it
_SETTING = r"^(?:[’']s)?\s+@setting_noun\b"
# "settlers attacked a Palestinian village, wounding five": a nationality of a place is where,
# not who struck
_PLACE_UNIT_AFTER = r"^\s+(?:[\w-]+\s+)?@place_unit_noun\b"
# "the Ukrainian military says two people were killed": the subject reports, it does not kill;
# "says it killed" keeps it
_REPORTS_OTHERS = r"\b@report_verb\s+(?!(?:that\s+)?@self_reference_pronoun\b)"
# a side's war or invasion: "Russia's full-scale invasion", "Russia’s war", "the war with Russia"
_WAR_OF = r"^[’']s?\s+(?:[\w-]+\s+){0,2}?@aggression_noun\b"
# "killed while fighting in Russia's war with Ukraine": the victims' own side's war
_FIGHTING_IN = r"\b@serving_verb\s+@service_preposition\b"
_WAR_WITH = r"\b@war_noun\s+@opponent_preposition\s+(?:the\s+)?$"
# "the Malian army says 12 civilians were killed": a force that reports, not one that struck
_FORCE_REPORTS = (
    r"^(?:[’']s)?\s+@speaking_force_noun\s+@report_verb(?:\s*[.,;:]|\s*$|\s+"
    r"(?!(?:that\s+)?@self_reference_pronoun\b))"
)
# "..., according to the Kenyan army", "citing a statement from the Nigerian army": the force
# is the source of the report
_SOURCE_BEFORE = r"\b@source_preposition\s+(?:[\w-]+\s+){0,4}$"
# "Israel says it killed", "Ukraine said its forces killed", "the rebels claimed their fighters had killed"
_SAYS_IT = r"\b@report_verb\s+(?:that\s+)?(?:@side_subject_pronoun|@side_possessive_pronoun\s+(?:[\w-]+\s+){1,2}?)\s*(?:has\s+|have\s+|had\s+)?$"
_OF_PARTY = r"^\s*@origin_preposition\s"
_AMONG = r"^\s+@membership_preposition\s"
_POSSESSIVE = re.compile(r"^(?:[’']s?\b)?(?:-led\b)?[\s-]*")
# "US-backed forces", "Iran-aligned militias": the backer is not the party that struck
_BACKER = r"^-@backer_suffix\b"  # ("Iranian-backed militias": the backer, not the side that struck)
_FORCE_NOUNS = r"^@force_noun\b"
_FORCE_OWN = re.compile(r"^(?:[’']s?)?\s+")
_FORCE_OWN_WORD = re.compile(r"^(?:[’']s?)?\s+[\w-]+\s+")


# a capital naming an attack that happened there: "the Paris attacks", "the Nairobi bombing"
_NAMES_AN_ATTACK = r"^\s+@attack_name_noun\b"  # ("the Kabul bombing": a town names where it struck)


def _attack_modifier(text: str, p: CountryMention, rules: Rules, strict: bool = False) -> bool:
    """A mention directly modifying an attack or force noun ("Israeli airstrike", "Russian forces").

    strict: only attacks count, not forces ("Ukrainian troops" can be the victims), unless the
    force's own attack follows ("Ukrainian army shelling", "Kyiv forces’ strike").
    """
    after = text[p.end : p.end + 40]
    if _pattern(rules, _BACKER).match(after) or p.kind == "place":
        return False  # ("Gaza strikes", "the Aleppo bombing": a town names where it struck, not who)
    if p.kind == "capital" and _pattern(rules, _NAMES_AN_ATTACK).match(after) and not _pattern(rules, _FORCE_NOUNS).match(after.lstrip()):
        return False  # "the Paris attack", "the Nairobi bombing": where, unless a possessive ("Moscow's strikes")
    follow = _POSSESSIVE.sub("", after)
    force = _pattern(rules, _FORCE_NOUNS).match(follow)
    if force:
        rest = follow[force.end() :]
        for own in (_FORCE_OWN.match(rest), _FORCE_OWN_WORD.match(rest)):
            noun = rest[own.end() :] if own else ""
            if noun and rules.words["attack_noun"].match(noun) and not _pattern(rules, _FORCE_NOUNS).match(noun):
                return True
        return not strict
    m = rules.words["attack_noun"].match(follow)
    if m is None:
        # up to two words between: "Russian cluster munition strike", "Israel's latest air strikes"
        rest, verb = follow, False
        for _ in range(2):  # (one word, then two: "coalition strike on" must not skip the noun)
            m2 = _pattern(rules, _BETWEEN_WORD).match(rest)
            if not m2:
                return False
            verb = verb or bool(_VERB_FORM.match(rest))
            rest = rest[m2.end() :]
            if rules.words["attack_noun"].match(rest):
                # a side that "resumes operations" strikes; one that "sends troops" deploys them
                return not (verb and _pattern(rules, _FORCE_NOUNS).match(rest))
        return False
    return True


# a word allowed between a side and its attack noun (up to two): lower-case modifiers, not a verb or
# a name ("Houthis say US strikes killed" is no Houthi strike)
_BETWEEN_WORD = r"(?-i:^(?!@attack_gap_breaker\b)[a-z][\w-]*\s+)"
_VERB_FORM = re.compile(r"^[a-z][\w-]*(?:[^s]s|ed)\s")


def _in_span(p: CountryMention, start: int, end: int) -> bool:
    return p.start >= start and p.end <= end


def _mediators(text: str, mentions: list[CountryMention], rules: Rules) -> set[int]:
    """Indexes of mentions named as mediators ("mediated by the UAE, Qatar and Egypt")."""
    out: set[int] = set()
    for m in _pattern(rules, _MEDIATOR).finditer(text):
        stop = _pattern(rules, _MEDIATOR_END).search(text, m.end())
        end = stop.start() if stop else len(text)
        out.update(i for i, p in enumerate(mentions) if m.end() <= p.start < end)
    return out


@dataclass(frozen=True)
class Roles:
    actor: str | None
    target: str | None


# "a monitor based in Britain", "a UK-based monitor": where a source or an outlet sits
_BASED_IN = re.compile(r"\bbased\s+in\s+(?:the\s+)?$", re.IGNORECASE)


def _is_seat(text: str, p: CountryMention) -> bool:
    """A country named as where someone is based, not as a party or a place of the event."""
    return p.modifier == "based" or bool(_BASED_IN.search(text[max(0, p.start - 20) : p.start]))


def _states_side_losses(mention: Mention, rules: Rules) -> bool:
    """The rule that supplied the figure states a side's own losses (flag side_losses in
    rules.toml: "the X army lost 40 troops", "X's losses amounted to")."""
    spec = rules.rule_spec(mention.rule_id)
    return spec is not None and spec.side_losses


def casualty_roles(text: str, mention: Mention, places: list[CountryMention], context: Context, rules: Rules) -> Roles:
    places = [p for p in places if not _is_seat(text, p)]
    trig = mention.triggers[0]
    clause = clause_span(text, trig.start, trig.end, rules)
    spans = [(v.np_start, v.np_end) for v in mention.slots.values()]
    victim_spans = list(spans)
    # "eight members of the Revolutionary Guard", "two soldiers of the 93rd Brigade": whose people
    spans += [(v.np_end, v.np_end + 50) for v in mention.slots.values() if _pattern(rules, _OF_PARTY).match(text[v.np_end : v.np_end + 12])]
    # "a Russian recon group of nine people": the body the counted people make up
    spans += [(_body_start(text, v.np_start, clause[0]), v.np_start) for v in mention.slots.values() if _body_of(text, v.np_start, rules)]
    # "casualties among North Korean forces": the people named right after the trigger
    spans += [(t.end, t.end + 50) for t in mention.triggers if _pattern(rules, _AMONG).match(text[t.end : t.end + 24])]
    # "North Korean military casualties", "victims of North Koreans": the trigger's own phrase,
    # unless the trigger is an active verb whose subject is the killer
    active = [
        t for t in mention.triggers
        if t.rule.spec.slot in ("killed", "injured") and t.rule.spec.count in ("after", "both") and has_object(text, t, rules)
    ]
    # ("Gunmen killed four guards" matches a passive reading of "killed" too: the active one rules)
    spans += [
        (t.start if any(a.start < t.end and t.start < a.end for a in active) else max(clause[0], t.start - 40), t.end)
        for t in mention.triggers
    ]
    in_victims = []
    for a, b in spans:
        in_victims = [
            p for p in places
            if _in_span(p, a, b) and not p.modifier and not _by_before(text, p, rules) and not _attack_modifier(text, p, rules, strict=True)
            and not (p.kind == "place" and _names_where(text, p, places, rules))
            and not _pattern(rules, _NAMES_A_WAR).match(text[p.end : p.end + 30])
            and not (p.kind in ("place", "capital") and _pattern(rules, _NAMES_AN_ATTACK).match(text[p.end : p.end + 30]))
            and not _pattern(rules, _WAR_WITH).search(text[max(0, p.start - 25) : p.start])  # ("killed in the war with Russia")
        ]
        if in_victims:
            break
    target = in_victims[0].iso3 if in_victims else None
    # "two UN peacekeepers were killed": people of a UN force have no country side
    un_victims = not in_victims and _names_un_force(text, mention, rules)
    actor = _actor_by_attack(text, [p for p in places if p not in in_victims and not _is_source(text, p)], rules, victims=in_victims)
    if actor is None and active:
        # "members of South Sudan's Murle people have killed 140 people": the subject killed
        # a town or region there is where it happened ("a strike in Kherson kills"), not who struck
        subject = [
            p for p in places
            if clause[0] <= p.start and p.end <= active[0].start and p not in in_victims and not _by_before(text, p, rules)
            and p.kind != "place" and not _names_where(text, p, places, rules) and not _pattern(rules, _BACKER).match(text[p.end : p.end + 16])
            and not _is_source(text, p) and not _pattern(rules, _SETTING).match(text[p.end : p.end + 30])
            and not _pattern(rules, _PLACE_UNIT_AFTER).match(text[p.end : p.end + 30])
            and not _pattern(rules, _REPORTS_OTHERS).search(text, p.end, active[0].start)
        ]
        said = _pattern(rules, _SAYS_IT).search(text, 0, active[0].start)
        if not subject and said:
            # "Israel says it killed 30 fighters": "it" is the one that said so
            subject = [p for p in places if p.end <= said.start() and p.kind in _PARTY_KINDS and p not in in_victims and not _names_where(text, p, places, rules)]
        if subject:
            actor = subject[-1].iso3
    if actor is None and target is not None:
        # "killed since the start of Russia's full-scale invasion", "in Russia's war", "the war with Russia"
        for p in places:
            if p.iso3 != target and p not in in_victims and not _pattern(rules, _FIGHTING_IN).search(text[max(0, p.start - 60) : p.start]) and (
                _pattern(rules, _WAR_OF).match(text[p.end : p.end + 40]) or _pattern(rules, _WAR_WITH).search(text[max(0, p.start - 25) : p.start])
            ):
                actor = p.iso3
                break
    if actor is None and target is not None:
        actor = _claiming_military(text, places, in_victims, target, rules)
    if actor is None:
        actor = _unnamed_attackers_country(text, mention, places, rules)
    pair = _fighting_pair(text, places, rules)
    if pair and target is not None and target in pair:
        # "Armenian and Azerbaijani forces exchange fire, leaving three Azeri soldiers dead"
        return Roles(pair[0] if target == pair[1] else pair[1], target)
    if pair and actor in pair:
        actor = None  # "India and Pakistan exchanged fire, killing five": which side killed is not said
    if un_victims:
        return Roles(actor, None)
    if target is None:
        # ("a Greek-owned ship", "US-trained soldiers": a country glued to another word names no victims)
        in_clause = [p for p in places if clause[0] <= p.start < clause[1] and not p.modifier]
        target = _located_country(text, in_clause, rules, exclude=actor)
        if actor is None and target is not None:
            # the victims' side known only from where they died ("Israel's defence minister said
            # 20 militants were killed in Jenin"): a belligerent's military counting them still
            # counts its own kills
            actor = _claiming_military(text, places, in_victims, target, rules)
    if target is None:
        others = [p for p in places if p.iso3 != actor and not p.modifier and not _attack_modifier(text, p, rules) and not _by_before(text, p, rules)]
        target = others[0].iso3 if others and context.main is None else context.main
        if others and context.main is not None and context.main == actor and actor is not None:
            target = others[0].iso3
        elif not others and actor is not None and target == actor and _named_only_as_striking(text, actor, places, context, rules):
            # "Nine people died in an Israeli airstrike": the document names the country only as
            # the side that struck, so it says nothing of whose people died
            target = None
        if pair and target in pair:
            target = None  # nor whose people died
        if target is not None and target == actor and any(rules.words["crew_noun"].search(text, a, b) for a, b in victim_spans):
            # "Houthi missiles hit a ship, killing three crew members": a ship's crew are not of
            # the striker's own land
            target = None
    if actor is None and target is not None and _states_side_losses(mention, rules):
        # "the enemy lost up to 40 troops", "the X army's losses amounted to 90": a side's
        # losses are inflicted by the other party of the conflict the document is about
        other = context.other_side(target)
        if other != target:
            actor = other
    return Roles(actor, target)


# "They killed six guards", "Later that day, the assault left nine dead", "... died in the attack"
_BACK_REFERENCE = r"^(?:[^,;:.]{0,40},\s+)?@attack_back_reference\b|\b(?:in|during)\s+@attack_back_reference\b"


def refers_back_to_attack(text: str, rules: Rules) -> bool:
    """The sentence tells of an attack an earlier one named: it opens with a back-reference
    ("They killed ...", "Of these, ...") or puts its deaths "in the attack"."""
    return bool(_pattern(rules, _BACK_REFERENCE).search(text))


def named_attacker(text: str, places: list[CountryMention], rules: Rules) -> str | None:
    """The side a sentence names as the one that struck ("Russian forces shelled the town",
    "Taliban fighters stormed a checkpoint"), where it names one. A force that only appears
    ("three Ukrainian soldiers were buried") struck no one."""
    places = [p for p in places if not _is_seat(text, p) and not _is_source(text, p)]
    found = _actor_by_attack(text, places, rules, strict=True)
    if found is not None:
        return found
    for p in places:
        follow = _POSSESSIVE.sub("", text[p.end : p.end + 50])
        force = _pattern(rules, _FORCE_NOUNS).match(follow)
        if force and _pattern(rules, _STRIKES_NEXT).match(follow, force.end()):
            return p.iso3
    for p in places:
        # the state or group itself as the subject: "Russia launched 242 drones", "Israel struck"
        if p.kind in _PARTY_KINDS and not p.modifier and not _names_where(text, p, places, rules) and _pattern(rules, _SIDE_STRIKES).match(text, p.end):
            return p.iso3
    return None


def unnamed_group_attacker(text: str, places: list[CountryMention], rules: Rules) -> str | None:
    """A non-state group named by what it is as the subject of the attack ("Militants attacked a
    checkpoint in Sinai"): the country where it struck, unless its identity is said to be unknown."""
    for m in _pattern(rules, _GROUP_STRIKES).finditer(text):
        if not _pattern(rules, _UNKNOWN_BEFORE).search(text[max(0, m.start() - 30) : m.start()]):
            return _located_country(text, places, rules)
    return None




# between a striker and the verb of its striking, one adverb ("forces also shelled")
_STRIKE_ADVERB = r"(?:[a-z]+ly\s+|also\s+|then\s+|again\s+)?"
# after a force noun: the verb of its striking
_STRIKES_NEXT = rf"\s+{_STRIKE_ADVERB}@attack_verb\b"
# after a side's own name: its striking, or its launching of weapons ("launched 40 drones")
_SIDE_STRIKES = rf"(?-i:\s+{_STRIKE_ADVERB}(?:@attack_verb\b|@launch_verb\s+(?:[\w,-]+\s+){{0,4}}?@attack_noun\b))"
# a non-state group named by what it is, striking ("militants attacked")
_GROUP_STRIKES = rf"\b@non_state_attacker\s+{_STRIKE_ADVERB}@attack_verb\b"


def _named_only_as_striking(text: str, iso3: str, places: list[CountryMention], context: Context, rules: Rules) -> bool:
    """The document names `iso3` nowhere but in this sentence, and there only as the adjective of
    an attack ("an Israeli airstrike", "Russian shelling"): it tells who struck, not whose people
    died; so does the state's own name in that place ("Israel strikes", "Russia's shelling"),
    unless the sentence names a non-state armed party it fights at home ("Ukraine assault on
    rebel-held villages"). An armed group or a place is the victims' country too in a civil war
    ("Taliban snipers shot two policemen in Helmand": AFG on both sides, GOLD_FORMAT), so those are
    kept."""
    here = [p for p in places if p.iso3 == iso3]
    # (also inside a compound: "rebel-held villages")
    civil_war = bool(rules.words["non_state_attacker"].search(text.replace("-", " ")))
    if not here or any(p.kind != "demonym" and (p.kind != "name" or civil_war) for p in here):
        return False
    if not any(_attack_modifier(text, p, rules, strict=True) for p in here):
        return False
    return context.counts.get(iso3, 0) <= len(here)


def _body_of(text: str, start: int, rules: Rules) -> bool:
    """The count follows "<body noun> of" ("a patrol of six soldiers")."""
    m = re.search(r"(\w+)\s+of\s+$", text[max(0, start - 30) : start])
    return bool(m) and bool(rules.words["body_of_people"].fullmatch(m.group(1)))


def _body_start(text: str, end: int, floor: int) -> int:
    """Where the noun phrase of a body of people opens: its last article before `end`."""
    opens = [m.start() for m in re.finditer(r"\b(?:a|an|the)\s", text[max(floor, end - 60) : end], re.IGNORECASE)]
    return max(floor, end - 60) + opens[-1] if opens else end


def _unnamed_attackers_country(text: str, mention: Mention, places: list[CountryMention], rules: Rules) -> str | None:
    """Attackers named only by what they are ("militants attacked a checkpoint in Sinai", "shot by
    raiders at Kapedo"): a non-state group takes the country where it struck, as the sentence
    places it. Not the victims themselves ("seven militants died")."""
    if attackers_take_place_country(text, mention, rules):
        return _located_country(text, places, rules)
    return None


def attackers_take_place_country(text: str, mention: Mention, rules: Rules) -> bool:
    """The sentence names attackers only by what they are, and not as of unknown identity
    ("militants attacked", not "unidentified gunmen"): they take the country where they struck."""
    return names_unnamed_attackers(text, mention, rules) and not _unknown_attackers(text, mention, rules)


_MILITARY_SOURCE = r"(?-i:^(?:[’']s)?\s+@military_source\b)"  # (as capitalised: see the lexicon)
# a ministry or command the gazetteer reads as the state itself ("the Russian Defence Ministry")
_MILITARY_NAME = r"(?-i:\b@military_source$)"


def _claiming_military(text: str, places: list[CountryMention], victims: list[CountryMention], target: str, rules: Rules) -> str | None:
    """"losses among North Korean forces exceeded 4,500, Ukraine's General Staff said": a
    belligerent's military counting the other side's dead counts its own kills."""
    claim = [
        p for p in places
        if p.iso3 != target and p not in victims and (
            _pattern(rules, _MILITARY_SOURCE).match(text[p.end : p.end + 40])
            or (p.kind == "government" and _pattern(rules, _MILITARY_NAME).search(p.surface))
        )
    ]
    if claim and _pattern(rules, _CLAIM).search(text):
        return claim[0].iso3
    return None


# a group named as one of two sides fighting each other ("clashes between rival militias",
# "fighting among armed groups"): no attacker of the other
_PAIRED_BEFORE = r"\b@pair_preposition\s+(?:[\w-]+\s+){0,2}$"


def names_unnamed_attackers(text: str, mention: Mention, rules: Rules) -> bool:
    """The sentence names attackers only by what they are (a non-state group: "militants",
    "raiders"), and they are not the victims counted ("seven militants died") nor the two sides
    of a clash ("clashes between rival militias")."""
    victims = [(v.np_start, v.np_end) for v in mention.slots.values()]
    return any(
        not any(a <= m.start() < b for a, b in victims) and not _pattern(rules, _PAIRED_BEFORE).search(text[max(0, m.start() - 40) : m.start()])
        for m in rules.words["non_state_attacker"].finditer(text)
    )
_CLAIM = r"\b@toll_attribution\b"
_PAIR_BEFORE = r"\b@pair_preposition\s+(?:the\s+)?$"
_PAIR_AFTER = r"^(?:[’']s?)?\s+(?:@paired_force_noun\s+)?@fighting_verb\b"


def _fighting_pair(text: str, places: list[CountryMention], rules: Rules) -> tuple[str, str] | None:
    """Two sides named together as the ones fighting: "clashes between X and Y", "X and Y
    forces exchanged fire"."""
    for a, b in zip(places, places[1:], strict=False):
        if a.iso3 == b.iso3 or "place" in (a.kind, b.kind):
            continue
        if re.fullmatch(r"[-–]", text[a.end : b.start]) and _pattern(rules, _NAMES_A_WAR).match(" " + text[b.end : b.end + 30]):
            return a.iso3, b.iso3  # "the Russia-Ukraine war": both sides of it
        if not re.fullmatch(r"\s+and\s+(?:the\s+)?", text[a.end : b.start]):
            continue
        if _pattern(rules, _PAIR_BEFORE).search(text[max(0, a.start - 15) : a.start]) or _pattern(rules, _PAIR_AFTER).match(text[b.end : b.end + 60]):
            return a.iso3, b.iso3
    return None


# "DPR State Security Ministry: two soldiers killed": a headline's source before the colon.
# (A side that says it killed is often the one that did: "Ukraine says", "- Ukraine army" stay.)
_SOURCE_HEAD = re.compile(r"^(?:[A-Z][\w’'.-]*\s+){0,5}[A-Z][\w’'.-]*:\s")


def _is_source(text: str, p: CountryMention) -> bool:
    """A mention inside a headline's leading source ("LPR militia: ..."), not in the event."""
    head = _SOURCE_HEAD.match(text)
    return bool(head) and p.end <= head.end()


def _names_where(text: str, p: CountryMention, places: list[CountryMention], rules: Rules) -> bool:
    """A place after "in/at/near", or the country written after such a place ("in Sumy, Ukraine")."""
    if _pattern(rules, _LOCATIVE).search(text[max(0, p.start - 40) : p.start]):
        return True
    before = [q for q in places if q.end <= p.start and re.fullmatch(r",\s*", text[q.end : p.start])]
    return bool(before) and _names_where(text, before[-1], places, rules)


def _by_before(text: str, p: CountryMention, rules: Rules) -> bool:
    return _agent_before(text[max(0, p.start - 25) : p.start], rules)


def _agent_before(before: str, rules: Rules, strict: bool = False) -> bool:
    """`before` ends in the preposition of an agent or an origin ("killed by ", "fire from the "),
    not of a distance ("20 km from "). strict: only the agent of a deed ("by")."""
    agent = _pattern(rules, _BY_ONLY if strict else _BY).search(before)
    return agent is not None and not _pattern(rules, _DISTANCE_FROM).search(before)


def _actor_by_attack(text: str, places: list[CountryMention], rules: Rules, victims: list[CountryMention] = (), strict: bool = False) -> str | None:
    """The side named as the one that struck: "by X", "X airstrike", an armed group.

    strict: a force noun ("Russian forces") is not enough, only an attack ("Al Shabaab attack").
    """
    # The victims' own mentions are not in `places`, so a side named as the one that struck
    # may share their country: a civil war's army and rebels ("Afghan soldiers killed by
    # Taliban fighters"), separatists shelled by the state's own forces.
    same = {v.surface.lower() for v in victims}
    for p in places:
        before = text[max(0, p.start - 25) : p.start]
        if _agent_before(before, rules, strict) and not _pattern(rules, _BACKED_BY).search(before) and not p.modifier and not _behind_source(text, p, rules):
            # (not "by the US-backed forces", "from the UK-based monitor": those name another
            # party; nor "according to a statement from the army": its source)
            return p.iso3
        if not p.modifier and _pattern(rules, _BLAMED_BEFORE).search(before) and _pattern(rules, _BLAMED_FOR).match(text, p.end):
            return p.iso3
    for p in places:
        # the victims' own words for themselves elsewhere in the sentence ("North Korean military
        # deployments ... North Korean military casualties") are their side, not the attacker,
        # unless an attack of theirs is named ("Ukrainian army shelling")
        if (
            _attack_modifier(text, p, rules, strict=strict)
            and not _pattern(rules, _AIMED_AT).search(text[max(0, p.start - 25) : p.start])
            and (p.surface.lower() not in same or _attack_modifier(text, p, rules, strict=True))
            and not _pattern(rules, _FORCE_REPORTS).match(text[p.end : p.end + 50])
            and not _behind_source(text, p, rules)
        ):
            return p.iso3
    # an armed group named as such ("Occupation forces ... violate", "the Houthis have targeted")
    for p in places:
        if p.kind == "group" and not p.modifier:
            return p.iso3
    return None


def _behind_source(text: str, p: CountryMention, rules: Rules) -> bool:
    """`p` stands in the source phrase of a report ("according to a statement from the army")."""
    return bool(_pattern(rules, _SOURCE_BEFORE).search(text[max(0, p.start - 50) : p.start]))


# "losses inflicted on US forces", "an attack against Kenyan troops": the force struck, not striking
_AIMED_AT = r"\b@target_preposition\s+(?:the\s+)?$"


def _located_country(text: str, places: list[CountryMention], rules: Rules, exclude: str | None = None, after: int = 0) -> str | None:
    for i, p in enumerate(places):
        if p.start < after or p.iso3 == exclude or _pattern(rules, _NAMES_A_WAR).match(text[p.end : p.end + 30]):
            continue  # ("fought in the Yemen war": no place where this happened)
        if p.kind in ("place", "capital") and _pattern(rules, _NAMES_AN_ATTACK).match(text[p.end : p.end + 30]):
            continue  # ("linked to the Nairobi attack": another attack's place)
        if p.kind in ("name", "place", "capital") and _pattern(rules, _LOCATIVE).search(text[max(0, p.start - 40) : p.start]):
            # "Tripoli, Lebanon": the country written after the town settles which one is meant
            nxt = places[i + 1] if i + 1 < len(places) else None
            if nxt is not None and nxt.kind == "name" and re.fullmatch(r",\s*", text[p.end : nxt.start]):
                return nxt.iso3
            return p.iso3
        if p.kind == "name" and _pattern(rules, _TOWN_THEN_COUNTRY).search(text[max(0, p.start - 50) : p.start]) and _CLAUSE_ENDS.match(text, p.end):
            # "near Gao, Mali": a town the gazetteer does not know, then its country (ending the
            # phrase: in "on Monday, Nigeria said" the country is the subject of what follows)
            return p.iso3
    return None


# a place the gazetteer does not know written before its country ("near Gao, Mali", "in Ankazobe,
# Madagascar"): the country says where
_TOWN_THEN_COUNTRY = r"\b@locative_preposition\s+(?-i:(?:[Tt]he\s+)?(?:@place_modifier\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2}),\s*$"


_CLAUSE_ENDS = re.compile(r"\s*(?:[.,;:)]|$)")


# any border with a named country ("to the border with Chad", "on its border with Chad")
_BORDER_WITH = r"\b@border_noun\s+with\s+(?:the\s+)?$"
# a country named as where personnel are sent ("sent 500 soldiers to Mali", "into the Congo")
_TO_COUNTRY = r"\b@destination_preposition\s+(?:the\s+)?$"
# another country named as the far side of a border the personnel are sent to ("the Mexico border")
_COUNTRY_BORDER = r"\s+@border_noun\b"
# a destination named after the trigger that the gazetteer places in no country ("marines sent
# to the Middle East"): the target is not the document's main country
_NAMED_DESTINATION = re.compile(r"\s+(?:\S+\s+){0,6}?(?:to|into)\s+the\s+[A-Z]")


def deployment_roles(text: str, mention: Mention, places: list[CountryMention], context: Context, rules: Rules, personnel_span: tuple[int, int] | None) -> Roles:
    trig = mention.triggers[0]
    actor = None
    if personnel_span:
        # the demonym or name right before the personnel noun: "Guatemalan Army troops"
        near = [p for p in places if p.start < personnel_span[0] and re.fullmatch(r"[\s’']*s?\s*(?:[A-Z][\w.-]*\s+){0,2}", text[p.end : personnel_span[0]])]
        if near:
            actor = near[-1].iso3
    if actor is None:
        clause = clause_span(text, trig.start, trig.end, rules)
        subject = [p for p in places if p.end <= trig.start and not _pattern(rules, _LOCATIVE).search(text[max(0, p.start - 40) : p.start])]
        local = [p for p in subject if p.start >= clause[0]]
        if local or subject:
            pool = local or subject
            parties = [p for p in pool if p.kind in _PARTY_KINDS]
            actor = (parties or pool)[0].iso3
    target = None
    # how the sentence names the destination, where it names one as a country: beyond a border
    # ("to Mali"), or the far side of one ("to the border with Chad", "the Ugandan border")
    abroad = far_side = False
    for p in places:
        if p.start < trig.start or (p.iso3 == actor and p.kind != "place"):
            continue
        before = text[max(0, p.start - 40) : p.start]
        if _pattern(rules, _BORDER_WITH).search(before) or _pattern(rules, _COUNTRY_BORDER).match(text, p.end):
            if actor is not None:
                # "soldiers deployed on its border with X", "sends troops to the Mexico border":
                # they stay in their own country
                target = actor
                break
            far_side = True
            continue
        if _pattern(rules, _LOCATIVE).search(before) or _pattern(rules, _HELP).search(before):
            target = p.iso3
            # ("arrived in Haiti": arriving in a country by name, they came from outside it)
            abroad = p.kind == "name" and bool(
                _pattern(rules, _TO_COUNTRY).search(before) or rules.words["arrival_verb"].match(text, trig.start, trig.end)
            )
            break
    if far_side and target is None:
        # no sender named and only the country across the border: neither side is stated
        return Roles(actor, None)
    if target is None and _NAMED_DESTINATION.match(text, trig.end):
        return Roles(actor, None)
    if target is None:
        # no place in the sentence: where the document is ("Russia also sends troops to support
        # the government" in a brief about the Central African Republic)
        target = context.main or actor
    if actor is None and not abroad and not _several_states_force(text, rules):
        # no sender named: a state's own forces moved within it ("the army was deployed to Lamu");
        # not those sent to a country by name ("the government sent 500 soldiers to Mali")
        actor = target
    return Roles(actor, target)


def _several_states_force(text: str, rules: Rules) -> bool:
    """The personnel belong to a force of several states or of none (a UN mission, NATO, a
    coalition, "foreign troops"): the place they are sent to is not their sender."""
    return any(rules.words[name].search(text) for name in ("un_force", "alliance_force", "no_single_nationality"))


_ORIGIN_BEFORE = r"\b@origin_preposition\s+(?:the\s+)?$"


def capture_roles(text: str, mention: Mention, places: list[CountryMention], context: Context, rules: Rules) -> Roles:
    places = [p for p in places if not _is_seat(text, p)]
    trig = mention.triggers[0]
    slot = mention.slots.get("captured")
    captives = [p for p in places if slot is not None and _in_span(p, slot.np_start, slot.np_end) and not _by_before(text, p, rules)]
    # "four workers - one from Chad and three from Peru - were kidnapped": the counted people
    # broken down by where each comes from, several countries
    origins = [
        p for p in places
        if slot is not None and slot.np_start <= p.start and p.end <= max(trig.start, slot.np_end)
        and _pattern(rules, _ORIGIN_BEFORE).search(text[max(0, p.start - 12) : p.start])
    ]
    if not captives and _several_countries(origins):
        captives = origins
    if not captives and not has_object(text, trig, rules):
        # "Journalists with US broadcaster CBS were detained": the subject of a passive
        clause = clause_span(text, trig.start, trig.end, rules)
        subject = [p for p in places if clause[0] <= p.start and p.end <= trig.start and not _pattern(rules, _LOCATIVE).search(text[max(0, p.start - 40) : p.start])]
        # the captives' own phrase: after the last word that opens another one ("testimonies from
        # Russian servicemen captured", "the service said soldiers were captured")
        opener = list(_pattern(rules, _NP_OPENER).finditer(text, clause[0], trig.start))
        own = [p for p in subject if not opener or p.start >= opener[-1].end()]
        captives = own if _several_countries(own) else subject[-1:]
    if not any(p.kind == "demonym" for p in captives) and _names_un_force(text, mention, rules):
        captives = []  # ("members of a UN mission to Mali": a UN force has no country side)
        un_force = True
    else:
        un_force = False
    several = _several_countries(captives)
    target = captives[0].iso3 if captives and not several else None
    if target is None and not several and not un_force:
        # (not the agent of a passive: "detained by Russian forces" names the captor)
        after = [p for p in places if trig.end <= p.start <= trig.end + 60 and p.kind == "demonym" and not _by_before(text, p, rules)]
        target = after[0].iso3 if after else None
    actor = None
    for p in places:
        if p.start >= trig.end and _pattern(rules, _CAPTOR_BEFORE).search(text[max(0, p.start - 30) : p.start]):
            actor = p.iso3
            break
    if actor is None:
        actor = _actor_by_attack(text, [p for p in places if p not in captives], rules, victims=captives, strict=True)
    if actor is None and has_object(text, trig, rules):
        # a force named right before the verb is its subject ("Ukraine says Russian troops
        # captured two of its soldiers"), even of the captives' own country in a civil war ("the
        # Somali army captured two al-Shabaab commanders")
        actor = _force_subject(text, trig, [p for p in places if p not in captives], rules)
    if actor is None and has_object(text, trig, rules):
        # an active verb's subject is the captor; a passive one's subject is the captives
        # (not a source that reports others' captures: "the Nigerian army said militants captured
        # two soldiers"; "says it captured" keeps it)
        subject = [
            p for p in places
            if p.end <= trig.start and p.iso3 != target and p not in captives
            and not _pattern(rules, _LOCATIVE).search(text[max(0, p.start - 40) : p.start])
            and not _pattern(rules, _REPORTS_OTHERS).search(text, p.end, trig.start)
        ]
        if subject:
            parties = [p for p in subject if p.kind in _PARTY_KINDS]
            actor = (parties or subject)[-1].iso3
    if actor is None and target is not None:
        # "two North Korean soldiers were taken prisoner, Ukraine's General Staff said": a
        # belligerent's military telling of the other side's men captured holds them
        actor = _claiming_military(text, places, captives, target, rules)
    by_place = actor is None
    if actor is None:
        actor = _unnamed_attackers_country(text, mention, places, rules)
    by_place = by_place and actor is not None
    held = (captives[0].end, trig.start) if captives and captives[0].end <= trig.start else (slot.np_start, slot.np_end) if slot else (0, 0)
    if actor is None and target is not None and rules.words["personnel"].search(text, *held):
        # "Russian soldiers captured in Ukraine": a state's servicemen taken in another country
        # are held by that country (civilians kidnapped abroad may be held by anyone); a region
        # or town is not enough ("North Koreans captured in Kursk" were taken by the invader)
        where = _located_country(text, [p for p in places if p.start >= trig.end and p not in captives and p.kind == "name"], rules)
        if where is not None and where != target:
            actor = where
        elif where is None and context.other_side(target) != target and context.counts.get(context.other_side(target), 0) >= _WAR_SIDE_MENTIONS:
            # no captor and no place named: one side's servicemen in a document about a war of two
            # sides are held by the other ("a further 50 Russian soldiers were captured"); a
            # document that only names the other side in passing says nothing of who holds them
            actor = context.other_side(target)
    if target is None and not several and not un_force:
        # (a captor read from the place shares it with the captives: "kidnapped by militants in
        # Iraq"); where captives are kept is the captor's ground, not their side ("the group is
        # holding 40 hostages in Gaza")
        keeping = rules.words["keeping_verb"].fullmatch(text[trig.start : trig.end])
        # nor is the coast or sea a ship's crew were taken off ("pirates seized 20 sailors off
        # Somalia"), nor the captor's own land: a crew's side is its ship's, where the document
        # names one ("the hijacked Kell-flagged carrier")
        crew = rules.words["crew_noun"].search(text)
        target = None if keeping or crew else _located_country(text, places, rules, exclude=None if by_place else actor)
        if target is None and not keeping:
            target = context.main
            if crew and target == actor:
                target = None
            if target is not None and target == actor and not by_place and context.other_side(actor) == actor and not names_unnamed_attackers(text, mention, rules) and not any(p.kind == "group" and p.iso3 == actor for p in places) and _located_country(text, places, rules) != actor:
                # a state capturing someone of no stated side, not in its own land, in a document
                # about that state alone ("Lebanon has captured the leader of a jihadist group"):
                # the captives' side is not the captor's own ("Malian troops captured three
                # jihadists near Gao" took them at home: the group's side is the land's)
                target = None
    return Roles(actor, target)


# between a force's country and the verb it is the subject of: the force noun, an adverb or an
# auxiliary ("Russian troops captured", "the Somali army has captured", "Kenyan soldiers later
# seized", "Ukraine captured")
_FORCE_BEFORE_VERB = r"^(?:[’']s)?\s+(?:(?:[\w-]+\s+){0,2}?@force_noun\s+)?(?:(?:have|has|had|also|later|then|reportedly|[a-z]+ly)\s+){0,2}$"


_UNKNOWN_BEFORE = r"\b@unknown_identity\s+(?:armed\s+)?$"


def _unknown_attackers(text: str, mention: Mention, rules: Rules) -> bool:
    """The attackers or captors named only as ones whose identity is unknown ("kidnapped by
    unidentified gunmen in Geneina", "unknown gunmen shot dead a chief"): the place they struck
    in gives them no side. Any attacker named
    without such a word ("unknown gunmen and Islamist militants") still may."""
    victims = [(v.np_start, v.np_end) for v in mention.slots.values()]
    attackers = [m for m in rules.words["non_state_attacker"].finditer(text) if not any(a <= m.start() < b for a, b in victims)]
    return bool(attackers) and all(_pattern(rules, _UNKNOWN_BEFORE).search(text[max(0, m.start() - 30) : m.start()]) for m in attackers)


# how often a document names a side for it to be about that side's war (not in passing)
_WAR_SIDE_MENTIONS = 3


def _force_subject(text: str, trig, places: list[CountryMention], rules: Rules) -> str | None:
    """The country of a force that is the active verb's own subject, next to it."""
    for p in reversed([q for q in places if q.end <= trig.start and trig.start - q.end <= 60]):
        if p.modifier or _pattern(rules, _LOCATIVE).search(text[max(0, p.start - 40) : p.start]):
            continue
        if _pattern(rules, _REPORTS_OTHERS).search(text, p.end, trig.start):
            break  # ("the Nigerian army said militants captured": the army reports, the militants capture)
        if _pattern(rules, _FORCE_BEFORE_VERB).match(text[p.end : trig.start]):
            return p.iso3
        break
    return None


def _names_un_force(text: str, mention: Mention, rules: Rules) -> bool:
    """The counted people have no one country side: a UN force ("three peacekeepers", "members of
    a UN mission"), or people said to be from elsewhere ("foreign workers", "Western journalists")."""
    for v in mention.slots.values():
        # the counted phrase runs on to its head noun ("three teams of Western journalists")
        stop = _pattern(rules, _PHRASE_END).search(text, v.np_end, min(v.np_end + 50, len(text)))
        end = stop.start() if stop else min(v.np_end + 50, len(text))
        if rules.words["un_force"].search(text, v.np_start, end) or rules.words["no_single_nationality"].search(text, v.np_start, end):
            return True
    return False


_PHRASE_END = r"[,;.:()]|\s@phrase_end_word\s"


_NP_OPENER = r"\b@np_opener\b"


def _several_countries(people: list[CountryMention]) -> bool:
    """Captives or victims of several nationalities ("journalists with US, British and French
    outlets"): their side is null."""
    return len({p.iso3 for p in people if p.kind != "place"}) >= 2


def _names_captives(text: str, p: CountryMention, rules: Rules) -> bool:
    """A demonym that qualifies the people held: "Russian prisoners of war", "Israeli hostages"."""
    follow = text[p.end : p.end + 40]
    m = rules.words["person"].search(follow)
    return bool(m) and len(follow[: m.start()].split()) <= 2


# The captor after the verb: "abducted by Islamist gunmen", "surrendered to the Burmese military",
# "fell into the hands of Israeli forces"; not "from", which names where captives came from
# ("kidnapped from Sabah", "one from Sudan").
_CAPTOR_BEFORE = r"\b@deed_agent_preposition\s+(?:@article\s+)?$|\b@captor_phrase\s+(?:the\s+)?$"


# "swapped in Turkey": a place, no party; "prisoners held in Russia" names the side holding them
_IN_PLACE = r"(?<!@detention_verb)\s+@setting_preposition\s+(?:the\s+)?$"
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$", re.IGNORECASE)
_AND = re.compile(r"^\s+and\s+(?:the\s+)?$", re.IGNORECASE)
_WITH = re.compile(r"\bwith\s+(?:the\s+)?$", re.IGNORECASE)


_OFFER_OWNER = r"[’']s?\s+(?:[\w-]+\s+){0,2}?@offer_noun\b"


def exchange_roles(text: str, mention: Mention, places: list[CountryMention], context: Context, rules: Rules) -> Roles:
    skip = _mediators(text, places, rules)
    candidates = [
        p for i, p in enumerate(places)
        if i not in skip and not p.modifier and not (p.kind != "demonym" and _pattern(rules, _IN_PLACE).search(text[max(0, p.start - 12) : p.start]))
    ]
    # "a swap between Russia and the United States"
    for a, b in zip(candidates, candidates[1:], strict=False):
        if _BETWEEN.search(text[max(0, a.start - 15) : a.start]) and _AND.match(text[a.end : b.start]) and a.iso3 != b.iso3:
            return Roles(a.iso3, b.iso3)
    # "Russia rejected Ukraine's proposal for a swap": the owner of the offer makes it
    for p in candidates:
        if p.kind in _PARTY_KINDS and _pattern(rules, _OFFER_OWNER).match(text, p.end):
            others = [q.iso3 for q in candidates if q.iso3 != p.iso3]
            return Roles(p.iso3, others[0] if others else context.other_side(p.iso3))
    # "X ... in a prisoner exchange with Australia": the party after "with" is the other side
    trig = mention.triggers[0]
    for p in candidates:
        if trig.start <= p.start <= trig.end + 25 and p.kind in _PARTY_KINDS and _WITH.search(text[max(0, p.start - 10) : p.start]):
            before = [q for q in candidates if q.start < trig.start and q.iso3 != p.iso3]
            parties = [q for q in before if q.kind in _PARTY_KINDS] or before
            if parties:
                return Roles(parties[0].iso3, p.iso3)
    parties: list[str] = []
    for kinds in (_PARTY_KINDS, ("name", "government", "capital", "group", "demonym", "place")):
        parties = []
        for p in candidates:
            if p.kind in kinds and p.iso3 not in parties:
                parties.append(p.iso3)
        if len(parties) >= 2:
            break
    if not parties:
        if any(places[i].iso3 == context.main for i in skip):
            return Roles(None, None)  # "a swap brokered by the UAE": the mediator is no party
        return Roles(context.main, context.other_side(context.main))
    named = [p for p in candidates if p.iso3 in parties]
    if len(parties) == 1 and all(p.kind == "demonym" and _names_captives(text, p, rules) for p in named):
        # only the prisoners' nationality is named ("exchanged for Russian prisoners"): their
        # home side is one party, whoever holds them the other
        return Roles(context.other_side(parties[0]), parties[0])
    if len(parties) == 1:
        others = [p.iso3 for p in candidates if p.iso3 != parties[0]]
        return Roles(parties[0], others[0] if others else context.other_side(parties[0]))
    return Roles(parties[0], parties[1])


# ------------------------------------------------------------------ text roles
# Who reported a figure and where an event happened live in attribution.py and locations.py;
# re-exported here for code that imports them from roles.
from sitrep.pipelines.extract.attribution import _clean_source, reported_by  # noqa: E402,F401
from sitrep.pipelines.extract.locations import location  # noqa: E402,F401
