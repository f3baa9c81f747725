-- Dashboard mart: casualty figures over time per victim country, per-incident sums next to claims.
-- Each incident counts once, on its day (its event date, else the day it was first reported), with its
-- reconciled figures (see the incidents view: a revised toll supersedes, restatements are not added);
-- cumulative claims are left out of the sums. *_to_date are running sums per country.
-- largest_claim_killed is the largest cumulative killed figure claimed that day (claims are compared, never
-- added; casualty_claims keeps the latest of each claim); claims counts the distinct claims stated that day.
create or replace view casualty_timeline as
with casualty_incidents as (
    select *, coalesce(event_date, first_reported) as day
    from incidents
    where event_type = 'casualty_report'
),
incident_days as (
    select
        day, target_country,
        count(*) as incidents,
        sum(n_mentions) as incident_mentions,
        coalesce(sum(killed), 0) as incident_killed,
        coalesce(sum(injured), 0) as incident_injured,
        coalesce(sum(casualties), 0) as incident_casualties
    from casualty_incidents
    where not is_claim
    group by all
),
claim_days as (
    -- each claim on every day it was stated (a claim restated or updated later appears again then)
    select day, target_country, count(distinct incident_id) as claims, max(killed) as largest_claim_killed,
           max(injured) as largest_claim_injured
    from classified_casualty_reports
    where figure_kind = 'claim'
    group by all
),
joined as (
    select
        coalesce(i.day, c.day) as day,
        coalesce(i.target_country, c.target_country) as target_country,
        coalesce(i.incidents, 0) as incidents,
        coalesce(i.incident_mentions, 0) as incident_mentions,
        coalesce(i.incident_killed, 0) as incident_killed,
        coalesce(i.incident_injured, 0) as incident_injured,
        coalesce(i.incident_casualties, 0) as incident_casualties,
        coalesce(c.claims, 0) as claims,
        c.largest_claim_killed,
        c.largest_claim_injured
    from incident_days i
    full outer join claim_days c
        on i.day is not distinct from c.day and i.target_country is not distinct from c.target_country
),
final as (
    select
        day, target_country, incidents, incident_mentions, incident_killed, incident_injured, incident_casualties,
        sum(incident_killed) over to_date as incident_killed_to_date,
        sum(incident_injured) over to_date as incident_injured_to_date,
        claims, largest_claim_killed, largest_claim_injured
    from joined
    window to_date as (partition by target_country order by day rows between unbounded preceding and current row)
)
select * from final
order by day, target_country
