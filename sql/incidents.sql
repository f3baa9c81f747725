-- One row per incident (one real-world event, however many mentions, documents and outlets report it)
-- or per cumulative claim (is_claim), from the incident_id every event row carries (pipelines/incidents.py
-- groups them). Columns are INCIDENTS_SCHEMA's. Figures are reconciled, never summed: each is the value of
-- the latest report (then the most specific: exact over approximate over a bound; then the body over the
-- headline), with the low-high range across reports and the event_id that supplied it.
-- Rows written before incident_id existed count as incidents of their own.
create or replace view incidents as
with mentions as (
    select
        e.*,
        coalesce(e.incident_id, e.event_id) as incident_key,
        coalesce(e.is_claim, false) as claim,
        d.source,
        {'published': coalesce(e.published_at, date '9999-12-31'), 'doc_id': e.doc_id, 'body': not e.in_title,
          'char_start': e.char_start, 'event_id': e.event_id} as reading_order,
        case
            when e.location is null then 0
            when e.location_country is null then 1
            when e.location_admin1 is null then 2
            -- a place named with an administrative-unit noun is the unit (pipelines/incidents.py reads the same list)
            when regexp_matches(e.location, '\b{{ lexicon incidents.admin_unit_noun }}\b', 'i') then 3
            else 4
        end as place_rank,
        case when e.event_date is null then 0
             when e.event_date_precision = 'day' then 3 when e.event_date_precision = 'month' then 2
             when e.event_date_precision = 'year' then 1 else 0 end as date_rank,
        case troops_qualifier when 'exact' then 3 when 'range' then 2 when 'approx' then 2
            when 'at_least' then 1 when 'at_most' then 1 else 0 end as troops_specificity,
        case captured_qualifier when 'exact' then 3 when 'range' then 2 when 'approx' then 2
            when 'at_least' then 1 when 'at_most' then 1 else 0 end as captured_specificity,
        case killed_qualifier when 'exact' then 3 when 'range' then 2 when 'approx' then 2
            when 'at_least' then 1 when 'at_most' then 1 else 0 end as killed_specificity,
        case injured_qualifier when 'exact' then 3 when 'range' then 2 when 'approx' then 2
            when 'at_least' then 1 when 'at_most' then 1 else 0 end as injured_specificity,
        case casualties_qualifier when 'exact' then 3 when 'range' then 2 when 'approx' then 2
            when 'at_least' then 1 when 'at_most' then 1 else 0 end as casualties_specificity,
        case prisoners_offered_qualifier when 'exact' then 3 when 'range' then 2 when 'approx' then 2
            when 'at_least' then 1 when 'at_most' then 1 else 0 end as prisoners_offered_specificity,
        case prisoners_requested_qualifier when 'exact' then 3 when 'range' then 2 when 'approx' then 2
            when 'at_least' then 1 when 'at_most' then 1 else 0 end as prisoners_requested_specificity,
    from events e
    left join documents d using (doc_id)
),
grouped as (
    select
        incident_key as incident_id,
        any_value(event_type) as event_type,
        bool_or(claim) as is_claim,
        cast(count(*) as integer) as n_mentions,
        cast(count(distinct doc_id) as integer) as n_documents,
        cast(count(distinct source) as integer) as n_sources,
        min(published_at) as first_reported,
        max(published_at) as last_reported,
        arg_max({'event_date': event_date, 'precision': event_date_precision},
                {'rank': date_rank, 'published': coalesce(published_at, date '0001-01-01'), 'event_id': event_id})
            filter (where event_date is not null) as dated,
        arg_min(actor_country, reading_order) filter (where actor_country is not null) as actor_country,
        arg_min(target_country, reading_order) filter (where target_country is not null) as target_country,
        arg_max({'location': location, 'location_admin1': location_admin1, 'location_country': location_country,
                 'latitude': latitude, 'longitude': longitude},
                {'rank': place_rank, 'published': coalesce(published_at, date '0001-01-01'), 'event_id': event_id})
            as place,
        coalesce(list_sort(list(distinct reported_by) filter (where reported_by is not null)), []) as reported_by,
        arg_min(stage, reading_order) filter (where stage is not null) as stage,
        arg_max({'value': troops, 'qualifier': troops_qualifier, 'event_id': event_id},
                {'day': coalesce(event_date, published_at, date '0001-01-01'), 'published': coalesce(published_at, date '0001-01-01'),
                 'specific': troops_specificity, 'body': not in_title, 'value': troops, 'event_id': event_id})
            filter (where troops is not null) as troops_pick,
        min(troops) as troops_low,
        max(coalesce(troops_high, troops)) as troops_high,
        arg_max({'value': captured, 'qualifier': captured_qualifier, 'event_id': event_id},
                {'day': coalesce(event_date, published_at, date '0001-01-01'), 'published': coalesce(published_at, date '0001-01-01'),
                 'specific': captured_specificity, 'body': not in_title, 'value': captured, 'event_id': event_id})
            filter (where captured is not null) as captured_pick,
        min(captured) as captured_low,
        max(coalesce(captured_high, captured)) as captured_high,
        arg_max({'value': killed, 'qualifier': killed_qualifier, 'event_id': event_id},
                {'day': coalesce(event_date, published_at, date '0001-01-01'), 'published': coalesce(published_at, date '0001-01-01'),
                 'specific': killed_specificity, 'body': not in_title, 'value': killed, 'event_id': event_id})
            filter (where killed is not null) as killed_pick,
        min(killed) as killed_low,
        max(coalesce(killed_high, killed)) as killed_high,
        arg_max({'value': injured, 'qualifier': injured_qualifier, 'event_id': event_id},
                {'day': coalesce(event_date, published_at, date '0001-01-01'), 'published': coalesce(published_at, date '0001-01-01'),
                 'specific': injured_specificity, 'body': not in_title, 'value': injured, 'event_id': event_id})
            filter (where injured is not null) as injured_pick,
        min(injured) as injured_low,
        max(coalesce(injured_high, injured)) as injured_high,
        arg_max({'value': casualties, 'qualifier': casualties_qualifier, 'event_id': event_id},
                {'day': coalesce(event_date, published_at, date '0001-01-01'), 'published': coalesce(published_at, date '0001-01-01'),
                 'specific': casualties_specificity, 'body': not in_title, 'value': casualties, 'event_id': event_id})
            filter (where casualties is not null) as casualties_pick,
        min(casualties) as casualties_low,
        max(coalesce(casualties_high, casualties)) as casualties_high,
        arg_max({'value': prisoners_offered, 'qualifier': prisoners_offered_qualifier, 'event_id': event_id},
                {'day': coalesce(event_date, published_at, date '0001-01-01'), 'published': coalesce(published_at, date '0001-01-01'),
                 'specific': prisoners_offered_specificity, 'body': not in_title, 'value': prisoners_offered, 'event_id': event_id})
            filter (where prisoners_offered is not null) as prisoners_offered_pick,
        min(prisoners_offered) as prisoners_offered_low,
        max(coalesce(prisoners_offered_high, prisoners_offered)) as prisoners_offered_high,
        arg_max({'value': prisoners_requested, 'qualifier': prisoners_requested_qualifier, 'event_id': event_id},
                {'day': coalesce(event_date, published_at, date '0001-01-01'), 'published': coalesce(published_at, date '0001-01-01'),
                 'specific': prisoners_requested_specificity, 'body': not in_title, 'value': prisoners_requested, 'event_id': event_id})
            filter (where prisoners_requested is not null) as prisoners_requested_pick,
        min(prisoners_requested) as prisoners_requested_low,
        max(coalesce(prisoners_requested_high, prisoners_requested)) as prisoners_requested_high,
        list(event_id order by reading_order) as event_ids,
        list_sort(list(distinct doc_id)) as doc_ids,
        coalesce(list_sort(list(distinct source) filter (where source is not null)), []) as sources
    from mentions
    group by incident_key
),
final as (
    select
        incident_id, event_type, is_claim, n_mentions, n_documents, n_sources, first_reported, last_reported,
        dated.event_date as event_date, dated.precision as event_date_precision,
        actor_country, target_country,
        place.location as location, place.location_admin1 as location_admin1,
        place.location_country as location_country, place.latitude as latitude, place.longitude as longitude,
        reported_by, stage,
        troops_pick.value as troops, troops_pick.qualifier as troops_qualifier, troops_low, troops_high,
        troops_pick.event_id as troops_event_id,
        captured_pick.value as captured, captured_pick.qualifier as captured_qualifier, captured_low, captured_high,
        captured_pick.event_id as captured_event_id,
        killed_pick.value as killed, killed_pick.qualifier as killed_qualifier, killed_low, killed_high,
        killed_pick.event_id as killed_event_id,
        injured_pick.value as injured, injured_pick.qualifier as injured_qualifier, injured_low, injured_high,
        injured_pick.event_id as injured_event_id,
        casualties_pick.value as casualties, casualties_pick.qualifier as casualties_qualifier, casualties_low, casualties_high,
        casualties_pick.event_id as casualties_event_id,
        prisoners_offered_pick.value as prisoners_offered, prisoners_offered_pick.qualifier as prisoners_offered_qualifier, prisoners_offered_low, prisoners_offered_high,
        prisoners_offered_pick.event_id as prisoners_offered_event_id,
        prisoners_requested_pick.value as prisoners_requested, prisoners_requested_pick.qualifier as prisoners_requested_qualifier, prisoners_requested_low, prisoners_requested_high,
        prisoners_requested_pick.event_id as prisoners_requested_event_id,
        event_ids, doc_ids, sources
    from grouped
)
select * from final
