import pytest

from pipelines.evaluate import dev_reports, fold_of, provenance_of, split_gold


def test_fold_depends_only_on_the_doc_id():
    assert fold_of("doc-a") == fold_of("doc-a")
    gold = {f"doc-{i}": [] for i in range(1000)}
    folds = split_gold(gold)
    assert set(folds["tune"]) | set(folds["check"]) == set(gold)
    assert not set(folds["tune"]) & set(folds["check"])
    # about 30% of documents are kept back for checking
    assert 250 <= len(folds["check"]) <= 350
    assert all(fold_of(d) == "check" for d in folds["check"])


@pytest.mark.parametrize(
    ("doc_id", "provenance"),
    [
        ("wcep-2015-10-20-x10291249", "new"),  # the 2014-21 brief sample
        ("wcep-2022-05-24-47", "old"),  # a 2022-26 brief, there before issue 15
        ("acled16-7906RTA", "new"),
        ("acledke-KEN4023", "old"),
        ("cir-UW2419", "new"),
        ("news26-64d0b17712fe", "new"),
        ("ucdp-155428", "old"),
        ("seed-nk-casualties-2025-01-13", "old"),
        ("xcir-1", "old"),  # a family is a prefix, not a substring
    ],
)
def test_provenance_is_read_from_the_doc_id_family(doc_id, provenance):
    assert provenance_of(doc_id) == provenance


class CountingScorer:
    """Stands in for the shared scorer: a report says which documents it was given."""

    @staticmethod
    def score(gold, rows):
        return {"doc_ids": sorted(gold), "rows": len(rows)}


def test_dev_reports_score_each_fold_and_provenance_on_its_own_documents():
    gold = {"wcep-2015-01-01-x1": [], "wcep-2022-01-01-1": [], "cir-UW1": [], "ucdp-7": []}
    reports = dev_reports(CountingScorer, gold, rows=[{"doc_id": "ucdp-7"}])
    assert reports["new"]["doc_ids"] == ["cir-UW1", "wcep-2015-01-01-x1"]
    assert reports["old"]["doc_ids"] == ["ucdp-7", "wcep-2022-01-01-1"]
    assert reports["all"]["documents"] == 4
    assert sorted(reports["tune"]["doc_ids"] + reports["check"]["doc_ids"]) == sorted(gold)
    assert all(r["rows"] == 1 for r in reports.values())
