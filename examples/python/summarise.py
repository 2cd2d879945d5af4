"""Loads every seed network with the Python binding and prints a table of what each holds.

    .venv/bin/python examples/python/summarise.py [DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import parcours

COLUMNS = ["sites", "legal_entities", "groupings", "memberships", "filieres", "capabilities", "rules"]


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[1] / "networks"
    rows: list[list[str]] = []
    failed = 0
    for path in sorted(root.glob("*.json")):
        try:
            net = parcours.Network.from_file(path)
        except parcours.NetworkError as err:
            failed += 1
            print(err, file=sys.stderr)
            continue
        counts: dict[str, object] = dict(net.summary())
        rows.append([net.id, *(str(counts[c]) for c in COLUMNS)])
    header = ["network", *COLUMNS]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, *rows]:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
    print(f"\n{len(rows)} networks loaded with parcours {parcours.__version__}, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
