"""Parquet files (with pyarrow, the ``parquet`` extra) from the same rows as JSONL and CSV.

Columns are the row fields. Lists of strings (actor ids, outlets) stay lists; nested
objects (reports, conflicts, per-article event lists) are stored as JSON text, so every table
has a flat, stable schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import WirewatchError

#: Rows per row group: bounds memory while writing large stores.
BATCH_ROWS = 10_000


def _nested(value: Any) -> bool:
    return isinstance(value, dict) or (isinstance(value, list) and not all(isinstance(v, str) for v in value))


def write(rows: Iterator[dict[str, Any]], path: Path) -> int:
    """Write the rows to a Parquet file at ``path``; return the number of rows."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise WirewatchError("Parquet export needs pyarrow: pip install 'wirewatch[parquet]'") from exc
    data = list(rows)
    if not data:
        raise WirewatchError("nothing to export: the table is empty (a Parquet file needs at least one row)")
    columns = list(dict.fromkeys(k for row in data for k in row))
    # a column holding a nested value anywhere is JSON text everywhere (one type per column)
    as_json = {k for row in data for k, v in row.items() if _nested(v)}
    flat = [{k: json.dumps(v, ensure_ascii=False) if k in as_json and v is not None else v for k, v in row.items()}
            for row in data]
    table = pa.Table.from_pylist(flat, schema=_schema(pa, flat, columns))
    pq.write_table(table, path, row_group_size=BATCH_ROWS, compression="zstd")
    return len(flat)


def _schema(pa: Any, rows: list[dict[str, Any]], columns: list[str]) -> Any:
    """One type per column from its first non-null value (all-null columns are strings)."""
    fields = []
    for name in columns:
        sample = next((r[name] for r in rows if r.get(name) is not None), None)
        if isinstance(sample, bool):
            kind = pa.bool_()
        elif isinstance(sample, int):
            kind = pa.int64()
        elif isinstance(sample, float):
            kind = pa.float64()
        elif isinstance(sample, list):
            kind = pa.list_(pa.string())
        else:
            kind = pa.string()
        if kind == pa.int64() and any(isinstance(r.get(name), float) for r in rows):
            kind = pa.float64()
        fields.append(pa.field(name, kind))
    return pa.schema(fields)
