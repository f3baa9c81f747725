"""When a gazetteer hit is no country reference: a person's name ("Michael Jordan"), a sympathy
("pro-Russian"), a word in the wrong case ("turkey"), a direction ("East"); and the
"-led/-backed" modifier that makes a reference qualify another party."""
from __future__ import annotations

import re

from sitrep.pipelines.normalize.gazetteer.entries import Entry
from sitrep.pipelines.normalize.gazetteer.folding import fold

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
# "led" in "Saudi-led coalition": a reference glued to a modifier qualifies another party
MODIFIER = re.compile(
    r"-(led|backed|run|based|allied|aligned|sponsored|funded|made|built|controlled|held|occupied|supported|"
    r"installed|owned|linked|affiliated|trained|brokered|mediated|bound|friendly|leaning|born)\b",
    re.IGNORECASE,
)
# "pro-Russian", "anti-American": a sympathy, not the country
PRO_ANTI = re.compile(r"(?<![\w-])(?:pro|anti|Pro|Anti|PRO|ANTI)-$")
_NAME_AFTER = re.compile(r"[ \t]+([A-Z][a-z]+)\b(?![-'])")
_NAME_BEFORE = re.compile(r"(?<![\w'-])([A-Z][a-z]+)[ \t]+$")
_TITLE_WORD = re.compile(r"\b[^\W\d_]{4,}\b")


def is_title_case(text: str) -> bool:
    """Headlines in Title Case capitalise every word, so capitals say nothing there."""
    words = _TITLE_WORD.findall(text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)



def case_ok(entry: Entry, found: str, lenient: bool) -> bool:
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

def next_to_name(text: str, start: int, end: int) -> bool:
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

def looks_like_person(text: str, start: int, end: int) -> bool:
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


# Region names made of compass points and common words ("East", "Centre",
# "North-West", "Littoral") name a direction far more often than a region.
_GENERIC_NAME = re.compile(
    r"^(?:(?:north|south|east|west|northern|southern|eastern|western|central|centre|center|upper|lower|middle|"
    r"coast|coastal|littoral|lakes?|rivers?|islands?|capital|plateau|highlands?|lowlands?|mountains?|delta|"
    r"region|province|state|district|valley|bay|sea|red|white|black|blue|green|new|great|greater)[\s-]*)+$"
)


def is_generic_name(k: str) -> bool:
    return bool(_GENERIC_NAME.match(k))


