"""The coverage of every commune of Haute-Marne for surgery, as maps: with the Sud Haut-Marnais
surgery GCS and without it (what-if), side by side.

    .venv/bin/python examples/python/coverage_map.py [LEVEL] [DATE]

LEVEL defaults to ``reference``, DATE to 2018-01-01. Prints the population within 30, 45 and
80 km of the target (as ``parcours coverage --communes ... --departement 52`` does) and saves
out/coverage-sud-haut-marnais.png. Needs matplotlib (``pip install parcours[plot]``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

import parcours

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "examples" / "reference"
NETWORK = ROOT / "examples" / "networks" / "sud-haut-marnais.json"
WITHOUT_GCS = ROOT / "examples" / "analysis" / "sud-haut-marnais-without-surgery-gcs.json"
OUT = ROOT / "out"


def main() -> int:
    level = sys.argv[1] if len(sys.argv) > 1 else "reference"
    date = sys.argv[2] if len(sys.argv) > 2 else "2018-01-01"
    network = parcours.Network.from_file(NETWORK)
    communes = parcours.Communes.from_files(REFERENCE / "communes.csv",
                                            REFERENCE / "postal_codes.csv")
    rows = communes.communes(["52"])
    origins = pd.DataFrame({"id": [c["code"] for c in rows], "commune": [c["code"] for c in rows],
                            "population": [c["population"] for c in rows]})
    changes = json.loads(WITHOUT_GCS.read_text(encoding="utf-8"))
    versions = {
        "with the surgery GCS": network,
        "without it (what-if)": network.apply_changes(changes),
    }
    reports = {}
    for label, version in versions.items():
        engine = version.compile(communes=communes)
        report = engine.coverage(origins, filiere="chirurgie", level=level, date=date)
        reports[label] = report
        print(f"{label}: {len(rows)} communes, population {report.population:,.0f}")
        for within, population, share in report.bands.itertuples(index=False):
            print(f"  within {within:5.0f} km: {population:10,.0f} ({share:6.1%})")
        print(f"  beyond {report.query['threshold']:.0f} km or no route: "
              f"{report.beyond_threshold:,.0f}")

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from parcours.plot import plot_coverage, read_outlines

    departements = read_outlines(REFERENCE / "departements.geojson")
    outlines = read_outlines(REFERENCE / "communes-52.geojson")
    fig, axes = plt.subplots(1, 2, figsize=(17, 8.5), layout="constrained")
    for ax, (label, report) in zip(axes, reports.items(), strict=True):
        plot_coverage(report, ax=ax, communes=outlines, departements=departements,
                      network=versions[label], title=f"Chirurgie ({level}), {date}, {label}")
    OUT.mkdir(exist_ok=True)
    path = OUT / "coverage-sud-haut-marnais.png"
    fig.savefig(path, dpi=90)
    print(f"map: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
