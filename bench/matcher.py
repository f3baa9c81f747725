"""Regex triggers against token triggers (issue #15, docs/MATCHER.md): not a test, a measurement.

    python bench/matcher.py [--types deployment] [--short 20000] [--articles 300] [--rounds 5]

Loads the resources twice, once as shipped (every trigger by its regex) and once with
`token_trigger_types` set (those types' triggers on spaCy tokens), and over the same
documents (all of dev, then short documents and articles from ../shared/corpus/raw as the
bench's corpora take them):
1. compares the events both extract, document by document, and every sentence's trigger
   spans (on text never tuned on as well as dev): any difference is listed;
2. times `extract_batch` over each corpus both ways, chunk by chunk, the two in turn in
   alternating order, `--rounds` times (the machine is shared), in CPU seconds of this
   process, and prints documents per second (each round's, the median) and the median ratio
   of token to regex time;
3. times `sentence_triggers` alone the same way, over the sentences the gate lets through.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import base_documents, documents  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"


def _documents(records: list[dict], prefix: str):
    from sitrep.pipelines.documents import checked_document

    docs = []
    for n, record in enumerate(records):
        doc = checked_document({"doc_id": f"{prefix}-{n:06d}", **record}, f"{prefix}:{n + 1}")
        if not isinstance(doc, list):
            docs.append(doc)
    return docs


def _dev_documents():
    with (SHARED / "dev.jsonl").open(encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    fields = ("title", "text", "published_at", "url", "source", "kind")
    return _documents([{k: r[k] for k in fields if r.get(k) is not None} for r in records], "dev")


def differences(docs, regex, token, types) -> list[str]:
    """Where the two resources extract other events, or find other trigger spans of `types`."""
    from sitrep.pipelines.extract import extract_events
    from sitrep.pipelines.extract.match import sentence_triggers
    from sitrep.pipelines.segment import document_sentences, readable

    out = []
    for doc in docs:
        if extract_events(doc, regex) != extract_events(doc, token):
            out.append(f"{doc.doc_id}: events differ")
        for sentence in document_sentences(doc):
            text = readable(sentence.text)
            spans = [
                sorted((t.rule.spec.id, t.start, t.end) for t in sentence_triggers(text, r.rules) if t.label in types)
                for r in (regex, token)
            ]
            if spans[0] != spans[1]:
                out.append(f"{doc.doc_id}: {text[:80]!r}: regex {spans[0]} token {spans[1]}")
    return out


def paired(run, paths: list[str], chunks: list, rounds: int) -> dict[str, list[float]]:
    """CPU seconds of each path per round: every chunk is run by both paths in turn, the
    order alternating, so a stretch of load on the machine falls on both."""
    seconds: dict[str, list[float]] = {p: [] for p in paths}
    for n in range(rounds):
        spent = dict.fromkeys(paths, 0.0)
        for k, chunk in enumerate(chunks):
            for p in paths if (n + k) % 2 == 0 else list(reversed(paths)):
                started = time.process_time()
                run(p, chunk)
                spent[p] += time.process_time() - started
        for p in paths:
            seconds[p].append(spent[p])
    return seconds


def _report(name: str, items: int, seconds: dict[str, list[float]], unit: str = "docs") -> None:
    rates = {p: [items / s for s in ss] for p, ss in seconds.items()}
    line = "  ".join(
        f"{p} median {statistics.median(r):8.0f} {unit}/s (rounds {', '.join(f'{x:.0f}' for x in r)})" for p, r in rates.items()
    )
    ratios = [t / r for r, t in zip(seconds["regex"], seconds["token"], strict=True)]
    print(f"{name:26} {line}  token/regex time {statistics.median(ratios):.3f} (rounds {', '.join(f'{x:.3f}' for x in ratios)})")


def gated_sentences(docs, rules) -> list[tuple[str, frozenset[int], str | None]]:
    """(text, the gate's rule indices, lower-cased text) of every sentence the gate lets some
    trigger rule try, as match() hands them to sentence_triggers."""
    from sitrep.pipelines.normalize.text import lowered, word_marked
    from sitrep.pipelines.segment import document_sentences, readable

    out = []
    for doc in docs:
        for sentence in document_sentences(doc):
            text = readable(sentence.text)
            only = rules.gate.possible(word_marked(text, strict=False, end=True))
            if only:
                out.append((text, only, lowered(text)))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--types", nargs="+", default=["deployment"])
    ap.add_argument("--short", type=int, default=20000, help="short documents from the raw corpus")
    ap.add_argument("--articles", type=int, default=300, help="articles from the raw corpus")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--chunk", type=int, default=500, help="documents timed at a time, both ways in turn")
    args = ap.parse_args()

    from sitrep.pipelines.extract.match import sentence_triggers
    from sitrep.pipelines.resources import load_resources
    from sitrep.pipelines.settings import Settings
    from sitrep.pipelines.transform import extract_batch

    regex = load_resources(Settings())
    token = load_resources(Settings(token_trigger_types=tuple(args.types)))
    base = base_documents(SHARED / "raw")
    corpora = {
        "dev": _dev_documents(),
        "short": _documents(list(islice(documents("short", base), args.short)), "short"),
        "articles": _documents(list(islice(documents("articles", base), args.articles)), "articles"),
    }
    for name, docs in corpora.items():
        found = differences(docs, regex, token, set(args.types))
        print(f"{name}: {len(docs)} documents, {len(found)} differences between regex and token triggers")
        for line in found[:20]:
            print("   ", line)

    paths = {"regex": regex, "token": token}
    for resources in paths.values():
        extract_batch(corpora["dev"][:50], resources, "warm-up")  # language model, lazy tables, the Matcher
    print("\nextract_batch, CPU seconds of this process (process_time: other sessions' load counts less than in "
          "wall time); each corpus in chunks, both ways per chunk in alternating order")
    for name, docs in corpora.items():
        chunks = [docs[i : i + args.chunk] for i in range(0, len(docs), args.chunk)]
        _report(name, len(docs), paired(lambda p, chunk: extract_batch(chunk, paths[p], "bench"), list(paths), chunks, args.rounds))
    print("\nsentence_triggers alone over the sentences the gate passes (what the two paths do differently)")
    for name, docs in corpora.items():
        gated = gated_sentences(docs, regex.rules)
        rules = {p: r.rules for p, r in paths.items()}

        def run(p, chunk, rules=rules):
            for text, only, low in chunk:
                sentence_triggers(text, rules[p], only, low)

        chunks = [gated[i : i + 2000] for i in range(0, len(gated), 2000)]
        _report(f"{name} ({len(gated)} sentences)", len(gated), paired(run, list(paths), chunks, args.rounds), "sentences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
