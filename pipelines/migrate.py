"""Convert a lake written by Sitrep's first layout (Parquet parts in `documents/`, `events/`,
`rejects/`, committed through a journal under `_sitrep/`) into the DuckLake lake.

Every row of every part goes into one DuckLake transaction; only once it is committed, and
the new tables hold as many rows as the old parts, are the old folders moved aside under
`LAKE/_old-layout/` (nothing is deleted: remove that folder once satisfied).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from sitrep.pipelines.lake import LakeRun, read_dataset
from sitrep.pipelines.schemas import DATASETS

OLD_ENTRIES = ("documents", "events", "rejects", "sitrep.duckdb", "_sitrep")
ASIDE = "_old-layout"


class MigrationError(RuntimeError):
    """A lake that cannot be converted as it is; the message says what to do."""


def old_parts(folder: Path) -> dict[str, list[Path]]:
    """The committed part files of each old dataset (hidden temporary files excluded)."""
    return {name: sorted(p for p in (folder / name).glob("*.parquet") if not p.name.startswith("."))
            for name in DATASETS}


def _conformed(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """An old part's table with the current schema: columns added since are null."""
    columns = [table[f.name].cast(f.type) if f.name in table.column_names else pa.nulls(table.num_rows, f.type)
               for f in schema]
    return pa.Table.from_arrays(columns, schema=schema)


def migrate_lake(folder: Path | str) -> dict[str, int]:
    """Rows moved per table. Refuses a lake with a pending journal or already holding rows."""
    folder = Path(folder).resolve()
    parts = old_parts(folder)
    if not any(parts.values()):
        raise MigrationError(f"{folder}: no old-layout parts (documents/*.parquet …) to migrate")
    if (folder / "_sitrep" / "journal.json").exists():
        raise MigrationError(f"{folder}: an interrupted commit of the old layout is pending "
                             "(_sitrep/journal.json); finish it with `sitrep run` of the previous version first")
    if read_dataset(folder, "documents", ["doc_id"]).num_rows:
        raise MigrationError(f"{folder}: the DuckLake tables already hold documents; nothing was changed")
    expected = {name: sum(pq.read_metadata(p).num_rows for p in paths) for name, paths in parts.items()}
    with LakeRun(folder, run_id="migrated-from-old-layout") as run:
        for name in DATASETS:  # documents first, as every run stages them
            for path in parts[name]:
                run.stage(name, _conformed(pq.read_table(path), DATASETS[name]))
        run.commit()
    moved = {name: read_dataset(folder, name, [DATASETS[name].names[0]]).num_rows for name in DATASETS}
    if moved != expected:
        raise MigrationError(f"{folder}: the new tables hold {moved} rows, the old parts {expected}; "
                             "the old folders were left in place")
    aside = folder / ASIDE
    aside.mkdir(exist_ok=True)
    for entry in OLD_ENTRIES:
        if (folder / entry).exists():
            shutil.move(folder / entry, aside / entry)
    return moved
