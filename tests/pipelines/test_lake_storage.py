"""The lake works the same with its data in a local folder and on S3-compatible storage."""
import pytest
from sitrep.pipelines.lake import known_documents, read_dataset, stored_documents
from sitrep.pipelines.location import LakeConfigError, lake_location
from sitrep.pipelines.settings import Settings
from sitrep.pipelines.warehouse import build_views, failed_checks, query

from tests.support.lake import write_run


@pytest.fixture(params=["local", "s3"])
def lake(request, tmp_path):
    if request.param == "local":
        return tmp_path / "lake"
    return lake_location(request.getfixturevalue("s3_lake_uri")(), f"sqlite:{tmp_path / 'catalog.sqlite'}")


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


def test_an_s3_lake_keeps_its_data_under_the_uri(s3_lake_uri, tmp_path):
    uri = s3_lake_uri()
    location = lake_location(uri, f"sqlite:{tmp_path / 'c.sqlite'}")
    assert location.data_path == uri.split("?")[0] + "/data/"
    assert location.s3_options["use_ssl"] == "false" and location.s3_options["endpoint"].startswith("127.0.0.1:")


def test_a_local_lake_is_one_folder_and_uris_stay_uris(tmp_path):
    location = lake_location(tmp_path / "lake")
    assert location.catalog == f"sqlite:{tmp_path / 'lake' / 'sitrep.sqlite'}"
    assert location.data_path == f"{tmp_path / 'lake' / 'data'}/"
    assert lake_location("s3://b/x", "postgres:dbname=sitrep").root == "s3://b/x"
    with pytest.raises(LakeConfigError, match="needs a catalog"):
        lake_location("s3://b/x")
    with pytest.raises(LakeConfigError, match="sqlite:PATH"):
        lake_location(tmp_path, "mysql:x")
