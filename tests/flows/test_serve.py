import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

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


@pytest.mark.served
def test_a_served_deployment_runs_when_triggered_and_serve_stops_its_server(tmp_path):
    """The whole path with a real `prefect server start`: serve, trigger once, events in the lake."""
    config = write_config(tmp_path)
    lake = tmp_path / "lake"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "client-home"), PREFECT_RUNNER_POLL_FREQUENCY="1")
    log = tmp_path / "serve.log"
    server_info = lake / "_prefect" / SERVER_FILE
    server_pid = None
    with log.open("wb") as out:
        serving = subprocess.Popen(
            [str(SITREP), "serve", "--config", str(config)], env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for(lambda: "Ctrl-C stops" in log.read_text() or serving.poll() is not None, 90, "serving", log)
        assert serving.poll() is None, log.read_text()
        info = json.loads(server_info.read_text())
        server_pid = info["pid"]
        assert is_healthy(info["api_url"])

        triggered = subprocess.run(
            [str(SITREP), "trigger", "inbox", "--config", str(config), "--wait"],
            env=env, capture_output=True, text=True, timeout=120,
        )
        assert triggered.returncode == 0, triggered.stdout + triggered.stderr + log.read_text()
        assert "Completed" in triggered.stdout
        assert query(lake, "select doc_id, killed from casualty_reports").rows == [("clash", 5)]

        serving.send_signal(signal.SIGTERM)
        serving.wait(60)
        assert not server_info.exists()
        assert not is_healthy(info["api_url"], timeout=1.0)
    finally:
        if serving.poll() is None:
            _kill_group(serving.pid)
        if server_pid is not None:
            _kill_group(server_pid)  # the embedded server has its own process group


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
