-- A document's event_count is the number of its event mentions in the lake.
with counted as (
    select doc_id, count(*) as events from events group by doc_id
)
select d.doc_id, d.event_count, coalesce(c.events, 0) as events
from documents d
left join counted c using (doc_id)
where d.event_count <> coalesce(c.events, 0)
