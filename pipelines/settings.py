"""Configuration passed into the pipeline; nothing below reads the environment."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sitrep.pipelines.location import LakeLocation, is_uri, lake_location

REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    lake: Path | str = Path("data/lake")  # a folder, or an s3:// URI
    catalog: str | None = None  # the DuckLake catalog: sqlite:PATH or postgres:…; default LAKE/sitrep.sqlite
    retention_days: float | None = None  # snapshots older than this expire; None keeps them all
    seeds_dir: Path = field(default=REPO_ROOT / "seeds")
    sql_dir: Path = field(default=REPO_ROOT / "sql")
    batch_size: int = 5000  # documents per extraction task: Prefect costs ms per task run
    batch_bytes: int = 8_000_000  # and at most about this much text, to keep memory flat

    def __post_init__(self) -> None:
        if not is_uri(self.lake):
            object.__setattr__(self, "lake", Path(self.lake))
        if self.batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if self.retention_days is not None and self.retention_days < 0:
            raise ValueError("retention_days must not be negative")

    @property
    def location(self) -> LakeLocation:
        return lake_location(self.lake, self.catalog)
