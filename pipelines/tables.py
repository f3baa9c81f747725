"""Arrow tables as every process builds them, a worker process included: no DuckDB here.

A worker process of a process pool or a Dask node imports what extraction needs and nothing
more; the lake's modules (DuckDB, DuckLake) stay in the flow's process, which writes.
"""
from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa


def table_from_rows(rows: Iterable[dict], schema: pa.Schema) -> pa.Table:
    """Rows (dicts, missing keys are null) as a table of exactly this schema."""
    rows = list(rows)
    # column by column: no second dict per row (measured: a quarter of from_pylist's time)
    return pa.Table.from_pydict({k: [r.get(k) for r in rows] for k in schema.names}, schema=schema)


def release_arrow_memory() -> None:
    """Return the memory Arrow's allocator holds but no longer uses to the system. Its
    default allocator keeps freed pages for reuse, so a long run of batches would otherwise
    grow by most of a batch per batch."""
    pa.default_memory_pool().release_unused()
