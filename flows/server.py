"""A Prefect server Sitrep starts and stops itself, for schedules without a standing server.

Prefect's ephemeral API (what a flow uses when PREFECT_API_URL is unset) refuses
schedules, so `sitrep serve` runs Prefect's server as a child process (`python -m
sitrep.flows.server`: the app, services and UI `prefect server start` serves, with UI pages
answering by URL, see UIPagesByURL): its SQLite database lives under the lake, it listens on
a free loopback port, and it is stopped when Sitrep exits. The address is written to
`<home>/server.json` so `sitrep trigger` can find it.

One-off runs (`sitrep run`, `sitrep reprocess`) need no schedules: they serve Prefect's
API app alone on a thread of their own process for the length of the run (ThreadedAPI).
"""
from __future__ import annotations

import argparse
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


# Paths of Prefect's server that are not pages of its UI: the API, its documentation, the schema.
NOT_UI_PAGES = ("/api", "/docs", "/redoc", "/openapi.json")


def is_ui_page_request(method: str, path: str, accept: str) -> bool:
    """A GET of a UI route (no file name in its last segment, outside the API) by a client that
    states no media type it wants (no Accept, or only `*/*`): curl, httpx, a link checker or
    monitor opening `/deployments` or a flow run's page."""
    if method not in ("GET", "HEAD"):
        return False
    if any(path == prefix or path.startswith(prefix + "/") for prefix in NOT_UI_PAGES):
        return False
    if "." in path.rsplit("/", 1)[-1]:
        return False  # a file (a script, a style sheet, an icon): a missing one stays a 404
    wanted = {part.split(";", 1)[0].strip().lower() for part in accept.split(",")} - {""}
    return not wanted or wanted == {"*/*"}


class UIPagesByURL:
    """Prefect's server app, with its UI's pages answering every client that opens them by URL.

    Prefect serves its single-page UI with FastAPI's `frontend()` fallback, which sends the UI's
    `index.html` for a route such as `/deployments` or `/runs/flow-run/<id>` only to requests
    whose Accept header names text/html (a browser's); any other client gets 404 for every page
    but `/`. A page request that names no media type is told here it accepts HTML, which is what
    it gets; files (and so missing assets), the API and any request naming types are untouched."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            headers = scope.get("headers", [])
            accept = b",".join(v for k, v in headers if k == b"accept").decode("latin-1")
            if is_ui_page_request(scope["method"], scope["path"], accept):
                headers = [(k, v) for k, v in headers if k != b"accept"] + [(b"accept", b"text/html, */*")]
                scope = {**scope, "headers": headers}
        await self.app(scope, receive, send)


def main(argv: list[str] | None = None) -> None:
    """Serve Prefect's API, services and UI as `prefect server start --host H --port P` does
    (one worker), with UIPagesByURL in front."""
    parser = argparse.ArgumentParser(prog="python -m sitrep.flows.server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    import uvicorn
    from prefect.server.api.server import create_app
    from prefect.settings import (
        PREFECT_SERVER_API_KEEPALIVE_TIMEOUT,
        PREFECT_SERVER_API_WEBSOCKET_PING_INTERVAL,
        PREFECT_SERVER_API_WEBSOCKET_PING_TIMEOUT,
        PREFECT_SERVER_LOGGING_LEVEL,
    )

    uvicorn.run(
        UIPagesByURL(create_app(final=True)),
        host=args.host,
        port=args.port,
        timeout_keep_alive=PREFECT_SERVER_API_KEEPALIVE_TIMEOUT.value(),
        ws_ping_interval=PREFECT_SERVER_API_WEBSOCKET_PING_INTERVAL.value(),
        ws_ping_timeout=PREFECT_SERVER_API_WEBSOCKET_PING_TIMEOUT.value(),
        log_level=PREFECT_SERVER_LOGGING_LEVEL.value().lower(),
    )


class EmbeddedServer(_LoopbackAPI):
    """Prefect's server (see main) as a supervised child process."""

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
            [sys.executable, "-m", "sitrep.flows.server", "--host", self.host, "--port", str(self.port)],
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
        # The whole group, should the server have started children of its own.
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
        from prefect.settings import (
            PREFECT_API_BLOCKS_REGISTER_ON_START,
            PREFECT_HOME,
            PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION,
            PREFECT_SERVER_ANALYTICS_ENABLED,
            temporary_settings,
        )

        began = time.monotonic()
        PREFECT_HOME.value().mkdir(parents=True, exist_ok=True)  # its database's folder, by default
        # The thread runs in a copy of this context: it sees the settings the caller runs under
        # (a temporary PREFECT_HOME, say), not only the process-wide ones; and no telemetry.
        # A run's API registers no block types: a run uses none, and registering them first
        # imports every installed Prefect collection (prefect-dask brings dask.distributed:
        # measured, most of a second of each run's start-up). `sitrep serve`'s server still does.
        off = {PREFECT_SERVER_ANALYTICS_ENABLED: False, PREFECT_API_BLOCKS_REGISTER_ON_START: False,
               PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION: False}
        with temporary_settings(off):
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


if __name__ == "__main__":
    main()
