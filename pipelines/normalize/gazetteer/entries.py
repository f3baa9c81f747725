"""What the gazetteer holds for a surface, and what a scan finds in text."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["name", "demonym", "capital", "government", "group", "place"]
KINDS: tuple[str, ...] = ("name", "demonym", "capital", "government", "group", "place")


@dataclass(frozen=True, slots=True)
class CountryMention:
    start: int
    end: int
    surface: str
    iso3: str
    kind: str
    origin: str = ""  # the data the match came from ("groups.toml", "pycountry"), for tracing misfires
    # "led" in "Saudi-led coalition", "made" in "US-made": the reference
    # qualifies another party or thing rather than naming one.
    modifier: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    iso3: str | None  # None: a neutral surface (UN, NATO, Islamic State) that names no single country
    kind: str
    surface: str  # as written in the data, for case checks
    exact_case: bool
    guard: int  # 0: none; 1: not next to a capitalised word (derived places); 2: ambiguous name, strict
    origin: str = ""
