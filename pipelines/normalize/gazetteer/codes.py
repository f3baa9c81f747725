"""pycountry adapters: ISO 3166 codes, first-level subdivisions and country names."""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import pycountry

# Codes used by GOLD_FORMAT.md that ISO 3166-1 does not assign.
EXTRA_CODES = {"XKX": "Kosovo"}


def valid_code(code: str) -> str:
    if code in EXTRA_CODES or pycountry.countries.get(alpha_3=code) is not None:
        return code
    raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 code")



@lru_cache(maxsize=1)
def admin1_units() -> tuple[tuple[str, str], ...]:
    """(ISO alpha-3, name) of every first-level subdivision pycountry knows, bracketed notes removed."""
    units = []
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            iso3 = alpha2_to_iso3(sub.country_code)
            if iso3 is not None:
                units.append((iso3, re.sub(r"\s*\[.*?\]", "", sub.name)))
    return tuple(units)


@lru_cache(maxsize=512)
def alpha2_to_iso3(alpha2: str) -> str | None:
    if alpha2 == "XK":
        return "XKX"
    c = pycountry.countries.get(alpha_2=alpha2)
    return c.alpha_3 if c else None


def pycountry_names(exclude: set[str]) -> Iterable[tuple[str, str]]:
    for c in pycountry.countries:
        for attr in ("common_name", "name", "official_name"):
            name = getattr(c, attr, None)
            if not name or name in exclude:
                continue
            # "Korea, Republic of" reads as no one writes it; "Bolivia,
            # Plurinational State of" likewise: keep only uninverted names.
            if "," in name:
                continue
            yield name, c.alpha_3

