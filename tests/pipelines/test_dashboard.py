import json
import re
from datetime import date

import pytest
from sitrep.pipelines.dashboard import (
    CHART_IDS,
    PRECISION_MARKERS,
    bucket_start,
    dashboard_data,
    dashboard_html,
    time_bucket,
    write_dashboard,
)
from sitrep.pipelines.settings import Settings
from sitrep.pipelines.warehouse import build_views, query
from sitrep.pipelines.world_outline import read_rings, world_topology

from tests.support.hostile import HOSTILE_DOCS, HOSTILE_EVENTS
from tests.support.marts import CASUALTIES, DOCS, OTHERS, doc, event, write_lake


@pytest.fixture(scope="module")
def lake(tmp_path_factory):
    path = tmp_path_factory.mktemp("lake")
    write_lake(path, DOCS, CASUALTIES + OTHERS)
    return path


def figures_of(page: str) -> dict:
    blob = re.search(r'<script type="application/json" id="sitrep-figures">(.*?)</script>', page, re.S).group(1)
    return json.loads(blob.replace("<\\/", "</"))


def test_page_is_self_contained(lake):
    page = dashboard_html(dashboard_data(lake))
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page), "no external scripts, styles or images"
    assert "window.PlotlyGeoAssets" in page and "world_110m" in page  # plotly never fetches its topojson
    assert "plotly.js v" in page  # the library itself is inlined
    assert set(figures_of(page)) == set(CHART_IDS)


def test_page_escapes_evidence_and_links_sources(tmp_path):
    hostile = 'Two soldiers were killed </script><script>alert(1)</script> near "X".'
    write_lake(tmp_path, [doc("a", "Wire <A>", date(2025, 1, 1))],
               [event("e", "a", "casualty_report", hostile, date(2025, 1, 1), killed=2, target_country="UKR")])
    page = dashboard_html(dashboard_data(tmp_path))
    assert "<script>alert(1)" not in page
    assert "Two soldiers were killed &lt;/script&gt;&lt;script&gt;alert(1)" in page
    assert '<a href="https://example.org/a" rel="noopener noreferrer" target="_blank">Wire &lt;A&gt;</a>' in page


def test_casualty_chart_shows_incident_sums_and_claims_apart(lake):
    casualties = figures_of(dashboard_html(dashboard_data(lake)))["casualties"]["data"]
    by_name = {t["name"]: t for t in casualties}
    assert by_name["UKR: incidents, killed to date"]["y"] == [0, 5, 8, 8]
    assert sorted(by_name["UKR: cumulative claims"]["y"]) == [300, 320, 1000]


def test_map_and_table_hold_every_located_event_and_every_row(tmp_path):
    rows = [dict(r) for r in CASUALTIES]
    rows[0].update(latitude=49.99, longitude=36.23)
    write_lake(tmp_path, DOCS, rows)
    data = dashboard_data(tmp_path)
    assert len(data["located"]) == 1 and len(data["events"]) == len(rows)
    page = dashboard_html(data)
    map_traces = figures_of(page)["map"]["data"]
    assert [(t["lat"], t["lon"]) for t in map_traces] == [([49.99], [36.23])]
    assert page.count("<tr data-type=") == len(rows)


def test_dashboard_of_an_empty_lake_still_renders(tmp_path):
    build_views(tmp_path, Settings().sql_dir)
    built = write_dashboard(tmp_path)
    assert built.path == tmp_path / "dashboard.html" and built.events == 0
    assert "No cumulative claims yet" in built.path.read_text(encoding="utf-8")


def test_table_is_capped_and_says_so(lake):
    page = dashboard_html(dashboard_data(lake, max_rows=3))
    assert page.count("<tr data-type=") == 3
    assert f"the newest 3 of {len(CASUALTIES + OTHERS)}" in page


@pytest.mark.parametrize(
    ("first", "last", "unit"),
    [("2025-01-01", "2025-02-15", "day"), ("2025-01-01", "2025-10-01", "week"), ("2014-01-01", "2026-01-01", "month")],
)
def test_bars_are_grouped_by_a_period_that_fits_the_span(first, last, unit):
    assert time_bucket([date.fromisoformat(first), None, date.fromisoformat(last)])[0] == unit


def test_bucket_start_is_the_monday_or_the_first_of_the_month():
    assert bucket_start(date(2025, 1, 16), "week") == date(2025, 1, 13)
    assert bucket_start(date(2025, 1, 16), "month") == date(2025, 1, 1)


def test_world_outline_comes_from_the_package_and_fits_plotly():
    topology = world_topology()
    assert set(topology["objects"]) == {"land", "coastlines", "countries"}
    assert len(topology["objects"]["land"]["geometries"]) > 100
    assert len(topology["objects"]["countries"]["geometries"]) > 100
    rings = read_rings("gshhs")
    assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for _, ring in rings for lon, lat in ring)


def strings_in(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings_in(value)


def test_every_string_plotly_renders_from_the_lake_is_escaped(tmp_path):
    write_lake(tmp_path, HOSTILE_DOCS, HOSTILE_EVENTS)
    figs = figures_of(dashboard_html(dashboard_data(tmp_path)))
    texts = [t for fig in figs.values() for t in strings_in(fig["data"])]
    assert not [t for t in texts if "evil.example" in t and "<a" in t]
    assert not [t for t in texts if "<b>bold" in t or "<b>UKR" in t or "<img" in t]
    shown = " ".join(texts)
    assert "&lt;b&gt;bold&lt;/b&gt;&lt;br&gt;cut" in shown and "&lt;b&gt;UKR&lt;/b&gt;" in shown
    # Content never becomes part of a hover template, where "%{y}" would be filled in.
    templates = [t["hovertemplate"] for fig in figs.values() for t in fig["data"] if "hovertemplate" in t]
    assert templates and not [t for t in templates if "evil" in t or "&lt;" in t or "Wire" in t]


def test_every_country_keeps_one_colour_and_no_two_share_one():
    from sitrep.pipelines.dashboard import country_colours

    countries = [f"C{i:02d}" for i in range(60)]
    colours = country_colours(countries)
    assert len({colours[c] for c in countries}) == len(countries)
    assert country_colours(countries) == colours


def test_a_country_has_the_same_colour_in_the_casualty_and_capture_charts(tmp_path):
    events = CASUALTIES + OTHERS + [
        event("cap9", "a", "capture", "Ukraine captured four Russian soldiers near Sumy.", date(2025, 1, 10),
              captured=4, actor_country="UKR", target_country="RUS", location="Sumy"),
    ]
    write_lake(tmp_path, DOCS, events)
    figs = figures_of(dashboard_html(dashboard_data(tmp_path)))
    casualty = {t["name"]: t for t in figs["casualties"]["data"]}
    captures = {t["name"]: t for t in figs["captures"]["data"]}
    assert casualty["RUS: incidents, killed to date"]["line"]["color"] == captures["captives: RUS"]["marker"]["color"]
    assert casualty["UKR: incidents, killed to date"]["line"]["color"] != casualty["RUS: incidents, killed to date"][
        "line"]["color"]


def test_count_axes_show_whole_numbers(lake):
    figs = figures_of(dashboard_html(dashboard_data(lake)))
    for chart in ("types", "captures", "exchanges", "coverage", "casualties"):
        axis = figs[chart]["layout"]["yaxis"]
        assert axis.get("tickformat") == ",d" or axis.get("type") == "log", chart
    assert figs["exchanges"]["layout"]["yaxis"]["dtick"] == 1  # two mentions at most: no 0.5 ticks


def test_the_map_draws_each_point_by_its_recorded_precision_not_by_its_name(tmp_path):
    rows = [dict(r) for r in CASUALTIES[:4]]
    # the column decides, whatever the names say: "Kharkiv" geocoded to the region's middle is a ring
    rows[0].update(latitude=49.99, longitude=36.23, location="Kharkiv", location_admin1="Kharkiv",
                   location_country="UKR", location_precision="city")
    rows[1].update(latitude=49.50, longitude=36.50, location="Kharkiv", location_admin1="Kharkiv",
                   location_country="UKR", location_precision="admin1")
    rows[2].update(latitude=48.38, longitude=31.17, location="Ukraine", location_admin1=None, location_country="UKR",
                   location_precision="country")
    rows[3].update(latitude=47.10, longitude=37.55, location="Mariupol", location_admin1=None, location_country="UKR",
                   location_precision=None)  # a row written before the column existed
    write_lake(tmp_path, DOCS, rows)
    [trace] = figures_of(dashboard_html(dashboard_data(tmp_path)))["map"]["data"]
    drawn = dict(zip(trace["lat"], zip(trace["marker"]["symbol"], trace["marker"]["size"], strict=True), strict=True))
    assert drawn == {49.99: PRECISION_MARKERS["city"], 49.50: PRECISION_MARKERS["admin1"],
                     48.38: PRECISION_MARKERS["country"], 47.10: PRECISION_MARKERS[None]}
    assert len(set(PRECISION_MARKERS.values())) == len(PRECISION_MARKERS)  # four looks, none shared


def test_a_lake_written_before_location_precision_existed_still_draws_its_map(tmp_path, monkeypatch):
    import sitrep.pipelines.schemas as schemas

    older = schemas.EVENTS_SCHEMA.remove(schemas.EVENTS_SCHEMA.get_field_index("location_precision"))
    rows = [dict(r) for r in CASUALTIES[:1]]
    rows[0].update(latitude=49.99, longitude=36.23, location="Kharkiv", location_country="UKR")
    with monkeypatch.context() as older_version:  # the lake as the version before the column wrote it
        older_version.setitem(schemas.DATASETS, "events", older)
        write_lake(tmp_path, DOCS, rows)
    assert "location_precision" not in query(tmp_path, "select * from events limit 0").columns
    data = dashboard_data(tmp_path)
    assert [(r["latitude"], r["location_precision"]) for r in data["located"]] == [(49.99, None)]
    [trace] = figures_of(dashboard_html(data))["map"]["data"]
    assert list(zip(trace["marker"]["symbol"], trace["marker"]["size"], strict=True)) == [PRECISION_MARKERS[None]]
