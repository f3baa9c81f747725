-- One row per event mention, all types, with every field.
create or replace view events as
with source as (
    select * from lake_events
),
final as (
    select * from source
)
select * from final
