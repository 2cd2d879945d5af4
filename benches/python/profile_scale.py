"""Profiles of what a Spark, Dask or DuckDB worker runs per batch, in this process (cProfile):
where the time goes, how many Python calls a row costs, and whether anything converts to pandas.

    .venv/bin/python benches/python/profile_scale.py [ROWS]

Each worker function is the one the helpers ship: Spark's ``mapInArrow`` function on 10,000-row
record batches (Spark's default ``maxRecordsPerBatch``), Dask's ``map_partitions`` function on
an Arrow-backed pandas partition (as ``read_parquet`` gives), DuckDB's UDF on 2,048-row vectors.
The extract is ``examples/python/stays.py`` (synthetic national network, invented data).
"""

from __future__ import annotations

import cProfile
import pstats
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "python"))

import pandas as pd  # noqa: E402
import pyarrow as pa  # type: ignore[import-untyped]  # noqa: E402
import stays  # noqa: E402

import parcours  # noqa: E402
from parcours._scale import route_arrow  # noqa: E402
from parcours.dask import _route_partition  # noqa: E402
from parcours.spark import _spark_batches  # noqa: E402


def profile(label: str, rows: int, f: Callable[[], Any]) -> None:
    prof = cProfile.Profile()
    prof.enable()
    f()
    prof.disable()
    st = pstats.Stats(prof)
    total = st.total_tt  # type: ignore[attr-defined]
    stats: dict[Any, Any] = st.stats  # type: ignore[attr-defined]
    calls = sum(v[1] for v in stats.values())
    rust = sum(v[2] for k, v in stats.items() if "_route_columns" in k[2])
    pandas = sum(v[1] for k, v in stats.items() if k[2] in ("to_pandas", "table_to_dataframe"))
    per_row = sum(v[1] for k, v in stats.items()
                  if k[2] == "route_batch" and k[0].endswith("_batch.py"))
    print(f"{label:44s} {total:6.2f} s  {rows / total / 1e6:5.2f} M rows/s  "
          f"Rust routing {rust / total:5.1%}  Python calls {calls:>7,} "
          f"({calls / rows:.4f} per row)  route_batch calls {per_row:>5,}  to_pandas calls {pandas}")


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    net = stays.network()
    engine: parcours.Engine = net.compile()
    table = stays.stays(net, rows)
    print(f"{rows:,} synthetic stays, national network; cProfile on one core")

    batches = table.to_batches(max_chunksize=10_000)

    def spark() -> None:
        for b in batches:
            out = route_arrow(engine, b)
            _spark_batches(out, b.schema, pa)

    partition = table.to_pandas(types_mapper=pd.ArrowDtype)

    def dask() -> None:
        _route_partition(partition, engine, None, False)

    import duckdb

    from parcours.duckdb import register

    captured: dict[str, Any] = {}

    class Con:
        def create_function(self, name: str, fn: Any, *args: Any, **kwargs: Any) -> None:
            captured["fn"] = fn

    register(Con(), engine)
    udf = captured["fn"]
    cols = table.select(["filiere", "origin", "date", "level"]).to_batches(max_chunksize=2048)

    def duck() -> None:
        for b in cols:
            udf(*[pa.chunked_array([c]) for c in b.columns])

    profile("in-process route_batch(table)", rows, lambda: engine.route_batch(table))
    profile("Spark mapInArrow function, 10,000-row batches", rows, spark)
    profile("Dask partition function, one pandas partition", rows, dask)
    profile("DuckDB UDF, 2,048-row vectors", rows, duck)
    del duckdb
    return 0


if __name__ == "__main__":
    sys.exit(main())
