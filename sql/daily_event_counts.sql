-- Dashboard mart: event mentions per day, type and country (event date, else publication date).
create or replace view daily_event_counts as
with dated as (
    select
        coalesce(event_date, published_at) as day,
        event_type,
        coalesce(target_country, actor_country) as country,
        doc_id
    from events
),
final as (
    select
        day,
        event_type,
        country,
        count(*) as mentions,
        count(distinct doc_id) as documents
    from dated
    group by all
)
select * from final
order by day, event_type, country
