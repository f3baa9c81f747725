"""The on-disk cache of derived reference tables: reused only while its sources are unchanged."""
from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest

from pipelines import reference_cache
from pipelines.normalize import places
from pipelines.normalize.countries import build_gazetteer, seed_sources
from pipelines.settings import REPO_ROOT


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setattr(reference_cache, "_directory", None)  # restored after the test
    reference_cache.use_directory(tmp_path / "cache")
    return tmp_path / "cache"


@pytest.fixture
def source(tmp_path) -> Path:
    path = tmp_path / "seed.toml"
    path.write_text("towns = ['Alpha', 'Beta']\n", encoding="utf-8")
    return path


class Builder:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"towns": ["Alpha", "Beta"], "call": self.calls}


def test_without_a_folder_every_table_is_built(source, monkeypatch, tmp_path):
    monkeypatch.setattr(reference_cache, "_directory", None)
    build = Builder()
    assert reference_cache.cached("towns", [source], build)["call"] == 1
    assert reference_cache.cached("towns", [source], build)["call"] == 2
    assert list(tmp_path.rglob("*.pickle")) == []


def test_a_stored_table_is_loaded_instead_of_rebuilt(folder, source):
    build = Builder()
    first = reference_cache.cached("towns", [source], build)
    again = reference_cache.cached("towns", [source], build)
    assert build.calls == 1
    assert again == first
    assert [p.name.split("-")[0] for p in folder.glob("*.pickle")] == ["towns"]
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary file left behind


def test_changed_sources_rebuild_the_table(folder, source):
    build = Builder()
    reference_cache.cached("towns", [source], build)
    source.write_text("towns = ['Alpha', 'Gamma']\n", encoding="utf-8")
    assert reference_cache.cached("towns", [source], build)["call"] == 2
    # and the entry of the new content is reused in turn
    assert reference_cache.cached("towns", [source], build)["call"] == 2


def test_tables_of_different_names_do_not_share_entries(folder, source):
    build = Builder()
    reference_cache.cached("towns", [source], build)
    reference_cache.cached("villages", [source], build)
    assert build.calls == 2


def test_a_damaged_entry_is_rebuilt_and_replaced(folder, source, caplog):
    build = Builder()
    reference_cache.cached("towns", [source], build)
    (entry,) = folder.glob("towns-*.pickle")
    entry.write_bytes(b"not a pickle at all")
    with caplog.at_level(logging.WARNING, logger="pipelines.reference_cache"):
        assert reference_cache.cached("towns", [source], build)["call"] == 2
    assert "could not be read" in caplog.text
    assert pickle.loads(entry.read_bytes())["call"] == 2
    assert reference_cache.cached("towns", [source], build)["call"] == 2


def test_an_unwritable_folder_costs_speed_not_the_table(tmp_path, source, monkeypatch, caplog):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setattr(reference_cache, "_directory", None)
    reference_cache.use_directory(blocker / "cache")
    build = Builder()
    with caplog.at_level(logging.WARNING, logger="pipelines.reference_cache"):
        assert reference_cache.cached("towns", [source], build) == {"towns": ["Alpha", "Beta"], "call": 1}
    assert "not caching" in caplog.text


def test_only_the_newest_entries_of_a_table_are_kept(folder, source):
    build = Builder()
    for n in range(reference_cache.KEEP_PER_NAME + 3):
        source.write_text(f"towns = ['Town {n}']\n", encoding="utf-8")
        reference_cache.cached("towns", [source], build)
    kept = list(folder.glob("towns-*.pickle"))
    assert len(kept) == reference_cache.KEEP_PER_NAME
    # the newest (the current sources) is among them and still loads without a rebuild
    reference_cache.cached("towns", [source], build)
    assert build.calls == reference_cache.KEEP_PER_NAME + 3


def test_the_real_tables_come_back_from_disk_unchanged(folder):
    seeds = REPO_ROOT / "seeds"
    fresh_gazetteer = build_gazetteer(seeds)
    fresh_places = places._Index(seeds)
    for name, build, fresh in (
        ("gazetteer", lambda: build_gazetteer(seeds), fresh_gazetteer),
        ("places", lambda: places._Index(seeds), fresh_places),
    ):
        reference_cache.cached(name, seed_sources(seeds), build)  # built and stored
        loaded = reference_cache.cached(name, seed_sources(seeds), lambda: pytest.fail("rebuilt"))
        if name == "places":
            assert vars(loaded) == vars(fresh)
        else:
            assert loaded == fresh
