"""Extraction batches give the same events on every task runner: threads, a process pool, a local Dask cluster."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sitrep.flows.etl import etl, make_task_runner
from sitrep.pipelines.settings import Settings
from sitrep.pipelines.warehouse import query

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def events_of(lake):
    return query(lake, "select event_id, event_type, killed, troops, captured from events order by event_id").rows


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    lake = tmp_path_factory.mktemp("ref") / "lake"
    etl([str(FIXTURES)], Settings(lake=str(lake), batch_size=2))
    return events_of(lake)


@pytest.mark.parametrize("kind", ["process", "dask"])
def test_parallel_runners_give_the_same_events_as_threads(tmp_path, reference, kind):
    lake = tmp_path / "lake"
    flow = etl.with_options(task_runner=make_task_runner(kind, 2))
    summary = flow([str(FIXTURES)], Settings(lake=str(lake), batch_size=2), in_flight=3)
    assert summary["documents_extracted"] == 6
    assert events_of(lake) == reference
    assert len(reference) >= 5


def test_a_process_pool_run_loads_no_extraction_resources_in_the_flow_process(tmp_path, reference, monkeypatch):
    """The workers extract; the flow's process needs only the incident rules for the commit. The
    workers are new (spawned) processes that import the module afresh, so refusing the load in
    this module's namespace refuses it in the flow's process alone."""
    import sitrep.flows.worker as worker_module

    def refused(*args, **kwargs):
        raise AssertionError("the flow's process of a process-pool run loaded the extraction resources")
    monkeypatch.setattr(worker_module, "load_resources", refused)
    monkeypatch.setattr(worker_module, "_LOADED", worker_module._Loaded())  # not the copy the reference run left
    lake = tmp_path / "lake"
    summary = etl.with_options(task_runner=make_task_runner("process", 2))(
        [str(FIXTURES)], Settings(lake=str(lake), batch_size=2), in_flight=3)
    assert summary["documents_extracted"] == 6
    assert events_of(lake) == reference
    assert query(lake, "select count(*) from events where incident_id is null").rows == [(0,)]


def mapped_duckdb(pid: int) -> bool:
    """Whether a live process has DuckDB's library mapped (Linux)."""
    return "duckdb" in Path(f"/proc/{pid}/maps").read_text()


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads /proc/PID/maps (Linux)")
def test_a_process_pool_s_workers_hold_no_duckdb_and_are_shut_down_before_the_commit(tmp_path, reference, monkeypatch):
    """The workers only extract: DuckDB is the flow's process's (tens of MiB a worker would map).
    They hold their own rules and tables: idle beside the commit, they would only add to the
    run's peak memory. While batches are staged they are alive; at the commit, none is left."""
    import multiprocessing

    from sitrep.pipelines.lake import LakeRun

    alive: dict[str, list[int]] = {"stage": [], "commit": []}
    duckdb_in: list[bool] = []
    stage, commit = LakeRun.stage, LakeRun.commit

    def staged(self, name, table):
        workers = multiprocessing.active_children()
        alive["stage"].append(len(workers))
        duckdb_in.extend(mapped_duckdb(p.pid) for p in workers)
        return stage(self, name, table)

    def committed(self):
        alive["commit"].append(len(multiprocessing.active_children()))
        return commit(self)
    monkeypatch.setattr(LakeRun, "stage", staged)
    monkeypatch.setattr(LakeRun, "commit", committed)
    lake = tmp_path / "lake"
    summary = etl.with_options(task_runner=make_task_runner("process", 2))(
        [str(FIXTURES)], Settings(lake=str(lake), batch_size=2), in_flight=3)
    assert summary["documents_extracted"] == 6
    assert events_of(lake) == reference
    assert max(alive["stage"]) >= 1  # the workers extracted the batches
    assert duckdb_in and not any(duckdb_in)
    assert mapped_duckdb(os.getpid())  # as the flow's process does
    assert alive["commit"] == [0]
    assert multiprocessing.active_children() == []


def test_unknown_task_runner_is_refused():
    with pytest.raises(ValueError, match="unknown task runner"):
        make_task_runner("carrier-pigeon", 2)


def test_worker_processes_keep_and_reuse_reference_tables_in_the_cache_folder(tmp_path, reference, monkeypatch):
    folder = tmp_path / "reference-cache"
    monkeypatch.setenv("SITREP_CACHE_DIR", str(folder))  # inherited by the new worker processes
    stamps = []
    for n in range(2):  # the first run's workers build and store the tables, the second's load them
        lake = tmp_path / f"lake{n}"
        etl.with_options(task_runner=make_task_runner("process", 2))([str(FIXTURES)], Settings(lake=str(lake), batch_size=2), in_flight=3)
        assert events_of(lake) == reference
        entries = sorted(folder.glob("*.pickle")) + sorted(folder.glob("*.sqlite"))
        assert [p.name.split("-")[0] for p in entries] == ["gazetteer", "language", "places", "cities"]
        stamps.append([(p.name, p.stat().st_mtime_ns) for p in entries])
    assert stamps[1] == stamps[0]  # loaded, not written again


# What a spawned worker process does with a batch: a new interpreter unpickles the task, its
# arguments and the flow it belongs to (Prefect sends the flow run's context with every task,
# by cloudpickle), runs the task, and reports what it imported.
WORKER = """
import pickle, sys
task, args, flow = pickle.loads(sys.stdin.buffer.read())
result = task.fn(*args)
print(result["documents"].num_rows, result["events"].num_rows)
print(" ".join(sorted(sys.modules)))
"""


def test_a_worker_process_extracts_without_importing_duckdb():
    """The lake's modules (DuckDB, DuckLake) are the flow's: a worker process only extracts, and
    importing them would cost every worker tens of MiB and part of its start-up."""
    import cloudpickle
    from sitrep.flows.worker import extract, run_reference
    from sitrep.pipelines.documents import Document
    from sitrep.pipelines.ingest import discover, read_paths
    from sitrep.pipelines.transform import batch_table

    documents = [d for d in read_paths(discover([str(FIXTURES)])) if isinstance(d, Document)]
    assert len(documents) >= 3
    args = (batch_table(documents), "run-1", run_reference(Settings()))
    done = subprocess.run([sys.executable, "-c", WORKER], input=cloudpickle.dumps((extract, args, etl)),
                          capture_output=True, check=True, timeout=300)
    counts, modules = done.stdout.decode().strip().splitlines()
    assert counts.split()[0] == str(len(documents)) and int(counts.split()[1]) >= 1  # it did extract
    imported = set(modules.split())
    assert {"sitrep.pipelines.transform", "sitrep.flows.etl", "prefect"} <= imported
    assert not {"duckdb", "sitrep.pipelines.lake", "sitrep.pipelines.warehouse"} & imported
