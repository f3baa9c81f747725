-- Per-incident sums never include a cumulative claim's figure: they equal the sum over incidents.
with totals as (
    select target_country, sum(incident_killed) as timeline_killed from casualty_timeline group by all
),
incident_figures as (
    select target_country, coalesce(sum(killed), 0) as incident_killed
    from incidents where event_type = 'casualty_report' and not is_claim group by all
)
select t.* from totals t
left join incident_figures i on t.target_country is not distinct from i.target_country
where t.timeline_killed <> coalesce(i.incident_killed, 0)
