"""Trigger rules matched on tokens (spaCy's `PhraseMatcher` over `spacy.blank("en")`'s
tokenizer, no model): the alternative to the regexes for the event types `Settings.token_trigger_types`
names (issue #15; docs/MATCHER.md has the trial and its figures).

The token patterns are not written by hand: they are read off the same seed regexes
(rules.toml). A rule's regex is expanded into every word sequence it can match, which is
possible where it is a finite alternation of literal words (deployment's four rules are);
each sequence, tokenized like the text, becomes one PhraseMatcher pattern on the tokens'
lower case, under the rule's index. A rule whose regex is not such an alternation (lookarounds,
`\\S+` gaps, repeats) cannot be matched on tokens, and load_rules refuses it by name.

spaCy is imported only when a rule is matched on tokens: the regex path does not need it.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from re import _constants as C  # noqa: N812, I001
from re import _parser as sre_parse

_MAX_SPELLINGS = 512  # a rule expands to at most this many word sequences
_SPACE = " "  # stands for a required whitespace run (\s+) while spellings are built


class NotTokenPattern(ValueError):
    """A regex that is not a finite alternation of words, so has no token-pattern form."""


def regex_spellings(regex: re.Pattern) -> set[str]:
    """Every text the regex can match, with one space for each whitespace run, lower-cased;
    word boundaries (\\b) are left to the tokenizer. Raises NotTokenPattern where the set is
    not finite or not small."""
    tree = sre_parse.parse(regex.pattern, regex.flags)
    return {s.lower() for s in _sequence(list(tree))}


def _sequence(items: Sequence) -> set[str]:
    out = {""}
    for op, av in items:
        found = _node(op, av)
        if len(out) * len(found) > _MAX_SPELLINGS:
            raise NotTokenPattern("too many spellings")
        out = {a + b for a in out for b in found}
    return out


def _node(op, av) -> set[str]:
    if op is C.LITERAL:
        return {chr(av)}
    if op is C.AT and av is C.AT_BOUNDARY:
        return {""}  # a token edge: the tokenizer puts one wherever a word ends
    if op is C.IN:
        chars: set[str] = set()
        for o, a in av:
            if o is C.LITERAL:
                chars.add(chr(a))
            elif o is C.CATEGORY and a is C.CATEGORY_SPACE:
                chars.add(_SPACE)
            else:
                raise NotTokenPattern(f"character class member {o}")
        return chars
    if op is C.SUBPATTERN:
        return _sequence(list(av[3]))
    if op is C.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            out |= _sequence(list(branch))
        return out
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, high, sub = av
        if low == 0 and high == 1:  # optional: "build-?up"
            return _sequence(list(sub)) | {""}
        if low == 1 and len(sub) == 1 and _node(*sub[0]) == {_SPACE}:  # \s+
            return {_SPACE}
    raise NotTokenPattern(f"regex node {op}")


def _tokens_of(spelling: str, tokenizer) -> list[str]:
    return [t.lower_ for t in tokenizer(spelling) if not t.is_space]


class TokenTriggers:
    """The token sequences of the trigger rules matched on tokens, by rule index (the
    position in Rules.triggers, as the gate counts), and spaCy's PhraseMatcher over them on
    the tokens' lower case. The sequences are plain data; the tokenizer and the matcher are
    built on first use and not pickled, so Rules can still be sent to worker processes.

    A PhraseMatcher, not a Matcher: the same sequences as one `Matcher` pattern each took
    about 0.5 ms per sentence (docs/MATCHER.md), the PhraseMatcher's hash lookup about 5 µs."""

    def __init__(self, rules: Sequence, types: Collection[str]):
        self.types = frozenset(types)
        self.indices = frozenset(i for i, r in enumerate(rules) if r.spec.label in self.types)
        tokenizer = _blank().tokenizer
        sequences: dict[int, list[tuple[str, ...]]] = {}
        for i in sorted(self.indices):
            rule = rules[i]
            try:
                spellings = regex_spellings(rule.regex)
            except NotTokenPattern as exc:
                raise NotTokenPattern(f"rule {rule.spec.id!r} cannot be matched on tokens: {exc}") from None
            sequences[i] = sorted({seq for seq in (tuple(_tokens_of(s, tokenizer)) for s in spellings) if seq})
        self.sequences = sequences
        self._nlp = self._matcher = None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_nlp": None, "_matcher": None}

    def _ready(self):
        if self._matcher is None:
            from spacy.matcher import PhraseMatcher
            from spacy.tokens import Doc

            nlp = _blank()
            matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
            for i, seqs in self.sequences.items():
                matcher.add(str(i), [Doc(nlp.vocab, words=list(seq)) for seq in seqs])
            self._nlp, self._matcher = nlp, matcher
        return self._nlp, self._matcher

    def spans(self, text: str, only: Collection[int] | None = None) -> list[tuple[int, int, int]]:
        """(rule index, start, end) character spans of the token matches in `text`; `only`:
        the rule indices worth trying (the gate's pick; None: all). Text in which none of
        them is possible is not even tokenized."""
        wanted = self.indices if only is None else self.indices & frozenset(only)
        if not wanted:
            return []
        nlp, matcher = self._ready()
        doc = nlp.make_doc(text)
        words = doc
        if _SPACE_TOKENS.search(text):
            # a second space or a line break is a token of its own, which the sequences do not
            # hold; the regexes' \s+ allows any run, so match on the words alone
            from spacy.tokens import Doc

            words = [t for t in doc if not t.is_space]
            doc = Doc(nlp.vocab, words=[t.text for t in words])
        strings = nlp.vocab.strings
        found = []
        for key, start, end in matcher(doc):
            i = int(strings[key])
            if i in wanted:
                last = words[end - 1]
                found.append((i, words[start].idx, last.idx + len(last)))
        return found


# Where spaCy's tokenizer makes whitespace tokens: any whitespace but a single space between
# words (it splits on " " alone), or a space at the start.
_SPACE_TOKENS = re.compile(r"^\s|\s\s|[^\S ]")


def _blank():
    try:
        import spacy
    except ImportError:
        raise ImportError(
            "token_trigger_types needs spaCy: pip install -c constraints.txt -e '.[tokens]'"
        ) from None
    return spacy.blank("en")
