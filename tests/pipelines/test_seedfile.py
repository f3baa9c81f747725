"""The one loader of seed files: every bad file is named with its line, entry and field."""
from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict
from sitrep.pipelines.seedfile import SeedError, line_of, load_seed, read_toml, validate

TEXT = """\
# a comment
[settings]
limit = 3

[[rule]]
id = "a.one"
pattern = "x"

[[rule]]
id = "a.two"
pattern = "y"
"""


@pytest.mark.parametrize(
    ("loc", "line"),
    [
        (("settings",), 2),
        (("settings", "limit"), 3),
        (("rule", 0), 5),
        (("rule", 1), 9),
        (("rule", 1, "pattern"), 11),
        (("rule", 0, "pattern"), 7),
        (("rule", 5, "pattern"), None),  # no sixth rule: the line cannot be told
        (("missing",), None),
    ],
)
def test_line_of_finds_the_line_a_value_is_written_on(loc, line):
    assert line_of(TEXT, loc) == line


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    pattern: str


class Rules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    settings: dict
    rule: list[Rule]


def test_an_invalid_entry_names_file_line_entry_and_field(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text(TEXT.replace('pattern = "y"', "pattern = 7"), encoding="utf-8")
    seed = read_toml(path)
    with pytest.raises(SeedError, match=r"rules\.toml:11: rule 'a\.two': field pattern: Input should be a valid string"):
        validate(Rule, seed.data["rule"][1], seed, ("rule", 1), "rule 'a.two'")
    with pytest.raises(SeedError, match=r"rules\.toml:11: field rule\.1\.pattern"):
        load_seed(path, Rules)


def test_a_file_that_is_not_toml_names_its_line(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text(TEXT + "\nthis is = = not toml\n", encoding="utf-8")
    with pytest.raises(SeedError, match=r"rules\.toml:13: not valid TOML"):
        read_toml(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(SeedError, match=r"nowhere\.toml: file not found"):
        read_toml(tmp_path / "nowhere.toml")


def test_a_good_file_loads_as_its_model(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text(TEXT, encoding="utf-8")
    assert [r.id for r in load_seed(path, Rules).rule] == ["a.one", "a.two"]
