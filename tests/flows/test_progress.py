import io
from pathlib import Path

from rich.console import Console
from sitrep.flows.etl import etl, summary_markdown
from sitrep.flows.progress import run_progress
from sitrep.pipelines.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def test_flow_reports_running_counts_to_the_progress_hook(tmp_path):
    seen = []
    summary = etl([str(FIXTURES)], Settings(lake=str(tmp_path / "lake"), batch_size=2), progress=seen.append)
    assert len(seen) >= 3  # several batches, each reported
    assert [c["documents"] for c in seen] == sorted(c["documents"] for c in seen)
    assert seen[-1] == {"documents": summary["documents_read"], "events": summary["events"],
                        "rejects": summary["rejects"]}


def test_run_summary_artifact_lists_stage_timings(tmp_path):
    summary = etl([str(FIXTURES)], Settings(lake=str(tmp_path / "lake")))
    markdown = summary_markdown(summary)
    assert "| stage | seconds |" in markdown
    assert {"read", "extract", "incidents", "commit", "views"} <= set(summary["timings"])  # the bench reads these
    for stage in summary["timings"]:
        assert f"| {stage} |" in markdown


def test_progress_bar_draws_on_a_terminal_and_stays_silent_elsewhere():
    out = io.StringIO()
    with run_progress(Console(file=out, force_terminal=True, width=100)) as update:
        update({"documents": 1234, "events": 56, "rejects": 7})
    assert all(word in out.getvalue() for word in ("documents", "events", "rejects"))
    with run_progress(Console(file=io.StringIO(), force_terminal=False)) as update:
        assert update is None
