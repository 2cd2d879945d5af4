"""Benchmark of one `engine.route(dict)` call against the native `Engine::route`, side by side
in one run, over the same distinct cases. A benchmark, not a test: it prints figures.

    scripts/build-python.sh                                          # release build
    cargo build --release -p parcours-wasm --example route_timer     # the native timer
    .venv/bin/python benches/python/bench_route_single.py [--cases 100000] [--rounds 15]
    .venv/bin/python benches/python/bench_route_single.py --batch   # route_batch on a frame

Cases: the Sud Haut-Marnais seed network, surgery; every case distinct (origin among the
network's sites and locations, or a point of its territory for 10 %; level 60/30/10 %; 6 %
`most_acute`; a day of 2016-2024; a whole-number `id`), written to JSON for the native side.

With `--batch`, the Python side is one `engine.route_batch(frame)` over a pandas frame
of the same cases (built once, outside the timing: `id`, `filiere`, `origin` or `lat`/`lon`,
`level`, `flags` as `;` text, `date`), frame of the result columns out.

The native side is `bindings-wasm/examples/route_timer.rs` (release build, fat LTO as the
Python module): it reads the network and the cases once, builds the `Case` values, and for each
line on stdin routes them all with `Engine::route` and prints the elapsed nanoseconds. The
Python side calls `engine.route(case)` on each dict, the `Decision` object included (its
building and freeing). Each side routes the cases twice per turn and times the second pass, so
both are warm. A round is: native, Python, native; the round's ratio is the Python time over
the mean of the two native times around it (the host's speed drifts within minutes, so only
times taken side by side make a ratio). The script prints the median, min and max ratio, and
checks that both sides route the same number of cases.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import parcours

ROOT = Path(__file__).resolve().parents[2]
NETWORK = ROOT / "examples" / "networks" / "sud-haut-marnais.json"
PASSES = 2


def distinct_cases(net: dict[str, Any], count: int, seed: int,
                   points: float = 0.1) -> list[dict[str, Any]]:
    """`count` cases, no two alike (the `id` aside); a share `points` of them from a point."""
    rng = random.Random(seed)
    origins = [s["id"] for s in net["sites"]] + [loc["id"] for loc in net["locations"]]
    first = time.mktime((2016, 1, 1, 12, 0, 0, 0, 0, -1))
    days = [
        time.strftime("%Y-%m-%d", time.localtime(first + 86_400 * k)) for k in range(9 * 365 + 2)
    ]
    seen: set[tuple[Any, ...]] = set()
    cases: list[dict[str, Any]] = []
    while len(cases) < count:
        case: dict[str, Any] = {"id": len(cases), "filiere": "chirurgie"}
        if rng.random() < points:
            case["origin"] = {
                "lat": round(rng.uniform(47.1, 48.2), 4),
                "lon": round(rng.uniform(4.3, 5.8), 4),
            }
        else:
            case["origin"] = rng.choice(origins)
        case["level"] = rng.choices(["proximite", "reference", "recours"], [6, 3, 1])[0]
        if rng.random() < 0.06:
            case["flags"] = ["most_acute"]
        case["date"] = rng.choice(days)
        key = (json.dumps(case["origin"]), case["level"], "flags" in case, case["date"])
        if key not in seen:
            seen.add(key)
            cases.append(case)
    return cases


def batch_frame(cases: list[dict[str, Any]]) -> Any:
    """The cases as a pandas frame, as `--batch` routes them."""
    import pandas as pd

    return pd.DataFrame({
        "id": [c["id"] for c in cases],
        "filiere": [c["filiere"] for c in cases],
        "origin": [c["origin"] if isinstance(c["origin"], str) else None for c in cases],
        "lat": [c["origin"]["lat"] if isinstance(c["origin"], dict) else None for c in cases],
        "lon": [c["origin"]["lon"] if isinstance(c["origin"], dict) else None for c in cases],
        "level": [c["level"] for c in cases],
        "flags": [";".join(c.get("flags", [])) for c in cases],
        "date": [c["date"] for c in cases],
    })


def native_timer() -> Path:
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return target / "release" / "examples" / "route_timer"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--points", type=float, default=0.1,
                        help="share of cases from a point of the territory (1: every case from "
                        "its own point, so that no two cases route alike and no memo helps)")
    parser.add_argument("--batch", action="store_true",
                        help="time route_batch on a frame of the cases instead of route(dict)")
    parser.add_argument("--timer", type=Path, default=native_timer(),
                        help="the native timer (route_timer example, release build)")
    parser.add_argument("--once", action="store_true",
                        help="route_batch the frame of --batch once and stop (no native side), "
                        "for a profiler: valgrind --tool=callgrind "
                        "--toggle-collect='parcours_python::batch::route_columns' ...")
    args = parser.parse_args()
    if args.once:
        engine = parcours.Network.from_file(NETWORK).compile()
        net = json.loads(NETWORK.read_text(encoding="utf-8"))
        frame = batch_frame(distinct_cases(net, args.cases, args.seed, args.points))
        routed = int((engine.route_batch(frame)["outcome"] == "routed").sum())
        print(f"routed: {routed:,} of {len(frame):,} cases")
        return 0
    if not args.timer.exists():
        print(f"{args.timer} is missing: cargo build --release -p parcours-wasm "
              "--example route_timer", file=sys.stderr)
        return 2

    net = json.loads(NETWORK.read_text(encoding="utf-8"))
    engine = parcours.Network.from_file(NETWORK).compile()
    cases = distinct_cases(net, args.cases, args.seed, args.points)
    route = engine.route

    def python_pass() -> int:
        start = time.perf_counter_ns()
        for case in cases:
            route(case)
        return time.perf_counter_ns() - start

    if args.batch:
        frame = batch_frame(cases)
        routed_in_batch = int((engine.route_batch(frame)["outcome"] == "routed").sum())

        def python_pass() -> int:  # noqa: F811 (the batch variant)
            start = time.perf_counter_ns()
            engine.route_batch(frame)
            return time.perf_counter_ns() - start

    with tempfile.TemporaryDirectory() as tmp:
        cases_path = Path(tmp) / "cases.json"
        cases_path.write_text(json.dumps(cases), encoding="utf-8")
        native = subprocess.Popen(
            [str(args.timer), str(NETWORK), str(cases_path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        assert native.stdin is not None and native.stdout is not None
        ready = native.stdout.readline().split()
        assert ready == ["ready", str(len(cases))], ready

        def native_pass() -> tuple[int, int]:
            assert native.stdin is not None and native.stdout is not None
            native.stdin.write(f"{PASSES}\n")
            native.stdin.flush()
            ns, routed = native.stdout.readline().split()
            return int(ns), int(routed)

        def python_turn() -> int:
            for _ in range(PASSES - 1):
                python_pass()
            return python_pass()

        print(f"parcours {parcours.__version__} ({parcours.__file__}), Python "
              f"{platform.python_version()}, {os.cpu_count()} CPUs, load average "
              f"{os.getloadavg()[0]:.1f}")
        print(f"{len(cases):,} distinct cases on {engine.network_id} ({engine.site_count} "
              f"sites, {engine.rule_count} rules); {args.rounds} rounds of native, Python, "
              f"native; each side times the second of {PASSES} passes\n")
        # Both sides route the same cases alike (counted once, outside the timings).
        py_routed = sum(route(case).outcome == "routed" for case in cases)
        if args.batch:
            assert routed_in_batch == py_routed, (routed_in_batch, py_routed)
        for _ in range(2):  # warm-up
            native_pass()
            python_turn()
        ratios, py_times, native_times = [], [], []
        before, native_routed = native_pass()
        for _ in range(args.rounds):
            py_ns = python_turn()
            after, native_routed = native_pass()
            assert py_routed == native_routed, (py_routed, native_routed)
            ratios.append(py_ns / ((before + after) / 2))
            py_times.append(py_ns / len(cases))
            native_times.append(after / len(cases))
            before = after
        native.stdin.close()
        native.wait()

    print(f"routed: {native_routed:,} of {len(cases):,} cases on both sides")
    print(f"native Engine::route, median per case:   {statistics.median(native_times):7.0f} ns")
    what = "route_batch(frame), per case" if args.batch else "engine.route(dict)"
    print(f"Python {what}, median: {statistics.median(py_times):7.0f} ns")
    print(f"ratio Python / native, median (min-max): {statistics.median(ratios):5.2f}x "
          f"({min(ratios):.2f}-{max(ratios):.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
