"""Prefect runtime settings Sitrep applies around its flow runs."""
from __future__ import annotations

import ctypes
import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings


@lru_cache(maxsize=1)
def _malloc_trim():
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def release_memory() -> None:
    """Hand freed heap pages back to the system after a batch. Python frees a batch's
    objects, but glibc keeps the pages for reuse, so a long run's RSS ratchets up to its
    largest batch and stays there in every process (measured: 60+ MiB per worker). Dask
    workers trim the same way; without glibc this does nothing."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def reference_cache_dir() -> Path | None:
    """Where derived reference tables are kept (pipelines.reference_cache): $SITREP_CACHE_DIR,
    else $XDG_CACHE_HOME/sitrep, else ~/.cache/sitrep. SITREP_CACHE_DIR set empty: no cache.
    Read from the environment, so worker processes and Dask nodes follow the flow's choice."""
    chosen = os.environ.get("SITREP_CACHE_DIR")
    if chosen is not None:
        return Path(chosen).expanduser() if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sitrep"


@contextmanager
def quiet_heartbeats():
    """Turn flow heartbeats off: with them on, every synchronous flow run waits about a second
    on the heartbeat thread (no environment variable does this)."""
    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


@contextmanager
def shared_api(task_runner: str):
    """Give worker processes the flow's API. Without PREFECT_API_URL, each process of a
    process pool or local Dask cluster would start an ephemeral API server of its own
    (measured: seconds of start-up and CPU per worker, on the cores extraction needs). So
    the ephemeral server is started here, once, and its address exported to the workers."""
    if task_runner in ("thread",) or task_runner.startswith("tcp://") or PREFECT_API_URL.value():
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start()
    previous = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = server.api_url  # inherited by the worker processes
    try:
        with temporary_settings({PREFECT_API_URL: server.api_url}):
            yield
    finally:
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous
        server.stop()
