"""How commands print results: query rows as a table, CSV or JSON, and text that cannot steer a terminal."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from decimal import Decimal

FORMATS = ("table", "csv", "json")


def jsonable(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


# C0 and C1 controls but the newline, and the characters that reorder or break lines on a terminal
# (bidirectional overrides and isolates, Unicode line and paragraph separators).
_UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text that cannot steer a terminal: escape bytes and other controls shown as `\\x1b`-style escapes,
    newlines kept as line breaks."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def render(columns: list[str], rows: list[tuple], fmt: str) -> str:
    """Query results as a table, CSV or JSON (a list of objects)."""
    if fmt == "json":
        return json.dumps([{c: jsonable(v) for c, v in zip(columns, r, strict=True)} for r in rows], indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows([[jsonable(v) for v in r] for r in rows])
        return out.getvalue()
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    # Cells are Text, never markup: news text such as "[/b]" or "[red]" is shown as written.
    table = Table(show_lines=False)
    for c in columns:
        table.add_column(Text(printable(c)))
    for r in rows:
        table.add_row(*[Text("" if v is None else printable(str(jsonable(v)))) for v in r])
    out = io.StringIO()
    Console(file=out, width=max(100, min(240, 24 * len(columns))), force_terminal=False, markup=False,
            emoji=False, highlight=False).print(table)
    return out.getvalue()
