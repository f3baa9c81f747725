"""Text folding: the lookup key of a surface, and the typographic and ASCII folds that give
other spellings of one name."""
from __future__ import annotations

import re
import unicodedata

# Straight quotes and hyphens for their typographic twins, one char for one char
# so that match offsets in the folded text are offsets in the original.
_FOLD_PAIRS = (("’", "'"), ("‘", "'"), ("`", "'"), ("–", "-"), ("—", "-"), ("‐", "-"), ("‑", "-"), ("\u00a0", " "))


def fold(text: str) -> str:
    """Typographic quotes and dashes to ASCII, same length."""
    # str.replace per pair: each a fast scan, where translate() looks up every character
    for typographic, plain in _FOLD_PAIRS:
        if typographic in text:
            text = text.replace(typographic, plain)
    return text


_NEEDS_FOLD = re.compile(r"[^\x21-\x5f\x61-\x7e ]|\s\s|^\s|\s$")


def key(surface: str) -> str:
    """Lookup key of a surface: folded, lower case, single spaces."""
    if _NEEDS_FOLD.search(surface) is None:
        return surface.lower()  # fast path: most names need no folding
    return " ".join(fold(surface).lower().split())


def ascii_fold(text: str) -> str:
    """Drop diacritics ("Ségou" -> "Segou") for a second spelling of a name."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


