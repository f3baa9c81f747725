-- The lake keeps one version of each document.
select doc_id from documents group by doc_id having count(*) > 1
