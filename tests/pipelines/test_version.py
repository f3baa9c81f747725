"""The extractor version a run records: the release, the seed files it loaded, the extractor's
code and the installed versions of the libraries that shape its output."""
from __future__ import annotations

import shutil
from datetime import date
from importlib import metadata
from pathlib import Path

import pytest
from sitrep.pipelines import RELEASE, resources
from sitrep.pipelines.documents import Document
from sitrep.pipelines.extract import extract_events
from sitrep.pipelines.resources import OUTPUT_LIBRARIES, current_version, load_resources, seed_files
from sitrep.pipelines.settings import REPO_ROOT, Settings

SEEDS = REPO_ROOT / "seeds"


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    return copy


def test_version_is_the_release_plus_a_hash_of_what_was_loaded(resources):
    assert resources.version.startswith(f"{RELEASE}+")
    assert resources.version == current_version(SEEDS)
    assert list(resources.sources) == seed_files(SEEDS.resolve())


def test_a_copy_of_the_seeds_has_the_same_version(tmp_path):
    assert current_version(_copy(tmp_path)) == current_version(SEEDS)


@pytest.mark.parametrize("name", [p.relative_to(SEEDS).as_posix() for p in seed_files(SEEDS)])
def test_changing_one_seed_file_changes_the_version(tmp_path, name):
    copy = _copy(tmp_path)
    before = current_version(copy)
    path = copy / name
    path.write_bytes(path.read_bytes() + b"\n# a comment is a change of bytes too\n")
    assert current_version(copy) != before


@pytest.mark.parametrize("library", OUTPUT_LIBRARIES)
def test_another_version_of_an_output_shaping_library_changes_the_version(monkeypatch, library):
    before = current_version(SEEDS)
    installed = metadata.version

    def upgraded(name: str) -> str:
        return installed(name) + ".post1" if name == library else installed(name)

    monkeypatch.setattr(resources.metadata, "version", upgraded)
    assert current_version(SEEDS) != before


def test_every_output_shaping_library_is_installed():
    assert all(metadata.version(name) for name in OUTPUT_LIBRARIES)


def test_named_dates_come_from_the_settings_seeds_folder(tmp_path, reference_cache_folder, resources):
    copy = _copy(tmp_path)
    named = copy / "gazetteers" / "named_dates.toml"
    named.write_text(named.read_text(encoding="utf-8").replace("date = 2023-10-07", "date = 2023-10-08", 1), encoding="utf-8")
    other = load_resources(Settings(seeds_dir=copy), reference_cache_folder)
    assert other.version != resources.version and other.version == current_version(copy)
    doc = Document(
        doc_id="d", title="", text="Two hostages taken in the October 7 attacks were killed.",
        published_at=date(2025, 6, 1), kind="brief",
    )
    assert [e["event_date"] for e in extract_events(doc, resources)] == [date(2023, 10, 7)]
    assert [e["event_date"] for e in extract_events(doc, other)] == [date(2023, 10, 8)]
