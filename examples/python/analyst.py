"""What an analyst does with parcours: route a synthetic extract of surgery stays of the Sud
Haut-Marnais territory before and after the surgery GCS (2017-10-01) and compare where patients go.

    .venv/bin/python examples/python/analyst.py [ROWS]

Prints a table of destinations per date and saves a chart to out/analyst.png. The extract is
synthetic (random, seeded): no patient data.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

import parcours

ROOT = Path(__file__).resolve().parents[2]
NETWORK = ROOT / "examples" / "networks" / "sud-haut-marnais.json"
REFERENCE = ROOT / "examples" / "reference"
OUT = ROOT / "out"
DATES = {"before the GCS": "2017-09-15", "after the GCS": "2017-10-02"}
# The five establishments of the territory, and the places of the network patients come from.
ESTABLISHMENTS = ["ch-chaumont", "ch-langres", "ch-bourbonne", "cmc-chaumont",
                  "clinique-compassion-langres"]
MOST_ACUTE_SHARE = 0.06


def extract(network: parcours.Network, rows: int, seed: int = 2017) -> pd.DataFrame:
    """A synthetic extract of surgery stays: origin, level needed, clinical flags."""
    rng = np.random.default_rng(seed)
    locations = [loc["id"] for loc in network.to_dict()["locations"]]
    origins = ESTABLISHMENTS + locations
    weights = np.array([4.0] * len(ESTABLISHMENTS) + [1.0] * len(locations))
    return pd.DataFrame({
        "id": [f"stay-{i:07d}" for i in range(rows)],
        "filiere": "chirurgie",
        "origin": rng.choice(origins, size=rows, p=weights / weights.sum()),
        "level": rng.choice(["proximite", "reference", "recours"], size=rows, p=[0.6, 0.3, 0.1]),
        "flags": np.where(rng.random(rows) < MOST_ACUTE_SHARE, "most_acute", ""),
        "age": rng.integers(18, 95, size=rows),
    })


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    network = parcours.Network.from_file(NETWORK)
    engine = network.compile()
    stays = extract(network, rows)
    routed = {label: engine.route_batch(stays, date=date) for label, date in DATES.items()}

    table = pd.DataFrame({
        f"{label} ({DATES[label]})": out["target_name"].astype(object).fillna("(no route)")
        .value_counts() for label, out in routed.items()
    }).fillna(0).astype(int)
    table = table.sort_values(table.columns[-1], ascending=False)
    table.loc["total"] = table.sum()
    print(f"Sud Haut-Marnais: where {rows:,} synthetic surgery stays go\n")
    print(table.to_string())
    after = routed["after the GCS"]
    print("\nafter the GCS, by step:")
    print(after["step"].value_counts().to_string())
    print("\nafter the GCS, why some stays have no route:")
    print(after["reason"].value_counts().to_string())

    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from parcours.plot import plot_flows, plot_sites
    except ImportError:
        print("\n(matplotlib is not installed: no chart)")
        return 0
    OUT.mkdir(exist_ok=True)
    # Two charts on the left, the territory on the right (département and commune outlines of
    # examples/reference/, the groupings in force after the GCS): nothing cropped or empty.
    fig = plt.figure(figsize=(17, 10), layout="constrained")
    grid = fig.add_gridspec(2, 2, width_ratios=[1, 1.15])
    destinations = fig.add_subplot(grid[0, 0])
    flows = fig.add_subplot(grid[1, 0])
    territory = fig.add_subplot(grid[:, 1])
    data = table.drop(index="total")
    data.plot.barh(ax=destinations)
    destinations.invert_yaxis()
    destinations.legend(loc="lower right")
    destinations.set_xlabel("stays")
    destinations.set_ylabel("")
    destinations.set_title("Destination of surgery stays")
    plot_flows(after, ax=flows, top=12)
    flows.set_title("Flows after the GCS (2017-10-02)")
    plot_sites(network, ax=territory, date=DATES["after the GCS"],
               departements=REFERENCE / "departements.geojson",
               communes=REFERENCE / "communes-52.geojson")
    path = OUT / "analyst.png"
    fig.savefig(path, dpi=90)
    print(f"\nchart: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
