"""Runtime settings around flow runs: one API for every worker process."""
from __future__ import annotations

import os

from prefect.settings import PREFECT_API_URL, temporary_settings

from flows import runtime


class FakeServer:
    started = stopped = 0

    def __init__(self):
        self.api_url = "http://127.0.0.1:9/api"

    def start(self):
        FakeServer.started += 1

    def stop(self):
        FakeServer.stopped += 1


def test_process_workers_get_the_flows_api_and_it_is_stopped_after(monkeypatch):
    import prefect.server.api.server as server

    monkeypatch.setattr(server, "SubprocessASGIServer", FakeServer)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with temporary_settings({PREFECT_API_URL: None}):
        with runtime.shared_api("process"):
            # exported for the worker processes, and used by this one
            assert os.environ["PREFECT_API_URL"] == "http://127.0.0.1:9/api"
            assert PREFECT_API_URL.value() == "http://127.0.0.1:9/api"
        assert "PREFECT_API_URL" not in os.environ
    assert (FakeServer.started, FakeServer.stopped) == (1, 1)


def test_threads_and_a_given_api_start_nothing(monkeypatch):
    import prefect.server.api.server as server

    monkeypatch.setattr(server, "SubprocessASGIServer", FakeServer)
    before = FakeServer.started
    with temporary_settings({PREFECT_API_URL: None}):
        with runtime.shared_api("thread"):
            pass
    with temporary_settings({PREFECT_API_URL: "http://127.0.0.1:4200/api"}):
        with runtime.shared_api("process"):
            pass
    assert FakeServer.started == before


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
