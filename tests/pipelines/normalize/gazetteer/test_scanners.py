"""The two scanners of gazetteer keys agree: the Aho-Corasick automaton and the trie regex."""
from __future__ import annotations

import re

import pytest
from sitrep.pipelines.normalize.gazetteer.folding import ascii_fold, fold, key
from sitrep.pipelines.normalize.gazetteer.scanners import automaton_spans, trie_regex, word_automaton
from sitrep.pipelines.normalize.text import word_marked

KEYS = ["al-shabab", "al shabab", "mali", "bamako", "south sudan", "sudan"]


def regex_spans(text: str) -> list[tuple[int, int]]:
    pattern = re.compile(r"(?<![\w])(?:" + trie_regex(sorted(KEYS)) + r")(?![\w$])", re.IGNORECASE)
    return [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Al-Shabab fighters left Bamako, Mali.", ["Al-Shabab", "Bamako", "Mali"]),
        ("Malian troops met al shabab envoys.", ["al shabab"]),  # not inside "Malian"
        ("Refugees from South Sudan reached Sudan.", ["South Sudan", "Sudan"]),  # the longest at a start
        ("al_shabab and al/shabab are other words.", []),  # the key's own non-word characters only
    ],
)
def test_automaton_and_trie_regex_find_the_same_keys(text, expected):
    folded = fold(text)
    found = automaton_spans(word_automaton(KEYS), folded, word_marked(folded))
    assert [folded[a:b] for a, b in found] == expected
    assert found == regex_spans(folded)


def test_folding_keeps_offsets_and_gives_plain_spellings():
    text = "Côte d’Ivoire – Ségou"
    assert len(fold(text)) == len(text)
    assert fold(text) == "Côte d'Ivoire - Ségou"
    assert key("  Côte  d’Ivoire ") == "côte d'ivoire"
    assert ascii_fold("Ségou") == "Segou"
