"""Who states a figure, as written: regression cases in our own words."""
from __future__ import annotations

import pytest
from sitrep.pipelines.documents import Document
from sitrep.pipelines.extract import extract_events
from sitrep.pipelines.extract.attribution import reported_by


def _sources(resources, text: str, kind: str = "brief") -> list[str | None]:
    doc = Document(doc_id="t", title="", text=text, kind=kind, published_at=None)
    return [r["reported_by"] for r in extract_events(doc, resources)]


CASES = [
    # a subject with a possessive and an organisation
    ("Ukraine's General Staff said 1,200 Russian soldiers were killed in a day.", "Ukraine's General Staff"),
    ("Nigeria’s army has said 30 militants were killed in the raid.", "Nigeria’s army"),
    # an appositive name is the source; an aside is skipped
    ("The regional governor, Oleh Kiper, said two people were killed in the strike.", "Oleh Kiper"),
    ("The mayor, who visited the scene, said four residents were injured.", "The mayor"),
    # inverted verbs
    ("Three soldiers were killed overnight, said Defence Minister Anna Lee, adding that more were missing.", "Anna Lee"),
    ("The army suffered 900 casualties last week, estimated the country's general staff.", "the country's general staff"),
    # a source in the middle of a sentence, after a clause opener
    ("The raid came days after President Juan Ortiz said his troops had captured 12 rebels.", "Juan Ortiz"),
    # a negated statement names no source, but the next one does
    ("The ministry has not confirmed the toll, but local officials say 14 civilians were killed.", "local officials"),
    # the primary source: the one nearest before the figure
    ("The ministry confirmed that nine soldiers were killed, the agency reported.", "The ministry"),
    # a capitalised verb form inside a name is no verb
    ("The army announces that a senior Islamic State commander was killed in a raid.", "The army"),
    # a statement noun with its author
    ("The raid followed an announcement by the interior ministry that 14 rebels had been captured.", "the interior ministry"),
    # a counted phrase before a verb is the victims, a counted source noun is a source
    ("Two officials said 11 soldiers were killed at the base.", "Two officials"),
    # who blames a party for an attack states its toll
    ("On Sunday, Freedonia blamed the rebels for a car bomb that killed 14 soldiers.", "Freedonia"),
    # the dot of an initial does not end a source
    ("Nine soldiers were killed, according to U.S. officials.", "U.S. officials"),
    ("Nine soldiers were killed, according to the U.N. mission in the north.", "the U.N. mission in the north"),
    ("The raid followed an announcement by the U.S. Central Command that 14 rebels had been captured.", "the U.S. Central Command"),
    ("Nine soldiers were killed, according to the army.", "the army"),
    # a statement reported second hand is the speaker's, without the frame
    ("Eight fighters were captured at the ford, local officials were reported to have said.", "local officials"),
    ("Local officials were reported to have said that eight fighters were captured at the ford.", "Local officials"),
    ("Eight fighters were captured at the ford, the district chief was quoted as saying.", "the district chief"),
    # a bracketed acronym between a source and its verb is part of the name, no boundary
    ("Five people were killed, the UN humanitarian office (OCHA) said.", "the UN humanitarian office"),
    ("The Kesh Civil Defence Directorate (KCDD) said five people were killed.", "The Kesh Civil Defence Directorate"),
    # "according to a statement from X": the author of the statement is the source
    ("Five people were killed, according to a statement from the provincial disaster management authority.",
     "the provincial disaster management authority"),
    ("Five people were killed, according to the statement.", "the statement"),
    # an office of an administration heads its source like a ministry
    ("Five people were killed in the shelling, the regional health department said.", "the regional health department"),
    ("The interior directorate said three police officers were killed in an ambush.", "The interior directorate"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_source_is_read_as_written(resources, text, expected):
    assert _sources(resources, text) == [expected]


def test_pronoun_resolves_to_the_source_named_before(resources):
    text = "The governor of Kherson spoke to reporters on Monday. He said two civilians were killed by shelling."
    assert _sources(resources, text) == ["The governor of Kherson"]


def test_he_said_resolves_to_a_speaker_quoted_by_an_agency(resources):
    text = (
        "The district governor said the bridge was closed. "
        "The rebel commander, Ivo Brenner, was quoted by a local news agency as saying the town was calm. "
        "He said two fighters were captured at the dam."
    )
    assert _sources(resources, text, kind="article") == ["Ivo Brenner"]


def test_they_said_resolves_to_the_ones_who_described_it_before(resources):
    text = "Village elders described the raid to visiting officials. They said nine herders were shot dead."
    assert _sources(resources, text) == ["Village elders"]


def test_they_said_resolves_to_the_source_noun_opening_the_sentence_before(resources):
    # the sentence before names its source only as the subject of a verb that is no reporting one
    text = "The provincial health ministry released new figures on Sunday. They said 14 people were killed in the raid."
    assert _sources(resources, text, kind="article") == ["The provincial health ministry"]
    # a subject that is no source noun ("The convoy") is not taken for the speaker
    text = "The district health department released new figures on Sunday. They said 14 people were killed in the raid."
    assert _sources(resources, text, kind="article") == ["The district health department"]
    text = "The convoy reached the border on Sunday. They said 14 people were killed in the raid."
    assert _sources(resources, text, kind="article") == [None]


def test_verb_form_after_a_determiner_is_a_noun(resources):
    assert reported_by("Nothing in his notes puts the toll above 40 soldiers killed.", anchor=30, words=resources.source_words) is None


def test_quotation_over_sentences_is_attributed_where_it_closes(resources):
    text = '"Another 40 enemy soldiers were captured. Our units hold the line," the general staff said.'
    assert _sources(resources, text) == ["the general staff"]


def test_statement_author_keeps_an_and_between_capitalised_words(resources):
    text = "Research from the Institute for Peace and Conflict Studies puts the toll at 1,200 soldiers killed."
    assert reported_by(text, anchor=60, words=resources.source_words) == "the Institute for Peace and Conflict Studies"


def test_passive_report_names_no_source(resources):
    assert _sources(resources, "Twelve villagers were reported killed in the raid.") == [None]


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("Six soldiers killed in border clash: officials", "officials"),
        ("Four killed in shelling of market - regional governor", "regional governor"),
        ("Update: Ukraine reports 3 soldiers killed", "Ukraine"),
        ("Roughly 900 troops killed since spring, general says - Daily Wire", "general"),
        ("Ceasefire broken 9 times, one soldier reported killed - army command", "army command"),
        ("Regional ministry: 4 soldiers killed in the east", "Regional ministry"),
        # a clause before the colon is no source
        ("Army resumes operation in Kell: 5 fighters dead, one soldier injured", None),
    ],
)
def test_headline_source(resources, headline, expected):
    assert reported_by(headline, headline=True, anchor=10, words=resources.source_words) == expected


def test_bulletin_section_keeps_its_bold_source_up_to_the_next_section(resources):
    text = (
        "**The Northern Command** reported that its units held the ridge near the river.\n"
        "The enemy lost up to 40 troops and two trucks.\n"
        "**Field notes from our correspondent** describe a quiet day at the ridge.\n"
        "The enemy lost up to 15 troops near the dam."
    )
    assert _sources(resources, text, kind="article") == ["The Northern Command", None]


def test_bulletin_section_heading_in_other_forms_keeps_its_source(resources):
    # a heading line of its own that is a source phrase; a heading naming no one ends the section
    text = (
        "## The Northern Command\n"
        "The enemy lost up to 40 troops and two trucks.\n"
        "## Overnight on the ridge\n"
        "The enemy lost up to 15 troops near the dam."
    )
    assert _sources(resources, text, kind="article") == ["The Northern Command", None]
    # an underlined opening, as a bold one, when the name is the subject of a reporting verb
    text = "__The Northern Command__ reported that its units held the ridge.\nThe enemy lost up to 40 troops and two trucks."
    assert _sources(resources, text, kind="article") == ["The Northern Command"]
    # a bold line of its own that names no source (a number, a day) gives none
    text = "**Tuesday**\nThe enemy lost up to 40 troops and two trucks."
    assert _sources(resources, text, kind="article") == [None]


def test_unbolded_report_does_not_carry_to_the_next_sentence(resources):
    text = "The Northern Command reported that its units held the ridge.\nThe enemy lost up to 40 troops and two trucks."
    assert _sources(resources, text, kind="article") == [None]


def test_related_headline_listed_in_the_body_is_read_as_a_headline(resources):
    listed = "* list 2 of 3Medic among 6 killed in latest drone strike on Kell: army"
    assert _sources(resources, f"The night was quiet in the port.\n{listed}\nThe port reopened at noon.", kind="article") == ["army"]
    # the same words as a sentence of the story name no source
    assert _sources(resources, "Medic among 6 killed in latest drone strike on Kell: army", kind="article") == [None]


@pytest.mark.parametrize(
    "listed",
    [
        "Read more: Medic among 6 killed in latest drone strike on Kell - Harbour Post",
        "• See also: Medic among 6 killed in latest drone strike on Kell - Harbour Post",
        "Related stories 1 of 4 Medic among 6 killed in latest drone strike on Kell - Harbour Post",
    ],
)
def test_teaser_labels_of_other_publishers_mark_a_listed_headline(resources, listed):
    assert _sources(resources, f"The night was quiet in the port.\n{listed}\nThe port reopened at noon.", kind="article") == ["Harbour Post"]
