"""The word lists of the text roles: validated when loaded, and each list's own examples hold."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitrep.pipelines.extract import attribution, locations
from sitrep.pipelines.extract.roles import country_mentions
from sitrep.pipelines.extract.rules import DEFAULT_SEEDS, RulesError
from sitrep.pipelines.extract.wordlists import load_wordlists

FILES = ("locations", "attribution")


def _examples():
    for name in FILES:
        for entry in load_wordlists(DEFAULT_SEEDS, name).entries.values():
            for n, ex in enumerate(entry.examples):
                yield pytest.param(name, ex, id=f"{name}.{entry.id}.{n}")


def _read(name: str, ex, resources) -> str | None:
    """The field the example pins, read from its text as a document of sentences split at '. '."""
    sentences = re.split(r"(?<=[.!?])\s+", ex.text.strip())
    last = len(sentences) - 1
    if name == "locations":
        places = [country_mentions(s, resources.rules) for s in sentences]
        doc = locations.DocumentPlaces(sentences, places, resources.place_words)
        return doc.location(last, 0, ex.event_type)
    doc = attribution.DocumentSources(sentences, resources.source_words)
    return doc.reported_by(last, 0, ex.headline)


@pytest.mark.parametrize(("name", "example"), list(_examples()))
def test_word_list_example_gives_its_expected_value(name, example, resources):
    assert (_read(name, example, resources) or "") == example.expect


def _write(tmp_path: Path, name: str, body: str) -> Path:
    (tmp_path / "lexicons").mkdir(exist_ok=True)
    (tmp_path / "lexicons" / f"{name}.toml").write_text(body, encoding="utf-8")
    return tmp_path


def test_list_without_a_non_firing_example_is_refused(tmp_path):
    seeds = _write(tmp_path, "extra", '[[list]]\nid = "x"\nabout = "a"\nwords = ["in"]\nexamples = [{ text = "t", expect = "v" }, { text = "u", expect = "w" }]\n')
    with pytest.raises(RulesError, match="must not"):
        load_wordlists(seeds, "extra")


def test_list_with_unknown_key_is_refused(tmp_path):
    seeds = _write(tmp_path, "extra", '[[list]]\nid = "x"\nabout = "a"\nwords = ["in"]\nregex = "y"\nexamples = [{ text = "t", expect = "v" }, { text = "u", expect = "" }]\n')
    with pytest.raises(RulesError, match="list 'x'"):
        load_wordlists(seeds, "extra")


def test_file_missing_a_list_the_mechanism_needs_is_refused(tmp_path):
    seeds = _write(tmp_path, "locations", '[[list]]\nid = "locative"\nabout = "a"\nwords = ["in"]\nexamples = [{ text = "t", expect = "v" }, { text = "u", expect = "" }]\n')
    with pytest.raises(RulesError, match="missing lists"):
        load_wordlists(seeds, "locations")
