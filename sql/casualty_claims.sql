-- Dashboard mart: the latest value of each cumulative casualty claim, per reporter and victim country.
-- A claim (see the incidents view, is_claim) gathers the reports of one running total: one reporter's
-- statements about one victim side, restated by other outlets or updated later. Its newest report
-- supersedes the older ones (latest by stated day, then publication date, then the more specific figure).
-- Claims by different reporters stay side by side; adding them would count the same dead twice.
create or replace view casualty_claims as
with claims as (
    select * from incidents where event_type = 'casualty_report' and is_claim
),
latest as (
    select
        c.*,
        m.reported_by as latest_reporter,
        coalesce(m.event_date, m.published_at) as as_of,
        m.evidence,
        m.doc_id
    from claims c
    join events m on m.event_id = coalesce(c.killed_event_id, c.casualties_event_id, c.injured_event_id, c.event_ids[-1])
),
final as (
    select
        target_country,
        coalesce(nullif(latest_reporter, ''), nullif(reported_by[1], ''), '(unattributed)') as reported_by,
        as_of,
        killed, killed_qualifier, killed_low, killed_high,
        injured, injured_qualifier, casualties, casualties_qualifier,
        n_mentions as reports,
        n_sources,
        evidence, incident_id, doc_id
    from latest
)
select * from final
order by target_country, as_of, reported_by
