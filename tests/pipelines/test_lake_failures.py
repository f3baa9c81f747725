"""A failure at any step of a commit or of the maintenance leaves the last snapshot intact, and
the next attempt completes with nothing lost or doubled.

Every DuckDB call a commit (or a maintenance) makes is a step: the tests count them on a clean
attempt, then fail each one in turn, not a sample."""
import errno
import shutil

import pytest
import sitrep.pipelines.warehouse as warehouse
from sitrep.pipelines.lake import LakeRun, known_documents, maintain, read_dataset
from sitrep.pipelines.schemas import DOCUMENTS_SCHEMA, EVENTS_SCHEMA, REJECTS_SCHEMA
from sitrep.pipelines.tables import table_from_rows

from tests.support.lake import doc_row, event_row, write_run


class InjectedFailure(OSError):
    pass


class Steps:
    """Counts the calls made on lake connections and fails the `fail_at`-th (1-based)."""

    def __init__(self, fail_at: int | None = None, error: OSError | None = None):
        self.fail_at, self.count = fail_at, 0
        self.error = error or InjectedFailure(errno.EIO, "injected storage error")

    def step(self, what: str) -> None:
        self.count += 1
        if self.count == self.fail_at:
            raise self.error


class FaultyCursor:
    def __init__(self, cursor, steps: Steps):
        self._cursor, self._steps = cursor, steps

    def execute(self, *args, **kwargs):
        self._steps.step(str(args[0])[:40])
        self._cursor.execute(*args, **kwargs)
        return self

    def register(self, *args):
        self._steps.step("register")
        return self._cursor.register(*args)

    def from_arrow(self, *args):  # the rows of an insert (warehouse.insert_rows), written at once
        self._steps.step("from_arrow")
        return self._cursor.from_arrow(*args)

    def __getattr__(self, name):
        return getattr(self._cursor, name)


class FaultyDatabase:
    def __init__(self, database, steps: Steps):
        self._database, self._steps = database, steps

    def cursor(self):
        return FaultyCursor(self._database.cursor(), self._steps)

    def __getattr__(self, name):
        return getattr(self._database, name)


@pytest.fixture
def inject(monkeypatch):
    """inject(steps) makes every lake connection opened from then on go through `steps`."""
    real = warehouse._new_database

    def use(steps: Steps) -> Steps:
        monkeypatch.setattr(warehouse, "_new_database", lambda extensions: FaultyDatabase(real(extensions), steps))
        return steps

    yield use


def state(lake):
    events = read_dataset(lake, "events")
    docs = read_dataset(lake, "documents")
    return (
        sorted(zip(events["event_id"].to_pylist(), events["char_start"].to_pylist(), strict=True)),
        known_documents(lake),
        sorted(docs["doc_id"].to_pylist()),
        read_dataset(lake, "rejects").num_rows,
    )


def second_run(lake):
    """A run that replaces document b (new hash, new events), adds c and records a reject."""
    with LakeRun(lake) as run:
        run.stage("documents", table_from_rows([doc_row("b", "h2"), doc_row("c")], DOCUMENTS_SCHEMA))
        run.stage("events", table_from_rows([event_row("b", 7), event_row("c", 0)], EVENTS_SCHEMA))
        run.stage("rejects", table_from_rows([{"source": "x", "reason": "malformed_json", "run_id": run.run_id,
                                               "rejected_at": doc_row("a")["processed_at"]}], REJECTS_SCHEMA))
        run.commit()


@pytest.fixture(scope="module")
def base_lake(tmp_path_factory):
    lake = tmp_path_factory.mktemp("base") / "lake"
    write_run(lake, ["a", "b"], events_per_doc=2)
    return lake


@pytest.fixture(scope="module")
def commit_steps(base_lake, tmp_path_factory):
    """How many steps a clean second run takes, and the state it leaves."""
    lake = tmp_path_factory.mktemp("clean") / "lake"
    shutil.copytree(base_lake, lake)
    before = state(lake)
    steps = Steps()
    real = warehouse._new_database
    warehouse._new_database = lambda extensions: FaultyDatabase(real(extensions), steps)
    try:
        second_run(lake)
    finally:
        warehouse._new_database = real
    after = state(lake)
    assert after != before and after[1]["b"] == ("h2", "v1")
    return steps.count, before, after


def test_a_clean_commit_and_maintenance_take_many_steps(commit_steps, maintain_steps):
    assert commit_steps[0] > 10 and maintain_steps[0] > 5


def test_a_failure_at_any_step_of_a_commit_leaves_the_last_snapshot_then_the_next_run_is_clean(
        base_lake, commit_steps, tmp_path, inject):
    count, before, after = commit_steps
    for fail_at in range(1, count + 1):
        lake = tmp_path / f"lake-{fail_at}"
        shutil.copytree(base_lake, lake)
        inject(Steps(fail_at))
        with pytest.raises(OSError, match="injected"):
            second_run(lake)
        inject(Steps())
        assert state(lake) == before, f"a failure at step {fail_at} of {count} changed the lake"
        second_run(lake)
        assert state(lake) == after, f"the run after a failure at step {fail_at} of {count}"


def test_disk_full_during_a_commit_leaves_the_last_snapshot(base_lake, commit_steps, tmp_path, inject):
    count, before, after = commit_steps
    lake = tmp_path / "lake"
    shutil.copytree(base_lake, lake)
    inject(Steps(count - 3, OSError(errno.ENOSPC, "injected: no space left on device")))
    with pytest.raises(OSError, match="no space"):
        second_run(lake)
    inject(Steps())
    assert state(lake) == before
    second_run(lake)
    assert state(lake) == after


@pytest.fixture(scope="module")
def many_files_lake(tmp_path_factory):
    lake = tmp_path_factory.mktemp("many") / "lake"
    for i in range(5):
        write_run(lake, [f"d{i}"], events_per_doc=2)
    write_run(lake, ["d0"], events_per_doc=1, content_hash="h2")  # leaves a delete file behind
    return lake


@pytest.fixture(scope="module")
def maintain_steps(many_files_lake, tmp_path_factory):
    lake = tmp_path_factory.mktemp("maintained") / "lake"
    shutil.copytree(many_files_lake, lake)
    steps = Steps()
    real = warehouse._new_database
    warehouse._new_database = lambda extensions: FaultyDatabase(real(extensions), steps)
    try:
        done = maintain(lake, merge_above=2, retention_days=0)
    finally:
        warehouse._new_database = real
    assert "events" in done
    return steps.count, state(many_files_lake)


def test_a_failure_at_any_step_of_the_maintenance_loses_nothing(many_files_lake, maintain_steps, tmp_path, inject):
    count, rows = maintain_steps
    for fail_at in range(1, count + 1):
        lake = tmp_path / f"lake-{fail_at}"
        shutil.copytree(many_files_lake, lake)
        inject(Steps(fail_at))
        with pytest.raises(OSError, match="injected"):
            maintain(lake, merge_above=2, retention_days=0)
        inject(Steps())
        assert state(lake) == rows, f"a failure at step {fail_at} of {count} changed the rows"
        maintain(lake, merge_above=2, retention_days=0)
        assert state(lake) == rows, f"the maintenance after a failure at step {fail_at} of {count}"
        write_run(lake, ["d9"])  # and the next run commits as usual
        assert "d9" in known_documents(lake)
