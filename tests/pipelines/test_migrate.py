"""`sitrep migrate` on a lake written by the first layout's code (tests/fixtures/old-layout-lake:
two runs of the previous version over the fixture corpus, the second replacing a document)."""
import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from sitrep.pipelines.lake import known_documents, read_dataset
from sitrep.pipelines.migrate import MigrationError, migrate_lake
from sitrep.pipelines.settings import Settings
from sitrep.pipelines.warehouse import build_views, failed_checks

OLD_LAKE = Path(__file__).resolve().parents[1] / "fixtures" / "old-layout-lake"


@pytest.fixture
def old_lake(tmp_path):
    lake = tmp_path / "lake"
    shutil.copytree(OLD_LAKE, lake)
    (lake / "sitrep.duckdb").write_bytes(b"old views")
    (lake / "_sitrep").mkdir()
    (lake / "_sitrep" / "lock").touch()
    return lake


def rows(folder: Path, name: str) -> list[dict]:
    table = ds.dataset(str(folder / name), format="parquet").to_table()
    return sorted(table.to_pylist(), key=lambda r: tuple(str(v) for v in r.values()))


def test_migration_keeps_every_row_and_moves_the_old_files_aside(old_lake):
    before = {name: rows(old_lake, name) for name in ("documents", "events", "rejects")}
    moved = migrate_lake(old_lake)
    assert moved == {"documents": 7, "events": 6, "rejects": 2}
    for name, old in before.items():
        migrated = read_dataset(old_lake, name)
        # every old column kept as it was; columns the schemas gained since the old layout are null
        kept = migrated.select(list(old[0])).to_pylist()
        assert sorted(kept, key=lambda r: tuple(str(v) for v in r.values())) == old
        gained = [c for c in migrated.column_names if c not in old[0]]
        assert all(migrated[c].null_count == migrated.num_rows for c in gained), gained
    assert sorted(p.name for p in (old_lake / "_old-layout").iterdir()) == [
        "_sitrep", "documents", "events", "rejects", "sitrep.duckdb"]
    assert not (old_lake / "documents").exists()
    assert known_documents(old_lake)["later"][1]
    build_views(old_lake, Settings().sql_dir)
    assert failed_checks(old_lake, Settings().sql_dir) == {}


def test_a_migrated_lake_is_not_migrated_twice(old_lake):
    migrate_lake(old_lake)
    shutil.copytree(OLD_LAKE / "events", old_lake / "events")
    with pytest.raises(MigrationError, match="already hold documents"):
        migrate_lake(old_lake)


def test_a_pending_old_journal_is_refused(old_lake):
    (old_lake / "_sitrep" / "journal.json").write_text("{}")
    with pytest.raises(MigrationError, match="journal"):
        migrate_lake(old_lake)
    assert (old_lake / "documents").exists() and not (old_lake / "sitrep.sqlite").exists()


def test_sitrep_migrate_says_what_it_moved(old_lake):
    from click.testing import CliRunner
    from sitrep.flows.cli import cli

    result = CliRunner().invoke(cli, ["migrate", "--lake", str(old_lake)])
    assert result.exit_code == 0, result.output
    assert "7 documents, 6 events, 2 rejects" in result.output
    again = CliRunner().invoke(cli, ["migrate", "--lake", str(old_lake)])
    assert again.exit_code == 1 and "no old-layout parts" in again.output
