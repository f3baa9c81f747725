-- Dashboard mart: documents and event mentions per source and publication day.
create or replace view source_coverage as
with docs as (
    select doc_id, coalesce(source, '(unknown)') as source, published_at as day from documents
),
mentions as (
    select doc_id, event_type from events
),
per_doc as (
    select
        d.source, d.day, d.doc_id,
        count(m.event_type) as events,
        count(m.event_type) filter (where m.event_type = 'deployment') as deployments,
        count(m.event_type) filter (where m.event_type = 'capture') as captures,
        count(m.event_type) filter (where m.event_type = 'casualty_report') as casualty_reports,
        count(m.event_type) filter (where m.event_type = 'prisoner_exchange_offer') as prisoner_exchanges
    from docs d
    left join mentions m using (doc_id)
    group by all
),
final as (
    select
        source,
        day,
        count(*) as documents,
        count(*) filter (where events > 0) as documents_with_events,
        sum(events) as events,
        sum(deployments) as deployments,
        sum(captures) as captures,
        sum(casualty_reports) as casualty_reports,
        sum(prisoner_exchanges) as prisoner_exchanges
    from per_doc
    group by all
)
select * from final
order by day, source
