"""Agreement with datasets coded by others: ACLED's `fatalities` and UCDP GED's `best`.

Each coded row becomes a Document (ACLED: the note, kind "note"; UCDP: the source headlines,
kind "headline"; the event date as published_at) and is extracted with the library itself.
Per row, the largest `killed` Sitrep extracts is set against the coded figure.

Which rows count is decided by rules that look at the text alone and share nothing with the
extractor, so improving the extractor cannot move a row from one group to another:

- a *coding note* says how the coder counted ("Fatalities coded as 0 (… reported 2)",
  "Fatalities are split across 3 events", "coded as 7 fatalities total"): the coded figure
  is not what the text states, so these rows are reported apart;
- otherwise a row *states a figure* when a number (digits, an English number word as
  text2num reads it, "dozens" and the like, or "a"/"an" before the death word: "a man was
  shot dead") stands at most 8 words before or 3 after a death word ("12 militants … were
  killed", "left five dead"), dates and clock times aside; rows coded above 0 that state one
  give recall (a killed figure found) and exact agreement (the largest one equals the coded
  figure), and of them the rows whose stated figures include the coded one are counted apart
  (where they disagree only the extractor can be at fault);
- rows coded 0 give false alarms (any killed figure extracted).

UCDP's `best` counts one event while a headline may give a toll over several (a week of
shelling, a whole front), so there the rows stating the coded figure are the fair measure.

Like dev, the rows are split by a hash of the row id into a tune half (its disagreements are
written out to be read) and a check half (only scored): a rule that helps the tune half and
not the check half is tailoring.
"""
from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sitrep.pipelines.documents import Document
from sitrep.pipelines.extract import extract_events
from text_to_num import alpha2digit

DEATH_WORDS = (
    r"kill(?:s|ed|ing)?|kia|dead|died|dies|die|deaths?|fatalit(?:y|ies)|lives|bodies|body|"
    r"slain|perished|murder(?:s|ed)?|massacred|lynched|beheaded|executed|corpses?"
)
DEATH = re.compile(rf"\b(?:{DEATH_WORDS})\b", re.IGNORECASE)
# Number words are turned into digits by text2num first; these state a figure without one.
VAGUE_NUMBERS = re.compile(r"\b(?:dozens|scores|hundreds|thousands)\b", re.IGNORECASE)
# "a man was shot dead": a singular victim is a figure of 1 when it comes before the death word.
SINGULAR = re.compile(r"\b(?:a|an|another)\b", re.IGNORECASE)
DIGITS = re.compile(r"\d[\d,]*")
# A number counts when it is at most this many words before or after a death word.
WORDS_BEFORE, WORDS_AFTER = 8, 3
MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# Dates, years and clock times hold numbers that count nothing.
NOT_COUNTS = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\b|\b(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    r"|\b(?:1[89]|20)\d\d\b|\b\d{1,2}[:.]\d\d\b|\b\d{1,2}\s?(?:am|pm)\b",
    re.IGNORECASE,
)
CODING_NOTE = re.compile(
    r"\bcoded\b[^.;]{0,40}\b(?:fatalit|deaths?|killed)|\b(?:fatalit\w*|deaths?)\b[^.;]{0,40}"
    r"\b(?:coded|split|divided|spread|distributed)\b|\bcoded across\b|\bsplit (?:across|over|between)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\S+")


def is_coding_note(text: str) -> bool:
    """The text says how the coder counted or split the fatalities."""
    return bool(CODING_NOTE.search(text))


def stated_figures(text: str) -> set[int | None]:
    """The numbers standing within a few words of a death word (None for "dozens" and the
    like), dates and times aside: what the text itself says was the toll."""
    text = alpha2digit(NOT_COUNTS.sub(" ", text), "en", threshold=0)
    figures: set[int | None] = set()
    for sentence in re.split(r"(?<=[.;!?])\s+", text):
        words = _WORD.findall(sentence)
        deaths = [i for i, w in enumerate(words) if DEATH.search(w)]
        for i, word in enumerate(words):
            if digits := DIGITS.search(word):
                value: int | None = int(digits.group(0).replace(",", "") or 0)
                before, after = WORDS_BEFORE, WORDS_AFTER
            elif VAGUE_NUMBERS.search(word):
                value, before, after = None, WORDS_BEFORE, WORDS_AFTER
            elif SINGULAR.fullmatch(word):
                value, before, after = 1, WORDS_BEFORE, 0
            else:
                continue
            if value != 0 and any(-after <= d - i <= before for d in deaths):
                figures.add(value)
    return figures


def states_figure(text: str) -> bool:
    """A number (or a singular victim) stands within a few words of a death word."""
    return bool(stated_figures(text))


@dataclass(frozen=True)
class CodedRow:
    """One row of a coded dataset: the text a coder read and the figure they coded."""

    row_id: str
    text: str
    coded: int
    published_at: date | None
    kind: str  # "note" or "headline"
    source: str

    def document(self) -> Document:
        return Document(doc_id=self.row_id, text=self.text, published_at=self.published_at, kind=self.kind, source=self.source)


# Tenths of the rows in the check half: the same share and hash as dev's folds.
CHECK_SHARE = 3
HALVES = ("tune", "check")


def half_of(row_id: str) -> str:
    """'tune' or 'check', fixed for a row whatever else the datasets hold."""
    bucket = int(hashlib.sha256(row_id.encode("utf-8")).hexdigest()[:8], 16) % 10
    return "check" if bucket < CHECK_SHARE else "tune"


GROUPS = ("figure_stated", "no_figure", "coded_zero", "coding_note")
# Part of figure_stated: the coded figure itself is among the text's stated figures, so
# only the extractor can be at fault when it is not found.
CODED_FIGURE_STATED = "coded_figure_stated"
# Part of figure_stated: rows whose text is not a dev document's (dev holds some of these
# notes and headlines, annotated and read while the rules were tuned).
OUTSIDE_DEV = "figure_stated_outside_dev"
# How the tables name each group, in the order they are printed.
AGREEMENT_LINES = (
    ("figure_stated", "coded > 0, text states a figure"),
    (CODED_FIGURE_STATED, "  of which the text states the coded figure"),
    (OUTSIDE_DEV, "  of which not a dev document"),
    ("no_figure", "coded > 0, text states no figure"),
    ("coded_zero", "coded 0 (found = false alarm)"),
    ("coding_note", "coding notes (\"coded as\", split)"),
)


def group_of(row: CodedRow) -> str:
    """Which tally a row belongs to: coding notes apart, then coded 0, then figure stated or not."""
    if is_coding_note(row.text):
        return "coding_note"
    if row.coded == 0:
        return "coded_zero"
    return "figure_stated" if states_figure(row.text) else "no_figure"


ACLED_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%b-%y", "%d-%m-%y", "%d/%m/%Y")


def parse_date(value: str, formats: Iterable[str] = ACLED_DATE_FORMATS) -> date | None:
    value = (value or "").strip()[:20]
    for fmt in formats:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _integer(value: str) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def acled_rows(path: Path) -> Iterator[CodedRow]:
    """The notes of an ACLED export that have text and a fatalities figure."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        for i, rec in enumerate(csv.DictReader(f)):
            note, coded = (rec.get("notes") or "").strip(), _integer(rec.get("fatalities"))
            if not note or coded is None:
                continue
            row_id = rec.get("event_id_cnty") or rec.get("data_id") or str(i)
            yield CodedRow(f"{path.parent.name}:{row_id}", note, coded, parse_date(rec.get("event_date", "")),
                           "note", f"ACLED: {rec.get('source', '')}")


def ucdp_rows(path: Path) -> Iterator[CodedRow]:
    """The source headlines of a UCDP GED export (HDX, with its HXL tag row) against `best`."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        for rec in csv.DictReader(f):
            headline, coded = (rec.get("source_headline") or "").strip(), _integer(rec.get("best"))
            if not headline or coded is None:  # the HXL row ("#event+id") has no integer best
                continue
            yield CodedRow(f"ucdp-{rec.get('id', '')}", headline, coded, parse_date(rec.get("date_start", "")[:10]),
                           "headline", f"UCDP GED: {rec.get('source_office', '')}")


def largest_killed(events: Iterable[dict]) -> int | None:
    """The largest killed figure among a row's casualty reports (None when there is none)."""
    figures = [e["killed"] for e in events if e.get("event_type") == "casualty_report" and e.get("killed") is not None]
    return max(figures, default=None)


def extracted_killed(rows: Iterable[CodedRow], resources) -> dict[str, int | None]:
    """The largest killed figure Sitrep extracts from each row's text."""
    return {row.row_id: largest_killed(extract_events(row.document(), resources)) for row in rows}


def _tally() -> dict:
    return {"rows": 0, "found": 0, "exact": 0}


def _shares(tally: dict) -> None:
    n = tally["rows"]
    tally["found_share"] = tally["found"] / n if n else None
    tally["exact_share"] = tally["exact"] / n if n else None


def row_groups(row: CodedRow, dev_texts: frozenset[str] = frozenset()) -> list[str]:
    """Every tally a row counts in: its group, and the parts of figure_stated it falls in."""
    group = group_of(row)
    groups = [group]
    if group == "figure_stated" and row.coded in stated_figures(row.text):
        groups.append(CODED_FIGURE_STATED)
    if group == "figure_stated" and row.text.strip() not in dev_texts:
        groups.append(OUTSIDE_DEV)
    return groups


def agreement(rows: Iterable[CodedRow], found: dict[str, int | None], dev_texts: frozenset[str] = frozenset()) -> dict[str, dict]:
    """Per group: rows, rows where a killed figure was found (for coded-0 rows: false alarms),
    and rows where the largest one equals the coded figure (no killed figure counts as 0);
    under "halves", the same for the tune and the check half of the rows."""
    table = {g: {**_tally(), "halves": {h: _tally() for h in HALVES}} for g in (*GROUPS, CODED_FIGURE_STATED, OUTSIDE_DEV)}
    for row in rows:
        killed = found.get(row.row_id)
        half = half_of(row.row_id)
        for name in row_groups(row, dev_texts):
            for tally in (table[name], table[name]["halves"][half]):
                tally["rows"] += 1
                tally["found"] += killed is not None and killed > 0
                tally["exact"] += (killed or 0) == row.coded
    for tally in table.values():
        _shares(tally)
        for part in tally["halves"].values():
            _shares(part)
    return table


def tune_disagreements(rows: Iterable[CodedRow], found: dict[str, int | None]) -> Iterator[str]:
    """One line per tune-half row coded above 0 whose text states a figure and whose largest
    killed figure is not the coded one (the check half is scored, never read)."""
    for row in rows:
        killed = found.get(row.row_id)
        if half_of(row.row_id) != "tune" or group_of(row) != "figure_stated" or (killed or 0) == row.coded:
            continue
        mark = "stated" if row.coded in stated_figures(row.text) else "unstated"
        yield f"[{mark}] {row.row_id} coded={row.coded} found={killed}: {row.text}"


@dataclass(frozen=True)
class Dataset:
    name: str
    rows: list[CodedRow]


def coded_datasets(raw_dir: Path) -> list[Dataset]:
    """The ACLED notes and UCDP Ukraine headlines under a raw corpus folder (none where absent)."""
    datasets = []
    acled = [row for path in sorted(raw_dir.glob("acled_*/*.csv")) for row in acled_rows(path)]
    if acled:
        datasets.append(Dataset("ACLED notes", acled))
    ucdp = [row for path in sorted(raw_dir.glob("ucdp_ged_ukraine_hdx/*.csv")) for row in ucdp_rows(path)]
    if ucdp:
        datasets.append(Dataset("UCDP Ukraine headlines", ucdp))
    return datasets


def external_agreement(raw_dir: Path, resources, dev_texts: frozenset[str] = frozenset()) -> dict[str, dict[str, dict]]:
    """Agreement tables, per coded dataset found under raw_dir (`dev_texts`: the texts of
    the dev documents, whose rows are also counted apart); under "disagreements", the
    tune-half rows where the figures differ."""
    tables = {}
    for ds in coded_datasets(raw_dir):
        found = extracted_killed(ds.rows, resources)
        tables[ds.name] = {**agreement(ds.rows, found, dev_texts), "disagreements": list(tune_disagreements(ds.rows, found))}
    return tables
