"""Sides of an event (actor_country, target_country): sentence in, sides out.

A side the text does not state stays null; the document's other main country is
never filled in (GOLD_FORMAT.md: countries from the text or a place it names only).
Every case is our own sentence.
"""
from __future__ import annotations

from datetime import date

import pytest
from sitrep.pipelines.documents import Document
from sitrep.pipelines.extract import extract_events


def sides(resources, text: str, event_type: str, kind: str = "brief", title: str = "") -> list[tuple[str | None, str | None]]:
    doc = Document(doc_id="t", title=title, text=text, kind=kind, published_at=date(2025, 3, 12))
    return [(r["actor_country"], r["target_country"]) for r in extract_events(doc, resources) if r["event_type"] == event_type]


CASUALTY_CASES = [
    # the document is about two countries, but this sentence names only the victims
    ("Seoul and Pyongyang traded accusations. About 40 North Korean soldiers were killed near the front.",
     [(None, "PRK")]),
    # a civil war: the side that struck shares the victims' country
    ("Four Afghan soldiers were killed in an attack by Taliban fighters in Helmand.", [("AFG", "AFG")]),
    ("One rebel fighter was killed in a shelling attack by Ukrainian forces near Donetsk.", [("UKR", "UKR")]),
    ("Two LPR militiamen were killed in Ukrainian army shelling overnight.", [("UKR", "UKR")]),
    # the place before an active verb is where it happened, not who struck
    ("A drone strike on a market in Sumy, Ukraine, killed four people.", [(None, "UKR")]),
    # the victims' country named again for them is not the attacker
    ("Iranian military advisers arrived last year, and 30 Iranian military personnel have been killed since.",
     [(None, "IRN")]),
    # "-backed" names the backer, not the party that struck; "-led" names the one leading it
    ("Malian troops, backed by French forces, killed 20 JNIM fighters near Gao.", [("MLI", "MLI")]),
    ("US-backed fighters killed 12 soldiers in Raqqa, Syria.", [(None, "SYR")]),
    ("A Saudi-led coalition airstrike killed nine people in Yemen.", [("SAU", "YEM")]),
    # a headline's source before the colon is not the attacker
    ("LPR People's Militia: three Ukrainian soldiers killed near the contact line", [(None, "UKR")]),
    # a belligerent's military counting the other side's dead; not a bystander's estimate
    ("Russian losses exceeded 900 killed and wounded, Ukraine’s General Staff said.", [("UKR", "RUS")]),
    ("About 200 Russian soldiers were killed last week, Britain's intelligence agency said.", [(None, "RUS")]),
    # "N members of X": whose people were killed, not the place it happened
    ("A drone strike on a convoy near Aleppo, Syria, killed six members of the Revolutionary Guards.", [(None, "IRN")]),
    # a side's war or invasion names who inflicted the dead
    ("About 9,000 Georgian soldiers have died since the start of Armenia's full-scale invasion.", [("ARM", "GEO")]),
    ("Some 300 Eritrean conscripts were killed in the war with Ethiopia.", [("ETH", "ERI")]),
    # "the war with X" names the other side even where it is read inside the victims' phrase
    ("The minister said the number of Georgian soldiers killed on the front as a result of the war with Armenia "
     "had reached 4,000.", [("ARM", "GEO")]),
    # "X assault" is X's attack
    ("Up to five killed in Ukraine assault on rebel-held villages", [("UKR", "UKR")]),
    # "a <demonym> patrol of N soldiers": the nationality before the body noun is the victims'
    ("A Chadian patrol of six soldiers was killed in an ambush near Lake Chad, the army said.", [(None, "TCD")]),
    ("The council said that a Ghanaian medical team of four people had been killed near the border.", [(None, "GHA")]),
    # up to two words between a side and its strike, tried one at a time ("coalition strike on")
    ("Fourteen people were killed in a Saudi-led coalition strike on a market in Saada.", [("SAU", "YEM")]),
    # ...but a side that sends troops deploys them, it does not strike
    ("Ethiopia sends troops to the border after 12 villagers were killed.", [(None, "ETH")]),
    # where a source sits is neither side ("a UK-based monitor")
    ("Five civilians were killed in the shelling, a UK-based monitor said.", [(None, None)]),
    ("Four Syrian soldiers were killed in the shelling, a UK-based monitor said.", [(None, "SYR")]),
    # a side that says its own forces killed is the one that killed
    ("Ukraine said its forces killed 300 Russian soldiers.", [("UKR", "RUS")]),
    # a transnational group without a country of its own takes the one where it struck
    ("Islamic State claimed an attack that killed 12 Egyptian soldiers in Sinai.", [("EGY", "EGY")]),
    # UN peacekeepers have no country side; the country where they died is not theirs
    ("Two UN peacekeepers were killed in an attack in Kidal, Mali.", [(None, None)]),
    ("Four Nepalese peacekeepers were killed in Kidal.", [(None, "NPL")]),
    ("Three foreign aid workers were killed in an airstrike in Gaza.", [(None, None)]),
    # ...but a UN that only estimates, after the counted phrase, is no victim
    ("Over 300 civilians were killed (PDF) and the UN estimated that 2 million were displaced in Sudan.", [(None, "SDN")]),
    # a sentence opening "In X," names where, whatever the capital letter
    ("In Somalia, the number of soldiers killed this year is 300.", [(None, "SOM")]),
    # a force that losses are inflicted on, or an attack is aimed at, did not strike
    ("About 900 Iranians have been killed, triple the losses inflicted on Iraqi forces last year.", [(None, "IRN")]),
    ("An attack against Kenyan troops killed four civilians in Lamu.", [(None, "KEN")]),
    # ...but not the war the victims were fighting in themselves
    ("About 40 Cuban volunteers were killed while fighting in Armenia's war with Georgia.", [(None, "CUB")]),
    # a country naming where the fighting is, or a military reporting the toll, did not kill
    ("Sudan clashes kill 14 in the west of the country.", [(None, "SDN")]),
    ("The Malian army says 12 civilians killed in a raid on a market.", [(None, "MLI")]),
    ("The Malian army says it killed 12 militants in a raid.", [("MLI", "MLI")]),
    # the group that reports is not the one whose strikes it reports; "says it killed" is
    ("Hamas says Israeli strikes killed 40 Palestinians in Rafah.", [("ISR", "PSE")]),
    ("Israel says it killed 30 Hamas fighters in Khan Younis.", [("ISR", "PSE")]),
    # words between the side and its attack noun
    ("An Israeli precision air strike killed two men in Tyre, Lebanon.", [("ISR", "LBN")]),
    # "from the UK-based monitor" names where a source sits, not who struck
    ("Research from the UK-based institute puts the toll at 300 Syrian soldiers killed.", [(None, "SYR")]),
    # a place that names a war the victim once fought in is neither his side nor where he died
    ("Omar Said, a commander who fought in the Yemen war, was killed in an airstrike in Baghdad, Iraq.", [(None, "IRQ")]),
    # the maker or supplier of equipment named after "by" did not strike
    ("Russian shelling killed two Ukrainian soldiers and destroyed a howitzer made by Germany.", [("RUS", "UKR")]),
    # a US state whose name starts with a country's is the state, not that country (and the
    # militiamen, a group without a nation of its own, take the country where they struck)
    ("Two men were shot dead by militiamen in Indiana.", [("USA", "USA")]),
    # a capital naming an attack that happened there is neither who struck nor whose people died
    ("A planner of the Madrid bombings was killed in a drone strike in Idlib, Syria.", [(None, "SYR")]),
    ("An aide linked to the Nairobi attack cell was killed in a raid in Kismayo, Somalia.", [(None, "SOM")]),
    # ...but a capital's own strikes are its state's
    ("Moscow's strikes killed four people in Kharkiv.", [("RUS", "UKR")]),
    # attackers named only by what they are take the country where the sentence places them...
    ("Militants stormed a police post in Garissa, Kenya, killing four officers.", [("KEN", "KEN")]),
    # ...not when they are the dead, nor when the sentence places them nowhere
    ("Seven militants were killed in clashes in Garissa, Kenya.", [(None, "KEN")]),
    ("Gunmen killed four guards at a hotel gate.", [(None, None)]),
]


@pytest.mark.parametrize(("text", "expected"), CASUALTY_CASES, ids=[c[0][:50] for c in CASUALTY_CASES])
def test_casualty_sides(resources, text, expected):
    assert sides(resources, text, "casualty_report") == expected


CAPTURE_CASES = [
    # the captor after the verb: "surrendered to", "by"
    ("Three Thai soldiers surrendered to the Burmese army after a week of clashes.", [("MMR", "THA")]),
    # "from" names where the captives came from, not who took them
    ("Two aid workers from Nepal were kidnapped by unidentified gunmen.", [(None, "NPL")]),
    # separatist formations in Donbas are based in Ukraine, whatever they are called
    ("Four Ukrainian marines were captured by pro-Moscow fighters near Horlivka.", [("UKR", "UKR")]),
    # captives of several nationalities: their side is null
    ("Reporters with Italian broadcaster RAI and the French daily Le Monde were detained at a checkpoint.", [(None, None)]),
    # the counted people broken down by origin: several countries, so no side
    ("Four aid workers - one from Chad and three from Peru - were kidnapped by rebels near the border.", [(None, None)]),
    ("Videos show testimonies from Russian servicemen captured near the border, the Ukrainian security service said.",
     [(None, "RUS")]),
    # no captor stated, though the document names two countries
    ("Kyiv and Moscow traded blame. Twelve Russian soldiers were captured overnight.", [(None, "RUS")]),
    # a state's soldiers taken in another country are held by that country...
    ("Three Ethiopian soldiers were captured in Eritrea on Sunday.", [("ERI", "ETH")]),
    # ...not civilians kidnapped abroad, nor soldiers taken in a region the invader holds
    ("Two French aid workers were kidnapped in Niger.", [(None, "FRA")]),
    ("Two North Korean soldiers were captured in the Kursk region.", [(None, "PRK")]),
    # a transnational group takes the country where it struck, which the captives share
    ("A Yazidi girl was kidnapped by Islamic State fighters in Sinjar, Iraq.", [("IRQ", "IRQ")]),
    # a UN force has no country side, a peacekeeper's stated nationality is his
    ("Three members of a United Nations mission to Mali have been abducted.", [(None, None)]),
    ("Two Nepalese peacekeepers were abducted near Gao.", [(None, "NPL")]),
    # people said to be from elsewhere ("foreign", "Western") are not the place's side
    ("Rebels detained two teams of Western reporters in eastern Ukraine.", [("UKR", None)]),
    # a non-state captor takes the country where it struck
    ("Two engineers were kidnapped by armed men in Zamfara, Nigeria.", [("NGA", "NGA")]),
]


@pytest.mark.parametrize(("text", "expected"), CAPTURE_CASES, ids=[c[0][:50] for c in CAPTURE_CASES])
def test_capture_sides(resources, text, expected):
    assert sides(resources, text, "capture") == expected


def test_group_spelt_in_lower_case_is_the_attacker(resources):
    assert sides(resources, "An al-Shabaab gunman killed four guards at a hotel gate.", "casualty_report") == [("SOM", "SOM")]


DEPLOYMENT_CASES = [
    # troops on their own border with a neighbour stay in their own country
    ("Belarus held drills near Grodno and Belarus closed roads. Lithuania deployed 500 soldiers on its border with Belarus.",
     [("LTU", "LTU")]),
    # a destination the gazetteer places in no one country leaves the target null
    ("Canada sent 300 marines to the Arctic Circle.", [("CAN", None)]),
    # no place in the sentence: the country the document is about receives them
    ("Rebels advanced on towns across the Central African Republic. Rwanda also sends troops to support the government.",
     [("RWA", "CAF")]),
    # a domestic deployment: the unnamed army of the country where it goes
    ("Fighting spread across Nigeria. Soldiers were deployed to the towns.", [("NGA", "NGA")]),
]


@pytest.mark.parametrize(("text", "expected"), DEPLOYMENT_CASES, ids=[c[0][:50] for c in DEPLOYMENT_CASES])
def test_deployment_sides(resources, text, expected):
    assert sides(resources, text, "deployment") == expected


def test_a_sides_losses_were_inflicted_by_the_other_party_of_the_document(resources):
    # "X lost N troops", "X's losses amounted to N": the sentence names only the side that lost;
    # the one that inflicted them is the other party of the two-sided conflict the document is about
    text = (
        "Armenian forces repelled attacks by Georgian units near Dilvar. Armenia said its artillery hit "
        "two depots. The Georgian army lost up to 40 troops and two tanks."
    )
    assert sides(resources, text, "casualty_report") == [("ARM", "GEO")]
    # ...and a document about one country alone gives no other party to guess
    assert sides(resources, "The Georgian army lost up to 40 troops and two tanks.", "casualty_report") == [(None, "GEO")]


def test_a_brief_title_names_the_country_the_victims_are_in(resources):
    text = "Two police officers were killed in an ambush on a highway."
    assert sides(resources, text, "casualty_report", title="Colombian armed conflict") == [(None, "COL")]
    assert sides(resources, text, "casualty_report") == [(None, None)]


PAIR_CASES = [
    # two sides named as the ones fighting: the victims' side leaves the other as attacker
    ("Armenian and Azerbaijani forces exchange fire on the border, leaving three Azeri soldiers dead.", [("ARM", "AZE")]),
    ("Clashes between Sudanese and Chadian troops killed 12 Chadian soldiers.", [("SDN", "TCD")]),
    # ...and when the victims' side is not said, neither side is guessed
    ("India and Pakistan exchanged artillery fire across the frontier, killing four civilians.", [(None, None)]),
    # "the X-Y war": both sides of it, so neither is the one that killed nor the victims'
    ("Talks resumed on ending the Ethiopia-Eritrea war, which has killed 80,000 people.", [(None, None)]),
]


@pytest.mark.parametrize(("text", "expected"), PAIR_CASES, ids=[c[0][:50] for c in PAIR_CASES])
def test_casualty_sides_of_two_fighting_parties(resources, text, expected):
    assert sides(resources, text, "casualty_report") == expected


@pytest.mark.parametrize(
    ("text", "refers_back"),
    [
        ("They killed six guards at the gate.", True),
        ("At dawn, the assault left nine people dead.", True),
        ("Two porters also died in the ambush.", True),
        ("Of these, forty were civilians.", True),
        ("Gunmen killed six guards at the gate.", False),
        ("An assault on the depot left nine people dead.", False),
    ],
)
def test_a_sentence_refers_back_to_an_attack(resources, text, refers_back):
    from sitrep.pipelines.extract.roles import refers_back_to_attack

    assert refers_back_to_attack(text, resources.rules) is refers_back


@pytest.mark.parametrize(
    ("text", "attacker"),
    [
        ("Taliban fighters stormed a checkpoint in the valley.", "AFG"),
        ("Russian forces shelled the town overnight.", "RUS"),
        ("The town was shelled overnight by Russian forces.", "RUS"),
        ("Three Ukrainian soldiers were buried in Lviv.", None),
        ("The ministry in Kyiv said: Russian shelling killed two.", "RUS"),
    ],
)
def test_the_side_a_sentence_names_as_the_attacker(resources, text, attacker):
    from sitrep.pipelines.extract.roles import country_mentions, named_attacker

    assert named_attacker(text, country_mentions(text, resources.rules), resources.rules) == attacker
