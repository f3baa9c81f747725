"""A literal pre-filter in front of the trigger and cue regexes.

Most sentences of news text trigger nothing, and proving that with dozens of regexes per
sentence was most of the extractor's time. Each regex is read once (its parse tree, from
the standard library's own regex parser) for a set of literal strings at least one of
which every match must contain: `\\b(?:kill|killed)\\b` needs "kill" or "killed" as whole
words, `prisoners?\\s+swap` needs "prisoner" or "prisoners" followed by a non-word
character (the most selective literal of each sequence is kept). Texts are scanned in
word-marked form (normalize/text.py: lower case, every non-word character one mark), so
word boundaries are part of the literals. One Aho-Corasick pass (pyahocorasick) over a
sentence then says which regexes can match in it; the others are not run.

The gate is exact, not a heuristic: a regex is skipped only where it cannot match. One
whose parse tree yields no literal is always run.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from operator import itemgetter

# The standard library's own regex parser (the public sre_parse alias is deprecated). Its
# tree format may change between Python minor versions; tests/pipelines/extract/test_gate.py
# compares gated and ungated extraction, so a change would show there.
from re import _constants as C  # noqa: N812, I001
from re import _parser as sre_parse

import ahocorasick
from sitrep.pipelines.normalize.text import MARK, lowered, marked_literal

_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
_MAX_SPELLINGS = 256  # a literal run expands to at most this many spellings
_WORD = re.compile(r"\w")


def _is_word(ch: str) -> bool:
    return bool(_WORD.match(ch))


# ------------------------------------------------------------------ required literals


def required_literals(pattern: str | re.Pattern) -> frozenset[str] | None:
    """Strings at least one of which occurs, in word-marked form, wherever `pattern` matches
    (MARK at an edge: a non-word character or the end of the text there); None when no such
    set can be read off the pattern."""
    if isinstance(pattern, re.Pattern):
        pattern, flags = pattern.pattern, pattern.flags
    else:
        flags = 0
    tree = sre_parse.parse(pattern, flags)
    return _sequence(list(tree), bool(tree.state.flags & re.IGNORECASE))


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two candidate sets: longer shortest member, then fewer members."""
    if a is None:
        return b
    if b is None:
        return a
    key_a = (min(map(len, a)), -len(a))
    key_b = (min(map(len, b)), -len(b))
    # on a tie the later one: English puts function words first ("have been sent")
    return b if key_b >= key_a else a


def _literal_char(op, av) -> str | None:
    if op is C.LITERAL:
        return chr(av)
    if op is C.IN and av and all(o is C.LITERAL for o, _ in av):
        # a class like [Pp]: one letter once lower-cased
        chars = {lowered(chr(v)) or chr(v) for _, v in av}
        if len(chars) == 1:
            return chars.pop()
    return None


def _non_word_only(op, av) -> bool:
    """A node that consumes at least one character, none of them a word character."""
    if op is C.IN:
        return all(
            (o is C.CATEGORY and a is C.CATEGORY_SPACE) or (o is C.LITERAL and not _is_word(chr(a))) for o, a in av
        )
    if op is C.LITERAL:
        return not _is_word(chr(av))
    if op in _REPEATS:
        low, _high, sub = av
        return low >= 1 and len(sub) == 1 and _non_word_only(*sub[0])
    return False


def _spellings(op, av) -> set[str] | None:
    """Every string a node can match, if it matches only finitely many literal strings."""
    ch = _literal_char(op, av)
    if ch is not None:
        return {ch}
    if op is C.SUBPATTERN:
        return _all_spellings(list(av[3]))
    if op is C.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            found = _all_spellings(list(branch))
            if found is None:
                return None
            out |= found
        return out if len(out) <= _MAX_SPELLINGS else None
    if op in _REPEATS and av[0] == 0 and av[1] == 1:  # optional: "prisoners?"
        found = _all_spellings(list(av[2]))
        return None if found is None else found | {""}
    return None


def _all_spellings(items: Sequence) -> set[str] | None:
    out = {""}
    for op, av in items:
        found = _spellings(op, av)
        if found is None or len(out) * len(found) > _MAX_SPELLINGS:
            return None
        out = {a + b for a in out for b in found}
    return out


def _is_edge(op, av) -> bool:
    """A node that puts a non-word character (or the text's edge) next to a word character."""
    return (op is C.AT and av is C.AT_BOUNDARY) or _non_word_only(op, av)


def _sequence(items: Sequence, icase: bool, edge_before: bool = False, edge_after: bool = False) -> frozenset[str] | None:
    """Walk a sequence keeping runs of literal text (with their finitely many spellings);
    the best required set among the runs and the sub-patterns that must match wins.
    edge_before / edge_after: the sequence sits right after / before an edge (_is_edge)."""
    best: frozenset[str] | None = None
    run: set[str] = {""}
    run_edge = edge_before  # the run being built follows an edge

    def close(edge: bool) -> None:
        nonlocal best, run
        if "" not in run:  # a run that can be empty requires nothing
            best = _better(best, frozenset(_marked(s, run_edge, edge) for s in run))
        run = {""}

    for n, (op, av) in enumerate(items):
        found = _spellings(op, av)
        if found is not None and len(run) * len(found) <= _MAX_SPELLINGS:
            run = {a + b for a in run for b in found}
            continue
        edge = _is_edge(op, av)
        before = run_edge if "" in run else False  # nothing consumed since the last edge
        close(edge)
        after = _is_edge(*items[n + 1]) if n + 1 < len(items) else edge_after
        if op is C.SUBPATTERN:
            best = _better(best, _sequence(list(av[3]), icase, before, after))
        elif op is C.BRANCH:
            best = _better(best, _branches(av[1], icase, before, after))
        elif op in _REPEATS:
            low, _high, sub = av
            if low >= 1:
                best = _better(best, _sequence(list(sub), icase))
        elif op is C.ATOMIC_GROUP:
            best = _better(best, _sequence(list(av), icase, before, after))
        # anything else (classes, anchors, lookarounds, backreferences) only ends the run
        run_edge = edge
    close(edge_after)
    return best


def _marked(spelling: str, edge_before: bool, edge_after: bool) -> str:
    """A spelling in word-marked form, with a mark where a boundary says a non-word
    character (or the text's edge) must sit next to a word character."""
    body = marked_literal(spelling)
    if edge_before and _is_word(spelling[0]):
        body = MARK + body
    if edge_after and _is_word(spelling[-1]):
        body += MARK
    return body


def _branches(branches, icase: bool, edge_before: bool = False, edge_after: bool = False) -> frozenset[str] | None:
    union: set[str] = set()
    for branch in branches:
        found = _sequence(list(branch), icase, edge_before, edge_after)
        if found is None:
            return None
        union |= found
    return frozenset(union)


# ------------------------------------------------------------------ the gate


class LiteralGate:
    """Which of a list of regexes can match in a text, from one pass over it.

    Texts are given in word-marked form (pipelines.normalize.text.word_marked), or None
    where one cannot be made: then every regex is possible.
    """

    def __init__(self, patterns: Sequence[re.Pattern]):
        self.everything = frozenset(range(len(patterns)))
        literals = [required_literals(p) for p in patterns]
        self.always = frozenset(i for i, lits in enumerate(literals) if not lits)
        owners: dict[str, set[int]] = {}
        for i, lits in enumerate(literals):
            for lit in lits or ():
                owners.setdefault(lit, set()).add(i)
        self.literals = {lit: frozenset(ids) for lit, ids in owners.items()}
        # A bare MARK (a regex that needs only some non-word character, "\?\s*$") would be
        # found at every word boundary, most of the automaton's hits: it is looked for with `in`.
        self._on_mark = self.always | self.literals.get(MARK, frozenset())
        self._automaton = ahocorasick.Automaton()
        for lit, ids in self.literals.items():
            if lit != MARK:
                self._automaton.add_word(lit, ids)
        self._scanned = any(lit != MARK for lit in self.literals)
        if self._scanned:
            self._automaton.make_automaton()

    def possible(self, marked: str | None) -> frozenset[int]:
        """Indices of the regexes that can match in the text `marked` was made from."""
        if marked is None:
            return self.everything
        if not self.literals:
            return self.always
        base = self._on_mark if MARK in marked else self.always
        if not self._scanned:
            return base
        return base.union(*map(itemgetter(1), self._automaton.iter(marked)))

    def any_possible(self, marked: str | None) -> bool:
        """Whether any regex can match in the text at all (stops at the first literal)."""
        if marked is None or self.always:
            return True
        if MARK in self.literals and MARK in marked:
            return True
        return self._scanned and next(self._automaton.iter(marked), None) is not None
