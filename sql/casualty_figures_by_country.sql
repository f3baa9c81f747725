-- Dashboard mart: casualty figures per day, victim country and kind (incident or claim), counting incidents.
-- Incident rows sum each incident's reconciled figures once, on the incident's day (a restated or revised
-- toll is one incident, never added twice). Claim rows give, for the claims stated that day, how many there
-- were and the largest figures claimed: never a sum (claims are running totals of the same dead).
create or replace view casualty_figures_by_country as
with incident_rows as (
    select
        coalesce(event_date, first_reported) as day, target_country, 'incident' as figure_kind,
        n_mentions, n_documents, killed, injured, casualties, incident_id
    from incidents
    where event_type = 'casualty_report' and not is_claim
),
incident_days as (
    select
        day, target_country, figure_kind,
        count(*) as incidents,
        sum(n_mentions) as mentions,
        sum(killed) as killed,
        sum(injured) as injured,
        sum(casualties) as casualties,
        max(killed) as largest_killed_figure
    from incident_rows
    group by all
),
claim_days as (
    select
        day, target_country, 'claim' as figure_kind,
        count(distinct incident_id) as incidents,
        count(*) as mentions,
        max(killed) as killed,
        max(injured) as injured,
        max(casualties) as casualties,
        max(killed) as largest_killed_figure
    from classified_casualty_reports
    where figure_kind = 'claim'
    group by all
),
both_kinds as (
    select * from incident_days
    union all by name
    select * from claim_days
),
final as (
    select day, target_country, figure_kind, incidents, mentions, killed, injured, casualties, largest_killed_figure
    from both_kinds
)
select * from final
order by day, target_country, figure_kind
