"""Options shared by Sitrep's commands. The settings options become one `settings` argument: the
Settings built from the flags, the SITREP_* environment and the config file (pipelines/config.py)."""
from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click
from sitrep.flows.output import FORMATS
from sitrep.pipelines.config import ConfigError, build_settings, env_name
from sitrep.pipelines.location import LakeConfigError
from sitrep.pipelines.schemas import EVENT_TYPES
from sitrep.pipelines.settings import DEFAULTS


def _default(key: str) -> str:
    return f"[default: {getattr(DEFAULTS, key)}; env: {env_name(key)}]"


# Each Settings field a flag may set: its option, whose value goes to the field of that name.
SETTING_OPTIONS = {
    "lake": click.option(
        "--lake", "lake", metavar="DIR|URI",
        help=f"Lake folder (its DuckLake catalog sitrep.sqlite and Parquet data), or an s3:// URI {_default('lake')}.",
    ),
    "catalog": click.option(
        "--catalog", "catalog", metavar="CATALOG",
        help="The lake's DuckLake catalog: sqlite:PATH or postgres:'dbname=… host=…' [default: LAKE/sitrep.sqlite; "
        f"required for an s3:// lake; env: {env_name('catalog')}].",
    ),
    "seeds_dir": click.option(
        "--seeds", "seeds_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
        help=f"Folder of extraction rules and lexicons [default: the repository's seeds/; env: {env_name('seeds_dir')}].",
    ),
    "batch_size": click.option(
        "--batch-size", "batch_size", type=click.IntRange(min=1),
        help=f"Documents per extraction task {_default('batch_size')}.",
    ),
    "workers": click.option(
        "--workers", "workers", type=click.IntRange(min=1), help=f"Extraction batches run at once {_default('workers')}.",
    ),
    "task_runner": click.option(
        "--task-runner", "task_runner", metavar="KIND",
        help="Where batches run: thread, process (a local process pool), dask (a local Dask cluster) or the "
        f"tcp:// address of a running Dask scheduler {_default('task_runner')}.",
    ),
    "retention_days": click.option(
        "--keep-days", "retention_days", type=click.FloatRange(min=0),
        help="Expire snapshots older than this many days (time travel reaches no further) "
        f"[default: keep all; env: {env_name('retention_days')}].",
    ),
}
LAKE = ("lake", "catalog")
RUNNER = ("seeds_dir", "batch_size", "workers", "task_runner")

_settings_file = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
    help=f"Settings file (see sitrep.example.toml) [default: ./sitrep.toml if there is one; env: {env_name('config')}].",
)


def settings_options(*keys: str):
    """The options of these Settings fields and --config, handed to the command as one `settings`."""
    def decorate(command):
        @functools.wraps(command)
        def wrapper(*args, config_path: Path | None, **kwargs):
            flags = {key: kwargs.pop(key) for key in keys}
            try:
                settings = build_settings(flags, os.environ, config_path)
            except ConfigError as exc:
                click.echo(f"error: {exc}", err=True)
                sys.exit(1)
            try:
                settings.location  # noqa: B018  (a lake and catalog that cannot go together fail here)
            except LakeConfigError as exc:
                raise click.BadParameter(str(exc), param_hint="--lake/--catalog") from None
            return command(*args, settings=settings, **kwargs)

        for key in reversed(keys):
            wrapper = SETTING_OPTIONS[key](wrapper)
        return _settings_file(wrapper)

    return decorate


# `sitrep serve` and `sitrep trigger` read the sources of one config file, which must exist.
config_file = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default="sitrep.toml",
    show_default=True,
    envvar=env_name("config"),
    help="Sources, schedules, lake and Prefect server (see sitrep.example.toml).",
)

format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="How rows are printed."
)


def listing_filters(noun: str, since_means: str):
    """--type, --country, --since and --limit of the listing commands (`events`, `incidents`)."""
    options = [
        click.option("--type", "event_type", type=click.Choice(EVENT_TYPES), help="Only this event type."),
        click.option("--country", metavar="ISO3", help=f"Only {noun} whose actor or target is this country (e.g. UKR)."),
        click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
                     callback=lambda ctx, param, value: value.date() if value else None,
                     help=f"Only {noun} on or after this day ({since_means})."),
        click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True,
                     help=f"At most this many {noun}."),
    ]

    def decorate(command):
        for option in reversed(options):
            command = option(command)
        return command

    return decorate
