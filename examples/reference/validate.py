#!/usr/bin/env python3
"""Integrity checks for the commune reference in examples/reference/.

Usage: python3 examples/reference/validate.py [DIR]

DIR defaults to the directory holding this script. Standard library only. Checks
communes.csv, postal_codes.csv, departements.geojson and every communes-*.geojson, and compares
the reference with the hand-checked origins files of examples/origins/ (same INSEE vintage).
Prints every problem found and exits 1 if there is any, 0 otherwise.
"""

import csv
import json
import math
import re
import sys
from pathlib import Path

HEADER = ["code", "name", "departement", "population", "population_year", "lat", "lon", "point", "successor"]
POSTAL_HEADER = ["postal_code", "commune"]

CODE_RE = re.compile(r"^(?:[0-9]{2}|2[AB])[0-9]{3}$")
DEPARTEMENT_RE = re.compile(r"^(?:[0-9]{2}|2[AB]|97[0-9])$")
POSTAL_RE = re.compile(r"^[0-9]{5}$")
COORD_RE = re.compile(r"^-?[0-9]{1,3}\.[0-9]{5}$")
INT_RE = re.compile(r"^(?:0|[1-9][0-9]*)$")
YEAR_RE = re.compile(r"^(?:19|20)[0-9]{2}$")
POINT_KINDS = {"centroid", "interior"}

# The six communes "mortes pour la France" (Meuse): current communes with no inhabitant, so a
# population of 0 is right for them and for no other commune. List from the codes-postaux README.
UNINHABITED = {"55039", "55050", "55139", "55189", "55239", "55307"}

# Margin (degrees) around a département's outline bounding box: the outlines in
# departements.geojson are simplified (tolerance 0.002°), the points come from unsimplified ones.
BBOX_MARGIN = 0.02

# Communes that must be present, with the files of examples/origins/ that give their population
# and chef-lieu point. Those files hold INSEE's 2023 vintage (examples/origins/README.md).
REQUIRED = {"52121": "Chaumont", "52269": "Langres", "52060": "Bourbonne-les-Bains"}
ORIGINS = ("sud-haut-marnais.csv", "lille-sud.csv")
ORIGINS_POPULATION_YEAR = "2023"
# The reference point is the area centroid (or an interior point), the origins point IGN's
# chef-lieu; for the 103 communes of the origins files they are 0.1 to 4 km apart.
ORIGINS_TOLERANCE_KM = 5.0


def haversine_km(lat1, lon1, lat2, lon2):
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


def departement_of_code(code):
    return code[:3] if code.startswith("97") else code[:2]


def read_csv(path, header, errors):
    """Rows (line number, list of fields) of a UTF-8, LF, comma CSV with an exact header."""
    where = path.name
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(f"{where}: cannot read as UTF-8: {exc}")
        return []
    if text.startswith("\ufeff"):
        errors.append(f"{where}: starts with a byte-order mark")
        text = text[1:]
    if "\r" in text:
        errors.append(f"{where}: has CR characters; lines must end with LF only")
    if text and not text.endswith("\n"):
        errors.append(f"{where}: last line does not end with LF")
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        errors.append(f"{where}: empty file")
        return []
    if rows[0] != header:
        errors.append(f"{where}: header is {rows[0]!r}, expected {header!r}")
        return []
    out = []
    for lineno, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            errors.append(f"{where}:{lineno}: {len(row)} fields, expected {len(header)}")
            continue
        out.append((lineno, row))
    if not out:
        errors.append(f"{where}: no data rows")
    return out


def outline_bboxes(path, errors):
    """Code -> (lat_min, lat_max, lon_min, lon_max) of each feature of a GeoJSON file."""
    where = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        errors.append(f"{where}: cannot read as GeoJSON: {exc}")
        return {}
    if data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        errors.append(f"{where}: not a GeoJSON FeatureCollection")
        return {}
    boxes = {}
    for i, feat in enumerate(data["features"]):
        at = f"{where}: /features/{i}"
        props = feat.get("properties") or {}
        code, nom = props.get("code"), props.get("nom")
        if set(props) != {"code", "nom"} or not isinstance(code, str) or not isinstance(nom, str) or not nom:
            errors.append(f"{at}/properties: expected exactly `code` and `nom` strings, got {props!r}")
            continue
        if code in boxes:
            errors.append(f"{at}: duplicate code {code!r}")
        geom = feat.get("geometry") or {}
        if geom.get("type") not in ("Polygon", "MultiPolygon"):
            errors.append(f"{at}/geometry: type {geom.get('type')!r}, expected Polygon or MultiPolygon")
            continue
        coords = []

        def walk(node, at=at, coords=coords):
            if isinstance(node, list) and len(node) == 2 and all(isinstance(v, (int, float)) for v in node):
                coords.append(node)
            elif isinstance(node, list):
                for n in node:
                    walk(n)
            else:
                errors.append(f"{at}/geometry: unexpected coordinate {node!r}")

        walk(geom.get("coordinates"))
        if not coords:
            errors.append(f"{at}/geometry: no coordinates")
            continue
        bad = [c for c in coords if any(round(v, 5) != v for v in c)]
        if bad:
            errors.append(f"{at}/geometry: {len(bad)} coordinate(s) with more than 5 decimals, e.g. {bad[0]!r}")
        lons = [c[0] for c in coords]
        lats = [c[1] for c in coords]
        if not (-180 <= min(lons) and max(lons) <= 180 and -90 <= min(lats) and max(lats) <= 90):
            errors.append(f"{at}/geometry: coordinates outside WGS84 ranges")
        boxes[code] = (min(lats), max(lats), min(lons), max(lons))
    return boxes


def check_communes(base, dep_boxes, errors):
    rows = read_csv(base / "communes.csv", HEADER, errors)
    where = "communes.csv"
    current, former, points, seen = {}, {}, {}, {}
    previous = None
    for lineno, row in rows:
        at = f"{where}:{lineno}"
        code, name, dep, pop, year, lat, lon, point, successor = row
        if not CODE_RE.match(code):
            errors.append(f"{at}: code {code!r} is not a 5-character INSEE commune code")
        if code in seen:
            errors.append(f"{at}: duplicate code {code!r} (first on line {seen[code]})")
        seen.setdefault(code, lineno)
        if previous is not None and code <= previous:
            errors.append(f"{at}: code {code!r} is not after {previous!r}; rows must be sorted by code")
        previous = code
        if not name or name != name.strip():
            errors.append(f"{at}: empty name or name with surrounding spaces: {name!r}")
        if not DEPARTEMENT_RE.match(dep):
            errors.append(f"{at}: departement {dep!r} is not a département code")
        elif dep not in dep_boxes:
            errors.append(f"{at}: departement {dep!r} has no outline in departements.geojson")
        if successor:
            if any((pop, year, lat, lon, point)):
                errors.append(
                    f"{at}: former code {code!r} must leave population, population_year, lat, lon, point empty"
                )
            if successor == code:
                errors.append(f"{at}: code {code!r} is its own successor")
            former[code] = (lineno, successor, dep)
            continue
        current[code] = (lineno, dep, name, pop, year)
        if departement_of_code(code) != dep:
            errors.append(
                f"{at}: current commune {code!r} is in departement {dep!r}; its code says {departement_of_code(code)!r}"
            )
        if not INT_RE.match(pop):
            errors.append(f"{at}: population {pop!r} is not a non-negative integer")
        elif pop == "0" and code not in UNINHABITED:
            errors.append(
                f"{at}: population of {code} ({name}) is 0; only the six uninhabited communes of Meuse may have 0"
            )
        elif pop != "0" and code in UNINHABITED:
            errors.append(f"{at}: {code} ({name}) is one of the uninhabited communes but has population {pop}")
        if not YEAR_RE.match(year):
            errors.append(f"{at}: population_year {year!r} is not a year")
        if point not in POINT_KINDS:
            errors.append(f"{at}: point {point!r} is not one of {sorted(POINT_KINDS)}")
        if not (COORD_RE.match(lat) and COORD_RE.match(lon)):
            errors.append(f"{at}: lat/lon {lat!r}/{lon!r} must be decimal numbers with exactly 5 decimals")
            continue
        la, lo = float(lat), float(lon)
        points[code] = (la, lo)
        if dep in dep_boxes:
            la0, la1, lo0, lo1 = dep_boxes[dep]
            m = BBOX_MARGIN
            if not (la0 - m <= la <= la1 + m and lo0 - m <= lo <= lo1 + m):
                errors.append(
                    f"{at}: ({lat}, {lon}) lies outside the bounding box of département {dep} "
                    f"(lat {la0}..{la1}, lon {lo0}..{lo1}, margin {m}°)"
                )
    for code, (lineno, successor, dep) in former.items():
        at = f"{where}:{lineno}"
        if successor in former:
            errors.append(
                f"{at}: successor {successor!r} of {code!r} is itself a former code; chains must resolve to the current code"
            )
        elif successor not in current:
            errors.append(f"{at}: successor {successor!r} of {code!r} is not a current commune of the file")
        elif current[successor][1] != dep:
            errors.append(
                f"{at}: former code {code!r} has departement {dep!r}, its successor {successor!r} {current[successor][1]!r}"
            )
    return current, former, points


def check_postal(base, current, errors):
    rows = read_csv(base / "postal_codes.csv", POSTAL_HEADER, errors)
    where = "postal_codes.csv"
    previous, covered, by_postal = None, set(), {}
    for lineno, row in rows:
        at = f"{where}:{lineno}"
        postal, commune = row
        if not POSTAL_RE.match(postal):
            errors.append(f"{at}: postal code {postal!r} is not 5 digits")
        if commune not in current:
            errors.append(
                f"{at}: commune {commune!r} of postal code {postal!r} is not a current commune of communes.csv"
            )
        key = (postal, commune)
        if previous is not None and key <= previous:
            errors.append(f"{at}: pair {key!r} is not after {previous!r}; rows must be sorted and unique")
        previous = key
        covered.add(commune)
        by_postal.setdefault(postal, []).append(commune)
    for code in sorted(set(current) - covered):
        errors.append(f"{where}: current commune {code} ({current[code][2]}) has no postal code")
    return by_postal


def check_origins(base, current, points, errors):
    origins = base.parent / "origins"
    for code, town in REQUIRED.items():
        if code not in current:
            errors.append(f"communes.csv: required commune {code} ({town}) is missing or not current")
    compared = 0
    for name in ORIGINS:
        path = origins / name
        try:
            with path.open(encoding="utf-8", newline="") as fh:
                rows = list(csv.DictReader(fh))
        except OSError as exc:
            errors.append(f"{path}: cannot read: {exc}")
            continue
        for r in rows:
            code = r["insee"]
            if code not in current:
                if code in REQUIRED or r["name"] in REQUIRED.values():
                    continue  # reported above
                errors.append(
                    f"communes.csv: commune {code} ({r['name']}) of examples/origins/{name} is missing or not current"
                )
                continue
            _, _, ref_name, pop, year = current[code]
            compared += 1
            if year == ORIGINS_POPULATION_YEAR and pop != r["population"]:
                errors.append(
                    f"communes.csv: {code} ({ref_name}) has population {pop} ({year}); "
                    f"examples/origins/{name} gives {r['population']} for the same vintage"
                )
            if code in points:
                d = haversine_km(*points[code], float(r["lat"]), float(r["lon"]))
                if d > ORIGINS_TOLERANCE_KM:
                    errors.append(
                        f"communes.csv: point of {code} ({ref_name}) is {d:.2f} km from its chef-lieu in "
                        f"examples/origins/{name}; at most {ORIGINS_TOLERANCE_KM} km allowed"
                    )
    return compared


def main(argv):
    base = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    errors = []
    for name in ("communes.csv", "postal_codes.csv", "departements.geojson", "README.md"):
        if not (base / name).is_file():
            errors.append(f"{name}: file not found in {base}")
    dep_boxes = (
        outline_bboxes(base / "departements.geojson", errors) if (base / "departements.geojson").is_file() else {}
    )
    current, former, points = (
        check_communes(base, dep_boxes, errors) if (base / "communes.csv").is_file() else ({}, {}, {})
    )
    by_postal = check_postal(base, current, errors) if (base / "postal_codes.csv").is_file() else {}
    deps = {v[1] for v in current.values()}
    for dep in sorted(set(dep_boxes) - deps):
        errors.append(f"departements.geojson: département {dep} has no commune in communes.csv")
    commune_maps = sorted(base.glob("communes-*.geojson"))
    for path in commune_maps:
        dep = path.stem.split("-", 1)[1]
        boxes = outline_bboxes(path, errors)
        expected = {c for c, v in current.items() if v[1] == dep}
        for code in sorted(set(boxes) - expected):
            errors.append(f"{path.name}: feature {code} is not a current commune of département {dep} in communes.csv")
        for code in sorted(expected - set(boxes)):
            errors.append(f"{path.name}: current commune {code} of département {dep} has no outline")
    compared = check_origins(base, current, points, errors)
    if errors:
        print(f"reference validation FAILED ({len(errors)} problem(s)):", file=sys.stderr)
        for e in errors:
            print(f"  - {e}", file=sys.stderr)
        return 1
    multi = sum(1 for v in by_postal.values() if len(v) > 1)
    print(
        f"reference validation OK (communes.csv: {len(current)} current communes in {len(deps)} départements, "
        f"{len(former)} former codes; postal_codes.csv: {len(by_postal)} postal codes, {multi} covering several "
        f"communes; {len(commune_maps)} commune map(s); {compared} communes agree with examples/origins)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
