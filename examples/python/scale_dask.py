"""Dask: a national extract of synthetic stays, read from Parquet as Arrow-backed partitions,
routed with ``parcours.route_dask`` on a ``distributed.LocalCluster`` of worker processes (the
engine is one key of the graph: shipped once to each worker and rebuilt there).

    .venv/bin/python examples/python/scale_dask.py [ROWS] [WORKERS]

Needs the ``[dask]`` extra (``scripts/setup.sh scale``). The counts of outcomes and steps are
checked against ``Engine.route_batch`` in this process. Data: ``stays.py`` (invented).
"""

from __future__ import annotations

import logging
import sys
import time
from collections import Counter
from pathlib import Path

import stays

from parcours.dask import route_dask

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    net = stays.network()
    engine = net.compile()
    table = stays.stays(net, rows)
    path = stays.write_parquet(table, ROOT / "out" / "stays-dask")

    start = time.perf_counter()
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    with cluster, Client(cluster):  # type: ignore[no-untyped-call]
        ddf = dd.read_parquet(str(path))  # string[pyarrow] columns: Arrow-backed partitions
        routed = route_dask(ddf, engine)
        counts = routed.groupby(["outcome", "step"], observed=True, dropna=False).size().compute()
        took = time.perf_counter() - start
    got = {(o, s if s == s else None): int(n) for (o, s), n in counts.items() if n}
    local = engine.route_batch(table)
    want = Counter(
        zip(local.column("outcome").to_pylist(), local.column("step").to_pylist(), strict=True)
    )
    same = got == dict(want)
    print(f"{rows:,} synthetic stays routed by Dask on {workers} worker processes in "
          f"{took:.1f} s (cluster start included); same as in-process: {same}")
    for (outcome, step), n in sorted(got.items(), key=lambda kv: -kv[1])[:6]:
        print(f"  {outcome:9s} {step or '-':22s} {n:>10,}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
