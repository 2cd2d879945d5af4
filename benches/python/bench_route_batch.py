"""Benchmark of the Python binding: route_batch end to end, one `route` call, and the speed-up
over the same routing in plain Python. A benchmark, not a test: it prints figures.

    scripts/build-python.sh            # release build (fat LTO); debug builds are much slower
    .venv/bin/python benches/python/bench_route_batch.py [--rows 1000000]

Cases: surgery stays of the Sud Haut-Marnais network (origins: the five establishments and the
network's locations; random levels; 6 % `most_acute`; admission days uniform over the second
half of 2017). Identical rows are routed once by the core's memo: the script prints how many
distinct cases the rows hold.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]

import parcours

sys.path.insert(0, str(Path(__file__).parent))
from pure_python_router import Router  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
NETWORK = ROOT / "examples" / "networks" / "sud-haut-marnais.json"
# Admission days: every day of the second half of 2017, across the start of the surgery GCS
# (2017-10-01), as in six months of a PMSI-like extract.
DAYS = [str(d) for d in pd.date_range("2017-07-01", "2017-12-31").date]
ESTABLISHMENTS = ["ch-chaumont", "ch-langres", "ch-bourbonne", "cmc-chaumont",
                  "clinique-compassion-langres"]


def cases(net: dict[str, Any], rows: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    origins = ESTABLISHMENTS + [loc["id"] for loc in net["locations"]]
    weights = np.array([4.0] * len(ESTABLISHMENTS) + [1.0] * len(net["locations"]))
    return pd.DataFrame({
        "filiere": "chirurgie",
        "origin": rng.choice(origins, size=rows, p=weights / weights.sum()),
        "level": rng.choice(["proximite", "reference", "recours"], size=rows, p=[0.6, 0.3, 0.1]),
        "flags": np.where(rng.random(rows) < 0.06, "most_acute", ""),
        "date": rng.choice(DAYS, size=rows),
    })


def best_of(repeat: int, fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def pure_python(router: Router, df: pd.DataFrame) -> pd.DataFrame:
    """What an analyst would write: records, a loop, a result column."""
    targets = []
    for row in df.to_dict("records"):
        case = {"filiere": row["filiere"], "origin": row["origin"], "date": row["date"],
                "level": row["level"], "flags": [f for f in row["flags"].split(";") if f]}
        targets.append(router.route(case).get("target"))
    out = df.copy()
    out["target"] = targets
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--python-rows", type=int, default=20_000,
                        help="rows for the (slow) pure-Python baseline")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--national", action=argparse.BooleanOptionalAction, default=True,
                        help="also bench the synthetic national network")
    parser.add_argument("--phases", action="store_true",
                        help="also time the stages of one pandas route_batch call")
    args = parser.parse_args()

    net_dict = json.loads(NETWORK.read_text(encoding="utf-8"))
    engine = parcours.Network.from_file(NETWORK).compile()
    df = cases(net_dict, args.rows)
    table = pa.Table.from_pandas(df, preserve_index=False)
    cat = df.astype({c: "category" for c in ("origin", "level", "flags", "date")})
    print(f"parcours {parcours.__version__}, Python {platform.python_version()}, "
          f"pandas {pd.__version__}, pyarrow {pa.__version__}, {os.cpu_count()} CPUs")
    distinct = len(df.drop_duplicates())
    print(f"{args.rows:,} cases ({distinct:,} distinct) on {engine.network_id} "
          f"({engine.site_count} sites, {engine.rule_count} rules); best of {args.repeat}\n")

    results: dict[str, float] = {}
    for label, frame, threads in [
        ("pandas (str columns), 1 thread", df, 1),
        ("pandas (category columns), 1 thread", cat, 1),
        ("pyarrow Table, 1 thread", table, 1),
        ("pyarrow Table, 2 threads", table, 2),
    ]:
        def run(f: Any = frame, n: int = threads) -> Any:
            return engine.route_batch(f, threads=n)

        t = best_of(args.repeat, run)
        results[label] = args.rows / t
        print(f"route_batch, {label:38s} {t:7.3f} s  {args.rows / t / 1e6:6.2f} M cases/s")

    if args.phases:
        phases(engine, df, args.repeat)

    sample: list[dict[str, Any]] = [
        {**{str(k): v for k, v in r.items()}, "flags": [f for f in r["flags"].split(";") if f]}
        for r in df.head(10_000).to_dict("records")
    ]
    n_calls = len(sample)
    per_call = min(timeit.repeat(lambda: [engine.route(c) for c in sample], number=1,
                                 repeat=args.repeat)) / n_calls
    print(f"\nroute(dict), one call                         {per_call * 1e6:7.2f} µs per call")

    router = Router(net_dict)
    small = df.head(args.python_rows)
    t_py = best_of(args.repeat, lambda: pure_python(router, small))
    py_rate = len(small) / t_py
    print(f"pure Python, {len(small):,} rows                       {t_py:7.3f} s  "
          f"{py_rate:10,.0f} cases/s")
    ours = engine.route_batch(small)["target"].astype(object)
    theirs = pure_python(router, small)["target"]
    def norm(x: Any) -> str | None:
        return x if isinstance(x, str) else None  # NaN / None / NA: no target

    agree = sum(norm(a) == norm(b) for a, b in zip(ours, theirs, strict=True))
    print(f"  same targets as route_batch on {agree:,} of {len(small):,} rows")
    rate = results["pandas (str columns), 1 thread"]
    print(f"\nspeed-up of route_batch (pandas, 1 thread) over pure Python: {rate / py_rate:,.0f}×")
    print(f"speed-up of route() per call over pure Python: "
          f"{(1 / per_call) / py_rate:,.1f}×")
    if args.national:
        national(args.rows, args.repeat)
    return 0 if agree == len(small) else 1


def phases(engine: parcours.Engine, df: pd.DataFrame, repeat: int) -> None:
    """The stages of `route_batch` on a pandas frame (the binding's private steps, in order):
    the frame as Arrow arrays, the columns as buffers, the Rust side (reading the text columns,
    routing, writing the result columns), the result columns attached."""
    from parcours import _batch, _core

    best: dict[str, float] = {}
    for _ in range(repeat):
        t0 = time.perf_counter()
        table = _batch._to_table(df, "pandas", pa)
        t1 = time.perf_counter()
        cols = _batch._prepare(table, None, pa)
        t2 = time.perf_counter()
        raw = _core._route_columns(engine, len(df), cols)
        t3 = time.perf_counter()
        _batch._attach_pandas(df, raw)
        t4 = time.perf_counter()
        for name, t in [("frame as Arrow", t1 - t0), ("columns as buffers", t2 - t1),
                        ("Rust (read, route, write)", t3 - t2), ("result columns", t4 - t3)]:
            best[name] = min(best.get(name, math.inf), t)
    print("\nphases of route_batch (pandas, 1 thread), best of each:")
    for name, t in best.items():
        print(f"  {name:34s} {t:7.4f} s")


def national(rows: int, repeat: int) -> None:
    """route_batch on the synthetic national network (parcours.synthetic, invented data)."""
    from parcours import _core

    net = _core._synthetic_network(42)
    start = time.perf_counter()
    engine = net.compile()
    compile_s = time.perf_counter() - start
    distinct = min(rows, 100_000)
    raw = json.loads(_core._synthetic_cases(net, distinct, 7))
    flat = []
    for c in raw:
        row = {k: v for k, v in c.items() if k not in ("origin", "flags", "exclude")}
        if isinstance(c["origin"], str):
            row["origin"] = c["origin"]
        else:
            row["lat"], row["lon"] = c["origin"]["lat"], c["origin"]["lon"]
        row["flags"] = ";".join(c.get("flags", []))
        flat.append(row)
    base = pd.DataFrame(flat)
    df = pd.concat([base] * (rows // distinct), ignore_index=True)
    table = pa.Table.from_pandas(df, preserve_index=False)
    print(f"\nnational: {engine.site_count:,} sites, {engine.rule_count:,} rules, compiled in "
          f"{compile_s:.2f} s; {len(df):,} cases ({distinct:,} distinct synthetic cases, tiled)")
    for label, frame in [("pandas", df), ("pyarrow Table", table)]:
        def run(f: Any = frame) -> Any:
            return engine.route_batch(f)

        t = best_of(repeat, run)
        print(f"route_batch, {label:38s} {t:7.3f} s  {len(df) / t / 1e6:6.2f} M cases/s")
    sample = raw[:10_000]
    per_call = min(timeit.repeat(lambda: [engine.route(c) for c in sample], number=1,
                                 repeat=repeat)) / len(sample)
    print(f"route(dict), one call                         {per_call * 1e6:7.2f} µs per call")


if __name__ == "__main__":
    sys.exit(main())
