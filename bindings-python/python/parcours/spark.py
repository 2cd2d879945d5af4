"""Routing Spark DataFrames (``pip install 'parcours[spark]'``).

::

    from parcours.spark import route_spark, what_if_spark

    routed = route_spark(stays, engine, date="2024-01-01")     # a Spark DataFrame
    routed.groupBy("target").count().show()

    # per territory: the same stays routed on the network before and after a change
    summary = what_if_spark(stays, engine, changed_engine, by="territory")

The engine is broadcast once (pickled as its network JSON and compile options, rebuilt once per
Python worker) and each partition goes through ``DataFrame.mapInArrow``: Spark hands Arrow record
batches to ``Engine.route_batch``, which routes them in Rust; no pandas, no Python per row. The
result schema (the input columns, then ``target``, ``target_name``, ``level``, ``step``, ``rule``,
``entry``, ``distance_km``, ``outcome``, ``reason``, ``error``) is worked out on the driver by
routing an empty batch, so a missing or mistyped column raises ``parcours.CaseError`` there, as
in-process; rows that cannot be routed (bad date, unknown filière) carry their ``error`` or
``outcome == "invalid"`` and do not stop the job.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from parcours._scale import _pa, require, result_schema, route_arrow

if TYPE_CHECKING:
    import pyarrow as pa  # type: ignore[import-untyped]

    from parcours._core import Engine

__all__ = ["WHAT_IF_COLUMNS", "route_spark", "what_if_spark"]

#: Columns of :func:`what_if_spark` after the group keys.
WHAT_IF_COLUMNS = ("before", "after", "cases", "mean_delta_km")


def _pyspark(helper: str) -> Any:
    require("pyspark", "spark", helper)
    return require("pyspark.sql.pandas.types", "spark", helper)


def _share(df: Any, value: Any) -> Any:
    """A zero-argument function returning ``value`` on the executors: a Spark broadcast
    (shipped once per executor, unpickled once per Python worker), or, on Spark Connect where
    there are no broadcasts, the value carried by the function itself."""
    try:
        sc = df.sparkSession.sparkContext
    except Exception:  # noqa: BLE001 - Spark Connect raises its own error types here
        sc = None
    if sc is None:
        return lambda: value
    bc = sc.broadcast(value)
    return lambda: bc.value


def route_spark(df: Any, engine: Engine, *, date: Any = None, explain: bool = False) -> Any:
    """Routes every row of the Spark DataFrame ``df``: a Spark DataFrame with the result columns
    appended (text as ``string``, ``distance_km`` as ``double``).

    Columns and meaning are those of ``Engine.route_batch`` (``filiere``; ``origin`` or ``lat``
    and ``lon``; ``date`` as a date, timestamp or ``YYYY-MM-DD`` text, or ``date=`` for all rows;
    optional ``level``, ``flags``, ``exclude``, ``age``...). Lazy, like any Spark transformation.
    """
    types = _pyspark("parcours.spark.route_spark")
    arrow_in = types.to_arrow_schema(df.schema)
    arrow_out = result_schema(engine, arrow_in, date=date, explain=explain)
    spark_out = types.from_arrow_schema(arrow_out)
    get = _share(df, engine)

    def route_partition(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        eng, pa = get(), _pa()  # on the executor (modules are not shipped)
        for batch in batches:
            out = route_arrow(eng, batch, date=date, explain=explain)
            yield from _spark_batches(out, batch.schema, pa)

    return df.mapInArrow(route_partition, spark_out)


def _spark_batches(out: pa.Table, schema_in: pa.Schema, pa: Any) -> list[pa.RecordBatch]:
    """The routed table as record batches whose text columns use the string type Spark sent
    (``string`` or ``large_string``, depending on ``spark.sql.execution.arrow.useLargeVarTypes``)."""
    large = any(pa.types.is_large_string(f.type) for f in schema_in)
    if large:
        fields = [
            pa.field(f.name, pa.large_string()) if pa.types.is_string(f.type) else f
            for f in out.schema
        ]
        out = out.cast(pa.schema(fields))
    batches: list[pa.RecordBatch] = out.to_batches()
    return batches


def what_if_spark(
    df: Any,
    before: Engine,
    after: Engine | Mapping[Any, Engine],
    *,
    by: str | Sequence[str],
    date: Any = None,
) -> Any:
    """Per-group what-if with ``groupBy(by).applyInArrow``: each group's rows are routed on
    ``before`` and on ``after`` and summed up as one row per (``before`` target, ``after`` target)
    with ``cases`` and ``mean_delta_km`` (after minus before, over the rows routed both times;
    null when none was). A target is null for a row not routed (no route, invalid, error).

    ``after`` is one engine for every group, or a mapping from the group key (the value of the
    single ``by`` column) to the engine of that group's scenario, e.g. a change per territory;
    a group without an entry is routed on ``before`` both times. Filter on
    ``before IS DISTINCT FROM after`` for the changed cases.
    """
    types = _pyspark("parcours.spark.what_if_spark")
    pa = _pa()
    keys = [by] if isinstance(by, str) else list(by)
    if not keys:
        raise ValueError("what_if_spark: `by` names no column")
    if isinstance(after, Mapping) and len(keys) != 1:
        raise ValueError("what_if_spark: a mapping of engines needs exactly one `by` column")
    arrow_in = types.to_arrow_schema(df.schema)
    missing = [k for k in keys if k not in arrow_in.names]
    if missing:
        raise ValueError(f"what_if_spark: no column `{missing[0]}` to group by")
    result_schema(before, arrow_in, date=date)  # the same CaseError as in-process, early
    key_fields = [arrow_in.field(k) for k in keys]
    arrow_out = pa.schema(
        [
            *key_fields,
            pa.field("before", pa.string()),
            pa.field("after", pa.string()),
            pa.field("cases", pa.int64()),
            pa.field("mean_delta_km", pa.float64()),
        ]
    )
    spark_out = types.from_arrow_schema(arrow_out)
    get = _share(df, (before, after))

    def group(table: Any) -> Any:  # pyarrow Tables
        eng_before, eng_after = get()
        key = table.column(keys[0])[0].as_py() if table.num_rows else None
        if isinstance(eng_after, Mapping):
            eng_after = eng_after.get(key, eng_before)
        return _what_if_group(table, keys, eng_before, eng_after, date, arrow_out, _pa())

    return df.groupBy(*keys).applyInArrow(group, spark_out)


def _what_if_group(
    table: pa.Table, keys: list[str], before: Engine, after: Engine, date: Any,
    schema: pa.Schema, pa: Any,
) -> pa.Table:
    """One group: (before, after) target pairs with counts and mean Δ km."""
    pc = pa.compute
    a = route_arrow(before, table, date=date)
    b = route_arrow(after, table, date=date)
    pairs = pa.table(
        {
            "before": a.column("target"),
            "after": b.column("target"),
            "delta": pc.subtract(b.column("distance_km"), a.column("distance_km")),
        }
    )
    g = pairs.group_by(["before", "after"], use_threads=False).aggregate(
        [([], "count_all"), ("delta", "mean")]
    )
    n = g.num_rows
    cols = {k: pa.repeat(table.column(k)[0], n).cast(table.schema.field(k).type) for k in keys}
    out = pa.table(
        {
            **cols,
            "before": g.column("before"),
            "after": g.column("after"),
            "cases": g.column("count_all"),
            "mean_delta_km": g.column("delta_mean"),
        }
    )
    return out.cast(schema)
