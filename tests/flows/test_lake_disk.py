"""A lake on a small tmpfs: a full disk fails the run and leaves the last snapshot, and the next
run after space is freed completes; a read-only lake folder fails with one clear line.
Mounting needs root (as on CI); elsewhere these tests are skipped."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sitrep.pipelines.warehouse import query

SITREP = str(Path(sys.executable).with_name("sitrep"))


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def corpus(path: Path, docs: int, text_bytes: int, prefix: str) -> Path:
    with path.open("w") as f:
        for i in range(docs):
            noise = os.urandom(text_bytes // 2).hex()  # text that does not compress away
            # English first: the language identifier reads the opening, and noise alone is no language
            text = f"Rebels captured {i + 2} soldiers near the river, officials said. " * 4 + noise
            f.write(json.dumps({"doc_id": f"{prefix}-{i}", "title": "", "text": text}) + "\n")
    return path


def sitrep(*args, env=None):
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "ERROR", **(env or {})}
    return subprocess.run([SITREP, *args], capture_output=True, text=True, env=env, timeout=600)


def test_a_full_disk_fails_the_run_leaves_the_last_snapshot_and_the_next_run_completes(small_disk, tmp_path):
    lake = small_disk / "lake"
    first = sitrep("run", str(corpus(tmp_path / "small.jsonl", 5, 200, "s")), "--lake", str(lake))
    assert first.returncode == 0, first.stderr
    before = query(lake, "select count(*), count(distinct doc_id) from events").rows
    filler = small_disk / "filler"
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    filler.write_bytes(b"\0" * max(0, free - 400_000))  # leave 400 kB
    big = corpus(tmp_path / "big.jsonl", 40, 50_000, "b")  # about 2 MB of incompressible text
    failed = sitrep("run", str(big), "--lake", str(lake), "--batch-size", "5")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert query(lake, "select count(*), count(distinct doc_id) from events").rows == before
    filler.unlink()
    again = sitrep("run", str(big), "--lake", str(lake), "--batch-size", "5")
    assert again.returncode == 0, again.stderr
    assert query(lake, "select count(*) from documents").rows == [(45,)]
    assert query(lake, "select count(*) from events").rows[0][0] >= 45


def test_a_read_only_lake_folder_fails_a_run_with_one_clear_line(small_disk, tmp_path):
    lake = small_disk / "lake"
    inputs = corpus(tmp_path / "small.jsonl", 3, 100, "s")
    assert sitrep("run", str(inputs), "--lake", str(lake)).returncode == 0
    [(events,)] = query(lake, "select count(*) from events").rows
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    done = sitrep("run", str(corpus(tmp_path / "more.jsonl", 3, 100, "m")), "--lake", str(lake))
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "read-only" in errors[0] and str(lake) in errors[0], done.stderr
    assert "Traceback" not in done.stderr
    # Reading it works (the catalog through a private copy), and shows what was committed.
    read = sitrep("sql", "select count(*) from events", "--lake", str(lake), "--format", "csv")
    assert read.returncode == 0 and read.stdout.splitlines()[-1] == str(events), read.stderr
