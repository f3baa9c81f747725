"""Event dates: explicit, relative, reported, and the note opening date."""
from __future__ import annotations

from datetime import date

import pytest
from sitrep.pipelines.extract.wordlists import load_wordlists
from sitrep.pipelines.normalize.dates import (
    date_words,
    event_date,
    load_named_dates,
    named_dates_path,
    note_date,
    reference_date,
)
from sitrep.pipelines.settings import REPO_ROOT

WED = date(2025, 3, 12)  # a Wednesday
NAMED = load_named_dates(named_dates_path(REPO_ROOT / "seeds"))
WORDS = date_words(load_wordlists(REPO_ROOT / "seeds", "dates"))


@pytest.mark.parametrize(
    ("sentence", "published", "context", "expected"),
    [
        # explicit calendar dates, with and without a year
        ("Militants stormed the base on 3 March 2025, killing nine guards.", WED, None, date(2025, 3, 3)),
        ("The convoy was hit on March 3, 2025 near the border.", WED, None, date(2025, 3, 3)),
        ("Twelve fighters surrendered on the 2nd of March.", WED, None, date(2025, 3, 2)),
        ("Rebels seized 40 villagers on Sept. 28, 2024.", WED, None, date(2024, 9, 28)),
        ("An airstrike on 2024-11-05 killed four.", WED, None, date(2024, 11, 5)),
        ("The ambush on February 27th left six soldiers dead.", WED, None, date(2025, 2, 27)),
        # a day and month later in the year than publication is last year's
        ("Gunmen abducted 14 workers on December 30.", date(2025, 1, 4), None, date(2024, 12, 30)),
        # relative days
        ("Two soldiers were killed yesterday in the east.", WED, None, date(2025, 3, 11)),
        ("Drones hit the depot last night, injuring three.", WED, None, date(2025, 3, 11)),
        ("Troops arrived in the capital today.", WED, None, WED),
        ("The hostages were seized three days ago.", WED, None, date(2025, 3, 9)),
        ("The reporter, kidnapped 6 days ago, was found dead.", WED, None, date(2025, 3, 6)),
        # "yesterday's attack" is the attack of yesterday; "yesterday's statement" a report
        ("Yesterday's drone strike killed four guards.", WED, None, date(2025, 3, 11)),
        ("Yesterday's statement put the dead at nine.", WED, None, None),
        # weekdays: most recent on or before publication, the same day included
        ("Shelling on Monday killed five civilians.", WED, None, date(2025, 3, 10)),
        ("A soldier died in the trenches on Wednesday.", WED, None, WED),
        ("Last Wednesday an attack killed two.", WED, None, date(2025, 3, 5)),
        ("Police said an attack on Friday night killed two.", WED, None, date(2025, 3, 7)),
        ("A Saturday raid freed 11 hostages.", WED, None, date(2025, 3, 8)),
        # named events keep their own year
        ("She was taken hostage in the October 7 attacks.", date(2025, 6, 1), None, date(2023, 10, 7)),
        # report dates are not event dates
        ("Ten soldiers were killed, the governor said on Monday.", WED, None, None),
        ("Casualties reached 300, an official told reporters on Tuesday.", WED, None, None),
        ("The army has lost 900 men, the general staff reported on 2 March.", WED, None, None),
        ("On Tuesday, the ministry said 40 fighters had been captured.", WED, None, None),
        ("Two soldiers were killed on Monday, officials said.", WED, None, date(2025, 3, 10)),
        ("As reported on 4 March 2025, two militants were killed.", WED, None, None),
        ("Iran rejects yesterday's reports of a swap.", WED, None, None),
        # spans and deadlines
        ("Over 90 civilians have died since February 6.", WED, None, None),
        ("Strikes continued from 1 March to 5 March.", WED, None, None),
        # not dates
        ("Officials may deploy 15,000 troops.", WED, None, None),
        ("Hundreds gathered for Friday prayers before the troops deployed.", WED, None, None),
        ("The Sunday Times reported 30 deaths.", WED, None, None),
        ("The war began in March 2022.", WED, None, None),
        ("Fighting continued in the region.", WED, None, None),
        # future or unanchored
        ("The envoy is set to brief ministers in London on Monday about the 12 killed.", WED, None, None),
        ("A speech due on 21 April may justify the 30 arrests.", WED, None, None),
        ("See /world/strike-kills-9-2025-03-10/ for details.", WED, None, None),
        ("Both sides agreed to swap prisoners on March 20.", WED, None, None),
        ("Talks resume next Monday.", WED, None, None),
        ("Four were killed on Saturday.", None, None, None),
        ("Four were killed on 12 June.", None, None, None),
        # context date applies when the sentence has none of its own
        ("Three more soldiers died of their wounds.", None, date(2020, 3, 6), date(2020, 3, 6)),
        ("Three more soldiers died of their wounds.", WED, date(2025, 3, 1), date(2025, 3, 1)),
        ("Later, on 7 March 2025, two more were killed.", WED, date(2025, 3, 1), date(2025, 3, 7)),
        # a weekday next to a calendar date defers to it
        ("On Friday, February 28, 2025, gunmen killed 4.", WED, None, date(2025, 2, 28)),
        # the first usable date wins
        ("Aid resumed on Monday after 20 people were killed on 1 March 2025.", WED, None, date(2025, 3, 10)),
    ],
)
def test_event_date(sentence, published, context, expected):
    when, precision = event_date(sentence, published, context, named_dates=NAMED, words=WORDS)
    assert when == expected
    assert precision == ("day" if expected else None)


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        # the nearest date to the event's trigger wins
        ("Aid resumed on Monday after 20 people were killed on 1 March 2025.", "killed", date(2025, 3, 1)),
        ("Aid resumed on Monday after 20 people were killed on 1 March 2025.", "resumed", date(2025, 3, 10)),
        # a clause hung after the trigger dates its own event
        ("Fifty more troops arrive in the port, joining 50 that arrived yesterday.", "arrive", None),
        ("The army deploys after 12 villagers were killed on Sunday.", "deploys", None),
        ("The army deploys after 12 villagers were killed on Sunday.", "killed", date(2025, 3, 9)),
        # the trigger inside the relative clause keeps its date
        ("Police found the reporter, who had been kidnapped three days ago.", "kidnapped", date(2025, 3, 9)),
        # a date before the trigger is not behind a clause
        ("On 3 March 2025, gunmen killed five farmers.", "killed", date(2025, 3, 3)),
        # a "when" clause tells the event's own circumstances, with its day
        ("Four people died when drones struck the depot on Tuesday.", "died", date(2025, 3, 11)),
        # a day owning the attack dates it, not the later day the toll rose; "from" it is no span
        ("The toll from Monday's missile strike on the port rose to 14 on Tuesday.", "toll", date(2025, 3, 10)),
        ("Medics said on Tuesday that the toll from Sunday's ambush had risen to 9.", "toll", date(2025, 3, 9)),
        ("Yesterday's ambush killed four guards, the army said on Wednesday.", "killed", date(2025, 3, 11)),
        # a day owning a report is still no event's day
        ("The toll from Monday's update rose to 14 on Tuesday.", "toll", date(2025, 3, 11)),
    ],
)
def test_event_date_with_trigger_anchor(sentence, trigger, expected):
    when, _ = event_date(sentence, WED, anchor=sentence.index(trigger), words=WORDS)
    assert when == expected


def test_coarse_dates_have_month_precision():
    assert event_date("The town fell in May 2024.", WED, coarse=True, words=WORDS) == (date(2024, 5, 1), "month")
    assert event_date("The town fell in May 2024.", WED, words=WORDS) == (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On 6 March 2020, 2 soldiers were killed in an ambush.", date(2020, 3, 6)),
        ("Movement of forces: On 2 December 2023, troops deployed to the port.", date(2023, 12, 2)),
        ("On Oct 20th 2019, police abducted a man.", date(2019, 10, 20)),
        ("On February 4, 2021, a trader was abducted.", date(2021, 2, 4)),
        ("As reported on 19 March 2020, 6 militants were killed.", None),
        ("Around 1 December 2023 (as reported), teachers protested.", None),
        # openings that still name the day of the event
        ("On or around 4 May 2022, gunmen raided a market.", date(2022, 5, 4)),
        ("Overnight on 9 June 2021, rebels shelled the camp.", date(2021, 6, 9)),
        ("On the night of 9 June 2021, rebels shelled the camp.", date(2021, 6, 9)),
        ("On 5 July, the government deployed troops.", None),
        ("Gunmen killed 3 people on 2 May 2021.", None),
        ("", None),
    ],
)
def test_note_date_reads_the_opening_only(text, expected):
    assert note_date(text, WORDS) == expected


@pytest.mark.parametrize(
    ("published", "title", "expected"),
    [
        (WED, "War update - 1 January 2025", WED),
        (None, "War update - 10 February 2025", date(2025, 2, 10)),
        (None, "Frontline report, March 3, 2024", date(2024, 3, 3)),
        (None, "Frontline report", None),
        (None, None, None),
    ],
)
def test_reference_date_prefers_publication_then_title(published, title, expected):
    assert reference_date(published, title) == expected


def test_every_day_count_word_is_a_number_text2num_reads():
    # date_words drops a word text2num cannot read; the seeds' list must hold none
    words = load_wordlists(REPO_ROOT / "seeds", "dates").words("day_count_word")
    assert set(WORDS.day_counts) >= words
    assert WORDS.day_counts["two"] == 2 and WORDS.day_counts["a"] == 1


def test_the_cheap_gate_lets_every_relative_day_phrase_through():
    # _may_hold_date skips a sentence before any list is tried: it must know every phrase
    from sitrep.pipelines.normalize.dates import _may_hold_date

    lists = load_wordlists(REPO_ROOT / "seeds", "dates")
    for name in ("relative_day", "day_owner", "same_day", "night_before", "days_ago"):
        for phrase in lists.entries[name].words:
            assert _may_hold_date(f"Rebels raided the camp {phrase}."), (name, phrase)


def test_named_dates_data_is_validated(tmp_path):
    bad = tmp_path / "named_dates.toml"
    bad.write_text('[[named]]\ndate = "not a date"\nphrases = ["x attack"]\n')
    with pytest.raises(ValueError, match=r"named_dates\.toml:2: field named\.0\.date"):
        load_named_dates(bad)


def test_named_dates_are_only_the_ones_given():
    sentence = "She was taken hostage in the October 7 attacks."
    assert event_date(sentence, date(2025, 6, 1), named_dates=NAMED, words=WORDS) == (date(2023, 10, 7), "day")
    # without the list it is a day and month like any other: the last 7 October before publication
    assert event_date(sentence, date(2025, 6, 1), words=WORDS) == (date(2024, 10, 7), "day")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The reporter was abducted in March 2021.", (date(2021, 3, 1), "month")),
        ("Rebels freed the hostages in March 2021, and on 4 April 2021 the army arrived.", (date(2021, 4, 4), "day")),
        ("It is the deadliest attack since the conflict began in May 2019.", (None, None)),
    ],
)
def test_month_precision_only_where_no_day_is_named(sentence, expected):
    assert event_date(sentence, date(2024, 1, 10), coarse=True, words=WORDS) == expected


def test_a_title_date_anchors_relative_days_but_not_weekdays():
    base = date(2025, 2, 10)
    assert event_date("Two soldiers were killed today.", None, relative_base=base, words=WORDS) == (base, "day")
    assert event_date("Two soldiers were killed yesterday.", None, relative_base=base, words=WORDS) == (date(2025, 2, 9), "day")
    assert event_date("Two soldiers were killed on Sunday.", None, relative_base=base, words=WORDS) == (None, None)
    assert event_date("Two soldiers were killed on 8 February.", None, relative_base=base, words=WORDS) == (None, None)


def test_context_date_given_as_a_callable_is_asked_only_when_needed():
    asked = []

    def context():
        asked.append(1)
        return date(2025, 3, 1)

    assert event_date("Two soldiers were killed yesterday.", WED, context, words=WORDS) == (date(2025, 3, 11), "day")
    assert asked == []
    assert event_date("Two soldiers were killed.", WED, context, words=WORDS) == (date(2025, 3, 1), "day")
    assert asked == [1]


@pytest.mark.parametrize(
    "expression",
    ["7 March 2024", "07 Sep 2019", "March 7, 2024", "Sept 30 2021", "29 February 2024", "1 Jan 1999",
     "1 March", "2 March", "March 1", "Feb. 28", "28 February.", "December 31", "November 2021",
     "today", "yesterday", "1 day ago", "9 days ago"],
)
@pytest.mark.parametrize("base", [date(2024, 3, 1), date(2000, 1, 1)])
def test_plain_day_reads_as_dateparser_does(expression, base):
    from sitrep.pipelines.normalize.dates import _parser, _plain_day

    parsed = _parser(base).get_date_data(expression)
    assert _plain_day(expression, base) == parsed.date_obj.date()


@pytest.mark.parametrize("expression", ["31 April 2024", "29 February 2023", "7 March, 2024", "10 days ago", "last week"])
def test_plain_day_leaves_the_rest_to_dateparser(expression):
    from sitrep.pipelines.normalize.dates import _plain_day

    assert _plain_day(expression, date(2024, 3, 1)) is None
