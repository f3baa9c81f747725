"""The on-disk cache of derived reference tables: reused only while its sources are unchanged."""
from __future__ import annotations

import logging
import pickle
import sqlite3
from pathlib import Path

import pytest
from sitrep.pipelines import reference_cache
from sitrep.pipelines.extract.wordlists import load_wordlists
from sitrep.pipelines.normalize import places
from sitrep.pipelines.normalize.countries import build_gazetteer, seed_sources
from sitrep.pipelines.settings import REPO_ROOT


@pytest.fixture
def folder(tmp_path):
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


def test_without_a_folder_every_table_is_built(source, tmp_path):
    folder = None
    build = Builder()
    assert reference_cache.cached(folder, "towns", [source], build)["call"] == 1
    assert reference_cache.cached(folder, "towns", [source], build)["call"] == 2
    assert list(tmp_path.rglob("*.pickle")) == []


def test_a_stored_table_is_loaded_instead_of_rebuilt(folder, source):
    build = Builder()
    first = reference_cache.cached(folder, "towns", [source], build)
    again = reference_cache.cached(folder, "towns", [source], build)
    assert build.calls == 1
    assert again == first
    assert [p.name.split("-")[0] for p in folder.glob("*.pickle")] == ["towns"]
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary file left behind


def test_changed_sources_rebuild_the_table(folder, source):
    build = Builder()
    reference_cache.cached(folder, "towns", [source], build)
    source.write_text("towns = ['Alpha', 'Gamma']\n", encoding="utf-8")
    assert reference_cache.cached(folder, "towns", [source], build)["call"] == 2
    # and the entry of the new content is reused in turn
    assert reference_cache.cached(folder, "towns", [source], build)["call"] == 2


def test_tables_of_different_names_do_not_share_entries(folder, source):
    build = Builder()
    reference_cache.cached(folder, "towns", [source], build)
    reference_cache.cached(folder, "villages", [source], build)
    assert build.calls == 2


def test_a_damaged_entry_is_rebuilt_and_replaced(folder, source, caplog):
    build = Builder()
    reference_cache.cached(folder, "towns", [source], build)
    (entry,) = folder.glob("towns-*.pickle")
    entry.write_bytes(b"not a pickle at all")
    with caplog.at_level(logging.WARNING, logger="sitrep.pipelines.reference_cache"):
        assert reference_cache.cached(folder, "towns", [source], build)["call"] == 2
    assert "could not be read" in caplog.text
    assert pickle.loads(entry.read_bytes())["call"] == 2
    assert reference_cache.cached(folder, "towns", [source], build)["call"] == 2


def test_an_unwritable_folder_costs_speed_not_the_table(tmp_path, source, caplog):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    folder = blocker / "cache"
    build = Builder()
    with caplog.at_level(logging.WARNING, logger="sitrep.pipelines.reference_cache"):
        assert reference_cache.cached(folder, "towns", [source], build) == {"towns": ["Alpha", "Beta"], "call": 1}
    assert "not caching" in caplog.text


def test_only_the_newest_entries_of_a_table_are_kept(folder, source):
    build = Builder()
    for n in range(reference_cache.KEEP_PER_NAME + 3):
        source.write_text(f"towns = ['Town {n}']\n", encoding="utf-8")
        reference_cache.cached(folder, "towns", [source], build)
    kept = list(folder.glob("towns-*.pickle"))
    assert len(kept) == reference_cache.KEEP_PER_NAME
    # the newest (the current sources) is among them and still loads without a rebuild
    reference_cache.cached(folder, "towns", [source], build)
    assert build.calls == reference_cache.KEEP_PER_NAME + 3


class Filler:
    """Builds a small SQLite table, counting its calls."""

    def __init__(self):
        self.calls = 0

    def __call__(self, db: sqlite3.Connection) -> None:
        self.calls += 1
        db.execute("create table town (name text primary key, people integer)")
        db.executemany("insert into town values (?, ?)", [("Alpha", 12000), ("Beta", 800)])


def towns(db: sqlite3.Connection) -> list[tuple]:
    return db.execute("select name, people from town order by name").fetchall()


def test_without_a_folder_a_database_is_built_in_memory(source, tmp_path):
    folder = None
    fill = Filler()
    assert towns(reference_cache.database(folder, "towns", [source], fill)) == [("Alpha", 12000), ("Beta", 800)]
    reference_cache.database(folder, "towns", [source], fill)
    assert fill.calls == 2
    assert list(tmp_path.rglob("*.sqlite")) == []


def test_a_stored_database_is_opened_read_only_instead_of_rebuilt(folder, source):
    fill = Filler()
    reference_cache.database(folder, "towns", [source], fill)
    again = reference_cache.database(folder, "towns", [source], fill)
    assert fill.calls == 1
    assert towns(again) == [("Alpha", 12000), ("Beta", 800)]
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        again.execute("insert into town values ('Gamma', 1)")
    assert [p.name.split("-")[0] for p in folder.glob("*.sqlite")] == ["towns"]
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary file left behind
    # a table of the same name kept as a pickle is another entry, and pruning one spares the other
    reference_cache.cached(folder, "towns", [source], Builder())
    reference_cache.database(folder, "towns", [source], fill)
    assert sorted(p.suffix for p in folder.iterdir()) == [".pickle", ".sqlite"]


def test_a_database_in_a_folder_given_relative_to_the_working_directory(tmp_path, source, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = "relative-cache"
    fill = Filler()
    reference_cache.database(folder, "towns", [source], fill)
    assert towns(reference_cache.database(folder, "towns", [source], fill)) == [("Alpha", 12000), ("Beta", 800)]
    assert fill.calls == 1
    assert len(list((tmp_path / "relative-cache").glob("towns-*.sqlite"))) == 1


def test_changed_sources_rebuild_the_database(folder, source):
    fill = Filler()
    reference_cache.database(folder, "towns", [source], fill)
    source.write_text("towns = ['Alpha', 'Gamma']\n", encoding="utf-8")
    reference_cache.database(folder, "towns", [source], fill)
    assert fill.calls == 2


@pytest.mark.parametrize("damage", [b"not a database at all", "truncated"])
def test_a_damaged_database_is_rebuilt_and_replaced(folder, source, caplog, damage):
    fill = Filler()
    reference_cache.database(folder, "towns", [source], fill)
    (entry,) = folder.glob("towns-*.sqlite")
    whole = entry.read_bytes()
    entry.write_bytes(whole[: len(whole) // 2] if damage == "truncated" else damage)
    with caplog.at_level(logging.WARNING, logger="sitrep.pipelines.reference_cache"):
        assert towns(reference_cache.database(folder, "towns", [source], fill)) == [("Alpha", 12000), ("Beta", 800)]
    assert "could not be read" in caplog.text
    assert fill.calls == 2
    assert entry.read_bytes() == whole  # replaced by a whole entry
    reference_cache.database(folder, "towns", [source], fill)
    assert fill.calls == 2


def test_an_unwritable_folder_still_gives_a_database(tmp_path, source, caplog):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    folder = blocker / "cache"
    with caplog.at_level(logging.WARNING, logger="sitrep.pipelines.reference_cache"):
        assert towns(reference_cache.database(folder, "towns", [source], Filler())) == [("Alpha", 12000), ("Beta", 800)]
    assert "not caching" in caplog.text


def test_the_real_tables_come_back_from_disk_unchanged(folder):
    seeds = REPO_ROOT / "seeds"
    lists = load_wordlists(seeds, "geocoding")
    words = places.place_name_words(lists)
    reference_cache.database(folder, "cities", [lists.path], lambda db: places._fill_cities(db, words))  # built and stored
    from_disk = places._Cities(reference_cache.database(folder, "cities", [lists.path], lambda db: pytest.fail("rebuilt")))
    in_memory = places._Cities(reference_cache.database(None, "cities", [lists.path], lambda db: places._fill_cities(db, words)))
    assert from_disk.all() == in_memory.all()
    assert len(from_disk.all()) > 40_000
    for name in ("kyiv", "kursk", "odesa", "springfield"):
        assert from_disk.named(name) == in_memory.named(name)
        assert from_disk.named(name)  # found
        # largest first
        assert [c.population for c in from_disk.named(name)] == sorted((c.population for c in from_disk.named(name)), reverse=True)
    assert from_disk.also_named("kiev")[0].name == "Kyiv"  # an alternate spelling, kept apart from names
    assert from_disk.named("kiev") == ()

    fresh_gazetteer = build_gazetteer(seeds)
    fresh_places = places._Index(seeds, from_disk, words)
    for name, build, fresh in (
        ("gazetteer", lambda: build_gazetteer(seeds), fresh_gazetteer),
        ("places", lambda: places._Index(seeds, from_disk, words), fresh_places),
    ):
        reference_cache.cached(folder, name, seed_sources(seeds), build)  # built and stored
        loaded = reference_cache.cached(folder, name, seed_sources(seeds), lambda: pytest.fail("rebuilt"))
        if name == "places":
            assert vars(loaded) == vars(fresh)
        else:
            assert loaded == fresh
