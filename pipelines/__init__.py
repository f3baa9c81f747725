"""Sitrep's logic: ingest, segment, extract, normalise, write. No Prefect here."""

EXTRACTOR_VERSION = "0.1.0"
