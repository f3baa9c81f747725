-- Every event mention belongs to exactly one incident (or claim), and the counts add up.
with counted as (
    select (select count(*) from events) as mentions, (select coalesce(sum(n_mentions), 0) from incidents) as grouped
)
select * from counted where mentions <> grouped
