"""Spark: a national extract of synthetic stays routed on a local Spark cluster with
``parcours.spark`` (the engine broadcast once, partitions as Arrow batches through
``mapInArrow``), then a per-territory what-if with ``applyInArrow``.

    .venv/bin/python examples/python/scale_spark.py [ROWS] [CORES]

Needs the ``[spark]`` extra and a Java runtime (``scripts/setup.sh scale``). The stays are
written as Parquet files (out/stays-spark/), as a data platform holds them, and read back by
Spark. The counts of routed outcomes and steps are checked against ``Engine.route_batch`` in
this process. Data: ``stays.py`` (invented by ``parcours_testkit::synthetic``).
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path

import stays

from parcours.spark import route_spark, what_if_spark

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
    cores = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    net = stays.network()
    engine = net.compile()
    table = stays.stays(net, rows)
    path = stays.write_parquet(table, ROOT / "out" / "stays-spark")

    start = time.perf_counter()
    spark = (
        SparkSession.builder.master(f"local[{cores}]").appName("parcours-example")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(cores))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    df = spark.read.parquet(str(path))
    routed = route_spark(df, engine)
    counts = {
        (r["outcome"], r["step"]): r["count"]
        for r in routed.groupBy("outcome", "step").count().collect()
    }
    took = time.perf_counter() - start
    local = engine.route_batch(table)
    want = Counter(
        zip(local.column("outcome").to_pylist(), local.column("step").to_pylist(), strict=True)
    )
    same = counts == dict(want)
    print(f"{rows:,} synthetic stays routed by Spark local[{cores}] in {took:.1f} s "
          f"(session start included); same as in-process: {same}")
    for (outcome, step), n in sorted(counts.items(), key=lambda kv: -kv[1])[:6]:
        print(f"  {outcome:9s} {step or '-':22s} {n:>10,}")

    # What-if per territory: each GHT loses its first GCS (the synthetic network's gcs-000
    # and gcs-001); the other territories keep the network as it is.
    scenarios = {}
    memberships = net.to_dict()["memberships"]
    for gcs in ("gcs-000", "gcs-001"):
        site = next(m["member"] for m in memberships if m["grouping"] == gcs)
        territory = f"ght-{int(site[1:]) // stays.SITES_PER_GHT:03d}"
        change = {"change": "remove_grouping", "grouping": gcs}
        scenarios[territory] = net.apply_changes([change]).compile()
    summary = what_if_spark(df.where(F.col("territory").isin(list(scenarios))), engine,
                            scenarios, by="territory")
    changed_rows = summary.where(F.col("before").eqNullSafe(F.col("after")) == False)  # noqa: E712
    print("\nwhat-if, each territory without its GCS (changed targets):")
    for r in changed_rows.orderBy(F.desc("cases")).limit(8).collect():
        delta = f"{r['mean_delta_km']:+.1f} km" if r["mean_delta_km"] is not None else ""
        print(f"  {r['territory']}  {r['before'] or 'no route':>8} -> {r['after'] or 'no route':8}"
              f" {r['cases']:>8,} {delta}")
    spark.stop()
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
