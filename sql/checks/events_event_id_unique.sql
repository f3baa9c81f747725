-- Every event mention has one id.
select event_id from events group by event_id having count(*) > 1
