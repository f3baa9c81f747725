"""The `sitrep` command: one click group, on which every command is registered here.

Each command parses flags and calls one flow or library function (flows/commands/, flows/serve.py);
options they share are in flows/options.py. Prefect is imported only by the commands that run a
flow, so `sitrep sql` stays fast.
"""
from __future__ import annotations

import os
import sys
import traceback

import click
from sitrep.flows.commands.dashboard import dashboard, events
from sitrep.flows.commands.incidents import incidents
from sitrep.flows.commands.lake import attach, migrate, snapshots, sql
from sitrep.flows.commands.run import reprocess, run
from sitrep.flows.errors import exit_code, failure_line
from sitrep.flows.serve import serve, trigger

WRITING_COMMANDS = ("run", "reprocess")


def quiet_prefect_defaults() -> None:
    """Offline-friendly Prefect defaults, unless the user set them."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")


class OneLineErrors(click.Group):
    """A failing command prints one line (what failed, where, what to do) and exits 1, or 4 when the
    run had committed; `--debug` prints the traceback first."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if (ctx.obj or {}).get("debug"):
                traceback.print_exc()
            click.echo(failure_line(exc, writing=ctx.invoked_subcommand in WRITING_COMMANDS), err=True)
            sys.exit(exit_code(exc))


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sitrep-etl")
@click.option("--debug", is_flag=True, envvar="SITREP_DEBUG", help="Print the traceback of a failure.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Sitrep: extract conflict events from news text into a Parquet lake queried with DuckDB."""
    quiet_prefect_defaults()  # before any command imports prefect
    ctx.ensure_object(dict)["debug"] = debug


for command in (run, reprocess, sql, snapshots, migrate, attach, events, incidents, dashboard, serve, trigger):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="sitrep")


if __name__ == "__main__":
    main()
