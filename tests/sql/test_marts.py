"""The dashboard marts, built over a small lake written with the lake's own writer."""

import pytest
from sitrep.pipelines.lake import LakeRun
from sitrep.pipelines.settings import Settings
from sitrep.pipelines.warehouse import build_views, failed_checks, query

from tests.support.marts import CASUALTIES, DOCS, INCIDENT_RULES, OTHERS, SQL_DIR, D, doc, event, write_lake


@pytest.fixture(scope="module")
def lake(tmp_path_factory):
    path = tmp_path_factory.mktemp("lake")
    write_lake(path, DOCS, CASUALTIES + OTHERS)
    return path


def rows(lake, sql, params=None):
    result = query(lake, sql, params)
    return [dict(zip(result.columns, r, strict=True)) for r in result.rows]


def test_casualty_timeline_counts_each_incident_once_and_leaves_claims_out(lake):
    ukr = rows(lake, "select * from casualty_timeline where target_country = 'UKR' order by day")
    by_day = {r["day"].isoformat(): r for r in ukr}
    assert list(by_day) == ["2025-01-05", "2025-01-10", "2025-01-12", "2025-01-15"]
    assert (by_day["2025-01-10"]["incidents"], by_day["2025-01-10"]["incident_mentions"]) == (1, 2)
    assert (by_day["2025-01-10"]["incident_killed"], by_day["2025-01-10"]["incident_injured"]) == (5, 8)
    assert [r["incident_killed_to_date"] for r in ukr] == [0, 5, 8, 8]
    assert [r["claims"] for r in ukr] == [1, 0, 0, 2]
    assert by_day["2025-01-15"]["largest_claim_killed"] == 1000
    rus = rows(lake, "select incident_killed_to_date from casualty_timeline where target_country = 'RUS'")
    assert rus == [{"incident_killed_to_date": 2}]


def test_casualty_claims_keep_the_latest_claim_per_reporter_and_country(lake):
    claims = rows(lake, "select reported_by, as_of, killed, killed_low, reports from casualty_claims order by killed")
    assert claims == [
        {"reported_by": "Volodymyr Zelenskyy", "as_of": D("2025-01-15"), "killed": 320, "killed_low": 300,
         "reports": 2},
        {"reported_by": "the Kremlin", "as_of": D("2025-01-15"), "killed": 1000, "killed_low": 1000, "reports": 1},
    ]


@pytest.mark.parametrize(
    ("evidence", "kind"),
    [
        ("Russia has lost 43,000 soldiers since the start of the war.", "claim"),
        ("A total of 120 civilians have died in the region.", "claim"),
        ("To date, 57 journalists were killed.", "claim"),
        ("Two soldiers were killed in an ambush on Monday.", "incident"),
        ("Altogether 40 people have been killed in the strikes.", "claim"),
        ("Sincere condolences: four were killed.", "incident"),
        ("The civil war, which has killed over 400,000 people, drags into a new decade.", "claim"),
        ("Army spokesmen said they had killed 9,000 enemy fighters in March alone.", "claim"),
        ("Russia returns the bodies of 1,200 soldiers who were killed in action.", "incident"),
    ],
)
def test_a_cumulative_cue_makes_a_figure_a_claim(tmp_path, evidence, kind):
    write_lake(
        tmp_path,
        [doc("a", "Wire", D("2025-01-01"))],
        [event("e", "a", "casualty_report", evidence, D("2025-01-01"), killed=1, target_country="UKR")],
    )
    assert rows(tmp_path, "select figure_kind from classified_casualty_reports") == [{"figure_kind": kind}]


def test_deployment_timeline_keeps_the_largest_troop_figure_never_a_sum(lake):
    assert rows(lake, "select * from deployment_timeline") == [
        {"day": D("2025-01-10"), "actor_country": "FRA", "target_country": "EST", "mentions": 2, "documents": 2,
         "troops_largest": 400, "troops_latest": 400, "locations": "Estonia; Tapa"},
        {"day": D("2025-01-12"), "actor_country": "FRA", "target_country": "EST", "mentions": 1, "documents": 1,
         "troops_largest": None, "troops_latest": None, "locations": None},
    ]


def test_capture_timeline_counts_a_restated_capture_once(lake):
    assert rows(lake, "select day, captures, mentions, captured, captured_largest from capture_timeline") == [
        {"day": D("2025-01-10"), "captures": 2, "mentions": 3, "captured": 5, "captured_largest": 3},
    ]


def test_exchange_timeline_splits_stages(lake):
    got = rows(lake, "select day, stage, mentions, prisoners_offered_largest from exchange_timeline")
    assert got == [
        {"day": D("2025-01-05"), "stage": "offer", "mentions": 1, "prisoners_offered_largest": 2},
        {"day": D("2025-01-15"), "stage": "completed", "mentions": 2, "prisoners_offered_largest": 95},
    ]


def test_source_coverage_counts_documents_and_events_per_source_and_day(lake):
    got = rows(lake, "select source, day, documents, documents_with_events, events, casualty_reports from source_coverage")
    assert got == [
        {"source": "Wire B", "day": D("2025-01-05"), "documents": 1, "documents_with_events": 1, "events": 2,
         "casualty_reports": 1},
        {"source": "Wire A", "day": D("2025-01-10"), "documents": 1, "documents_with_events": 1, "events": 4,
         "casualty_reports": 2},
        {"source": "Wire A", "day": D("2025-01-12"), "documents": 1, "documents_with_events": 1, "events": 6,
         "casualty_reports": 2},
        {"source": "Wire B", "day": D("2025-01-15"), "documents": 2, "documents_with_events": 1, "events": 4,
         "casualty_reports": 2},
    ]


def test_mart_checks_pass_on_the_small_lake(lake):
    assert failed_checks(lake, SQL_DIR) == {}


def test_marts_are_empty_on_an_empty_lake(tmp_path):
    build_views(tmp_path, SQL_DIR)
    for view in ("casualty_timeline", "casualty_claims", "deployment_timeline", "capture_timeline",
                 "exchange_timeline", "source_coverage"):
        assert query(tmp_path, f"select count(*) from {view}").rows == [(0,)], view


def test_the_incidents_view_gives_the_library_s_incidents(lake):
    from sitrep.pipelines.incidents import build_incidents, incident_row
    from sitrep.pipelines.schemas import INCIDENTS_SCHEMA

    source = {d["doc_id"]: d["source"] for d in DOCS}
    mentions = [{**e, "source": source[e["doc_id"]]} for e in CASUALTIES + OTHERS]
    expected = sorted((incident_row(inc, INCIDENT_RULES) for inc in build_incidents(mentions, INCIDENT_RULES)),
                      key=lambda r: r["incident_id"])
    got = rows(lake, "select * from incidents order by incident_id")
    assert list(got[0]) == INCIDENTS_SCHEMA.names
    assert got == expected


def test_incidents_count_a_restated_event_once_with_every_outlet(lake):
    got = rows(lake, "select n_mentions, n_documents, n_sources, killed, injured, event_date from incidents "
                     "where event_type = 'casualty_report' and not is_claim and target_country = 'UKR' order by killed")
    assert got == [
        {"n_mentions": 1, "n_documents": 1, "n_sources": 1, "killed": 3, "injured": None, "event_date": None},
        {"n_mentions": 2, "n_documents": 2, "n_sources": 1, "killed": 5, "injured": 8, "event_date": D("2025-01-10")},
    ]


def test_every_event_row_names_its_incident_and_mention_views_join_on_it(lake):
    got = rows(lake, """
        select count(*) as mentions, count(distinct c.incident_id) as incidents
        from casualty_reports c join incidents i using (incident_id)
        where not i.is_claim and c.target_country = 'UKR'""")
    assert got == [{"mentions": 3, "incidents": 2}]


def test_casualty_figures_by_country_never_sums_restated_claims(tmp_path):
    docs = [doc(x, f"Wire {x}", D("2025-02-01")) for x in "abc"]
    claim = "The ministry said 1,200 soldiers have been killed since the war began."
    events = [
        event(f"c{x}", x, "casualty_report", claim, D("2025-02-01"), killed=1200, target_country="UKR",
              reported_by="the ministry")
        for x in "abc"
    ] + [
        event("i1", "a", "casualty_report", "Shelling killed 35 people in Sumy.", D("2025-02-01"), killed=35,
              target_country="UKR", location="Sumy", location_admin1="Sumy", location_country="UKR"),
        event("i2", "b", "casualty_report", "A strike on Sumy killed 35.", D("2025-02-01"), killed=35,
              target_country="UKR", location="Sumy", location_admin1="Sumy", location_country="UKR"),
    ]
    write_lake(tmp_path, docs, events)
    got = rows(tmp_path, "select figure_kind, incidents, mentions, killed from casualty_figures_by_country")
    assert got == [
        {"figure_kind": "claim", "incidents": 1, "mentions": 3, "killed": 1200},
        {"figure_kind": "incident", "incidents": 1, "mentions": 2, "killed": 35},
    ]
    assert rows(tmp_path, "select target_country, incidents, claims, mentions from daily_incident_counts") == [
        {"target_country": "UKR", "incidents": 1, "claims": 1, "mentions": 5}]


def test_the_bundled_sample_counts_one_incident_of_300_killed_and_one_claim(tmp_path, resources):
    from sitrep.pipelines.ingest import read_path
    from sitrep.pipelines.transform import extract_batch

    docs = list(read_path(Settings().seeds_dir / "samples" / "seed-nk-casualties-2025-01-13.txt"))
    tables = extract_batch(docs, resources, run_id="r")
    with LakeRun(tmp_path) as run:
        run.stage("documents", tables.documents)
        run.stage("events", tables.events)
        run.commit()
    build_views(tmp_path, SQL_DIR)
    prk = rows(tmp_path, "select incidents, incident_mentions, incident_killed_to_date, incident_injured_to_date, "
                         "claims from casualty_timeline where target_country = 'PRK'")
    # The quote that one soldier was shot dead is an incident of its own; the 300 killed restated
    # in the headline, the lead and a quote is one.
    assert prk == [{"incidents": 2, "incident_mentions": 4, "incident_killed_to_date": 301,
                    "incident_injured_to_date": 2700, "claims": 1}]
    assert rows(tmp_path, "select casualties, casualties_qualifier, reports from casualty_claims") == [
        {"casualties": 3000, "casualties_qualifier": "at_least", "reports": 2}]
