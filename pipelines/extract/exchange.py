"""Who is handed over and who is received in a prisoner exchange, as written."""
from __future__ import annotations

import re

from sitrep.pipelines.normalize.numbers import count_phrases

_NP_END = r"(?=\s*(?:[.;]|,?\s+(?:while|whereas)\b|,\s+(?:in|as|with|after|the|mediated|brokered|following|some|most|many|including|and\s+the)\b|\s+(?:in\s+exchange|in\s+return|in\s+a\s+(?:prisoner\s+)?swap|in\s+an?\s+\w+\s+prisoner|as\s+part|mediated|brokered|from\s+each|on\s+the|after|following|being\s+\w+ed)\b|$))"
_FOR = re.compile(r"\b(?:in\s+exchange\s+for|in\s+return\s+for|exchanged\s+for|swapped\s+for|traded\s+for|swap\s+for)\s+(?:the\s+release\s+of\s+)?(?P<req>.+?)" + _NP_END, re.IGNORECASE)
_GIVE = re.compile(
    r"\b(?:hand\s+over|handing\s+over|hands\s+over|handed\s+over|frees|freed|free|releases|released|release|releasing|return|returns|returned|exchange|exchanges|swap|swaps)\s+(?P<off>.+?)" + _NP_END,
    re.IGNORECASE,
)
_SUBJECT_RELEASED = re.compile(r"^(?P<off>.+?)\s+(?:is|are|was|were|has\s+been|have\s+been)\s+(?:freed|released|swapped|exchanged)\b", re.IGNORECASE)
_SWAPS_A_FOR_B = re.compile(r"\b(?:swaps|swapped|exchanges|exchanged)\s+(?P<req>[A-Z][^,;]+?)\s+for\s+(?P<off>[^,;.]+)")
_EACH = re.compile(r"\beach\b", re.IGNORECASE)


def exchange_sides(text: str) -> dict:
    """offered/requested phrases and their counts (None where the text does not say)."""
    offered = requested = None
    m = _SWAPS_A_FOR_B.search(text)
    if m:
        offered, requested = m.group("off"), m.group("req")
    else:
        f = _FOR.search(text)
        if f:
            requested = f.group("req")
            gives = list(_GIVE.finditer(text[: f.start()]))
            if gives:
                offered = gives[-1].group("off")
            else:
                s = _SUBJECT_RELEASED.match(text[: f.start()])
                offered = s.group("off") if s else None
        else:
            g = _GIVE.search(text)
            if g and re.search(r"prisoner|POW|hostage|detainee|captive|soldier|combatant", g.group("off"), re.I):
                offered = g.group("off")
                if _EACH.search(text[: g.start() + 10]) or re.search(r"\bfrom\s+each\s+side\b|\beach\b", text):
                    requested = offered
    offered = _clean(offered)
    requested = _clean(requested)
    return {
        "offered": offered,
        "requested": requested,
        **_count("prisoners_offered", offered),
        **_count("prisoners_requested", requested),
    }


def _clean(np: str | None) -> str | None:
    if not np:
        return None
    np = np.strip(" ,“”\"")
    return np or None


def _count(field: str, np: str | None) -> dict:
    value = qualifier = high = None
    if np:
        lead = [c for c in count_phrases(np[:40]) if c.start <= 2 and c.value is not None]
        if lead:
            value, qualifier, high = lead[0].value, lead[0].qualifier, lead[0].high
    return {field: value, f"{field}_qualifier": qualifier, f"{field}_high": high}
