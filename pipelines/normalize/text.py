"""Text in the forms the literal scanners (Aho-Corasick automata) read, offsets kept.

Python's `re` with IGNORECASE lets four non-ASCII letters match ASCII ones; mapping them
before lower-casing makes a literal scan find whatever such a regex could find. (U+0130 is
the one letter whose lower case is two characters long: it becomes "i".)
"""
from __future__ import annotations

import re

_IGNORECASE_EXTRAS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_HAS_EXTRAS = re.compile("[\u0130\u0131\u017f\u212a]")
_NON_WORD = re.compile(r"\W")
_NON_ASCII_NON_WORD = re.compile(r"[^\x00-\x7f\w]")
_WHITESPACE_RUN = re.compile(r"\s\s")

# Stands for any character `\w` does not match, in word-marked text.
MARK = "\x00"


def lowered(text: str) -> str | None:
    """`text` lower-cased the way IGNORECASE compares letters, same length; None if it cannot be."""
    if not text.isascii() and _HAS_EXTRAS.search(text):
        text = text.translate(_IGNORECASE_EXTRAS)
    low = text.lower()
    return low if len(low) == len(text) else None


# For ASCII text one bytes.translate does lower-casing and marking at once (~1 GB/s).
_ASCII_MARKED = bytes(
    ord(c.lower()) if (c.isalnum() or c == "_") else ord(MARK) for c in map(chr, range(128))
) + bytes(range(128, 256))


def word_marked(text: str, strict: bool = True, end: bool = False) -> str | None:
    """MARK, then `text` lower-cased with every non-word character turned into MARK.

    A literal "MARK + key" then only matches where `(?<!\\w)key` could: at a word start.
    None where the text cannot be marked faithfully: case folding would move offsets, or
    (strict) a run of whitespace that `\\s+` in a key would span. end: a MARK at the end
    too, standing for the end of the text."""
    if strict and _WHITESPACE_RUN.search(text):
        return None
    tail = MARK if end else ""
    if text.isascii():
        return MARK + text.encode("ascii").translate(_ASCII_MARKED).decode("ascii") + tail
    low = lowered(text)
    if low is None:
        return None
    # ASCII characters through the bytes table, then the (few) non-ASCII non-word ones
    ascii_done = low.encode("utf-8").translate(_ASCII_MARKED).decode("utf-8")
    return MARK + _NON_ASCII_NON_WORD.sub(MARK, ascii_done) + tail


def marked_literal(text: str) -> str:
    """A literal (or key) lower-cased with its non-word characters turned into MARK."""
    return _NON_WORD.sub(MARK, lowered(text) or text.lower())


def marked_key(key: str) -> str:
    """The form of a lower-case key that `word_marked` text holds where the key occurs."""
    return MARK + marked_literal(key)


def twin(regex: re.Pattern, lower: re.Pattern | None, text: str, low: str | None) -> tuple[re.Pattern, str]:
    """The lower-cased twin (lower_twin) and the lower-cased text where both are there, else
    `regex` and `text` as written: the pair to match, the same spans either way."""
    return (lower, low) if lower is not None and low is not None else (regex, text)


def twin_of(regex: re.Pattern, lower: re.Pattern | None, text: str) -> tuple[re.Pattern, str]:
    """twin(), lowering `text` here (only where there is a twin to match it with)."""
    return twin(regex, lower, text, lowered(text) if lower is not None else None)


_CLASS_RANGE = re.compile(r"(?<!\\)(\w)-(\w)")
_GROUP_NAME = re.compile(r"\(\?P[<=]\w+[>)]")


def lower_twin(regex: re.Pattern) -> re.Pattern | None:
    """`regex` (IGNORECASE) lower-cased for lower-cased text, or None where that is not safe.

    Everything but the character after a backslash is lower-cased (`\S` stays `\S`). Not
    safe, so refused: a character range crossing cases or kinds (`[A-z]` also holds `_`), a
    named character, inline flags. Group names stay as written, and so do the other flags
    (VERBOSE)."""
    pattern = regex.pattern
    if not regex.flags & re.IGNORECASE or "\\N{" in pattern or "(?" + "i" in pattern or "(?-" in pattern:
        return None
    for a, b in _CLASS_RANGE.findall(pattern):
        same_kind = (a.isdigit() and b.isdigit()) or (a.isalpha() and b.isalpha() and a.isupper() == b.isupper())
        if not same_kind:
            return None
    out, i = [], 0
    while i < len(pattern):
        name = _GROUP_NAME.match(pattern, i)
        if name:
            out.append(name.group())
            i = name.end()
            continue
        if pattern[i] == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        out.append(pattern[i].lower())
        i += 1
    try:
        return re.compile("".join(out), regex.flags & ~re.IGNORECASE)
    except re.error:
        return None
