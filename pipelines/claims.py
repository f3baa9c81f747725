"""Group a document's event mentions into claims: the same event stated more than once.

A news story repeats its main figure in the title, the lead and later quotes; a
dashboard wants that once. Two mentions state the same claim when they share the
event type, do not name different sides, and no figure of one contradicts the other
(one may leave a figure out). Mentions are taken in reading order and join the first
claim they agree with, so the grouping is deterministic.
"""
from __future__ import annotations

import hashlib

SIDES = ("actor_country", "target_country")
FIGURES = (
    "troops", "captured", "killed", "injured", "casualties", "stage",
    "prisoners_offered", "prisoners_requested",
)


def _agrees(claim: dict, mention: dict) -> bool:
    for name in (*SIDES, *FIGURES):
        a, b = claim.get(name), mention.get(name)
        if a is not None and b is not None and a != b:
            return False
    return True


def claim_ids(doc_id: str, mentions: list[dict]) -> list[str]:
    """A claim id for each mention (same order); mentions of one claim share it."""
    if len(mentions) == 1:  # most documents that report an event: one claim, nothing to compare
        key = f"{doc_id}\x1f{mentions[0]['event_type']}\x1f0"
        return [hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]]
    order = sorted(range(len(mentions)), key=lambda i: (not mentions[i].get("in_title"), mentions[i]["char_start"]))
    claims: list[tuple[str, dict, str]] = []  # (event_type, merged fields, id)
    ids = [""] * len(mentions)
    for i in order:
        m = mentions[i]
        for etype, merged, cid in claims:
            if etype == m["event_type"] and _agrees(merged, m):
                for name in (*SIDES, *FIGURES):
                    if merged.get(name) is None:
                        merged[name] = m.get(name)
                ids[i] = cid
                break
        else:
            key = f"{doc_id}\x1f{m['event_type']}\x1f{len(claims)}"
            cid = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
            claims.append((m["event_type"], {n: m.get(n) for n in (*SIDES, *FIGURES)}, cid))
            ids[i] = cid
    return ids
