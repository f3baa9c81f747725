from datetime import date

import pytest
from sitrep.pipelines.agreement import (
    CODED_FIGURE_STATED,
    OUTSIDE_DEV,
    CodedRow,
    acled_rows,
    agreement,
    extracted_killed,
    group_of,
    half_of,
    is_coding_note,
    largest_killed,
    parse_date,
    stated_figures,
    tune_disagreements,
    ucdp_rows,
)


@pytest.mark.parametrize(
    ("text", "coding_note"),
    [
        ("Rebels raided a post. Fatalities coded as 0 (a local paper reported 3).", True),
        ("Fighting in two villages; fatalities are split across 2 events (6).", True),
        ("Four guards and three raiders died (coded as 7 fatalities total).", True),
        ("Deaths divided between the two locations.", True),
        ("Protesters marched in three districts (coded to the province level).", False),
        ("Gunmen shot dead four traders at a market.", False),
    ],
)
def test_coding_notes_are_the_ones_that_say_how_deaths_were_counted(text, coding_note):
    assert is_coding_note(text) is coding_note


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("Gunmen shot dead four traders at a market.", {4}),
        ("Eleven farmers were killed and 3 wounded.", {11, 3}),
        ("On 14 May 2021, 9 herders were killed by raiders.", {9}),  # the date's numbers count nothing
        ("A shopkeeper was killed by robbers.", {1}),
        ("Dozens dead after the militia attacked.", {None}),
        ("1,250 bodies were recovered from the site.", {1250}),
        ("A driver died at 10:30 on Monday.", {1}),  # the clock time counts nothing
        ("The army killed militants in a raid on a camp.", set()),  # "a raid" after the death word
        ("Troops opened fire on protesters; 12 were arrested.", set()),
        ("0 fatalities were reported.", set()),
        ("Militants attacked 14 villages over six weeks, burning homes and stealing cattle, and later killed people.", set()),
    ],
)
def test_stated_figures_are_numbers_near_a_death_word(text, figures):
    assert stated_figures(text) == figures


def row(text: str, coded: int, row_id: str = "r") -> CodedRow:
    return CodedRow(row_id, text, coded, None, "note", "test")


@pytest.mark.parametrize(
    ("text", "coded", "group"),
    [
        ("Raiders killed six herders.", 6, "figure_stated"),
        ("Raiders killed six herders.", 0, "coded_zero"),
        ("Raiders attacked a village; casualties unknown.", 2, "no_figure"),
        ("Raiders killed six herders. Fatalities coded as 3.", 3, "coding_note"),
        ("Fatalities coded as 0 (a radio station reported 2).", 0, "coding_note"),
    ],
)
def test_group_of_puts_coding_notes_apart_then_coded_zero(text, coded, group):
    assert group_of(row(text, coded)) == group


def test_agreement_counts_found_exact_and_false_alarms_per_group():
    rows = [
        row("Raiders killed six herders.", 6, "a"),  # found, exact
        row("Raiders killed six herders.", 7, "b"),  # found, not exact, coded figure not stated
        row("Raiders killed seven herders.", 7, "c"),  # not found
        row("Raiders shelled a village.", 0, "d"),  # false alarm
        row("Raiders shelled a village.", 0, "e"),  # quiet, agrees
        row("Six died. Fatalities coded as 2.", 2, "f"),
    ]
    found = {"a": 6, "b": 6, "c": None, "d": 1, "e": None, "f": 6}
    table = agreement(rows, found)
    assert {k: table["figure_stated"][k] for k in ("rows", "found", "exact")} == {"rows": 3, "found": 2, "exact": 1}
    assert {k: table[CODED_FIGURE_STATED][k] for k in ("rows", "found", "exact")} == {"rows": 2, "found": 1, "exact": 1}
    assert (table["coded_zero"]["rows"], table["coded_zero"]["found"], table["coded_zero"]["exact"]) == (2, 1, 1)
    assert (table["coding_note"]["rows"], table["coding_note"]["exact"]) == (1, 0)
    assert table["no_figure"]["rows"] == 0 and table["no_figure"]["found_share"] is None
    assert table["figure_stated"]["found_share"] == pytest.approx(2 / 3)


def test_largest_killed_reads_casualty_reports_only():
    events = [
        {"event_type": "casualty_report", "killed": 3},
        {"event_type": "casualty_report", "killed": None, "injured": 40},
        {"event_type": "casualty_report", "killed": 12},
        {"event_type": "capture", "captured": 90},
    ]
    assert largest_killed(events) == 12
    assert largest_killed([{"event_type": "capture", "captured": 2}]) is None


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("2016-06-17", date(2016, 6, 17)),
        ("21 March 2020", date(2020, 3, 21)),
        ("1-Dec-23", date(2023, 12, 1)),
        ("29-12-19", date(2019, 12, 29)),
        ("sometime", None),
    ],
)
def test_acled_dates_in_each_export_format(value, parsed):
    assert parse_date(value) == parsed


def test_acled_rows_read_notes_with_a_fatalities_figure(tmp_path):
    path = tmp_path / "acled_x" / "export.csv"
    path.parent.mkdir()
    path.write_text(
        "event_id_cnty,event_date,source,notes,fatalities\n"
        'XYZ1,2016-06-17,Radio A,"Raiders killed six herders, police said.",6\n'
        "XYZ2,2016-06-18,Radio B,,0\n"
        "XYZ3,2016-06-19,Radio C,Protest in the capital.,\n",
        encoding="utf-8",
    )
    rows = list(acled_rows(path))
    assert rows == [
        CodedRow("acled_x:XYZ1", "Raiders killed six herders, police said.", 6, date(2016, 6, 17), "note", "ACLED: Radio A")
    ]


def test_ucdp_rows_skip_the_hxl_tag_row(tmp_path):
    path = tmp_path / "ged.csv"
    path.write_text(
        "id,source_office,source_headline,date_start,best\n"
        "#event+id,#meta+source,#meta+headline,#date+start,#affected+killed\n"
        "7,Wire,Shelling kills two in eastern town;Two dead in shelling,2015-02-03 00:00:00.000,2\n",
        encoding="utf-8",
    )
    (only,) = ucdp_rows(path)
    assert (only.row_id, only.coded, only.published_at, only.kind) == ("ucdp-7", 2, date(2015, 2, 3), "headline")
    assert only.document().kind == "headline"


def test_extracted_killed_runs_the_extractor_on_each_row(resources):
    rows = [row("Gunmen killed four villagers in an attack on a market.", 4, "a"), row("Farmers held a meeting.", 0, "b")]
    assert extracted_killed(rows, resources) == {"a": 4, "b": None}


def test_rows_that_are_dev_documents_are_counted_apart():
    rows = [row("Raiders killed six herders.", 6, "a"), row("Bandits killed two traders.", 2, "b")]
    table = agreement(rows, {"a": 6, "b": None}, dev_texts=frozenset({"Raiders killed six herders."}))
    assert table["figure_stated"]["rows"] == 2
    assert (table[OUTSIDE_DEV]["rows"], table[OUTSIDE_DEV]["found"]) == (1, 0)


def test_half_of_splits_rows_about_seventy_thirty_and_is_fixed_per_id():
    halves = [half_of(f"acled_x:ROW{i}") for i in range(2000)]
    assert 0.25 < halves.count("check") / len(halves) < 0.35
    assert half_of("acled_x:ROW7") == half_of("acled_x:ROW7")
    assert set(halves) == {"tune", "check"}


def test_agreement_halves_add_up_to_the_whole_table():
    rows = [row("Raiders killed six herders.", 6 + i % 2, f"id{i}") for i in range(40)]
    found = {f"id{i}": 6 for i in range(40)}
    table = agreement(rows, found)
    tune, check = (table["figure_stated"]["halves"][h] for h in ("tune", "check"))
    assert tune["rows"] > 0 and check["rows"] > 0
    assert tune["rows"] + check["rows"] == table["figure_stated"]["rows"] == 40
    assert tune["exact"] + check["exact"] == table["figure_stated"]["exact"] == 20
    assert tune["exact_share"] == pytest.approx(tune["exact"] / tune["rows"])


def test_tune_disagreements_list_only_tune_half_rows_where_figures_differ():
    rows = [row("Raiders killed six herders.", 7, f"id{i}") for i in range(30)]
    rows.append(row("Raiders killed six herders.", 6, "agrees"))
    found = {r.row_id: 6 for r in rows}
    lines = list(tune_disagreements(rows, found))
    expected = [r.row_id for r in rows if r.coded == 7 and half_of(r.row_id) == "tune"]
    assert 0 < len(lines) == len(expected) < 30
    assert all(line.startswith("[unstated] ") and "coded=7 found=6" in line for line in lines)
