"""Word-marked text: lower case, one mark per non-word character, offsets kept."""
from __future__ import annotations

import pytest
from sitrep.pipelines.normalize.text import MARK, lowered, marked_literal, word_marked


@pytest.mark.parametrize(
    ("text", "strict", "expected"),
    [
        ("Two Killed.", True, "_two_killed_"),
        # typographic quotes and dashes are non-word characters too
        ("Kyiv’s troops—again", True, "_kyiv_s_troops_again"),
        # letters with diacritics stay letters, lower-cased
        ("Ségou ÉTAT", True, "_ségou_état"),
        # the dotted capital I lower-cases to two characters: mapped to "i" first
        ("İmamoğlu", True, "_imamoğlu"),
        # a whitespace run is refused in strict mode (a key's single space could not span it)
        ("North  Korea", True, None),
        ("North  Korea", False, "_north__korea"),
    ],
)
def test_word_marked(text, strict, expected):
    got = word_marked(text, strict=strict)
    assert (None if got is None else got.replace(MARK, "_")) == expected
    if got is not None:
        assert len(got) == len(text) + 1


def test_end_mark_and_literals():
    assert word_marked("war", end=True) == f"{MARK}war{MARK}"
    assert marked_literal("Don't") == f"don{MARK}t"
    assert lowered("KELVIN \u212a") == "kelvin k"
