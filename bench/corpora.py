"""The bench's corpora, built from ../shared/corpus/raw: short documents, articles, and a mix.

Short documents are taken as their sources give them: Wikipedia Current Events briefs,
ACLED coder notes, UCDP GED source headlines (one document per headline) and Bellingcat's
brief descriptions. Articles are the crawled and collected news articles. Each corpus is
replicated with distinct ids up to the size asked for, the sources interleaved, so every
part of a run sees the same blend.
"""
from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from itertools import cycle, islice
from pathlib import Path

from sitrep.pipelines.agreement import parse_date

MB = 1_000_000
KINDS = ("short", "articles", "mix")

def _iso_date(value: str | None) -> str | None:
    """A source's date as ISO text, or None where it gives none that reads as a date (the formats
    the coded datasets use, as the agreement tables read them)."""
    day = parse_date(value or "")
    return day.isoformat() if day else None


def _csv_rows(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        yield from csv.DictReader(f)


def _wcep_briefs(raw: Path) -> list[dict]:
    out = []
    folder = raw / "wcep_current_events_ianrastall"
    for name in ("wcep_daily_2022_2026.jsonl", "wcep_2014_2021_conflict_entries.jsonl"):
        with (folder / name).open(encoding="utf-8") as f:
            for line in f:
                day = json.loads(line)
                for entry in day.get("entries") or [{"text": day.get("text", "")}]:
                    # the trailing "(Source)" is a link label in the page, not part of the brief
                    text = re.sub(r"\s*\([^()]*\)\s*$", "", entry.get("text") or "").strip()
                    if len(text) > 40:
                        out.append({"title": "", "text": text, "published_at": _iso_date(day.get("date")),
                                    "kind": "brief", "source": "wcep"})
    return out


def _acled_notes(raw: Path) -> list[dict]:
    out = []
    for path in sorted(raw.glob("acled_*/*.csv")):
        for row in _csv_rows(path):
            note = (row.get("notes") or "").strip()
            if note:
                out.append({"title": "", "text": note, "published_at": _iso_date(row.get("event_date")),
                            "kind": "note", "source": "acled"})
    return out


def _ucdp_headlines(raw: Path) -> list[dict]:
    out = []
    for path in sorted(raw.glob("ucdp_*/*.csv")):
        for row in _csv_rows(path):
            headlines = (row.get("source_headline") or "").split(";")
            dates = (row.get("source_date") or "").split(";")
            for n, headline in enumerate(h.strip() for h in headlines):
                if len(headline) > 15 and not headline.startswith("#"):
                    date = _iso_date(dates[n] if n < len(dates) else None)
                    out.append({"title": headline, "text": "", "published_at": date, "kind": "headline",
                                "source": "ucdp"})
    return out


def _bellingcat_descriptions(raw: Path) -> list[dict]:
    out = []
    for path in sorted(raw.glob("cir_bellingcat_*/*.csv")):
        for row in _csv_rows(path):
            text = (row.get("brief description") or "").strip()
            if len(text) > 15:
                out.append({"title": "", "text": text, "published_at": _iso_date(row.get("date")),
                            "kind": "note", "source": "bellingcat"})
    return out


def _front_matter(body: str) -> tuple[str, str]:
    title = ""
    if body.startswith("---"):
        meta, _, body = body[3:].partition("\n---")
        m = re.search(r'^title:\s*"?(.*?)"?\s*$', meta, re.M)
        title = m.group(1) if m else ""
    return title, body.strip()


def _articles(raw: Path) -> list[dict]:
    by_source: dict[str, list[dict]] = {}
    for folder in ("news_ukraine2026_kjdragan", "news_purenews2_stevenmouk"):
        for path in sorted((raw / folder).glob("*.md")):
            title, text = _front_matter(path.read_text(encoding="utf-8"))
            if text:
                by_source.setdefault(folder, []).append(
                    {"title": title, "text": text, "published_at": None, "kind": "article", "source": folder})
    for path in sorted(raw.glob("news_*/*.jsonl")):
        with path.open(encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                text = d.get("text") or " ".join(d.get("sentences") or [])
                if len(text) > 400:
                    published = _iso_date((d.get("published_at") or "")[:10])
                    by_source.setdefault(path.parent.name, []).append(
                        {"title": d.get("title") or "", "text": text, "published_at": published,
                         "kind": "article", "source": path.parent.name})
    return _interleaved(*by_source.values())


def _interleaved(*pools: list[dict]) -> list[dict]:
    """The pools' documents spread evenly over one list, each pool in proportion to its size,
    so any stretch of the list (a small corpus) holds the sources in the blend the whole has."""
    placed = [((i + 0.5) / len(pool), n, doc) for n, pool in enumerate(pools) for i, doc in enumerate(pool)]
    return [doc for _, _, doc in sorted(placed, key=lambda x: x[:2])]


def base_documents(raw: Path) -> dict[str, list[dict]]:
    """The distinct short documents and articles the corpora are replicated from."""
    short = _interleaved(_wcep_briefs(raw), _acled_notes(raw), _ucdp_headlines(raw), _bellingcat_descriptions(raw))
    return {"short": short, "articles": _articles(raw)}


def _size(doc: dict) -> int:
    return len(doc["title"].encode()) + len(doc["text"].encode())


def documents(kind: str, base: dict[str, list[dict]]) -> Iterator[dict]:
    """`kind`'s documents without end: the base documents over and over."""
    if kind != "mix":
        yield from cycle(base[kind])
        return
    # The mix: equal bytes of short documents and articles, interleaved.
    short, articles = cycle(base["short"]), cycle(base["articles"])
    balance = 0
    while True:
        doc = next(short) if balance <= 0 else next(articles)
        balance += _size(doc) if doc["kind"] != "article" else -_size(doc)
        yield doc


def build_corpus(out: Path, kind: str, mb: float, base: dict[str, list[dict]]) -> dict:
    """Write `kind`'s corpus of at least `mb` MB of text to `out` (JSONL); what it holds."""
    out.parent.mkdir(parents=True, exist_ok=True)
    n = size = 0
    texts = []
    with out.open("w", encoding="utf-8") as f:
        for doc in documents(kind, base):
            if size >= mb * MB:
                break
            f.write(json.dumps({"doc_id": f"bench-{kind}-{n:08d}", **doc}, ensure_ascii=False) + "\n")
            texts.append(doc["title"] + "\n" + doc["text"])
            n += 1
            size += _size(doc)
    distinct = len(base[kind]) if kind != "mix" else len(base["short"]) + len(base["articles"])
    return {"path": out, "documents": n, "mb": size / MB, "distinct": distinct, "texts": texts}


def first_documents(path: Path, n: int) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in islice(f, n)]
