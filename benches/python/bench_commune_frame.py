"""Python route_batch on a 1 M-row pandas frame whose origins are INSEE communes of residence.

Communes of Haute-Marne drawn in proportion to their real 2023 population (examples/reference/),
three levels, two dates, on the Sud Haut-Marnais network. Prints the best of 5 runs.

    .venv/bin/python benches/python/bench_commune_frame.py [ROWS]
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import pandas as pd

import parcours

ROOT = Path(__file__).resolve().parents[2]


def main(n: int = 1_000_000) -> None:
    net = parcours.Network.from_file(ROOT / "examples" / "networks" / "sud-haut-marnais.json")
    communes = parcours.Communes.from_files(
        ROOT / "examples" / "reference" / "communes.csv",
        ROOT / "examples" / "reference" / "postal_codes.csv",
    )
    engine = net.compile(communes=communes)
    haute_marne = communes.communes(["52"])
    rng = random.Random(52)
    frame = pd.DataFrame(
        {
            "commune": rng.choices(
                [c["code"] for c in haute_marne],
                weights=[c["population"] or 0 for c in haute_marne],
                k=n,
            ),
            "filiere": "chirurgie",
            "level": rng.choices(["proximite", "reference", "recours"], k=n),
            "date": rng.choices(["2017-09-15", "2018-03-01"], k=n),
        }
    )
    engine.route_batch(frame.head(1000))
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        out = engine.route_batch(frame)
        best = min(best, time.perf_counter() - start)
    assert (out["outcome"] == "routed").all()
    print(f"{n:,} rows with commune origins: best {best:.3f} s, {n / best / 1e6:.2f} M rows/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
