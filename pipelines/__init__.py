"""Sitrep's logic: ingest, segment, extract, normalise, write. No Prefect here."""
from __future__ import annotations

# The release of the code. The version a run records (pipelines.resources.Resources.version)
# adds what else shapes its output: the seed files it loaded and the libraries installed.
RELEASE = "0.1.0"
