"""Extraction rules and lexicons as data: read from seeds/lexicons/*.toml, validated once.

Three files, each a list of entries with an id:
  lexicons.toml  [lexicon.name] words, examples       word lists, used in patterns as @name
  rules.toml     [[rule]]  id, label, pattern, ...    triggers of the four event types
  cues.toml      [[cue]]   id, label, scope, pattern, examples
                                                      negation, irrealis, hedges, stages
A malformed entry raises RulesError (pipelines.seedfile.SeedError) naming the file, the
line, the entry and the field.

Every cue and every lexicon carries `examples`: sentences of our own writing, each
marked "+ " (the cue applies / a word of the list occurs) or "- " (it does not), at
least one of each. tests/pipelines/extract/test_examples.py runs them all.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator
from sitrep.pipelines.extract.gate import LiteralGate
from sitrep.pipelines.normalize.text import lower_twin
from sitrep.pipelines.schemas import EVENT_TYPES
from sitrep.pipelines.seedfile import SeedError, error_at, read_toml, validate
from sitrep.pipelines.settings import REPO_ROOT

DEFAULT_SEEDS = REPO_ROOT / "seeds"
SLOTS = ("killed", "injured", "casualties", "captured", "troops")
CUE_LABELS = ("block", "hedge", "stage_offer", "stage_agreement", "stage_completed")
_MACRO = re.compile(r"@([a-z_][a-z0-9_]*)")
_NOT_AFTER_MACRO = re.compile(r"\(\?<!@([a-z_][a-z0-9_]*)\)")


# Rule or lexicon data that cannot be used: the one error type of seed files.
RulesError = SeedError


class TriggerRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    label: Literal["deployment", "capture", "casualty_report", "prisoner_exchange_offer"]
    pattern: str
    slot: Literal["killed", "injured", "casualties", "captured", "troops"] | None = None
    count: Literal["before", "after", "both", "none"] = "none"
    singular: bool = False
    needs: str | None = None  # a condition registered in match.NEED_CHECKS
    strong: bool = False
    overrides: bool = False  # its count replaces counts of the same field from other triggers
    # a casualty trigger that states a side's own losses ("lost 40 troops"): with no actor
    # stated, the actor is the other party of the document's conflict (roles.casualty_roles)
    side_losses: bool = False

    @field_validator("id")
    @classmethod
    def _id_is_dotted(cls, v: str) -> str:
        if not re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", v):
            raise ValueError(f"id {v!r} must look like 'type.name'")
        return v

    @model_validator(mode="after")
    def _side_losses_are_casualties(self) -> TriggerRule:
        if self.side_losses and self.label != "casualty_report":
            raise ValueError(f"side_losses is for casualty_report rules, not {self.label}")
        return self


def check_examples(examples: tuple[str, ...]) -> tuple[str, ...]:
    """At least one sentence that must fire ("+ ...") and one that must not ("- ...")."""
    for e in examples:
        if not re.match(r"[+-] \S", e):
            raise ValueError(f"example {e[:40]!r} must start with '+ ' (fires) or '- ' (does not)")
    if not any(e.startswith("+") for e in examples) or not any(e.startswith("-") for e in examples):
        raise ValueError("examples need at least one '+ ' sentence and one '- ' sentence")
    return examples


def split_examples(examples: tuple[str, ...]) -> list[tuple[str, bool]]:
    """(sentence, must fire) pairs of an examples list."""
    return [(e[2:], e.startswith("+")) for e in examples]


class Cue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    label: Literal[CUE_LABELS]  # type: ignore[valid-type]
    scope: Literal["before", "prefix", "after", "sentence", "document"]
    pattern: str
    applies_to: tuple[Literal["deployment", "capture", "casualty_report", "prisoner_exchange_offer"], ...] = EVENT_TYPES
    unless: str | None = None
    # a stage cue that settles the stage before the others are weighed (first in file order)
    decisive: bool = False
    # document kinds the cue does not read: a conflict-event coder's note ("note") has already
    # been judged political violence by its coder, so crime-context words do not rule it out
    not_in_kinds: tuple[Literal["article", "brief", "note", "headline"], ...] = ()
    examples: tuple[str, ...]

    @field_validator("examples")
    @classmethod
    def _examples_fire_and_not(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return check_examples(v)


class Lexicon(BaseModel):
    """One word list: the class it names (in a comment above it), its words, its examples."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    words: tuple[str, ...]
    examples: tuple[str, ...]

    @field_validator("words")
    @classmethod
    def _words_are_clean(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if not v:
            raise ValueError("the list is empty")
        for w in v:
            if not w.strip():
                raise ValueError("the list holds an empty entry")
        return v

    @field_validator("examples")
    @classmethod
    def _examples_fire_and_not(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return check_examples(v)


class LexiconFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lexicon: dict[str, Lexicon]

    @field_validator("lexicon")
    @classmethod
    def _names_are_clean(cls, v: dict[str, Lexicon]) -> dict[str, Lexicon]:
        for name in v:
            if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
                raise ValueError(f"lexicon name {name!r} must be lower_snake_case")
        return v


# Each regex is kept twice: as written, case-insensitive (the reference), and as a
# lower-cased twin without IGNORECASE, run on lower-cased text (normalize/text.lowered):
# re then compares characters directly, a third faster, with the same matches. `lower` is
# None where lower-casing a pattern could change what it matches (see lower_twin).


@dataclass(frozen=True)
class CompiledRule:
    spec: TriggerRule
    regex: re.Pattern
    lower: re.Pattern | None = None


@dataclass(frozen=True)
class CompiledCue:
    spec: Cue
    regex: re.Pattern
    unless: re.Pattern | None
    index: int = 0  # position in Rules.cues (and in the cue gate)
    lower: re.Pattern | None = None
    unless_lower: re.Pattern | None = None


@dataclass(frozen=True)
class Rules:
    """Everything extraction reads, compiled once."""

    triggers: tuple[CompiledRule, ...]
    cues: tuple[CompiledCue, ...]
    lexicons: dict[str, tuple[str, ...]]
    words: dict[str, re.Pattern]  # each lexicon as one regex; a word glued to "-" ("rebel-held") is no match
    alternations: dict[str, str]  # each lexicon as a bare (?:a|b|...) group, to build further patterns
    gazetteer: object | None = None  # pipelines.normalize.countries.CountryGazetteer (roles read it)
    # literal pre-filters (gate.py) over the trigger regexes, the cue regexes (in `cues`
    # order) and the document-scope cue regexes (in `document_cues` order)
    gate: LiteralGate | None = None
    cue_gate: LiteralGate | None = None
    document_gate: LiteralGate | None = None
    lexicon_examples: dict[str, tuple[str, ...]] | None = None  # examples of each lexicon (tests run them)
    # what a mechanism builds from the lexicons, once per Rules on first use (the clause patterns of
    # match/clauses.py, the count pattern of normalize/numbers.py); a Rules made by replace() starts empty
    built: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    def rule_spec(self, rule_id: str) -> TriggerRule | None:
        """The trigger rule of an id (a row's rule_id), or None."""
        by_id: dict[str, TriggerRule] | None = self.built.get("rule_specs")  # type: ignore[assignment]
        if by_id is None:
            by_id = self.built["rule_specs"] = {t.spec.id: t.spec for t in self.triggers}
        return by_id.get(rule_id)

    @property
    def document_cues(self) -> tuple[CompiledCue, ...]:
        return self._document_cues  # type: ignore[attr-defined]

    def __post_init__(self) -> None:
        table: dict[tuple[str, str], tuple[CompiledCue, ...]] = {}
        for etype in EVENT_TYPES:
            for label in CUE_LABELS:
                table[etype, label] = tuple(c for c in self.cues if c.spec.label == label and etype in c.spec.applies_to)
        object.__setattr__(self, "_cue_table", table)
        # asked for by every document that reaches a document-scope cue: made once here
        object.__setattr__(self, "_document_cues", tuple(c for c in self.cues if c.spec.scope == "document"))

    def pattern(self, template: str) -> re.Pattern:
        """`template`, a regex whose @name parts are lexicons (see expand), compiled
        case-insensitively once per Rules: a later call with the same template is one dict
        look-up (Rules holds dicts, so it cannot key a functools cache itself)."""
        patterns: dict[str, re.Pattern] | None = self.built.get("patterns")  # type: ignore[assignment]
        if patterns is None:
            patterns = self.built["patterns"] = {}
        try:
            return patterns[template]
        except KeyError:
            try:
                compiled = re.compile(expand(template, self.lexicons, self.alternations), re.IGNORECASE)
            except KeyError as exc:
                raise RulesError(f"pattern {template!r}: unknown lexicon @{exc.args[0]}") from None
            patterns[template] = compiled
            return compiled

    def cues_for(self, event_type: str, label: str, possible: Collection[int] | None = None) -> tuple[CompiledCue, ...]:
        """The cues of a label for an event type; `possible`: only those with these indices."""
        cues = self._cue_table[event_type, label]  # type: ignore[attr-defined]
        if possible is None:
            return cues
        return tuple(c for c in cues if c.index in possible)


RULE_FILES = ("lexicons.toml", "rules.toml", "cues.toml")


def rule_sources(seeds_dir: Path) -> list[Path]:
    """The files load_rules reads."""
    return [Path(seeds_dir) / "lexicons" / name for name in RULE_FILES]


def load_rules(seeds_dir: Path = DEFAULT_SEEDS, gazetteer=None) -> Rules:
    """Read, validate and compile seeds/lexicons/{lexicons,rules,cues}.toml; `gazetteer`
    (a CountryGazetteer, see pipelines.resources) is the one roles will read."""
    seeds_dir = Path(seeds_dir)
    lex_dir = seeds_dir / "lexicons"
    lexicon_specs = _load_lexicons(lex_dir / "lexicons.toml")
    lexicons = {name: list(spec.words) for name, spec in lexicon_specs.items()}
    alternations = {name: _grouped_words(words, lower_case_only=True) or _alternation(words) for name, words in lexicons.items()}
    triggers = []
    from sitrep.pipelines.extract.match import NEED_CHECKS  # the registry of `needs` conditions

    for spec in load_entries(lex_dir / "rules.toml", "rule", TriggerRule):
        if spec.needs is not None and spec.needs not in NEED_CHECKS:
            raise RulesError(
                f"{lex_dir / 'rules.toml'}: rule {spec.id!r}: unknown needs {spec.needs!r}; known: {sorted(NEED_CHECKS)}"
            )
        regex = _compile(spec.pattern, alternations, lex_dir / "rules.toml", spec.id, lexicons)
        triggers.append(CompiledRule(spec, regex, lower_twin(regex)))
    cues = []
    for index, spec in enumerate(load_entries(lex_dir / "cues.toml", "cue", Cue)):
        regex = _compile(spec.pattern, alternations, lex_dir / "cues.toml", spec.id, lexicons)
        unless = _compile(spec.unless, alternations, lex_dir / "cues.toml", spec.id, lexicons) if spec.unless else None
        cues.append(CompiledCue(spec, regex, unless, index, lower_twin(regex), lower_twin(unless) if unless else None))
    words = {
        name: re.compile(rf"\b{_grouped_words(lexicons[name], lower_case_only=False) or alt}\b(?!-)", re.IGNORECASE)
        for name, alt in alternations.items()
    }
    return Rules(
        triggers=tuple(triggers),
        cues=tuple(cues),
        lexicons={k: tuple(v) for k, v in lexicons.items()},
        words=words,
        alternations=alternations,
        gazetteer=gazetteer,
        gate=LiteralGate([t.regex for t in triggers]),
        cue_gate=LiteralGate([c.regex for c in cues]),
        document_gate=LiteralGate([c.regex for c in cues if c.spec.scope == "document"]),
        lexicon_examples={name: spec.examples for name, spec in lexicon_specs.items()},
    )


def _load_lexicons(path: Path) -> dict[str, Lexicon]:
    seed = read_toml(path)
    return validate(LexiconFile, seed.data, seed).lexicon


def load_entries(path: Path, key: str, model: type[BaseModel]) -> list:
    """A seed file of [[key]] tables, each validated as `model` and with a unique id."""
    seed = read_toml(path)
    unknown = set(seed.data) - {key}
    if unknown:
        raise error_at(seed, (sorted(unknown)[0],), f"unknown top-level keys {sorted(unknown)}; expected [[{key}]] tables")
    entries, seen = [], set()
    for n, raw in enumerate(seed.data.get(key, [])):
        name = raw.get("id", f"#{n + 1}") if isinstance(raw, dict) else f"#{n + 1}"
        entry = validate(model, raw, seed, (key, n), f"{key} {name!r}")
        if entry.id in seen:
            raise error_at(seed, (key, n), "duplicate id", f"{key} {entry.id!r}")
        seen.add(entry.id)
        entries.append(entry)
    if not entries:
        raise SeedError(f"{path}: no [[{key}]] entries")
    return entries


def _alternation(words: list[str]) -> str:
    parts = sorted({w.strip() for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts) + ")"


_PLAIN_LOWER_WORDS = re.compile(r"[a-z0-9'’.\-]+(?: [a-z0-9'’.\-]+)*")


def _grouped_words(words: list[str], lower_case_only: bool) -> str | None:
    """A lexicon as one group sharing first letters (grouped_alternation), where that finds the
    same words as the flat alternation, longest first along the text, trying only the words
    that start with the letter at hand ("person", 363 words, matched about ten times faster);
    None where it might not. Words outside plain ASCII, or with a run of whitespace, are never
    grouped: lower-casing or \\s+ could change them. `lower_case_only`, for the alternation @name
    puts into patterns (some case-sensitive): also none for an empty lexicon or one with
    capitals or other characters than lower-case letters, digits, ' ’ . -."""
    stripped = [w.strip() for w in words]
    if not all(w.isascii() and not re.search(r"\s\s|[^\S ]", w) for w in stripped):
        return None
    if lower_case_only and not (stripped and all(_PLAIN_LOWER_WORDS.fullmatch(w) for w in stripped)):
        return None
    return grouped_alternation(words)


def grouped_alternation(words: Collection[str], guards: dict[str, str] | None = None) -> str:
    """`words` as one regex group whose alternatives share their first letters, lower-cased
    for an IGNORECASE pattern: ["when", "where", "while"] gives "(?:wh(?:e(?:n|re)|ile))".

    For a list matched at every position of a text (clause breaks): `re` tries each alternative
    of a flat group at every character, a grouped one only where the first letter agrees.
    `guards` puts a pattern right after a word (a lookahead or lookbehind: "as" not in "as
    many"). Between \\b boundaries the matches are those of the flat group, one word matching at a
    position; spaces match any whitespace, as in a lexicon's alternation."""
    guards = guards or {}
    trie: dict = {}
    for word in {w.strip().lower() for w in words}:
        node = trie
        for unit in re.split(r"(\s+)", word):
            for part in [r"\s+"] if unit.isspace() else [re.escape(c) for c in unit]:
                node = node.setdefault(part, {})
        node[None] = guards.get(word, "")
    return "(?:" + "|".join(_branches(trie)) + ")"


def _grouped(node: dict) -> str:
    """The regex of a trie node: its branches, then the word ending here (with its guard)."""
    branches = _branches(node)
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _branches(node: dict) -> list[str]:
    branches = []
    for part in sorted(k for k in node if k is not None):
        child, prefix = node[part], part
        while len(child) == 1 and None not in child:  # a chain of single letters: one literal
            (part, child), = child.items()
            prefix += part
        branches.append(prefix + _grouped(child))
    if None in node:
        branches.append(node[None])
    return branches


def expand(pattern: str, lexicons: Mapping[str, Collection[str]], alternations: Mapping[str, str]) -> str:
    """`pattern` with each @name replaced by that lexicon's alternation, and each `(?<!@name)`
    by one negative look-behind per word of it: re's look-behinds are fixed-width, so the words
    of a list cannot share one (in a look-behind a space is one space). KeyError: an unknown name."""
    def not_after(m: re.Match) -> str:
        return "".join(f"(?<!{re.escape(w)})" for w in sorted({w.strip() for w in lexicons[m.group(1)]}))

    pattern = _NOT_AFTER_MACRO.sub(not_after, pattern)
    return _MACRO.sub(lambda m: alternations[m.group(1)], pattern)


def _compile(pattern: str, alternations: dict[str, str], path: Path, entry_id: str, lexicons: Mapping[str, Collection[str]]) -> re.Pattern:
    try:
        return re.compile(expand(pattern, lexicons, alternations), re.IGNORECASE)
    except KeyError as exc:
        raise RulesError(f"{path}: entry {entry_id!r}: unknown lexicon @{exc.args[0]}") from None
    except re.error as exc:
        raise RulesError(f"{path}: entry {entry_id!r}: bad regex: {exc}") from None
