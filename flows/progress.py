"""The progress bar of long runs, drawn with rich in the CLI layer and fed by the flow's `progress` hook."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

COUNTS = ("documents", "events", "rejects")


@contextmanager
def run_progress(console: Console | None = None) -> Iterator[Callable[[dict], None] | None]:
    """Yield a callback that shows the flow's running counts, or None where stderr is no terminal
    (pipes, CI logs, tests): the summary printed at the end says it all there."""
    console = console or Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description:>9}"), BarColumn(), TextColumn("{task.completed:>9,}"),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        tasks = {name: bar.add_task(name, total=None) for name in COUNTS}

        def update(counts: dict) -> None:
            for name, task_id in tasks.items():
                bar.update(task_id, completed=counts.get(name, 0))

        yield update
