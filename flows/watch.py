"""The lines a scheduled run writes to its Prefect run log: one when it starts, one when it ends.

They reach the Prefect API (the UI's flow run page, `POST /api/logs/filter`) and, through the
runner that started the run, `sitrep serve`'s output. Each is one line, so a log reader or
`grep` sees a run whole. No Prefect import: the formatting is tested without a server.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sitrep.flows.errors import RunCommittedError, what_failed

# Stages in the order a run passes them; any other stage a summary times follows these.
STAGE_ORDER = ("fetch", "read", "extract", "incidents", "stage", "commit", "views")


@dataclass(frozen=True)
class RunInfo:
    """Which run a line is about, as Prefect's runtime reports it."""

    label: str  # `flow/deployment` for a deployment's run, else the flow's name
    name: str
    id: str
    parameters: dict = field(default_factory=dict)
    ui_url: str | None = None  # the flow run's page in the Prefect UI

    @property
    def head(self) -> str:
        return f"{self.label}: flow run {self.name!r} ({self.id})"


def artifact_link(ui_base: str | None, artifact_id: str | None) -> str | None:
    """The UI page of an artifact (Prefect's URL helper has none for artifacts); its id alone
    where the API serves no UI; None when no artifact was made."""
    if not artifact_id:
        return None
    return f"{ui_base.rstrip('/')}/artifacts/artifact/{artifact_id}" if ui_base else f"artifact {artifact_id}"


def _counted(counts: dict) -> str:
    return ", ".join(f"{name} {n}" for name, n in sorted(counts.items()))


def stage_seconds(timings: dict) -> str:
    """`fetch 0.01, read 0.20, ...`: the run's stages in order, without the `work` total."""
    known = [s for s in STAGE_ORDER if s in timings]
    other = sorted(s for s in timings if s not in STAGE_ORDER and s != "work")
    return ", ".join(f"{s} {timings[s]:.2f}" for s in [*known, *other])


def start_line(run: RunInfo) -> str:
    inputs = " ".join(f"{k}={v!r}" for k, v in run.parameters.items()) or "none"
    return f"{run.head} started; inputs {inputs}" + (f"; UI {run.ui_url}" if run.ui_url else "")


def end_line(run: RunInfo, summary: dict, ui_base: str | None = None) -> str:
    """The finished run's counts, stage seconds and outcome, and where its summary artifact is."""
    documents = (
        f"documents {summary['documents_read']} read, {summary['documents_new']} new, "
        f"{summary['documents_changed']} changed, {summary['documents_unchanged']} unchanged"
        + (f", {summary['documents_reextracted']} re-extracted" if summary.get("documents_reextracted") else "")
        + (f", {summary['documents_not_english']} not English" if summary.get("documents_not_english") else "")
    )
    events = f"events {summary['events']}" + (f" ({_counted(summary['events_by_type'])})" if summary["events"] else "")
    rejects = f"rejects {summary['rejects']}" + (f" ({_counted(summary['reject_reasons'])})" if summary["rejects"] else "")
    parts = [
        f"{run.head} Completed in {summary['seconds']:.2f}s",
        documents,
        events,
        rejects,
        f"seconds {stage_seconds(summary.get('timings', {}))}",
    ]
    maintenance = summary.get("compacted", {}).get("maintenance_failed")
    if maintenance:
        parts.append(f"warning: the lake's maintenance failed: {maintenance}")
    link = artifact_link(ui_base, summary.get("artifact_id"))
    if link:
        parts.append(f"summary {link}")
    return "; ".join(parts)


def failure_line(run: RunInfo, exc: BaseException, seconds: float, committed: bool = False) -> str:
    """A failed run in one line: the reason, whether the lake has its data, and its UI page
    (which holds the traceback)."""
    cause = exc.__cause__ if isinstance(exc, RunCommittedError) and exc.__cause__ else exc
    reason = what_failed(cause, traceback_hint="")
    if isinstance(exc, RunCommittedError):
        reason = f"{exc}: {reason}"
    state = "the new data are in the lake" if committed or isinstance(exc, RunCommittedError) else "nothing was committed"
    return (f"{run.head} Failed after {seconds:.2f}s: {reason}; {state}"
            + (f"; traceback at {run.ui_url}" if run.ui_url else ""))
