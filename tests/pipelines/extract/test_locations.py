"""Where an event happened, as written: regression cases in our own words."""
from __future__ import annotations

import pytest
from sitrep.pipelines.documents import Document
from sitrep.pipelines.extract import extract_events
from sitrep.pipelines.extract.locations import dateline, location
from sitrep.pipelines.extract.roles import country_mentions


def _locations(resources, text: str, kind: str = "brief", title: str = "") -> list[str | None]:
    doc = Document(doc_id="t", title=title, text=text, kind=kind, published_at=None)
    return [r["location"] for r in extract_events(doc, resources)]


CASES = [
    # an attacked place a kind word opens ("shelled the village of X") is where a later sentence's event was
    ("Drones hit the village of Orlivka overnight. Two farmers were wounded.", "the village of Orlivka"),
    # lower-case direction words belong to the place
    ("Nine civilians were killed in eastern Ukraine on Monday.", "eastern Ukraine"),
    ("Four soldiers were killed by a roadside bomb in central Mali.", "central Mali"),
    # a demonym or a name modifying an attack noun is no place; the place after it is
    ("Two medics were killed in the Israeli airstrikes yesterday in Sidon, Lebanon.", "Sidon, Lebanon"),
    ("Three people were killed in Russian attacks in the town of Kostiantynivka.", "the town of Kostiantynivka"),
    # a possessive is not a place of its own; punctuation does not leak in
    ("Five soldiers were killed in Russia’s war against its neighbour, in Kharkiv.", "Kharkiv"),
    ("Twelve fighters were killed near Seoul.", "Seoul"),
    # a local name in single quotes, and two names of one place joined by a slash
    ("Four soldiers were killed near the ‘Kell’ area of Darvo district.", "the ‘Kell’ area of Darvo district"),
    ("Four soldiers were killed in the 'Kell'/Upper Orlo area of Darvo district.", "the 'Kell'/Upper Orlo area of Darvo district"),
    ("Four soldiers were killed in Kell/Orlo.", "Kell/Orlo"),
    # a short name in double quotes reads as one in single quotes; a quoted name at one end of
    # the place keeps its own marks
    ("Shelling killed three civilians in the \"Green Meadow\" neighbourhood.", 'the "Green Meadow" neighbourhood'),
    ("Drones struck the “Blue Lake” camp, killing two guards.", "the “Blue Lake” camp"),
    ("Two soldiers were killed in the village of 'Green Meadow'.", "the village of 'Green Meadow'"),
    ("Two soldiers were killed in 'Red Hill' village on Monday.", "'Red Hill' village"),
    ("\"Three civilians were killed in Kesh,\" the governor said.", "Kesh"),
    # a point on a road after a name heads the place ("the Kesh crossing", not "the Kesh")
    ("A platoon was deployed to the Kesh crossing.", "the Kesh crossing"),
    ("Two soldiers were killed near the Kesh interchange.", "the Kesh interchange"),
    # a possessive's apostrophe is no quote
    ("The soldiers' families said four guards were killed in 'Kell'.", "Kell"),
    # an "of" chain through a kind word to the name it gives ("of the capital, X")
    ("Troops were deployed on the streets of the capital, Varosk, on Monday.", "the streets of the capital, Varosk"),
    ("Five people were killed on the outskirts of the city, police said.", None),
    # who planted a device is no place the vehicle hit
    ("Three soldiers were killed when their jeep hit a Kell-planted bomb on the ring road.", None),
    # "de", "al" only as words, never the start of a lower-case word
    ("At least two people were killed in the demonstrations across Venezuela.", "Venezuela"),
    # kinds of places and "of" chains
    ("A civilian was killed by militants in the Sangin village of Musa district, Helmand.", "the Sangin village of Musa district, Helmand"),
    ("Seven soldiers were killed in the eastern city of Slovyansk.", "the eastern city of Slovyansk"),
    ("Troops were deployed to the Mexican state of Sinaloa after the clashes.", "the Mexican state of Sinaloa"),
    ("Kenya deploys 300 troops to the eastern Democratic Republic of the Congo.", "the eastern Democratic Republic of the Congo"),
    # an attacked person's possessive names an owner, not a place; a known place's stays
    ("A drone hit Anna Kovac’s apartment building, killing two.", None),
    ("Shells struck Kharkiv’s main market, killing four.", "Kharkiv"),
    ("Missiles hit Russia’s Belgorod region, killing two.", "Russia’s Belgorod region"),
    # a kind phrase opening with a site word is a site, like "the border"
    ("The army sent troops into the border area.", "the border area"),
    # a kind word with a possessive owns the more specific place after it
    ("Gunmen killed six herders in Lantor state’s Vemba district.", "Lantor state’s Vemba district"),
    ("Two soldiers were killed in the Morlak region's Dravo area.", "the Morlak region's Dravo area"),
    # several places, as written
    ("Gunmen killed 20 people in Zamfara and Sokoto States, Nigeria.", "Zamfara and Sokoto States, Nigeria"),
    # control words
    ("Four rebels were killed in an assault on rebel-held Idlib.", "rebel-held Idlib"),
    # a headline's place modified by a fighting noun
    ("Syria clashes kill 14 soldiers", "Syria"),
    # a possessive with a direction noun is a place
    ("Fighting in Syria's north kills six civilians", "Syria's north"),
    # an "of" chain after a list of places
    ("Gunmen killed 9 passengers between Dabo and Kisu areas of Garsen, Tana River county.",
     "Dabo and Kisu areas of Garsen, Tana River county"),
    # pro-/anti- compounds and names a demonym opens are parties, not places
    ("Three people were killed in clashes between Pro-Moscow and Pro-Kyiv activists in Kharkiv.", "Kharkiv"),
    # an armed group's name alone after a preposition is the territory it holds
    ("One fighter was killed in DPR overnight.", "DPR"),
    # a border with a named country is a named place; a direction word may qualify a site
    ("Poland deploys 2,000 more soldiers to the eastern border with Belarus.", "the eastern border with Belarus"),
    # a kind of place named in apposition, geographic features, a site "of" a place
    ("Soldiers were deployed to the capital, Lusaka, after the riots.", "the capital, Lusaka"),
    ("Troops deployed in Kora forest, Tana River county, on Monday.", "Kora forest, Tana River county"),
    # an Arabic article glued to a name is part of it
    ("Eleven fighters were killed in clashes in Deir ez-Zor province.", "Deir ez-Zor province"),
    # a possessive with a direction adjective goes on to the place it qualifies
    ("Nine people died in Ukraine's southern port city of Odesa on Friday.", "Ukraine's southern port city of Odesa"),
    # a site after a name belongs to it; an acronym the gazetteer does not place is no place
    ("Gunmen abducted 2 traders along the Moyale-Marsabit road on Friday.", "the Moyale-Marsabit road"),
    ("A vehicle ran over an IED at Korisa, killing 2 soldiers.", "Korisa"),
    # the place an attack noun's "of" names
    ("2 killed, 5 wounded in shelling of Nikopol, officials say", "Nikopol"),
    # a compound with a party ("a Hezbollah-funded clinic") is no place; the place after it is
    ("Two medics were killed in a strike on a Hamas-run clinic in Rafah.", "Rafah"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sentence_place_is_read_as_written(resources, text, expected):
    assert expected in _locations(resources, text, kind="headline" if not text.endswith(".") else "brief")


def test_back_reference_resolves_to_the_town_named_before(resources):
    text = "Militants stormed Bama at dawn on Sunday. Six soldiers were killed in the town."
    assert _locations(resources, text) == ["Bama"]


def test_there_resolves_to_a_destination_of_the_same_sentence(resources):
    text = "The army sends troops to Ituri province after 30 people are killed there."
    assert "Ituri province" in _locations(resources, text)


def test_strikes_on_an_armed_group_name_a_party_not_a_place(resources):
    text = "Four sailors were killed in strikes on the Houthis."
    assert location(text, 0, resources.place_words, places=country_mentions(text, resources.rules)) is None


def test_party_phrase_of_the_gazetteer_is_no_place(resources):
    text = "Six soldiers were captured from Russian occupation forces near the river."
    assert location(text, 0, resources.place_words, places=country_mentions(text, resources.rules), event_type="capture") != "Russian"


def test_name_on_someone_s_page_is_no_place(resources):
    assert location("Two soldiers were killed, the governor wrote on his Telegram channel.", 0, resources.place_words) is None


def test_sentence_without_a_place_takes_the_one_named_before(resources):
    text = "Herders clashed with farmers in Riyom. Eleven people were killed."
    assert _locations(resources, text, kind="note") == ["Riyom"]


def test_a_destination_named_before_is_no_place_of_a_later_strike(resources):
    text = (
        "ODESA, Ukraine — The night was long for the residents of the port.\n"
        "She said she had thought of moving to Moldova with her children.\n"
        "A drone strike killed three people and wounded nine."
    )
    assert _locations(resources, text, kind="article") == ["ODESA, Ukraine"]


def test_a_destination_named_before_is_a_later_deployment_s_place(resources):
    text = "The defence ministers flew to Latvia in March. About 800 soldiers were deployed."
    assert _locations(resources, text, kind="brief") == ["Latvia"]


def test_note_label_places_a_sentence_that_names_none(resources):
    text = "Raiders shot dead four herders and drove off their cattle. LOCATION: Kell village, Darvo District (district capital = Varosk)."
    assert _locations(resources, text, kind="note") == ["Kell village, Darvo District"]


def test_note_label_does_not_replace_the_place_a_sentence_names(resources):
    text = "Raiders shot dead four herders near Orlo market. LOCATION: Kell village, Darvo District."
    assert _locations(resources, text, kind="note") == ["Orlo market"]


def test_a_bare_known_place_in_a_headline_list_places_the_headlines_naming_none(resources):
    assert _locations(resources, "Two soldiers killed in overnight shelling - army;Kharkiv", kind="headline") == ["Kharkiv"]
    # a bare word the gazetteer does not know is no place (a source, a byline)
    assert _locations(resources, "Two soldiers killed in overnight shelling - army;Orlinsky", kind="headline") == [None]


def test_attacked_place_is_where_it_happened(resources):
    text = "Bandits attacked Kagara village. Two residents were shot dead."
    assert _locations(resources, text, kind="note") == ["Kagara village"]


def test_article_dateline_places_a_sentence_that_names_none(resources):
    text = "ODESA, Ukraine — The night was long for the residents of the port.\nA drone strike killed three people and wounded nine, officials said."
    assert dateline(text) == "ODESA, Ukraine"
    assert _locations(resources, text, kind="article") == ["ODESA, Ukraine"]


def test_bold_dateline_is_read():
    assert dateline("**Kherson, Ukraine –** The shelling began before dawn and did not stop until noon.") == "Kherson, Ukraine"


def test_title_line_with_a_dash_is_no_dateline():
    assert dateline("War diary - 3 May\nNothing happened today.") is None


def test_deployment_destination_is_its_place(resources):
    assert location("The government sent 400 soldiers to Haiti last week.", 0, resources.place_words, event_type="deployment") == "Haiti"


def test_according_to_is_no_destination(resources):
    assert location("Five soldiers were captured, according to Ukraine's General Staff.", 0, resources.place_words, event_type="capture") is None


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("Four soldiers were killed in the city of Kherson on Monday.", "city"),
        ("Three fighters were killed in the Zaporizhzhia region on Tuesday.", "admin1"),
        ("Two police officers were killed in the Kandahar province of Afghanistan.", "admin1"),
        ("Nine civilians were killed in eastern Ukraine on Monday.", "country"),
        ("Six soldiers were killed on Monday, the army said.", None),  # no place, no point, no precision
    ],
)
def test_every_geocoded_point_keeps_how_specific_it_is(resources, text, precision):
    doc = Document(doc_id="t", title="", text=text, kind="brief", published_at=None)
    [row] = extract_events(doc, resources)
    assert row["location_precision"] == precision
    assert (row["latitude"] is not None) == (precision is not None)


def test_hyphen_inside_a_word_opens_no_dateline():
    # "The Oslo-based ..." opens a sentence; a dateline's dash stands between spaces
    assert dateline("The Oslo-based Harbour Watch said six guards were killed at the port on Monday.") is None
    assert dateline("OSLO - Six guards were killed at the port on Monday, the harbour police said.") == "Oslo"
