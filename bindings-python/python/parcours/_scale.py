"""What the Spark, Dask and DuckDB helpers share: the optional import with the extra to install,
the fixed Arrow schema of routed batches, and routing one Arrow batch into that schema.

``Engine.route_batch`` returns dictionary-encoded text columns whose index type is the narrowest
that fits the batch (``int8`` up to 127 values, then ``int16``...). A distributed engine needs one
schema for every partition, so here the result columns are cast to plain ``string`` (an Arrow
cast in C++, no Python per row). The schema is worked out by routing an empty batch with the
input's schema: every check of the input columns (a missing ``filiere``, a ``date`` of the wrong
type) raises the same ``CaseError`` as in-process, on the driver, before any task runs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from parcours._batch import OUTPUT_COLUMNS

if TYPE_CHECKING:
    import pyarrow as pa  # type: ignore[import-untyped]

    from parcours._core import Engine

__all__ = ["require", "result_schema", "route_arrow"]


def require(module: str, extra: str, helper: str) -> Any:
    """Imports ``module`` or raises ``ImportError`` naming the extra that brings it."""
    try:
        return importlib.import_module(module)
    except ImportError as err:
        top = module.split(".")[0]
        raise ImportError(
            f"{helper} needs {top}, which is not installed: pip install 'parcours[{extra}]'"
        ) from err


def _pa() -> Any:
    pa = require("pyarrow", "frames", "routing through Arrow batches")
    import pyarrow.compute  # type: ignore[import-untyped]  # noqa: F401  (binds pa.compute)

    return pa


def _plain_type(t: Any, pa: Any) -> Any:
    if pa.types.is_dictionary(t):
        return t.value_type
    return t


def _fix(table: pa.Table, schema: pa.Schema | None, pa: Any) -> pa.Table:
    """The result columns of ``table`` decoded (dictionary -> their value type), then the
    table cast to ``schema`` when given (input columns keep their type)."""
    names = table.column_names
    for i, name in enumerate(names):
        col = table.column(i)
        if pa.types.is_dictionary(col.type):
            table = table.set_column(i, name, col.cast(col.type.value_type))
    if schema is not None and table.schema != schema:
        table = table.cast(schema)
    return table


def result_schema(
    engine: Engine, schema: pa.Schema, *, date: Any = None, explain: bool = False
) -> pa.Schema:
    """The schema of ``route_arrow`` for batches of ``schema``: the input columns, then the
    result columns (``level`` replaced in place). Raises ``CaseError`` as ``route_batch`` would
    for a missing or mistyped column."""
    pa = _pa()
    empty = pa.Table.from_batches([], schema=schema) if len(schema) else pa.table({})
    out = engine.route_batch(empty, date=date, explain=explain)
    fields = [pa.field(f.name, _plain_type(f.type, pa)) for f in out.schema]
    return pa.schema(fields)


def route_arrow(
    engine: Engine,
    batch: pa.RecordBatch | pa.Table,
    *,
    date: Any = None,
    explain: bool = False,
    schema: pa.Schema | None = None,
) -> pa.Table:
    """Routes one Arrow batch or table with ``engine.route_batch`` and returns a pyarrow Table
    with plain (not dictionary-encoded) result columns, cast to ``schema`` when given."""
    pa = _pa()
    out = engine.route_batch(batch, date=date, explain=explain)
    return _fix(out, schema, pa)


def output_columns(explain: bool) -> tuple[str, ...]:
    """The names of the result columns, in order."""
    return (*OUTPUT_COLUMNS, "explanation") if explain else OUTPUT_COLUMNS
