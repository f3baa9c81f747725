"""The lake's commit protocol works the same on a local folder and on S3-compatible storage."""
import pytest

from pipelines.lake import (
    LakeRun,
    known_documents,
    part_files,
    read_dataset,
    stored_documents,
    table_from_rows,
)
from pipelines.schemas import DOCUMENTS_SCHEMA
from pipelines.settings import Settings
from pipelines.store import LakeBusyError, ObjectStore, open_store
from pipelines.warehouse import build_views, failed_checks, query
from tests.pipelines.test_lake import doc_row, write_run


@pytest.fixture(params=["local", "s3"])
def lake(request, tmp_path):
    if request.param == "local":
        return tmp_path / "lake"
    return request.getfixturevalue("s3_lake_uri")()


def test_commit_replace_and_query_on_either_store(lake):
    write_run(lake, ["a", "b"], events_per_doc=2)
    write_run(lake, ["b"], content_hash="h2")
    assert sorted(read_dataset(lake, "events")["event_id"].to_pylist()) == ["a-0", "a-1", "b-0"]
    assert known_documents(lake)["b"] == ("h2", "v1")
    assert sorted(d.doc_id for d in stored_documents(lake)) == ["a", "b"]
    build_views(lake, Settings().sql_dir)
    assert query(lake, "select count(*) from events").rows == [(3,)]
    assert query(lake, "select doc_id, count(*) from events group by 1 order by 1").rows == [("a", 2), ("b", 1)]
    assert failed_checks(lake, Settings().sql_dir) == {}


def test_nothing_staged_is_visible_and_a_second_writer_is_refused(lake):
    with LakeRun(lake) as run:
        run.stage("documents", table_from_rows([doc_row("a")], DOCUMENTS_SCHEMA))
        assert part_files(lake, "documents") == []
        with pytest.raises(LakeBusyError):
            with LakeRun(lake):
                pass
    assert part_files(lake, "documents") == []


def test_s3_uris_open_an_object_store(s3_lake_uri):
    assert isinstance(open_store(s3_lake_uri()), ObjectStore)
