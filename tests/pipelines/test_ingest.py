import json
from datetime import date

import pytest

from pipelines.ingest import MAX_DOCUMENT_BYTES, InputError, Reject, discover, document_from_record, read_path


def write(path, content):
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_txt_first_line_is_title_and_front_matter_sets_metadata(tmp_path):
    path = write(
        tmp_path / "brief.txt",
        "---\npublished_at: 2024-03-02\nurl: https://example.org/a\nsource: Example Wire\n---\n"
        "Border clash\nTwo soldiers were killed on Friday.\nA second paragraph.\n",
    )
    [doc] = list(read_path(path))
    assert doc.doc_id == "brief"
    assert doc.title == "Border clash"
    assert doc.text == "Two soldiers were killed on Friday.\nA second paragraph."
    assert doc.published_at == date(2024, 3, 2)
    assert (doc.url, doc.source) == ("https://example.org/a", "Example Wire")


def test_txt_without_front_matter_has_no_date(tmp_path):
    [doc] = list(read_path(write(tmp_path / "plain.txt", "Title only line\nBody text.")))
    assert doc.published_at is None and doc.title == "Title only line"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", "", "empty"),
        ("blank.txt", "\n\n  \n", "empty"),
        ("binary.txt", b"\x00\x01\x02PNG", "binary"),
        ("latin1.txt", "Caf\xe9 attack\nbody".encode("latin-1"), "not_utf8"),
        ("badmeta.txt", "---\npublished_at: [unclosed\n---\nTitle\nBody", "bad_front_matter"),
        ("notes.docx", "whatever", "unsupported_format"),
    ],
)
def test_unreadable_text_files_become_rejects(tmp_path, name, content, reason):
    [item] = list(read_path(write(tmp_path / name, content)))
    assert isinstance(item, Reject)
    assert item.reason == reason


def test_jsonl_accepts_both_key_spellings_and_rejects_bad_lines(tmp_path):
    lines = [
        json.dumps({"doc_id": "a", "title": "T", "text": "Body a.", "published_at": "2025-01-13"}),
        "{not json",
        json.dumps({"id": 7, "body": "Body b.", "date": "2024-12-01T10:00:00Z", "extra": 1}),
        json.dumps({"title": "no id"}),
        "",
        json.dumps({"doc_id": "c", "text": "x", "published_at": "last week"}),
    ]
    items = list(read_path(write(tmp_path / "in.jsonl", "\n".join(lines))))
    docs = [i for i in items if not isinstance(i, Reject)]
    rejects = [i for i in items if isinstance(i, Reject)]
    assert [(d.doc_id, d.published_at) for d in docs] == [("a", date(2025, 1, 13)), ("7", date(2024, 12, 1))]
    assert docs[1].text == "Body b."
    assert [(r.source.rsplit(":", 1)[1], r.reason) for r in rejects] == [
        ("2", "malformed_json"),
        ("4", "missing_field"),
        ("6", "bad_date"),
    ]


def test_oversized_record_is_rejected_not_loaded():
    item = document_from_record({"doc_id": "big", "text": "x" * (MAX_DOCUMENT_BYTES + 1)}, "feed:1")
    assert isinstance(item, Reject) and item.reason == "too_large"


def test_html_main_text_and_title_come_from_the_page(tmp_path):
    page = """<html><head><title>Shelling hits market | Example News</title>
    <meta property="article:published_time" content="2024-05-06"></head>
    <body><nav>Home | World | Sport</nav><article><h1>Shelling hits market</h1>
    <p>Three people were killed when shells struck a market in the city on Sunday, officials said.</p>
    <p>Rescue teams worked through the night to clear the rubble and search for survivors.</p>
    </article><footer>Copyright</footer></body></html>"""
    [doc] = list(read_path(write(tmp_path / "page.html", page)))
    assert "Three people were killed" in doc.text
    assert "Copyright" not in doc.text and "Home | World" not in doc.text
    assert doc.title.startswith("Shelling hits market")
    assert doc.published_at == date(2024, 5, 6)


def test_page_without_main_text_is_a_reject(tmp_path):
    [item] = list(read_path(write(tmp_path / "empty.html", "<html><head></head><body><div></div></body></html>")))
    assert isinstance(item, Reject) and item.reason == "empty"


def test_unclosed_markup_still_gives_its_text(tmp_path):
    page = "<html><body><p>Militia fighters surrendered to the army near the river crossing on Tuesday evening.<div><span>"
    [doc] = list(read_path(write(tmp_path / "broken.html", page)))
    assert "surrendered to the army" in doc.text


def test_discover_walks_folders_once_and_skips_other_files(tmp_path):
    (tmp_path / "sub").mkdir()
    a = write(tmp_path / "a.txt", "A\nb")
    b = write(tmp_path / "sub" / "b.jsonl", "")
    write(tmp_path / "sub" / "image.png", b"\x89PNG")
    write(tmp_path / ".hidden.txt", "x")
    assert discover([tmp_path, a]) == sorted([a.resolve(), b.resolve()])


def test_discover_refuses_a_missing_path(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        discover([tmp_path / "nope"])


def test_a_50_mb_text_file_is_rejected_without_being_read(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.write(b"Title\n")
        f.write(b"Troops were deployed to the border. " * (50 * 1024 * 1024 // 36))
    [item] = list(read_path(path))
    assert isinstance(item, Reject) and item.reason == "too_large"


def test_a_50_mb_jsonl_line_is_rejected_and_the_next_line_still_read(tmp_path):
    path = tmp_path / "feed.jsonl"
    with path.open("w") as f:
        f.write(json.dumps({"doc_id": "huge", "text": "x" * (50 * 1024 * 1024)}) + "\n")
        f.write(json.dumps({"doc_id": "small", "text": "Two soldiers were captured."}) + "\n")
    items = list(read_path(path))
    assert [type(i).__name__ for i in items] == ["Reject", "Document"]
    assert items[0].reason == "too_large" and items[1].doc_id == "small"
