import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from sitrep.flows.cli import cli
from sitrep.flows.server import SERVER_FILE, is_healthy
from sitrep.pipelines.warehouse import query

SITREP = Path(sys.executable).parent / "sitrep"
# A schedule that never fires during a test: runs here come from `sitrep trigger` alone.
NEVER_SOON = "0 0 1 1 *"


def write_config(tmp_path: Path, body: str = "") -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    (inbox / "clash.txt").write_text("Clash\nFive soldiers were killed in an ambush on Sunday, the army said.\n")
    config = tmp_path / "sitrep.toml"
    config.write_text(
        body or f'lake = "lake"\n[[sources]]\nname = "inbox"\nkind = "inbox"\ncron = "{NEVER_SOON}"\nfolder = "inbox"\n'
    )
    return config


def test_serve_refuses_an_invalid_config_naming_the_bad_key(tmp_path):
    config = write_config(tmp_path, '[[sources]]\nname = "wire"\nkind = "feed"\ncron = "* * * * *"\n')
    result = CliRunner().invoke(cli, ["serve", "--config", str(config)])
    assert result.exit_code == 1
    assert "sources[0].url: Field required" in result.output


def test_serve_refuses_settings_that_name_no_source(tmp_path):
    config = tmp_path / "sitrep.toml"
    config.write_text('lake = "lake"\nbatch_size = 100\n', encoding="utf-8")  # valid settings, nothing to collect
    result = CliRunner().invoke(cli, ["serve", "--config", str(config)])
    assert result.exit_code == 1
    assert "no [[sources]] to collect" in result.output
    assert not (tmp_path / "lake").exists()


def test_trigger_without_a_server_says_how_to_start_one(tmp_path, monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    config = write_config(tmp_path)
    result = CliRunner().invoke(cli, ["trigger", "inbox", "--config", str(config)])
    assert result.exit_code == 1
    assert "sitrep serve --config" in result.output


def test_trigger_refuses_a_source_the_config_lacks(tmp_path):
    result = CliRunner().invoke(cli, ["trigger", "nope", "--config", str(write_config(tmp_path))])
    assert result.exit_code == 2 and "no source named 'nope'" in result.output


def _wait_for(predicate, seconds: float, what: str, log: Path):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    raise AssertionError(f"{what} not seen within {seconds}s; serve output:\n{log.read_text()}")


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@dataclass
class Served:
    """A `sitrep serve` of the inbox source on its own embedded server, triggered once."""

    process: subprocess.Popen
    log: Path
    api_url: str
    server_pid: int
    server_info: Path
    lake: Path
    triggered: subprocess.CompletedProcess
    flow_run_id: str
    config: Path
    env: dict

    def output(self) -> str:
        return self.log.read_text()

    def wait_for_output(self, text: str) -> str:
        # The run's last lines reach serve's output as its process exits, just after `--wait` returns.
        _wait_for(lambda: text in self.output(), 60, repr(text), self.log)
        return next(line for line in self.output().splitlines() if text in line)

    def run_logs(self) -> list[dict]:
        return run_logs(self.api_url, self.flow_run_id)


def run_logs(api_url: str, flow_run_id: str) -> list[dict]:
    """What the API's logs endpoint returns for one flow run."""
    response = httpx.post(f"{api_url}/logs/filter",
                          json={"logs": {"flow_run_id": {"any_": [flow_run_id]}}, "sort": "TIMESTAMP_ASC"})
    response.raise_for_status()
    return response.json()


def start_serving(config: Path, env: dict, log: Path) -> subprocess.Popen:
    """`sitrep serve`, its output in `log`, once it says it serves."""
    with log.open("wb") as out:
        serving = subprocess.Popen(
            [str(SITREP), "serve", "--config", str(config)], env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    _wait_for(lambda: "Ctrl-C stops" in log.read_text() or serving.poll() is not None, 120, "serving", log)
    assert serving.poll() is None, log.read_text()
    return serving


def trigger_and_wait(config: Path, env: dict, log: Path, source: str = "inbox",
                     completes: bool = True) -> tuple[subprocess.CompletedProcess, str]:
    """`sitrep trigger SOURCE --wait`, and the id of the flow run it started."""
    triggered = subprocess.run(
        [str(SITREP), "trigger", source, "--config", str(config), "--wait"],
        env=env, capture_output=True, text=True, timeout=180,
    )
    flow_run_id = re.search(r"\(([0-9a-f-]{36})\)", triggered.stdout)
    assert (triggered.returncode == 0) is completes and flow_run_id, triggered.stdout + triggered.stderr + log.read_text()
    return triggered, flow_run_id.group(1)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The whole path with a real Prefect server: serve, trigger once and wait for the run."""
    tmp_path = tmp_path_factory.mktemp("served")
    inbox = f'kind = "inbox"\ncron = "{NEVER_SOON}"\nfolder = "inbox"\n'
    config = write_config(tmp_path, f'lake = "lake"\n[[sources]]\nname = "inbox"\n{inbox}[[sources]]\nname = "gone"\n{inbox}')
    (tmp_path / "inbox" / "blank.txt").write_text("")  # one reject (empty) for the counts
    lake = tmp_path / "lake"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "client-home"), PREFECT_RUNNER_POLL_FREQUENCY="1")
    log = tmp_path / "serve.log"
    server_info = lake / "_prefect" / SERVER_FILE
    server_pid = None
    serving = start_serving(config, env, log)
    try:
        info = json.loads(server_info.read_text())
        server_pid = info["pid"]
        triggered, flow_run_id = trigger_and_wait(config, env, log)
        yield Served(serving, log, info["api_url"], server_pid, server_info, lake, triggered, flow_run_id, config, env)
    finally:
        if serving.poll() is None:
            _kill_group(serving.pid)
        if server_pid is not None:
            _kill_group(server_pid)  # the embedded server has its own process group


@pytest.mark.served
def test_a_served_deployment_runs_when_triggered(served):
    assert "Completed" in served.triggered.stdout
    assert f"{served.api_url.removesuffix('/api')}/runs/flow-run/{served.flow_run_id}" in served.triggered.stdout
    assert is_healthy(served.api_url)
    assert query(served.lake, "select doc_id, killed from casualty_reports").rows == [("clash", 5)]


@pytest.mark.served
def test_serve_prints_each_runs_start_and_end_with_counts_and_stage_seconds(served):
    head = "sitrep-collect/inbox: flow run "
    start = served.wait_for_output(f"({served.flow_run_id}) started")
    assert head in start and "inputs source_name='inbox' config_path=" in start
    end = served.wait_for_output(f"({served.flow_run_id}) Completed in ")
    assert "; documents 1 read, 1 new, 0 changed, 0 unchanged; events 1 (casualty_report 1); rejects 1 (empty 1); " in end
    assert re.search(r"; seconds fetch [0-9.]+, read [0-9.]+, extract [0-9.]+, incidents [0-9.]+, stage [0-9.]+, commit [0-9.]+, "
                     r"views [0-9.]+; ", end), end
    assert f"UI {served.api_url.removesuffix('/api')}/runs/flow-run/{served.flow_run_id}" in start


@pytest.mark.served
def test_the_apis_logs_endpoint_returns_the_runs_lines(served):
    def lines():
        return [log["message"] for log in served.run_logs()]

    _wait_for(lambda: any(" Completed in " in m for m in lines()), 60, "the end line in the API's logs", served.log)
    ours = [m for m in lines() if m.startswith("sitrep-collect/inbox: flow run ")]
    assert [m.split(") ", 1)[1].split(" ", 1)[0] for m in ours] == ["started;", "Completed"]
    assert all(m in served.output() for m in ours)  # the same lines serve printed


@pytest.mark.served
def test_the_run_summary_artifact_exists_and_the_end_line_links_its_page(served):
    end = served.wait_for_output(f"({served.flow_run_id}) Completed in ")
    link = end.rsplit("; summary ", 1)[1]
    ui = served.api_url.removesuffix("/api")
    assert link.startswith(f"{ui}/artifacts/artifact/")
    artifact = httpx.get(f"{served.api_url}/artifacts/{link.rsplit('/', 1)[1]}").json()
    assert (artifact["key"], artifact["type"], artifact["flow_run_id"]) == (
        "sitrep-run-summary", "markdown", served.flow_run_id)
    assert "| documents read | extracted | new | changed |" in artifact["data"]
    page = httpx.get(link)
    assert page.status_code == 200 and "<!DOCTYPE html>" in page.text


@pytest.mark.served
def test_the_uis_pages_load_by_url(served):
    ui = served.api_url.removesuffix("/api")
    for path in ("/deployments", f"/runs/flow-run/{served.flow_run_id}"):
        for headers in ({}, {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}):  # curl's, a browser's
            page = httpx.get(f"{ui}{path}", headers=headers)
            assert page.status_code == 200, (path, headers, page.status_code)
            assert page.headers["content-type"].startswith("text/html") and '<div id="app">' in page.text


@pytest.mark.served
def test_a_failed_served_run_prints_one_line_with_its_reason(served):
    # A source taken out of the config while serve runs: its deployment's next run fails in the flow.
    listed = served.config.with_name("as-served.toml")
    listed.write_text(served.config.read_text())  # for `trigger`, which checks the source is configured
    served.config.write_text(served.config.read_text().split("[[sources]]\nname = \"gone\"")[0])
    triggered, flow_run_id = trigger_and_wait(listed, served.env, served.log, source="gone", completes=False)
    assert "Failed" in triggered.stdout
    failed = served.wait_for_output(f"({flow_run_id}) Failed after ")
    assert "ConfigError: no source named 'gone' (have: inbox); nothing was committed; traceback at " in failed
    assert f"({flow_run_id}) Completed in " not in served.output()
    # Its tracebacks are in the API's logs (the UI), not in serve's output.
    _wait_for(lambda: any("Traceback (most recent call last)" in m["message"]
                          for m in run_logs(served.api_url, flow_run_id)),
              60, "the traceback in the API's logs", served.log)
    assert "Traceback" not in served.output()


@pytest.mark.served
def test_serve_stops_its_server_on_sigterm(served):
    """Last of the served tests: it ends the serve they share."""
    served.process.send_signal(signal.SIGTERM)
    served.process.wait(60)
    assert not served.server_info.exists()
    assert not is_healthy(served.api_url, timeout=1.0)


@pytest.mark.served
def test_on_a_standing_server_the_runs_lines_reach_its_api_too(tmp_path):
    """PREFECT_API_URL set: serve registers on that server (started here as a user would keep one)."""
    from sitrep.flows.server import EmbeddedServer

    config = write_config(tmp_path)
    standing = EmbeddedServer(tmp_path / "standing-server")
    api_url = standing.start()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "client-home"), PREFECT_RUNNER_POLL_FREQUENCY="1", PREFECT_API_URL=api_url)
    log = tmp_path / "serve.log"
    serving = None
    try:
        serving = start_serving(config, env, log)
        assert not (tmp_path / "lake" / "_prefect" / SERVER_FILE).exists()  # no server of its own
        _, flow_run_id = trigger_and_wait(config, env, log)

        def ours():
            return [m["message"] for m in run_logs(api_url, flow_run_id) if m["message"].startswith("sitrep-collect/")]

        _wait_for(lambda: len(ours()) == 2, 60, "the start and end lines in the API's logs", log)
        assert " started; " in ours()[0] and " Completed in " in ours()[1]
    finally:
        if serving is not None and serving.poll() is None:
            _kill_group(serving.pid)
        standing.stop()


def test_each_source_becomes_a_deployment_with_its_cron_and_parameters(tmp_path):
    from sitrep.flows.serve import _deployments
    from sitrep.pipelines.config import load_config

    config_path = write_config(
        tmp_path,
        'lake = "lake"\n'
        '[[sources]]\nname = "inbox"\nkind = "inbox"\ncron = "*/10 * * * *"\nfolder = "inbox"\n'
        '[[sources]]\nname = "wire"\nkind = "feed"\ncron = "0 6 * * *"\ntimezone = "Europe/Kyiv"\nurl = "https://example.org/rss"\n',
    )
    deployments = _deployments(load_config(config_path), config_path)
    assert [(d.flow_name, d.name) for d in deployments] == [("sitrep-collect", "inbox"), ("sitrep-collect", "wire")]
    wire = deployments[1]
    assert (wire.schedules[0].schedule.cron, wire.schedules[0].schedule.timezone) == ("0 6 * * *", "Europe/Kyiv")
    assert wire.parameters == {"source_name": "wire", "config_path": str(config_path.resolve())}


def test_served_runs_log_at_info_unless_the_user_chose_a_level():
    from sitrep.flows.serve import RUN_LOG_LEVEL, show_run_logs

    quiet = {"PREFECT_LOGGING_LEVEL": "WARNING"}
    show_run_logs(quiet)
    assert quiet[RUN_LOG_LEVEL] == "INFO"
    chosen = {"PREFECT_LOGGING_LEVEL": "WARNING", RUN_LOG_LEVEL: "DEBUG"}
    show_run_logs(chosen)
    assert chosen[RUN_LOG_LEVEL] == "DEBUG"
    verbose = {"PREFECT_LOGGING_LEVEL": "DEBUG"}  # INFO passes already: nothing to change
    show_run_logs(verbose)
    assert RUN_LOG_LEVEL not in verbose
