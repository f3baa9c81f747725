-- Dashboard mart: prisoner exchanges per day and stage (offer, agreement, completed swap).
-- Prisoner counts are restated across mentions, so each row keeps the largest figure, never a sum.
create or replace view exchange_timeline as
with exchanges as (
    select *, coalesce(event_date, published_at) as day from prisoner_exchange_offers
),
final as (
    select
        day,
        stage,
        case stage when 'offer' then 1 when 'agreement' then 2 when 'completed' then 3 end as stage_order,
        actor_country,
        target_country,
        count(*) as mentions,
        count(distinct doc_id) as documents,
        max(prisoners_offered) as prisoners_offered_largest,
        max(prisoners_requested) as prisoners_requested_largest
    from exchanges
    group by all
)
select * from final
order by day, stage_order, actor_country, target_country
