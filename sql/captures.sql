-- Combatants or civilians taken by an armed party.
create or replace view captures as
with typed as (
    select * from events where event_type = 'capture'
),
final as (
    select
        event_id, doc_id, evidence, in_title, published_at, event_date, event_date_precision,
        actor_country, target_country, location, location_admin1, location_country, latitude, longitude,
        reported_by, hedged, rule_id, cue_ids, extractor_version, incident_id, is_claim,
        captured, captured_qualifier, captured_high
    from typed
)
select * from final
