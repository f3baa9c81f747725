-- Document-level events: the mentions of one document that state the same claim
-- (same type, no conflicting side or figure; grouped by pipelines/claims.py) as one row.
create or replace view doc_events as
with mentions as (
    select * from events
),
final as (
    select
        claim_id,
        doc_id,
        event_type,
        count(*) as mention_count,
        min(published_at) as published_at,
        min(event_date) as event_date,
        any_value(actor_country) filter (where actor_country is not null) as actor_country,
        any_value(target_country) filter (where target_country is not null) as target_country,
        any_value(location) filter (where location is not null) as location,
        list(distinct reported_by) filter (where reported_by is not null) as reported_by,
        max(troops) as troops,
        max(captured) as captured,
        max(killed) as killed,
        max(injured) as injured,
        max(casualties) as casualties,
        any_value(stage) filter (where stage is not null) as stage,
        bool_and(hedged) as hedged,
        list(evidence order by in_title desc, char_start) as evidence,
        list(event_id order by in_title desc, char_start) as event_ids
    from mentions
    group by claim_id, doc_id, event_type
)
select * from final
