"""When did the event of a sentence happen?

`event_date` finds date expressions with compiled regexes and parses only
those (dateparser for calendar dates and "N days ago"; weekdays by hand, see
`_weekday`), never `search_dates` over a whole sentence: that is 100x slower
and reads "may" as May. Only dates that name a day are returned, as gold does;
dates attached to a reporting verb ("said on Monday", "as reported on 5 May")
date the report, not the event, and are skipped.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from dateparser.date import DateDataParser
from pydantic import BaseModel, ConfigDict, Field
from sitrep.pipelines.normalize.text import lower_twin, twin_of
from sitrep.pipelines.seedfile import load_seed
from text_to_num import text2num

if TYPE_CHECKING:
    from sitrep.pipelines.extract.wordlists import WordLists

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
# every spelling of a month the expressions use, full or shortened, and its number
_MONTH_NUMBERS = {
    **{name: n for n, name in enumerate(MONTH_NAMES, 1)},
    **{name[:3]: n for n, name in enumerate(MONTH_NAMES, 1)},
    "Sept": 9,
}
# longest first, so a full name is tried before the abbreviation that starts it
_MONTH = "(?:" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Month names must be capitalised ("may" is a verb); the day must not run into
# more digits ("May 15,000" is a count, "March 2020" a month).
_CALENDAR = re.compile(
    rf"(?P<dmy>\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?)(?![\w])"
    rf"|(?P<mdy>\b{_MONTH}\s+{_DAY}(?![\d,]\d)(?:(?:,\s*|\s+){_YEAR})?)(?![\w])"
    # ISO dates inside URLs and slugs ("/story-2026-02-10/") date the page.
    rf"|(?<![/\w-])(?P<iso>{_YEAR}-[01]\d-[0-3]\d)(?![/\w-])"
)
_NIGHT_RANGE = re.compile(
    rf"(?:(?<=\bnight\sof\s)|(?<=\bnight\sfrom\s))(?P<d>{_DAY})\s*(?:-|–|to|into)\s*{_DAY}\s+(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?(?![\w])"
)
# a day counted from the day the sentence before gave ("the following day", "two days later"),
# or back from it ("killed the previous day", "two days earlier"), from the lists day_later,
# days_later, day_earlier, days_earlier; the phrases of day_earlier_at_end and
# days_earlier_at_end only where no other event's name follows ("the day before the vote" is
# another day); none where a phrase of not_day_count starts ("the day after tomorrow")
_CLAUSE_END = r"(?=\s*(?:[,.;:)]|$))"
_DAYS_LATER = (
    r"\b(?!{not_day_count})(?:{day_later}"
    r"|(?P<n>\d|{several})\s+{days_later}"
    r"|(?P<back>{day_earlier}|{day_earlier_at_end}" + _CLAUSE_END
    + r"|(?P<nb>\d|{several})\s+(?:{days_earlier}|{days_earlier_at_end}" + _CLAUSE_END + r")))\b"
)
# a day of the month alone ("killed on the 9th when police fired"): the latest such day on or
# before publication; not an ordinal of something else ("on the 3rd floor", "on the 5th day"):
# only at a clause's end or before a word of the list ordinal_day_follower ({follower})
_ORDINAL_DAY = (
    r"\bon\s+the\s+(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b"
    r"(?=\s*(?:[,.;:)]|$)|\s+{follower}\b)"
)
_MONTH_YEAR = re.compile(rf"\b(?:in\s+)?(?P<my>(?:early\s+|mid-|late\s+)?{_MONTH}\s+{_YEAR})\b")
# Days counted from publication, from the lists: relative_day ("the day before yesterday"),
# day_owner ("today", "yesterday"; read by dateparser), same_day ("tonight", "this morning"),
# night_before ("last night"), a count then days_ago ("3 days ago"); (?!...{day_report}) keeps a
# day_owner that owns a report or a meeting ("yesterday's briefing" dates no event).
_RELATIVE = (
    r"\b(?P<rel>{relative_day}|{day_owner}(?!['’]s\s+(?:\w+\s+)?{day_report})|{same_day}|{night_before}"
    r"|(?:\d{{1,2}}|{day_count})\s+{days_ago})\b"
)
# A weekday, with the word before it that _weekday reads ({prefix}: the lists weekday_before,
# weekday_ahead, weekday_this, day_part_adverb); a weekday followed by the name of a service or
# a title ({day_name_follower}) is skipped.
_WEEKDAY = (
    r"(?P<pre>\b(?i:{prefix})\s+)?"
    r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?P<post>\s+{day_name_follower}\b)?"
)
# Cheap gate: most sentences have no date at all.
_ANY = re.compile(
    r"\d|yesterday|today|tonight|night|morning|afternoon|evening|ago|day\b|" + "|".join(MONTH_NAMES),
    re.IGNORECASE,
)
# the same, lower-cased, for lower-cased text (text.lower_twin): a case-blind alternation tried
# at every character was ~15 us of a short sentence, the twin ~4
_ANY_LOWER = lower_twin(_ANY)

# Between a reporting word and the date only a listener or a name may stand ("told reporters
# on", "told Al Jazeera on"), not the event ("said an attack on"); the listeners are a word list
# (report_listener), a name is any capitalised word.
_NAME = r"[A-Z][\w.'’-]*"

# An ACLED-style note's opening date: a label ("Movement of forces:"), an opener of the list
# note_opener ({opener}), then a full date.
_NOTE_OPENING = (
    rf"^\s*(?:[A-Z][\w ]{{{{0,40}}}}:\s*)?{{opener}}\s+(?P<d>{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}|{_MONTH}\s+{_DAY},?\s+{_YEAR})\b"
)

# Tolerance for dates a little after publication: time zones and late edits.
_FUTURE_SLACK = timedelta(days=1)


class NamedDate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: dt.date
    phrases: list[str] = Field(min_length=1)


class NamedDatesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    named: list[NamedDate]


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    when: date | None
    precision: str


@dataclass(frozen=True)
class NamedDates:
    """Days known by a name ("Christmas Day 2024"): each phrase (lower case, single-spaced)
    with its day, and one regex finding any of them."""

    pattern: re.Pattern[str]
    days: dict[str, date]


NO_NAMED_DATES = NamedDates(re.compile(r"(?!)"), {})


@dataclass(frozen=True)
class DateWords:
    """The regexes that tell a date from the day of the event, built from the word lists of
    seeds/lexicons/dates.toml (date_words)."""

    report_before: re.Pattern[str]  # "said on", "told reporters on": ends just before a report's date
    report_after: re.Pattern[str]  # ", the ministry said": after a date opening the sentence
    report_next: re.Pattern[str]  # " said", " also announced": right after a date ("the army on Monday said")
    span_before: re.Pattern[str]  # "since", "until the": ends just before a span's edge
    span_between: re.Pattern[str]  # "between Monday and ": ends just before a span's other edge
    plan_before: re.Pattern[str]  # "is due", "will ... on": a plan up to 40 characters before
    background: re.Pattern[str]  # "since the war began": a background clause before a month
    subclause: re.Pattern[str]  # "after", "which": opens another event's clause
    time_clause: re.Pattern[str]  # "after", "before": opens a clause of another time before the trigger
    own_clause: re.Pattern[str]  # "which took place": a relative clause of the event's own time
    relative: re.Pattern[str]  # "yesterday", "3 days ago", not "yesterday's statement"
    same_day: frozenset[str]  # "tonight", "this morning": the day of publication itself
    night_before: frozenset[str]  # "last night": the day before publication
    weekday: re.Pattern[str]  # "last Friday", not "Friday prayers" or "the Sunday Times"
    weekday_before: frozenset[str]  # "last", "this past": the weekday of publication is a week back
    weekday_ahead: frozenset[str]  # "next", "coming": a weekday still to come, no event's day
    day_name_prefix: re.Pattern[str]  # "Good ", "Bloody ": ends just before a weekday that is a name
    owned_event: re.Pattern[str]  # "'s missile strike": after a day that owns an attack
    ordinal_day: re.Pattern[str]  # "on the 9th when", not "on the 3rd floor"
    relative_opener: re.Pattern[str]  # "who", "which": opens a relative clause on the subject
    as_reported: re.Pattern[str]  # "as reported", "(as reported)": near a date that is a report's
    opening: re.Pattern[str]  # "Late on ": all a sentence may hold before a date that opens it
    note_opening: re.Pattern[str]  # "On or about 3 May 2024": an ACLED-style note's opening date
    day_counts: dict[str, int]  # "a", "two": the words of a count of days, with their values
    days_later: re.Pattern[str]  # "the following day", "two days earlier": a day counted from another


def _number_value(word: str) -> int | None:
    try:
        return text2num(word, "en")
    except ValueError:
        return None


def date_words(lists: WordLists) -> DateWords:
    """The date regexes of the lists of seeds/lexicons/dates.toml (load_wordlists(seeds, "dates"))."""
    report, listener = lists.pattern("report_word"), lists.pattern("report_listener")
    part = lists.pattern("day_part_adverb")
    # the number words' values are text2num's (a word it cannot read counts nothing: a test holds
    # the list to numbers); an article counts one
    counts = {w: n for w in lists.words("day_count_word") if (n := _number_value(w)) is not None}
    counts |= dict.fromkeys(lists.words("day_count_article"), 1)
    count = "(?:" + "|".join(sorted(counts, key=len, reverse=True)) + ")"
    several = "(?:" + "|".join(sorted((w for w, n in counts.items() if n > 1), key=len, reverse=True)) + ")"
    weekday_prefix = "|".join(lists.pattern(k) for k in ("weekday_before", "weekday_ahead", "weekday_this", "day_part_adverb"))
    return DateWords(
        # the listeners are matched as written: only the reporting words ignore case
        report_before=re.compile(
            rf"\b(?i:{report})\b(?:\s+(?:{listener}|{_NAME})){{0,3}}\s+(?i:(?:{part}\s+)?(?:on\s+)?)$"
        ),
        report_after=re.compile(rf"^,?\s*(?:[\w'’-]+\s+){{0,4}}{report}\b", re.IGNORECASE),
        report_next=re.compile(rf"\s+(?:{lists.pattern('report_adverb')}\s+)?{report}\b", re.IGNORECASE),
        span_before=re.compile(rf"\b{lists.pattern('span_edge')}\s+(?:the\s+)?(?:{part}\s+)?$", re.IGNORECASE),
        span_between=re.compile(rf"\bbetween\s+(?:the\s+)?(?:[\w’'.,-]+\s+){{1,4}}?and\s+(?:the\s+)?(?:{part}\s+)?$", re.IGNORECASE),
        plan_before=re.compile(rf"\b{lists.pattern('plan_word')}\b[^.;]{{0,40}}$", re.IGNORECASE),
        background=re.compile(rf"\b{lists.pattern('background_verb')}\b", re.IGNORECASE),
        # "when" opens the event's own circumstances ("were killed when forces shelled the town
        # on Tuesday"), not another event: it is not in the list
        subclause=re.compile(rf"\b{lists.pattern('subclause_opener')}\b", re.IGNORECASE),
        time_clause=re.compile(rf"\b{lists.pattern('time_clause_opener')}\b", re.IGNORECASE),
        own_clause=re.compile(rf"(?:that|which)\s+(?:had\s+|has\s+)?{lists.pattern('same_event_verb')}\b", re.IGNORECASE),
        relative=re.compile(
            _RELATIVE.format(
                day_count=count, **{k: lists.pattern(k) for k in (
                    "day_report", "relative_day", "day_owner", "same_day", "night_before", "days_ago",
                )},
            ),
            re.IGNORECASE,
        ),
        same_day=lists.words("same_day"),
        night_before=lists.words("night_before"),
        # services, titles and names of days are matched as written ("Mass", "the Sunday Times")
        weekday=re.compile(_WEEKDAY.format(prefix=weekday_prefix, day_name_follower=lists.pattern("day_name_follower"))),
        weekday_before=lists.words("weekday_before"),
        weekday_ahead=lists.words("weekday_ahead"),
        day_name_prefix=re.compile(rf"\b{lists.pattern('day_name_prefix')}\s+$"),
        owned_event=re.compile(rf"['’]s\s+(?:[\w-]+\s+){{0,2}}?{lists.pattern('day_event_noun')}\b", re.IGNORECASE),
        # the followers are matched as written: they are lower case, as the ordinal before them
        ordinal_day=re.compile(_ORDINAL_DAY.format(follower=lists.pattern("ordinal_day_follower"))),
        relative_opener=re.compile(rf"\b{lists.pattern('relative_opener')}\b", re.IGNORECASE),
        as_reported=re.compile(rf"\b{lists.pattern('as_reported')}\b", re.IGNORECASE),
        opening=re.compile(rf"\W*(?:{part}\s+)?(?:on\s+)?", re.IGNORECASE),
        # the openers are matched as written: a note opens with a capital
        note_opening=re.compile(_NOTE_OPENING.format(opener=lists.pattern("note_opener"))),
        day_counts=counts,
        days_later=re.compile(
            _DAYS_LATER.format(
                several=several, **{k: lists.pattern(k) for k in (
                    "not_day_count", "day_later", "days_later", "day_earlier", "day_earlier_at_end", "days_earlier",
                    "days_earlier_at_end",
                )},
            ),
            re.IGNORECASE,
        ),
    )


def named_dates_path(seeds_dir: Path) -> Path:
    return Path(seeds_dir) / "gazetteers" / "named_dates.toml"


def load_named_dates(path: Path) -> NamedDates:
    """seeds/gazetteers/named_dates.toml, validated: a bad file raises SeedError naming it."""
    data = load_seed(path, NamedDatesFile)
    table: dict[str, date] = {}
    for entry in data.named:
        for phrase in entry.phrases:
            table[" ".join(phrase.lower().split())] = entry.date
    alternatives = sorted(table, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alternatives)
    return NamedDates(re.compile(rf"\b(?:{body})\b", re.IGNORECASE), table)


@lru_cache(maxsize=2048)
def _parser(base: date) -> DateDataParser:
    # One parser per reference date: dateparser fixes settings at construction.
    return DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": dt.datetime(base.year, base.month, base.day), "PREFER_DATES_FROM": "past"},
    )


# Year-free parses need a base; this one is never used for the result when a
# year is written, so its value does not matter.
_ANY_BASE = date(2000, 1, 1)


@lru_cache(maxsize=8192)
def _parse(expression: str, base: date) -> date | None:
    quick = _plain_day(expression, base)
    if quick is not None:
        return quick
    result = _parser(base).get_date_data(expression)
    return result.date_obj.date() if result and result.date_obj else None


_PLAIN_DAY = re.compile(
    r"(?:(?P<d>[12]\d|3[01]|0?[1-9]) (?P<m>[A-Z][a-z]+)\.?|(?P<m2>[A-Z][a-z]+)\.? (?P<d2>[12]\d|3[01]|0?[1-9]))"
    rf"(?:(?<=\d),? (?P<y>{_YEAR})| (?P<y2>{_YEAR}))?"
)
_PLAIN_MONTH = re.compile(rf"(?P<m>[A-Z][a-z]+) (?P<y>{_YEAR})")
_DAYS_AGO = re.compile(r"(?P<n>[1-9]) days? ago")


def _plain_day(expression: str, base: date) -> date | None:
    """The day of the commonest expressions, as dateparser reads them but without it (a
    dateparser call costs about a millisecond): a day and month name, with a year ("7 March
    2024", "March 7, 2024") or without (the last such day on or before `base`, as dateparser's
    PREFER_DATES_FROM past has it), a month and year against a base on the 1st ("March 2024"),
    "today", "yesterday", "N days ago" (N < 10). None: ask dateparser (an impossible day such
    as 31 April included)."""
    m = _PLAIN_DAY.fullmatch(expression)
    if m:
        month = _MONTH_NUMBERS.get(m.group("m") or m.group("m2"))
        if month is None:
            return None
        day = int(m.group("d") or m.group("d2"))
        year = m.group("y") or m.group("y2")
        try:
            if year is not None:
                return date(int(year), month, day)
            this_year = date(base.year, month, day)
            return this_year if this_year <= base else date(base.year - 1, month, day)
        except ValueError:
            return None
    m = _PLAIN_MONTH.fullmatch(expression)
    if m:
        month = _MONTH_NUMBERS.get(m.group("m"))
        # dateparser takes the day of the month from the base
        return date(int(m.group("y")), month, 1) if month is not None and base.day == 1 else None
    if expression == "today":
        return base
    if expression == "yesterday":
        return base - timedelta(days=1)
    m = _DAYS_AGO.fullmatch(expression)
    return base - timedelta(days=int(m.group("n"))) if m else None


def _month_day(day: int, base: date) -> date | None:
    """The latest `day` of this month or the one before on or before `base` (the 9th, written on
    12 March: 9 March; on 3 March: 9 February; the 31st, on 10 May: none, April has 30 days)."""
    year, month = base.year, base.month
    for _ in range(2):
        try:
            when = date(year, month, day)
        except ValueError:  # the 31st of a 30-day month: the month before
            when = None
        if when is not None and when <= base:
            return when
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return None


def _clean(expression: str) -> str:
    s = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", expression)
    s = re.sub(r"\bof\s+", "", s)
    s = re.sub(r"\bSept\b", "Sep", s)
    return " ".join(s.split())


def _weekday(name: str, base: date, pre: str, words: DateWords) -> date | None:
    """The most recent `name` on or before `base`.

    Decided: the weekday of publication itself means that same day ("on
    Thursday" in a Thursday headline), unless the text says "last Thursday"
    (words.weekday_before). dateparser would return the week before; "next/coming
    Monday" (words.weekday_ahead) is future. "this", "early", "late" change nothing.
    """
    pre = " ".join(pre.lower().split())
    if pre in words.weekday_ahead:
        return None
    delta = (base.weekday() - _WEEKDAYS.index(name)) % 7
    if delta == 0 and pre in words.weekday_before:
        delta = 7
    return base - timedelta(days=delta)


def _is_report_date(sentence: str, start: int, end: int, words: DateWords) -> bool:
    before = sentence[max(0, start - 60) : start]
    if words.report_before.search(before) or words.as_reported.search(sentence[max(0, start - 20) : end + 16]):
        return True
    # "On Monday, the ministry said ...": only a date opening the sentence is
    # read with the verb after it; "killed on Monday, officials said" dates
    # the killing.
    if words.opening.fullmatch(sentence, 0, start):
        return bool(words.report_after.match(sentence[end : end + 60]))
    # "the army on Monday said ...": a reporting verb right after the date, no comma between
    return bool(words.report_next.match(sentence, end))


def _is_planned(sentence: str, start: int, words: DateWords) -> bool:
    # "is set to brief ... on Monday", "due on 21 April": a plan, not an event.
    return bool(words.plan_before.search(sentence[max(0, start - 60) : start]))


# "on the night from Monday to Tuesday": the night's first day is its date, no span's edge
_NIGHT_FROM = re.compile(r"\bnight\s+from\s+(?:the\s+)?$", re.IGNORECASE)


def _is_span_edge(sentence: str, start: int, words: DateWords) -> bool:
    before = sentence[max(0, start - 30) : start]
    if _NIGHT_FROM.search(before):
        return False
    return bool(words.span_before.search(before) or words.span_between.search(sentence[max(0, start - 50) : start]))


def _ahead_this_year(when: date, base: date) -> bool:
    """A year-free date that dateparser pushed back a year but that falls
    within the coming two months is a future date, not last year's."""
    try:
        this_year = when.replace(year=base.year)
    except ValueError:  # 29 February
        return False
    return base + _FUTURE_SLACK < this_year <= base + timedelta(days=60)


def _future(when: date, base: date | None) -> bool:
    return base is not None and when > base + _FUTURE_SLACK


def _candidates(
    sentence: str, published_at: date | None, coarse: bool, relative_base: date | None, named: NamedDates,
    words: DateWords,
) -> list[_Found]:
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in named.pattern.finditer(sentence):
        found.append(_Found(m.start(), m.end(), named.days[" ".join(m.group().lower().split())], "day"))
        taken.append(m.span())
    for m in _NIGHT_RANGE.finditer(sentence):
        # "on the night of 6-7 May": the night begins on its first day
        year = m.group("y")
        expr = f"{m.group('d')} {m.group('m')}" + (f" {year}" if year else "")
        when = _parse(_clean(expr), published_at or _ANY_BASE) if year or published_at else None
        found.append(_Found(m.start(), m.end(), when, "day"))
        taken.append(m.span())
    for m in _CALENDAR.finditer(sentence):
        if not free(*m.span()):
            continue
        expr = _clean(m.group())
        has_year = re.search(_YEAR + r"\b", m.group()) is not None
        if has_year:
            when = _parse(expr, published_at or _ANY_BASE)
        elif published_at is not None:
            when = _parse(expr, published_at)
            if when is not None and _ahead_this_year(when, published_at):
                when = None  # "will swap on March 20" written on 12 March
        else:
            when = None  # a day and month with nothing to anchor the year
        found.append(_Found(m.start(), m.end(), when, "day"))
        taken.append(m.span())
    base = published_at or relative_base
    if base is not None:
        for m in words.relative.finditer(sentence):
            if not free(*m.span()):
                continue
            expr = " ".join(m.group("rel").lower().split())
            if expr in words.same_day or expr in words.night_before:
                # The night before a morning paper is still the previous
                # evening's date; "last night" is yesterday.
                when = base - timedelta(days=1) if expr in words.night_before else base
            else:
                parts = expr.split()
                if parts[0] in words.day_counts:
                    expr = f"{words.day_counts[parts[0]]} {' '.join(parts[1:])}"
                when = _parse(expr, base)
            found.append(_Found(m.start(), m.end(), when, "day"))
            taken.append(m.span())
    for m in words.ordinal_day.finditer(sentence):
        if free(*m.span()):
            found.append(_Found(m.start(), m.end(), _month_day(int(m.group("d")), published_at) if published_at else None, "day"))
            taken.append(m.span())
    # weekdays only against publication: a date found in a title is not when the text was written;
    # without one a weekday is still found, as a day the text names but that cannot be resolved
    for m in words.weekday.finditer(sentence):
        s = m.start("wd")
        if not free(s, m.end("wd")) or m.group("post"):
            continue
        # "Good Friday", "Bloody Sunday": a name, not a day of this week.
        if words.day_name_prefix.search(sentence[max(0, s - 10) : s]):
            continue
        # "Friday, March 7": the calendar date says it all.
        if any(0 <= f.start - m.end("wd") <= 3 for f in found):
            continue
        when = _weekday(m.group("wd"), published_at, m.group("pre") or "", words) if published_at else None
        found.append(_Found(m.start(), m.end(), when, "day"))
        taken.append((m.start(), m.end()))
    if coarse:
        for m in _MONTH_YEAR.finditer(sentence):
            if free(*m.span()):
                when = _parse(_clean(re.sub(r"^(?:in\s+)?(?:early\s+|mid-|late\s+)?", "", m.group())), _ANY_BASE)
                found.append(_Found(m.start(), m.end(), when.replace(day=1) if when else None, "month"))
    return sorted(found, key=lambda f: f.start)


def _may_hold_date(sentence: str) -> bool:
    """Whether `sentence` holds anything a date expression needs (_ANY)."""
    regex, subject = twin_of(_ANY, _ANY_LOWER, sentence)
    return regex.search(subject) is not None


def event_date(
    sentence: str,
    published_at: date | None,
    context_date: date | Callable[[], date | None] | None = None,
    *,
    anchor: int | None = None,
    anchor_end: int | None = None,
    coarse: bool = False,
    relative_base: date | None = None,
    named_dates: NamedDates = NO_NAMED_DATES,
    words: DateWords,
) -> tuple[date | None, str | None]:
    """The day the event of `sentence` happened, with its precision.

    Date expressions that name a day count, unless they are report dates
    ("said on Monday"), the edge of a span ("since 7 December"), plans ("due
    on 21 April") or after publication. The first one wins; with `anchor` (the
    offset of the event's trigger word) the nearest one wins, and dates in a
    clause hung after the trigger ("arrive, joining 75 that arrived
    yesterday"; "deploys the army after 32 were killed on 29 July") are
    left to that clause's own event. With no date, `context_date` (an ACLED
    note's opening date, or a callable giving it, called only then) applies. `relative_base` (a full date in the title of
    a page without `published_at`) anchors "today", "yesterday", "N days ago",
    never a weekday or a day and month without a year. `coarse` also accepts "in March 2024" as
    month precision; gold dates only days. `named_dates` are the days known by a name
    (load_named_dates; none by default). `words` are the word lists that mark a date as a
    report's, a span's edge, a plan's or a background clause's (date_words).
    """
    if isinstance(published_at, dt.datetime):
        published_at = published_at.date()  # a timestamp's time of day plays no part
    if sentence and _may_hold_date(sentence):
        candidates = _candidates(sentence, published_at, coarse, relative_base, named_dates, words)
        named = [
            f
            for f in candidates
            if not _is_report_date(sentence, f.start, f.end, words)
            and not (_is_span_edge(sentence, f.start, words) and not words.owned_event.match(sentence, f.end))
            and not _is_planned(sentence, f.start, words)
            and not (anchor is not None and _after_subclause(sentence, anchor, f.start, words))
            and not (anchor is not None and _before_time_clause(sentence, anchor, f.end, words))
        ]
        usable = [
            f
            for f in named
            if f.when is not None
            and not _future(f.when, published_at)
            and not (f.precision == "month" and words.background.search(sentence[max(0, f.start - 40) : f.start]))
        ]
        if anchor is not None:
            # how far each date stands from the trigger word: from its end for a date after it
            # ("were executed on Wednesday"), from its start for one before
            end = anchor if anchor_end is None else anchor_end
            usable.sort(key=lambda f: f.start - end if f.start >= end else min(abs(f.start - anchor), abs(f.end - anchor)))
            # a date in a relative clause on the subject before the trigger ("rebels who seized the
            # town on Monday killed four soldiers on Wednesday") is that clause's, after any other
            usable.sort(key=lambda f: _in_relative_before(sentence, anchor, f, words))
        # "the toll from Tuesday's strike rose on Wednesday": the day owning the attack is its day
        usable.sort(key=lambda f: words.owned_event.match(sentence, f.end) is None)
        # A named day beats a month ("in March, ... on 5 March"), wherever it stands.
        usable = [f for f in usable if f.precision == "day"] or usable
        if usable:
            return usable[0].when, usable[0].precision
        if any(words.span_between.search(sentence[max(0, f.start - 50) : f.start]) for f in candidates):
            # "between February 2022 and December 2025": the sentence gives its own span, no day
            return None, None
        if any(f.when is None and f.precision == "day" for f in named):
            # the sentence names its own day ("on Sunday" with no publication date): not the
            # day an earlier sentence or the note's opening gave
            return None, None
    if callable(context_date):
        context_date = context_date()  # found only for sentences that need it
    if context_date is not None:
        later = words.days_later.search(sentence) if sentence else None
        if later is not None:
            # "died of their wounds the following day": a day counted from the one before
            n = later.group("n") or later.group("nb")
            days = int(n) if n and n.isdigit() else words.day_counts.get(n.lower(), 1) if n else 1
            back = later.group("back") is not None or later.group("nb") is not None
            when = context_date + dt.timedelta(days=-days if back else days)
            return (None, None) if _future(when, published_at) else (when, "day")
        return context_date, "day"
    return None, None


def _after_subclause(sentence: str, anchor: int, start: int, words: DateWords) -> bool:
    """A clause opener stands between the trigger and the date, other than a relative clause
    of the event's own time ("the ambush, which took place on Monday")."""
    if anchor >= start:
        return False
    return any(not words.own_clause.match(sentence, m.start()) for m in words.subclause.finditer(sentence, anchor, start))


def _in_relative_before(sentence: str, anchor: int, f: _Found, words: DateWords) -> bool:
    """The date stands in a relative clause opened before it ("who seized the town on Monday")
    that the trigger, after it, is outside of; not one of the event's own time ("which took
    place on Monday")."""
    if f.end > anchor:
        return False
    opener = None
    for m in words.relative_opener.finditer(sentence, max(0, f.start - 80), f.start):
        opener = m
    if opener is None or words.own_clause.match(sentence, opener.start()):
        return False
    return not re.search(r"[,;:]", sentence[opener.end() : f.start])


def _before_time_clause(sentence: str, anchor: int, end: int, words: DateWords) -> bool:
    """The trigger sits in a clause of another time opened after the date ("troops were deployed
    on Monday after rebels killed four soldiers"), one no comma closes before the trigger ("On
    Monday, after a night of shelling, rebels killed" is the main clause's own day)."""
    if end > anchor:
        return False
    return any("," not in sentence[m.end() : anchor] for m in words.time_clause.finditer(sentence, end, anchor))


def note_date(text: str, words: DateWords) -> date | None:
    """The opening date of an ACLED-style note ("On 1 December 2023, ..."), else None.

    "As reported on ..." openings give the report date, so they return None, as
    do openings without a year.
    """
    if not text:
        return None
    m = words.note_opening.match(text)
    if m is None:
        return None
    return _parse(_clean(m.group("d")), _ANY_BASE)


def reference_date(published_at: date | None, title: str | None) -> date | None:
    """The date relative expressions resolve against: publication, else a full date in the title.

    Crawled pages without metadata often carry their date in the title
    ("Russo-Ukraine War - 10 February 2025").
    """
    if published_at is not None:
        return published_at
    if not title:
        return None
    for m in _CALENDAR.finditer(title):
        if re.search(_YEAR + r"\b", m.group()):
            when = _parse(_clean(m.group()), _ANY_BASE)
            if when is not None:
                return when
    return None
