"""`sitrep run` on input written to break it: bad records are rejects, the run still commits."""
import json

from click.testing import CliRunner
from sitrep.flows.cli import cli
from sitrep.flows.commands.run import EXIT_REJECTS
from sitrep.pipelines.warehouse import query


def test_a_run_over_hostile_records_commits_the_good_ones_and_exits_with_rejects(tmp_path):
    src = tmp_path / "in.jsonl"
    records = [
        {"doc_id": "ok", "title": "Ambush", "text": "Two soldiers were killed in an ambush on Monday, the army said."},
        {"doc_id": "late", "text": "Quiet.", "published_at": "9999-12-31"},
        {"doc_id": "n", "text": "Quiet.", "url": 12345},
        {"doc_id": ["x"], "text": "Quiet."},
        {"doc_id": "s", "text": "Quiet \udc80."},
    ]
    src.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    lake = tmp_path / "lake"
    result = CliRunner().invoke(cli, ["run", str(src), "--lake", str(lake)], catch_exceptions=False)
    assert result.exit_code == EXIT_REJECTS, result.output
    assert "1 read, 1 extracted, 0 unchanged, 4 rejected" in result.output
    assert query(lake, "select doc_id from documents").rows == [("ok",)]
    assert query(lake, "select count(*) from rejects").rows == [(4,)]
