-- Per-incident sums never include a cumulative claim's figure: they never exceed the incident figures.
with totals as (
    select country, sum(incident_killed) as timeline_killed from casualty_timeline group by all
),
incident_figures as (
    select country, coalesce(sum(killed), 0) as incident_killed
    from classified_casualty_reports where figure_kind = 'incident' group by all
)
select t.* from totals t
left join incident_figures i on t.country is not distinct from i.country
where t.timeline_killed > coalesce(i.incident_killed, 0)
