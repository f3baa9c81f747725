-- No event without its document.
select e.event_id from events e anti join documents d using (doc_id)
