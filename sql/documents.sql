-- One row per processed document (latest version only: the lake keeps no older ones).
create or replace view documents as
with source as (
    select * from lake_documents
),
final as (
    select
        doc_id, title, text, published_at, url, source, kind, language, origin,
        content_hash, record_hash, extractor_version, run_id, processed_at, event_count, warnings
    from source
)
select * from final
