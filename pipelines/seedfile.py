"""Seed files (TOML under seeds/) read and validated against pydantic models, one way.

    data = read_toml(path)                       # the file as a dict, with its text kept for errors
    spec = validate(Model, raw, data, ("rule", 3), entry="rule 'casualty.killed'")

A file that is missing, is not TOML or fails its model raises SeedError, whose message names
the file, the line (where it can be found) and the entry and field at fault:

    seeds/lexicons/cues.toml:41: cue 'hedge.reportedly' field scope: Input should be ...
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class SeedError(ValueError):
    """Seed data that cannot be used, naming the file, line, entry and field at fault."""


@dataclass(frozen=True)
class SeedFile:
    path: Path
    text: str
    data: dict


def read_toml(path: Path) -> SeedFile:
    """The parsed file; SeedError when it is missing or not TOML (with the parser's line)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SeedError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SeedError(f"{path}: cannot be read: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"\(at line (\d+)", str(exc))  # Python 3.11's error keeps the line in its text only
        raise SeedError(f"{path}{f':{at.group(1)}' if at else ''}: not valid TOML: {exc}") from None
    return SeedFile(path, text, data)


def line_of(text: str, loc: Sequence[str | int]) -> int | None:
    """The line (1-based) where the value at `loc` (keys and list indices from the top of the
    file) is written, found by its table headers and keys; None where it cannot be told."""
    lines = text.splitlines()
    start, found = 0, None
    path: list[str] = []
    i = 0
    while i < len(loc):
        part = loc[i]
        if isinstance(part, int):
            i += 1
            continue
        path.append(str(part))
        if i + 1 < len(loc) and isinstance(loc[i + 1], int):  # an array of tables: its n-th header
            header = re.compile(rf"^\s*\[\[\s*{re.escape('.'.join(path))}\s*\]\]")
            hits = [n for n, line in enumerate(lines) if n >= start and header.match(line)]
            if loc[i + 1] < len(hits):
                start = found = hits[loc[i + 1]]
                i += 2
                continue
        header = re.compile(rf"^\s*\[\s*{re.escape('.'.join(path))}\s*\]")
        key = re.compile(rf"^\s*[\"']?{re.escape(str(part))}[\"']?\s*=")
        hit = next((n for n, line in enumerate(lines) if n >= start and (header.match(line) or key.match(line))), None)
        if hit is None:
            break
        start = found = hit
        i += 1
    return None if found is None else found + 1


def error_at(seed: SeedFile, loc: Sequence[str | int], message: str, entry: str | None = None) -> SeedError:
    """A SeedError for the value at `loc`, naming its line and `entry` (how a reader names it)."""
    line = line_of(seed.text, loc)
    where = f"{seed.path}{f':{line}' if line else ''}"
    return SeedError(f"{where}: {entry + ': ' if entry else ''}{message}")


def validate(model: type[M], raw: object, seed: SeedFile, loc: Sequence[str | int] = (), entry: str | None = None) -> M:
    """`raw` (the value at `loc` of `seed`) validated as `model`; SeedError naming the first
    field at fault and its line."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = tuple(err.get("loc", ()))
        where = ".".join(str(p) for p in field)
        message = f"field {where}: {err.get('msg')}" if where else str(err.get("msg"))
        raise error_at(seed, (*loc, *field), message, entry) from None


def load_seed(path: Path, model: type[M]) -> M:
    """A whole seed file validated as `model`."""
    seed = read_toml(path)
    return validate(model, seed.data, seed)
