"""Builds the one `Settings` from `sitrep.toml`, the SITREP_* environment and command-line flags.

Precedence: flags > environment > file > the defaults declared in pipelines/settings.py. Values
are validated once, when the settings are built; an invalid value fails with a message naming the
bad key and where it was set. Relative paths in the file are taken from the folder holding it, so a
scheduled run finds the same files whatever its working directory; relative paths in flags and the
environment are taken from the working directory, as a shell user expects.
"""
from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

from pydantic import ValidationError
from sitrep.pipelines.collection import SOURCE_KINDS
from sitrep.pipelines.location import is_uri
from sitrep.pipelines.settings import ConfigError, Settings

ENV_PREFIX = "SITREP_"
# Settings that the environment may set, as SITREP_<NAME>; the nested tables ([prefect], [fetch],
# [[sources]]) only the file sets.
ENV_KEYS = ("lake", "catalog", "retention_days", "seeds_dir", "sql_dir", "batch_size", "batch_bytes", "workers",
            "task_runner", "compact_above")
DEFAULT_CONFIG = Path("sitrep.toml")

__all__ = ["ConfigError", "build_settings", "environment_values", "load_config", "parse_config", "read_config_file"]


def env_name(key: str) -> str:
    return ENV_PREFIX + key.upper()


def _error_location(loc: tuple) -> str:
    """pydantic's error location as the key a user would look for: `sources[1].url`."""
    out = ""
    for i, part in enumerate(loc):
        if isinstance(part, int):
            out += f"[{part}]"
        elif i > 0 and isinstance(loc[i - 1], int) and part in SOURCE_KINDS:
            continue  # the discriminated union adds the kind to the path; the user never wrote it
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _validated(values: dict, heading: str, origins: Mapping[str, str] | None = None) -> Settings:
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        lines = [heading]
        for err in exc.errors():
            loc = err["loc"] + (("kind",) if err["type"] in ("union_tag_invalid", "union_tag_not_found") else ())
            origin = (origins or {}).get(str(loc[0])) if loc else None
            message = err["msg"].removeprefix("Value error, ")
            lines.append(f"  {_error_location(loc)}: {message}" + (f" (set by {origin})" if origin else ""))
        raise ConfigError("\n".join(lines)) from None


def _anchored(value, base: Path):
    """A relative path of the file, taken from the file's folder; anything else (a URI, a value of the
    wrong type, left for validation to name) as written."""
    if not isinstance(value, str | Path) or is_uri(value):
        return value
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path


def anchored_paths(data: dict, base_dir: Path) -> dict:
    """The file's mapping with its relative paths taken from `base_dir`."""
    base = Path(base_dir).resolve()
    out = dict(data)
    for key in ("lake", "seeds_dir", "sql_dir"):
        if key in out:
            out[key] = _anchored(out[key], base)
    if isinstance(out.get("prefect"), dict) and "home" in out["prefect"]:
        out["prefect"] = {**out["prefect"], "home": _anchored(out["prefect"]["home"], base)}
    if isinstance(out.get("sources"), list):
        sources = []
        for source in out["sources"]:
            if isinstance(source, dict) and source.get("kind") == "inbox" and "folder" in source:
                source = {**source, "folder": _anchored(source["folder"], base)}
            elif isinstance(source, dict) and source.get("kind") == "warc" and isinstance(source.get("paths"), list):
                source = {**source, "paths": [str(_anchored(p, base)) if isinstance(p, str) else p
                                              for p in source["paths"]]}
            sources.append(source)
        out["sources"] = sources
    return out


def parse_config(data: dict, base_dir: Path, origin: str = "sitrep.toml") -> Settings:
    """Settings from a config mapping alone (on the defaults); relative paths are taken from `base_dir`."""
    return _validated(anchored_paths(data, base_dir), f"{origin}: invalid configuration")


def read_config_file(path: Path | str) -> dict:
    """The TOML mapping of a config file, its relative paths taken from the file's folder."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file (see sitrep.example.toml)") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: a folder, not a config file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return anchored_paths(data, path.parent)


def load_config(path: Path | str) -> Settings:
    """Settings from one config file alone (what a scheduled run reads)."""
    return _validated(read_config_file(path), f"{path}: invalid configuration")


def environment_values(environ: Mapping[str, str]) -> dict:
    """The settings the SITREP_* variables set; an empty variable sets nothing."""
    return {key: environ[env_name(key)] for key in ENV_KEYS if environ.get(env_name(key))}


def build_settings(
    flags: Mapping | None = None, environ: Mapping[str, str] | None = None, config_path: Path | str | None = None,
) -> Settings:
    """The settings of one command: `flags` (None values are unset) over `environ` over the config
    file over the defaults. `config_path` None reads `sitrep.toml` of the working directory if there
    is one; a path that is given must exist."""
    environ = environ or {}
    path = Path(config_path) if config_path is not None else None
    if path is None and environ.get(env_name("config")):
        path = Path(environ[env_name("config")])
    if path is None and DEFAULT_CONFIG.is_file():
        path = DEFAULT_CONFIG
    values: dict = read_config_file(path) if path is not None else {}
    origins = dict.fromkeys(values, str(path))
    from_env = environment_values(environ)
    values.update(from_env)
    origins.update({key: env_name(key) for key in from_env})
    from_flags = {key: value for key, value in (flags or {}).items() if value is not None}
    values.update(from_flags)
    origins.update(dict.fromkeys(from_flags, "the command line"))
    return _validated(values, "invalid settings", origins)
