-- Each casualty mention sorted into a cumulative claim or a per-incident figure, so marts never add the two.
-- The classification is the library's (pipelines/incidents.py, cue lists in seeds/incidents/): a mention
-- whose evidence states a running total ("so far", "since February 2022", "in total", "losses of ...", a
-- war-wide toll) is a *claim* by its reporter; a one-day toll ("in the past 24 hours") and every other
-- figure belong to an *incident*. incident_id names the incident or the claim: one incident restated by
-- several mentions (a headline and its body, several outlets) shares one id and counts once.
create or replace view classified_casualty_reports as
with reports as (
    select * from casualty_reports
),
final as (
    select
        event_id, doc_id, coalesce(event_date, published_at) as day, published_at, target_country, actor_country,
        location, reported_by, lower(trim(coalesce(reported_by, ''))) as reporter_key,
        case when coalesce(is_claim, false) then 'claim' else 'incident' end as figure_kind,
        coalesce(incident_id, event_id) as incident_id,
        killed, killed_qualifier, injured, injured_qualifier, casualties, casualties_qualifier,
        evidence, hedged
    from reports
)
select * from final
