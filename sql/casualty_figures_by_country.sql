-- Dashboard mart: casualty figures per day and victim country, as reported (mentions, not unique events).
create or replace view casualty_figures_by_country as
with reports as (
    select
        coalesce(event_date, published_at) as day,
        target_country as country,
        killed, injured, casualties, doc_id
    from casualty_reports
),
final as (
    select
        day,
        country,
        count(*) as reports,
        count(distinct doc_id) as documents,
        sum(killed) as killed_reported,
        sum(injured) as injured_reported,
        sum(casualties) as casualties_reported,
        max(killed) as largest_killed_figure
    from reports
    group by all
)
select * from final
order by day, country
