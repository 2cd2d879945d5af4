#!/usr/bin/env python3
"""Integrity checks for the origins files in examples/origins/.

Usage: python3 examples/origins/validate.py [DIR]

DIR defaults to the directory holding this script. Standard library only.
Prints every problem found and exits 1 if there is any, 0 otherwise.
"""

import csv
import math
import re
import sys
from pathlib import Path

HEADER = ["id", "name", "insee", "lat", "lon", "population", "source"]

# Department bounding boxes (lat_min, lat_max, lon_min, lon_max), WGS84 degrees:
# the extent of the department outlines in gregoiredavid/france-geojson
# (departements/<dep>/departement-<dep>.geojson, IGN Admin Express COG 2018,
# commit 5d34ee6d0140c29f785fdb047d9329f1aab58833), rounded outward to 0.01°
# plus a 0.01° margin for the outline simplification.
DEPARTMENT_BBOX = {
    "52": (47.56, 48.70, 4.61, 5.91),  # Haute-Marne: 47.57668..48.68925, 4.62683..5.89086
    "59": (49.95, 51.10, 2.05, 4.25),  # Nord: 49.96919..51.08900, 2.06771..4.23112
    "62": (50.00, 51.02, 1.54, 3.20),  # Pas-de-Calais: 50.01977..51.00670, 1.55543..3.18828
}

# Seed towns: coordinates of the "Town coordinates" table of the project's
# domain research (domain.md, section 4), also used in examples/networks/*.json.
SEED_TOWNS = {
    "52121": ("Chaumont", 48.1117, 5.1389),
    "52269": ("Langres", 47.8625, 5.3331),
    "52060": ("Bourbonne-les-Bains", 47.9525, 5.7489),
    "59560": ("Seclin", 50.5489, 3.0303),
}
SEED_TOLERANCE_KM = 2.0

FILES = {
    # file name: (allowed department prefixes, ids that must be present)
    "sud-haut-marnais.csv": (("52",), ("52121", "52269", "52060")),
    "lille-sud.csv": (("59", "62"), ("59560", "59350")),
}

INSEE_RE = re.compile(r"^(?:[0-9]{2}|2[AB])[0-9]{3}$")
POPULATION_RE = re.compile(r"^[1-9][0-9]*$")
COORD_RE = re.compile(r"^-?[0-9]+\.([0-9]{4,})$")
SOURCE_KEY_ROW_RE = re.compile(r"^\|\s*`([A-Za-z0-9_.-]+)`\s*\|")


def haversine_km(lat1, lon1, lat2, lon2):
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


def source_keys(readme, errors):
    """Keys defined in the table under the '## Source keys' heading of README.md."""
    try:
        text = readme.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(f"{readme}: cannot read: {exc}")
        return set()
    keys, inside = set(), False
    for line in text.splitlines():
        if line.startswith("## "):
            inside = line.strip().lower() == "## source keys"
            continue
        if inside:
            m = SOURCE_KEY_ROW_RE.match(line.strip())
            if m:
                keys.add(m.group(1))
    if not keys:
        errors.append(f"{readme}: no source keys found under a '## Source keys' heading")
    return keys


def check_file(path, prefixes, required, keys, errors):
    where = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(f"{where}: cannot read as UTF-8: {exc}")
        return 0
    if text.startswith("\ufeff"):
        errors.append(f"{where}: starts with a byte-order mark")
        text = text[1:]
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        errors.append(f"{where}: empty file")
        return 0
    if rows[0] != HEADER:
        errors.append(f"{where}: header is {rows[0]!r}, expected {HEADER!r}")
        return 0
    seen_ids, seen_names, sources = {}, {}, set()
    coords = {}
    for lineno, row in enumerate(rows[1:], start=2):
        at = f"{where}:{lineno}"
        if len(row) != len(HEADER):
            errors.append(f"{at}: {len(row)} fields, expected {len(HEADER)}")
            continue
        rid, name, insee, lat_s, lon_s, pop_s, source = row
        if rid != insee:
            errors.append(f"{at}: id {rid!r} differs from insee {insee!r}")
        if not INSEE_RE.match(insee):
            errors.append(f"{at}: insee {insee!r} is not a 5-character INSEE commune code")
        dep = insee[:2]
        if dep not in prefixes:
            errors.append(f"{at}: insee {insee!r} is not in department(s) {', '.join(prefixes)}")
        if rid in seen_ids:
            errors.append(f"{at}: duplicate id {rid!r} (first on line {seen_ids[rid]})")
        seen_ids.setdefault(rid, lineno)
        if not name or name != name.strip():
            errors.append(f"{at}: empty name or name with surrounding spaces: {name!r}")
        elif name in seen_names:
            errors.append(f"{at}: duplicate name {name!r} (first on line {seen_names[name]})")
        seen_names.setdefault(name, lineno)
        lat = lon = None
        for label, value in (("lat", lat_s), ("lon", lon_s)):
            if not COORD_RE.match(value):
                errors.append(f"{at}: {label} {value!r} is not a decimal number with at least 4 decimals")
        try:
            lat, lon = float(lat_s), float(lon_s)
        except ValueError:
            errors.append(f"{at}: lat/lon {lat_s!r}/{lon_s!r} are not numbers")
        if lat is not None and dep in DEPARTMENT_BBOX:
            la0, la1, lo0, lo1 = DEPARTMENT_BBOX[dep]
            if not (la0 <= lat <= la1 and lo0 <= lon <= lo1):
                errors.append(
                    f"{at}: ({lat}, {lon}) lies outside the bounding box of department {dep} "
                    f"(lat {la0}..{la1}, lon {lo0}..{lo1})"
                )
            coords[rid] = (lat, lon)
        if not POPULATION_RE.match(pop_s):
            errors.append(f"{at}: population {pop_s!r} is not a positive integer")
        parts = source.split("+") if source else []
        if not parts or any(not p for p in parts):
            errors.append(f"{at}: empty source key {source!r}")
        for part in parts:
            if part and part not in keys:
                errors.append(f"{at}: source key {part!r} is not defined in README.md")
        sources.add(source)
    if len(rows) == 1:
        errors.append(f"{where}: no data rows")
    if len(sources) > 1:
        errors.append(f"{where}: rows mix several source keys {sorted(sources)}; one vintage per file is expected")
    for rid in required:
        if rid not in seen_ids:
            errors.append(f"{where}: required commune {rid} is missing")
    for rid, (town, tlat, tlon) in SEED_TOWNS.items():
        if rid in coords:
            d = haversine_km(*coords[rid], tlat, tlon)
            if d > SEED_TOLERANCE_KM:
                errors.append(
                    f"{where}: {town} ({rid}) is {d:.2f} km from the domain.md position "
                    f"({tlat}, {tlon}); at most {SEED_TOLERANCE_KM} km allowed"
                )
    return len(rows) - 1


def main(argv):
    base = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    errors = []
    keys = source_keys(base / "README.md", errors)
    counts = {}
    for name, (prefixes, required) in FILES.items():
        path = base / name
        if not path.is_file():
            errors.append(f"{name}: file not found in {base}")
            continue
        counts[name] = check_file(path, prefixes, required, keys, errors)
    if errors:
        print(f"origins validation FAILED ({len(errors)} problem(s)):", file=sys.stderr)
        for e in errors:
            print(f"  - {e}", file=sys.stderr)
        return 1
    summary = ", ".join(f"{n}: {c} rows" for n, c in counts.items())
    print(f"origins validation OK ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
