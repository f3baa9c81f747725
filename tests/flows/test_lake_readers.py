"""Readers see committed snapshots only, and never stand in a run's way."""
import shutil
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from sitrep.flows.cli import cli
from sitrep.flows.etl import etl
from sitrep.pipelines.lake import maintain, snapshots
from sitrep.pipelines.settings import Settings
from sitrep.pipelines.warehouse import query

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
SITREP = str(Path(sys.executable).with_name("sitrep"))
COUNTS = ("select (select count(*) from events), (select count(*) from documents), "
          "(select count(*) from (select doc_id from documents group by 1 having count(*) > 1))")


def counts(lake):
    return tuple(query(lake, COUNTS).rows[0])


def note(folder: Path, n: int, killed: str) -> None:
    (folder / f"note-{n}.txt").write_text(f"Clash {n}\n{killed} soldiers were killed in an ambush on Monday, the army said.\n")


def test_a_reader_looping_over_sitrep_sql_sees_only_committed_snapshots(tmp_path):
    lake, inbox = tmp_path / "lake", tmp_path / "in"
    inbox.mkdir()
    note(inbox, 0, "Two")
    etl([str(inbox)], Settings(lake=str(lake)))
    committed = {counts(lake)}
    stop, seen = tmp_path / "stop", tmp_path / "seen.csv"
    loop = (f"while [ ! -e {stop} ]; do {SITREP} sql \"{COUNTS}\" --lake {lake} --format csv | tail -n +2 >> {seen}; "
            "done")
    reader = subprocess.Popen(["bash", "-c", loop])
    try:
        deadline = time.monotonic() + 120
        while not (seen.exists() and seen.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.2)
        for n in range(1, 5):
            note(inbox, n, "Three")
            note(inbox, 0, ["Four", "Five", "Six", "Seven"][n - 1])  # a changed document, replaced
            summary = etl([str(inbox)], Settings(lake=str(lake), compact_above=1))  # each run also merges files
            after = counts(lake)
            # Each run adds one document and replaces one; on a failure, say which run and what it did.
            assert after[1] == n + 1, (n, after, summary, snapshots(lake))
            committed.add(after)
        maintain(lake, merge_above=1, retention_days=0)
        committed.add(counts(lake))
        written = seen.read_text().count("\n")
        deadline = time.monotonic() + 60
        while seen.read_text().count("\n") <= written and time.monotonic() < deadline:
            time.sleep(0.2)  # one more read after the last write
    finally:
        stop.touch()
        reader.wait(timeout=120)
    observed = {tuple(int(x) for x in line.split(",")) for line in seen.read_text().split()}
    assert len(committed) == 5  # each run added a document
    assert observed and observed <= committed
    assert all(doubled == 0 for *_, doubled in observed)


def test_a_bi_client_holding_the_lake_open_never_makes_a_run_fail(tmp_path):
    lake = tmp_path / "lake"
    etl([str(FIXTURES / "border-brief.txt")], Settings(lake=str(lake)))
    line = CliRunner().invoke(cli, ["attach", "--lake", str(lake)]).output.strip()
    client = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time\ncon = duckdb.connect()\ncon.execute(sys.argv[1])\n"
         "con.execute('begin')\nprint(con.execute('select count(*) from documents').fetchone()[0], flush=True)\n"
         "sys.stdin.readline()\nprint(con.execute('select count(*) from documents').fetchone()[0], flush=True)\n", line],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        assert client.stdout.readline().strip() == "1"
        summary = etl([str(FIXTURES)], Settings(lake=str(lake)))  # commits, rebuilds nothing, merges, all with the client open
        assert summary["documents_extracted"] == 5
        client.stdin.write("\n")
        client.stdin.flush()
        assert client.stdout.readline().strip() == "1"  # the client still reads the snapshot it began with
    finally:
        client.kill()
    assert query(lake, "select count(*) from documents").rows == [(6,)]


def test_the_attach_line_opens_a_moved_lake_with_its_views_from_another_folder(tmp_path):
    lake = tmp_path / "lake"
    etl([str(FIXTURES)], Settings(lake=str(lake)))
    expected = query(lake, "select event_id, killed from casualty_reports order by event_id").rows
    moved = tmp_path / "elsewhere" / "copy"
    shutil.move(lake, moved)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    line = subprocess.run([SITREP, "attach", "--lake", str(moved)], capture_output=True, text=True, check=True).stdout
    out = subprocess.run(
        [sys.executable, "-c", "import duckdb, sys\ncon = duckdb.connect()\ncon.execute(sys.argv[1])\n"
         "print(con.execute('select event_id, killed from casualty_reports order by event_id').fetchall())", line],
        capture_output=True, text=True, cwd=elsewhere, env={"PATH": "/usr/bin:/bin", "HOME": str(elsewhere)},
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == repr([tuple(r) for r in expected])


def test_time_travel_reads_an_earlier_run(tmp_path):
    lake = tmp_path / "lake"
    etl([str(FIXTURES / "border-brief.txt")], Settings(lake=str(lake)))
    etl([str(FIXTURES)], Settings(lake=str(lake)))
    first, last = snapshots(lake)[0], snapshots(lake)[-1]
    assert (first["documents"], last["documents"]) == (1, 6)
    runner = CliRunner()
    old = runner.invoke(cli, ["sql", "select count(*) from documents", "--lake", str(lake), "--as-of",
                              str(first["snapshot"]), "--format", "csv"])
    assert old.output.splitlines() == ["count_star()", "1"], old.output
    at_time = runner.invoke(cli, ["sql", "select count(*) from documents", "--lake", str(lake), "--as-of",
                                  first["time"].isoformat(), "--format", "csv"])
    assert at_time.output.splitlines()[-1] == "1", at_time.output
    listed = runner.invoke(cli, ["snapshots", "--lake", str(lake), "--format", "csv"])
    assert listed.exit_code == 0 and listed.output.splitlines()[0] == "snapshot,time,run_id,documents,events"
    assert len(listed.output.splitlines()) == 1 + len(snapshots(lake))
