"""Runtime settings around flow runs: one API for every worker process."""
from __future__ import annotations

import os
import socket
import threading

import pytest
from prefect.settings import (
    PREFECT_API_DATABASE_CONNECTION_URL,
    PREFECT_API_URL,
    PREFECT_HOME,
    temporary_settings,
)
from sitrep.flows import runtime, server


def in_a_new_thread(fn):
    out = []
    t = threading.Thread(target=lambda: out.append(fn()))
    t.start()
    t.join()
    return out[0]


class FakeServer:
    started = stopped = 0
    kwargs: dict = {}

    def __init__(self, **kwargs):
        FakeServer.kwargs = kwargs

    def start(self):
        FakeServer.started += 1
        return "http://127.0.0.1:9/api"

    def stop(self):
        FakeServer.stopped += 1


@pytest.mark.parametrize("kind", ["process", "dask", "thread"])
def test_one_api_is_started_for_the_run_and_handed_to_workers(monkeypatch, kind):
    monkeypatch.setattr(server, "ThreadedAPI", FakeServer)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    started, stopped = FakeServer.started, FakeServer.stopped
    with temporary_settings({PREFECT_API_URL: None}):
        threads_saw = in_a_new_thread(PREFECT_API_URL.value)
        with runtime.shared_api(kind):
            # exported for the worker processes, and used by this one
            assert os.environ["PREFECT_API_URL"] == "http://127.0.0.1:9/api"
            assert PREFECT_API_URL.value() == "http://127.0.0.1:9/api"
            # and by threads Prefect starts itself, which do not inherit temporary settings
            assert in_a_new_thread(PREFECT_API_URL.value) == "http://127.0.0.1:9/api"
        assert "PREFECT_API_URL" not in os.environ
        assert in_a_new_thread(PREFECT_API_URL.value) == threads_saw  # as before the run
    assert (FakeServer.started - started, FakeServer.stopped - stopped) == (1, 1)
    assert FakeServer.kwargs["startup_timeout"] >= 60  # a new Prefect home migrates its database first


def test_a_given_api_or_a_dask_scheduler_starts_nothing(monkeypatch):
    monkeypatch.setattr(server, "ThreadedAPI", FakeServer)
    before = FakeServer.started
    with temporary_settings({PREFECT_API_URL: "http://127.0.0.1:4200/api"}):
        with runtime.shared_api("process"):
            pass
    with temporary_settings({PREFECT_API_URL: None}):
        with runtime.shared_api("tcp://10.0.0.5:8786"):
            pass
    assert FakeServer.started == before


def api_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "sitrep-prefect-api"]


def test_the_run_api_answers_from_a_thread_and_stops_with_its_run(tmp_path):
    database = tmp_path / "home" / "prefect.db"
    settings = {PREFECT_HOME: tmp_path / "home", PREFECT_API_DATABASE_CONNECTION_URL: f"sqlite+aiosqlite:///{database}"}
    with temporary_settings(settings):
        api = server.ThreadedAPI(startup_timeout=120)
        with api:
            assert server.is_healthy(api.api_url)
            assert len(api_threads()) == 1
            # the thread runs under the caller's settings: its database is the one they name
            assert database.exists()
            assert not (tmp_path / "home" / server.SERVER_FILE).exists()  # not a server for `sitrep trigger`
    assert not server.is_healthy(api.api_url, timeout=0.5)
    assert api_threads() == []


def test_a_run_api_that_cannot_listen_is_a_start_error(tmp_path):
    database = tmp_path / "prefect.db"
    with socket.socket() as taken, temporary_settings({PREFECT_API_DATABASE_CONNECTION_URL: f"sqlite+aiosqlite:///{database}"}):
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        api = server.ThreadedAPI(port=taken.getsockname()[1], startup_timeout=120)
        with pytest.raises(server.ServerStartError, match="did not start.*address already in use"):
            api.start()
    assert api_threads() == []


def test_reference_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "mine"))
    assert runtime.reference_cache_dir() == tmp_path / "mine"
    monkeypatch.setenv("SITREP_CACHE_DIR", "")  # set but empty: no cache at all
    assert runtime.reference_cache_dir() is None
    monkeypatch.delenv("SITREP_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert runtime.reference_cache_dir() == tmp_path / "xdg" / "sitrep"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert runtime.reference_cache_dir() == tmp_path / "home" / ".cache" / "sitrep"


def test_a_served_run_keeps_its_tracebacks_off_the_console_when_serve_asks():
    import logging
    import sys

    class Kept(logging.Handler):
        def __init__(self):
            super().__init__()
            self.messages = []

        def emit(self, record):
            self.messages.append(record.getMessage())

    def emit_all():
        try:
            raise ValueError("boom")
        except ValueError:
            failure = sys.exc_info()
        for name, exc_info, message in [("prefect.flow_runs", failure, "run traceback"),
                                        ("prefect.task_runs", failure, "task traceback"),
                                        ("prefect.flow_runs", None, "run failed: one line"),
                                        ("elsewhere", failure, "another library's traceback")]:
            record = logging.LogRecord(name, logging.ERROR, __file__, 1, message, (), exc_info)
            for handler in logging.getLogger().handlers:
                if handler.filter(record):
                    handler.handle(record)

    console = Kept()
    root = logging.getLogger()
    root.addHandler(console)
    try:
        runtime.served_console_tracebacks({})  # not asked: nothing changes
        emit_all()
        assert len(console.messages) == 4
        console.messages.clear()
        runtime.served_console_tracebacks({runtime.SERVED_CONSOLE_TRACEBACKS: "off"})
        runtime.served_console_tracebacks({runtime.SERVED_CONSOLE_TRACEBACKS: "off"})  # once is enough
        assert len(console.filters) == 1
        emit_all()
        assert console.messages == ["run failed: one line", "another library's traceback"]
    finally:
        root.removeHandler(console)
        for handler in root.handlers:
            for quiet in [f for f in handler.filters if isinstance(f, runtime._NoRunTracebacks)]:
                handler.removeFilter(quiet)
