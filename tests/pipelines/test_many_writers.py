"""Two writer processes on one lake: a PostgreSQL catalog and the data on S3 (moto), the
many-machine set-up. Both commit, or one is refused with a clear message: never a lost or
doubled document."""
import subprocess
import sys
from pathlib import Path

import pytest
from sitrep.pipelines.lake import known_documents, read_dataset
from sitrep.pipelines.location import lake_location

from tests.support.lake import write_run

WRITER = """
import pathlib, sys, time
from sitrep.pipelines.lake import LakeBusyError, LakeRun
from sitrep.pipelines.tables import table_from_rows
from sitrep.pipelines.location import lake_location
from sitrep.pipelines.schemas import DOCUMENTS_SCHEMA, EVENTS_SCHEMA
from tests.support.lake import doc_row, event_row

uri, catalog, name, barrier, docs = sys.argv[1], sys.argv[2], sys.argv[3], pathlib.Path(sys.argv[4]), sys.argv[5].split(",")
with LakeRun(lake_location(uri, catalog)) as run:
    run.stage("documents", table_from_rows([doc_row(d, content_hash=name) for d in docs], DOCUMENTS_SCHEMA))
    run.stage("events", table_from_rows([event_row(d, 0) for d in docs], EVENTS_SCHEMA))
    (barrier / name).touch()
    deadline = time.monotonic() + 120
    while len(list(barrier.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)  # both have staged: now both commit at once
    try:
        run.commit()
        print("committed")
    except LakeBusyError as exc:
        print("refused:", exc)
"""
ROOT = Path(__file__).resolve().parents[2]


def two_writers(location, tmp_path, docs_a, docs_b):
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, location.root, location.catalog, name, str(barrier),
                               ",".join(docs)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name, docs in (("a", docs_a), ("b", docs_b))]
    outcomes = {}
    for name, proc in zip("ab", procs, strict=True):
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]
        outcomes[name] = out.strip().splitlines()[-1]
    return outcomes


@pytest.fixture
def shared_lake(postgres_catalog, s3_lake_uri):
    location = lake_location(s3_lake_uri(), postgres_catalog())
    write_run(location, ["shared", "base"])
    return location


def test_two_writers_of_different_documents_both_commit(shared_lake, tmp_path):
    outcomes = two_writers(shared_lake, tmp_path, ["a1", "a2"], ["b1"])
    known = known_documents(shared_lake)
    for name, docs in (("a", ["a1", "a2"]), ("b", ["b1"])):
        if outcomes[name] == "committed":
            assert all(known[d][0] == name for d in docs)
        else:
            assert outcomes[name].startswith("refused:") and "run this one again" in outcomes[name]
            assert not any(d in known for d in docs)
    assert "committed" in outcomes.values()
    ids = read_dataset(shared_lake, "documents", ["doc_id"])["doc_id"].to_pylist()
    assert len(ids) == len(set(ids))


def test_two_writers_replacing_the_same_document_never_lose_or_double_it(shared_lake, tmp_path):
    outcomes = two_writers(shared_lake, tmp_path, ["shared", "a1"], ["shared", "b1"])
    assert sorted(outcomes.values())[0] == "committed", outcomes
    winners = [n for n, o in outcomes.items() if o == "committed"]
    ids = read_dataset(shared_lake, "documents", ["doc_id"])["doc_id"].to_pylist()
    assert ids.count("shared") == 1 and ids.count("base") == 1
    events = read_dataset(shared_lake, "events", ["doc_id"])["doc_id"].to_pylist()
    assert events.count("shared") == 1
    known = known_documents(shared_lake)
    assert known["shared"][0] in winners
    for name in "ab":
        assert (f"{name}1" in known) == (name in winners)
    for name in set("ab") - set(winners):
        assert outcomes[name].startswith("refused:")
