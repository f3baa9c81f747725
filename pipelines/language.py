"""The language a document is written in, by py3langid's bundled model (offline, no download).

The rules read English only: a document identified as another language is not extracted
(and is counted as not read). Short English texts, headlines above all, are what a
character n-gram model gets wrong ("Gaza war", "Canada Ukraine" and place names come out as
Swahili, Crimean Tatar or Slovene with low confidence), so another language is only taken
when the identifier is sure of it; measured on dev and the raw corpora in ../shared, a
threshold of 0.97 leaves no English document misread and finds the Russian UCDP headlines
(those mixing English and Russian mostly stay English, which is the safe side).
"""
from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from types import MappingProxyType

import numpy as np
from py3langid import modelio
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from sitrep.pipelines import reference_cache

ENGLISH = "en"
# Only the start of a document is read: the cost grows with the text (about a microsecond a
# character), and a few hundred characters decide as well as the whole article.
SAMPLE_CHARS = 200
# Fewer letters than this (a place name, a photo caption's slug) decide nothing.
MIN_LETTERS = 20
# Another language is taken only at this confidence (py3langid's normalised probability).
MIN_CONFIDENCE = 0.97


class BatchLanguageIdentifier(LanguageIdentifier):
    """py3langid's identifier, able to count the features of many texts in one pass.

    py3langid walks its byte automaton in a Python loop, a step per byte per text: most of
    the time a short document spends being identified. batch_scorer() walks every text of a
    batch at once, one numpy step per byte position over all texts still that long, and
    hands the counts (the same features in the same order) to py3langid's own scoring, so
    each answer is exactly the library's."""

    _counted: MappingProxyType = MappingProxyType({})  # encoded text → its feature counts

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._next_state = np.frombuffer(self.tk_nextmove, dtype=np.uint32)  # shares the array's memory
        self._row_base = np.asarray(self._rowbase, dtype=np.intp)
        self._feature = np.asarray(self.tk_output, dtype=np.int32)

    def _raw_score(self, text):
        visits = self._counted.get(text)
        return self._sparse_score(visits, self.nb_ptc) if visits else super()._raw_score(text)

    def feature_counts(self, encoded: Sequence[bytes]) -> list[Counter | None]:
        """What py3langid's visit_counts gives for each of these encoded texts."""
        if not encoded:
            return []
        lengths = np.fromiter(map(len, encoded), dtype=np.intp, count=len(encoded))
        order = np.argsort(-lengths, kind="stable")
        by_length = lengths[order]
        width = int(by_length[0])
        # byte t of every text, texts longest first: row t of `letters`
        letters = np.zeros((len(encoded), width), dtype=np.uint8)
        letters[np.arange(width) < by_length[:, None]] = np.frombuffer(b"".join(encoded[i] for i in order), dtype=np.uint8)
        letters = np.ascontiguousarray(letters.T)
        features = np.full((width, len(encoded)), -1, dtype=np.int32)
        states = np.zeros(len(encoded), dtype=np.intp)
        # how many texts (the longest) are longer than t, for each byte position t
        still = len(encoded) - np.searchsorted(by_length[::-1], np.arange(width), side="right")
        for t in range(width):
            n = still[t]
            states[:n] = self._next_state[self._row_base[states[:n]] + letters[t, :n]]
            features[t, :n] = self._feature[states[:n]]
        features = features.T
        counts: list[Counter | None] = [None] * len(encoded)
        for row, i in enumerate(order):
            found = features[row, : by_length[row]]
            found = found[found >= 0]
            counts[i] = Counter(found.tolist()) if found.size else None
        return counts

    def batch_scorer(self, texts: Sequence[str]) -> BatchLanguageIdentifier:
        """A copy of this identifier (sharing the model) whose classify() on any of `texts`
        uses counts taken in one pass over all of them."""
        encoded = [self._encode(text) for text in texts]
        scorer = copy.copy(self)
        scorer._counted = MappingProxyType(dict(zip(encoded, self.feature_counts(encoded), strict=True)))
        return scorer


def load_language_identifier(cache_dir: Path | str | None = None) -> BatchLanguageIdentifier:
    """py3langid's bundled model, taken from the reference cache folder `cache_dir` when it
    holds it (None: read from the package). The package ships it LZMA-compressed, and
    decompressing it is most of a second of every process's start (measured: 2.6 s of 4 on a
    loaded machine); the cache keeps its arrays as they load, keyed by the model file and
    the code that reads it, so another py3langid rebuilds the entry."""
    model = MODEL_DIR / MODEL_FILE
    ptc, pc, classes, nextmove, row, output = reference_cache.cached(
        cache_dir, "language-model", [model, Path(modelio.__file__)], lambda: modelio.load_model(model)
    )
    return BatchLanguageIdentifier(np.asarray(ptc), np.asarray(pc), classes, nextmove, output, norm_probs=True, tk_row=row)


def _sample(text: str) -> str | None:
    """What identification reads of a text, or None where it has too few letters to decide."""
    sample = text[:SAMPLE_CHARS]
    return sample if sum(map(str.isalpha, sample)) >= MIN_LETTERS else None


def _answer(classified: tuple[str, float]) -> str | None:
    language, confidence = classified
    return language if language == ENGLISH or confidence >= MIN_CONFIDENCE else None


def identify_language(text: str, identifier: LanguageIdentifier) -> str | None:
    """The text's language as py3langid labels it (ISO 639-1, or 639-3 for languages with
    no two-letter code), or None where the text is too short or the identifier unsure."""
    sample = _sample(text)
    return None if sample is None else _answer(identifier.classify(sample))


def identify_languages(texts: Sequence[str], identifier: BatchLanguageIdentifier) -> list[str | None]:
    """identify_language() of each text, the features of all of them counted in one pass."""
    samples = [_sample(text) for text in texts]
    scorer = identifier.batch_scorer([s for s in samples if s is not None])
    return [None if s is None else _answer(scorer.classify(s)) for s in samples]


def document_text(title: str, text: str) -> str:
    """What identification reads of a document: its title, then its text."""
    return f"{title}\n{text}".strip() if title else text


def is_read(language: str | None) -> bool:
    """Whether the rules read a document of this language (undetermined counts as English)."""
    return language is None or language == ENGLISH
