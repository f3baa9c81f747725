"""The extractor's one-sentence regression cases, in our own words: each is one short text and the
events expected from it (event type plus the fields worth pinning; an empty list means the text
asserts no event). tests/pipelines/extract/test_extract.py runs them; the gate's and the speed
checks' corpora (tests/support/texts.py) read their texts."""
from __future__ import annotations

from datetime import date

CASES = [
    # --- casualty reports
    # the body named after "in the ranks of" is the victims' own side, as after "among"
    ("Officials reported 40 casualties in the ranks of Ethiopian troops after the ambush.",
     [("casualty_report", {"casualties": 40, "actor_country": None, "target_country": "ETH"})]),
    ("At least 12 villagers were killed and 30 injured when militants raided a market in Borno, Nigeria.",
     [("casualty_report", {"killed": 12, "killed_qualifier": "at_least", "injured": 30, "injured_qualifier": "exact", "target_country": "NGA"})]),
    ("An airstrike killed three soldiers and a medic near the border.",
     [("casualty_report", {"killed": 4, "injured": None, "casualties": None})]),
    ("Shelling killed five civilians and wounded more than a dozen others in Kharkiv.",
     [("casualty_report", {"killed": 5, "injured": 12, "injured_qualifier": "at_least"})]),
    ("A Syrian soldier was shot dead by a sniper.",
     [("casualty_report", {"killed": 1, "target_country": "SYR"})]),
    ("Israeli strikes kill 40 Palestinians across Gaza.",
     [("casualty_report", {"killed": 40, "actor_country": "ISR", "target_country": "PSE"})]),
    ("The ministry said some 4,500 soldiers were killed and wounded in the offensive.",
     [("casualty_report", {"casualties": 4500, "casualties_qualifier": "approx", "killed": None})]),
    ("Rebels say enemy casualties have exceeded 2,000.",
     [("casualty_report", {"casualties": 2000, "casualties_qualifier": "at_least"})]),
    ("The army lost up to 60 troops in the battle.",
     [("casualty_report", {"casualties": 60, "casualties_qualifier": "at_most"})]),
    # a bulletin's losses with where or when before the verb, or listed after a colon
    ("The enemy's losses in the Kell direction amounted to over 200 troops.",
     [("casualty_report", {"casualties": 200, "casualties_qualifier": "at_least"})]),
    ("Enemy losses over the past 24 hours: 1,150 personnel, 12 tanks and 30 drones, the General Staff reported.",
     [("casualty_report", {"casualties": 1150, "reported_by": "the General Staff"})]),
    ("Losses in the sector over the past day: 12 tanks and 30 drones.", []),
    # a side's own losses with the count spelled out
    ("Rebels lost forty fighters in the clashes.",
     [("casualty_report", {"casualties": 40})]),
    ("The unit lost four men in the ambush.",
     [("casualty_report", {"casualties": 4})]),
    ("Between 10 and 15 fighters died in the clashes.",
     [("casualty_report", {"killed": 10, "killed_qualifier": "range", "killed_high": 15})]),
    ("Two police officers killed in ambush - army spokesman", "headline",
     [("casualty_report", {"killed": 2, "reported_by": "army spokesman"})]),
    # the figure before "fatalities were reported" is the subject, not a list that follows
    ("At least four fatalities were reported among the gunmen after the raid on the depot.",
     [("casualty_report", {"killed": 4, "killed_qualifier": "at_least"})]),
    ("Seven fatalities were confirmed by the district hospital after the shelling.",
     [("casualty_report", {"killed": 7})]),
    ("The fatalities were two soldiers and a driver.",
     [("casualty_report", {"killed": 3})]),
    # an event denied in a "that" clause is not asserted, of any type
    ("The ministry denied that 50 soldiers were killed in the raid.", []),
    ("Kell denied that it had sent troops to the border.", []),
    ("The army denied the report, but said two soldiers had been killed.",
     [("casualty_report", {"killed": 2})]),
    # a part of the day after the day the sentence before gave
    ("Gunmen killed six people in Kell on Monday. The next morning, two more bodies were found.",
     [("casualty_report", {"killed": 6, "event_date": date(2024, 5, 6)}), ("casualty_report", {"killed": 2, "event_date": date(2024, 5, 7)})]),
    # a rate per day or month is a general statement, no toll; a day counted from another is a date
    ("Around 30 civilians are killed every day in the fighting.", []),
    ("The army is losing about 500 soldiers a day on the front.", []),
    ("Three soldiers were killed a day after the ceasefire began.",
     [("casualty_report", {"killed": 3})]),
    ("Militants killed 40 villagers in a single day last week.",
     [("casualty_report", {"killed": 40})]),
    # a headline may end with the place an attack verb takes
    ("Four killed as rebels shell Donetsk", "headline",
     [("casualty_report", {"killed": 4, "location": "Donetsk"})]),
    # a known town named by the strike on it is where it happened, without a weapon word after it
    ("Two soldiers killed, five wounded in Kharkiv shelling", "headline",
     [("casualty_report", {"killed": 2, "injured": 5, "location": "Kharkiv"})]),
    ("Three police officers were killed in a Lamu IED blast.",
     [("casualty_report", {"killed": 3, "location": "Lamu"})]),
    # the group-named people or unit an attack hit are no place; the locative after them is
    ("On 5 March 2020, militants ambushed a KDF patrol near Kiunga, Lamu county, killing 3 soldiers.", "note",
     [("casualty_report", {"killed": 3, "location": "Kiunga, Lamu county"})]),
    ("Pokot raiders attacked Turkana herders in Kapedo, killing 2.",
     [("casualty_report", {"killed": 2, "location": "Kapedo"})]),
    ("Fighting between Darvo and Kell militias near Orvan killed four people.",
     [("casualty_report", {"killed": 4, "location": "Orvan"})]),
    # a nationality that names a place attacked is where, not who struck
    ("Settlers attacked a Palestinian village, wounding five people.",
     [("casualty_report", {"injured": 5, "actor_country": None, "target_country": "PSE"})]),
    ("Kenyan troops raided the camp, killing five militants.",
     [("casualty_report", {"killed": 5, "actor_country": "KEN"})]),
    # a ship's crew killed by a group are not of the group's own land; named, they are theirs
    ("Houthi missiles hit a ship in the Gulf of Aden, killing three crew members.",
     [("casualty_report", {"killed": 3, "actor_country": "YEM", "target_country": None})]),
    ("Houthi missiles hit a ship, killing three Filipino crew members.",
     [("casualty_report", {"killed": 3, "actor_country": "YEM", "target_country": "PHL"})]),
    # a state named only as the one striking says nothing of whose people died
    ("Forty people were killed in Israel strikes.",
     [("casualty_report", {"killed": 40, "actor_country": "ISR", "target_country": None})]),
    ("Russia's shelling killed four people overnight.",
     [("casualty_report", {"killed": 4, "actor_country": "RUS", "target_country": None})]),
    # a title in lower case before the name is dropped as a capitalised one is
    ("Two people were killed in the shelling of the town, regional governor Omar Lado said.",
     [("casualty_report", {"killed": 2, "reported_by": "Omar Lado"})]),
    ("Two people were killed in the shelling of the town, the regional governor said.",
     [("casualty_report", {"killed": 2, "reported_by": "the regional governor"})]),
    # a force that reports a toll, after it or behind "according to", is not shown striking
    ("Six soldiers were killed in the attack, the Kenyan army said.",
     [("casualty_report", {"killed": 6, "actor_country": None, "reported_by": "the Kenyan army"})]),
    ("Six civilians were killed in the ambush, according to a statement from the Nigerian army.",
     [("casualty_report", {"killed": 6, "actor_country": None})]),
    ("Six civilians were killed by the Nigerian army, according to residents.",
     [("casualty_report", {"killed": 6, "actor_country": "NGA", "reported_by": "residents"})]),
    # groups named as the two sides of a clash attack no one of the other: no actor from the place
    ("Ten people were killed in clashes between rival militias in Mandera.",
     [("casualty_report", {"killed": 10, "actor_country": None, "target_country": "KEN"})]),
    ("Ten people were killed when militants attacked a village in Mandera.",
     [("casualty_report", {"killed": 10, "actor_country": "KEN"})]),
    # an apposition saying who a counted group's people were names no one more; a list that
    # goes on after its comma does
    ("One soldier, a sergeant, was killed in the ambush.",
     [("casualty_report", {"killed": 1})]),
    ("Two civilians, a teacher and a nurse, were killed by gunmen.",
     [("casualty_report", {"killed": 2})]),
    ("A teacher, a nurse, and a driver were killed by gunmen.",
     [("casualty_report", {"killed": 3})]),
    ("Two soldiers, a policeman, and a driver were killed at the checkpoint.",
     [("casualty_report", {"killed": 4})]),
    ("Gunmen shot dead a headman in the market.",
     [("casualty_report", {"killed": 1})]),
    # two singular victims of a trade or calling joined by "and" count two
    ("A teacher and a shopkeeper were shot dead by gunmen near the mosque.",
     [("casualty_report", {"killed": 2})]),
    ("Militants killed a vendor and two pedestrians at the crossing.",
     [("casualty_report", {"killed": 3})]),
    # the victims as the subject of "among the dead/wounded"; one where the subject is singular
    ("Two children were among the dead after the air strike on the market.",
     [("casualty_report", {"killed": 2})]),
    ("A border guard was among those killed in the ambush.",
     [("casualty_report", {"killed": 1})]),
    ("Four police officers were among the wounded after the bombing.",
     [("casualty_report", {"injured": 4, "killed": None})]),
    # ... but the whole toll where "among" is followed by it
    ("The driver was among 14 people killed in the bombing of the bus station.",
     [("casualty_report", {"killed": 14})]),
    # lives as the counted noun
    ("At least 40 lives were lost when militants attacked the garrison.",
     [("casualty_report", {"killed": 40, "killed_qualifier": "at_least"})]),
    # a figure of lives taken is no statement: the shelling is no source
    ("The shelling claimed at least 12 lives on Sunday.",
     [("casualty_report", {"killed": 12, "reported_by": None})]),
    ("The governor claimed 12 gunmen took part in the raid that killed two guards.",
     [("casualty_report", {"killed": 2, "reported_by": "The governor"})]),
    # "in hospital" is a state, not the place of the event
    ("A soldier wounded in the shelling later died in hospital.",
     [("casualty_report", {"location": None})]),
    # attackers who die by their own attack: "killing only themselves" counts the subject
    ("Two suicide bombers detonated their vests at a checkpoint near Kesh, killing only themselves.",
     [("casualty_report", {"killed": 2})]),
    ("A suicide bomber set off his belt outside a mosque in Kesh, killing only himself.",
     [("casualty_report", {"killed": 1})]),
    ("Two suicide bombers detonated their vests at a checkpoint near Kesh, killing three guards.",
     [("casualty_report", {"killed": 3})]),
    ("The fighters were told to kill themselves rather than surrender in Kesh.", []),
    # "military" standing as a plural noun after a count is service members; before a noun it is not
    ("Shelling near Kesh led to the death of two Ukrainian military", "headline",
     [("casualty_report", {"killed": 2, "target_country": "UKR"})]),
    ("Rebel fire destroyed two military trucks near Kesh.", []),
    # "all" before the number of the victims counts them ("killing all 12 passengers")
    ("Gunmen fired on a minibus near Kesh, killing all 14 passengers.",
     [("casualty_report", {"killed": 14})]),
    ("Gunmen fired on a minibus near Kesh, killing all four of the guards.",
     [("casualty_report", {"killed": 4})]),
    # "a total of" before the number of the victims counts them
    ("Raiders struck three villages near Kesh, killing a total of 15 herders.",
     [("casualty_report", {"killed": 15})]),
    # "claimed 6 lives" is a taking, whatever count it names: its subject is no source
    ("Clashes between two clans near Kesh claimed 6 lives.",
     [("casualty_report", {"killed": 6, "reported_by": None})]),
    ("The governor claimed that the clashes near Kesh cost 6 lives.",
     [("casualty_report", {"killed": 6, "reported_by": "The governor"})]),
    # "N were among those killed" counts its subject, as "among the dead were N" counts the object
    ("Two guards were among those killed when rebels raided the depot near Kesh.",
     [("casualty_report", {"killed": 2})]),
    ("A medic was among the dead after the strike on Kesh.",
     [("casualty_report", {"killed": 1})]),
    ("Two guards were among those questioned after the raid on the depot near Kesh.", []),
    # "not less than N" is a lower bound (read whole, so "not" negates nothing and "less than" bounds nothing)
    ("Raiders killed not less than 30 herders near Kesh.",
     [("casualty_report", {"killed": 30, "killed_qualifier": "at_least"})]),
    ("Raiders killed less than 30 herders near Kesh.",
     [("casualty_report", {"killed": 30, "killed_qualifier": "at_most"})]),
    # a headline's toll without the article, at its start or after the attack it counts
    ("Toll from Kesh market blast climbs to 20", "headline",
     [("casualty_report", {"killed": 20})]),
    ("Kesh market blast toll rises to 20", "headline",
     [("casualty_report", {"killed": 20})]),
    ("Kesh motorway toll rises to 20 euros", "headline", []),
    # a fatal or mortal wound is a death, not an injury
    ("Two guards were mortally wounded when rebels raided the depot near Kesh.",
     [("casualty_report", {"killed": 2, "injured": None})]),
    ("A sniper fatally wounded a soldier near Kesh.",
     [("casualty_report", {"killed": 1, "injured": None})]),
    ("Two guards were seriously wounded when rebels raided the depot near Kesh.",
     [("casualty_report", {"killed": None, "injured": 2})]),
    # the lives counted after a verb of taking are people, whatever follows the noun
    ("The clashes near Kesh claimed 30 lives over the weekend.",
     [("casualty_report", {"killed": 30})]),
    ("Medics near Kesh saved 30 lives over the weekend.", []),
    # "a death toll of N" gives N, not what follows a later verb ("was reported")
    ("A death toll of 11 was reported after the raid on Kesh.",
     [("casualty_report", {"killed": 11})]),
    ("The death toll of the raid on Kesh rose to 40.",
     [("casualty_report", {"killed": 40})]),
    # a vehicle that hits a mine is an attack, not a road accident
    ("Two drivers were killed when their truck struck an anti-tank mine near the front line.",
     [("casualty_report", {"killed": 2})]),
    # a running total named without "toll" replaces the parts counted before it
    ("Gunmen killed four guards at the depot, bringing total deaths to nine this week.",
     [("casualty_report", {"killed": 9})]),
    ("A drone strike killed two fighters, raising the number of dead to eleven.",
     [("casualty_report", {"killed": 11})]),
    # a person noun that only modifies the next noun ("a passenger bus") is no victim of its own
    ("Four guards escorting a passenger train were killed when rebels ambushed it near the border.",
     [("casualty_report", {"killed": 4})]),
    ("The blast tore through the market, resulting in a person getting killed.",
     [("casualty_report", {"killed": 1})]),
    # a report the speaker rejects states no figure (the figure the speaker gives still counts)
    ("A herder was shot dead at the well. The district officer dismissed reports that 20 people were killed.",
     [("casualty_report", {"killed": 1})]),
    ("Police shot dead two protesters at the rally against the new tax.",
     [("casualty_report", {"killed": 2})]),
    # a second clause of the dead in the same sentence names a further group: the groups add up
    ("At least 6 rebels were killed in the fighting and 3 soldiers were killed in the ambush.",
     [("casualty_report", {"killed": 9, "killed_qualifier": "at_least"})]),
    ("Herders clash with rangers at the well. 2 herders killed and 2 rangers killed.",
     [("casualty_report", {"killed": 4})]),
    ("Gunmen killed four villagers and soldiers killed two gunmen in the clash.",
     [("casualty_report", {"killed": 6})]),
    ("A guard was killed and three porters were killed by the blast.",
     [("casualty_report", {"killed": 4})]),
    ("Riots spread - 2 students were killed by gunfire - 3 traders were killed as they fled.",
     [("casualty_report", {"killed": 5})]),
    # ...but not a second source's figure, the same dead again, or a running total
    ("Police say three were killed and residents say ten were killed.",
     [("casualty_report", {"killed": 3})]),
    ("Ten people were killed, and the ten killed were all farmers.",
     [("casualty_report", {"killed": 10})]),
    ("Five people died in the raid, including two women who died in hospital.",
     [("casualty_report", {"killed": 5})]),
    ("Five were killed in the raid and at least 100 have been killed this year.",
     [("casualty_report", {"killed": 5})]),
    # a clause break inside a parenthesis in the subject does not cut the count off its verb
    ("At least 8 villagers including a teacher and his son (unarmed since the truce) were killed.",
     [("casualty_report", {"killed": 8, "killed_qualifier": "at_least"})]),
    # bodies brought to a morgue are people dead (an accident's are not)
    ("Nine bodies were brought to the district morgue after the militia raid.",
     [("casualty_report", {"killed": 9})]),
    ("The clashes saw 30 bodies taken to the city mortuary overnight.",
     [("casualty_report", {"killed": 30})]),
    ("Fourteen bodies were taken to the mortuary after the bus plunged off the road.", []),
    # a headline's age noun without its article is one person
    ("Shelling kills 9-year-old in frontline village", "headline",
     [("casualty_report", {"killed": 1})]),
    ("Drone kills 70-year-old woman near Lomara - governor", "headline",
     [("casualty_report", {"killed": 1, "reported_by": "governor"})]),
    # "fatally" or "summarily" makes a shooting a killing
    ("Two guards were fatally shot at the checkpoint by rebels.",
     [("casualty_report", {"killed": 2})]),
    ("The militia summarily shot three prisoners near the camp.",
     [("casualty_report", {"killed": 3})]),
    # the owner of the medium a figure is published on is its source
    ("According to the official Telegram channel of the Marovian army, 12 rebels were killed near Dorvan.",
     [("casualty_report", {"killed": 12, "reported_by": "the Marovian army"})]),
    # an institution's headquarters is no place: the town it stands in is
    ("A suicide blast near the Marovian Security Service headquarters in Dorvan kills 6.",
     [("casualty_report", {"killed": 6, "location": "Dorvan"})]),
    # fighting that takes hold of a place names where it happened
    ("Four killed as clashes grip Marovia ahead of the talks",
     [("casualty_report", {"killed": 4, "location": "Marovia"})]),
    # a count in the complement of a clause modifying the subject is not the subject's count
    ("Two men accused of several murders were shot dead by a militia.",
     [("casualty_report", {"killed": 2})]),
    ("A gunman wanted for three killings was killed in a raid near Dorvan.",
     [("casualty_report", {"killed": 1})]),
    ("Two men accused of three murders were shot dead.",
     [("casualty_report", {"killed": 2})]),
    # one person's body found is one dead; the body of one already counted is no further group
    ("His body was found on a roadside near Dorvan two days after gunmen seized him.",
     [("casualty_report", {"killed": 1})]),
    ("Her body was recovered from the river by villagers.",
     [("casualty_report", {"killed": 1})]),
    ("A trader was shot dead and his body was dumped near the market in Mellow.",
     [("casualty_report", {"killed": 1})]),
    ("A farmer was killed and his son was killed in the raid.",
     [("casualty_report", {"killed": 2})]),
    ("His body was found after he drowned in the lake.", []),
    ("His body was found to be covered in bruises.", []),
    # a trial named as absent is no court case: the judicial block stays off
    ("Gunmen shot dead two farmers without trial in the village of Dorvan.",
     [("casualty_report", {"killed": 2})]),
    ("The rebels executed three captives without a fair trial.",
     [("casualty_report", {"killed": 3})]),
    ("The trial of the men who killed two guards opened on Monday.", []),
    # a plural noun of killing after a preposition names deeds: it does not cut the subject off
    ("Two men accused of murders were shot dead by a militia.",
     [("casualty_report", {"killed": 2})]),
    ("Three guards wanted for killings in the valley were killed in a raid.",
     [("casualty_report", {"killed": 3})]),
    # a casualty sentence that refers back to the attack ("They", "The bombardment") takes the side
    # that struck from the sentence before that named it; one that does not refer back stays unsided
    ("Taliban fighters stormed a checkpoint in Helmand. They killed nine Afghan police officers.",
     [("casualty_report", {"killed": 9, "actor_country": "AFG", "target_country": "AFG"})]),
    ("Syrian government forces shelled the village at dawn. The bombardment killed four residents.",
     [("casualty_report", {"killed": 4, "actor_country": "SYR", "target_country": None})]),
    ("Taliban fighters stormed a checkpoint in Helmand. Nine Afghan police officers were killed, officials said.",
     [("casualty_report", {"killed": 9, "actor_country": None, "target_country": "AFG"})]),
    ("Syrian government forces shelled the village at dawn. Elsewhere, a landmine killed four residents.",
     [("casualty_report", {"killed": 4, "actor_country": None})]),
    # a country glued to "-flagged"/"-owned" says where a ship belongs, not whose people died
    ("Two crew members of a Liberian-flagged tanker were killed in the drone strike.",
     [("casualty_report", {"killed": 2, "target_country": None})]),
    ("Two Liberian sailors were killed in the drone strike.",
     [("casualty_report", {"killed": 2, "target_country": "LBR"})]),
    # "firing" is an attack noun: its modifier is the side that struck
    ("An Indian soldier was killed in Pakistani firing along the Line of Control.",
     [("casualty_report", {"killed": 1, "actor_country": "PAK", "target_country": "IND"})]),
    # "20 km from X" places the event; it names no side that struck from X
    ("Twelve people were killed in the village, which lies 20 km from Maiduguri.",
     [("casualty_report", {"killed": 12, "actor_country": None, "target_country": "NGA"})]),
    ("Two soldiers were killed by rockets fired from Lebanon.",
     [("casualty_report", {"killed": 2, "actor_country": "LBN"})]),
    # an attack that "claimed the lives" of people took them: it is no source of the figure
    ("The bombing claimed the lives of 17 people at the market.", [("casualty_report", {"killed": 17, "reported_by": None})]),
    ("The army claimed that 17 fighters were killed at the market.", [("casualty_report", {"killed": 17, "reported_by": "The army"})]),
    # a country the text names only as the adjective of the attack struck; it is no guess at whose
    # people died (a name or a group would be: a civil war's sides share the country)
    ("Nine people died in an Israeli airstrike.", [("casualty_report", {"actor_country": "ISR", "target_country": None})]),
    ("Taliban gunmen killed two policemen at a checkpoint.",
     [("casualty_report", {"actor_country": "AFG", "target_country": "AFG"})]),
    # the side a source blames for the attack is the one it says struck; blamed for something else, not
    ("Kyiv blamed Russia for the strike that killed 14 civilians in Sumy.",
     [("casualty_report", {"killed": 14, "actor_country": "RUS", "target_country": "UKR", "reported_by": "Kyiv"})]),
    ("Turkey accused Sweden of sheltering militants after the killing of 13 soldiers.",
     [("casualty_report", {"killed": 13, "actor_country": None})]),
    # no one is no source
    ("Nobody has claimed the blast that killed nine people in Quetta.", [("casualty_report", {"killed": 9, "reported_by": None})]),
    # attackers said to be of unknown identity take no side from where they struck; others do
    ("Unknown gunmen shot dead a village chief in Borno.", [("casualty_report", {"killed": 1, "actor_country": None})]),
    ("Gunmen shot dead a village chief in Borno.", [("casualty_report", {"killed": 1, "actor_country": "NGA"})]),
    # --- no casualty report
    ("No one was hurt in the attack on the convoy.", []),
    ("There were no casualties.", []),
    ("A landslide killed 20 people in the mountains after heavy rain.", []),
    ("The unit was ordered to kill themselves rather than surrender.", []),
    ("The militia denies killing the protesters.", []),
    ("Dozens of people were injured in the stampede at the stadium.", []),
    ("The attack destroyed 12 tanks and 4 armoured vehicles.", []),
    ("The families of the dead soldiers gathered in the square.", []),
    ("Bringing the dead to the morgue took the volunteers all night.", []),
    # a killing named as the cause of a protest is background, not a new report
    ("Hundreds of residents rallied against the killing of a local trader by unknown men.", []),
    # a place taken is not a capture, even when the place comes before the verb
    ("The general says his troops still hold the only city they captured last year.", []),
    ("Residents returned to the villages that were captured in the spring.", []),
    ("Near the town rebels captured three soldiers.", [("capture", {"captured": 3})]),
    # road, industrial and crowd accidents are not armed-conflict casualties
    ("Fourteen pilgrims are killed when their minibus plunges off a mountain road.", []),
    # soldiers in the vehicle make it no attack: only a mine, a strike or gunfire would
    ("Four soldiers were killed when their army truck overturned on a bend near Dorvan.", []),
    ("Two soldiers were killed when their truck was hit by a land mine near Dorvan.",
     [("casualty_report", {"killed": 2})]),
    ("Nine workers die in a boiler explosion at a textile plant outside the city.", []),
    ("At least 40 people are killed in a crowd crush at a religious festival.", []),
    ("Six people are injured after a fire breaks out at a shopping centre.", []),
    ("Twenty diners are killed in a nightclub fire in the capital.", []),
    ("The prisoner is executed by the state after his last appeal fails.", []),
    # ...but an attack on a vehicle or a building is one
    ("Gunmen ambush a bus on the highway, killing seven passengers.",
     [("casualty_report", {"killed": 7})]),
    # --- deployments
    ("Kenya deploys 500 troops to Haiti to fight the gangs.",
     [("deployment", {"troops": 500, "troops_qualifier": "exact", "actor_country": "KEN", "target_country": "HTI"})]),
    ("About 2,000 French soldiers arrive in Estonia.",
     [("deployment", {"troops": 2000, "troops_qualifier": "approx", "actor_country": "FRA", "target_country": "EST"})]),
    ("Pyongyang has sent more than 8,000 troops to help Moscow.",
     [("deployment", {"troops": 8000, "troops_qualifier": "at_least", "actor_country": "PRK", "target_country": "RUS"})]),
    ("Riot police were deployed to disperse the crowd.", []),
    ("The navy deployed two warships and a submarine to the strait.", []),
    ("The government plans to send troops to the region next month.", []),
    ("Troops could be deployed if the violence continues.", []),
    ("Some 20,000 North Koreans defected to the South over the years.", []),
    # personnel moving into a place or rushed there are deployed; a manoeuvre into position is not
    ("Government troops moved into the old quarter of the city on Sunday.", [("deployment", {"troops": None})]),
    ("The army rushed 2,000 soldiers to the northern province.", [("deployment", {"troops": 2000})]),
    ("Soldiers moved into position before the assault.", []),
    ("Thousands of civilians moved into the shelters.", []),
    # no sender named: a state's own forces moved within it are its own; a multinational or UN
    # force sent there is not the destination's
    ("Troops were deployed to Kharkiv on Monday.", [("deployment", {"actor_country": "UKR", "target_country": "UKR"})]),
    ("Additional NATO forces were sent to Kosovo after the clashes.",
     [("deployment", {"actor_country": None, "target_country": "XKX"})]),
    ("More peacekeepers were sent to Mali.", [("deployment", {"actor_country": None, "target_country": "MLI"})]),
    # personnel sent to "the X border" stay on their own side of it; to X itself they cross
    ("Poland sent 10,000 soldiers to the Belarus border.",
     [("deployment", {"troops": 10000, "actor_country": "POL", "target_country": "POL"})]),
    # a ship's crew seized by a group is not of the group's own land
    ("Houthi rebels seized the crew of a cargo ship in the Red Sea.",
     [("capture", {"actor_country": "YEM", "target_country": None})]),
    ("Houthi rebels seized 20 Yemeni fishermen in the Red Sea.",
     [("capture", {"captured": 20, "actor_country": "YEM", "target_country": "YEM"})]),
    # "captured" qualifying the object of another deed tells that deed, no capture
    ("Russian troops executed five captured Ukrainian soldiers near the river.",
     [("casualty_report", {"killed": 5, "actor_country": "RUS", "target_country": "UKR"})]),
    ("Troops killed two fighters and captured five soldiers near the river.",
     [("casualty_report", {"killed": 2}), ("capture", {"captured": 5})]),
    # where captives are kept is the captor's ground, not their side; where they were taken is
    ("The militia is holding 40 hostages in Gaza.",
     [("capture", {"captured": 40, "target_country": None})]),
    ("Militants kidnapped three engineers in Iraq.",
     [("capture", {"captured": 3, "target_country": "IRQ"})]),
    # the owner of a proposal makes the offer; a swap rejected was offered, not done
    ("Russia has rejected Ukraine's proposal for an all-for-all prisoner exchange.",
     [("prisoner_exchange_offer", {"stage": "offer", "actor_country": "UKR", "target_country": "RUS"})]),
    ("Russia rejected a prisoner swap with Ukraine.",
     [("prisoner_exchange_offer", {"stage": "offer", "actor_country": "RUS", "target_country": "UKR"})]),
    # people handed over "in exchange for" others are an exchange's captives even with no
    # custody word; handed over for goods, money or information they are not
    ("Azerbaijan returned five Armenian soldiers in exchange for two of its own.",
     [("prisoner_exchange_offer", {"stage": "completed", "actor_country": "AZE", "target_country": "ARM"})]),
    ("The army released 30 villagers in exchange for information on the rebels.", []),
    # a swap of people named only as captured nationals; a swap of things is none
    ("Kyiv offered to swap the captured North Koreans for Ukrainians held in Russia.",
     [("prisoner_exchange_offer", {"stage": "offer", "actor_country": "UKR", "target_country": "RUS"})]),
    ("The rebels swapped the captured tanks for fuel.", []),
    # fighters hired from abroad are not the forces of the land they arrive in
    ("Hundreds of mercenaries arrived in Bangui.", [("deployment", {"actor_country": None, "target_country": "CAF"})]),
    ("Russian mercenaries arrived in Bangui.", [("deployment", {"actor_country": "RUS", "target_country": "CAF"})]),
    # an exercise acting a deployment out is none; troops moved for an exercise are
    ("The drill simulated the deployment of 500 troops to the border.", []),
    ("Marines were deployed to the islands for an exercise.", [("deployment", {})]),
    ("Chad deployed troops to Sudan.", [("deployment", {"actor_country": "TCD", "target_country": "SDN"})]),
    # arriving in a country by name, personnel came from outside it; in a town, they may be its own
    ("A contingent of 400 soldiers arrived in Haiti.", [("deployment", {"troops": 400, "actor_country": None, "target_country": "HTI"})]),
    ("Troops arrived in Kharkiv on Monday.", [("deployment", {"actor_country": "UKR", "target_country": "UKR"})]),
    # a force's size written as "N-strong" is its count; the digits of a longer number never count alone
    ("A 10,000-strong force was deployed to the region.", [("deployment", {"troops": 10000})]),
    ("A 500-strong force was deployed to the border.", [("deployment", {"troops": 500})]),
    # no sender named: a country named as the destination is not the sender, and the country
    # across a border is neither side; a place inside a country still gives its own forces
    ("The government sent 500 soldiers to Mali.", [("deployment", {"troops": 500, "actor_country": None, "target_country": "MLI"})]),
    ("The ministry deployed a battalion to the border with Chad.", [("deployment", {"actor_country": None, "target_country": None})]),
    ("Troops were sent to the Ugandan border overnight.", [("deployment", {"actor_country": None, "target_country": None})]),
    ("Kenya sent 300 troops to the border with Somalia.", [("deployment", {"troops": 300, "actor_country": "KEN", "target_country": "KEN"})]),
    ("The army was deployed to Mandera after the raids.", [("deployment", {"actor_country": "KEN", "target_country": "KEN"})]),
    ("Russia masses troops near Ukraine border", "headline", [("deployment", {"actor_country": "RUS", "target_country": "RUS"})]),
    ("The masses marched through the capital.", []),
    # personnel ordered to or into a place are sent there; an order about what to do is no move
    ("The Pentagon ordered 3,000 more troops to the Middle East.", [("deployment", {"troops": 3000, "actor_country": "USA"})]),
    ("The general ordered troops to withdraw from the town.", []),
    ("The army ordered residents to leave the area.", []),
    # --- captures
    ("Gunmen abducted 15 students from a school in Kaduna, Nigeria.",
     [("capture", {"captured": 15, "target_country": "NGA"})]),
    ("Ukraine says it has captured two Russian soldiers near Kupiansk.",
     [("capture", {"captured": 2, "actor_country": "UKR", "target_country": "RUS"})]),
    ("Seven soldiers surrendered to the rebels.", [("capture", {"captured": 7})]),
    # the perfect "have taken N people hostage" puts the captives between the participle and "hostage"
    ("Militants have taken at least 40 villagers hostage near Dorvan.",
     [("capture", {"captured": 40, "captured_qualifier": "at_least"})]),
    ("Government forces captured the town after a week of fighting.", []),
    ("The rebels seized the airport and two bridges.", []),
    ("The pilot was about to be captured when he blew himself up.", []),
    # a headline's bare "free"/"release" before the captives is a release, not their taking
    ("Insurgents free 9 hostages seized near Dorvan", "headline", []),
    ("Militia release 6 captives abducted at the mine", "headline", []),
    ("Gunmen shot and killed two farmers near the village.", [("casualty_report", {"killed": 2})]),
    ("Five rebels, including a commander, were killed in the raid.", [("casualty_report", {"killed": 5})]),
    ("An officer was killed and another injured in the ambush.", [("casualty_report", {"killed": 1, "injured": 1})]),
    ("The fighting left 3,000 dead and 500 injured.", [("casualty_report", {"killed": 3000, "injured": 500})]),
    ("Army airstrikes killed 9 Taliban in the valley.", [("casualty_report", {"killed": 9})]),
    ("The strikes killed four more people, bringing the death toll to 30.", [("casualty_report", {"killed": 30})]),
    # a possessive between the toll and its figure ("Monday's", "the army's") does not end the phrase
    ("The death toll from Monday's bombing in the market rose to 12.", [("casualty_report", {"killed": 12})]),
    ("The toll from Sunday's attack on the depot rose to 9.", [("casualty_report", {"killed": 9})]),
    ("The death toll from the army's raid on the village was 4, residents said.",
     [("casualty_report", {"killed": 4, "reported_by": "residents"})]),
    ("Relatives of the two men who were killed held a vigil outside the court.", []),
    ("Two climbers died in an avalanche on the northern slope.", []),
    ("A court sentenced two men for a bombing that killed 12 people.", []),
    ("Soldiers were killed in a helicopter crash during a training exercise.", []),
    ("Unknown gunmen assassinate a police commander near his home.", [("casualty_report", {"killed": 1})]),
    ("Militiamen kill NGO worker on the highway.", [("casualty_report", {"killed": 1})]),
    ("At least 14 ELN dissidents are killed by the army in a raid.", [("casualty_report", {"killed": 14})]),
    ("Nine rebels, including a 15-year-old, are killed in the clash.", [("casualty_report", {"killed": 9})]),
    ("The number of civilians killed in the week-long siege of the town rises to 45.", [("casualty_report", {"killed": 45})]),
    ("Twelve people are killed when a bus catches fire on the highway.", []),
    ("An airstrike on Sidon, Lebanon, kills six people.", [("casualty_report", {"killed": 6, "target_country": "LBN"})]),
    # a side that reports others' captures is not the captor ("says it captured" still is)
    ("The Nigerian army said militants captured two soldiers.", [("capture", {"captured": 2, "actor_country": None})]),
    ("Ukraine says it captured two North Korean soldiers.",
     [("capture", {"captured": 2, "actor_country": "UKR", "target_country": "PRK"})]),
    # --- more deployments and captures
    ("More than three dozen soldiers were deployed to the capital.",
     [("deployment", {"troops": 36, "troops_qualifier": "at_least"})]),
    ("The government deployed tanks and artillery along the frontier.", []),
    ("Rebels detained four aid workers at a checkpoint.", [("capture", {"captured": 4})]),
    ("Gunmen took three nurses hostage at the clinic.", [("capture", {"captured": 3})]),
    ("The opposition leader was detained by police on charges of fraud.", []),
    ("A video captured the moment the missile hit the bridge.", []),
    ("The governor was found dead after being abducted by armed men.",
     [("casualty_report", {"killed": 1}), ("capture", {"captured": 1})]),
    # --- prisoner exchanges
    ("Russia and Ukraine swap 90 prisoners of war each.",
     [("prisoner_exchange_offer", {"stage": "completed", "actor_country": "RUS", "target_country": "UKR"})]),
    ("Kyiv says it is ready to hand over captured fighters in exchange for its own soldiers held by Russia.",
     [("prisoner_exchange_offer", {"stage": "offer", "actor_country": "UKR"})]),
    ("The two countries exchanged fire across the border.", []),
    ("The country sent engineers in exchange for cheap oil.", []),
    ("A ransom was paid in exchange for the two hostages.", []),
    ("The militia frees 12 hostages while the government releases 40 prisoners.",
     [("prisoner_exchange_offer", {"stage": "completed"})]),
    ("The ministers discussed trade, energy and prisoner exchanges.", []),
    # --- counts (issue 15): a total with its parts named in an aside is the total
    ("Twelve people, including a nurse and two children, were killed in the strike.",
     [("casualty_report", {"killed": 12})]),
    ("Nine civilians, among them four women and a boy, died in the shelling.",
     [("casualty_report", {"killed": 9})]),
    # two singular victims joined by "and" are two
    ("A police officer and a soldier were killed in the ambush.", [("casualty_report", {"killed": 2})]),
    # the day of a date counts nobody
    ("On 30 November 2023, Israeli forces deployed in Jenin.", [("deployment", {"troops": None})]),
    ("On 5 June 2023, Sudanese troops were deployed to the market.", [("deployment", {"troops": None})]),
    ("Since March 3, 40 rebels have been killed in the hills.", [("casualty_report", {"killed": 40})]),
    # --- detection (issue 15): road accidents in more phrasings are no armed conflict
    ("A pile-up on the motorway left six people dead and 20 injured.", []),
    ("Four people were killed when their car hit a lorry near the town.", []),
    ("A minibus carrying pilgrims rolled into a ravine, killing nine.", []),
    ("Four soldiers were killed when a drone hit their car.", [("casualty_report", {"killed": 4})]),
    # kidnappings by gangs and criminals, police catching suspects, releases, things taken
    ("A criminal gang abducted 10 travellers on the highway.", []),
    ("Kidnappers seized two children and demanded money.", []),
    ("Police captured two robbery suspects in the market.", []),
    ("The hostages taken in May were released on Monday.", []),
    ("The rebels freed 20 hostages they had seized last year.", []),
    ("Troops captured a police station and two armoured vehicles.", []),
    ("Soldiers seized three civilian cars during the raid.", []),
    ("Fighters captured the town's mayor.", [("capture", {})]),
    ("Two police officers were captured by insurgents near the dam.", [("capture", {"captured": 2})]),
    ("Security forces rescued 20 kidnapped passengers.", []),
    ("The rebels captured the imagination of young people.", []),
    ("The rebels freed two and kidnapped five.", [("capture", {"captured": 5})]),
    # captures in more phrasings
    ("Rebels took hostage three aid workers.", [("capture", {"captured": 3})]),
    ("Gunmen kidnap more than 30 students from a school.", [("capture", {"captured": 30, "captured_qualifier": "at_least"})]),
    # a figure for "killed or captured" is the count of neither
    ("Twenty militants were killed or captured during the operation.", [("capture", {"captured": None})]),
    # deployments of small units and patrols
    ("France deploys a platoon to the border area.", [("deployment", {"troops": None})]),
    ("Chad sent military patrols into the border region.", [("deployment", {})]),
    ("The governor sent police patrols into the slum.", []),
    # killings in words the lists did not hold
    ("1 stoned to death in the market by militants.", [("casualty_report", {"killed": 1})]),
    ("Three soldiers were shot to death by insurgents.", [("casualty_report", {"killed": 3})]),
    ("Militants stoned a woman to death in the village.", [("casualty_report", {"killed": 1})]),
    ("Gunmen shot three farmers to death near the river.", [("casualty_report", {"killed": 3})]),
    ("The army is redeploying troops from the east to the capital.", [("deployment", {})]),
    ("The EU deployed 200 military trainers to the country.", [("deployment", {"troops": 200})]),
    ("The rebels are holding 30 soldiers captive.", [("capture", {"captured": 30})]),
    ("Russia and Ukraine held a prisoner exchange on Friday.", [("prisoner_exchange_offer", {})]),
    # passive sends and landings; a contingent of police is no deployment
    ("Additional troops have been dispatched to the region.", [("deployment", {})]),
    ("The first batch of 200 troops landed in the capital.", [("deployment", {"troops": 200})]),
    ("A contingent of 400 police officers landed in the capital.", []),
    # troops massed at a place are deployed there; soldiers sent home are withdrawn
    ("Russia amassed 100,000 troops near the border.", [("deployment", {"troops": 100000})]),
    ("Thousands of troops are massing on the border.", [("deployment", {"troops": None})]),
    ("The soldiers were sent home after the ceasefire.", []),
    # a place after a count is where people were taken from, not what was taken
    ("Gunmen kidnapped 12 from a village in the north.", [("capture", {"captured": 12})]),
    # "over" before a number is a quantity, not "took over"
    ("Fighters killed or captured over 100 enemy soldiers.", [("capture", {"captured": None})]),
    # a pronoun is a passive capture's subject; "before they were captured" is no capture
    ("Other reports say they were captured by the rebels and later executed.", [("capture", {})]),
    ("He was captured by separatist fighters near the airport.", [("capture", {"captured": 1})]),
    ("They were ordered to fight to the end before they were captured.", []),
    ("It was captured by the rebels in May.", []),
    # idioms of "take": no one is taken
    ("Residents have taken to the streets to protest the curfew.", []),
    ("The group has taken responsibility for the attack on the soldiers.", []),
    # tolls in other words: lives claimed, "among the dead are", "the victims were"
    ("Two car bombs claimed nine lives in the city centre.", [("casualty_report", {"killed": 9})]),
    ("The attack claimed at least 30 lives.", [("casualty_report", {"killed": 30, "killed_qualifier": "at_least"})]),
    ("Among the dead are two soldiers and a herder shot by the raiders.", [("casualty_report", {"killed": 3})]),
    ("The victims were two women and a boy.", [("casualty_report", {"killed": 3})]),
    ("The victims were mostly women.", []),
    ("They killed 23 soldiers and injured another 15.", [("casualty_report", {"killed": 23, "injured": 15})]),
    ("Six of the raiders were shot dead.", [("casualty_report", {"killed": 6})]),
    ("Among the dead are two police reservists and a herder.", [("casualty_report", {"killed": 3})]),
    ("The victims were two women and a 14-year-old schoolboy.", [("casualty_report", {"killed": 3})]),
    # "... and another was kidnapped": the other one, not the group named before
    ("Two police officers were killed and another was kidnapped.",
     [("casualty_report", {"killed": 2}), ("capture", {"captured": 1})]),
    # dying of wounds is a death, not an injury; "the number of dead" is a death toll
    ("Three soldiers succumbed to their injuries.", [("casualty_report", {"killed": 3, "injured": None})]),
    ("A man succumbed to gunshot wounds after an attack by armed men.", [("casualty_report", {"killed": 1, "injured": None})]),
    ("The number of dead rose to 17.", [("casualty_report", {"killed": 17, "casualties": None})]),
    # an active injury verb with a singular object injures one
    ("Unidentified gunmen shot and injured a man in the market.", [("casualty_report", {"injured": 1})]),
    # a unit named after parachutes and a suicide blast are no accident
    ("Soldiers of the Parachute Regiment killed 13 protesters.", [("casualty_report", {"killed": 13})]),
    ("A suicide blast at the checkpoint kills 10.", [("casualty_report", {"killed": 10})]),
    ("A skydiver died when his parachute failed to open.", []),
    # a part of the group named inside the subject, with or without commas or in brackets,
    # is not the toll; "among which"/"of whom" open that part, not a new clause
    ("Fourteen rebels including three commanders were killed in the assault.", [("casualty_report", {"killed": 14})]),
    ("Eight people including two teachers and four women, were killed in the raid.", [("casualty_report", {"killed": 8})]),
    ("Ten people (including two attackers) were killed at the checkpoint.", [("casualty_report", {"killed": 10})]),
    ("Nine villagers, among which a young boy, were shot dead.", [("casualty_report", {"killed": 9})]),
    ("Twenty people, among whom three children, were killed.", [("casualty_report", {"killed": 20})]),
    # further victims joined to the first add up: "and his ...", "in addition to"
    ("Shelling killed a militia fighter and his brother.", [("casualty_report", {"killed": 2})]),
    ("Shelling killed a militia fighter and their children.", [("casualty_report", {"killed": 1})]),
    ("Gunmen killed 1 policeman in addition to 2 of his guards.", [("casualty_report", {"killed": 3})]),
    # a preposition after a passive participle is no object
    ("Three Ukrainian soldiers killed despite the truce", [("casualty_report", {"killed": 3})]),
    # animals named after a clause word are not the ones killed
    ("A herder was shot dead while grazing his goats near the river.", [("casualty_report", {"killed": 1})]),
    ("Two men were shot dead by armed cattle rustlers.", [("casualty_report", {"killed": 2})]),
    # crime-context words rule out a brief's killing, not a conflict-event coder's note's
    ("Two armed individuals shot and killed a shopkeeper in the market.", []),
    ("Two armed individuals shot and killed a shopkeeper in the market.", "note", [("casualty_report", {"killed": 1})]),
    # a bracket, a slash or "though" after a participle is no object: the count before it stands
    ("Ten killed (and two wounded) in the raid.", [("casualty_report", {"killed": 10, "injured": 2})]),
    ("7 killed/ 4 injured in the ambush.", [("casualty_report", {"killed": 7, "injured": 4})]),
    ("A nurse said there was 1 killed though.", [("casualty_report", {"killed": 1})]),
    # a number after "the" or a possessive is the object's count; a singular pronoun is one
    ("The militia killed its four captives.", [("casualty_report", {"killed": 4})]),
    ("The guards returned fire and killed the three.", [("casualty_report", {"killed": 3})]),
    ("Two gunmen shot and killed him near the mosque.", [("casualty_report", {"killed": 1})]),
    # one auxiliary for two participles: "was kidnapped and killed"
    ("The nephew of a chief was abducted and killed by militiamen.", [("capture", {}), ("casualty_report", {"killed": 1})]),
    # "said (to have been) killed" is a hedge in the subject, not a new clause
    ("Four herders said killed as raiders attack village", [("casualty_report", {"killed": 4})]),
    ("Six guards were said to have been killed in the raid.", [("casualty_report", {"killed": 6})]),
    ("Militia fighter killed due to shelling near the border", [("casualty_report", {"killed": 1})]),
    # --- exchange stage: a swap that is due is agreed; an agreed swap that happened is done
    ("Forty prisoners of war are expected to be exchanged next week.",
     [("prisoner_exchange_offer", {"stage": "agreement"})]),
    ("The two sides agreed to an exchange of prisoners, which took place on Sunday.",
     [("prisoner_exchange_offer", {"stage": "completed"})]),
    ("The two sides agreed to an exchange of prisoners on Sunday.",
     [("prisoner_exchange_offer", {"stage": "agreement"})]),
    # a swap told in the future is agreed, one on a condition offered, one under discussion offered
    ("Under the accord, 30 detainees will be freed in exchange for four hostages.",
     [("prisoner_exchange_offer", {"stage": "agreement"})]),
    ("Under the accord, 30 detainees were freed in exchange for four hostages.",
     [("prisoner_exchange_offer", {"stage": "completed"})]),
    ("The militia will free the hostages once the government frees its jailed members.",
     [("prisoner_exchange_offer", {"stage": "offer"})]),
    ("A swap of the captured soldiers remains under discussion, the envoy said.",
     [("prisoner_exchange_offer", {"stage": "offer"})]),
    # a court or the police letting people go is no swap between sides
    ("Police will release the protesters if a magistrate frees them on bail.", []),
    # an offer told with a gerund; the captives it names are goods of the swap, not a capture
    ("Kyiv proposed swapping captured Russian soldiers for Ukrainian defenders.",
     [("prisoner_exchange_offer", {"stage": "offer", "actor_country": "UKR", "target_country": "RUS"})]),
    ("The two sides swapped 50 captured soldiers on Friday.", [("prisoner_exchange_offer", {"stage": "completed"})]),
    ("The firm proposed swapping old laptops for new ones.", []),
    # a captive qualified as held ("a jailed drug lord") is what the exchange is for; goods are not
    ("The Taliban released an American contractor in exchange for a jailed drug lord.",
     [("prisoner_exchange_offer", {"actor_country": "AFG", "target_country": "USA"})]),
    ("The company released new funds in exchange for a larger share of the mine.", []),
    # "swapped X for Y" names people, capitalised as written; "swapped them for food" does not
    ("The rebels captured 50 soldiers and later swapped them for food.", [("capture", {"captured": 50})]),
    # people handed back "in an exchange" are a completed swap; a statement is not
    ("Russia returned 150 Ukrainian soldiers in a mediated exchange.", [("prisoner_exchange_offer", {"stage": "completed"})]),
    ("The ministry released a statement in an exchange with reporters.", []),
    # "proposed" as the verb of an offer is no plan; the adjective still is
    ("The president proposed a prisoner swap with the rebels.", [("prisoner_exchange_offer", {"stage": "offer"})]),
    ("Talks on the proposed prisoner swap stalled.", []),
    ("The governor proposed to exchange captured soldiers for his own officers.",
     [("prisoner_exchange_offer", {"stage": "offer"})]),
    # captured soldiers with modifiers between are captives to swap
    ("The army offered to swap captured enemy soldiers for its own men.", [("prisoner_exchange_offer", {"stage": "offer"})]),
    # soldiers brought home in an exchange: a completed swap
    ("The army brought home 40 defenders in the latest exchange.", [("prisoner_exchange_offer", {"stage": "completed"})]),
    # "took N X prisoner": the captives stand between the verb and "prisoner"
    ("Rebel fighters took 12 soldiers prisoner near the pass.", [("capture", {"captured": 12})]),
    ("Guards took the prisoners to a camp.", []),
    # any violent verb with its victim before "to death" states one death
    ("Militiamen slashed a farmer to death near the river.", [("casualty_report", {"killed": 1})]),
    ("Armed men strangled two guards to death at the depot.", [("casualty_report", {"killed": 2})]),
    # the country that brokered a swap is no party to it
    ("The swap of 40 detainees, mediated by Qatar, ended on Sunday.",
     [("prisoner_exchange_offer", {"actor_country": None, "target_country": None})]),
    # a swap announced is agreed (nothing says it took place yet)
    ("The mediators announced a swap of 300 prisoners.", [("prisoner_exchange_offer", {"stage": "agreement"})]),
    # a death that followed an injury: the subject of the injured participle, a partitive of the
    # injured, or a pronoun whose death is said to follow wounds; those injured are the dead
    ("A guard wounded in the raid on the depot later died of his injuries.",
     [("casualty_report", {"killed": 1, "injured": None})]),
    ("Three farmers hurt in the shelling died in hospital.", [("casualty_report", {"killed": 3, "injured": None})]),
    ("Six herders were wounded in the ambush and later died.", [("casualty_report", {"killed": 6, "injured": None})]),
    ("Six herders were wounded in the ambush and two later died.", [("casualty_report", {"killed": 2, "injured": 6})]),
    ("Two of the wounded subsequently died.", [("casualty_report", {"killed": 2, "injured": None})]),
    ("He was shot at the checkpoint and later died of his wounds.", [("casualty_report", {"killed": 1})]),
    ("The teenager later died in hospital.", [("casualty_report", {"killed": 1})]),
    ("He died in 1998.", []),
    ("Two of the bridges later collapsed.", []),
    # an animal word that modifies a person noun names people, not animals
    ("Armed youths killed a suspected goat thief near the well.", [("casualty_report", {"killed": 1})]),
    ("Raiders shot dead four camel herders at the well.", [("casualty_report", {"killed": 4})]),
    ("The raiders killed forty goats at the well.", []),
    # a name particle inside the subject's name ("al", "bin") is part of the name, not a noun
    ("Four al Nusra fighters were shot dead at the checkpoint.", [("casualty_report", {"killed": 4})]),
    # a death after injuries whose pronoun subject follows a comma; a partitive of those held
    ("A trader was beaten at the market for his party badge, she died later from her injuries",
     [("casualty_report", {"killed": 1})]),
    ("Two of those detained were later found dead in the forest.", [("casualty_report", {"killed": 2})]),
    # a wire service's slug before a headline is no part of its count
    ("UPDATE 3-Four guards killed in raid on fuel depot", "headline", [("casualty_report", {"killed": 4})]),
    ("WRAPUP 1-Two medics dead after shelling of clinic", "headline", [("casualty_report", {"killed": 2})]),
    # every tense of the phrasal killing verbs ("shoot dead", "gun down", "shoots and kills")
    ("Gunmen shoot dead three guards at a fuel depot", "headline", [("casualty_report", {"killed": 3})]),
    ("Troops gun down two smugglers at the border post.", [("casualty_report", {"killed": 2})]),
    ("A sniper shoots and kills a medic near the bridge", "headline", [("casualty_report", {"killed": 1})]),
    ("Troops shoot at a car near the border post.", []),
    # a later time after the death verb also says the death followed the injury
    ("She died the following day.", [("casualty_report", {"killed": 1})]),
    ("He died at home in 2003.", []),
    # a headline's bare object may be a modified person noun: one person
    ("Roadside bomb kills police officer near Gao", "headline", [("casualty_report", {"killed": 1})]),
    ("Rebels kill army commander in ambush", "headline", [("casualty_report", {"killed": 1})]),
    ("Floods kill cattle herd in valley", "headline", []),
    # a spaced dash after a counted plural noun ends its group, as a comma does
    ("The two blasts claimed the seven lives - four at the market, three at the depot.",
     [("casualty_report", {"killed": 7})]),
    ("Shelling killed 3 farmers - all brothers - near the river.", [("casualty_report", {"killed": 3})]),
    # bodies found are people dead, counted as the dead are
    ("The bodies of five herders were found near the dam.", [("casualty_report", {"killed": 5})]),
    ("Villagers recovered the bodies of two guards after the raid.", [("casualty_report", {"killed": 2})]),
    ("Soldiers found 14 bodies in a ditch outside the town.", [("casualty_report", {"killed": 14})]),
    ("The body of a missing teacher was discovered in the forest.", [("casualty_report", {"killed": 1})]),
    ("Soldiers found 14 rifles in a ditch outside the town.", []),
    # one person named by a bare singular noun, whose death follows the wounds
    ("Lorry driver was hit in the crossfire and later died of his wounds.", [("casualty_report", {"killed": 1})]),
    ("The convoy was hit in the crossfire and later died down.", []),
    # a death a protest is about, told further from the protest word, is its background cause
    ("Miners protested against low pay following the death of a colleague in police custody.", []),
    ("Miners protested against low pay; police shot dead a colleague at the gate.", [("casualty_report", {"killed": 1})]),
    # a possessive may open a joined group in the subject; an apposition with "of" names no one more
    ("A farmer and his 3 sons were shot dead near the well.", [("casualty_report", {"killed": 4})]),
    ("1 farmer, a member of the market board, and his 2 guards were killed in the raid.",
     [("casualty_report", {"killed": 3})]),
    ("Two soldiers, a medic and a driver were killed in the raid.", [("casualty_report", {"killed": 4})]),
    # a determined singular victim and those joined to it add up
    ("Bandits killed the village chief and his wife near the market.", [("casualty_report", {"killed": 2})]),
    ("Bandits killed the village chief and fled into the forest.", [("casualty_report", {"killed": 1})]),
    # "since" right after an auxiliary is an adverb, no new clause: the subject holds the count
    ("Eleven guards were wounded in the raid, and three of them have since died.",
     [("casualty_report", {"killed": 3, "injured": 11})]),
    ("Four herders have died since the raids began.", [("casualty_report", {"killed": 4})]),
    # firefighters and rescuers are people: a count before them is the dead
    ("A drone strike killed two firefighters early on Monday.", [("casualty_report", {"killed": 2})]),
    ("Three rescue workers were wounded by a second strike on the site.", [("casualty_report", {"injured": 3})]),
    # a kin or companion noun after a possessive, joined to a first victim, is one more person
    ("A driver and his grandmother were killed when a shell hit their house in Odrin.", [("casualty_report", {"killed": 2})]),
    ("A guard and her colleague were wounded in the blast at the depot.", [("casualty_report", {"injured": 2})]),
    ("A teacher and their son were killed in the airstrike on Velm.", [("casualty_report", {"killed": 2})]),
    ("A driver and his 2 nephews were killed in the shelling.", [("casualty_report", {"killed": 3})]),
    # a number before a unit noun counts units, not personnel: troops null unless "of N soldiers"
    ("The army deployed two battalions to Vesna.", [("deployment", {"troops": None})]),
    ("The ministry sent three brigades to the eastern front.", [("deployment", {"troops": None})]),
    ("The army deployed two battalions of 800 soldiers to Vesna.", [("deployment", {"troops": 800})]),
    ("The country deployed a contingent of 200 peacekeepers to Norvia.", [("deployment", {"troops": 200})]),
    ("The army deployed 300 soldiers to Vesna.", [("deployment", {"troops": 300})]),
    # people captured after a place or thing in a joined object are a capture; things alone are not
    ("Rebels captured the village of Tarnow and 40 soldiers.", [("capture", {"captured": 40})]),
    ("Fighters seized the airport at Kolm and 25 government troops.", [("capture", {"captured": 25})]),
    ("Rebels captured the village of Tarnow and two armoured vehicles.", []),
    ("Rebels captured the village of Tarnow and 40 soldiers were killed.", [("casualty_report", {"killed": 40})]),
    # after one person, a comma list may go on with a possessive: one more person each
    ("The strike killed a doctor, his wife and their daughter in Morla.", [("casualty_report", {"killed": 3})]),
    ("Gunmen killed the village chief, his wife and two guards near Kesh.", [("casualty_report", {"killed": 4})]),
    ("The strike killed a doctor, his wife was wounded.", [("casualty_report", {"killed": 1, "injured": 1})]),
    ("A fire killed its four occupants, a woman, her daughter and her two nieces.", [("casualty_report", {"killed": 4})]),
    # a "<verb> to death" killing told in the active with its object after it
    ("Soldiers tortured to death three detainees in Kesh.", [("casualty_report", {"killed": 3})]),
    ("Militiamen bludgeoned to death two farmers near Kesh.", [("casualty_report", {"killed": 2})]),
    ("Guards strangled to death a prisoner in the Kesh camp.", [("casualty_report", {"killed": 1})]),
    ("Militiamen bludgeoned two farmers near Kesh.", []),
    # acres burned on purpose are a raid's damage, not a wildfire's: the document is no disaster
    ("Two herders were killed by a clan militia near Kesh. Its men torched six huts and 40 acres of sorghum.",
     [("casualty_report", {"killed": 2})]),
    ("Two herders died near Kesh as flames spread across 40 acres of sorghum.", []),
    # a coder's field label names the figure after it; a label with no figure is no report
    ("Rebels raided the depot - troops responded - FATALITIES: 3 - details not given.", "note",
     [("casualty_report", {"killed": 3, "killed_qualifier": "exact"})]),
    ("Rebels raided the depot - troops responded - FATALITIES: not actor specific.", "note", []),
    # a part of a group after "of the" counts as the group itself would: people, not things
    ("Militiamen shot two of the ferrymen dead at the crossing.", [("casualty_report", {"killed": 2})]),
    ("Soldiers shot three of the looters dead near the depot in Kesh.", [("casualty_report", {"killed": 3})]),
    ("Shelling left two of the depots in ruins and a guard dead.", [("casualty_report", {"killed": 1})]),
    # a killing told in a relative clause on what a protest is against is its background cause
    ("Herders marched in Kesh to protest against a spate of raids that had killed six villagers.", []),
    ("Residents rallied in Kesh, demanding the arrest of a guard who they say killed two boys.", []),
    ("Herders marched in Kesh to protest against the raids, and soldiers shot dead six villagers.",
     [("casualty_report", {"killed": 6})]),
    # a person shot in a limb is wounded; one who then dies is killed, not wounded
    ("Rebels shot two guards in the legs at the gate in Kesh.", [("casualty_report", {"injured": 2, "killed": None})]),
    ("A guard was shot dead and two porters were shot in the legs.", [("casualty_report", {"killed": 1, "injured": 2})]),
    ("A guard at the gate in Kesh was shot in the leg and later died of his wounds.",
     [("casualty_report", {"killed": 1, "injured": None})]),
    # foreigners and locals are people: an "of ... origin" after them does not cut the count off
    ("Two foreigners of Danish origin were shot dead by gunmen near Kesh.", [("casualty_report", {"killed": 2})]),
    ("Two trucks of foreign origin were burned and their driver was killed.", [("casualty_report", {"killed": 1})]),
    # impostors posing as police or soldiers, and guards or watchmen, holding someone: no capture
    # by an armed party in a conflict; guards as captives, and the forces' border guards, are
    ("Two men posing as soldiers abducted a shopkeeper from his home in Kesh.", []),
    ("Gunmen abducted a shopkeeper from his home in Kesh.", [("capture", {"captured": 1})]),
    ("Watchmen at the depot beat and detained a porter who asked for his wages.", []),
    ("Rebels kidnapped two security guards at the depot in Kesh.", [("capture", {"captured": 2})]),
    ("Border guards captured three enemy soldiers near the crossing at Kesh.", [("capture", {"captured": 3})]),
    # the force right before an active capture verb is the captor, not the speaker before it, and
    # it may share the captives' country (a civil war's army and rebels)
    ("Kenya says Somali militants captured two of its soldiers near the river.",
     [("capture", {"captured": 2, "actor_country": "SOM", "target_country": "KEN"})]),
    ("Kenya says two of its soldiers were captured near the river.",
     [("capture", {"captured": 2, "actor_country": None, "target_country": "KEN"})]),
    ("The Nigerian army has captured two Boko Haram commanders near the lake.",
     [("capture", {"captured": 2, "actor_country": "NGA", "target_country": "NGA"})]),
    ("Two Boko Haram commanders were captured near the lake, the Nigerian army said.",
     [("capture", {"captured": 2, "actor_country": None, "target_country": "NGA"})]),
    # one side's servicemen captured with no captor named, in a document about a war of two
    # sides, are held by the other; civilians may be held by anyone
    ("Russian troops shelled the Ukrainian town of Kesh. Russia said its forces advanced. Moscow claimed gains. Four Ukrainian servicemen surrendered.",
     [("capture", {"captured": 4, "actor_country": "RUS", "target_country": "UKR"})]),
    ("Russian troops shelled the Ukrainian town of Kesh. Russia said its forces advanced. Two Ukrainian civilians were abducted.",
     [("capture", {"captured": 2, "actor_country": None, "target_country": "UKR"})]),
    # captives getting away tell an escape, not a taking; a capture told before the escape stands
    ("Twelve abducted pupils escaped from their captors near Kesh.", []),
    ("Gunmen kidnapped twelve pupils near Kesh, but two escaped.", [("capture", {"captured": 12})]),
    # villagers or a mob catching a suspected criminal is no capture by an armed party
    ("Villagers captured a suspected thief near Kesh and handed him to the police.", []),
    ("Rebels captured two villagers near Kesh.", [("capture", {"captured": 2})]),
    # --- event dates (published Friday 10 May 2024)
    # a reporting verb right after a date, a statement issued on a day, "speaking on": the report's day
    ("The army on Monday said rebels had killed four soldiers near Kesh.", [("casualty_report", {"killed": 4, "event_date": None})]),
    ("Rebels on Monday killed four soldiers near Kesh.", [("casualty_report", {"killed": 4, "event_date": date(2024, 5, 6)})]),
    ("Four soldiers were killed near Kesh, according to a statement issued on Monday.", [("casualty_report", {"event_date": None})]),
    ("Speaking on Monday, the governor said four soldiers were killed near Kesh.", [("casualty_report", {"event_date": None})]),
    ("Four soldiers were killed near Kesh on Monday, the governor said.", [("casualty_report", {"event_date": date(2024, 5, 6)})]),
    # a span's two edges date no day; a clause of another time opened after a date is not its day
    ("Four soldiers were killed near Kesh between Monday and Wednesday.", [("casualty_report", {"event_date": None})]),
    ("Four soldiers were killed near Kesh on Wednesday.", [("casualty_report", {"event_date": date(2024, 5, 8)})]),
    ("Troops were sent to Kesh on Monday after rebels killed four soldiers.",
     [("deployment", {"event_date": date(2024, 5, 6)}), ("casualty_report", {"killed": 4, "event_date": None})]),
    ("On Monday, after a night of shelling, rebels killed four soldiers near Kesh.",
     [("casualty_report", {"killed": 4, "event_date": date(2024, 5, 6)})]),
    # a day of the month alone is the latest such day by publication; an ordinal of something else is none
    ("Police shot dead four rioters in Kesh on the 9th.", [("casualty_report", {"killed": 4, "event_date": date(2024, 5, 9)})]),
    ("Police shot dead four rioters in Kesh on the 12th.", [("casualty_report", {"killed": 4, "event_date": date(2024, 4, 12)})]),
    ("Police shot dead four rioters on the 5th day of the protests in Kesh.", [("casualty_report", {"killed": 4, "event_date": None})]),
    # a day counted back from the one an earlier sentence gave
    ("Police shot dead four rioters in Kesh on Wednesday. Two more were killed the previous day.",
     [("casualty_report", {"event_date": date(2024, 5, 8)}), ("casualty_report", {"killed": 2, "event_date": date(2024, 5, 7)})]),
    ("Police shot dead four rioters in Kesh on Monday. Two more were killed the day before yesterday.",
     [("casualty_report", {"event_date": date(2024, 5, 6)}), ("casualty_report", {"killed": 2, "event_date": date(2024, 5, 8)})]),
    # captors whose identity the text says is unknown take no side from where they struck
    ("Two engineers were kidnapped by unknown gunmen in Nigeria.",
     [("capture", {"captured": 2, "actor_country": None, "target_country": "NGA"})]),
    ("Two engineers were kidnapped by gunmen in Nigeria.",
     [("capture", {"captured": 2, "actor_country": "NGA", "target_country": "NGA"})]),
    # a date in a relative clause on the subject is that clause's; a date after the trigger is
    # measured from the trigger's end
    ("Rebels who seized the town on Monday killed four soldiers near Kesh on Wednesday.",
     [("casualty_report", {"killed": 4, "event_date": date(2024, 5, 8)})]),
    ("Rebels seized the town on Monday and killed four soldiers near Kesh.",
     [("casualty_report", {"killed": 4, "event_date": date(2024, 5, 6)})]),
    ("Four soldiers captured near Kesh on Monday were executed on Wednesday.",
     [("capture", {"captured": 4, "event_date": date(2024, 5, 6)}), ("casualty_report", {"killed": 4, "event_date": date(2024, 5, 8)})]),
    # a capture denied in a "that" clause, or one "no reports" tell of, is not asserted
    ("The army denied that any soldiers had been captured near Kesh.", []),
    ("The army confirmed that two soldiers had been captured near Kesh.", [("capture", {"captured": 2})]),
    # one captive told of by an adjective, as the subject of what he says, is a reference back
    ("A captured rebel fighter said he had been paid to fight near Kesh.", []),
    ("Troops captured a rebel fighter who said he had been paid to fight near Kesh.", [("capture", {"captured": 1})]),
    # a night told from one day to the next, or by two days of a month, is dated by its first day
    ("Drones killed four people in Kesh on the night from Monday to Tuesday.", [("casualty_report", {"killed": 4, "event_date": date(2024, 5, 6)})]),
    ("Drones killed four people in Kesh on the night of 6-7 May.", [("casualty_report", {"killed": 4, "event_date": date(2024, 5, 6)})]),
    ("Drones killed four people in Kesh from Monday to Tuesday.", [("casualty_report", {"killed": 4, "event_date": None})]),
    # a state's forces capturing someone of no stated side, with no place in their own land and no
    # other side in the document: the captives' side is not the captor's own
    ("French troops captured a senior jihadist commander in an operation in May.",
     [("capture", {"captured": 1, "actor_country": "FRA", "target_country": None})]),
    ("French troops captured a senior jihadist commander in Mali in May.",
     [("capture", {"captured": 1, "actor_country": "FRA", "target_country": "MLI"})]),
    ("Malian troops captured a senior jihadist commander in northern Mali in May.",
     [("capture", {"captured": 1, "actor_country": "MLI", "target_country": "MLI"})]),
    # a pact's or a measure's own day after the trigger ("a truce agreed on Monday") is not the event's
    ("Rebels killed four soldiers near Kesh, breaking a truce signed on Monday.", [("casualty_report", {"killed": 4, "event_date": None})]),
    ("Rebels killed four soldiers near Kesh on Monday, breaking a truce.", [("casualty_report", {"killed": 4, "event_date": date(2024, 5, 6)})]),
    # "as of" a day is a running total's cut-off, not the day of an event
    ("As of Monday, 40 soldiers had been killed in Kesh.", [("casualty_report", {"killed": 40, "event_date": None})]),
    ("On Monday, 40 soldiers were killed in Kesh.", [("casualty_report", {"killed": 40, "event_date": date(2024, 5, 6)})]),
    # giving oneself up to an opponent's forces is a surrender into custody; to the police, an arrest
    ("Three rebel fighters turned themselves in to the army near Kesh.", [("capture", {"captured": 3})]),
    ("Two robbery suspects turned themselves in to police in Kesh.", []),
    # captives freed "in exchange for" a concession, not people, are no swap; beside people, still one
    ("The rebels offered to free all their captives in exchange for an end to the shelling.", []),
    ("The rebels offered to free their captives in exchange for 40 jailed fighters.", [("prisoner_exchange_offer", {"stage": "offer"})]),
    # "an all-for-all exchange" is the formula of a prisoner swap; an all-for-all trade of players is none
    ("Lorvia rejected Kesh's proposal of an all-for-all exchange.", [("prisoner_exchange_offer", {"stage": "offer"})]),
    ("The two clubs agreed an all-for-all trade of players.", []),
    # a nationality right after a passive capture verb, behind "by", is the captor's, not the captives'
    ("Two journalists were detained by Russian forces.", [("capture", {"captured": 2, "actor_country": "RUS", "target_country": None})]),
    ("Rebels detained two Russian journalists.", [("capture", {"captured": 2, "target_country": "RUS"})]),
    # --- sides (session 14) ---
    # a belligerent's ministry or minister of defence, in lower case as news writes it or read by the
    # gazetteer as the state itself, counting the other side's dead counts its own kills; a minister
    # of anything else is only a source
    ("Ukraine lost 300 soldiers near Kesh, Russia's defence ministry said.",
     [("casualty_report", {"casualties": 300, "actor_country": "RUS", "target_country": "UKR"})]),
    ("The Russian Defence Ministry said 300 Ukrainian soldiers were killed near Kesh.",
     [("casualty_report", {"killed": 300, "actor_country": "RUS", "target_country": "UKR"})]),
    ("Israel's defence minister said 20 militants were killed in Jenin.",
     [("casualty_report", {"killed": 20, "actor_country": "ISR", "target_country": "PSE"})]),
    ("Israel's health minister said 20 people were killed in Jenin.",
     [("casualty_report", {"killed": 20, "actor_country": None, "target_country": "PSE"})]),
    ("The Kremlin said 300 Ukrainian soldiers were killed near Kesh.",
     [("casualty_report", {"killed": 300, "actor_country": None, "target_country": "UKR"})]),
    # a state body written in lower case ("the Pakistani army") still names its country: the army
    # that says it killed is the side that struck
    ("The Pakistani army said it killed eight militants near Kesh.",
     [("casualty_report", {"killed": 8, "actor_country": "PAK"})]),
    ("The Pakistani army said eight soldiers were killed near Kesh.",
     [("casualty_report", {"killed": 8, "actor_country": None, "target_country": "PAK"})]),
    # a town the gazetteer does not know, written before its country ("near Kesh, Mali"): the
    # country places unnamed attackers; a country after a day and a comma is who spoke, not where
    ("Jihadists killed ten soldiers near Kesh, Mali.",
     [("casualty_report", {"killed": 10, "actor_country": "MLI", "target_country": "MLI"})]),
    ("Jihadists abducted four soldiers near Kesh, Mali, on Monday.",
     [("capture", {"captured": 4, "actor_country": "MLI"})]),
    ("Militants killed five soldiers in an attack on Monday, Nigeria said.",
     [("casualty_report", {"killed": 5, "actor_country": None})]),
    # a belligerent's military telling of the other side's men taken prisoner holds them; telling
    # of its own men taken, it names no captor
    ("Two North Korean soldiers were taken prisoner near Kesh, Ukraine's military said.",
     [("capture", {"captured": 2, "actor_country": "UKR", "target_country": "PRK"})]),
    ("The Ukrainian army said two Ukrainian soldiers were captured near Kesh.",
     [("capture", {"captured": 2, "actor_country": None, "target_country": "UKR"})]),
    # an attack referred back to takes the side an earlier sentence names as launching weapons
    # ("Russia launched 40 drones"); buying or holding them is no attack
    ("Russia launched 40 drones and six missiles at Kyiv overnight. The attack killed four people.",
     [("casualty_report", {"killed": 4, "actor_country": "RUS", "target_country": "UKR"})]),
    ("Russia bought 40 drones from Iran last year. The attack killed four people.",
     [("casualty_report", {"killed": 4, "actor_country": None})]),
    # an attack referred back to by a group named by what it is takes the country of the place it
    # struck, and the victims there keep it; attackers of unknown identity give none
    ("Militants attacked an army checkpoint near Kesh, Egypt. Seven soldiers died in the attack.",
     [("casualty_report", {"killed": 7, "actor_country": "EGY", "target_country": "EGY"})]),
    ("Unidentified gunmen attacked a village near Kesh, Nigeria. Seven people died in the attack.",
     [("casualty_report", {"killed": 7, "actor_country": None})]),
    # --- places and reporters (session 14) ---
    # a source noun heads its phrase when a preposition qualifies it ("officials from both sides")
    ("A prisoner swap took place at the Dorvan crossing on Friday, officials from both sides said.",
     [("prisoner_exchange_offer", {"stage": "completed", "reported_by": "officials from both sides"})]),
    ("Four guards were killed near Kesh, a senior official with knowledge of the raid said.",
     [("casualty_report", {"killed": 4, "reported_by": "a senior official with knowledge of the raid"})]),
    ("Four guards were killed near Kesh when fighters from both sides opened fire.",
     [("casualty_report", {"killed": 4, "reported_by": None})]),
    # the people of a party who speak for it, and those who tended the dead, are sources
    ("Rebels captured three soldiers near Kesh, the group's armed wing said.",
     [("capture", {"captured": 3, "reported_by": "the group's armed wing"})]),
    ("Four guards were killed near Kesh, paramedics said.",
     [("casualty_report", {"killed": 4, "reported_by": "paramedics"})]),
    # one who passes on another's words is not the primary source: the one quoted is
    ("The Kesh Herald quoted the port authority as saying that four guards were killed.",
     [("casualty_report", {"killed": 4, "reported_by": "the port authority"})]),
    ("The Kesh Herald, quoting the port authority, said four guards were killed.",
     [("casualty_report", {"killed": 4, "reported_by": "the port authority"})]),
    ("The Kesh Herald reported that four guards were killed.",
     [("casualty_report", {"killed": 4, "reported_by": "The Kesh Herald"})]),
    # the lines forces mass along, in the plural, are a site as the singular is
    ("Marovia has massed 20,000 troops near Kesh's borders.",
     [("deployment", {"troops": 20000, "location": "Kesh's borders"})]),
    ("Marovia has massed 20,000 troops near Kesh's border.",
     [("deployment", {"troops": 20000, "location": "Kesh's border"})]),
    # where someone spoke or negotiated is not where the event told happened; a gathering that
    # was itself struck is
    ("At a press conference in Darvo, the minister said 40 soldiers had been killed.",
     [("casualty_report", {"killed": 40, "location": None, "reported_by": "the minister"})]),
    ("Rebels stormed Kesh on Monday. After talks in Darvo, the minister said 40 soldiers had been killed.", "article",
     [("casualty_report", {"killed": 40, "location": "Kesh"})]),
    ("A suicide bomber struck a rally in Darvo, killing 40 people.",
     [("casualty_report", {"killed": 40, "location": "Darvo"})]),
    # a coder's note tells one event at one place: a sentence naming none takes the note's
    # first place, not a detail's; an article's takes the place named last before it
    ("Raiders attacked a village in Kesh District and killed four herders. Two more herders were shot dead at Dorvo. Three of the raiders were killed.", "note",
     [("casualty_report", {"killed": 4, "location": "Kesh District"}), ("casualty_report", {"killed": 2, "location": "Dorvo"}),
      ("casualty_report", {"killed": 3, "location": "Kesh District"})]),
    ("Raiders attacked a village in Kesh District and killed four herders. Two more herders were shot dead at Dorvo. Three of the raiders were killed.", "article",
     [("casualty_report", {"killed": 4, "location": "Kesh District"}), ("casualty_report", {"killed": 2, "location": "Dorvo"}),
      ("casualty_report", {"killed": 3, "location": "Dorvo"})]),
]
