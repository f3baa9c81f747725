"""Who is handed over and who is received in a prisoner exchange, as written."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitrep.pipelines.normalize.numbers import count_phrases

if TYPE_CHECKING:
    from sitrep.pipelines.extract.rules import Rules
    from sitrep.pipelines.extract.wordlists import WordLists

# Where the phrase of one side ends: a stop, a contrast ("while" the other side ...), a comma
# before a phrase that is no side, a phrase that is no side, the end. The words are lists;
# "in a <kind of> prisoner ..." and "being <verb>ed" are shapes, kept here.
_NP_END = (
    r"(?=\s*(?:[.;]|,?\s+{contrast}\b|,\s+{after_comma}\b"
    r"|\s+(?:{follower}|in\s+an?\s+\w+\s+prisoner|being\s+\w+ed)\b|$))"
)
_EACH = re.compile(r"\beach\b", re.IGNORECASE)


@dataclass(frozen=True)
class ExchangeWords:
    """The regexes of the exchange sides, built from seeds/lexicons/exchange.toml (exchange_words)."""

    swap_a_for_b: re.Pattern[str]  # "swapped Noravan for two pilots": A is received, B handed over
    for_requested: re.Pattern[str]  # "in exchange for <requested>"
    give: re.Pattern[str]  # "released <offered>"
    subject_released: re.Pattern[str]  # "<offered> were freed"
    captive: re.Pattern[str]  # a phrase naming captives, anywhere in the words handed over


def exchange_words(lists: WordLists) -> ExchangeWords:
    """The exchange regexes of the lists of seeds/lexicons/exchange.toml (load_wordlists(seeds, "exchange"))."""
    np_end = _NP_END.format(
        contrast=lists.pattern("contrast_conjunction"),
        after_comma=lists.pattern("not_a_side_after_comma"),
        follower=lists.pattern("not_a_side_after"),
    )
    return ExchangeWords(
        # case matters: the verb is written in lower case and A starts with a capital
        swap_a_for_b=re.compile(rf"\b{lists.pattern('swap_a_for_b_verb')}\s+(?P<req>[A-Z][^,;]+?)\s+for\s+(?P<off>[^,;.]+)"),
        for_requested=re.compile(
            rf"\b{lists.pattern('in_exchange_for')}\s+(?:the\s+release\s+of\s+)?(?P<req>.+?)" + np_end, re.IGNORECASE
        ),
        give=re.compile(rf"\b{lists.pattern('handover_verb')}\s+(?P<off>.+?)" + np_end, re.IGNORECASE),
        subject_released=re.compile(
            rf"^(?P<off>.+?)\s+{lists.pattern('release_auxiliary')}\s+{lists.pattern('released_participle')}\b",
            re.IGNORECASE,
        ),
        # a part of a word counts too ("prisoners", "POWs")
        captive=re.compile(lists.pattern("captive_noun"), re.IGNORECASE),
    )


def exchange_sides(text: str, words: ExchangeWords, rules: Rules) -> dict:
    """offered/requested phrases and their counts (None where the text does not say; `rules`:
    the lexicons counts are read with)."""
    offered = requested = None
    m = words.swap_a_for_b.search(text)
    if m:
        offered, requested = m.group("off"), m.group("req")
    else:
        f = words.for_requested.search(text)
        if f:
            requested = f.group("req")
            gives = list(words.give.finditer(text[: f.start()]))
            if gives:
                offered = gives[-1].group("off")
            else:
                s = words.subject_released.match(text[: f.start()])
                offered = s.group("off") if s else None
        else:
            g = words.give.search(text)
            if g and words.captive.search(g.group("off")):
                offered = g.group("off")
                if _EACH.search(text[: g.start() + 10]) or re.search(r"\bfrom\s+each\s+side\b|\beach\b", text):
                    requested = offered
    offered = _clean(offered)
    requested = _clean(requested)
    return {
        "offered": offered,
        "requested": requested,
        **_count("prisoners_offered", offered, rules),
        **_count("prisoners_requested", requested, rules),
    }


def _clean(np: str | None) -> str | None:
    if not np:
        return None
    np = np.strip(" ,“”\"")
    return np or None


def _count(field: str, np: str | None, rules: Rules) -> dict:
    value = qualifier = high = None
    if np:
        lead = [c for c in count_phrases(np[:40], rules) if c.start <= 2 and c.value is not None]
        if lead:
            value, qualifier, high = lead[0].value, lead[0].qualifier, lead[0].high
    return {field: value, f"{field}_qualifier": qualifier, f"{field}_high": high}
