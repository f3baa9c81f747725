-- Each claim appears once in casualty_claims, with its latest value.
select incident_id from casualty_claims group by all having count(*) > 1
