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

import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from py3langid import modelio
from py3langid.langid import MODEL_DIR, MODEL_FILE, RAW_FLOOR, LanguageIdentifier
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
    the time a short document spends being identified. batch_scores() walks every text of a
    batch at once, one numpy step per byte position over all texts still that long, and
    scores the counts (the same features in the same order) by the same float32 operations
    as py3langid's own, so each answer is exactly the library's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._next_state = np.frombuffer(self.tk_nextmove, dtype=np.uint32)  # shares the array's memory
        self._row_base = np.asarray(self._rowbase, dtype=np.intp)
        self._feature = np.asarray(self.tk_output, dtype=np.int32)

    def _features(self, encoded: Sequence[bytes]) -> list[np.ndarray]:
        """The features each of these encoded texts visits, in the order visit_counts meets them."""
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
        found: list[np.ndarray] = [None] * len(encoded)  # type: ignore[list-item]
        for row, i in enumerate(order):
            visited = features[row, : by_length[row]]
            found[i] = visited[visited >= 0]
        return found

    def feature_counts(self, encoded: Sequence[bytes]) -> list[Counter | None]:
        """What py3langid's visit_counts gives for each of these encoded texts."""
        return [Counter(f.tolist()) if f.size else None for f in self._features(encoded)]

    def batch_scores(self, texts: Sequence[str]) -> np.ndarray:
        """What _decide() gives for each of `texts` (a row each), bit for bit, counted in one pass.

        py3langid's classify() encodes each text, counts its features in a Counter and turns
        that back into arrays, casting its float16 model rows to float32 on every call: most of
        a short text's identification time. Here every text's features, counts and rows come from a few numpy calls over the
        whole batch (each text's features kept in the order visit_counts meets them), and
        each text is then scored by the same float32 operations as py3langid's _decide."""
        encoded = [self._encode(text) for text in texts]
        found = self._features(encoded)
        sizes = np.fromiter((f.size for f in found), dtype=np.intp, count=len(found))
        visited = np.concatenate(found).astype(np.int64) if found else np.zeros(0, dtype=np.int64)
        owner = np.repeat(np.arange(len(found), dtype=np.int64), sizes)
        # one key per (text, feature); its first visit orders the text's features as a Counter would
        keys, first, counts = np.unique(owner * len(self.nb_ptc) + visited, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")
        features = (keys % len(self.nb_ptc))[order].astype(np.intp)
        weights = np.log1p(counts[order].astype(np.float32))
        per_text = np.bincount(owner[first[order]], minlength=len(found)) if len(keys) else np.zeros(len(found), dtype=np.intp)
        present = np.zeros(len(self.nb_ptc), dtype=bool)
        present[features] = True
        rows = np.flatnonzero(present)
        table = self.nb_ptc[rows].astype(np.float32)
        compact = np.zeros(len(self.nb_ptc), dtype=np.intp)
        compact[rows] = np.arange(len(rows), dtype=np.intp)
        features = compact[features]
        fill = 0.0 if self._norm_probs else RAW_FLOOR
        scores = np.full((len(found), len(self.nb_classes)), fill, dtype=np.float32)
        cursor = 0
        for row, n in enumerate(per_text.tolist()):
            if n:  # the one step taken text by text: the same product as _sparse_score's
                scores[row] = weights[cursor : cursor + n] @ table[features[cursor : cursor + n]] + self.nb_pc
                cursor += n
        # the rest of _decide, element by element (and a row's max and sum over that row alone)
        if self._norm_probs:
            scales = np.array([1.0 / math.sqrt(len(text) or 1) for text in encoded], dtype=np.float32)
            scores *= scales[:, None]
            np.exp(scores - scores.max(axis=1, keepdims=True), out=scores)
            scores /= scores.sum(axis=1, keepdims=True)
        for i, j in self._alias_pairs:
            if self._norm_probs:
                scores[:, i] += scores[:, j]
                scores[:, j] = 0.0
            else:
                scores[:, i] = np.maximum(scores[:, i], scores[:, j])
                scores[:, j] = RAW_FLOOR
        return scores

    def batch_classify(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """classify() of each of `texts`, by batch_scores()."""
        scores = self.batch_scores(texts)
        best = scores.argmax(axis=1)
        confidences = scores[np.arange(len(scores)), best].tolist()
        floor = self.min_confidence
        return [
            ("und", conf) if floor is not None and conf < floor else (self.nb_classes[i], conf)
            for i, conf in zip(best.tolist(), confidences, strict=True)
        ]


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


# Texts are identified this many to a pass: a pass's arrays grow with the texts it counts (measured:
# 47 MiB at once for a batch of 5,000 short documents, 16 MiB for 1,000), its time per text does not.
IDENTIFY_PASS = 1000


def identify_languages(texts: Sequence[str], identifier: BatchLanguageIdentifier) -> list[str | None]:
    """identify_language() of each text, the features of up to IDENTIFY_PASS of them counted in one
    pass (each text's answer is its own: it does not depend on the texts it is counted with)."""
    samples = [_sample(text) for text in texts]
    kept = [s for s in samples if s is not None]
    answers = (answer for start in range(0, len(kept), IDENTIFY_PASS)
               for answer in identifier.batch_classify(kept[start:start + IDENTIFY_PASS]))
    return [None if s is None else _answer(next(answers)) for s in samples]


def document_text(title: str, text: str) -> str:
    """What identification reads of a document: its title, then its text."""
    return f"{title}\n{text}".strip() if title else text


def is_read(language: str | None) -> bool:
    """Whether the rules read a document of this language (undetermined counts as English)."""
    return language is None or language == ENGLISH
