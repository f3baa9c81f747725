"""A run killed with SIGKILL at random moments, then run again, ends with exactly the events of a clean run."""
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from prefect.settings import PREFECT_API_URL
from sitrep.flows.etl import etl
from sitrep.pipelines.location import CATALOG_FILE
from sitrep.pipelines.settings import Settings
from sitrep.pipelines.warehouse import failed_checks, query

SITREP = str(Path(sys.executable).with_name("sitrep"))
TEMPLATES = [
    "{n} soldiers were killed and {m} wounded when artillery hit positions near the river on Monday, officials said.",
    "The army deployed {n} troops to the northern province to secure the border crossing.",
    "Rebels captured {n} government soldiers after an ambush on the highway, a spokesman said.",
    "The two sides exchanged {n} prisoners of war in a swap brokered by mediators.",
    "Ministers met to discuss the budget and trade with neighbouring states.",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    rng = random.Random(7)
    path = tmp_path_factory.mktemp("crash") / "corpus.jsonl"
    with path.open("w") as f:
        for i in range(4000):
            text = " ".join(rng.choice(TEMPLATES).format(n=rng.randint(2, 900), m=rng.randint(1, 50)) for _ in range(4))
            f.write(json.dumps({"doc_id": f"doc-{i}", "title": "", "text": text, "published_at": "2024-05-01"}) + "\n")
    return path


def event_set(lake):
    cols = "event_id, doc_id, event_type, evidence, killed, injured, troops, captured, stage, rule_id"
    return query(lake, f"select {cols} from events order by event_id").rows


@pytest.fixture(scope="module")
def clean_events(corpus, tmp_path_factory):
    lake = tmp_path_factory.mktemp("clean") / "lake"
    summary = etl([str(corpus)], Settings(lake=str(lake), batch_size=250))
    rows = event_set(lake)
    assert len(rows) > 4000
    return rows, summary["seconds"]


def start_and_kill(corpus, lake, delay):
    """Start a run in a subprocess, let it write for `delay` seconds, kill it; False if it ended first."""
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "PREFECT_LOGGING_LEVEL": "ERROR"}
    proc = subprocess.Popen(
        [SITREP, "run", str(corpus), "--lake", str(lake), "--batch-size", "250"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not (lake / CATALOG_FILE).exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(delay)
    if proc.poll() is not None:
        return False
    proc.send_signal(signal.SIGKILL)
    return proc.wait() == -signal.SIGKILL


@pytest.mark.parametrize("seed", range(4))
def test_kill_at_a_random_moment_then_rerun_gives_the_clean_result(corpus, clean_events, tmp_path, seed):
    rows, seconds = clean_events
    delay = random.Random(seed).uniform(0.0, 0.8) * seconds
    for attempt in range(5):  # a loaded machine can finish sooner than the clean run did: kill earlier
        lake = tmp_path / f"lake-{attempt}"
        if start_and_kill(corpus, lake, delay):
            break
        delay /= 3
    else:
        pytest.fail("every run ended before it could be killed")

    etl([str(corpus)], Settings(lake=str(lake), batch_size=250))
    assert event_set(lake) == rows
    assert failed_checks(lake, Settings().sql_dir) == {}
