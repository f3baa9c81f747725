"""The gazetteer's seed files (seeds/gazetteers/*.toml): pydantic models and loaders that
name the file, line and entry of any error."""
from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sitrep.pipelines.normalize.gazetteer.codes import valid_code
from sitrep.pipelines.seedfile import SeedError, error_at, read_toml, validate

# The seed data is invalid: the one error type of seed files, naming file, line and entry.
GazetteerError = SeedError



def _surfaces(values: list[str]) -> list[str]:
    for v in values:
        if not v.strip():
            raise ValueError("empty surface")
    return values


class CountryExtras(BaseModel):
    model_config = ConfigDict(extra="forbid")
    names: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    capitals: list[str] = Field(default_factory=list)
    government: list[str] = Field(default_factory=list)
    leaders: list[str] = Field(default_factory=list)
    ambiguous: list[str] = Field(default_factory=list)

    _check = field_validator("names", "demonyms", "capitals", "government", "leaders", "ambiguous")(_surfaces)


class CountrySettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    exclude_capitals: list[str] = Field(default_factory=list)
    exclude_names: list[str] = Field(default_factory=list)


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid")
    country: str
    names: list[str] = Field(min_length=1)

    _code = field_validator("country")(valid_code)
    _check = field_validator("names")(_surfaces)


class Neutral(BaseModel):
    model_config = ConfigDict(extra="forbid")
    names: list[str]


class GroupsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    group: list[Group]
    neutral: Neutral


class Region(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=2)
    country: str
    center: str = Field(min_length=2)
    aliases: list[str] = Field(default_factory=list)

    _code = field_validator("country")(valid_code)


class RegionsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    region: list[Region]


# Places are listed like groups: a country and the surfaces that stand for it.
PlaceGroup = Group


class PlacesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    conflict_countries: list[str]
    world_city_min_population: int = Field(gt=0)
    min_name_length: int = Field(ge=2)
    exclude: list[str] = Field(default_factory=list)
    place: list[PlaceGroup]

    @field_validator("conflict_countries")
    @classmethod
    def _codes(cls, v: list[str]) -> list[str]:
        return [valid_code(c) for c in v]


def load_country_extras(path: Path) -> tuple[CountrySettings, dict[str, CountryExtras]]:
    seed = read_toml(path)
    raw = dict(seed.data)
    settings = validate(CountrySettings, raw.pop("_settings", {}), seed, ("_settings",), "entry '_settings'")
    extras: dict[str, CountryExtras] = {}
    for code, body in raw.items():
        try:
            valid_code(code)
        except ValueError as exc:
            raise error_at(seed, (code,), str(exc), f"entry {code!r}") from None
        extras[code] = validate(CountryExtras, body, seed, (code,), f"entry {code!r}")
    return settings, extras


def _load_entries(path: Path, key: str, entry_model, file_model, label) -> BaseModel:
    """A TOML file of `[[key]]` entries: each entry is validated first, so an error names it."""
    seed = read_toml(path)
    for i, entry in enumerate(seed.data.get(key, [])):
        validate(entry_model, entry, seed, (key, i), f"entry {f'{key}[{i}] {label(entry)}'!r}")
    return validate(file_model, seed.data, seed, (), "entry 'file'")


def load_groups(path: Path) -> GroupsFile:
    return _load_entries(path, "group", Group, GroupsFile, lambda g: g.get("names", ["?"])[:1])  # type: ignore[return-value]


def load_regions(path: Path) -> RegionsFile:
    return _load_entries(path, "region", Region, RegionsFile, lambda r: r.get("name", "?"))  # type: ignore[return-value]


def load_places(path: Path) -> PlacesFile:
    return _load_entries(path, "place", PlaceGroup, PlacesFile, lambda p: p.get("country", "?"))  # type: ignore[return-value]

def seed_sources(seeds_dir: Path) -> list[Path]:
    """The seed files the gazetteer and the places index are built from."""
    return sorted((seeds_dir / "gazetteers").glob("*.toml"))


