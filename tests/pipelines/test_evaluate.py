import pytest
from sitrep.pipelines.agreement import CodedRow, agreement
from sitrep.pipelines.evaluate import accuracy_markdown, dev_reports, fold_of, provenance_of, split_gold


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


def report(f1: float, documents: int) -> dict:
    """A scorer report of the shape score.py returns, with every figure set to f1."""
    types = {"casualty_report": {"tp": 3, "fp": 0, "fn": 1, "precision": f1, "recall": f1, "f1": f1}}
    return {
        "types": types, "micro": types["casualty_report"], "macro_f1": f1, "field_acc": f1, "text_acc": f1,
        "fields": {"casualty_report.killed": {"right": 3, "total": 3, "accuracy": f1}},
        "text_fields": {"casualty_report.location": {"right": 0, "total": 0, "accuracy": 0.0}},
        "documents": documents,
    }


def test_accuracy_markdown_holds_folds_provenance_types_fields_and_external_tables():
    reports = {"tune": report(0.9, 7), "check": report(0.8, 3), "old": report(0.7, 6), "new": report(0.6, 4), "all": report(0.85, 10)}
    external = {"ACLED notes": agreement([CodedRow("a", "Raiders killed six herders.", 6, None, "note", "t")], {"a": 6})}
    text = accuracy_markdown(reports, external)
    assert "| micro f1 | 0.900 | 0.800 | 0.700 | 0.600 | 0.850 |" in text
    assert "check fold (3 docs)" in text and "dev's new docs (4 docs)" in text
    assert "| casualty_report | 0.900 (4) | 0.800 (4) |" in text
    assert "| casualty_report.killed | 0.900 (3) |" in text
    assert "| casualty_report.location |  |" in text  # nothing compared: no figure
    assert "| coded > 0, text states a figure | 1 | 1.000 | 1.000 |" in text
    assert "## Agreement" in text and "## Agreement" not in accuracy_markdown(reports, {})
