from pathlib import Path

from sitrep.pipelines.schemas import EVENTS_SCHEMA

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_shows_the_two_commands_first():
    assert README.index("make run") < README.index("## Command line")
    assert README.index("make test") < README.index("## Command line")


def test_readme_schema_table_names_every_events_column():
    table = README.split("### Events schema", 1)[1].split("### Example queries", 1)[0]
    missing = [
        name for name in EVENTS_SCHEMA.names
        if f"`{name}`" not in table and not any(name.endswith(s) for s in ("_qualifier", "_high"))
    ]
    assert missing == []


def test_readme_names_every_documents_column():
    from sitrep.pipelines.schemas import DOCUMENTS_SCHEMA

    paragraph = README.split("A `documents` row", 1)[1].split("\n\n", 1)[0]
    assert [name for name in DOCUMENTS_SCHEMA.names if f"`{name}`" not in paragraph] == []
