"""Failures a user can act on: one line saying what failed, where and what to do, the exit code the
README gives (1 only when nothing was committed), the traceback only with --debug, and no retries of
I/O errors that a retry cannot fix."""
import errno
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
import sitrep.pipelines.warehouse as warehouse
from click.testing import CliRunner
from prefect.states import Failed
from sitrep.flows.cli import cli
from sitrep.flows.errors import EXIT_COMMITTED_THEN_FAILED
from sitrep.flows.worker import ResourcesChanged, worth_retrying
from sitrep.pipelines.lake import LakeBusyError, LakeRun, read_dataset
from sitrep.pipelines.seedfile import SeedError

FIXTURE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "corpus" / "border-brief.txt"


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def error_lines(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("error:")]


def events_in(lake) -> int:
    return read_dataset(lake, "events").num_rows


def disk_full(monkeypatch) -> list[str]:
    """Every write of rows into the lake fails as on a full disk; returns the paths tried."""
    tried = []

    def full(self, name, table):
        path = f"{self.location.data_path}main/lake_{name}/part.parquet"
        tried.append(path)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)

    monkeypatch.setattr(LakeRun, "stage", full)
    return tried


def test_a_full_disk_is_one_line_tried_once_and_commits_nothing(tmp_path, monkeypatch, capfd):
    tried = disk_full(monkeypatch)
    result = invoke("run", FIXTURE, "--lake", tmp_path / "lake")
    logged = capfd.readouterr()
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert line.startswith("error: no space left on the device writing ") and str(tmp_path / "lake") in line
    assert "free some space" in line and line.endswith("nothing was committed")
    assert "Traceback" not in result.output + logged.out + logged.err
    assert len(tried) == 1  # not retried: a full disk stays full
    assert events_in(tmp_path / "lake") == 0


def test_debug_shows_the_traceback_and_keeps_the_exit_code(tmp_path, monkeypatch):
    disk_full(monkeypatch)
    result = invoke("--debug", "run", FIXTURE, "--lake", tmp_path / "lake")
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.output and "OSError: [Errno 28]" in result.output
    assert len(error_lines(result)) == 1


@pytest.fixture
def read_only_lake(tmp_path):
    """A lake with one committed run, then mounted read-only (a bind mount, as root); where mounting
    is not possible, every write to it fails with EROFS as a read-only file system would."""
    source = tmp_path / "writable"
    assert invoke("run", FIXTURE, "--lake", source).exit_code == 0
    target = tmp_path / "read-only"
    target.mkdir()
    mounted = shutil.which("mount") and os.geteuid() == 0 and subprocess.run(
        ["mount", "--bind", "-o", "ro", str(source), str(target)], capture_output=True).returncode == 0
    if mounted:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(target)], capture_output=True)
        probe = target / "probe"
        try:
            probe.touch()
            mounted = False  # the mount did not become read-only
            probe.unlink()
            subprocess.run(["umount", str(target)], check=True)
        except OSError:
            pass
    yield target, bool(mounted)
    if mounted and subprocess.run(["umount", str(target)], capture_output=True).returncode != 0:
        # Busy for a moment when another pytest on the machine walks its shared temp root into the mount
        # (cleaning old folders): detach it now, the kernel frees it when that walk ends.
        subprocess.run(["umount", "--lazy", str(target)], check=True)


def test_a_read_only_lake_is_one_line_naming_the_folder(read_only_lake, monkeypatch, capfd):
    lake, mounted = read_only_lake
    if not mounted:  # the folder refuses writes as a read-only file system does
        real_access = os.access
        monkeypatch.setattr(warehouse.os, "access", lambda path, mode: False if mode == os.W_OK and str(
            path).startswith(str(lake)) else real_access(path, mode))
    result = invoke("run", FIXTURE, "--lake", lake, "--reprocess")
    logged = capfd.readouterr()
    assert result.exit_code == 1, result.output
    [line] = error_lines(result)
    assert line.startswith(f"error: the lake folder {lake} is read-only")
    assert "Traceback" not in result.output + logged.out + logged.err
    # Reading it works: the catalog at rest is read through a private copy (WAL mode would need
    # to write beside it), the data files where they are; and nothing is written into the folder.
    before = sorted(p.name for p in lake.rglob("*"))
    queried = invoke("sql", "select count(*) from documents", "--lake", lake, "--format", "csv")
    assert queried.exit_code == 0 and queried.output.splitlines() == ["count_star()", "1"], queried.output
    listed = invoke("events", "--lake", lake, "--format", "csv")
    assert listed.exit_code == 0 and len(listed.output.splitlines()) > 1, listed.output
    assert sorted(p.name for p in lake.rglob("*")) == before


def test_a_read_only_lake_whose_catalog_has_a_pending_log_is_one_line(tmp_path, monkeypatch):
    import sqlite3

    lake = tmp_path / "lake"
    assert invoke("run", FIXTURE, "--lake", lake).exit_code == 0
    writer = sqlite3.connect(lake / "sitrep.sqlite")  # a writer that has not closed the catalog yet
    writer.execute("create table pending (x)")
    writer.commit()
    assert (lake / "sitrep.sqlite-wal").stat().st_size > 0
    real_access = os.access
    monkeypatch.setattr(warehouse.os, "access", lambda path, mode: False if mode == os.W_OK and str(
        path).startswith(str(lake)) else real_access(path, mode))
    try:
        queried = invoke("sql", "select count(*) from documents", "--lake", lake)
    finally:
        writer.close()
    assert queried.exit_code == 1 and len(error_lines(queried)) == 1, queried.output
    assert "read-only" in queried.output and "write-ahead log" in queried.output


def test_a_commit_refused_by_another_writer_is_one_line(tmp_path, monkeypatch, capfd):
    """Two writers that conflict: DuckLake refuses the second commit (tests/pipelines/test_many_writers.py
    makes that happen for real); the user sees one line saying nothing was written and what to do."""
    lake = tmp_path / "lake"

    def conflict(self):
        raise LakeBusyError(f"the commit of run {self.run_id} to {lake} failed, nothing of it was written "
                            "(Transaction conflict); if another run was writing, run this one again")

    monkeypatch.setattr(LakeRun, "commit", conflict)
    result = invoke("run", FIXTURE, "--lake", lake)
    logged = capfd.readouterr()
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert line.startswith("error: the commit of run ") and "run this one again" in line
    assert "Traceback" not in result.output + logged.out + logged.err


def test_a_failure_after_the_commit_exits_4_and_says_the_data_are_in(tmp_path, monkeypatch):
    import sitrep.pipelines.warehouse as warehouse

    tries = []

    def full(lake, sql_dir, databases=None, con=None, seeds_dir=None):
        tries.append(lake)
        raise duckdb.IOException(f'IO Error: Could not write file "{lake}/sitrep.duckdb": No space left on device')

    monkeypatch.setattr(warehouse, "build_views", full)
    result = invoke("run", FIXTURE, "--lake", tmp_path / "lake")
    assert result.exit_code == EXIT_COMMITTED_THEN_FAILED
    [line] = error_lines(result)
    assert "was committed, but rebuilding the views failed" in line and "No space left on device" in line
    assert "run `sitrep run` again" in line
    assert len(tries) == 1  # DuckDB's own disk-full error is not retried either
    assert events_in(tmp_path / "lake") > 0


def test_sql_on_a_missing_lake_and_a_refused_query_are_one_line(tmp_path):
    missing = invoke("sql", "select 1", "--lake", tmp_path / "nowhere")
    assert missing.exit_code == 1
    assert missing.output.strip().splitlines() == [
        f"error: no Sitrep lake at {tmp_path / 'nowhere'} (missing sitrep.sqlite); run `sitrep run` first"]
    lake = tmp_path / "lake"
    assert invoke("run", FIXTURE, "--lake", lake).exit_code == 0
    refused = invoke("sql", "select * from read_csv('/etc/passwd')", "--lake", lake)
    assert refused.exit_code == 1 and len(refused.output.strip().splitlines()) == 1
    assert refused.output.startswith("error: query refused: table function read_csv is refused")
    wrong = invoke("sql", "select nonsense from events", "--lake", lake)
    assert wrong.exit_code == 1 and len(wrong.output.strip().splitlines()) == 1


@pytest.mark.parametrize("exc, retry", [
    (OSError(errno.ENOSPC, "No space left on device"), False),
    (OSError(errno.EROFS, "Read-only file system"), False),
    (PermissionError(errno.EACCES, "Permission denied"), False),
    (duckdb.IOException("IO Error: Could not write file: No space left on device"), False),
    (OSError(errno.EIO, "Input/output error"), True),
    (ConnectionResetError(errno.ECONNRESET, "Connection reset by peer"), True),
    (TimeoutError("timed out"), True),
    (SeedError("rules.toml:3: rule 'a.b': field pattern: Field required"), False),
    (ResourcesChanged("the seeds changed during the run"), False),
])
def test_io_tasks_retry_only_what_a_retry_can_fix(exc, retry):
    assert worth_retrying(None, None, Failed(data=exc)) is retry
