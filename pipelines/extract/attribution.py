"""Who states a figure, as written: the `reported_by` of an event row.

Sources are read from "according to X", from a reporting verb's subject ("Ukraine's General
Staff said", "the regional governor, Name Surname, said", "X, who ..., said") or the phrase
after an inverted verb (", said President X"), and in headlines from a label before a colon or
after a dash ("...: officials", "... - Agency"). Of several sources, the one nearest before the
event's trigger is the primary one ("the ministry confirmed ..., Agency reported" gives the
ministry); else the first after it. "He said", "they said" resolve to the source named before
in the document. Every English word the reading relies on is a list in
seeds/lexicons/attribution.toml (pipelines.extract.wordlists).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sitrep.pipelines.extract.wordlists import WordLists
from sitrep.pipelines.normalize.text import lower_twin, twin_of

# a character of a source phrase: no punctuation, but the dot of an initial ("U.S.", "U.N.")
_SOURCE_CHAR = r"(?:[^,.;:()“”\"]|(?<=\b[A-Z])\.)"
_SOURCE_END = r"(?:[,;:()“”\"]|(?<!\b[A-Z])\.)"
_ACCORDING = re.compile(rf"\baccording\s+to\s+(?P<x>{_SOURCE_CHAR}{{2,80}}?)(?=\s*(?:{_SOURCE_END}|$|\bciting\b))", re.IGNORECASE)
_HEADLINE_PREFIX = re.compile(r"(?P<x>[A-Z][^:]{1,50}):\s+\S")  # matched at a sentence's start (after a teaser label)
_HEADLINE_SUFFIX = re.compile(r"(?:\s[-–—|]|:)\s+(?P<x>[\w’'. ()-]{1,40})$")
# a source's acronym in brackets after its name, right before the verb
_ACRONYM_AFTER = re.compile(r"\s*\([A-Z][A-Za-z.&-]{1,11}\)$")
_BOUNDARY = re.compile(r"[,;:“”\"()\[\]—–|]|\s-\s|^")
_WORD = re.compile(r"[\w’'.\-]+")
# a bullet before a teaser label ("* Read more: ..."), and the item count after one ("list 2 of 4")
_BULLET = r"(?:[*•·–-]\s*)?"
_ITEM_COUNT = r"\s+\d+\s+(?:of|/)\s+\d+"
# a section heading: a bold (or underlined) opening ("**The General Staff** reported ..."), or a
# heading line of its own ("## The General Staff")
_HEADING = re.compile(r"\*\*(?P<bold>[^*]{2,80})\*\*|__(?P<under>[^_]{2,80})__|#{1,6}\s+(?P<line>[^#]{2,80}?)\s*#*\s*$")


@dataclass(frozen=True)
class SourceWords:
    verb: re.Pattern
    negated: re.Pattern
    passive: re.Pattern
    opener: frozenset[str]
    source_noun: frozenset[str]
    source_complement: frozenset[str]  # "officials from both sides": what may follow a source's head noun
    pronoun: frozenset[str]
    aside: frozenset[str]
    label: re.Pattern
    statement: re.Pattern
    count: frozenset[str]
    determiner: re.Pattern
    title: re.Pattern  # titles before a name: "Defence Minister Anna Lee"
    adverbs: re.Pattern  # between a source and its verb: "has also"
    hearsay: re.Pattern  # between a source and its verb: "were reported to have"
    non_source: frozenset[str]
    filler: re.Pattern
    joiner: frozenset[str]
    descriptor: re.Pattern  # "the US-based ": where a named source sits, before its name
    medium: re.Pattern  # "the website of ": what a source publishes on, before its name
    inverted: re.Pattern  # ", said the General Staff,": the source phrase after the verb
    teaser: re.Pattern  # "Read more:", "* list 2 of 4": what follows is another story's headline
    quoting: re.Pattern  # "Agency quoted the ministry as saying": the one quoted is the source
    quoting_aside: re.Pattern  # "Agency, quoting the ministry, said"
    # `verb` lower-cased, for lower-cased text (text.lower_twin): the same spans, ~3x faster
    # than a case-blind alternation of every reporting verb tried at every character
    verb_lower: re.Pattern | None = None


def _hearsay(lists: WordLists) -> str:
    """The frames of hearsay_frame, each with room for who passed the words on after its first
    word ("was quoted by the news agency as saying")."""
    frames = []
    for phrase in sorted(lists.entries["hearsay_frame"].words, key=len, reverse=True):
        first, _, rest = phrase.partition(" ")
        agent = r"(?:\s+by\s+[^,.;:“”\"()]{1,60}?)?"
        frames.append(re.escape(first) + agent + (r"\s+" + r"\s+".join(map(re.escape, rest.split())) if rest else ""))
    return "(?:" + "|".join(frames) + ")"


def source_words(lists: WordLists) -> SourceWords:
    # ("the bombing claimed the lives of 17": a taking, not a statement; "nine lives", "at least
    # 30 lives", "1,200 civilian lives": a count with its bound and a modifier)
    taking = rf"{lists.pattern('taking_verb')}\s+(?:(?!that\b)[\w,]+\s+){{0,3}}?{lists.pattern('taken_object')}(?![\w-])"
    verb = re.compile(rf"(?<![\w-])(?!{taking}){lists.pattern('reporting_verb')}(?![\w-])", re.IGNORECASE)
    return SourceWords(
        verb=verb,
        verb_lower=lower_twin(verb),
        negated=re.compile(rf"(?<![\w-]){lists.pattern('not_reported')}(?:\s+\w+)?\s*$", re.IGNORECASE),
        passive=re.compile(rf"(?<![\w-]){lists.pattern('passive_auxiliary')}(?:\s+\w+ly)?\s*$", re.IGNORECASE),
        opener=lists.words("clause_opener"),
        source_noun=lists.words("source_noun"),
        source_complement=lists.words("source_complement"),
        pronoun=lists.words("pronoun_source"),
        aside=lists.words("aside_opener"),
        label=re.compile(rf"^{lists.pattern('headline_label')}$", re.IGNORECASE),
        statement=re.compile(
            rf"(?<![\w-]){lists.pattern('statement_noun')}\s+(?:by|from)\s+(?P<x>(?:the\s+|an?\s+)?{_SOURCE_CHAR}{{2,80}}?)"
            # "and" before a capital joins two authors ("by X and Y"), so it stays in code
            rf"(?=\s*(?:{_SOURCE_END}|$|\s(?:{lists.pattern('author_phrase_end')[3:-1]}|and(?!\s+[A-Z]))\b))",
            re.IGNORECASE,
        ),
        count=lists.words("count_word"),
        determiner=re.compile(rf"(?<![\w-]){lists.pattern('determiner')}\s+$", re.IGNORECASE),
        # the words before a title may be lower case ("district police chief Anna Lee")
        # (not a title that names a body with the noun after it: "the General Staff")
        title=re.compile(rf"^(?:(?:[A-Za-z][a-z]+|U\.S\.|U\.N\.|UN)\s+)*?{lists.pattern('title')}\s+(?=[A-Z])(?!{lists.pattern('title_body_noun')}\b)"),
        adverbs=re.compile(rf"(?:\s+(?:{lists.pattern('verb_adverb')[3:-1]}|on\s+\w+day))+\s*$", re.IGNORECASE),
        hearsay=re.compile(rf"\s+{lists.pattern('passive_auxiliary')}(?:\s+\w+ly)?\s+{_hearsay(lists)}\s*$", re.IGNORECASE),
        non_source=lists.words("non_source_word"),
        filler=re.compile(rf"^{lists.pattern('leading_filler')}\s+", re.IGNORECASE),
        joiner=lists.words("name_joiner"),
        medium=re.compile(rf"^(?:[Tt]he\s+|[Ii]ts\s+|[Tt]heir\s+)?(?:official\s+)?{lists.pattern('source_medium')}\s+of\s+(?=\S)", re.IGNORECASE),
        descriptor=re.compile(rf"^(?:[Tt]he\s+|[Aa]n?\s+)?[\w.’']+-{lists.pattern('descriptor_suffix')}\s+(?=[A-Z])"),
        # an article in lower case, or a capital, opens it
        inverted=re.compile(
            rf"\s+(?P<x>(?:{lists.pattern('inverted_article')}\s+|(?=[A-Z]))[^,.;:“”\"()—–]{{1,80}}?)\s*(?:[,.;:“”\"()—–]|\s-\s|$)"
        ),
        # a label, then a colon or an item count ("list 2 of 4"), at the start of a line
        teaser=re.compile(rf"{_BULLET}{lists.pattern('teaser_label')}(?:\s*:|{_ITEM_COUNT})\s*", re.IGNORECASE),
        quoting=re.compile(
            rf"(?<![\w-]){lists.pattern('quoting_verb')}\s+(?P<x>{_SOURCE_CHAR}{{2,80}}?)\s+as\s+{lists.pattern('reporting_verb')}(?![\w-])",
            re.IGNORECASE,
        ),
        # ", quoting the ministry," / "reported, citing police.": the same, as an aside
        quoting_aside=re.compile(
            rf",\s+{lists.pattern('quoting_verb')}\s+(?P<x>{_SOURCE_CHAR}{{2,80}}?)\s*(?=,|;|$|(?<!\b[A-Z])\.)",
            re.IGNORECASE,
        ),
    )


@dataclass(frozen=True, slots=True)
class Source:
    at: int  # where the attribution is in the sentence
    text: str
    pronoun: bool = False


def _clean_source(x: str, w: SourceWords) -> str:
    """A source as written, without the clause's filler words and a title before a name."""
    x = " ".join(x.split()).strip(" ,.'’“”\"-–—_*")  # and the marks of bold or underlined text
    x = w.filler.sub("", x)
    x = w.medium.sub("", x)
    x = w.descriptor.sub("", x)
    stripped = w.title.sub("", x)
    return stripped if stripped else x


def _is_source(np: str, w: SourceWords) -> bool:
    """A phrase that can be a source: a name, or a phrase headed by a source noun."""
    words = _WORD.findall(np)
    if not words or len(words) > 10 or any(c.isdigit() for c in np):
        return False
    if words[0].lower() in w.non_source:
        return False
    tail = " ".join(words[-2:]).lower()
    if words[-1].lower() in w.source_noun or tail in w.source_noun:
        return True  # "two officials", "the regional governor"
    if _head_before_complement(words, w):
        return True  # "officials from both sides", "a senior official with knowledge of the talks"
    if words[0].lower() in w.count and not (len(words) > 1 and words[1].lower() == "of"):
        return False  # "one KIA reported": the victims
    return any(t[:1].isupper() for t in words[1:]) or (words[0][:1].isupper() and len(words) <= 6)


def _complement_after_source(lower: list[str], k: int, size: int, w: SourceWords) -> bool:
    """Words k .. k+size-1 (lower-cased) are a source_complement right after a source noun
    ("officials from both sides", "sources familiar with the talks"): the noun heads the phrase."""
    return (1 <= k and k + size <= len(lower) and " ".join(lower[k : k + size]) in w.source_complement
            and lower[k - 1] in w.source_noun)


def _head_before_complement(words: list[str], w: SourceWords) -> bool:
    """A source noun heads the phrase, not its last word, where a complement qualifies it."""
    lower = [x.lower() for x in words]
    return any(_complement_after_source(lower, k, size, w) for k in range(1, len(lower)) for size in (1, 2))


def _headed_by_source_noun(np: str, w: SourceWords) -> bool:
    """A phrase a source noun ends ("The Northern Command"), not any capitalised heading."""
    words = _WORD.findall(np)
    if not words or len(words) > 10 or any(c.isdigit() for c in np):
        return False
    return words[-1].lower() in w.source_noun or " ".join(words[-2:]).lower() in w.source_noun


def _author(x: str, w: SourceWords) -> str:
    """The name that opens `x` ("the Institute for Peace Studies puts ..." -> up to "Studies"):
    capitalised words, the particles between them and source nouns."""
    keep = []
    toks = list(_WORD.finditer(x))
    for n, t in enumerate(toks):
        word = t.group()
        ahead = [u.group().lower() for u in toks[n : n + 3]]
        if word[:1].isupper() or any(a in w.source_noun for a in ahead) or word.lower() in w.joiner:
            keep.append(t)  # a name, or the words of a phrase a source noun heads ("the interior ministry")
            continue
        if "-" in word and not keep:
            keep.append(t)  # "the US-based ..."
            continue
        break
    while keep and keep[-1].group().lower() in w.joiner:
        keep.pop()
    return x[keep[0].start() : keep[-1].end()] if keep else ""


def _subject(text: str, verb_start: int, w: SourceWords) -> tuple[str | None, bool]:
    """The phrase before a reporting verb, back to a clause boundary; (phrase, is_pronoun)."""
    # a source is a few words: a window before the verb is enough (and keeps long texts linear)
    before = w.adverbs.sub("", w.hearsay.sub("", text[max(0, verb_start - 240) : verb_start].rstrip()))
    if before.endswith(")"):
        before = _ACRONYM_AFTER.sub("", before)  # "the UN humanitarian office (OCHA) said"
    seg_start = 0
    for m in _BOUNDARY.finditer(before):
        seg_start = m.end()
    seg = before[seg_start:]
    toks = list(_WORD.finditer(seg))
    cut = 0
    lower = [t.group().lower() for t in toks]
    for n, word in enumerate(lower):
        # a clause opener that ends a source's complement ("an official with knowledge of it")
        # opens no clause
        if word in w.opener and not any(_complement_after_source(lower, n - size + 1, size, w) for size in (1, 2)):
            cut = n + 1
    toks = toks[cut:]
    if toks:
        np = seg[toks[0].start() : toks[-1].end()]
        if len(toks) == 1 and np.lower() in w.pronoun:
            return np, True
        return (np, False) if _is_source(np, w) else (None, False)
    # "X, Name Surname, said" / "X, who ..., said": the phrase before the verb is an aside
    if before.endswith(",") and seg_start == len(before):
        inner = before[:-1]
        start = max(inner.rfind(","), inner.rfind("“"), inner.rfind('"'))
        if start < 0:
            return None, False
        aside = inner[start + 1 :].strip()
        words = _WORD.findall(aside)
        if words and all(t[:1].isupper() for t in words) and len(words) <= 4:
            return aside, False
        if words and words[0].lower() in w.aside:
            head, _ = _subject(inner, start, w) if inner[start] == "," else (None, False)
            return head, False
    return None, False


def _inverted(text: str, verb_end: int, w: SourceWords) -> str | None:
    """", said President X," / ", estimated the General Staff": the phrase after the verb."""
    m = w.inverted.match(text[verb_end:])
    if not m:
        return None
    np = m.group("x").strip()
    return np if _is_source(np, w) and len(np.split()) <= 8 else None


def _stated_by(x: str, w: SourceWords) -> str:
    """"according to a statement from the ministry": the author of the statement, else `x`."""
    m = w.statement.search(x)
    if m is None or x[: m.start()].strip().lower() not in ("", "a", "an", "the"):
        return x
    for author in (_author(m.group("x"), w), m.group("x").strip()):
        if author and _is_source(author, w):
            return author
    return x


def sources(text: str, w: SourceWords) -> list[Source]:
    """Every attribution in a sentence, in order."""
    out = [Source(m.start(), _clean_source(_stated_by(m.group("x"), w), w)) for m in _ACCORDING.finditer(text)]
    for m in w.statement.finditer(text):
        author = _author(m.group("x"), w)
        if author and _is_source(author, w):
            out.append(Source(m.start(), _clean_source(author, w)))
    # "Agency quoted the ministry as saying": the one quoted is the primary source, and the one
    # quoting (the verb's subject) passes the words on
    passed_on, asides = set(), []
    for m in w.quoting.finditer(text):
        if _is_source(m.group("x"), w):
            out.append(Source(m.start("x"), _clean_source(m.group("x"), w)))
            passed_on.add(m.start())
    for m in w.quoting_aside.finditer(text):
        if _is_source(m.group("x"), w):
            out.append(Source(m.start("x"), _clean_source(m.group("x"), w)))
            asides.append((m.start(), m.end()))
    # the twin's spans are the verb's; what is read of a verb is read from `text`
    verb, subject = twin_of(w.verb, w.verb_lower, text)
    for m in verb.finditer(subject):
        if text[m.start() : m.end()][:1].isupper() and m.start() > 0 and not _title_case(text):
            continue  # "the Islamic State leader": part of a name
        before = text[max(0, m.start() - 80) : m.start()]
        if w.determiner.search(before):
            continue  # "the report", "his notes": a noun
        if w.negated.search(before) or w.passive.search(before):
            continue
        np, pronoun = _subject(text, m.start(), w)
        if np is None and re.search(r"(?:^|[,“”\"—–]|\s-)\s*$", before):
            np = _inverted(text, m.end(), w)
        # the verb right before or after a quoting aside is the one passing the words on
        relays = m.start() in passed_on or any(-3 <= m.start() - e <= 2 or 0 <= a - m.end() <= 1 for a, e in asides)
        if np and not relays:
            out.append(Source(m.start(), _clean_source(np, w), pronoun))
    return sorted(out, key=lambda s: s.at)


def _prefix(text: str, w: SourceWords) -> re.Match | None:
    """A headline's "Source: ..." label: shorter than what follows it (else the colon ends it),
    and a name, not a clause: its lower-case words are source nouns ("Ukraine ministry: ...",
    not "Army resumes operation in X: ...")."""
    m = _HEADLINE_PREFIX.match(text, len(text) - len(text.lstrip()))
    if not m or len(m.group("x").split()) > len(text[m.end("x") + 1 :].split()):
        return None
    lower = [t for t in _WORD.findall(m.group("x")) if not t[:1].isupper()]
    if any(t.lower() not in w.source_noun and t.lower() not in w.joiner for t in lower):
        return None
    return m


def _title_case(text: str) -> bool:
    words = [t for t in _WORD.findall(text) if t[:1].isalpha()]
    return bool(words) and sum(t[:1].isupper() for t in words) >= 0.6 * len(words)


def _headline_source(text: str, w: SourceWords) -> str | None:
    prefix = _prefix(text, w)
    m = _HEADLINE_SUFFIX.search(text)
    if m and (prefix is None or m.start() > prefix.end("x")) and len(m.group("x").split()) <= 6 and not w.label.match(m.group("x").strip()):
        return _clean_source(m.group("x"), w)
    if prefix and len(prefix.group("x").split()) <= 6 and not w.label.match(prefix.group("x").strip()):
        return _clean_source(prefix.group("x"), w)
    return None


def _choose(found: list[Source], anchor: int) -> Source | None:
    before = [s for s in found if s.at <= anchor]
    if before:
        return before[-1]
    return found[0] if found else None


def reported_by(text: str, headline: bool = False, anchor: int = 0, *, words: SourceWords) -> str | None:
    """Who states the figure of one sentence, as written ("South Korea’s legislature", "Lee")."""
    w = words
    body = text
    if headline:
        m = _prefix(text, w)
        if m:
            body = " " * (m.end("x") + 1) + text[m.end("x") + 1 :]
    chosen = _choose([s for s in sources(body, w) if not s.pronoun], anchor)
    if chosen:
        return chosen.text
    if headline:
        return _headline_source(text, w)
    return None


class DocumentSources:
    """The sources of a document's sentences, read on demand, so that "he said" can resolve to
    the source the document named before it."""

    def __init__(self, sentences: Sequence[str], words: SourceWords):
        self.sentences = sentences
        self.w = words
        self._read: dict[int, list[Source]] = {}

    def _sources(self, i: int) -> list[Source]:
        if i not in self._read:
            self._read[i] = sources(self.sentences[i], self.w)
        return self._read[i]

    def _named_before(self, i: int, limit: int = 8) -> str | None:
        for j in range(i - 1, max(-1, i - 1 - limit), -1):
            named = [s for s in self._sources(j) if not s.pronoun]
            if named:
                return named[-1].text
        return None

    def _subject_before(self, i: int) -> str | None:
        """"They said" after a sentence that names its source only as its subject, with a verb
        that is not a reporting one ("The health department released figures. They said ..."):
        the source phrase that opens the sentence before, where a source noun heads it."""
        if i == 0:
            return None
        np = _author(self.sentences[i - 1].lstrip(), self.w)
        return _clean_source(np, self.w) if np and _headed_by_source_noun(np, self.w) else None

    def reported_by(self, i: int, anchor: int = 0, headline: bool = False) -> str | None:
        text = self.sentences[i]
        teaser = self.w.teaser.match(text)
        if teaser:
            # another story's headline listed in the body (a related-stories box): read as a
            # headline, without its label (blanked, so offsets stay)
            headline, text = True, " " * teaser.end() + text[teaser.end() :]
        body = text
        if headline:
            m = _prefix(text, self.w)
            if m:
                body = " " * (m.end("x") + 1) + text[m.end("x") + 1 :]
        found = sources(body, self.w) if body is not self.sentences[i] else self._sources(i)
        chosen = _choose(found, anchor)
        if chosen is not None and chosen.pronoun:
            resolved = self._named_before(i) or self._subject_before(i)
            if resolved:
                return resolved
            chosen = _choose([s for s in found if not s.pronoun], anchor)
        if chosen is not None:
            return chosen.text
        if headline:
            return _headline_source(text, self.w)
        return self._quote_closed_after(i) or self._bulletin_source(i)

    def _bulletin_source(self, i: int) -> str | None:
        """A compiled bulletin opens each agency's section with a heading naming it: its name
        in bold, subject of a reporting verb ("**The General Staff** reported that ..."), or a
        heading line that is a source phrase ("## The General Staff"); the section's later
        sentences go on giving that agency's figures, up to the next heading."""
        for j in range(i - 1, -1, -1):
            sentence = self.sentences[j]
            m = _HEADING.match(sentence) if sentence[:1] in "*_#" else None
            if m is None:
                if sentence.startswith("**"):
                    return None  # a bold opening that never closes: a heading naming no one
                continue
            if m.end() >= len(sentence.rstrip()):  # a heading line of its own
                name = _clean_source(next(g for g in m.groups() if g), self.w)
                return name if _headed_by_source_noun(name, self.w) else None
            # the bold name is the subject of a reporting verb right after it ("also reported")
            named = [s for s in self._sources(j) if not s.pronoun and m.end() < s.at <= m.end() + 12]
            return named[0].text if named else None
        return None

    def _quote_closed_after(self, i: int, limit: int = 4) -> str | None:
        """A quotation opened in sentence i and closed in a later one is attributed where it
        closes ('"... They were captured. We got them back," the army said.')."""
        text = self.sentences[i]
        if not (text.count("“") > text.count("”") or text.count('"') % 2 == 1):
            return None
        for j in range(i + 1, min(len(self.sentences), i + 1 + limit)):
            later = self.sentences[j]
            close = max(later.find("”"), later.find('"'))
            if close < 0:
                continue
            after = [s for s in self._sources(j) if s.at > close and not s.pronoun]
            if after:
                return after[0].text
            pronouns = [s for s in self._sources(j) if s.at > close]
            return self._named_before(i) if pronouns else None
        return None
