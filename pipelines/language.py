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

from py3langid.langid import MODEL_FILE, LanguageIdentifier

ENGLISH = "en"
# Only the start of a document is read: the cost grows with the text (about a microsecond a
# character), and a few hundred characters decide as well as the whole article.
SAMPLE_CHARS = 200
# Fewer letters than this (a place name, a photo caption's slug) decide nothing.
MIN_LETTERS = 20
# Another language is taken only at this confidence (py3langid's normalised probability).
MIN_CONFIDENCE = 0.97


def load_language_identifier() -> LanguageIdentifier:
    """The model (about a second to load: pipelines.resources loads it once per run)."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify_language(text: str, identifier: LanguageIdentifier) -> str | None:
    """The text's language as py3langid labels it (ISO 639-1, or 639-3 for languages with
    no two-letter code), or None where the text is too short or the identifier unsure."""
    sample = text[:SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return None
    language, confidence = identifier.classify(sample)
    if language == ENGLISH or confidence >= MIN_CONFIDENCE:
        return language
    return None


def document_text(title: str, text: str) -> str:
    """What identification reads of a document: its title, then its text."""
    return f"{title}\n{text}".strip() if title else text


def is_read(language: str | None) -> bool:
    """Whether the rules read a document of this language (undetermined counts as English)."""
    return language is None or language == ENGLISH
