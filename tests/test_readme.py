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


def test_readme_pipeline_diagram_names_modules_that_exist():
    """Every module the "How a document flows" diagram names can be imported, and every
    other path it names exists."""
    import importlib
    import re

    root = Path(__file__).resolve().parents[1]
    diagram = README.split("### How a document flows", 1)[1].split("```text", 1)[1].split("```", 1)[0]
    paths = re.findall(r"\b(?:pipelines|sql)/[\w/]*(?:\.py)?", diagram)
    assert len(paths) >= 15  # one per stage at least: the block is the diagram, not something else
    missing = [p for p in paths if not (root / p).exists()]
    assert missing == []
    for path in (p for p in paths if p.startswith("pipelines/")):
        module = "sitrep." + path.removesuffix(".py").removesuffix("/").replace("/", ".")
        importlib.import_module(module)  # raises if the diagram names what is not a module


def test_readme_pipeline_diagram_lists_the_stages_in_flow_order():
    diagram = README.split("### How a document flows", 1)[1].split("```text", 1)[1].split("```", 1)[0]
    stages = [line.split()[0] for line in diagram.strip().splitlines() if not line.startswith(" ")]
    assert stages == [
        "ingest", "documents", "language", "segment", "gate", "match", "annotate",
        "incidents", "transform", "lake", "warehouse",
    ]
