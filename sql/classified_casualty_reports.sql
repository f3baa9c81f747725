-- Each casualty mention sorted into a cumulative claim or a per-incident figure, so marts never add the two.
-- Rule: a mention whose evidence carries a cumulative cue ("since", "so far", "to date", "in total",
-- "a total of", "overall", "cumulative", "thus far", "altogether", "in/over/during the past/last ...",
-- "the number of", "has/have killed" (the war ... has killed), "losses", "... alone") states a running
-- total: it is a *claim* by its reporter, and only the latest claim per (reporter, victim country) counts
-- (claims with no reporter share one key per country).
-- Every other mention is an *incident* figure. One incident restated by several mentions (a headline and
-- its body, several outlets) counts once: an incident is identified by victim country, day, location and
-- the killed / injured / casualties figures.
create or replace view classified_casualty_reports as
with reports as (
    select * from casualty_reports
),
classified as (
    select
        *,
        coalesce(event_date, published_at) as day,
        target_country as country,
        lower(trim(coalesce(reported_by, ''))) as reporter_key,
        regexp_matches(
            evidence,
            '\b(since|so far|to date|in total|a total of|overall|cumulative|thus far|altogether'
            || '|(in|over|during) the (past|last)|the number of|has killed|have killed|losses|alone)\b',
            'i'
        ) as is_cumulative
    from reports
),
final as (
    select
        event_id, doc_id, day, published_at, country, actor_country, location, reported_by, reporter_key,
        case when is_cumulative then 'claim' else 'incident' end as figure_kind,
        killed, killed_qualifier, injured, injured_qualifier, casualties, casualties_qualifier,
        case when not is_cumulative then
            md5(concat_ws('|', coalesce(country, '?'), coalesce(cast(day as varchar), '?'),
                          lower(coalesce(location, '?')), coalesce(cast(killed as varchar), '-'),
                          coalesce(cast(injured as varchar), '-'), coalesce(cast(casualties as varchar), '-')))
        end as incident_key,
        evidence, hedged
    from classified
)
select * from final
