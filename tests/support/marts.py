"""A small lake of documents and events of every type, written with the lake's own writer: the
marts' tests, the dashboard's and the listings' share it."""
from datetime import UTC, date, datetime

from sitrep.pipelines.incidents import assign_incidents, load_incident_rules
from sitrep.pipelines.lake import LakeRun
from sitrep.pipelines.schemas import DOCUMENTS_SCHEMA, EVENTS_SCHEMA
from sitrep.pipelines.settings import DEFAULTS
from sitrep.pipelines.tables import table_from_rows
from sitrep.pipelines.warehouse import build_views

SQL_DIR = DEFAULTS.sql_dir
INCIDENT_RULES = load_incident_rules()


def doc(doc_id, source, published):
    return {
        "doc_id": doc_id, "title": "", "text": "t", "published_at": published, "url": f"https://example.org/{doc_id}",
        "source": source, "content_hash": "h", "extractor_version": "v1", "run_id": "r",
        "processed_at": datetime(2025, 1, 20, tzinfo=UTC), "event_count": 0,
    }


def event(event_id, doc_id, event_type, evidence, published, **fields):
    row = {
        "event_id": event_id, "doc_id": doc_id, "claim_id": event_id, "event_type": event_type, "evidence": evidence,
        "char_start": 0, "char_end": len(evidence), "in_title": False, "hedged": False, "rule_id": "test",
        "extractor_version": "v1", "run_id": "r", "published_at": published,
    }
    row.update(fields)
    return row


def with_incidents(docs, events):
    """Events as the lake's commit leaves them: each names its incident or claim, joined across
    documents by the library (pipelines/incidents.py)."""
    source = {d["doc_id"]: d["source"] for d in docs}
    ids = assign_incidents([{**e, "source": source.get(e["doc_id"])} for e in events], [], INCIDENT_RULES)
    return [{**e, "incident_id": iid, "is_claim": claim} for e, (iid, claim) in zip(events, ids, strict=True)]


def write_lake(lake, docs, events):
    per_doc = {}
    for e in events:
        per_doc[e["doc_id"]] = per_doc.get(e["doc_id"], 0) + 1
    docs = [{**d, "event_count": per_doc.get(d["doc_id"], 0)} for d in docs]  # as the writer counts them
    with LakeRun(lake) as run:
        run.stage("documents", table_from_rows(docs, DOCUMENTS_SCHEMA))
        run.stage("events", table_from_rows(with_incidents(docs, events), EVENTS_SCHEMA))
        run.commit()
    build_views(lake, SQL_DIR)


D = date.fromisoformat
DOCS = [
    doc("a", "Wire A", D("2025-01-10")),
    doc("b", "Wire A", D("2025-01-12")),
    doc("c", "Wire B", D("2025-01-05")),
    doc("d", "Wire B", D("2025-01-15")),
    doc("quiet", "Wire B", D("2025-01-15")),
]
CASUALTIES = [
    # One incident, reported by two outlets: counted once.
    event("k1", "a", "casualty_report", "Five soldiers were killed and eight injured in Kharkiv.", D("2025-01-10"),
          killed=5, injured=8, target_country="UKR", location="Kharkiv"),
    event("k2", "b", "casualty_report", "Shelling in Kharkiv killed five soldiers and injured eight.", D("2025-01-12"),
          event_date=D("2025-01-10"), killed=5, injured=8, target_country="UKR", location="Kharkiv"),
    event("k3", "b", "casualty_report", "Three people were killed in Sumy.", D("2025-01-12"),
          killed=3, target_country="UKR", location="Sumy"),
    # Cumulative claims: the latest per reporter counts, never added to the incidents.
    event("c1", "c", "casualty_report", "Zelenskyy said 300 soldiers have been killed since the offensive began.",
          D("2025-01-05"), killed=300, target_country="UKR", reported_by="Volodymyr Zelenskyy"),
    event("c2", "d", "casualty_report", "So far 320 soldiers have been killed, Zelenskyy said.", D("2025-01-15"),
          killed=320, target_country="UKR", reported_by="Volodymyr Zelenskyy"),
    event("c3", "d", "casualty_report", "Moscow says 1,000 Ukrainian troops were killed in total.", D("2025-01-15"),
          killed=1000, target_country="UKR", reported_by="the Kremlin"),
    event("r1", "a", "casualty_report", "Two Russian soldiers were killed.", D("2025-01-10"),
          killed=2, target_country="RUS"),
]
OTHERS = [
    event("dep1", "a", "deployment", "France deploys 400 troops to Estonia.", D("2025-01-10"),
          troops=400, actor_country="FRA", target_country="EST", location="Estonia"),
    event("dep2", "b", "deployment", "The 400 French troops arrived in Tapa.", D("2025-01-12"),
          event_date=D("2025-01-10"), troops=400, actor_country="FRA", target_country="EST", location="Tapa"),
    event("dep3", "b", "deployment", "France sent more troops to Estonia.", D("2025-01-12"),
          actor_country="FRA", target_country="EST"),
    event("cap1", "a", "capture", "Ukraine captured three Russian soldiers near Bakhmut.", D("2025-01-10"),
          captured=3, actor_country="UKR", target_country="RUS", location="Bakhmut"),
    event("cap2", "b", "capture", "Three Russian soldiers were captured near Bakhmut.", D("2025-01-12"),
          event_date=D("2025-01-10"), captured=3, actor_country="UKR", target_country="RUS", location="Bakhmut"),
    event("cap3", "b", "capture", "Two more surrendered in Kursk.", D("2025-01-12"),
          event_date=D("2025-01-10"), captured=2, actor_country="UKR", target_country="RUS", location="Kursk"),
    event("x1", "c", "prisoner_exchange_offer", "Kyiv offered to swap the two soldiers.", D("2025-01-05"),
          stage="offer", actor_country="UKR", target_country="PRK", prisoners_offered=2),
    event("x2", "d", "prisoner_exchange_offer", "Russia and Ukraine swapped 95 prisoners each.", D("2025-01-15"),
          stage="completed", actor_country="RUS", target_country="UKR", prisoners_offered=95, prisoners_requested=95),
    event("x3", "d", "prisoner_exchange_offer", "Each side freed 95 prisoners of war.", D("2025-01-15"),
          stage="completed", actor_country="RUS", target_country="UKR", prisoners_offered=95),
]
