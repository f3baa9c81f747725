-- Dashboard mart: incidents per day, type and sides (each real-world event once, however often reported),
-- with the cumulative claims stated that day beside them, never among them.
create or replace view daily_incident_counts as
with dated as (
    select *, coalesce(event_date, first_reported) as day from incidents
),
final as (
    select
        day,
        event_type,
        actor_country,
        target_country,
        count(*) filter (where not is_claim) as incidents,
        count(*) filter (where is_claim) as claims,
        sum(n_mentions) as mentions,
        max(n_sources) as most_sources
    from dated
    group by all
)
select * from final
order by day, event_type, actor_country, target_country
