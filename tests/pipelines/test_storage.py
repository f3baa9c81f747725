"""The lake's own files (pipelines/storage.py): whole or not at all, on a local disk and on S3 (moto)."""
import pyarrow.fs as pafs
import pytest
from sitrep.pipelines.storage import LakeFiles, write_file


def failing_after_a_chunk():
    yield b"half of "
    raise OSError("the source broke off")


@pytest.fixture(params=["local", "s3"])
def files(request, tmp_path):
    if request.param == "local":
        return LakeFiles.of(tmp_path / "lake")
    return LakeFiles.of(request.getfixturevalue("s3_lake_uri")())


def listing(files: LakeFiles) -> list[str]:
    found = files.filesystem.get_file_info(pafs.FileSelector(files.base, recursive=True, allow_not_found=True))
    return sorted(i.path.removeprefix(files.base + "/") for i in found if i.type == pafs.FileType.File)


def test_a_whole_file_replaces_the_old_one_and_leaves_nothing_else(files):
    files.write_atomic("raw/ab/page.html", b"old")
    where = files.write_atomic("raw/ab/page.html", iter([b"new ", b"page"]))
    assert files.read_bytes("raw/ab/page.html") == b"new page"
    assert where == files.root + "/raw/ab/page.html"
    assert listing(files) == ["raw/ab/page.html"]


def test_a_write_that_fails_midway_leaves_the_old_file_and_no_part_of_the_new(files):
    files.write_atomic("dashboard.html", b"the old page")
    with pytest.raises(OSError, match="broke off"):
        files.write_atomic("dashboard.html", failing_after_a_chunk())
    with pytest.raises(OSError, match="broke off"):
        files.write_atomic("raw/cd/new.txt", failing_after_a_chunk())
    assert files.read_bytes("dashboard.html") == b"the old page"
    assert listing(files) == ["dashboard.html"]  # no half file, no temporary one


def test_append_adds_lines_to_a_file_it_makes_if_missing(files):
    assert files.read_bytes("raw/_manifest/wire.jsonl") is None
    files.append("raw/_manifest/wire.jsonl", b'{"key": 1}\n')
    files.append("raw/_manifest/wire.jsonl", b'{"key": 2}\n')
    assert files.read_bytes("raw/_manifest/wire.jsonl") == b'{"key": 1}\n{"key": 2}\n'


@pytest.mark.parametrize("path", ["../outside.txt", "/etc/passwd", "raw/../../x", ""])
def test_a_path_leaving_the_lake_is_refused(tmp_path, path):
    with pytest.raises(ValueError, match="not a path inside the lake"):
        LakeFiles.of(tmp_path / "lake").write_atomic(path, b"x")
    assert not (tmp_path / "outside.txt").exists()


def test_a_uri_lake_stays_a_uri(s3_lake_uri, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    uri = s3_lake_uri()
    files = LakeFiles.of(uri)
    assert isinstance(files.filesystem, pafs.S3FileSystem) and files.root == uri.split("?")[0]
    files.write_atomic("dashboard.html", b"page")
    assert list(tmp_path.iterdir()) == []


def test_write_file_takes_a_path_or_a_uri(tmp_path, s3_lake_uri):
    assert write_file(tmp_path / "site" / "index.html", b"<p>") == str(tmp_path / "site" / "index.html")
    assert (tmp_path / "site" / "index.html").read_bytes() == b"<p>"
    uri = s3_lake_uri("out")
    base, query = uri.split("?")
    assert write_file(f"{base}/index.html?{query}", b"<p>") == f"{base}/index.html"
    assert LakeFiles.of(uri).read_bytes("index.html") == b"<p>"
