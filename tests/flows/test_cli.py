import csv
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner
from sitrep.flows.cli import cli
from sitrep.flows.commands.run import EXIT_REJECTS

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "corpus"


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_run_prints_a_summary_and_signals_rejects_in_its_exit_code(tmp_path):
    result = invoke("run", FIXTURES, "--lake", tmp_path / "lake")
    assert result.exit_code == EXIT_REJECTS
    assert "6 read, 6 extracted, 0 unchanged, 1 rejected" in result.output
    assert "rejected (malformed_json): 1" in result.output
    assert re.search(r"casualty_report\s+\d+", result.output)


def test_run_on_clean_input_exits_zero(tmp_path):
    result = invoke("run", FIXTURES / "border-brief.txt", "--lake", tmp_path / "lake")
    assert result.exit_code == 0, result.output
    assert "1 read, 1 extracted" in result.output


def test_run_refuses_a_missing_input(tmp_path):
    result = invoke("run", tmp_path / "absent.jsonl", "--lake", tmp_path / "lake")
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


def test_an_api_that_will_not_start_is_a_clear_error_and_writes_nothing(tmp_path, monkeypatch):
    from prefect.settings import PREFECT_API_URL, temporary_settings
    from sitrep.flows import server

    def refuse(self):
        raise server.ServerStartError("Prefect's API did not start on 127.0.0.1:9")

    monkeypatch.setattr(server.ThreadedAPI, "start", refuse)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with temporary_settings({PREFECT_API_URL: None}):  # no API given: Sitrep starts its own
        result = invoke("run", FIXTURES / "border-brief.txt", "--lake", tmp_path / "lake")
    assert result.exit_code == 1
    assert "error: Prefect's API did not start" in result.output
    assert not (tmp_path / "lake" / "events").exists()


def test_sql_formats(tmp_path):
    lake = tmp_path / "lake"
    invoke("run", FIXTURES / "border-brief.txt", "--lake", lake)
    q = "select doc_id, killed, injured from casualty_reports"
    as_json = json.loads(invoke("sql", q, "--lake", lake, "--format", "json").output)
    assert as_json == [{"doc_id": "fixture-border-brief", "killed": 5, "injured": 8}]
    rows = list(csv.reader(io.StringIO(invoke("sql", q, "--lake", lake, "--format", "csv").output)))
    assert rows == [["doc_id", "killed", "injured"], ["fixture-border-brief", "5", "8"]]
    table = invoke("sql", q, "--lake", lake).output
    assert "fixture-border-brief" in table and "doc_id" in table


def test_sql_errors_are_reported_not_raised(tmp_path):
    lake = tmp_path / "lake"
    invoke("run", FIXTURES / "border-brief.txt", "--lake", lake)
    result = invoke("sql", "select nonsense from events", "--lake", lake)
    assert result.exit_code == 1 and "error:" in result.output
    missing = invoke("sql", "select 1", "--lake", tmp_path / "none")
    assert missing.exit_code == 1 and "sitrep run" in missing.output


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert f"sitrep {name}" in readme, f"README lacks `sitrep {name}`"
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--"):
                    assert opt in readme, f"README lacks {opt} of `sitrep {name}`"


def test_a_command_takes_its_settings_from_flags_then_environment_then_sitrep_toml(tmp_path, monkeypatch):
    (tmp_path / "sitrep.toml").write_text('lake = "from-file"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SITREP_LAKE", raising=False)

    def attached(*args, env=None):
        result = CliRunner().invoke(cli, ["attach", *args], env=env, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return re.search(r"attach 'ducklake:sqlite:(.*?)/sitrep.sqlite'", result.output).group(1)

    assert attached() == str(tmp_path.resolve() / "from-file")
    assert attached(env={"SITREP_LAKE": str(tmp_path / "from-env")}) == str(tmp_path / "from-env")
    assert attached("--lake", str(tmp_path / "from-flag"), env={"SITREP_LAKE": "x"}) == str(tmp_path / "from-flag")
    other = tmp_path / "other.toml"
    other.write_text('lake = "from-other"\n', encoding="utf-8")
    assert attached("--config", str(other)) == str(tmp_path.resolve() / "from-other")


def test_a_bad_setting_stops_the_command_naming_the_key_and_where_it_was_set(tmp_path):
    result = CliRunner().invoke(cli, ["run", str(FIXTURES), "--lake", str(tmp_path / "lake")], env={"SITREP_WORKERS": "none"})
    assert result.exit_code == 1
    assert "workers: " in result.output and "(set by SITREP_WORKERS)" in result.output
    assert not (tmp_path / "lake").exists()  # nothing was started


def test_command_modules_never_import_the_group_so_registration_is_not_an_import_side_effect():
    modules = ["sitrep.flows.commands.run", "sitrep.flows.commands.lake", "sitrep.flows.commands.dashboard",
               "sitrep.flows.commands.incidents", "sitrep.flows.serve", "sitrep.flows.options", "sitrep.flows.output"]
    probe = f"import sys; [__import__(m) for m in {modules!r}]; print('sitrep.flows.cli' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_commands_have_help():
    """Every command has its own help text, and the README's command headings name exactly the
    commands the group has: none missing, none left over from a removed one."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert (command.help or "").strip(), f"`sitrep {name}` has no help text"
        assert command.get_short_help_str().strip(), f"`sitrep {name}` has no short help"
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                assert (param.help or "").strip(), f"{param.opts[0]} of `sitrep {name}` has no help text"
    documented = set(re.findall(r"^### `sitrep ([a-z-]+)", readme, flags=re.MULTILINE))
    assert documented == set(cli.commands)


def test_a_process_pool_run_reports_to_the_api_its_own_process_serves(tmp_path):
    """End to end, as `sitrep run --task-runner process` runs on a machine with no Prefect
    server: the run serves the API on a thread, the worker processes report to it, and
    nothing is left to send when it stops."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_LOGGING_LEVEL="INFO")
    sitrep = str(Path(sys.executable).with_name("sitrep"))
    args = ["run", str(FIXTURES / "border-brief.txt"), "--json"]
    done = subprocess.run(
        [sitrep, *args, "--lake", str(tmp_path / "pool"), "--task-runner", "process", "--workers", "2"],
        env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert (summary["documents_extracted"], summary["events_by_type"]) == (1, {"casualty_report": 1})
    assert "Error logging to API" not in done.stderr  # logs and events were sent while it ran
    # its database, where the settings say, recorded the task run a worker process ran
    with sqlite3.connect(tmp_path / "prefect-home" / "prefect.db") as db:
        runs = db.execute("select state_type from task_run where name like 'extract-%'").fetchall()
    assert runs == [("COMPLETED",)]


def test_printable_escapes_controls_but_keeps_newlines():
    from sitrep.flows.output import printable

    assert printable("a\x1b[1mb\x00\x7f\x9b\tc\r\nd\u2066e") == "a\\x1b[1mb\\x00\\x7f\\x9b\\tc\\r\nd\\u2066e"
    assert printable("Kyiv — Київ, 5 killed") == "Kyiv — Київ, 5 killed"
