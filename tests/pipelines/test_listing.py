from datetime import date

import pytest
from sitrep.pipelines.listing import event_listing
from sitrep.pipelines.warehouse import query

from tests.support.marts import CASUALTIES, DOCS, OTHERS, write_lake


@pytest.fixture(scope="module")
def lake(tmp_path_factory):
    path = tmp_path_factory.mktemp("lake")
    write_lake(path, DOCS, CASUALTIES + OTHERS)
    return path


def ids(result):
    i = result.columns.index("evidence")
    return [r[i] for r in result.rows]


def test_listing_filters_by_type_country_day_and_text(lake):
    assert len(event_listing(lake, limit=None).rows) == len(CASUALTIES + OTHERS)
    caps = event_listing(lake, event_type="capture")
    assert {r[caps.columns.index("event_type")] for r in caps.rows} == {"capture"}
    assert len(caps.rows) == 3
    est = event_listing(lake, country="est")
    assert len(est.rows) == 3
    recent = event_listing(lake, since=date(2025, 1, 12), limit=None)
    assert {r[recent.columns.index("day")] for r in recent.rows} == {date(2025, 1, 12), date(2025, 1, 15)}
    assert ids(event_listing(lake, contains="KHARKIV")) == [
        "Shelling in Kharkiv killed five soldiers and injured eight.",
        "Five soldiers were killed and eight injured in Kharkiv.",
    ]


def test_listing_is_newest_first_and_limited(lake):
    listed = event_listing(lake, limit=2)
    days = [r[listed.columns.index("day")] for r in listed.rows]
    assert days == [date(2025, 1, 15), date(2025, 1, 15)]


def test_listing_carries_the_source_link(lake):
    listed = event_listing(lake, contains="Sumy")
    row = dict(zip(listed.columns, listed.rows[0], strict=True))
    assert (row["source"], row["url"]) == ("Wire A", "https://example.org/b")


def test_user_text_is_a_parameter_not_sql(lake):
    hostile = "x'); drop view events; --"
    assert event_listing(lake, contains=hostile).rows == []
    assert query(lake, "select count(*) from events").rows == [(len(CASUALTIES + OTHERS),)]


def test_query_params_fill_placeholders(lake):
    assert query(lake, "select count(*) from events where event_type = ?", ["capture"]).rows == [(3,)]
    assert query(lake, "select $n::int + 1", {"n": 41}).rows == [(42,)]


def test_unknown_type_is_refused(lake):
    with pytest.raises(ValueError, match="unknown event type"):
        event_listing(lake, event_type="battle")
