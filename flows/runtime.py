"""Prefect runtime settings Sitrep applies around its flow runs."""
from __future__ import annotations

import os
from contextlib import contextmanager

from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings


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
