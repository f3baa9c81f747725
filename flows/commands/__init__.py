"""Sitrep's commands, one module per group of them; flows/cli.py registers them all on `sitrep`."""
