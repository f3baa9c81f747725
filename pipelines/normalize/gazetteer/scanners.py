"""The two scanners of gazetteer keys in folded text: an Aho-Corasick automaton over
word-marked text (the fast one) and a trie-shaped regex (the reference it is tested against)."""
from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick
from sitrep.pipelines.normalize.text import marked_key


def trie_regex(keys: Iterable[str]) -> str:
    """A regex matching any of `keys` (lower case), shaped as a trie.

    A flat alternation of ~10k literals makes `re` try every branch at every
    position; the trie shape lets it follow one branch per character.
    Spaces inside a key match any run of whitespace.
    """
    trie: dict = {}
    for k in keys:
        node = trie
        for ch in k:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = []
        for ch in sorted(c for c in node if c):
            piece = r"\s+" if ch == " " else re.escape(ch)
            branches.append(piece + build(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            # Greedy optional: the longer surface is tried first.
            return "(?:" + body + ")?"
        return body

    return build(trie)


def _fits(text: str, start: int, fixed: tuple[tuple[int, str], ...]) -> bool:
    """The key's non-word characters are there (a space in a key stands for any whitespace)."""
    for i, ch in fixed:
        got = text[start + i]
        if not (got.isspace() if ch == " " else got == ch):
            return False
    return True


def word_automaton(keys: Iterable[str]) -> ahocorasick.Automaton | None:
    """An Aho-Corasick automaton of the keys in word-marked form (normalize/text.py).

    A mark matches any non-word character, so keys differing only there ("al-shabab",
    "al shabab") share a marked form; it maps to its length (leading mark included) and,
    for each such key, the non-word characters the key needs at which offsets."""
    spellings: dict[str, list[tuple[tuple[int, str], ...]]] = {}
    for k in keys:
        fixed = tuple((i, ch) for i, ch in enumerate(k) if not (ch.isalnum() or ch == "_"))
        spellings.setdefault(marked_key(k), []).append(fixed)
    if not spellings:
        return None
    automaton = ahocorasick.Automaton()
    for marked, fixes in spellings.items():
        # None: a key of word characters only, the automaton's match is the whole check
        automaton.add_word(marked, (len(marked), None if fixes == [()] else tuple(fixes)))
    automaton.make_automaton()
    return automaton


def automaton_spans(automaton: ahocorasick.Automaton, folded: str, marked: str) -> list[tuple[int, int]]:
    """Where the automaton's keys occur in `folded` (`marked`: its word-marked form): leftmost
    first, the longest at each start, not overlapping, not inside a word."""
    longest: dict[int, int] = {}
    n = len(folded)
    for last, (length, fixes) in automaton.iter(marked):
        # `marked` holds one extra mark in front, so index `last` of it ends folded[:last]
        start, end = last + 1 - length, last
        if end < n and (folded[end].isalnum() or folded[end] in "_$"):
            continue
        # the marks stood for any non-word character: does one key want these ones?
        if fixes is not None and not any(_fits(folded, start, fixed) for fixed in fixes):
            continue
        if end > longest.get(start, -1):
            longest[start] = end
    out, cursor = [], 0
    for start in sorted(longest):
        if start >= cursor:
            out.append((start, longest[start]))
            cursor = longest[start]
    return out
