"""When a gazetteer hit is no country reference: a person's name ("Michael Jordan"), a sympathy
("pro-Russian"), a word in the wrong case ("turkey"), a direction ("East"); and the
"-led/-backed" modifier that makes a reference qualify another party."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitrep.pipelines.normalize.gazetteer.entries import Entry
from sitrep.pipelines.normalize.gazetteer.folding import fold

if TYPE_CHECKING:
    from sitrep.pipelines.extract.wordlists import WordLists


@dataclass(frozen=True)
class NameWords:
    """The word lists of the scan (seeds/lexicons/gazetteer.toml), the capitalised ones as written."""

    # beside an ambiguous name ("Michael Jordan", "Chad Smith") a capitalised word makes it a
    # person; these name institutions, so they do not
    institution: frozenset[str]
    function: frozenset[str]
    unit: frozenset[str]
    place: frozenset[str]
    # "led" in "Saudi-led coalition": a reference glued to a modifier qualifies another party
    modifier: re.Pattern
    # "pro-Russian", "anti-American": a sympathy, not the country
    pro_anti: re.Pattern


def name_words(lists: WordLists) -> NameWords:
    """The scan's word lists from gazetteer.toml's lists."""
    def as_written(name: str) -> frozenset[str]:
        return frozenset(lists.entries[name].words)

    suffixes = "|".join(re.escape(w) for w in lists.entries["modifier_suffix"].words)
    prefixes = "|".join(re.escape(v) for w in lists.entries["sympathy_prefix"].words for v in (w.lower(), w.capitalize(), w.upper()))
    return NameWords(
        institution=as_written("institution_word"),
        function=as_written("function_word"),
        unit=as_written("unit_word"),
        place=as_written("place_word"),
        modifier=re.compile(rf"-({suffixes})\b", re.IGNORECASE),
        pro_anti=re.compile(rf"(?<![\w-])(?:{prefixes})-$"),
    )


_NAME_AFTER = re.compile(r"[ \t]+([A-Z][a-z]+)\b(?![-'])")
_NAME_BEFORE = re.compile(r"(?<![\w'-])([A-Z][a-z]+)[ \t]+$")
_TITLE_WORD = re.compile(r"\b[^\W\d_]{4,}\b")


def is_title_case(text: str) -> bool:
    """Headlines in Title Case capitalise every word, so capitals say nothing there."""
    words = _TITLE_WORD.findall(text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)



def case_ok(entry: Entry, found: str, lenient: bool, words: NameWords) -> bool:
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
        if want[:1].isupper() and not got[:1].isupper() and not (i and want in words.unit):
            return False
    return True

def next_to_name(text: str, start: int, end: int, words: NameWords) -> bool:
    """A derived town name right beside another capitalised word is likely
    part of a person's name ("Marco Rubio", "Vladimir Putin", "George Bush")."""
    after = _NAME_AFTER.match(text, end)
    if after and after.group(1) not in words.institution and after.group(1) not in words.place:
        return True
    before = _NAME_BEFORE.search(text, max(0, start - 30), start)
    if before:
        word = before.group(1)
        if word in words.institution or word in words.function or word in words.place:
            return False
        head = text[: before.start(1)].rstrip()
        sentence_start = not head or head[-1] in ".!?:;\"'(\n"
        return not sentence_start or not word.endswith(("ing", "ed", "ly"))
    return False

def looks_like_person(text: str, start: int, end: int, words: NameWords) -> bool:
    after = re.match(r"\s+([A-Z][\w'-]*)", text[end:])
    if after and after.group(1) not in words.institution:
        return True
    before = re.search(r"([A-Z][\w'-]*)(,?)\s+$", text[max(0, start - 40) : start])
    if before:
        word, comma = before.group(1), before.group(2)
        # "Atlanta, Georgia" is a US state; "Michael Jordan" a person. A
        # capitalised word right after a sentence end does not count.
        head = text[: start - len(before.group(0))].rstrip()
        sentence_start = not head or head[-1] in ".!?:;\"'(\n"
        if word in words.institution or word in words.function:
            return False
        if comma or not sentence_start:
            return True
        # Sentence-initial: "Visiting Jordan" is a place, "Michael Jordan" a
        # person; without a lexicon, verb and adverb endings tell them apart.
        return not word.endswith(("ing", "ed", "ly"))
    return False


# Region names made of compass points and common words ("East", "Centre",
# "North-West", "Littoral") name a direction far more often than a region.
_GENERIC_NAME = re.compile(
    r"^(?:(?:north|south|east|west|northern|southern|eastern|western|central|centre|center|upper|lower|middle|"
    r"coast|coastal|littoral|lakes?|rivers?|islands?|capital|plateau|highlands?|lowlands?|mountains?|delta|"
    r"region|province|state|district|valley|bay|sea|red|white|black|blue|green|new|great|greater)[\s-]*)+$"
)


def is_generic_name(k: str) -> bool:
    return bool(_GENERIC_NAME.match(k))


