-- Killed, injured and casualty figures, with who reported them.
create or replace view casualty_reports as
with typed as (
    select * from events where event_type = 'casualty_report'
),
final as (
    select
        event_id, doc_id, evidence, in_title, published_at, event_date, event_date_precision,
        actor_country, target_country, location, location_admin1, location_country, latitude, longitude,
        reported_by, hedged, rule_id, cue_ids, extractor_version, incident_id, is_claim,
        killed, killed_qualifier, killed_high,
        injured, injured_qualifier, injured_high,
        casualties, casualties_qualifier, casualties_high
    from typed
)
select * from final
