"""A Prefect server Sitrep starts and stops itself, for schedules without a standing server.

Prefect's ephemeral API (what a flow uses when PREFECT_API_URL is unset) refuses
schedules, so `sitrep serve` runs `prefect server start` as a child process: its SQLite
database lives under the lake, it listens on a free loopback port, and it is stopped
when Sitrep exits. The address is written to `<home>/server.json` so `sitrep trigger`
can find it.

One-off runs (`sitrep run`, `sitrep reprocess`) need no schedules: they serve Prefect's
API app alone on a thread of their own process for the length of the run (ThreadedAPI).
"""
from __future__ import annotations

import contextvars
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

SERVER_FILE = "server.json"


class ServerStartError(RuntimeError):
    """The embedded Prefect server exited or did not answer in time."""


def free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def server_env(home: Path) -> dict[str, str]:
    """The child's environment: its own PREFECT_HOME, and no API URL to report to."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT="false",
    )
    return env


def recorded_api_url(home: Path) -> str | None:
    """The address a running `sitrep serve` wrote for its embedded server, if any."""
    try:
        info = json.loads((Path(home) / SERVER_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return info.get("api_url")


def is_healthy(api_url: str, timeout: float = 2.0) -> bool:
    try:
        return httpx.get(f"{api_url}/health", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def _die_with_parent() -> None:
    """Runs in the child before exec: on Linux, ask for SIGTERM when Sitrep itself dies, so a
    `kill -9` of Sitrep does not leave an orphan server holding the lake's database."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: stop() on a normal exit still applies


class _LoopbackAPI:
    """A Prefect API Sitrep starts on a loopback port and stops again; a context manager."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, startup_timeout: float = 90.0):
        self.host = host
        self.port = port or free_port(host)
        self.startup_timeout = startup_timeout
        self.started_in: float | None = None

    @property
    def api_url(self) -> str:
        return f"http://{self.host}:{self.port}/api"

    def start(self) -> str:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class EmbeddedServer(_LoopbackAPI):
    """`prefect server start` as a supervised child process."""

    def __init__(self, home: Path, host: str = "127.0.0.1", port: int = 0, startup_timeout: float = 90.0):
        super().__init__(host, port, startup_timeout)
        self.home = Path(home)
        self.process: subprocess.Popen | None = None

    @property
    def log_path(self) -> Path:
        return self.home / "server.log"

    def start(self) -> str:
        self.home.mkdir(parents=True, exist_ok=True)
        began = time.monotonic()
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", self.host, "--port", str(self.port)],
            env=server_env(self.home),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            # Its own process group: Ctrl-C in the terminal reaches Sitrep, which then stops
            # the server in order, rather than both dying at once.
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
        log.close()
        try:
            self._wait_until_healthy()
        except BaseException:
            self.stop()
            raise
        self.started_in = time.monotonic() - began
        (self.home / SERVER_FILE).write_text(
            json.dumps({"api_url": self.api_url, "pid": self.process.pid}), encoding="utf-8"
        )
        return self.api_url

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerStartError(
                    f"prefect server exited with code {self.process.returncode}; see {self.log_path}"
                )
            if is_healthy(self.api_url, timeout=1.0):
                return
            time.sleep(0.25)
        raise ServerStartError(f"prefect server did not answer within {self.startup_timeout:.0f}s; see {self.log_path}")

    def stop(self, grace: float = 15.0) -> None:
        (self.home / SERVER_FILE).unlink(missing_ok=True)
        if self.process is None or self.process.poll() is not None:
            return
        # The whole group: `prefect server start` runs the API and its services in children.
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


class _Collected(logging.Handler):
    def __init__(self, level: int):
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class ThreadedAPI(_LoopbackAPI):
    """Prefect's API app, served by uvicorn on a thread of this process, for one run.

    The same app and switches as Prefect's ephemeral server (no UI, no scheduling
    services; its database under PREFECT_HOME), reachable over loopback, so worker
    processes and their threads can be handed its address. On a thread rather than in a
    process of its own: the run then carries one copy of Prefect instead of two
    (measured: ~110 MiB less for a run), and the API is idle most of a run."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, startup_timeout: float = 90.0):
        super().__init__(host, port, startup_timeout)
        self._server = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None

    def _serve(self) -> None:
        try:
            self._server.run()
        except BaseException as exc:  # reported by start(), not lost with the thread
            self._failure = exc

    def start(self) -> str:
        import uvicorn
        from prefect.server.api.server import create_app
        from prefect.settings import PREFECT_HOME, PREFECT_SERVER_ANALYTICS_ENABLED, temporary_settings

        began = time.monotonic()
        PREFECT_HOME.value().mkdir(parents=True, exist_ok=True)  # its database's folder, by default
        # The thread runs in a copy of this context: it sees the settings the caller runs under
        # (a temporary PREFECT_HOME, say), not only the process-wide ones; and no telemetry.
        with temporary_settings({PREFECT_SERVER_ANALYTICS_ENABLED: False}):
            try:
                app = create_app(ephemeral=True, final=True)
            except Exception as exc:
                raise ServerStartError(f"Prefect's API app could not be built: {exc}") from exc
            context = contextvars.copy_context()
        # log_config=None: leave the process's logging (Prefect's) as it is.
        config = uvicorn.Config(
            app, host=self.host, port=self.port, log_config=None, log_level="error", access_log=False, lifespan="on"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=context.run, args=(self._serve,), name="sitrep-prefect-api", daemon=True)
        errors = _Collected(logging.ERROR)  # what uvicorn says when it gives up (a port taken, say)
        logging.getLogger("uvicorn.error").addHandler(errors)
        try:
            self._thread.start()
            deadline = began + self.startup_timeout
            while not self._server.started:
                if not self._thread.is_alive():
                    said = "; ".join(errors.messages) or repr(self._failure)
                    raise ServerStartError(f"Prefect's API did not start on {self.host}:{self.port}: {said}")
                if time.monotonic() > deadline:
                    self.stop()
                    raise ServerStartError(f"Prefect's API did not answer within {self.startup_timeout:.0f}s")
                time.sleep(0.05)
        finally:
            logging.getLogger("uvicorn.error").removeHandler(errors)
        self.started_in = time.monotonic() - began
        return self.api_url

    def stop(self, grace: float = 15.0) -> None:
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(grace)
        if self._thread.is_alive():  # open connections past the grace period
            self._server.force_exit = True
            self._thread.join(grace)
