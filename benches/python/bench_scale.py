"""Spark, Dask and DuckDB against in-process ``Engine.route_batch`` on one synthetic extract.

    .venv/bin/python benches/python/bench_scale.py [ROWS] [--cores N] [--only spark,dask,duckdb]

The extract (``examples/python/stays.py``: the synthetic national network, 100,000 distinct
synthetic cases tiled to ROWS rows, default 5,000,000) is written once as 8 Parquet files in
out/bench-scale/. Each engine reads those files and routes every row; the results are not
collected to the driver but consumed where they are (Spark's ``noop`` sink, a per-partition
row count in Dask, ``count(...)`` in DuckDB), so the figures are routing plus the engine's own
I/O and data movement. For each engine a **baseline** runs the same job with an identity
function in place of routing (same reads, same Arrow hand-over, no parcours): routing's own
cost is the difference, to compare with in-process ``route_batch`` of the same rows. Start-up
(session, cluster, engine broadcast) is timed apart.
"""

from __future__ import annotations

import argparse
import logging
import os
import pickle
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "python"))

import pyarrow.dataset as ds  # type: ignore[import-untyped]  # noqa: E402
import stays  # noqa: E402

import parcours  # noqa: E402


def timed(f: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = f()
    return time.perf_counter() - start, out


def best(repeat: int, f: Callable[[], Any]) -> float:
    return min(timed(f)[0] for _ in range(repeat))


def line(label: str, rows: int, seconds: float) -> None:
    print(f"  {label:52s} {seconds:8.2f} s  {rows / seconds / 1e6:6.2f} M rows/s")


def bench_pickle(engine: parcours.Engine) -> None:
    blob = pickle.dumps(engine)
    pretty = len(engine.network.to_json().encode())
    times = [timed(lambda: pickle.loads(blob))[0] for _ in range(3)]
    print(f"pickled engine: {len(blob):,} bytes (network JSON pretty: {pretty:,}); "
          f"pickle {best(3, lambda: pickle.dumps(engine)):.3f} s; unpickle (parse + validate + "
          f"compile) median {statistics.median(times):.2f} s, best {min(times):.2f} s")


def bench_in_process(engine: parcours.Engine, path: Path, rows: int, repeat: int) -> None:
    print("in-process (this interpreter):")
    t_read, table = timed(lambda: ds.dataset(path).to_table())
    line("read the Parquet files (pyarrow)", rows, t_read)
    line("route_batch(table), threads=1", rows, best(repeat, lambda: engine.route_batch(table)))
    line("route_batch(table), threads=2", rows,
         best(repeat, lambda: engine.route_batch(table, threads=2)))
    batches = table.to_batches(max_chunksize=10_000)
    line("route_batch per 10,000-row batch (Spark's batch size)", rows,
         best(repeat, lambda: [engine.route_batch(b) for b in batches]))
    small = table.to_batches(max_chunksize=2048)
    line("route_batch per 2,048-row batch (DuckDB's vector)", rows,
         best(1, lambda: [engine.route_batch(b) for b in small]))


def bench_spark(engine: parcours.Engine, path: Path, rows: int, cores: int, repeat: int) -> None:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    from parcours.spark import route_spark

    print(f"Spark local[{cores}] (mapInArrow):")
    t_start, spark = timed(
        lambda: SparkSession.builder.master(f"local[{cores}]").appName("parcours-bench")
        .config("spark.ui.enabled", "false").config("spark.driver.memory", "4g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    print(f"  start-up: session {t_start:.1f} s")
    df = spark.read.parquet(str(path))

    def identity(batches: Iterator[Any]) -> Iterator[Any]:
        yield from batches

    base = df.mapInArrow(identity, df.schema)
    line("baseline: read + mapInArrow(identity) + noop sink", rows,
         best(repeat, lambda: base.write.format("noop").mode("overwrite").save()))
    t_plan, routed = timed(lambda: route_spark(df, engine))
    print(f"  route_spark plan (schema check, broadcast): {t_plan:.2f} s")
    times = [timed(lambda: routed.write.format("noop").mode("overwrite").save())[0]
             for _ in range(repeat + 1)]
    line("route_spark + noop sink, first run (workers unpickle)", rows, times[0])
    line("route_spark + noop sink, best later run", rows, min(times[1:]))
    spark.stop()


def _len(part: Any) -> int:
    return len(part)


def bench_dask(engine: parcours.Engine, path: Path, rows: int, cores: int, repeat: int) -> None:
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    from parcours.dask import route_dask

    print(f"Dask LocalCluster, {cores} worker processes x 1 thread (map_partitions):")
    t_start, cluster = timed(lambda: LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=cores, threads_per_worker=1, processes=True, dashboard_address=None,
        silence_logs=logging.ERROR))
    client = Client(cluster)  # type: ignore[no-untyped-call]
    print(f"  start-up: cluster {t_start:.1f} s")
    ddf = dd.read_parquet(str(path))
    print(f"  partitions: {ddf.npartitions}; dtypes: {dict(ddf.dtypes.astype(str))}")
    line("baseline: read_parquet + len per partition", rows,
         best(repeat, lambda: ddf.map_partitions(_len).compute()))
    routed = route_dask(ddf, engine)
    times = [timed(lambda: routed.map_partitions(_len).compute())[0] for _ in range(repeat + 1)]
    line("route_dask + len per partition, first run (engine shipped)", rows, times[0])
    line("route_dask + len per partition, best later run", rows, min(times[1:]))
    client.close()  # type: ignore[no-untyped-call]
    cluster.close()


def bench_duckdb(engine: parcours.Engine, path: Path, rows: int, cores: int, repeat: int) -> None:
    import duckdb

    from parcours.duckdb import register, route_relation

    print(f"DuckDB, {cores} threads:")
    con = duckdb.connect(config={"threads": cores})
    register(con, engine)
    src = f"read_parquet('{path}/*.parquet')"
    con.sql(f"CREATE VIEW stays AS SELECT * FROM {src}")
    line("baseline: count(filiere || origin || date || level)", rows, best(repeat, lambda: con.sql(
        "SELECT count(filiere || origin || date || level) FROM stays").fetchall()))
    line("SELECT count(parcours_route(filiere, origin, date, level).target)", rows,
         best(repeat, lambda: con.sql(
             "SELECT count(parcours_route(filiere, origin, date, level).target) FROM stays"
         ).fetchall()))

    def whole() -> int:
        n = 0
        for batch in route_relation(con.table("stays"), engine):
            n += batch.num_rows
        return n

    def read_only() -> int:
        n = 0
        for batch in con.table("stays").to_arrow_reader(1_000_000):
            n += batch.num_rows
        return n

    line("baseline: the relation read as Arrow batches", rows, best(repeat, read_only))
    line("route_relation (every column), read through", rows, best(repeat, whole))
    con.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rows", nargs="?", type=int, default=5_000_000)
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--only", default="pickle,local,spark,dask,duckdb")
    args = ap.parse_args()
    only = set(args.only.split(","))

    net = stays.network()
    engine = net.compile()
    path = ROOT / "out" / "bench-scale"
    marker = path / f".rows-{args.rows}"
    if not marker.exists():
        stays.write_parquet(stays.stays(net, args.rows), path)
        for old in path.glob(".rows-*"):
            old.unlink()
        marker.touch()
    print(f"{args.rows:,} synthetic stays (100,000 distinct, tiled) in {path}; national network "
          f"{engine.site_count:,} sites, {engine.rule_count:,} rules; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")
    if "pickle" in only:
        bench_pickle(engine)
    if "local" in only:
        bench_in_process(engine, path, args.rows, args.repeat)
    for name, bench in (("spark", bench_spark), ("dask", bench_dask), ("duckdb", bench_duckdb)):
        if name in only:
            bench(engine, path, args.rows, args.cores, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
