"""Prefect runtime settings Sitrep applies around its flow runs."""
from __future__ import annotations

import ctypes
import gc
import logging
import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import prefect.context as prefect_context
from prefect.settings import (
    PREFECT_API_URL,
    PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
    PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
    temporary_settings,
)
from sitrep.pipelines.tables import collector_paused, release_arrow_memory


@lru_cache(maxsize=1)
def _malloc_trim():
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def release_memory() -> None:
    """Hand freed heap pages back to the system after a batch. Python frees a batch's
    objects, but glibc keeps the pages for reuse, so a long run's RSS ratchets up to its
    largest batch and stays there in every process (measured: 60+ MiB per worker); Arrow's
    allocator (mimalloc) keeps its own the same way. Dask workers trim glibc's heap too;
    without glibc that part does nothing."""
    release_arrow_memory()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def freeze_long_lived(dropped: bool = False) -> None:
    """Take every object alive now (the modules and the run's rules and tables, which live as
    long as the process) out of the cyclic garbage collector's walks. Each full collection
    otherwise walks them all: about 0.27 s a collection once the resources are loaded, 13 of
    them in a run of 64k short documents (3.5 s). Frozen objects are still freed by reference
    counting; `dropped` (resources were let go) unfreezes and collects first, so their cycles
    are not kept for the process's life."""
    if dropped:
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def start_up():
    """Around a run's imports and its API server's start: they build some 400k objects that live
    as long as the process, and each full collection on the way walked all those built so far
    again (measured: 6 full collections, 0.9-2.4 s of a one-document run on a loaded machine).
    The collector waits until they are built; then they are frozen out of its walks."""
    return collector_paused(freeze=True)


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
    """One Prefect API for the run, served on a thread of this process (flows.server.ThreadedAPI)
    unless PREFECT_API_URL names one (or a Dask scheduler's workers bring their own
    configuration). Prefect's client would otherwise start an ephemeral server process, while
    importing the server app in the flow process too, and each process of a process pool or
    local Dask cluster would start yet another (measured: seconds of start-up and CPU per
    worker, on the cores extraction needs). The address is exported, so worker processes
    report to this same API."""
    if task_runner.startswith("tcp://") or PREFECT_API_URL.value():
        yield
        return
    with start_up():
        from sitrep.flows.server import ThreadedAPI

        # A new Prefect home first runs its database migrations (measured: ~10 s here).
        timeout = max(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value(), 60)
        server = ThreadedAPI(startup_timeout=timeout)
        api_url = server.start()
    previous = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = api_url  # inherited by the worker processes
    # and seen by Prefect's own threads (the process pool's message forwarder), which do not
    # inherit temporary settings: without it, that thread starts a second ephemeral server.
    prior_global = prefect_context.GLOBAL_SETTINGS_CONTEXT
    prefect_context.refresh_global_settings_context()
    try:
        with temporary_settings({PREFECT_API_URL: api_url}):
            yield
    finally:
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous
        prefect_context.GLOBAL_SETTINGS_CONTEXT = prior_global  # as it was (a test harness's, say)
        _send_pending_logs_and_events()
        server.stop()


def _send_pending_logs_and_events() -> None:
    """Prefect sends logs and events from background queues, in batches every few seconds;
    at exit it would send the last ones to an API that is no longer there ("Error logging
    to API"). Send them while it still runs."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for service in (APILogWorker, EventsWorker):
        service.drain_all(timeout=5)


class _NoFailureTracebacks(logging.Filter):
    """Drops the error records of flow and task runs (their tracebacks, one per retry)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno >= logging.ERROR and record.name.startswith(("prefect.flow_runs", "prefect.task_runs")))


# Set by `sitrep serve` for the flow-run processes it starts (unless `sitrep --debug serve`).
SERVED_CONSOLE_TRACEBACKS = "SITREP_SERVED_CONSOLE_TRACEBACKS"


class _NoRunTracebacks(logging.Filter):
    """Drops the records of flow and task runs that carry a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and record.name.startswith(("prefect.flow_runs", "prefect.task_runs")))


def served_console_tracebacks(environ=os.environ) -> None:
    """In a served flow run's own process, when `sitrep serve` asked for it: keep the run's
    tracebacks off the console, which is serve's output, where the run's failure line says why
    it failed; they still reach the Prefect API's logs (the UI). For the rest of the process:
    the engine logs a failure after the flow function has returned, and the process runs this
    one flow run."""
    if environ.get(SERVED_CONSOLE_TRACEBACKS) != "off":
        return
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, _NoRunTracebacks) for f in handler.filters):
            handler.addFilter(_NoRunTracebacks())


@contextmanager
def quiet_failure_logs(enabled: bool = True):
    """While a flow runs from the command line, keep Prefect's failure tracebacks off the console
    (the command reports the failure in one line); they still reach the Prefect API's logs."""
    handlers = [h for h in logging.getLogger().handlers if enabled]
    quiet = _NoFailureTracebacks()
    for handler in handlers:
        handler.addFilter(quiet)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(quiet)
