"""A Prefect server Sitrep starts and stops itself, for schedules without a standing server.

Prefect's ephemeral API (what a flow uses when PREFECT_API_URL is unset) refuses
schedules, so `sitrep serve` runs `prefect server start` as a child process: its SQLite
database lives under the lake, it listens on a free loopback port, and it is stopped
when Sitrep exits. The address is written to `<home>/server.json` so `sitrep trigger`
can find it.

One-off runs (`sitrep run`, `sitrep reprocess`) use the same supervision with
`api_only=True`: just Prefect's API app, as its ephemeral server, for one run.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
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


class EmbeddedServer:
    """`prefect server start` as a supervised child process; a context manager.

    `api_only`: serve Prefect's API app alone under uvicorn, without the UI and the
    scheduling services, as Prefect's own ephemeral server does (same app, same switches),
    for the length of one run. Started here rather than by Prefect's client, the flow
    process never imports the server app (measured: ~100 MiB less RSS in the flow process),
    and worker processes can be handed its address."""

    def __init__(
        self, home: Path, host: str = "127.0.0.1", port: int = 0, startup_timeout: float = 90.0, api_only: bool = False
    ):
        self.home = Path(home)
        self.host = host
        self.port = port or free_port(host)
        self.startup_timeout = startup_timeout
        self.api_only = api_only
        self.process: subprocess.Popen | None = None
        self.started_in: float | None = None

    @property
    def api_url(self) -> str:
        return f"http://{self.host}:{self.port}/api"

    @property
    def log_path(self) -> Path:
        return self.home / ("ephemeral-api.log" if self.api_only else "server.log")

    def _command(self) -> list[str]:
        if self.api_only:
            return [
                sys.executable, "-m", "uvicorn", "--factory", "prefect.server.api.server:create_app",
                "--host", self.host, "--port", str(self.port), "--log-level", "error", "--lifespan", "on",
            ]
        return [sys.executable, "-m", "prefect", "server", "start", "--host", self.host, "--port", str(self.port)]

    def _env(self) -> dict[str, str]:
        env = server_env(self.home)
        if self.api_only:
            # Prefect's switches for its ephemeral server: no UI, only the services it needs.
            env.update(PREFECT_UI_ENABLED="0", PREFECT__SERVER_EPHEMERAL="1", PREFECT__SERVER_FINAL="1")
        return env

    def start(self) -> str:
        self.home.mkdir(parents=True, exist_ok=True)
        began = time.monotonic()
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self._command(),
            env=self._env(),
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
        if not self.api_only:  # a one-run API is not a server for `sitrep trigger` to find
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
        if not self.api_only:
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

    def __enter__(self) -> EmbeddedServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
