"""Distributed routing: partitions of an extract routed in worker processes, each with a copy of
one compiled engine sent by pickle (as Dask, Spark or Ray would ship it to their workers).

    .venv/bin/python examples/python/distributed.py [ROWS] [WORKERS]

An `Engine` pickles as its network (JSON) and travel matrix and is recompiled on arrival, so
it is cheap to ship once per worker. Each worker routes its partitions with `route_batch`
(on one core, GIL released); the results are concatenated in partition order and checked
against routing the whole extract in this process.
"""

from __future__ import annotations

import multiprocessing
import pickle
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

import parcours

ROOT = Path(__file__).resolve().parents[2]
NETWORK = ROOT / "examples" / "networks" / "sud-haut-marnais.json"

_engine: parcours.Engine | None = None


def _init(engine_bytes: bytes) -> None:
    """Worker start-up: unpickle the engine once."""
    global _engine
    _engine = pickle.loads(engine_bytes)


def _route(partition: pd.DataFrame) -> pd.DataFrame:
    assert _engine is not None
    return _engine.route_batch(partition, date="2017-10-02")


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 400_000
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    engine = parcours.Network.from_file(NETWORK).compile()
    rng = np.random.default_rng(7)
    sites = ["ch-chaumont", "ch-langres", "ch-bourbonne", "cmc-chaumont",
             "clinique-compassion-langres"]
    df = pd.DataFrame({
        "filiere": "chirurgie",
        "origin": rng.choice(sites, size=rows),
        "level": rng.choice(["proximite", "reference", "recours"], size=rows),
    })
    partitions = np.array_split(np.arange(rows), workers * 4)
    parts = [df.iloc[p] for p in partitions]

    start = time.perf_counter()
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=_init, initargs=(pickle.dumps(engine),)) as pool:
        routed = pd.concat(pool.map(_route, parts))
    took = time.perf_counter() - start
    local = engine.route_batch(df, date="2017-10-02")
    same = (routed["target"].astype(object).fillna("") == local["target"].astype(object)
            .fillna("")).all()
    print(f"{rows:,} cases in {len(parts)} partitions on {workers} worker processes: "
          f"{took:.2f} s including start-up; same targets as in-process: {bool(same)}")
    print(routed["target"].value_counts().to_string())
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
