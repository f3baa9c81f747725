-- Offers, agreements and completed swaps of prisoners.
create or replace view prisoner_exchange_offers as
with typed as (
    select * from events where event_type = 'prisoner_exchange_offer'
),
final as (
    select
        event_id, doc_id, evidence, in_title, published_at, event_date, event_date_precision,
        actor_country, target_country, location, location_admin1, location_country, latitude, longitude,
        reported_by, hedged, rule_id, cue_ids, extractor_version, incident_id, is_claim,
        stage, offered, requested,
        prisoners_offered, prisoners_offered_qualifier, prisoners_offered_high,
        prisoners_requested, prisoners_requested_qualifier, prisoners_requested_high
    from typed
)
select * from final
