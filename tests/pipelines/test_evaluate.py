from pipelines.evaluate import fold_of, split_gold


def test_fold_depends_only_on_the_doc_id():
    assert fold_of("doc-a") == fold_of("doc-a")
    gold = {f"doc-{i}": [] for i in range(1000)}
    folds = split_gold(gold)
    assert set(folds["tune"]) | set(folds["check"]) == set(gold)
    assert not set(folds["tune"]) & set(folds["check"])
    # about 30% of documents are kept back for checking
    assert 250 <= len(folds["check"]) <= 350
    assert all(fold_of(d) == "check" for d in folds["check"])
