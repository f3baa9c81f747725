"""Prefect runtime settings Sitrep applies around its flow runs."""
from __future__ import annotations

from contextlib import contextmanager

from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings


@contextmanager
def quiet_heartbeats():
    """Turn flow heartbeats off: with them on, every synchronous flow run waits about a second
    on the heartbeat thread (no environment variable does this)."""
    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield
