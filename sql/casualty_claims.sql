-- Dashboard mart: the latest cumulative casualty claim per reporter and victim country.
-- Claims are running totals, so they are never summed: a reporter's newer claim supersedes the older ones
-- (latest by event day, then publication date, then the larger killed figure). Claims by different
-- reporters stay side by side; adding them would count the same dead twice.
create or replace view casualty_claims as
with claims as (
    select * from classified_casualty_reports where figure_kind = 'claim'
),
ranked as (
    select
        *,
        count(*) over (partition by reporter_key, country) as claims_by_reporter,
        row_number() over (
            partition by reporter_key, country
            order by day desc nulls last, published_at desc nulls last, killed desc nulls last, event_id
        ) as recency
    from claims
),
final as (
    select
        country,
        coalesce(nullif(reported_by, ''), '(unattributed)') as reported_by,
        day as as_of,
        killed, killed_qualifier, injured, injured_qualifier, casualties, casualties_qualifier,
        claims_by_reporter,
        evidence, event_id, doc_id
    from ranked
    where recency = 1
)
select * from final
order by country, as_of, reported_by
