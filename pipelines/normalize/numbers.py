"""Counts of people as stated in text: numbers, number words and their qualifiers.

`count_phrases(text, rules)` finds every quantity phrase ("at least 27", "more than a dozen",
"between 10 and 15", "dozens", "a") with its value and qualifier; the extractor decides
which phrase belongs to which event field. Number words are read with text2num; the
few numerals it does not know ("a dozen", "half a dozen") are here, the quantity idioms
("a couple of") and the qualifier cues ("at least", "about") are lexicons of
seeds/lexicons/lexicons.toml (`rules`: extract.rules.Rules, load_rules). Vague quantities
("dozens", "hundreds", "several"; lexicon vague_quantity) have value None.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from sitrep.pipelines.normalize.text import lower_twin, lowered, twin
from text_to_num import text2num

if TYPE_CHECKING:
    from sitrep.pipelines.extract.rules import Rules

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ("hundred", "thousand", "million", "billion")
_NUMBER_WORD = "|".join(sorted(_UNITS + _TENS + list(_SCALES), key=len, reverse=True))
_WORD_NUMBER = rf"(?:(?:{_NUMBER_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_NUMBER_WORD}))*)"
_DIGITS = r"(?:\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+(?!\d)|\d+(?:\.\d+)?)"
_SCALED_DIGITS = rf"(?:{_DIGITS}(?:\s+(?:million|thousand|billion))?)"

# Numerals text2num does not read.
_NUMERALS: dict[str, int] = {
    "a dozen": 12,
    "half a dozen": 6,
    "a hundred": 100,
    "a thousand": 1000,
    "a million": 1_000_000,
}
# The lexicons of quantity idioms, with the value each states (None: a vague quantity).
IDIOM_LEXICONS: dict[str, int | None] = {"pair_quantity": 2, "vague_quantity": None}
# The lexicons of qualifier cues in front of a number, by the qualifier each gives.
QUALIFIER_LEXICONS = {"at_least": "at_least_cue", "at_most": "at_most_cue", "approx": "approx_cue"}


_NUMBER = rf"(?:{_SCALED_DIGITS}|{_WORD_NUMBER}(?:\s+dozen)?|a\s+(?:dozen|hundred|thousand|million))"
# "between 10 and 15", "10 to 15", "10-15"
# "between 10 and 15", "10 to 15", "10-15" (a dash joins digits only: "seventy-eight" is one number)
_RANGE = (
    rf"(?:between\s+(?P<lo1>{_NUMBER})\s+and\s+(?P<hi1>{_NUMBER})"
    rf"|(?P<lo2>{_DIGITS})\s*(?:-|–)\s*(?P<hi2>{_DIGITS})"
    rf"|(?P<lo3>{_NUMBER})\s+to\s+(?P<hi3>{_NUMBER}))"
)


@dataclass(frozen=True)
class CountReader:
    """The count pattern of one set of lexicons, with the values of its idioms and the
    qualifier of each cue."""

    regex: re.Pattern
    idioms: dict[str, int | None]  # lower-cased, single spaces
    qualifiers: dict[str, str]  # cue (lower-cased, single spaces) -> qualifier
    # `regex` lower-cased, for lower-cased text (text.lower_twin): a big case-blind
    # alternation tried at every character is ~3x slower than its twin
    lower: re.Pattern | None = None


def count_reader(rules: Rules) -> CountReader:
    """The count pattern of `rules`' lexicons (built once per Rules, compiled once per list content)."""
    reader = rules.built.get("counts")
    if reader is None:
        lex = rules.lexicons
        reader = rules.built["counts"] = _count_reader(
            tuple((lex[name], value) for name, value in IDIOM_LEXICONS.items()),
            tuple((qualifier, lex[name]) for qualifier, name in QUALIFIER_LEXICONS.items()),
        )
    return reader  # type: ignore[return-value]


def _phrase(words: str) -> str:
    return " ".join(words.lower().split())


def _alternation(phrases) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True))


@lru_cache(maxsize=8)
def _count_reader(
    idiom_lists: tuple[tuple[tuple[str, ...], int | None], ...], cue_lists: tuple[tuple[str, tuple[str, ...]], ...],
) -> CountReader:
    idioms: dict[str, int | None] = dict(_NUMERALS)
    for words, value in idiom_lists:
        idioms.update({_phrase(w): value for w in words})
    qualifiers = {_phrase(cue): qualifier for qualifier, cues in cue_lists for cue in cues}
    regex = re.compile(
        rf"""
        (?<![\w$€£.,-])
        (?:(?P<cue>{_alternation(qualifiers)})\s+)?
        (?:
            (?P<range>{_RANGE})
          | (?P<number>{_NUMBER})
          | (?P<idiom>{_alternation(idioms)})
        )
        (?:-strong\b)?             # "a 10,000-strong force": the force's size
        (?![\w%$-]|,\d)           # not a part of a longer number ("10" of "10,000-")
        """,
        re.IGNORECASE | re.VERBOSE,
    )
    return CountReader(regex, idioms, qualifiers, lower_twin(regex))


@dataclass(frozen=True)
class Count:
    value: int | None  # None for vague quantities ("dozens")
    qualifier: str | None  # exact, approx, at_least, at_most, range; None when value is None
    high: int | None  # top of a range
    start: int
    end: int
    number_start: int  # where the number itself starts (after any qualifier cue)

    @property
    def vague(self) -> bool:
        return self.value is None


def parse_number(phrase: str, rules: Rules) -> int | None:
    """The integer a number phrase states ("2,700", "seventy-eight", "a dozen", "1.5 million")."""
    return _parse_number(phrase, count_reader(rules).idioms)


def _parse_number(phrase: str, idioms: dict[str, int | None]) -> int | None:
    p = " ".join(phrase.lower().replace("\u202f", " ").replace("\u00a0", " ").split())
    if p in idioms:
        return idioms[p]
    m = re.fullmatch(r"(\d[\d, ]*(?:\.\d+)?)(?:\s+(million|thousand|billion))?", p)
    if m:
        digits = m.group(1).replace(",", "").replace(" ", "")
        scale = {"million": 1_000_000, "thousand": 1000, "billion": 1_000_000_000}.get(m.group(2) or "", 1)
        try:
            return int(round(float(digits) * scale))
        except ValueError:
            return None
    if p.startswith("a "):
        p = "one " + p[2:]
    if p.endswith(" dozen"):  # "three dozen"
        base = _parse_number(p[: -len(" dozen")], idioms)
        return base * 12 if base is not None else None
    try:
        return int(text2num(p.replace("-", " "), "en"))
    except ValueError:
        return None


def count_phrases(text: str, rules: Rules) -> list[Count]:
    """Every quantity phrase of a text, left to right."""
    found = rules.built.get("count_phrases")
    if found is None:
        # once per Rules: the triggers of a sentence read the same windows again and again
        reader = count_reader(rules)
        found = rules.built["count_phrases"] = lru_cache(maxsize=4096)(lambda text: tuple(_count_phrases(text, reader)))
    return list(found(text))  # a list of its own: a caller may extend it


def _count_phrases(text: str, reader: CountReader) -> list[Count]:
    # The twin's groups are the lower-cased groups, which is all _count_from_match and
    # _is_not_a_count read of them; where lowered() maps a letter str.lower() would not
    # (İ, ı, ſ, K) the text is read as written.
    low = lowered(text) if reader.lower is not None else None
    if low is not None and not (text.isascii() or low == text.lower()):
        low = None
    regex, subject = twin(reader.regex, reader.lower, text, low)
    out = []
    for m in regex.finditer(subject):
        if _is_not_a_count(text, m):
            continue
        out.append(_count_from_match(m, reader))
    return out


def parse_count(phrase: str, rules: Rules) -> Count | None:
    """The count stated by a whole phrase such as "more than 3,000" or "between 5 and 7"."""
    reader = count_reader(rules)
    m = reader.regex.fullmatch(phrase.strip())
    return _count_from_match(m, reader) if m else None


def _count_from_match(m: re.Match, reader: CountReader) -> Count:
    cue = " ".join((m.group("cue") or "").lower().split())
    number_start = m.start("range") if m.group("range") else m.start("number") if m.group("number") else m.start("idiom")
    if m.group("range"):
        lo = _parse_number(m.group("lo1") or m.group("lo2") or m.group("lo3"), reader.idioms)
        hi = _parse_number(m.group("hi1") or m.group("hi2") or m.group("hi3"), reader.idioms)
        if lo is not None and hi is not None and lo < hi:
            return Count(lo, "range", hi, m.start(), m.end(), number_start)
        return Count(lo, reader.qualifiers.get(cue, "exact"), None, m.start(), m.end(), number_start)
    phrase = m.group("number") or m.group("idiom")
    value = _parse_number(phrase, reader.idioms)
    if value is None:
        return Count(None, None, None, m.start(), m.end(), number_start)
    qualifier = reader.qualifiers.get(cue, "exact")
    return Count(value, qualifier, None, m.start(), m.end(), number_start)


_YEAR = re.compile(r"(1[89]|20)\d\d")
# The day of a date ("On 30 November 2023", "November 30,"): a day of the month next to a
# month name. "May" and "March" are also words, so after a day they need a year or a stop.
_MONTH = (
    r"(?:january|february|april|june|july|august|september|october|november|december|"
    r"jan|feb|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_DAY_BEFORE_MONTH = re.compile(rf"\s+(?:(?:of\s+)?{_MONTH}\b|(?:of\s+)?(?:may|march)\b(?=,|\s+(?:1[89]|20)\d\d\b|\s*$|\.))", re.IGNORECASE)
_MONTH_BEFORE_DAY = re.compile(rf"\b(?:{_MONTH}|may|march)\s+$", re.IGNORECASE)


def _is_not_a_count(text: str, m: re.Match) -> bool:
    """Years, times, percentages, ordinals and the like look like numbers but count nobody."""
    phrase = m.group("number") or ""
    after = text[m.end() : m.end() + 12].lower()
    before = text[max(0, m.start() - 12) : m.start()].lower()
    if phrase and _YEAR.fullmatch(phrase) and not m.group("cue"):
        return True
    if phrase.isdigit() and 1 <= int(phrase) <= 31 and not m.group("cue"):
        if _DAY_BEFORE_MONTH.match(text, m.end()) or _MONTH_BEFORE_DAY.search(text[max(0, m.start() - 12) : m.start()]):
            return True
    if re.match(r"\s*(%|per\s*cent|percent|km|kilomet|mile|metre|meter|hours?|minutes?|days?|weeks?|months?|years?|am\b|pm\b|a\.m|p\.m|:\d)", after):
        return True
    if re.search(r"(\$|€|£|us\$|no\.|number|page|article|resolution|\d[:/])\s*$", before):
        return True
    return False
