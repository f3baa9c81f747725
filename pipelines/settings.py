"""The one settings object passed into the pipeline and its flows; nothing below reads the environment.

Every default is declared here once. pipelines/config.py builds a `Settings` from `sitrep.toml`,
the SITREP_* environment and command-line flags (flags > environment > file > these defaults).
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sitrep.pipelines.collection import (
    FeedSource,
    FetchLimits,
    InboxSource,
    PrefectServer,
    Source,
    UrlsSource,
    WarcSource,
)
from sitrep.pipelines.location import LakeLocation, is_uri, lake_location

REPO_ROOT = Path(__file__).resolve().parents[1]
TASK_RUNNERS = ("thread", "process", "dask")


class ConfigError(ValueError):
    """Settings that cannot be built: a config file that is missing or not TOML, or a value (from the
    file, the environment or a flag) that fails validation."""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    lake: Path | str = Path("data/lake")  # a folder, or an s3:// URI (kept as written)
    catalog: str | None = None  # the DuckLake catalog: sqlite:PATH or postgres:…; default LAKE/sitrep.sqlite
    retention_days: float | None = Field(None, ge=0)  # snapshots older than this expire; None keeps them all
    seeds_dir: Path = REPO_ROOT / "seeds"  # rules, lexicons and gazetteer extras
    sql_dir: Path = REPO_ROOT / "sql"  # the views, one file each
    batch_size: int = Field(5000, ge=1)  # documents per extraction task: Prefect costs ms per task run
    batch_bytes: int = Field(8_000_000, ge=1)  # and at most about this much text, to keep memory flat
    workers: int = Field(1, ge=1)  # extraction batches run at once
    # Where batches run: thread, process, dask (a local cluster) or the tcp:// address of a Dask scheduler.
    task_runner: str = "thread"
    compact_above: int = Field(32, ge=1)  # merge a table's small files once it has more than this many
    prefect: PrefectServer = PrefectServer()
    fetch: FetchLimits = FetchLimits()
    # Scheduled collection (`sitrep serve`); None when the settings name no sources, never an empty list.
    sources: Annotated[list[Source], Field(min_length=1)] | None = None

    @field_validator("lake", mode="before")
    @classmethod
    def _uris_stay_uris(cls, value):
        return str(value) if is_uri(value) else Path(value)

    @field_validator("task_runner")
    @classmethod
    def _known_task_runner(cls, value: str) -> str:
        if value not in TASK_RUNNERS and not value.startswith("tcp://"):
            raise ValueError(f"unknown task runner {value!r}: choose one of {', '.join(TASK_RUNNERS)} or a tcp:// address")
        return value

    @model_validator(mode="after")
    def _source_names_are_unique(self) -> Settings:
        names = [s.name for s in self.sources or ()]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"source names must be unique: {', '.join(dupes)}")
        return self

    @property
    def location(self) -> LakeLocation:
        return lake_location(self.lake, self.catalog)

    @property
    def prefect_home(self) -> Path:
        if self.prefect.home is None and isinstance(self.lake, str):
            raise ConfigError("a lake on object storage needs [prefect] home = a local folder")
        return self.prefect.home or self.lake / "_prefect"

    def source(self, name: str) -> InboxSource | FeedSource | UrlsSource | WarcSource:
        for source in self.sources or ():
            if source.name == name:
                return source
        have = ", ".join(s.name for s in self.sources or ()) or "none"
        raise ConfigError(f"no source named {name!r} (have: {have})")


DEFAULTS = Settings()
