-- Dashboard mart: captures per day, captor side and captives' side.
-- One capture restated by several mentions counts once: a capture is identified by day, both sides,
-- location and the count; `captured` sums the distinct captures' counts.
create or replace view capture_timeline as
with dated as (
    select *, coalesce(event_date, published_at) as day from captures
),
distinct_captures as (
    select
        day, actor_country, target_country, lower(coalesce(location, '')) as place, captured,
        count(*) as mentions, count(distinct doc_id) as documents
    from dated
    group by all
),
final as (
    select
        day,
        actor_country,
        target_country,
        count(*) as captures,
        sum(mentions) as mentions,
        coalesce(sum(captured), 0) as captured,
        max(captured) as captured_largest
    from distinct_captures
    group by all
)
select * from final
order by day, actor_country, target_country
