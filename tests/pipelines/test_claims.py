import pytest
from sitrep.pipelines.claims import claim_ids


def m(etype="casualty_report", start=0, title=False, **fields):
    return {"event_type": etype, "char_start": start, "in_title": title, **fields}


@pytest.mark.parametrize(
    ("mentions", "groups"),
    [
        # headline, lead and a quote restating one toll: one claim
        ([m(title=True, killed=40, target_country="AAA"), m(start=10, killed=40), m(start=90, killed=40, injured=7)], [0, 0, 0]),
        # a different figure is a different claim
        ([m(killed=40), m(start=50, killed=1)], [0, 1]),
        # different victim sides never merge
        ([m(killed=5, target_country="AAA"), m(start=9, killed=5, target_country="BBB")], [0, 1]),
        # types never merge
        ([m(troops=100, etype="deployment"), m(start=5, killed=None)], [0, 1]),
        # a mention without figures joins the first claim it agrees with
        ([m(killed=3), m(start=20, killed=8), m(start=40)], [0, 1, 0]),
        # a merged figure binds later mentions: 3 killed + 2 injured excludes 3 killed + 9 injured
        ([m(killed=3), m(start=5, injured=2), m(start=9, killed=3, injured=9)], [0, 0, 1]),
        ([], []),
    ],
)
def test_mentions_group_into_claims(mentions, groups):
    ids = claim_ids("doc", mentions)
    first_seen = {}
    normalised = [first_seen.setdefault(i, len(first_seen)) for i in ids]
    assert normalised == groups


def test_claim_ids_are_stable_and_scoped_to_the_document():
    mentions = [m(killed=2), m(start=30, killed=9)]
    assert claim_ids("a", mentions) == claim_ids("a", mentions)
    assert set(claim_ids("a", mentions)).isdisjoint(claim_ids("b", mentions))


def test_a_lone_mention_gets_the_claim_id_it_has_beside_a_later_one_of_another_type():
    assert claim_ids("a", [m(killed=2)]) == claim_ids("a", [m(killed=2), m(start=30, etype="capture", captured=3)])[:1]
