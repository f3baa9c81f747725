-- A reporter's claims for one victim country collapse to the latest.
select country, reported_by from casualty_claims group by all having count(*) > 1
