"""Prefect wiring around pipelines/: flows, thin tasks, the CLI."""
