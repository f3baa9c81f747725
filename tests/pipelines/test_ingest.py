import json
from datetime import date
from pathlib import Path

import pytest
from sitrep.pipelines.documents import Document, record_hash
from sitrep.pipelines.ingest import (
    MAX_DOCUMENT_BYTES,
    InputError,
    Reject,
    Unchanged,
    discover,
    document_from_record,
    read_path,
    read_paths,
)


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
        # bytes no encoding reads as text (a lone "Café" in Latin-1 is now detected and read)
        ("undetectable.txt", bytes(range(0x80, 0x100)) * 3, "not_utf8"),
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


def jsonl_items(tmp_path, *lines: str):
    return list(read_path(write(tmp_path / "records.jsonl", "\n".join(lines))))


@pytest.mark.parametrize(
    ("record", "reason", "field"),
    [
        ({"doc_id": "d", "text": "Shelling hit the depot.", "published_at": "9999-12-31"}, "bad_date", "published_at"),
        ({"doc_id": "d", "text": "Shelling hit the depot.", "published_at": "1066-10-14"}, "bad_date", "published_at"),
        ({"doc_id": "d", "text": "Shelling hit the depot.", "url": 12345}, "bad_field", "url"),
        ({"doc_id": "d", "text": "Shelling hit the depot.", "source": ["Wire A", "Wire B"]}, "bad_field", "source"),
        ({"doc_id": {"nested": 1}, "text": "Shelling hit the depot."}, "bad_field", "doc_id"),
        ({"doc_id": ["a", "b"], "text": "Shelling hit the depot."}, "bad_field", "doc_id"),
        ({"doc_id": True, "text": "Shelling hit the depot."}, "bad_field", "doc_id"),
        ({"doc_id": "d", "title": {"text": "Depot"}, "text": "Shelling hit the depot."}, "bad_field", "title"),
        ({"doc_id": "d", "title": ["Depot"], "text": "Shelling hit the depot."}, "bad_field", "title"),
        ({"doc_id": "d", "text": "Shelling hit the \ud800 depot."}, "bad_unicode", "text"),
        ({"doc_id": "d", "title": "Depot\udfff", "text": "Shelling hit the depot."}, "bad_unicode", "title"),
        ({"doc_id": "d", "text": "Shelling hit\x00 the depot."}, "bad_unicode", "text"),
        ({"doc_id": "d\x07e", "text": "Shelling hit the depot."}, "bad_field", "doc_id"),
        ({"doc_id": "d", "text": "Shelling hit the depot.", "kind": 3}, "bad_field", "kind"),
    ],
)
def test_a_bad_record_is_a_reject_naming_its_line_and_field_and_the_next_line_is_read(tmp_path, record, reason, field):
    good = {"doc_id": "fine", "title": "Depot", "text": "Crews cleared the road.", "published_at": "2025-02-03"}
    items = jsonl_items(tmp_path, json.dumps(record), json.dumps(good))
    [bad, doc] = items
    assert isinstance(bad, Reject)
    assert (bad.source, bad.reason) == (f"{tmp_path / 'records.jsonl'}:1", reason)
    assert f"'{field}'" in bad.detail
    assert not isinstance(doc, Reject) and (doc.doc_id, doc.published_at) == ("fine", date(2025, 2, 3))


def test_a_numeric_id_is_still_read_as_text(tmp_path):
    [doc] = jsonl_items(tmp_path, json.dumps({"id": 41, "body": "Crews cleared the road.", "title": None}))
    assert (doc.doc_id, doc.title) == ("41", "")


def only_document(path):
    [item] = list(read_path(path))
    assert not isinstance(item, Reject), item
    return item


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_text_with_a_utf16_or_utf32_byte_order_mark_is_read_as_text(tmp_path, codec):
    text = "Convoy seen near the dam\nTrucks moved north overnight."
    data = text.encode(codec) if codec != "utf-16-be" else b"\xfe\xff" + text.encode(codec)
    doc = only_document(write(tmp_path / "memo.txt", data))
    assert (doc.title, doc.text) == ("Convoy seen near the dam", "Trucks moved north overnight.")


FRENCH = (
    "Les blessés ont été évacués vers le nord après l'explosion survenue près de la gare, selon la préfecture. "
    "Trois bâtiments ont été endommagés et la circulation reste interrompue jusqu'à nouvel ordre. "
    "À midi, les pompiers étaient encore à pied d'œuvre près du dépôt, où la fumée restait très épaisse."
)
RUSSIAN = "Грузовики двигались на север всю ночь, сообщили местные жители. Движение по мосту остановлено."


# Detection needs a sentence or two: on a few words several code pages read equally well.
@pytest.mark.parametrize(
    ("codec", "title", "body"),
    [("cp1251", "Колонна техники у плотины", RUSSIAN), ("cp1252", "Les équipes sont arrivées à l'hôpital", FRENCH)],
)
def test_a_text_file_in_another_encoding_is_detected_and_read(tmp_path, codec, title, body):
    doc = only_document(write(tmp_path / "memo.txt", f"{title}\n{body}".encode(codec)))
    assert (doc.title, doc.text) == (title, body)


def test_a_markdown_folder_is_read_with_front_matter_and_its_title(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    write(notes / "dam.md", "---\ntitle: Convoy near the dam\ndate: 2025-03-04\nsource: Field Notes\n---\n"
          "Trucks moved north overnight.\n\nA second paragraph.\n")
    write(notes / "bridge.md", "# Bridge reopened\n\nEngineers finished repairs on Tuesday.\n")
    docs = {d.doc_id: d for d in read_paths(discover([notes]))}
    assert set(docs) == {"dam", "bridge"}
    assert (docs["dam"].title, docs["dam"].text) == ("Convoy near the dam", "Trucks moved north overnight.\n\nA second paragraph.")
    assert (docs["dam"].published_at, docs["dam"].source) == (date(2025, 3, 4), "Field Notes")
    assert (docs["bridge"].title, docs["bridge"].text.strip()) == ("Bridge reopened", "Engineers finished repairs on Tuesday.")


@pytest.mark.parametrize(
    ("front", "field"),
    [("date: unknown", "published_at"), ("published_at: 9999-12-31", "published_at"),
     ("source: [Wire A, Wire B]", "source"), ("doc_id: {a: 1}", "doc_id")],
)
def test_an_unreadable_front_matter_field_is_a_warning_not_a_lost_document(tmp_path, front, field):
    doc = only_document(write(tmp_path / "memo.txt", f"---\n{front}\nurl: https://example.org/m\n---\nTitle line\nBody line.\n"))
    assert (doc.doc_id, doc.title, doc.url) == ("memo", "Title line", "https://example.org/m")
    assert getattr(doc, field) in (None, "memo")
    [warning] = doc.warnings
    assert f"'{field}'" in warning


def test_fifos_and_symlink_loops_in_a_folder_are_rejects_not_skipped(tmp_path):
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "fine.txt", "Title\nBody.")
    os.mkfifo(folder / "pipe.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "dangling.jsonl").symlink_to(folder / "gone.jsonl")
    items = list(read_paths(discover([folder])))
    docs = [i.doc_id for i in items if not isinstance(i, Reject)]
    rejects = {Path(r.source).name: (r.reason, r.detail) for r in items if isinstance(r, Reject)}
    assert docs == ["fine"]
    assert rejects == {
        "pipe.txt": ("not_a_file", "a FIFO, not a regular file"),
        "loop.txt": ("not_a_file", "a symlink loop, not a regular file"),
        "dangling.jsonl": ("not_a_file", "a broken symlink, not a regular file"),
    }


def test_a_fifo_given_by_name_is_a_reject(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.jsonl")
    [item] = list(read_paths(discover([tmp_path / "pipe.jsonl"])))
    assert isinstance(item, Reject) and item.reason == "not_a_file"


@pytest.mark.parametrize("depth", [300, 5000])
def test_deeply_nested_html_keeps_its_text(tmp_path, depth):
    page = ("<html><head><title>Bridge taken</title><style>p {color: red}</style></head><body>"
            + "<div>" * depth + "<p>Troops crossed the river at dawn and took the bridge.</p>" + "</div>" * depth
            + "</body></html>")
    doc = only_document(write(tmp_path / "deep.html", page))
    assert doc.title == "Bridge taken"
    assert doc.text == "Troops crossed the river at dawn and took the bridge."
    assert doc.warnings and "plain text" in doc.warnings[0]


def test_empty_metadata_strings_mean_none(tmp_path):
    [doc] = jsonl_items(tmp_path, json.dumps({"doc_id": "e", "text": "Crews cleared the road.", "url": "", "source": "", "kind": ""}))
    assert not isinstance(doc, Reject) and (doc.url, doc.source, doc.kind) == (None, None, None)


def test_a_shallow_page_without_main_text_is_still_a_reject(tmp_path):
    # trafilatura finds no main text in a sidebar; only a page too deep for lxml falls back to plain text
    page = "<html><head><title>Sidebar</title></head><body><aside>Related: more stories</aside></body></html>"
    [item] = list(read_path(write(tmp_path / "aside.html", page)))
    assert isinstance(item, Reject) and item.reason == "empty"


def test_a_jsonl_document_carries_the_hash_of_its_line_and_a_committed_line_comes_unchanged(tmp_path):
    first = json.dumps({"doc_id": "d1", "text": "Troops were sent to the border town."})
    second = json.dumps({"doc_id": "d2", "text": "A quiet day in the valley."})
    path = write(tmp_path / "in.jsonl", f"  {first}  \n\n{second}\n")
    docs = list(read_path(path))
    # the hash is of the record's bytes without the whitespace around them
    assert [d.record_hash for d in docs] == [record_hash(first.encode()), record_hash(second.encode())]
    # a line the lake holds at this version is passed on by its doc_id, the others parsed as before
    items = list(read_path(path, committed={record_hash(first.encode()): "d1"}))
    assert items[0] == Unchanged("d1", f"{path}:1")
    assert isinstance(items[1], Document) and items[1].doc_id == "d2" and items[1].origin == f"{path}:3"
    # a hash the reader does not know (another line) changes nothing
    assert list(read_path(path, committed={record_hash(b"{}"): "x"})) == docs


def test_only_jsonl_records_carry_a_record_hash(tmp_path):
    [text] = read_path(write(tmp_path / "note.txt", "Title\nSoldiers were deployed to the capital.\n"))
    assert text.record_hash is None
