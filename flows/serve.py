"""`sitrep serve` and `sitrep trigger`: scheduled collection of the sources in sitrep.toml.

Prefect is imported inside the commands, so registering them keeps `sitrep sql` fast.
"""
from __future__ import annotations

import os
import signal
import sys
from contextlib import ExitStack
from pathlib import Path

import click
from sitrep.flows.options import config_file

FLOW_NAME = "sitrep-collect"  # the name of flows.collect.collect


def _config(path: Path):
    from sitrep.pipelines.config import ConfigError, load_config

    try:
        settings = load_config(path)
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if not settings.sources:
        click.echo(f"error: {path}: no [[sources]] to collect (see sitrep.example.toml)", err=True)
        sys.exit(1)
    return settings


def _configured_api_url(config) -> str | None:
    """The standing server to use: PREFECT_API_URL from the environment, else `prefect.api_url`."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    return str(config.prefect.api_url).rstrip("/") if config.prefect.api_url else None


# Prefect's logging configuration, overridden from the environment: the level of its run loggers.
RUN_LOG_LEVEL = "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL"


def show_run_logs(environ) -> None:
    """Let the served runs' INFO lines through: their start, counts and end (flows.watch) are INFO
    records of Prefect's run logger, which the quiet default PREFECT_LOGGING_LEVEL=WARNING would
    drop before they reach the API or this output. Set in `environ` for the flow runs, child
    processes that configure their logging when they start; a level the user chose is kept, and
    Prefect's other loggers (task runs, the runner) stay at PREFECT_LOGGING_LEVEL."""
    import logging

    chosen = logging.getLevelName(environ.get("PREFECT_LOGGING_LEVEL", "INFO").upper())
    if isinstance(chosen, int) and chosen > logging.INFO:
        environ.setdefault(RUN_LOG_LEVEL, "INFO")


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def deployment_name(source_name: str) -> str:
    return f"{FLOW_NAME}/{source_name}"


def _deployments(config, config_path: Path) -> list:
    from prefect.schedules import Cron
    from sitrep.flows.collect import collect

    return [
        collect.to_deployment(
            name=source.name,
            schedules=[Cron(source.cron, timezone=source.timezone)],
            parameters={"source_name": source.name, "config_path": str(config_path.resolve())},
            description=f"Collect the {source.kind} source {source.name!r} into {config.lake}",
            tags=["sitrep", source.kind],
        )
        for source in config.sources
    ]


@click.command()
@config_file
def serve(config_path: Path) -> None:
    """Serve one scheduled Prefect deployment per source until stopped (Ctrl-C or SIGTERM)."""
    config = _config(config_path)
    import asyncio

    from prefect.runner import Runner
    from prefect.settings import PREFECT_API_URL, temporary_settings
    from sitrep.flows.runtime import SERVED_CONSOLE_TRACEBACKS, quiet_heartbeats
    from sitrep.flows.server import EmbeddedServer, ServerStartError, is_healthy, recorded_api_url

    # Until the Prefect runner installs its own handler, SIGTERM unwinds like Ctrl-C, so a
    # server being started is still stopped.
    signal.signal(signal.SIGTERM, _interrupt)
    with ExitStack() as stack:
        api_url = _configured_api_url(config)
        if api_url is not None and not is_healthy(api_url):
            click.echo(f"error: no Prefect server answers at {api_url}", err=True)
            sys.exit(1)
        if api_url is None:
            running = recorded_api_url(config.prefect_home)
            if running and is_healthy(running):
                click.echo(f"error: a `sitrep serve` already runs for {config.lake} (Prefect server {running})", err=True)
                sys.exit(1)
            server = EmbeddedServer(
                config.prefect_home, config.prefect.host, config.prefect.port, config.prefect.startup_timeout_seconds
            )
            click.echo(f"starting a Prefect server (database in {config.prefect_home}) ...")
            try:
                api_url = server.start()
            except ServerStartError as exc:
                click.echo(f"error: {exc}", err=True)
                sys.exit(1)
            stack.callback(server.stop)
            click.echo(f"Prefect server up at {api_url} in {server.started_in:.1f}s (UI: {api_url.removesuffix('/api')})")
        # The flow runs the runner starts are child processes: they read the address from the environment.
        os.environ["PREFECT_API_URL"] = api_url
        show_run_logs(os.environ)  # after `import prefect` configured this process's own logging
        if not (click.get_current_context().find_root().obj or {}).get("debug"):
            # A failed run prints one line here; its tracebacks stay in the API's logs (the UI).
            os.environ[SERVED_CONSOLE_TRACEBACKS] = "off"
        stack.enter_context(temporary_settings({PREFECT_API_URL: api_url}))
        stack.enter_context(quiet_heartbeats())
        # One run at a time: every source writes the same lake, whose lock refuses a second writer.
        runner = Runner(name="sitrep", limit=1)
        for deployment in _deployments(config, config_path):
            runner.add_deployment(deployment)
        for source in config.sources:
            click.echo(f"serving {deployment_name(source.name)}  cron {source.cron!r} ({source.timezone})")
        click.echo(f"serving {len(config.sources)} deployment(s) on {api_url}; Ctrl-C stops", nl=True)
        sys.stdout.flush()
        try:
            asyncio.run(runner.start())
        except KeyboardInterrupt:
            pass
        click.echo("stopping ...")


@click.command()
@click.argument("source")
@config_file
@click.option("--wait", is_flag=True, help="Wait for the run to finish and exit 1 if it failed.")
def trigger(source: str, config_path: Path, wait: bool) -> None:
    """Run SOURCE's deployment once now, without waiting for its schedule (needs `sitrep serve`)."""
    from sitrep.pipelines.config import ConfigError

    config = _config(config_path)
    try:
        config.source(source)
    except ConfigError as exc:
        raise click.BadParameter(str(exc), param_hint="SOURCE") from None
    from sitrep.flows.server import is_healthy, recorded_api_url

    api_url = _configured_api_url(config) or recorded_api_url(config.prefect_home)
    if api_url is None or not is_healthy(api_url):
        click.echo(
            f"error: no Prefect server answers{f' at {api_url}' if api_url else ''}: start `sitrep serve --config "
            f"{config_path}` first, or set PREFECT_API_URL",
            err=True,
        )
        sys.exit(1)
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: api_url}):
        try:
            run = run_deployment(deployment_name(source), timeout=None if wait else 0, poll_interval=1, as_subflow=False)
        except Exception as exc:  # an unknown deployment comes back as an HTTP 404 error
            click.echo(f"error: could not run {deployment_name(source)} on {api_url}: {exc}", err=True)
            sys.exit(1)
        from prefect.utilities.urls import url_for

        page = url_for("flow-run", obj_id=run.id)  # its logs and summary artifact; None without a UI URL
    state = run.state.name if run.state else "unknown"
    click.echo(f"flow run {run.name} ({run.id}) of {deployment_name(source)}: {state}" + (f"  {page}" if page else ""))
    if wait and not (run.state and run.state.is_completed()):
        sys.exit(1)
