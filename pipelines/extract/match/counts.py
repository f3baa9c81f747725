"""Count attachment: the number of people a trigger counts, read after it ("killing at least 24
people") or in its subject ("At least 27 people were killed"), with groups joined by "and"
added up."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from sitrep.pipelines.extract.match.mention import SlotValue, Trigger
from sitrep.pipelines.extract.match.people import after_captured_thing
from sitrep.pipelines.extract.rules import Rules
from sitrep.pipelines.normalize.numbers import Count, count_phrases

_PLURAL_NOUN_AFTER = r"(?-i:^\s+(?:[\w-]+\s+){0,2}?[a-z][\w-]*[^s\W]s\b(?=\s*(?:$|[.,;:)–—]|-\s|\s@plural_noun_follower\b)))"
# "shot and killed him", "wounded her in the leg": one person (not "her husband": a possessive)
# "the death of two Ukrainian military": the adjective is the head, so nothing noun-like follows it
_HEADLESS_PERSONNEL_AFTER = r"(?-i:^\s+(?:[A-Z][\w'’-]*\s+){0,2}@headless_personnel\b(?=\s*(?:$|[.,;:)–—]|-\s|\s@plural_noun_follower\b)))"
_SINGULAR_PRONOUN_AFTER = r"^\s+@singular_object_pronoun(?=\s*(?:$|[.,;:)(]|\s+@object_pronoun_follower\b))"
# "..., killing only themselves": the attackers died by their own attack (the gerund of a clause
# that follows the attack; "ordered to kill themselves" is an order, "killed themselves" a suicide)
_REFLEXIVE_AFTER = r"(?<![\w-])killing\s+(?:@reflexive_limiter\s+)?(?:(?P<plural>@plural_reflexive)|@singular_reflexive)\b(?!\s+up\b)"
_SENTENCE_END = re.compile(r"[.!?;]\s")
_APPOSITION = r"(?-i:,\s+@article?\s*(?:[\w-]+\s+){0,3}?@apposition_preposition\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s*){1,5})"
_ARTICLE_PERSON = r"(?<![\w-])(?:@person_count_determiner\s+(?:[\w'’-]+\s+){0,3}?@person|@personal_possessive\s+@kin_noun)\b"
_KIN_AFTER = r"^\s+@kin_noun\b(?!-)"
_LIST_COMMA = re.compile(r"^,\s*")
_UNIT_OF = re.compile(r"\s+of\s+", re.IGNORECASE)
# an aside in parentheses or between spaced dashes ("three workers - one from X and two from Y - were")
_PARENTHESIS = re.compile(r"\([^()]*\)|(?<=\s)[-–—](?=\s)[^-–—()]*?(?<=\s)[-–—](?=\s)")
_FROM_TO = re.compile(r"\bfrom\s+[\d,]+\s+to\s+[\"“]?", re.IGNORECASE)


def count_after(text: str, pos: int, rules: Rules, singular: bool, slot: str) -> SlotValue | None:
    """The count right after a trigger ("killing at least 24 people", "captured its pilot")."""
    if slot == "captured":
        pos = after_captured_thing(text, pos, rules)  # "captured the village of X and 40 soldiers"
    tail = text[pos:]
    filler = _words(rules).after_filler.match(tail)
    offset = pos + (filler.end() if filler else 0)
    counts = [c for c in count_phrases(text[offset : offset + 60], rules) if c.start == 0]
    if counts:
        c = counts[0]
        end = offset + c.end
        follow = text[end:]
        person = _followed_by_person(follow, rules)
        if _collective_follows(follow, rules):
            return SlotValue(None, None, None, offset, end, "vague")
        named = _words(rules).named_group_after.match(follow)
        if person is None and named:
            person = named.end()  # "killing 11 Fano", "5 Taliban", "three al Shabaab"
        plural = rules.pattern(_PLURAL_NOUN_AFTER).match(follow)
        if person is None and plural and not rules.words["not_people"].search(plural.group()):
            person = plural.end()  # an unlisted plural noun: "killed 2 brothers in ..."
        headless = rules.pattern(_HEADLESS_PERSONNEL_AFTER).match(follow)
        if person is None and headless:
            person = headless.end()
        lives = rules.pattern(r"^\s+@lives_noun\b").match(follow)
        if person is None and lives:
            person = lives.end()  # "claimed 30 lives since Monday"
        if person is not None or _words(rules).function_after.match(follow):
            np_end = end + (person or 0)
            value = _sum_following(text, offset, np_end, c, rules) if c.value is not None else None
            if value is not None:
                return SlotValue(value[0], value[1], value[2], offset, value[3], "number")
            return SlotValue(None, None, None, offset, np_end, "vague")
        return None
    reflexive = _reflexive_count(text, pos, rules)
    if reflexive is not None:
        return reflexive
    if singular:
        m = _words(rules).singular_after.match(tail)
        if m:
            # "killing a fighter and his mother": further victims joined to the first add up
            person = _followed_by_person(tail[m.end() :], rules)
            if person is not None:
                np_end = pos + m.end() + person
                total = _sum_following(text, pos + m.start(), np_end, Count(1, "exact", None, 0, 0, 0), rules)
                if total is not None and total[0] > 1:
                    return SlotValue(total[0], "exact", None, pos + m.start(), total[3], "number")
            return SlotValue(1, "exact", None, pos + m.start(), pos + m.end() + 30, "singular")
        # "captured its pilot" is one; "the killing of the man" refers back, "the death of his father" is no attack
        nominal = text[:pos].rstrip().lower().endswith(" of")
        m = rules.pattern(r"(?-i:^\s+@definite_determiner\s+(?:[\w-]+\s+){0,2}?(?P<noun>[a-z][\w-]+)\b(?=\s*(?:,|and\b)))").match(tail)
        if m and not nominal and _is_singular_person(m.group("noun"), rules) and slot in ("killed", "captured"):
            # "killed the chief and his wife", "the chief, his wife and their two sons": the
            # further victims joined to the first add up
            total = _sum_following(text, pos + m.start(), pos + m.end(), Count(1, "exact", None, 0, 0, 0), rules)
            if total is not None and total[0] > 1:
                return SlotValue(total[0], "exact", None, pos + m.start(), total[3], "number")
            return SlotValue(1, "exact", None, pos + m.start(), pos + m.end(), "singular")  # "killed the chief and fled"
        m = rules.pattern(r"(?-i:^\s+@definite_determiner\s+(?:[\w-]+\s+){0,2}?(?P<noun>[a-z][\w-]+)\b(?!\s+(?:of|and)\b))").match(tail)
        if m and not nominal and _is_singular_person(m.group("noun"), rules) and slot in ("killed", "captured"):
            return SlotValue(1, "exact", None, pos + m.start(), pos + m.end(), "singular")
        age = rules.pattern(r"(?-i:^\s+\d{1,3}-@age_noun\b(?!-))").match(tail)
        if age and not nominal and slot in ("killed", "injured", "captured"):
            # headline style, an age for the person: "Shelling kills 9-year-old", "kills 70-year-old woman"
            head = re.match(r"\s+(?P<head>[a-z][\w-]*)\b", tail[age.end() :])
            end = age.end() + (head.end() if head and _is_singular_person(head.group("head"), rules) else 0)
            return SlotValue(1, "exact", None, pos + age.start(), pos + end, "singular")
        m = re.match(r"^\s+(?:[A-Z][\w.-]*\s+){0,2}(?P<noun>[a-z][\w-]*)\b(?:\s+(?P<head>[a-z][\w-]*)\b)?", tail)
        if m and not nominal and slot in ("killed", "captured"):
            # headline style without an article: "Gunmen kill NISS officer"; a word may modify the
            # person noun that heads the phrase ("Bomb kills police officer", "kill army commander")
            if m.group("head") and not _words(rules).function_after.match(" " + m.group("noun")) and _is_singular_person(m.group("head"), rules):
                return SlotValue(1, "exact", None, pos + m.start(), pos + m.end(), "singular")
            if _is_singular_person(m.group("noun"), rules):
                return SlotValue(1, "exact", None, pos + m.start(), pos + m.end("noun"), "singular")
        m = rules.pattern(_SINGULAR_PRONOUN_AFTER).match(tail)
        if m and not nominal and slot in ("killed", "injured", "captured"):
            return SlotValue(1, "exact", None, pos + m.start(), pos + m.end(), "singular")  # "shot and killed him"
        if slot in ("killed", "captured") and not nominal:
            m = _words(rules).name_after.match(tail) or _singular_person_name(tail, rules)
            if m:
                # keep an apposition with the name: "X, leader of the Y Brigades"
                appos = rules.pattern(_APPOSITION).match(tail, m.end())
                return SlotValue(1, "exact", None, pos, pos + (appos.end() if appos else m.end()), "singular")
    return None


def _reflexive_count(text: str, pos: int, rules: Rules) -> SlotValue | None:
    """"Two bombers struck the gate, killing only themselves": the dead are the sentence's subject,
    counted by the number before its person noun; "killing only himself" is one."""
    start = max(0, pos - 12)
    m = rules.pattern(_REFLEXIVE_AFTER).search(text, start, pos + 40)
    if m is None or not (m.start() < pos <= m.start() + len("killing")):
        return None
    if not m.group("plural"):
        return SlotValue(1, "exact", None, m.start(), m.end(), "singular")
    sentence = max((e.end() for e in _SENTENCE_END.finditer(text, 0, m.start())), default=0)
    for c in count_phrases(text[sentence : m.start()], rules):
        if c.value is None:
            continue
        follow = text[sentence + c.end : m.start()]
        if (
            _followed_by_person(follow, rules) is not None or _words(rules).named_group_after.match(follow)
            or rules.pattern(r"^\s+(?:[\w-]+\s+){0,3}?@non_state_attacker\b").match(follow)  # "two suicide bombers"
        ):
            return SlotValue(c.value, c.qualifier, c.high, sentence + c.start, m.end(), "number")
        break
    return None


def _singular_person_name(tail: str, rules: Rules) -> re.Match | None:
    """"their German hostage Jurgen Kantner": one named person."""
    m = rules.pattern(
        r"(?-i:^\s+(?:@definite_determiner\s+)?(?:[A-Z][\w-]+\s+){0,2}(?P<noun>[a-z][\w-]+)\s+(?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+)*)"
    ).match(tail)
    if m and _is_singular_person(m.group("noun"), rules):
        return m
    return None


def _is_singular_person(word: str, rules: Rules) -> bool:
    w = word.lower()
    return (
        bool(rules.words["person"].fullmatch(word))
        and not w.endswith("s")
        and not w.endswith("men")
        and not rules.words["plural_without_s"].fullmatch(word)
    )


def _collective_follows(follow: str, rules: Rules) -> bool:
    """A collective noun right after a number ("three teams of", "two busloads"): the number
    counts groups, not people."""
    lead = len(follow) - len(follow.lstrip())
    return lead > 0 and rules.words["collective_nouns"].match(follow, lead) is not None


def _followed_by_person(follow: str, rules: Rules) -> int | None:
    """Length up to the end of a person noun within four words, or None."""
    if _collective_follows(follow, rules):
        return None
    window = follow[:80]
    hits = rules.words["person"].finditer(window)  # read lazily: only the first run of them counts
    first = next(hits, None)
    if first is not None:
        gap = window[: first.start()]
        if len(gap.split()) <= 4 and not rules.pattern(r"(?-i:[.;:!?]|\b@person_gap_breaker\b)").search(gap):
            end = first.end()
            # a person noun modifying the next ("two police reservists"): the head is the last
            for nxt in hits:
                if window[end : nxt.start()].strip():
                    break
                end = nxt.end()
            return end
    return None


def _sum_following(text: str, start: int, end: int, first: Count, rules: Rules) -> tuple[int, str, int | None, int] | None:
    """A count, plus any further groups joined to it by "and" ("five soldiers and two civilians"),
    or listed with commas before a last one joined by "and" ("three soldiers, two policemen and
    a civilian"; a counted group after a comma with no "and" to close the list is left out)."""
    total, qualifier, high = first.value, first.qualifier, first.high
    cursor = end
    joiner = _groups(rules).joiner
    listed: list[tuple[int, int]] = []  # (value, cursor) of groups after a comma, until an "and" closes the list
    committed = cursor
    while True:
        m = joiner.match(text[cursor:])
        if not m:
            # "killed 12 people, four children and three women": a list after people in
            # general breaks the total down; it adds nothing
            comma = _LIST_COMMA.match(text[cursor:]) if not rules.words["generic_people"].search(text[start:end]) else None
            nxt = [c for c in count_phrases(text[cursor + comma.end() : cursor + comma.end() + 40], rules) if c.start == 0 and c.value is not None] if comma else []
            if not nxt:
                # "killed a doctor, his wife and their daughter": after one person, one more
                # after a possessive (an apposition rarely opens with one: "Ivan, a farmer," is none)
                own = _owned_person(text, cursor + comma.end(), rules) if comma and first.value == 1 else None
                if own is None or _words(rules).new_clause.match(text[own:]):
                    break
                cursor = own
                listed.append((1, cursor))
                continue
            after_end = cursor + comma.end() + nxt[0].end
            person = _followed_by_person(text[after_end:], rules)
            if person is None or re.search(r"\bof\b", text[after_end : after_end + person]) or _words(rules).new_clause.match(text[after_end + person :]):
                break  # "killed five people, three of them children" names a part
            cursor = after_end + person
            listed.append((nxt[0].value, cursor))
            continue
        # "a mother and her three children": a possessive may stand before the joined count
        owner = rules.pattern(r"@third_person_possessive\s+(?=\S)").match(text[cursor + m.end() :])
        skip = m.end() + (owner.end() if owner else 0)
        nxt = [c for c in count_phrases(text[cursor + skip : cursor + skip + 40], rules) if c.start == 0 and c.value is not None]
        if not nxt:
            # one more person: "and a medic", "and his mother" (a possessive only before a singular noun)
            article = rules.pattern(r"^(?:@singular_determiner|(?P<own>@third_person_possessive))\b").match(text[cursor + m.end() :])
            follow = text[cursor + m.end() + article.end() :] if article else ""
            person = _followed_by_person(follow, rules) if article else None
            if person is not None and article.group("own") and not _is_singular_person(follow[:person].split()[-1], rules):
                person = None
            if person is None and article is not None and article.group("own"):
                kin = rules.pattern(_KIN_AFTER).match(follow)  # "and his grandmother": kin after a possessive
                person = kin.end() if kin else None
            if article is None or person is None:
                break
            if _words(rules).new_clause.match(follow[person:]):
                break  # "killed a farmer and a driver was wounded": the driver has his own verb
            total += 1 + sum(v for v, _ in listed)
            listed = []
            cursor = committed = cursor + m.end() + article.end() + person
            continue
        after_end = cursor + skip + nxt[0].end
        person = _followed_by_person(text[after_end:], rules)
        if person is None or _words(rules).new_clause.match(text[after_end + person :]):
            break
        total += nxt[0].value + sum(v for v, _ in listed)
        listed = []
        cursor = committed = after_end + person
    if listed:
        cursor = committed  # the comma groups no "and" closed are not part of the count
    return total, qualifier, high, cursor


def _owned_person(text: str, pos: int, rules: Rules) -> int | None:
    """The end of one person named after a possessive at `pos` ("his wife", "their daughter",
    "her colleague"), or None."""
    own = rules.pattern(r"^@third_person_possessive\b").match(text[pos : pos + 8])
    if own is None:
        return None
    follow = text[pos + own.end() : pos + own.end() + 90]
    person = _followed_by_person(follow, rules)
    if person is not None and _is_singular_person(follow[:person].split()[-1], rules):
        return pos + own.end() + person
    kin = rules.pattern(_KIN_AFTER).match(follow)
    return pos + own.end() + kin.end() if kin else None


@dataclass(frozen=True)
class _GroupPatterns:
    """Patterns built from the part_of_group, group_joiner and finite_auxiliary lexicons (lexicons.toml)."""

    part_of: re.Pattern  # a count right after "including" names a part of the group
    aside: re.Pattern  # a part named inside the subject, between the count and its verb
    joiner: re.Pattern  # what joins a further group to a counted one ("and", "in addition to")
    part_word: re.Pattern


@lru_cache(maxsize=8)
def _group_patterns(part: str, joiner: str, aux: str) -> _GroupPatterns:
    return _GroupPatterns(
        part_of=re.compile(rf"\b{part}\s+(?:\w+\s+){{0,2}}$", re.IGNORECASE),
        # ", including a medic,"  "(including two attackers)"  "including two clerics and four women, were"
        aside=re.compile(
            rf",\s*(?:[\w-]+\s+)?{part}\b[^,]*,|\(\s*{part}\b[^()]*\)|(?:,\s*|\s+){part}\s+[^,;:()]*?(?=,?\s+{aux}\b)",
            re.IGNORECASE,
        ),
        joiner=re.compile(rf"^(?:,\s*|\s+)(?:{joiner})\s+", re.IGNORECASE),
        part_word=re.compile(rf"\b{part}\b", re.IGNORECASE),
    )


def _groups(rules: Rules) -> _GroupPatterns:
    return _group_patterns(rules.alternations["part_of_group"], rules.alternations["group_joiner"], rules.alternations["finite_auxiliary"])


@dataclass(frozen=True)
class _WordPatterns:
    """Patterns built from the lexicons named in _LEXICONS (lexicons.toml)."""

    singular_after: re.Pattern  # "killing a guard", not "killing a number of guards"
    plural: re.Pattern  # a plural verb (not an infinitive "to have") or a plural pronoun
    clause_verb: re.Pattern  # the words before "and" already hold the group's verb
    named_group_after: re.Pattern  # "killing 11 Fano", "5 Taliban", "three al Shabaab"
    new_clause: re.Pattern  # a finite auxiliary right after a joined group: its own clause
    quantity: re.Pattern  # one quantity noun ("number", "handful")
    name_after: re.Pattern  # a personal name after a trigger ("killed Abu Bakr al-Baghdadi")
    gap_forbidden: re.Pattern  # what cannot stand between a subject's count and its trigger
    coordinated_participle: re.Pattern  # "kidnapped and" before the trigger: one auxiliary serves both
    function_after: re.Pattern  # what may follow a count and end its group ("four in the market")
    after_filler: re.Pattern  # what stands between a trigger and its count ("has now reached")
    singular_aux: re.Pattern  # a singular auxiliary right before the trigger ("a farmer was later")


_LEXICONS = (
    "plural_verb", "plural_pronoun", "clause_verb", "quantity_noun", "name_article", "finite_auxiliary",
    "name_particle", "gap_breaker", "irregular_participle", "count_follower", "count_filler",
    "singular_auxiliary", "auxiliary_adverb", "singular_determiner", "list_conjunction", "named_group_follower",
    "name_follower", "count_determiner", "number_word", "total_verb_stem", "at_bound", "estimate_preposition",
    "hedge_infinitive",
)


@lru_cache(maxsize=8)
def _word_patterns(
    plural_verb: str, plural_pronoun: str, clause_verb: str, quantity: str, article: str, aux: str,
    particle: str, breaker: str, participle: str, follower: str, filler: str, singular_aux: str,
    aux_adverb: str, singular_determiner: str, conjunction: str, group_follower: str, name_follower: str,
    count_determiner: str, number_word: str, total_verb: str, at_bound: str, estimate_preposition: str,
    hedge: str,
) -> _WordPatterns:
    return _WordPatterns(
        singular_after=re.compile(rf"^\s+(?:of\s+)?{singular_determiner}\s+(?!{quantity}\b)", re.IGNORECASE),
        plural=re.compile(rf"(?<!to\s)\b{plural_verb}\b|\b{plural_pronoun}\b", re.IGNORECASE),
        clause_verb=re.compile(rf"\b{clause_verb}\b", re.IGNORECASE),
        named_group_after=re.compile(
            rf"^\s+(?:{article}\s+(?=[A-Z]))?(?:[A-Z][\w'’-]+\s*){{1,3}}(?=$|[.,;:)]|\s+{group_follower}\b)"
        ),
        new_clause=re.compile(rf"^\s+(?:\w+ly\s+)?{aux}\b", re.IGNORECASE),
        quantity=re.compile(quantity, re.IGNORECASE),
        name_after=re.compile(
            rf"^\s+[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|{particle}(?:-[A-Z][\w'’-]*)?)){{1,5}}"
            rf"(?=\s*(?:[,.;]|$|\s{name_follower}\b))"
        ),
        # ("Two civilians said killed", "were said to have been killed": a hedge, not a new clause)
        gap_forbidden=re.compile(rf"\d|\b{breaker}\b|\bsaid\b(?!\s+(?:{hedge}\s+)?$)", re.IGNORECASE),
        coordinated_participle=re.compile(rf"(?<=\s)(?:[a-z]+(?:ed|en)|{participle})\s+{conjunction}\s+$"),
        # matched as written (lower case), as before the words moved to lexicons.toml
        function_after=re.compile(rf"^[\s\"“”‘’']*(?:$|[.,;:!?)(\]–—-]|(?:{follower}|\+)\b)"),
        # each filler a whole word; "at" not of "at least", a determiner only before a number word,
        # "estimated" only before "at"/"to", "among"/"in" a phrase that a verb of a total ends
        after_filler=re.compile(
            rf"^[\s,“”\"‘’']*(?:(?:{filler}|at(?!\s+{at_bound}\b)|"
            rf"{count_determiner}(?=\s+(?:\d+|{number_word}|\w+teen)\b)|"
            rf"estimated(?=\s+{estimate_preposition})|"
            rf"among\s+[\w’'-]+(?:\s+[\w’'-]+){{0,3}}\s+(?={total_verb})|"
            rf"in\s+[\w’'-]+(?:\s+[\w’'-]+)?\s+(?={total_verb}))[\s,“”\"‘’']+){{0,5}}"
        ),
        singular_aux=re.compile(
            rf"\b(?:{singular_aux}|to\s+have\s+(?:\w+ly\s+)?been)\s+(?:\w+ly\s+|{aux_adverb}\s+)*$", re.IGNORECASE
        ),
    )


def _words(rules: Rules) -> _WordPatterns:
    """The patterns of `rules`' lexicons, built once per Rules (asked for many times a sentence)."""
    words = rules.built.get("count_words")
    if words is None:
        words = rules.built["count_words"] = _word_patterns(*(rules.alternations[name] for name in _LEXICONS))
    return words  # type: ignore[return-value]


def count_before(text: str, pos: int, floor: int, rules: Rules, singular: bool) -> SlotValue | None:
    """The count in the subject of a trigger ("At least 27 people were killed", "300 dead").

    Groups joined by "and" or commas in one subject add up ("three soldiers and a policeman").
    """
    # a parenthesis inside the subject is an aside: "11 people (most of them off duty) were
    # killed"; blanked to spaces, so offsets still point into the text
    window = _PARENTHESIS.sub(lambda m: " " * len(m.group()), text[floor:pos])
    # so is an apposition that says what one of them is ("1 civilian, a member of the council,
    # and his 2 bodyguards"): a person noun with "of", between commas, names no one more
    if re.search(r",\s*an?\s", window, re.IGNORECASE):
        window = _apposition(rules).sub(lambda m: " " * len(m.group()), window)
        window = _restating_apposition(window, rules)
    other = rules.pattern(r"\b@second_clause_conjunction\s+@one_more\s+(?:@one_more_clause_auxiliary\s+)?$").search(window)
    if other:
        # "two officers were killed and another was kidnapped": the other is one
        return SlotValue(1, "exact", None, floor + other.start(), pos, "singular")
    # a group named inside an aside is a part of the total: "20 people, including three
    # soldiers and a policeman, were killed" counts 20
    groups = _groups(rules)
    asides = [m.span() for m in groups.aside.finditer(window)]
    phrases = count_phrases(window, rules)
    # a count in the complement of a clause that modifies the subject counts deeds, not the
    # subject: "two men accused of several murders were shot dead" counts the men
    complement = rules.pattern(r"\b@deed_complement\s+$")
    counts = [
        c
        for c in phrases + _article_counts(window, rules, phrases)
        if not groups.part_of.search(window[: c.start]) and not any(a <= c.start < b for a, b in asides)
        and not complement.search(window[: c.start])
    ]
    counts.sort(key=lambda c: c.start)
    chosen: list[Count] = []
    for c in reversed(counts):
        # an aside naming part of the group does not break the subject:
        # "Eleven Palestinians, including a medic, are killed"
        gap = groups.aside.sub(",", window[c.end :])
        if not chosen:
            if _words(rules).gap_forbidden.search(gap) or not _subject_gap(gap, rules):
                continue
            chosen.append(c)
        else:
            between = window[c.end : chosen[-1].start]
            relative = rules.pattern(r"(?-i:\b@relative_pronoun\b)").search(window[chosen[-1].start :])
            if (
                c.value is not None and chosen[-1].value is not None and not relative and _joined_groups(between, rules)
                and not _after_verb(text, floor + c.start, rules)
            ):
                chosen.append(c)
            else:
                break
    if chosen:
        chosen.reverse()
        first = chosen[0]
        if any(c.value is None for c in chosen):
            return SlotValue(None, None, None, floor + first.start, pos, "vague")
        total = sum(c.value for c in chosen)  # type: ignore[misc]
        named = _named_person_joined(window[: first.start], rules)
        if named is not None:
            # "journalist Ann Lee and two colleagues were abducted": the named one counts too
            return SlotValue(total + 1, first.qualifier, None, floor + named, pos, "number")
        return SlotValue(total, first.qualifier, first.high if len(chosen) == 1 else None, floor + first.start, pos, "number")
    if rules.pattern(r"\b@one_more\s+(?:@one_more_auxiliary\s+)?$").search(window):
        return SlotValue(1, "exact", None, floor, pos, "singular")
    bare = re.sub(r"[\"“”‘’]", "", window)  # 'is "seriously injured"'
    # "was kidnapped and killed": the auxiliary serves both participles
    bare = _words(rules).coordinated_participle.sub("", bare)
    if singular and _words(rules).singular_aux.search(bare) and not _words(rules).plural.search(bare[-40:]) and not _plural_subject(bare, rules):
        return SlotValue(1, "exact", None, floor, pos, "singular")
    if singular and rules.pattern(r"(?-i:\b@being_conjunction\s+being\s+$)").search(text[max(0, floor - 14) : pos]):
        # "X is killed after being abducted": the main clause's subject, singular or plural
        main = text[max(0, floor - 80) : floor]
        if rules.pattern(r"(?-i:\b@singular_copula\b)").search(main) and not _words(rules).plural.search(main):
            return SlotValue(1, "exact", None, floor, pos, "singular")
    if singular:
        # "The guard was killed", "the guard later died": adverbs of a later death may stand between
        m = rules.pattern(
            r"(?:^|[\s,;:“\"‘])(?P<noun>[A-Za-z][\w'’.-]*)\s+(?:(?:@singular_subject_filler|@later_adverb)\s+){0,2}$"
        ).search(window)
        if m and (_is_singular_person(m.group("noun"), rules) or _ends_with_name(window)):
            return SlotValue(1, "exact", None, floor, pos, "singular")
    return None


def _restating_apposition(window: str, rules: Rules) -> str:
    """`window` with the appositions that say who a counted group's people were blanked: "1
    civilian, a tribal elder, was killed", "two civilians, a teacher and a nurse, were killed"
    name no one more. Not a list that goes on ("a teacher, a nurse, and a driver"), nor one
    after a group with no number ("a teacher, a nurse, ...")."""
    apposition = rules.pattern(
        r",\s*@indefinite_article\s+(?:[\w'’-]+\s+){0,2}?@person"
        r"(?:\s+and\s+(?:@indefinite_article\s+)?(?:[\w'’-]+\s+){0,2}?@person)*\s*,(?!\s*(?:and|or)\b)"
    )
    counted = rules.pattern(r"\b(?:\d[\d,]*|@number_word|\w+teen)\s+(?:[\w'’-]+\s+){0,2}?@person\s*$")
    for m in reversed(list(apposition.finditer(window))):
        if counted.search(window, 0, m.start()):
            window = window[: m.start()] + "," + " " * (len(m.group()) - 1) + window[m.end() :]
    return window


def _apposition(rules: Rules) -> re.Pattern:
    return rules.pattern(r",\s*@indefinite_article\s+(?:[\w'’-]+\s+){0,2}?@person\s+of\s+[^,;()]*,")


def _after_verb(text: str, start: int, rules: Rules) -> bool:
    """A group right after a verb is its object ("killed a farmer and a teenager was hurt"),
    not part of the next verb's subject."""
    before = text[max(0, start - 30) : start].split()
    # a casualty verb, not an auxiliary: "there were two soldiers and a civilian killed" adds up
    return bool(before) and any(rules.words[name].fullmatch(before[-1]) for name in ("killed_word", "injured_word"))




def _named_person_joined(before: str, rules: Rules) -> int | None:
    """Where a titled, named person joined by "and" to the counted group starts ("journalist
    Ann Lee and"), or None: a one-word title from the person list, then the name."""
    m = re.search(r"(?P<title>\b[\w-]+)\s+(?:[A-Z][\w'’-]+\s+){1,3}and\s+$", before)
    if m and _is_singular_person(m.group("title"), rules):
        return m.start()
    return None


def _plural_subject(window: str, rules: Rules) -> bool:
    """A plural person noun right before a singular auxiliary ("members of the unit, one of whom was")."""
    m = rules.pattern(r"(?-i:(?P<noun>[A-Za-z][\w'’-]*)\s+(?:who\s+)?@singular_be_form\s+(?:\w+ly\s+|also\s+)*$)").search(window)
    if not m:
        return False
    noun = m.group("noun")
    return bool(rules.words["person"].fullmatch(noun)) and not _is_singular_person(noun, rules)


def _subject_gap(gap: str, rules: Rules) -> bool:
    """Words between a count and its trigger that can belong to one subject.

    Short gaps ("300 North Korean soldiers have been") pass when they name people or only
    hold auxiliaries; a long gap passes when a person noun follows the count at once
    ("Twelve engineers from the state water company ... are abducted").
    """
    words = gap.split()
    if len(words) <= 8:
        return _gap_is_people(gap, rules)
    # a second verb ("... soldiers, and released a video of the wounded") ends the subject
    if len(words) > 16 or re.search(r"[;:]|,\s*and\b|\band\s+\w{3,}ed\b", gap):
        return False
    return bool(rules.words["person"].search(" ".join(words[:4])))


def _ends_with_name(window: str) -> bool:
    """A personal name right before the trigger ("Oleksiy Stryzhak killed")."""
    m = re.search(r"(?:^|[\s,;:])(?P<a>[A-Z][a-z][\w'’-]*)\s+(?P<b>[A-Z][a-z][\w'’-]*)\s+$", window)
    if not m:
        return False
    before = window[: m.start()].strip()
    # a name starts the clause; "in Kherson Oblast killed" is a place
    return before == "" or bool(re.search(r"(?:\.|\d|y\.o\.|[,;:])$", before))


def _gap_is_people(gap: str, rules: Rules) -> bool:
    """The words between a number and its trigger name people (or nothing that contradicts it)."""
    aux = _word_set(rules.lexicons["subject_filler"])
    partitive = re.match(rf"\s*{rules.alternations['victim_partitive']}\b", gap, re.IGNORECASE)
    if partitive:
        # "two of the injured later died": part of a group already hurt counts people
        return not re.search(r"[^\W\d_]", " ".join(w for w in gap[partitive.end() :].split() if w.lower() not in aux))
    if any(_is_head(gap, m.end(), aux) for m in rules.words["not_people"].finditer(gap)):
        return False  # "14 tanks were", not "six cattle thieves were"
    if rules.words["person"].search(gap):
        return True
    # a part of a group named after "of the" is counted as the group would be: "shot four of
    # the looters dead" as "shot four looters dead"
    gap = rules.pattern(r"^\s*of\s+@definite_determiner\b").sub("", gap, count=1)
    stripped = [w.strip("\"“”‘’',()[]") for w in gap.split()]
    particle = _word_set(rules.lexicons["name_particle"])
    # a particle inside a name is part of it: "six al Shabaab suspects"
    stripped = [w for i, w in enumerate(stripped) if not (w.lower() in particle and stripped[i + 1 : i + 2] and stripped[i + 1][:1].isupper())]
    nouns = [w for w in stripped if w and w.lower() not in aux and not w[:1].isupper()]
    # one unknown noun right after the number, perhaps after names and one modifier ("5
    # activists dead", "one convict killed", "23 FARC dissidents are killed", "2 local
    # administrators were killed") names people
    if len(nouns) == 1 and nouns[0] in stripped[:3] and len(stripped) <= 5:
        return True
    if len(nouns) == 2 and stripped[:2] == nouns and nouns[1].lower().endswith("s") and len(stripped) <= 5:
        return True  # a modifier and a plural noun right after the number
    return not nouns


def _is_head(gap: str, end: int, aux: frozenset[str]) -> bool:
    """A noun ending at `end` heads its phrase unless exactly one more noun follows it right
    away, before only fillers ("14 tanks were" heads; "cattle" in "six cattle thieves were"
    only modifies)."""
    rest = [w.strip("\"“”‘’',()[]") for w in gap[end:].split()]
    content = [w for w in rest if w.lower() not in aux]
    return not (len(content) == 1 and rest[0] == content[0] and content[0].isalpha() and content[0].islower())


@lru_cache(maxsize=64)
def _word_set(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


def _joined_groups(between: str, rules: Rules) -> bool:
    """Text between two counted groups that joins them into one total ("two soldiers, a civilian and")."""
    # a possessive may open the joined group: "a civilian and his 2 bodyguards"
    m = rules.pattern(r"(?-i:(?:,\s*(?:@additive_conjunction\s+)?|\s+@additive_conjunction\s+)(?:@personal_possessive\s+)?$)").search(between)
    if not m:
        return False
    head = between[: m.start()]
    # a named group counts as people: "two VDP and one civilian", "three Fano and a farmer"
    named = bool(head.split()) and all(w[:1].isupper() for w in head.split())
    return (
        (bool(rules.words["person"].search(head)) or named)
        and len(head.split()) <= 5
        and not _words(rules).clause_verb.search(head)
        and not _groups(rules).part_word.search(head)
    )


def _article_counts(window: str, rules: Rules, phrases: list[Count]) -> list[Count]:
    """"a policeman", "an Israeli soldier": one person, as a Count."""
    pattern = rules.pattern(_ARTICLE_PERSON)
    quantity = _words(rules).quantity
    aux = _word_set(rules.lexicons["subject_filler"])
    out = []
    for m in pattern.finditer(window):
        words = m.group().split()
        noun = words[-1]
        following = window[m.end() :].split()[:1]
        if following and not following[0].endswith(("ing", "ed")) and not _is_head(window, m.end(), aux):
            continue  # the person noun only modifies the next one: "escorting a passenger bus were"
        if words[0].lower() in _word_set(rules.lexicons["personal_possessive"]) and not (
            _is_singular_person(noun, rules) or rules.words["kin_noun"].fullmatch(noun)
        ):
            continue  # "his 2 bodyguards" is counted by its number
        art_end = m.start() + len(words[0])
        if any(quantity.fullmatch(w) for w in words[1:-1]):
            # "a number of soldiers", "a handful of protesters": no figure ("a dozen" is one)
            if not any(c.start <= m.start() < c.end for c in phrases):
                out.append(Count(None, None, None, m.start(), art_end, m.start()))
            continue
        out.append(Count(1, "exact", None, m.start(), art_end, m.start()))
    return out


def troop_count(text: str, personnel_start: int, rules: Rules) -> Count | None:
    """The count written in front of a personnel noun ("an additional 200 troops"). A number
    before a unit noun (lexicon military_unit: "two battalions") counts units, not personnel:
    the count is the one of the personnel after "of" ("two battalions of 800 soldiers"), if any."""
    unit = rules.words["military_unit"].match(text, personnel_start)
    if unit is not None:
        of = _UNIT_OF.match(text, unit.end())
        crew = rules.words["personnel"].search(text, of.end(), of.end() + 40) if of else None
        if crew is None or rules.words["military_unit"].match(text, crew.start()):
            return None
        c = troop_count(text, crew.start(), rules)
        return c if c is not None and max(0, crew.start() - 60) + c.start >= of.end() else None
    window = text[max(0, personnel_start - 60) : personnel_start]
    for c in reversed(count_phrases(window, rules)):
        gap = window[c.end :]
        # only modifiers between number and noun: "200 U.S. troops", not "20 trains carrying personnel"
        if len(gap.split()) <= 3 and not rules.pattern(r"(?-i:[;:]|\b@troop_gap_breaker\b|\b\w+ing\b)").search(gap):
            return c
        break
    return None


def from_to_count(text: str, start: int, rules: Rules) -> Count | None:
    """The new size in "from 6,000 to about 10,000"."""
    m = _FROM_TO.search(text, start)
    if not m:
        return None
    cs = [c for c in count_phrases(text[m.end() : m.end() + 40], rules) if c.start == 0 and c.value is not None]
    return cs[0] if cs else None



def later_death_count(text: str, start: int, end: int, floor: int, earlier: list[Trigger], rules: Rules) -> tuple[SlotValue, int | None] | None:
    """The count of a death that followed an injury, where the death verb's own subject holds
    none: the subject of an injured participle right before it ("A guard wounded in the raid
    later died", "Five people were injured and later died"), or a singular pronoun when the
    death is said to follow the wounds ("He later died of his injuries").

    Returns the count and, where it is the injured participle's subject, where that subject
    starts (those injured are the dead, no further injury).
    """
    later = rules.alternations["later_adverb"]
    for o in reversed(earlier):
        if o.rule.spec.slot != "injured" or o.start < floor or o.end > start:
            continue
        between = text[o.end : start]
        joined = rules.pattern(r"(?-i:\b@verb_coordinator\b)").search(between)
        if joined:
            # "were injured and later died": one subject for both verbs, none of its own after "and"
            if not re.fullmatch(rf"\s*(?:{later}\s+)*", between[joined.end() :], re.IGNORECASE):
                break
            between = between[: joined.start()]
        if rules.pattern(r"[;:]|\d|\b@injury_clause_breaker\b").search(between):
            break
        subject = count_before(text, o.start, floor, rules, True)
        if subject is None or subject.value is None:
            break
        return replace(subject, np_end=start), subject.np_start
    window = text[floor:start]
    # the subject: a singular pronoun, or one person named by a singular noun ("Taxi driver was
    # caught in the fighting and died from the injuries")
    subject = rules.pattern(
        r"(?:^|[,;])\W*(?:\b@singular_pronoun|(?:@singular_subject_determiner\s+)?(?:[\w-]+\s+){0,2}?(?P<noun>[A-Za-z][\w-]*))"
        r"\s+(?:@injured_auxiliary\s+[\w-]+(?:\s+[\w,-]+){0,8}?\s+and\s+)?(?:@later_adverb\s+)*$"
    ).search(window)
    if subject and (subject.group("noun") is None or _is_singular_person(subject.group("noun"), rules)) and _wound_death(text, start, end, rules):
        return SlotValue(1, "exact", None, floor, start, "singular"), None
    return None


def _wound_death(text: str, start: int, end: int, rules: Rules) -> bool:
    """The death verb at start..end is said to follow injuries: an adverb of a later death
    before or after it, or what the person died of or where ("died of his wounds", "in hospital")."""
    later = rules.alternations["later_adverb"]
    if re.search(rf"\b{later}\s+$", text[max(0, start - 20) : start], re.IGNORECASE):
        return True
    return bool(rules.pattern(
        r"^\s+(?:@later_adverb\s+)?(?:@death_cause_preposition\s+(?:@definite_determiner\s+)?(?:[\w-]+\s+){0,2}@wound_death_cause\b"
        r"|@wound_death_cause\b|@later_adverb\b)"
    ).match(text[end : end + 60]))
