-- Inputs that could not be read: file (or file:line), reason and when.
create or replace view rejects as
with source as (
    select * from lake_rejects
),
final as (
    select source, reason, detail, rejected_at, run_id from source
)
select * from final
