"""Routing from DuckDB SQL (``pip install 'parcours[duckdb]'``).

::

    import duckdb
    from parcours.duckdb import register, route_relation

    con = duckdb.connect()
    register(con, engine)                       # the function parcours_route(...)
    con.sql(\"\"\"
        SELECT r.target, count(*) AS stays
        FROM (SELECT parcours_route(filiere, origin, date, level) AS r FROM 'stays.parquet')
        GROUP BY ALL ORDER BY stays DESC
    \"\"\")

    routed = route_relation(con.sql("SELECT * FROM 'stays.parquet'"), engine)   # every column
    con.sql("SELECT target, avg(distance_km) FROM routed GROUP BY target")

``parcours_route(filiere VARCHAR, origin VARCHAR, date DATE, level VARCHAR)`` is a vectorised
Arrow UDF: DuckDB hands it whole vectors as Arrow arrays, which go to ``Engine.route_batch``
(routed in Rust, no Python per row), and it returns a ``STRUCT`` with the result columns of
``parcours.RESULT_COLUMNS`` but the echoed ``id`` (``outcome``, ``target``, ``target_name``,
``level``, ``target_level``, ``step``, ``rule``, ``tele_service``, ``fallback_target``,
``entry``, ``commune``, ``distance_km``, ``minutes``, ``reason``, ``error``), in that order. NULL arguments are passed on (a NULL origin is the case's
missing origin, a NULL level the filière's lowest, a NULL date the ``date=`` given to
:func:`register`), so each row gets the same result, or per-row ``error``, as in-process.

A SQL function has one fixed signature: for the other case columns (``lat``/``lon``, ``flags``,
``exclude``, ``age``...) or dates held as text (a bad date is then that row's ``error`` rather
than a failed cast), route the whole relation with :func:`route_relation`, which streams its
Arrow record batches through ``route_batch`` and gives an Arrow stream that DuckDB queries.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from parcours._batch import RESULT_COLUMNS
from parcours._scale import _pa, require, result_schema, route_arrow

if TYPE_CHECKING:
    import pyarrow as pa  # type: ignore[import-untyped]

    from parcours._core import Engine

__all__ = ["UDF_ARGUMENTS", "register", "route_relation"]

#: The arguments of ``parcours_route``, in order.
UDF_ARGUMENTS = ("filiere", "origin", "date", "level")


def _duckdb(helper: str) -> Any:
    return require("duckdb", "duckdb", helper)


def register(
    con: Any, engine: Engine, *, name: str = "parcours_route", date: Any = None
) -> Any:
    """Registers ``name(filiere, origin, date, level)`` on the DuckDB connection ``con``,
    routing with ``engine``; returns ``con``. ``date`` is the date of rows whose ``date`` is
    NULL. Register another engine under another name (``name="parcours_route_2025"``) to
    compare scenarios in one query."""
    duckdb = _duckdb("parcours.duckdb.register")
    pa = _pa()
    sqltypes = duckdb.sqltypes
    input_schema = pa.schema(
        [("filiere", pa.string()), ("origin", pa.string()), ("date", pa.date32()),
         ("level", pa.string())]
    )
    out_schema = result_schema(engine, input_schema, date=date)
    # The columns a decision fills: the echoed `id` is the query's own column.
    fields = [out_schema.field(c.name) for c in RESULT_COLUMNS if c.kind != "echo"]
    struct = duckdb.struct_type(
        {f.name: sqltypes.DOUBLE if pa.types.is_floating(f.type) else sqltypes.VARCHAR
         for f in fields}
    )
    struct_type = pa.struct([pa.field(f.name, f.type) for f in fields])

    def route(filiere: Any, origin: Any, day: Any, level: Any) -> Any:
        table = pa.table([filiere, origin, day, level], schema=input_schema)
        out = route_arrow(engine, table, date=date)
        arrays = [out.column(f.name).combine_chunks() for f in fields]
        return pa.StructArray.from_arrays(arrays, fields=list(struct_type))

    con.create_function(
        name,
        route,
        [sqltypes.VARCHAR, sqltypes.VARCHAR, sqltypes.DATE, sqltypes.VARCHAR],
        struct,
        type="arrow",
        null_handling="special",
        side_effects=False,
    )
    return con


def route_relation(
    relation: Any,
    engine: Engine,
    *,
    date: Any = None,
    explain: bool = False,
    batch_rows: int = 1_000_000,
) -> pa.RecordBatchReader:
    """Routes every row of a DuckDB relation (``con.sql(...)``, ``con.table(...)``,
    ``con.read_parquet(...)``) with every case column ``Engine.route_batch`` reads: a pyarrow
    ``RecordBatchReader`` (read once) of the input columns and the result columns, which DuckDB
    queries by its Python variable name or through ``con.from_arrow(reader)``.

    Batches of ``batch_rows`` rows are routed one after the other as DuckDB produces them. A
    missing or mistyped column raises ``parcours.CaseError`` here, before any row is read.
    """
    _duckdb("parcours.duckdb.route_relation")
    pa = _pa()
    reader = relation.to_arrow_reader(batch_rows)
    try:
        schema = result_schema(engine, reader.schema, date=date, explain=explain)
    except BaseException:
        reader.close()  # frees the connection's open result
        raise

    def batches() -> Iterator[Any]:  # pyarrow RecordBatches
        for batch in reader:
            yield from route_arrow(engine, batch, date=date, explain=explain, schema=schema)\
                .to_batches()

    return pa.RecordBatchReader.from_batches(schema, batches())
