import errno
import logging

import pytest
from sitrep.flows.collect import collect
from sitrep.flows.errors import RunCommittedError
from sitrep.flows.watch import RunInfo, end_line, failure_line, stage_seconds, start_line

RUN = RunInfo("sitrep-collect/wire", "brave-fox", "0f0e-id", {"source_name": "wire", "config_path": "/etc/s.toml"},
              "http://127.0.0.1:4200/runs/flow-run/0f0e-id")
NO_UI = RunInfo("sitrep-collect", "calm-owl", "1a1b-id")


def summary(**changes) -> dict:
    base = {
        "documents_read": 7, "documents_new": 3, "documents_changed": 1, "documents_unchanged": 2,
        "documents_reextracted": 0, "documents_not_english": 0, "documents_extracted": 4,
        "events": 5, "events_by_type": {"deployment": 1, "casualty_report": 4},
        "rejects": 3, "reject_reasons": {"timeout": 1, "http_error": 2},
        "seconds": 2.345, "artifact_id": "a-1",
        "timings": {"views": 0.4, "read": 0.25, "extract": 1.5, "commit": 0.2, "stage": 0.05, "fetch": 0.6,
                    "work": 3.0},
    }
    return {**base, **changes}


def test_start_line_names_the_deployment_run_inputs_and_ui_page_on_one_line():
    line = start_line(RUN)
    assert line == (
        "sitrep-collect/wire: flow run 'brave-fox' (0f0e-id) started; inputs source_name='wire' "
        "config_path='/etc/s.toml'; UI http://127.0.0.1:4200/runs/flow-run/0f0e-id"
    )
    assert start_line(NO_UI) == "sitrep-collect: flow run 'calm-owl' (1a1b-id) started; inputs none"


def test_end_line_gives_counts_events_by_type_rejects_by_reason_stage_seconds_and_the_summary_link():
    line = end_line(RUN, summary(), "http://127.0.0.1:4200")
    assert "\n" not in line
    assert line.startswith("sitrep-collect/wire: flow run 'brave-fox' (0f0e-id) Completed in 2.35s; ")
    assert "; documents 7 read, 3 new, 1 changed, 2 unchanged; " in line
    assert "; events 5 (casualty_report 4, deployment 1); " in line
    assert "; rejects 3 (http_error 2, timeout 1); " in line
    # Stages in the order a run passes them; the `work` total is not a stage.
    assert "; seconds fetch 0.60, read 0.25, extract 1.50, stage 0.05, commit 0.20, views 0.40; " in line
    assert line.endswith("; summary http://127.0.0.1:4200/artifacts/artifact/a-1")


def test_end_line_of_a_quiet_run_without_a_ui_names_the_artifact_by_id():
    quiet = summary(documents_read=2, documents_new=0, documents_changed=0, documents_unchanged=2, events=0,
                    events_by_type={}, rejects=0, reject_reasons={}, documents_reextracted=1, documents_not_english=1)
    line = end_line(NO_UI, quiet, None)
    assert "; documents 2 read, 0 new, 0 changed, 2 unchanged, 1 re-extracted, 1 not English; events 0; rejects 0; " in line
    assert line.endswith("; summary artifact a-1")


def test_end_line_warns_when_the_lakes_maintenance_failed():
    line = end_line(RUN, summary(compacted={"maintenance_failed": "disk full"}))
    assert "; warning: the lake's maintenance failed: disk full; summary artifact a-1" in line


def test_stage_seconds_put_unknown_stages_after_the_known_ones():
    assert stage_seconds({"zip": 1.0, "read": 0.5, "work": 1.5}) == "read 0.50, zip 1.00"


@pytest.mark.parametrize(
    ("exc", "committed", "expected"),
    [
        (OSError(errno.ENOSPC, "No space left on device", "/lake/x.parquet"), False,
         "Failed after 1.50s: no space left on the device writing /lake/x.parquet: free some space, then run "
         "again; nothing was committed"),
        (ValueError("bad value\nsecond line"), False, "Failed after 1.50s: ValueError: bad value; nothing was committed"),
        (ValueError("delivery record failed"), True,
         "Failed after 1.50s: ValueError: delivery record failed; the new data are in the lake"),
    ],
)
def test_failure_line_gives_the_reason_and_what_the_lake_holds(exc, committed, expected):
    line = failure_line(RUN, exc, 1.5, committed=committed)
    assert line == f"sitrep-collect/wire: flow run 'brave-fox' (0f0e-id) {expected}; traceback at {RUN.ui_url}"


def test_failure_line_of_a_run_committed_before_its_views_failed_says_so():
    try:
        try:
            raise RuntimeError("view sql broken")
        except RuntimeError as cause:
            raise RunCommittedError("run r1 was committed, but rebuilding the views failed") from cause
    except RunCommittedError as exc:
        line = failure_line(NO_UI, exc, 0.25)
    assert line == ("sitrep-collect: flow run 'calm-owl' (1a1b-id) Failed after 0.25s: run r1 was committed, but "
                    "rebuilding the views failed: RuntimeError: view sql broken; the new data are in the lake")


def _inbox_config(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Clash\nTwo soldiers were wounded by shelling on Monday, officials said.\n")
    (inbox / "b.txt").write_text("")
    config = tmp_path / "sitrep.toml"
    config.write_text('lake = "lake"\n[[sources]]\nname = "box"\nkind = "inbox"\ncron = "* * * * *"\nfolder = "inbox"\n')
    return config


def _run_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "prefect.flow_runs" and "sitrep-collect: flow run" in r.getMessage()]


def test_a_collect_run_logs_its_start_and_end_to_the_run_logger(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="prefect.flow_runs")
    result = collect("box", str(_inbox_config(tmp_path)))
    start, end = _run_lines(caplog)
    assert "started; inputs source_name='box'" in start.getMessage()
    assert end.levelno == logging.INFO
    assert "documents 1 read, 1 new, 0 changed, 0 unchanged" in end.getMessage()
    assert "rejects 1 (empty 1)" in end.getMessage() and "seconds fetch " in end.getMessage()
    assert end.getMessage().rsplit("; summary ", 1)[1].endswith(result["artifact_id"])  # its page, or its id


def test_a_failing_collect_run_logs_one_failure_line_and_still_fails(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="prefect.flow_runs")
    with pytest.raises(Exception, match="no source named 'nope'"):
        collect("nope", str(_inbox_config(tmp_path)))
    start, failed = _run_lines(caplog)
    assert failed.levelno == logging.ERROR
    assert "Failed after" in failed.getMessage() and "no source named 'nope'" in failed.getMessage()
    assert "; nothing was committed" in failed.getMessage() and "\n" not in failed.getMessage()
