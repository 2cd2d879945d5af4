"""Route people from where they live: a frame of stays with the INSEE commune of residence.

An ARS analyst holds stays with the residence commune (and the admitting FINESS number). With the
commune reference beside the network, ``route_batch`` takes a ``commune`` column as it is: no
join written by hand. Each row gets the first-line site the person enters at (``entry``), the
step (``first_line`` when the entry site handles the case, never ``local`` for someone who
travels), the target and the distance from home.

The stays here are synthetic (communes drawn in proportion to their real 2023 population, from
``examples/reference/communes.csv``); the communes, populations and points are real.

    python examples/python/residents.py [ROWS]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pandas as pd

import parcours

ROOT = Path(__file__).resolve().parents[1]


def main(rows: int = 200_000) -> None:
    net = parcours.Network.from_file(ROOT / "networks" / "sud-haut-marnais.json")
    communes = parcours.Communes.from_files(
        ROOT / "reference" / "communes.csv", ROOT / "reference" / "postal_codes.csv"
    )
    engine = net.compile(communes=communes)
    haute_marne = communes.communes(["52"])
    rng = random.Random(52)
    drawn = rng.choices(
        [c["code"] for c in haute_marne],
        weights=[c["population"] or 0 for c in haute_marne],
        k=rows,
    )
    dates = rng.choices(["2017-09-15", "2018-03-01"], k=rows)
    stays = pd.DataFrame(
        {"commune": drawn, "filiere": "chirurgie", "level": "reference", "date": dates}
    )
    routed = engine.route_batch(stays)
    assert len(routed) == rows and (routed["outcome"] == "routed").all()
    assert not ((routed["step"] == "local") & (routed["distance_km"] > 0)).any()

    print(f"{rows:,} synthetic surgery stays of Haute-Marne residents (real communes):")
    summary = (
        routed.groupby(["date", "entry", "target", "step"], observed=True)
        .agg(stays=("commune", "size"), mean_km=("distance_km", "mean"))
        .reset_index()
        .sort_values(["date", "stays"], ascending=[True, False])
    )
    print(summary.to_string(index=False, float_format=lambda x: f"{x:.1f}"))

    langres = routed[routed["commune"] == "52269"].groupby("date", observed=True)["target"].first()
    print("\nLangres (52269):", ", ".join(f"{d} -> {t}" for d, t in langres.items()))

    without = net.apply_changes([{"change": "remove_grouping", "grouping": "gcs-chirurgie-shm"}])
    after = without.compile(communes=communes).route_batch(stays)
    changed = (routed["target"].astype(str) != after["target"].astype(str)).sum()
    print(f"What if the surgery GCS had not been created: {changed:,} of {rows:,} stays change target")
    assert changed > 0


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
