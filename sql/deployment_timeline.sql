-- Dashboard mart: troop deployments per day, sending state and destination.
-- Troop figures are restated across mentions and outlets, so they are never summed: each day keeps the
-- largest figure stated and the latest one.
create or replace view deployment_timeline as
with dated as (
    select *, coalesce(event_date, published_at) as day from deployments
),
final as (
    select
        day,
        actor_country,
        target_country,
        count(*) as mentions,
        count(distinct doc_id) as documents,
        max(troops) as troops_largest,
        arg_max(troops, published_at) filter (where troops is not null) as troops_latest,
        string_agg(distinct location, '; ' order by location) as locations
    from dated
    group by all
)
select * from final
order by day, actor_country, target_country
