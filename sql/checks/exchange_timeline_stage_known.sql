-- Every exchange row has a known stage (an unknown stage would drop out of the stage chart).
select * from exchange_timeline where stage_order is null and stage is not null
