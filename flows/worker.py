"""What a worker process runs: the extraction task and the run's resources it loads.

The flow's process submits `extract` to the run's task runner: a thread of its own, or a
worker process (a process pool's, a Dask node's) that imports this module afresh. So this module
and what it imports hold extraction and nothing else: no DuckDB, no DuckLake (pipelines.lake,
pipelines.warehouse), whose import alone costs a worker process tens of MiB and a share of its
start-up; the flow's process, which writes the lake, imports those (flows.etl).
"""
from __future__ import annotations

import os
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
from prefect import task
from prefect.cache_policies import NO_CACHE
from sitrep.flows.errors import is_permanent_io_error
from sitrep.flows.runtime import freeze_long_lived, reference_cache_dir, release_memory
from sitrep.pipelines.documents import Document
from sitrep.pipelines.resources import Resources, current_version, load_resources
from sitrep.pipelines.seedfile import SeedError
from sitrep.pipelines.settings import Settings
from sitrep.pipelines.transform import batch_documents, extract_batch


class ResourcesChanged(RuntimeError):
    """A task found other seeds or libraries than the run's flow loaded (edited mid-run)."""


def worth_retrying(task, task_run, state) -> bool:
    """Prefect's retry_condition_fn for I/O tasks: retry a transient failure, never a permanent
    one (a full disk, a bad seed file, seeds edited during the run)."""
    exc = state.data if isinstance(state.data, BaseException) else None
    return not (isinstance(exc, SeedError | ResourcesChanged) or is_permanent_io_error(exc))


@dataclass(frozen=True)
class RunResources:
    """What a task needs to get the run's resources where it runs (a thread, a worker process,
    a Dask node): the folders they come from and the version the flow loaded, which the
    task's copy must have."""

    settings: Settings
    cache_dir: str | None
    version: str


class _Loaded:
    """Resources loaded in this process, by process, folders and version: a task in the
    flow's process gets the flow's own copy, a worker process loads its own once per run
    (not once per batch), and edited seeds, having another version, are loaded afresh."""

    def __init__(self, keep: int = 2):
        self._held: OrderedDict[tuple, Resources] = OrderedDict()
        self._lock = threading.Lock()
        self._keep = keep

    def get(self, settings: Settings, cache_dir: str | None, version: str) -> Resources:
        key = (os.getpid(), str(Path(settings.seeds_dir).resolve()), cache_dir, version)
        with self._lock:
            if key not in self._held:
                loaded = load_resources(settings, cache_dir)
                if loaded.version != version:
                    raise ResourcesChanged(
                        f"the seeds in {settings.seeds_dir} or the installed libraries changed during the run "
                        f"(version {loaded.version}, the run's is {version}): run it again"
                    )
                self._held[key] = loaded
                dropped = len(self._held) > self._keep
                while len(self._held) > self._keep:
                    self._held.popitem(last=False)
                del loaded
                freeze_long_lived(dropped)  # loaded once, read by every batch: out of the collector's walks
            self._held.move_to_end(key)
            return self._held[key]


_LOADED = _Loaded()


def run_reference(settings: Settings) -> RunResources:
    """What the run's tasks load their resources by (reference tables kept in the user's cache
    folder), with the version computed from the files, without loading them."""
    cache = reference_cache_dir()
    return RunResources(settings, None if cache is None else str(cache), current_version(settings.seeds_dir))


def resources_of(ref: RunResources) -> Resources:
    return _LOADED.get(ref.settings, ref.cache_dir, ref.version)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[1, 5], retry_condition_fn=worth_retrying)
def extract(batch: pa.Table | list[Document], run_id: str, resources: RunResources) -> dict:
    """Extract one batch (a batch_table; in a thread of the flow's process, the documents) where it
    runs (a thread, a worker process, a Dask node); its documents and events come back as Arrow
    tables, which the flow adds to the run's transaction at once (DuckLake writes them to
    Parquet), so at most the batches in flight are ever held."""
    started = time.perf_counter()
    loaded = resources_of(resources)  # loaded once per process: extraction's own start-up
    loading = time.perf_counter() - started
    tables = extract_batch(batch_documents(batch) if isinstance(batch, pa.Table) else batch, loaded, run_id)
    result = {
        "documents": tables.documents,
        "events": tables.events,
        "by_type": dict(Counter(tables.events["event_type"].to_pylist())),
        # the incident step apart, so the run summary shows its share (issue #16's budget)
        "extract_seconds": loading + tables.seconds - tables.incident_seconds,
        "incident_seconds": tables.incident_seconds,
        "not_english": tables.not_english,
    }
    del tables
    release_memory()
    return result
