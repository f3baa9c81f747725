"""Mentions grouped into incidents and claims (pipelines/incidents.py)."""
from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
from sitrep.pipelines.incidents import (
    Incident,
    IncidentRulesError,
    assign_incidents,
    build_incidents,
    date_window,
    incident_id,
    incident_row,
    incidents_from_mentions,
    is_claim,
    load_incident_rules,
    tie_keys,
)
from sitrep.pipelines.settings import REPO_ROOT

RULES = load_incident_rules()
D = date.fromisoformat
KHARKIV = {"location": "Kharkiv", "location_admin1": "Kharkiv", "location_country": "UKR",
           "latitude": 49.98, "longitude": 36.25}
SUMY = {"location": "Sumy", "location_admin1": "Sumy", "location_country": "UKR", "latitude": 50.92, "longitude": 34.80}


def mention(event_id, doc_id, published, evidence="Shelling killed people.", event_type="casualty_report",
            source=None, **fields):
    row = {
        "event_id": event_id, "doc_id": doc_id, "event_type": event_type, "evidence": evidence,
        "char_start": fields.pop("char_start", 0), "in_title": fields.pop("in_title", False),
        "published_at": D(published), "source": source or f"outlet-{doc_id}",
    }
    if "event_date" in fields and isinstance(fields["event_date"], str):
        fields["event_date"] = D(fields["event_date"])
        fields.setdefault("event_date_precision", "day")
    for name in ("killed", "injured", "casualties", "troops", "captured"):
        if name in fields:
            fields.setdefault(f"{name}_qualifier", "exact")
    row.update(fields)
    return row


def groups(mentions, existing=()):
    """The event ids of each incident, as a set of frozensets (ids are tested apart)."""
    return {frozenset(m["event_id"] for m in inc.members) for inc in build_incidents(mentions, RULES, existing)}


CUE_EXAMPLES = [
    (cue.cls, text, fires) for cue in RULES.cue_lists for text, fires in cue.examples
]


@pytest.mark.parametrize(("cls", "text", "fires"), CUE_EXAMPLES, ids=[f"{c}:{t[:30]}" for c, t, _ in CUE_EXAMPLES])
def test_each_figure_cue_list_fires_on_its_examples_and_only_those(cls, text, fires):
    cue = next(c for c in RULES.cue_lists if c.cls == cls)
    assert cue.fires(text) is fires


@pytest.mark.parametrize(
    ("evidence", "claim"),
    [
        ("Kesland has lost 43,000 soldiers since the start of the war.", True),
        ("A total of 120 civilians have died in the province.", True),
        ("To date, 57 reporters were killed.", True),
        ("Two soldiers were killed in an ambush on Monday.", False),
        ("Altogether 40 people have been killed in the raids.", True),
        ("Sincere condolences: four were killed.", False),
        ("The civil war, which has killed over 400,000 people, drags into a new decade.", True),
        ("Army spokesmen said they had killed 9,000 enemy fighters in March alone.", True),
        ("Kesland returns the bodies of 1,200 soldiers who were killed in action.", False),
        ("The enemy lost 1,150 soldiers in the past 24 hours, the general staff said.", False),
        ("Estimates suggest casualties among the brigade have exceeded 3,000.", True),
    ],
)
def test_a_cumulative_cue_makes_a_figure_a_claim_and_a_daily_toll_an_incident(evidence, claim):
    assert is_claim({"event_type": "casualty_report", "evidence": evidence}, RULES) is claim


def test_deployments_are_never_claims():
    assert not is_claim({"event_type": "deployment", "evidence": "So far 400 troops were sent."}, RULES)


def test_a_cue_list_without_a_sentence_that_must_not_fire_is_refused(tmp_path):
    shutil.copytree(REPO_ROOT / "seeds" / "incidents", tmp_path / "incidents")
    path = tmp_path / "incidents" / "figure_cues.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('{ text = "Four soldiers were killed near the river crossing on Friday.", fires = false },',
                                 "").replace('{ text = "A war correspondent said three villagers were wounded.", '
                                             'fires = false },', ""), encoding="utf-8")
    with pytest.raises(IncidentRulesError, match="does not"):
        load_incident_rules(tmp_path)


def test_an_undated_mention_happened_in_the_days_before_publication():
    m = mention("a", "d", "2025-03-10")
    assert date_window(m, 3) == (D("2025-03-07"), D("2025-03-10"))
    assert date_window({**m, "event_date": D("2025-02-14"), "event_date_precision": "month"}, 3) == (
        D("2025-02-01"), D("2025-02-28"))


def test_a_headline_its_lead_and_a_quote_are_one_incident_and_a_different_toll_is_another():
    ms = [
        mention("t", "d1", "2025-03-10", in_title=True, killed=12, target_country="UKR"),
        mention("l", "d1", "2025-03-10", char_start=0, killed=12, injured=30, target_country="UKR",
                event_date="2025-03-09", **KHARKIV),
        mention("q", "d1", "2025-03-10", char_start=200, killed=12, reported_by="the governor"),
        mention("o", "d1", "2025-03-10", char_start=400, killed=1, target_country="UKR"),
    ]
    assert groups(ms) == {frozenset("tlq"), frozenset("o")}


def test_reports_from_several_outlets_join_one_incident_counted_once():
    ms = [
        mention("a1", "a", "2025-03-10", killed=12, target_country="UKR", event_date="2025-03-09", **KHARKIV),
        mention("b1", "b", "2025-03-10", killed=12, target_country="UKR", **KHARKIV),
        mention("c1", "c", "2025-03-11", killed=12, injured=30, target_country="UKR"),
    ]
    [inc] = build_incidents(ms, RULES)
    row = incident_row(inc, RULES)
    assert (row["n_mentions"], row["n_documents"], row["n_sources"]) == (3, 3, 3)
    assert (row["first_reported"], row["last_reported"]) == (D("2025-03-10"), D("2025-03-11"))
    assert (row["event_date"], row["event_date_precision"], row["location"]) == (D("2025-03-09"), "day", "Kharkiv")
    assert (row["killed"], row["injured"], row["target_country"]) == (12, 30, "UKR")


def test_a_later_report_revising_a_toll_supersedes_it_never_adds_to_it():
    ms = [
        mention("a1", "a", "2025-03-10", killed=5, target_country="UKR", event_date="2025-03-10", **KHARKIV),
        mention("b1", "b", "2025-03-11", "The toll of the Kharkiv strike rose to 9.", killed=9, target_country="UKR",
                event_date="2025-03-10", **KHARKIV),
    ]
    [inc] = build_incidents(ms, RULES)
    row = incident_row(inc, RULES)
    assert (row["killed"], row["killed_low"], row["killed_high"], row["killed_event_id"]) == (9, 5, 9, "b1")


def test_a_later_report_of_a_slightly_lower_toll_at_the_same_place_is_the_toll_revised_down():
    """Without a word of revision: one victim counted twice. Only a little lower, only at the
    place both name; at an unnamed place, or far lower, it is another event."""
    first = mention("a1", "a", "2025-03-10", killed=12, target_country="UKR", event_date="2025-03-10", **KHARKIV)
    lower = mention("b1", "b", "2025-03-11", "Eleven dead in Kharkiv.", killed=11, target_country="UKR", **KHARKIV)
    [inc] = build_incidents([first, lower], RULES)
    assert incident_row(inc, RULES)["killed"] == 11
    unnamed = {k: v for k, v in lower.items() if not k.startswith(("location", "latitude", "longitude"))}
    assert groups([first, unnamed]) == {frozenset({"a1"}), frozenset({"b1"})}
    far_lower = {**lower, "killed": 4}
    assert groups([first, far_lower]) == {frozenset({"a1"}), frozenset({"b1"})}
    earlier_lower = {**lower, "published_at": D("2025-03-10")}  # the same day: nothing says which is later
    assert groups([first, earlier_lower]) == {frozenset({"a1"}), frozenset({"b1"})}


def test_look_alike_events_a_town_or_a_day_apart_stay_apart():
    ms = [
        mention("k", "a", "2025-03-10", killed=4, target_country="UKR", event_date="2025-03-09", **KHARKIV),
        mention("s", "b", "2025-03-10", killed=4, target_country="UKR", event_date="2025-03-09", **SUMY),
        mention("n", "c", "2025-03-11", killed=4, target_country="UKR", event_date="2025-03-10", **KHARKIV),
    ]
    assert groups(ms) == {frozenset("k"), frozenset("s"), frozenset("n")}


def test_reports_with_nothing_but_a_type_and_dates_in_common_stay_apart():
    ms = [mention("a", "a", "2025-03-10", target_country="UKR"), mention("b", "b", "2025-03-10", target_country="UKR")]
    assert groups(ms) == {frozenset("a"), frozenset("b")}


def test_different_sides_are_different_incidents():
    ms = [mention("a", "a", "2025-03-10", killed=3, target_country="UKR"),
          mention("b", "b", "2025-03-10", killed=3, target_country="RUS")]
    assert groups(ms) == {frozenset("a"), frozenset("b")}


def test_claims_are_kept_apart_from_incidents_and_a_reporters_newer_claim_supersedes_the_older():
    ms = [
        mention("i", "a", "2025-03-01", killed=300, target_country="UKR"),
        mention("c1", "a", "2025-03-01", "So far 300 soldiers have been killed, the minister said.", killed=300,
                target_country="UKR", reported_by="the minister"),
        mention("c2", "b", "2025-03-20", "In total 340 soldiers have been killed, the minister said.", killed=340,
                target_country="UKR", reported_by="The Minister"),
        mention("c3", "b", "2025-03-20", "The enemy says 2,000 were killed in total.", killed=2000,
                target_country="UKR", reported_by="the enemy"),
    ]
    incidents = build_incidents(ms, RULES)
    assert {frozenset(m["event_id"] for m in inc.members) for inc in incidents} == {
        frozenset({"i"}), frozenset({"c1", "c2"}), frozenset({"c3"})}
    claim = incident_row(next(inc for inc in incidents if len(inc.members) == 2), RULES)
    assert claim["is_claim"] and (claim["killed"], claim["killed_low"], claim["killed_high"]) == (340, 300, 340)


def test_the_same_input_gives_the_same_ids_named_after_the_founding_mention():
    ms = [mention("a1", "a", "2025-03-10", killed=5, **KHARKIV), mention("b1", "b", "2025-03-10", killed=5, **KHARKIV)]
    first = assign_incidents(ms, [], RULES)
    assert first == assign_incidents(list(reversed(ms)), [], RULES)[::-1]
    assert first == [(incident_id("a1"), False), (incident_id("a1"), False)]


@pytest.mark.parametrize("evidence", ["Shelling killed 12 people.", "The death toll since the war began rose to 900."])
def test_a_lone_mention_gets_the_incident_and_claim_flag_the_grouping_gives_it(evidence):
    # one mention and nothing held takes the short way; beside a document it cannot join, the full one
    alone = mention("a1", "a", "2025-03-10", evidence=evidence, killed=12, **KHARKIV)
    other = mention("b1", "b", "2025-03-10", event_type="deployment", evidence="Troops arrived.", troops=300)
    assert assign_incidents([alone], [], RULES) == assign_incidents([alone, other], [], RULES)[:1]
    assert assign_incidents([{**alone, "is_claim": True}], [], RULES) == [(incident_id("a1"), True)]


def test_a_new_document_joins_an_existing_incident_without_renumbering_others():
    old = [
        mention("a1", "a", "2025-03-10", killed=5, target_country="UKR", **KHARKIV),
        mention("b1", "b", "2025-03-10", killed=4, target_country="UKR", **SUMY),
    ]
    held = [{**m, "incident_id": iid, "is_claim": c} for m, (iid, c) in zip(old, assign_incidents(old, [], RULES),
                                                                            strict=True)]
    existing = incidents_from_mentions(held, RULES)
    new = [mention("c1", "c", "2025-03-11", killed=5, target_country="UKR", **KHARKIV),
           mention("c2", "c", "2025-03-11", killed=2, target_country="UKR", location="Odesa")]
    assert assign_incidents(new, existing, RULES) == [(incident_id("a1"), False), (incident_id("c2"), False)]
    assert [m["incident_id"] for m in held] == [incident_id("a1"), incident_id("b1")]
    assert groups(old + new) == groups(new, incidents_from_mentions(held, RULES))


def test_the_bundled_sample_gives_one_incident_of_300_killed_and_2700_injured_and_one_claim(sample_mentions):
    rows = [incident_row(inc, RULES) for inc in build_incidents(sample_mentions, RULES)]
    prk = [r for r in rows if r["event_type"] == "casualty_report" and r["target_country"] == "PRK"]
    incidents = [r for r in prk if not r["is_claim"] and r["killed"] == 300]
    claims = [r for r in prk if r["is_claim"]]
    assert [(r["killed"], r["injured"], r["n_mentions"]) for r in incidents] == [(300, 2700, 3)]
    assert [(r["casualties"], r["casualties_qualifier"], r["n_mentions"]) for r in claims] == [(3000, "at_least", 2)]


@pytest.fixture(scope="module")
def sample_mentions(resources):
    from sitrep.pipelines.extract import extract_events
    from sitrep.pipelines.ingest import read_path
    from sitrep.pipelines.transform import event_id

    [doc] = list(read_path(REPO_ROOT / "seeds" / "samples" / "seed-nk-casualties-2025-01-13.txt"))
    return [
        {**e, "event_id": event_id(doc.doc_id, e, resources.version), "doc_id": doc.doc_id, "published_at": doc.published_at,
         "source": doc.source}
        for e in extract_events(doc, resources)
    ]


def test_an_incident_row_has_every_column_of_the_incidents_schema():
    from sitrep.pipelines.schemas import INCIDENTS_SCHEMA
    from sitrep.pipelines.tables import table_from_rows

    incidents = build_incidents([mention("a", "a", "2025-03-10", killed=2)], RULES)
    row = incident_row(incidents[0], RULES)
    assert set(row) == set(INCIDENTS_SCHEMA.names)
    assert table_from_rows([row], INCIDENTS_SCHEMA).num_rows == 1



def test_reports_dated_by_month_find_the_incident_they_fit_and_undated_ones_stay_alone():
    ms = [
        mention("a", "a", "2025-03-10", killed=5, event_date="2025-03-09", **KHARKIV),
        mention("b", "b", "2025-03-20", killed=5, event_date=D("2025-03-01"), event_date_precision="month", **KHARKIV),
        {**mention("c", "c", "2025-03-10", killed=5, **KHARKIV), "published_at": None},
        mention("d", "d", "2025-04-20", killed=5, event_date=D("2025-04-01"), event_date_precision="month", **KHARKIV),
    ]
    assert groups(ms) == {frozenset("ab"), frozenset("c"), frozenset("d")}


def test_a_small_toll_or_a_toll_that_merely_grew_does_not_tie_reports_by_itself():
    small = [mention("a", "a", "2025-03-10", killed=4, target_country="UKR"),
             mention("b", "b", "2025-03-11", killed=4, target_country="UKR")]
    assert groups(small) == {frozenset("a"), frozenset("b")}
    grew = [mention("a", "a", "2025-03-10", killed=50, target_country="UKR"),
            mention("b", "b", "2025-03-11", killed=60, target_country="UKR")]
    assert groups(grew) == {frozenset("a"), frozenset("b")}
    said_so = [grew[0], {**grew[1], "evidence": "The death toll rose to 60."}]
    assert groups(said_so) == {frozenset("ab")}
    large = [mention("a", "a", "2025-03-10", killed=50, target_country="UKR"),
             mention("b", "b", "2025-03-11", killed=50, target_country="UKR")]
    assert groups(large) == {frozenset("ab")}


def random_mentions(seed: int, n_docs: int) -> list[dict]:
    """Mentions of many documents over a few weeks, sides, places and tolls, so that some reports
    join and many look alike."""
    import random

    rng = random.Random(seed)
    places = [KHARKIV, SUMY, {"location": "Kharkiv region", "location_admin1": "Kharkiv", "location_country": "UKR",
                              "latitude": 49.5, "longitude": 36.5}, {"location": "Odesa"}, {}]
    out = []
    for d in range(n_docs):
        published = date(2025, 3, 1 + rng.randrange(20))
        for k in range(rng.randrange(1, 4)):
            etype = rng.choice(["casualty_report", "capture", "prisoner_exchange_offer"])
            fields = dict(rng.choice(places))
            if rng.random() < 0.7:
                fields["event_date"] = str(published - __import__("datetime").timedelta(days=rng.randrange(2)))
            sides = rng.choice([("RUS", "UKR"), ("UKR", "RUS"), (None, "UKR"), (None, None)])
            fields.update(actor_country=sides[0], target_country=sides[1])
            figure = {"casualty_report": "killed", "capture": "captured", "prisoner_exchange_offer": "prisoners_offered"}
            fields[figure[etype]] = rng.choice([4, 12, 12, 14, 30, 34, 175])
            fields[f"{figure[etype]}_qualifier"] = rng.choice(["exact", "exact", "approx", "at_least", "at_most"])
            evidence = rng.choice(["Shelling killed people.", "Losses since the start of the war reached a total.",
                                   "The toll rose to a new high."])
            out.append(mention(f"d{d}-{k}", f"d{d}", str(published), evidence=evidence, event_type=etype,
                               char_start=k, **fields))
    return out


@pytest.mark.parametrize("seed", range(3))
def test_blocking_by_type_tie_and_week_groups_as_comparing_every_incident_does(seed, monkeypatch):
    import sitrep.pipelines.incidents as incidents

    ms = random_mentions(seed, 120)
    blocked = assign_incidents(ms, [], RULES)
    assert len(set(blocked)) < len(ms)  # some reports do join: the comparison is not vacuous

    def every_incident(self, group):
        return sorted((inc for inc in {id(i): i for block in self.by_key.values() for i in block}.values()),
                      key=lambda inc: self.order[id(inc)])
    monkeypatch.setattr(incidents._Pool, "candidates", every_incident)
    monkeypatch.setattr(incidents, "tie_keys", lambda m, rules: ({("all", m["event_type"])},) * 2)
    assert assign_incidents(ms, [], RULES) == blocked


def test_the_rules_one_search_per_label_answers_as_each_cue_list_does():
    for cue in RULES.cue_lists:
        for etype in cue.applies_to:
            for text, _ in cue.examples:
                lists = [c for c in RULES.cue_lists if c.label == cue.label and etype in c.applies_to]
                assert RULES.fires(cue.label, etype, text) is any(c.fires(text) for c in lists)


def test_regexes_an_alternation_would_change_are_searched_one_by_one():
    from sitrep.pipelines.incidents import CueList, IncidentRules

    def rules(*patterns):
        return IncidentRules((CueList("echo", "claim", ("casualty_report",), patterns, ()),), RULES.name_words)

    # a backreference counts groups, which a second regex before it would shift
    echoed = rules(re.compile(r"(\d+) of (\d+)"), re.compile(r"\b(\w+) \1\b", re.IGNORECASE))
    assert echoed.fires("claim", "casualty_report", "Killed killed, the wire said.")
    assert not echoed.fires("claim", "casualty_report", "Two were killed.")
    # a case-sensitive regex beside a case-insensitive one keeps its own case
    mixed = rules(re.compile(r"\bso far\b", re.IGNORECASE), re.compile(r"\bTOTAL\b"))
    assert mixed.fires("claim", "casualty_report", "SO FAR nine were killed.")
    assert not mixed.fires("claim", "casualty_report", "A total of nine were killed.")
    assert mixed.fires("claim", "casualty_report", "TOTAL: nine killed.")
    # two regexes naming a group alike cannot be one alternation
    named = rules(re.compile(r"(?P<n>\d+) so far"), re.compile(r"(?P<n>\d+) to date"))
    assert named.fires("claim", "casualty_report", "9 to date.")
    assert not named.fires("claim", "casualty_report", "Nine to date.")
    assert not rules().fires("claim", "casualty_report", "Nine so far.")


@pytest.mark.parametrize("seed", range(3))
def test_a_document_grouped_alone_groups_as_it_does_beside_a_held_incident(seed):
    # Alone, a document's groups are compared with nothing; beside a held incident (of a type none
    # of its mentions has, so it joins nothing), each group is compared with the document's earlier
    # groups too, and must never join one.
    held = Incident("held", "deployment", False)
    held.add(mention("h", "h", "2025-03-05", event_type="deployment", troops=50), (D("2025-03-05"), D("2025-03-05")), RULES)
    by_doc = {}
    for m in random_mentions(seed, 60):
        by_doc.setdefault(m["doc_id"], []).append(m)
    several = [ms for ms in by_doc.values() if len(ms) > 1]
    assert several
    for ms in several:
        assert assign_incidents(ms, [], RULES) == assign_incidents(ms, [held], RULES)


def test_an_incidents_tie_keys_are_its_members_however_they_were_added():
    ms = [{**m, "is_claim": is_claim(m, RULES)} for m in random_mentions(4, 30)]
    lazily, eagerly = Incident("a", "casualty_report", False), Incident("b", "casualty_report", False)
    for m in ms:
        window = date_window(m, RULES.report_lag_days)
        lazily.add(m, window, RULES)
        eagerly.add(m, window, RULES, tie_keys(m, RULES))
    filed = set().union(*(tie_keys(m, RULES)[0] for m in ms))
    sought = set().union(*(tie_keys(m, RULES)[1] for m in ms))
    assert filed and sought
    assert lazily.keys == eagerly.keys == filed
    assert lazily.wants == eagerly.wants == sought


def test_a_mentions_fit_is_the_same_with_its_facts_taken_before_or_when_compared():
    from sitrep.pipelines.incidents import _Facts, _fit

    ms = [{**m, "is_claim": is_claim(m, RULES)} for m in random_mentions(5, 40)]
    held = []
    for m in ms[:20]:
        inc = Incident(m["event_id"], m["event_type"], m["is_claim"])
        inc.add(m, date_window(m, RULES.report_lag_days), RULES)
        held.append(inc)
    fits = []
    for m in ms[20:]:
        window = date_window(m, RULES.report_lag_days)
        for inc in held:
            fit = _fit(inc, m, window, RULES)
            assert fit == _fit(inc, m, window, RULES, _Facts(m, RULES.name_words))
            fits.append(fit)
    assert None in fits and any(f for f in fits)  # both verdicts occur: the comparison is not vacuous
