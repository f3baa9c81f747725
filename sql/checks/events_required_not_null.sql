-- Columns every event row must carry.
select * from events
where event_id is null or doc_id is null or event_type is null or evidence is null
   or rule_id is null or extractor_version is null
