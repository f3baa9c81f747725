"""Event dates of rows in a document: a sentence's own day, else one the document gave before.

Every case is our own text.
"""
from __future__ import annotations

from datetime import date

from sitrep.pipelines.documents import Document
from sitrep.pipelines.extract import extract_events


def dates(resources, text: str, kind: str = "article", published: date | None = date(2025, 3, 12), title: str = "") -> list:
    doc = Document(doc_id="t", title=title, text=text, kind=kind, published_at=published)
    return [r["event_date"] for r in extract_events(doc, resources)]


def test_a_sentence_without_a_day_takes_the_day_stated_before_it(resources):
    text = (
        "On 3 February 2019, insurgents stormed an army base in the north. "
        "The fighting lasted for hours. They killed 12 soldiers and wounded 20 more."
    )
    assert dates(resources, text, published=None) == [date(2019, 2, 3)]


def test_a_sentence_with_its_own_day_keeps_it(resources):
    text = "Shelling on Monday hit the market. Two civilians were killed on Tuesday in a drone strike."
    assert dates(resources, text) == [date(2025, 3, 11)]


def test_a_report_date_before_is_not_the_event_day(resources):
    text = "The governor said on Monday that the situation was calm. Four soldiers were killed in an ambush."
    assert dates(resources, text) == [None]


def test_without_publication_a_weekday_gives_no_day(resources):
    text = "Militants attacked the village on Sunday. Six people were killed."
    assert dates(resources, text, published=None) == [None]


def test_a_page_without_publication_reads_today_against_its_title_date(resources):
    text = "Today, shelling killed four soldiers near the river. On Sunday, two more were killed."
    assert dates(resources, text, published=None, title="Frontline report - 10 February 2025") == [date(2025, 2, 10), None]


def test_a_relative_clause_of_the_event_s_own_time_dates_it(resources):
    # "which took place on Monday" tells when the event itself happened
    assert dates(resources, "Four soldiers died in the ambush near Varosk, which took place on Monday.") == [date(2025, 3, 10)]
    # a clause of another act keeps its day to itself
    assert dates(resources, "Four soldiers died in the ambush near Varosk, which rebels praised on Monday.") == [None]


def test_a_day_counted_from_the_day_before_moves_on_from_it(resources):
    text = "Six civilians were killed in Varosk on Monday. Two more died of their wounds the following day."
    assert dates(resources, text) == [date(2025, 3, 10), date(2025, 3, 11)]
    text = "Six civilians were killed in Varosk on Monday. Rebels captured four guards two days later near Orlo."
    assert dates(resources, text) == [date(2025, 3, 10), date(2025, 3, 12)]
    # with no day before, "the next day" dates nothing; nor a day after publication
    assert dates(resources, "Two more died of their wounds the following day.") == [None]
    text = "Six civilians were killed in Varosk on Tuesday. Two more died three days later."
    assert dates(resources, text) == [date(2025, 3, 11), None]
