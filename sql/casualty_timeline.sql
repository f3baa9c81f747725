-- Dashboard mart: casualty figures over time per victim country, per-incident sums next to claims.
-- incident_* sum each distinct incident once (see classified_casualty_reports) and leave cumulative claims
-- out; *_to_date are running sums of those per country. largest_claim_killed is the largest cumulative
-- killed figure claimed that day (claims are compared, never added; casualty_claims keeps the latest per
-- reporter).
create or replace view casualty_timeline as
with classified as (
    select * from classified_casualty_reports
),
incidents as (
    select
        day, country, incident_key,
        any_value(killed) as killed, any_value(injured) as injured, any_value(casualties) as casualties,
        count(*) as mentions
    from classified
    where figure_kind = 'incident'
    group by all
),
incident_days as (
    select
        day, country,
        count(*) as incidents,
        sum(mentions) as incident_mentions,
        coalesce(sum(killed), 0) as incident_killed,
        coalesce(sum(injured), 0) as incident_injured,
        coalesce(sum(casualties), 0) as incident_casualties
    from incidents
    group by all
),
claim_days as (
    select day, country, count(*) as claims, max(killed) as largest_claim_killed,
           max(injured) as largest_claim_injured
    from classified
    where figure_kind = 'claim'
    group by all
),
joined as (
    select
        coalesce(i.day, c.day) as day,
        coalesce(i.country, c.country) as country,
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
        on i.day is not distinct from c.day and i.country is not distinct from c.country
),
final as (
    select
        day, country, incidents, incident_mentions, incident_killed, incident_injured, incident_casualties,
        sum(incident_killed) over to_date as incident_killed_to_date,
        sum(incident_injured) over to_date as incident_injured_to_date,
        claims, largest_claim_killed, largest_claim_injured
    from joined
    window to_date as (partition by country order by day rows between unbounded preceding and current row)
)
select * from final
order by day, country
