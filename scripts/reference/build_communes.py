#!/usr/bin/env python3
"""Build the commune reference of parcours (examples/reference/) from public sources.

Writes, for the chosen départements:

- ``communes.csv``: one row per current commune (INSEE COG 2026) with its population municipale
  and a representative point computed from its outline, and one row per former commune code
  (absorbed into a commune nouvelle) naming its current successor;
- ``postal_codes.csv``: every (postal code, current commune) pair;
- ``departements.geojson``: simplified département outlines;
- ``communes-52.geojson`` (``--communes-geojson``): simplified commune outlines of one département.

Sources (see examples/reference/README.md for versions and licences):

- npm ``@etalab/decoupage-administratif`` and ``codes-postaux``, pinned in
  ``scripts/reference/package.json`` + ``package-lock.json`` and installed here with ``npm ci``
  into an ignored scratch directory;
- GitHub ``gregoiredavid/france-geojson`` (IGN Admin Express COG 2018 outlines), a checkout or the
  git directory of a mirror, given with ``--france-geojson``;
- GitHub ``datagouv/decoupage-administratif`` (the repository the npm package is built from), for
  INSEE's list of commune events (``sources/mouvements-communes.csv``), which gives the names of
  former codes; a checkout or git directory given with ``--decoupage-repo``.

Both repositories are read at pinned commits with ``git show COMMIT:PATH``.

Usage (from the repository root, with shapely from scripts/reference/requirements.txt)::

    python3 scripts/reference/build_communes.py \\
        --france-geojson /path/to/france-geojson \\
        --decoupage-repo /path/to/decoupage-administratif \\
        [--departements seed|all|52,21,...] [--out examples/reference]

Needs the network only for ``npm ci`` (npm registry), and only when the scratch directory does
not already hold the pinned packages. Rerunning it rewrites the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

try:
    import shapely
    from shapely.geometry import mapping, shape
    from shapely.ops import unary_union
except ImportError:  # pragma: no cover - message for the user
    sys.exit(
        "build_communes: shapely is not installed; run "
        "`python3 -m pip install -r scripts/reference/requirements.txt` (in a virtualenv) first"
    )

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

# Pinned inputs. The npm versions are pinned in package.json / package-lock.json beside this file;
# they are checked again after installation.
NPM_PINS = {"@etalab/decoupage-administratif": "6.0.0", "codes-postaux": "4.1.2"}
# gregoiredavid/france-geojson, HEAD of master (2018-10-16): IGN Admin Express COG 2018 outlines.
FRANCE_GEOJSON_COMMIT = "5d34ee6d0140c29f785fdb047d9329f1aab58833"
# Same repository, master at 2017-09-05 (merge of v2-dev): IGN GEOFLA 2.2 (2016) outlines with
# INSEE 2016 codes. Used only for communes restored after 2018 (a commune nouvelle split again):
# the 2018 outlines hold them inside their former commune nouvelle.
FRANCE_GEOJSON_OLD_COMMIT = "07449d8bcbeaae0ae9558a83a9e6708ac87846ed"
# datagouv/decoupage-administratif, tag v6.0.0 (2026-03-09): the commit the npm package 6.0.0
# was published from.
DECOUPAGE_COMMIT = "98976e5f29e66b8449cf64eaf3e2be0b8d9e7d85"

# Vintage of the population municipale carried by @etalab/decoupage-administratif 6.0.0: INSEE
# "populations de référence 2023" (published December 2025, geography of 1 January 2025), read
# from the repository's sources/donnees_communes.csv, except Mayotte, whose figures come from
# sources/donnees_communes_mayotte.csv, INSEE's 2017 Mayotte census (the package README:
# "population Mayotte INSEE 2017"). Paris, Lyon and Marseille are the sums of their
# arrondissements municipaux (same vintage).
POPULATION_YEAR = 2023
POPULATION_YEAR_BY_DEPARTEMENT = {"976": 2017}

# Départements the committed reference must hold whatever the seed networks say (issue 15).
BRIEF_DEPARTEMENTS = ("52", "21", "59", "62", "92", "57", "71", "40", "60", "14")

# Former codes left out: codes that stopped being used only because their commune changed
# département before this date (INSEE event 41): the 1968 reorganisation of the Paris region
# (Seine 75xxx and Seine-et-Oise 78xxx codes renumbered in 91-95) and the 1976 split of Corsica
# (20xxx renumbered 2Axxx / 2Bxxx), about 900 codes. They predate every health data set parcours
# reads, and they overlap postal codes (75001-75020 are Paris postal codes; 20xxx Corsican ones):
# kept, a postal code given as a commune code would resolve silently to another commune
# (75001 to Alfortville). Renumberings from 1977 on (e.g. 55227 -> 54602 in 1997) are kept.
RENUMBERING_CUTOFF = "1977-01-01"

HEADER = ["code", "name", "departement", "population", "population_year", "lat", "lon", "point", "successor"]

# Simplification tolerances (degrees), for the map files only; points are computed on the
# unsimplified outlines.
DEPARTEMENT_TOLERANCE = 0.002
COMMUNES_TOLERANCE = 0.003
# Two current communes whose outlines overlap by more than this share of the smaller one point
# to a commune restored after the geometry's vintage (its territory is still in its former
# parent's outline): the build fails.
OVERLAP_SHARE = 0.01


class BuildError(Exception):
    """A problem that makes the output wrong; the build stops with every message."""


# --------------------------------------------------------------------------------------------
# inputs


def git_show(repo: Path, commit: str, path: str) -> bytes:
    """Bytes of PATH at COMMIT in the git repository REPO (checkout or bare/mirror git dir)."""
    proc = subprocess.run(["git", "-C", str(repo), "show", f"{commit}:{path}"], capture_output=True, check=False)
    if proc.returncode != 0:
        raise BuildError(
            f"cannot read `{path}` at commit {commit} in `{repo}`: {proc.stderr.decode(errors='replace').strip()}"
        )
    return proc.stdout


def git_ls(repo: Path, commit: str, prefix: str) -> list[str]:
    """Paths of every file under PREFIX at COMMIT."""
    proc = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "-r", "--name-only", commit, prefix],
        capture_output=True,
        check=False,
        text=True,
    )
    if proc.returncode != 0:
        raise BuildError(f"cannot list `{prefix}` at commit {commit} in `{repo}`: {proc.stderr.strip()}")
    return proc.stdout.split()


def check_commit(repo: Path, commit: str, what: str) -> None:
    proc = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "-e", f"{commit}^{{commit}}"], capture_output=True, check=False
    )
    if proc.returncode != 0:
        raise BuildError(
            f"`{repo}` does not hold commit {commit} of {what}; "
            f"help: pass a checkout or mirror of {what} that contains it"
        )


def npm_install(scratch: Path) -> Path:
    """Install the pinned npm packages into SCRATCH with `npm ci`; skip when already there."""
    scratch.mkdir(parents=True, exist_ok=True)
    lock = (HERE / "package-lock.json").read_bytes()
    pkg = (HERE / "package.json").read_bytes()
    stamp = hashlib.sha256(pkg + b"\0" + lock).hexdigest()
    stamp_file = scratch / ".installed"
    modules = scratch / "node_modules"
    if not (stamp_file.is_file() and stamp_file.read_text() == stamp and modules.is_dir()):
        (scratch / "package.json").write_bytes(pkg)
        (scratch / "package-lock.json").write_bytes(lock)
        print(f"build_communes: npm ci in {scratch}", file=sys.stderr)
        proc = subprocess.run(
            ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=scratch,
            stdout=sys.stderr,
            check=False,
        )
        if proc.returncode != 0:
            raise BuildError(f"`npm ci` failed in `{scratch}` (exit {proc.returncode})")
        stamp_file.write_text(stamp)
    for name, version in NPM_PINS.items():
        meta = json.loads((modules / name / "package.json").read_text(encoding="utf-8"))
        if meta.get("version") != version:
            raise BuildError(f"npm package `{name}` is {meta.get('version')}, expected {version}")
    return modules


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def departement_of_code(code: str) -> str:
    """Département prefix of a commune code: 3 characters overseas (97x, 98x), else 2."""
    return code[:3] if code.startswith("97") or code.startswith("98") else code[:2]


# --------------------------------------------------------------------------------------------
# COG: current communes and former codes


class Cog:
    """Current communes, former codes and their successors, from @etalab/decoupage-administratif."""

    def __init__(self, communes: list[dict], departements: list[dict]) -> None:
        self.current = {c["code"]: c for c in communes if c["type"] == "commune-actuelle"}
        self.arrondissements = {c["code"]: c["commune"] for c in communes if c["type"] == "arrondissement-municipal"}
        self.departements = {d["code"]: d for d in departements}
        # Codes of communes déléguées / associées that are not also a current commune: their
        # parent in the current COG is authoritative.
        self.parent = {}
        self.delegated_name = {}
        for c in communes:
            if c["type"] in ("commune-deleguee", "commune-associee") and c["code"] not in self.current:
                self.parent[c["code"]] = c["chefLieu"]
                self.delegated_name[c["code"]] = c["nom"]
        # anciensCodes: former codes (from INSEE's events) listed under the current commune.
        self.ancien = {}
        for c in self.current.values():
            for old in c.get("anciensCodes", []):
                self.ancien[old] = c["code"]
        self.conflicts = []  # (code, COG parent, anciensCodes commune)
        for code, parent in sorted(self.parent.items()):
            if code in self.ancien and self.resolve(parent) != self.ancien[code]:
                self.conflicts.append((code, parent, self.ancien[code]))

    def resolve(self, code: str) -> str | None:
        """Current commune a code stands for today, or None. Chains are followed to the end."""
        seen = []
        while code not in self.current:
            if code in seen:
                raise BuildError(f"former code chain loops: {' -> '.join(seen + [code])}")
            seen.append(code)
            if code in self.parent:  # the current COG parent wins over anciensCodes
                code = self.parent[code]
            elif code in self.ancien:
                code = self.ancien[code]
            else:
                return None
        return code

    def former_codes(self) -> dict[str, str]:
        """Every former code that is not a current commune, with its final current successor."""
        out = {}
        for code in sorted(set(self.parent) | set(self.ancien)):
            succ = self.resolve(code)
            if succ is None:
                raise BuildError(f"former code `{code}` resolves to no current commune")
            out[code] = succ
        return out


def commune_events(decoupage_repo: Path) -> tuple[dict[str, str], set[str]]:
    """From INSEE's list of events (sources/mouvements-communes.csv): the last name each code had
    as a commune, and the codes that stopped being used only because their commune changed
    département before RENUMBERING_CUTOFF (INSEE event type 41)."""
    text = git_show(decoupage_repo, DECOUPAGE_COMMIT, "sources/mouvements-communes.csv").decode("utf-8")
    best: dict[str, tuple[str, str]] = {}
    endings: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in csv.DictReader(io.StringIO(text)):
        if row["TYPECOM_AV"] != "COM":
            continue
        code = row["COM_AV"].zfill(5)  # a few rows lost the leading zero (the package's build pads them too)
        key = (row["DATE_EFF"], row["LIBELLE_AV"])
        if code not in best or key[0] >= best[code][0]:
            best[code] = key
        if row["COM_AP"].zfill(5) != code:
            endings[code].add((row["MOD"], row["DATE_EFF"]))
    renumbered = {
        code for code, ends in endings.items() if all(mod == "41" and date < RENUMBERING_CUTOFF for mod, date in ends)
    }
    return {code: name for code, (_, name) in best.items()}, renumbered


# --------------------------------------------------------------------------------------------
# geometry


def geojson_paths(repo: Path, kind: str, commit: str = FRANCE_GEOJSON_COMMIT) -> dict[str, str]:
    """Département code -> path of its `kind` file (communes / departement) in france-geojson."""
    out = {}
    for path in git_ls(repo, commit, "departements"):
        name = path.rsplit("/", 1)[-1]
        if name.startswith(kind + "-") and name.endswith(".geojson"):
            out[name[len(kind) + 1 :].split("-", 1)[0]] = path
    return out


def load_features(repo: Path, path: str, commit: str = FRANCE_GEOJSON_COMMIT) -> list[tuple[str, str, object]]:
    data = json.loads(git_show(repo, commit, path))
    out = []
    for feat in data["features"] if data["type"] == "FeatureCollection" else [data]:
        geom = shape(feat["geometry"])
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        out.append((feat["properties"]["code"], feat["properties"]["nom"], geom))
    return out


def polygonal(geom):
    """Keep only the polygons of a geometry (make_valid / union can leave lines or points)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return unary_union(parts)


def rounded(obj):
    """Round every coordinate of a GeoJSON geometry mapping to 5 decimals."""
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), 5) for v in obj]
        return [rounded(o) for o in obj]
    return obj


def simplify_coverage(geoms: list, tolerance: float) -> list:
    """Simplify polygons that tile the plane keeping shared edges shared (GEOS coverage
    simplification); fall back to simplifying each polygon on its own if they are no coverage."""
    arr = shapely.set_precision(shapely.make_valid(shapely.from_wkb(shapely.to_wkb(geoms))), 1e-5)
    arr = [polygonal(g) for g in arr]
    if shapely.coverage_is_valid(arr, gap_width=0.0):
        out = list(shapely.coverage_simplify(arr, tolerance))
    else:
        print("build_communes: outlines are not a clean coverage; simplifying each alone", file=sys.stderr)
        out = [g.simplify(tolerance, preserve_topology=True) for g in arr]
    return [polygonal(shapely.set_precision(g, 1e-5)) for g in out]


def write_geojson(path: Path, features: list[tuple[dict, object]]) -> int:
    feats = [{"type": "Feature", "properties": props, "geometry": rounded(mapping(geom))} for props, geom in features]
    # mapping() gives tuples; json writes them as arrays. Compact, one feature per line.
    lines = ['{"type":"FeatureCollection","features":[']
    for i, f in enumerate(feats):
        sep = "," if i + 1 < len(feats) else ""
        lines.append(json.dumps(f, ensure_ascii=False, separators=(",", ":")) + sep)
    lines.append("]}")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(data)
    return len(data)


# --------------------------------------------------------------------------------------------
# département selection


def seed_locations(dep_outlines: dict[str, object], cog: Cog) -> dict[str, list[str]]:
    """Département of every location of the seed networks: from its INSEE code, else from its
    coordinates (point in the département outline). Mismatches between the two are errors."""
    found: dict[str, list[str]] = defaultdict(list)
    problems = []
    for net in sorted((ROOT / "examples" / "networks").glob("*.json")):
        data = read_json(net)
        for loc in data.get("locations", []):
            where = f"{net.name} location `{loc.get('id')}`"
            by_point = None
            if "lat" in loc and "lon" in loc:
                pt = shapely.Point(loc["lon"], loc["lat"])
                hits = [d for d, g in dep_outlines.items() if g.covers(pt)]
                if len(hits) == 1:
                    by_point = hits[0]
                else:
                    problems.append(f"{where}: ({loc['lat']}, {loc['lon']}) lies in {len(hits)} départements")
            by_code = None
            if loc.get("insee"):
                code = loc["insee"]
                if cog.resolve(code) is None:
                    problems.append(f"{where}: insee `{code}` is no current or former commune")
                else:
                    by_code = cog.current[cog.resolve(code)]["departement"]
            if by_code and by_point and by_code != by_point:
                problems.append(f"{where}: insee says département {by_code}, the coordinates {by_point}")
            dep = by_code or by_point
            if dep:
                found[dep].append(f"{net.stem}:{loc.get('id')}" + ("" if by_code else " (from coordinates)"))
    if problems:
        raise BuildError("seed network locations:\n  " + "\n  ".join(problems))
    return dict(found)


# --------------------------------------------------------------------------------------------
# main


def build(args: argparse.Namespace) -> None:
    fg = Path(args.france_geojson)
    dr = Path(args.decoupage_repo)
    check_commit(fg, FRANCE_GEOJSON_COMMIT, "github:gregoiredavid/france-geojson")
    check_commit(dr, DECOUPAGE_COMMIT, "github:datagouv/decoupage-administratif")
    modules = npm_install(Path(args.scratch))
    dec = modules / "@etalab" / "decoupage-administratif" / "data"
    cog = Cog(read_json(dec / "communes.json"), read_json(dec / "departements.json"))
    postal = read_json(modules / "codes-postaux" / "codes-postaux.json")
    names, renumbered = commune_events(dr)

    dep_paths = geojson_paths(fg, "departement")
    commune_paths = geojson_paths(fg, "communes")
    dep_outlines_full = {}
    dep_names = {}
    for dep, path in sorted(dep_paths.items()):
        ((code, nom, geom),) = load_features(fg, path)
        if code != dep:
            raise BuildError(f"`{path}` holds département `{code}`, expected `{dep}`")
        dep_outlines_full[dep] = geom
        dep_names[dep] = nom

    # --- which départements
    seeds = seed_locations(dep_outlines_full, cog)
    overseas_com = sorted(d for d, v in cog.departements.items() if v["zone"] == "com")
    if args.departements == "seed":
        selected = sorted(set(BRIEF_DEPARTEMENTS) | set(seeds))
    elif args.departements == "all":
        selected = sorted(d for d, v in cog.departements.items() if v["zone"] in ("metro", "drom"))
        print(
            "build_communes: --departements all builds metropolitan France, Corsica and the five "
            f"DROM; left out (collectivités d'outre-mer, no outline in the source): {', '.join(overseas_com)}",
            file=sys.stderr,
        )
    else:
        selected = sorted({d.strip() for d in args.departements.split(",") if d.strip()})
    unknown = [d for d in selected if d not in cog.departements or d in overseas_com]
    if unknown:
        raise BuildError(f"unknown département(s) {', '.join(unknown)}; help: use COG codes such as 52, 2A, 974")
    missing_seed = sorted(set(seeds) - set(selected))
    if missing_seed:
        print(
            f"build_communes: warning: seed network locations in départements not selected: {', '.join(missing_seed)}",
            file=sys.stderr,
        )
    sel = set(selected)

    # --- communes and former codes of the selection
    current = {c: v for c, v in cog.current.items() if v["departement"] in sel}
    former_all = cog.former_codes()
    former = {f: s for f, s in former_all.items() if s in current and f not in renumbered}
    left_out = sorted(f for f, s in former_all.items() if s in current and f in renumbered)
    codes_for: dict[str, set[str]] = {c: {c} for c in current}
    for f, s in former.items():
        codes_for[s].add(f)

    # --- geometry: 2018 outlines of every code that resolves to a selected commune
    need = {departement_of_code(code) for codes in codes_for.values() for code in codes}
    geom18: dict[str, object] = {}
    name18: dict[str, str] = {}
    unresolved18 = []
    for dep in sorted(need):
        if dep not in commune_paths:
            continue
        for code, nom, geom in load_features(fg, commune_paths[dep]):
            geom18[code] = geom
            name18[code] = nom
            if cog.resolve(code) is None:
                unresolved18.append(code)
    if unresolved18:
        raise BuildError(f"france-geojson codes that resolve to no current commune: {', '.join(sorted(unresolved18))}")

    errors = []
    outline = {}
    method = {}
    restored = []
    skipped: list[str] = []
    for c in sorted(current):
        parts = sorted(k for k in codes_for[c] if k in geom18)
        if not parts:
            restored.append(c)
            continue
        if parts == [c]:
            method[c] = "same code"
        elif c in parts:
            method[c] = "own 2018 outline + absorbed communes"
        else:
            method[c] = "union of former communes"
        outline[c] = polygonal(unary_union([geom18[k] for k in parts]))
    if restored:
        # Communes with no 2018 outline of their own nor of a former commune: restored after
        # 2018 from a commune nouvelle whose 2018 outline still holds them. Take them and the
        # commune(s) they were split from out of the 2016 outlines, where both existed apart.
        paths16 = geojson_paths(fg, "communes", FRANCE_GEOJSON_OLD_COMMIT)
        geom16: dict[str, object] = {}
        for dep in sorted({departement_of_code(k) for c in restored for k in codes_for[c]}):
            if dep in paths16:
                for code, _nom, geom in load_features(fg, paths16[dep], FRANCE_GEOJSON_OLD_COMMIT):
                    geom16[code] = geom
        by16 = defaultdict(list)
        for code in geom16:
            succ = cog.resolve(code)
            if succ is None:
                errors.append(f"france-geojson 2016 code {code} resolves to no current commune")
            else:
                by16[succ].append(code)
        for c in restored:
            if not by16.get(c):
                msg = (
                    f"current commune {c} ({current[c]['nom']}) has no outline in france-geojson "
                    "(2018 nor 2016), nor any former commune"
                )
                if args.skip_missing_geometry:
                    skipped.append(c)
                    print(f"build_communes: warning: {msg}; left out (--skip-missing-geometry)", file=sys.stderr)
                else:
                    errors.append(msg)
                continue
            own = polygonal(unary_union([geom16[k] for k in sorted(by16[c])]))
            hosts = [h for h in sorted(outline) if outline[h].intersection(own).area > 0.5 * own.area]
            if len(hosts) != 1:
                errors.append(f"restored commune {c} ({current[c]['nom']}): {len(hosts)} 2018 outlines hold it")
                continue
            # The 2016 line between them, clipped to the 2018 outline that holds both (GEOFLA 2016
            # and Admin Express 2018 borders differ by tens of metres; neighbours keep theirs).
            host = hosts[0]
            outline[c] = polygonal(outline[host].intersection(own))
            method[c] = "2016 outline clipped to its 2018 host (restored after 2018)"
            outline[host] = polygonal(outline[host].difference(own))
            method[host] = "2018 outline minus a commune restored from it"
            print(
                f"build_communes: {c} ({current[c]['nom']}) restored from {host}: split along the 2016 outline",
                file=sys.stderr,
            )
    if errors:
        raise BuildError(
            "\n  ".join(["missing geometry:"] + errors)
            + "\nhelp: --skip-missing-geometry builds the rest and leaves these communes (and their former codes) out"
        )
    for c in skipped:
        del current[c]
    former = {f: s for f, s in former.items() if s in current}

    # overlap check (a commune restored after 2018 would overlap its former parent)
    codes = sorted(outline)
    tree = shapely.STRtree([outline[c] for c in codes])
    left, right = tree.query([outline[c] for c in codes], predicate="intersects")
    for i, j in zip(left, right, strict=True):
        if i >= j:
            continue
        a, b = outline[codes[i]], outline[codes[j]]
        inter = a.intersection(b).area
        if inter > OVERLAP_SHARE * min(a.area, b.area):
            errors.append(
                f"outlines of {codes[i]} and {codes[j]} overlap ({inter / min(a.area, b.area):.1%} of the smaller)"
            )
    if errors:
        raise BuildError("\n  ".join(["overlapping communes:"] + errors))

    # --- rows
    rows = []
    points = Counter()
    for c in sorted(current):
        v = current[c]
        pop = v.get("population")
        if not isinstance(pop, int):
            errors.append(f"current commune {c} ({v['nom']}) has no population in the package")
            continue
        geom = outline[c]
        pt = geom.centroid
        kind = "centroid"
        if not geom.contains(pt):
            pt = geom.representative_point()
            kind = "interior"
        points[kind] += 1
        year = POPULATION_YEAR_BY_DEPARTEMENT.get(v["departement"], POPULATION_YEAR)
        rows.append([c, v["nom"], v["departement"], str(pop), str(year), f"{pt.y:.5f}", f"{pt.x:.5f}", kind, ""])
    for f, s in sorted(former.items()):
        name = cog.delegated_name.get(f) or names.get(f)
        if not name:
            errors.append(f"former code {f} (successor {s}) has no name in the COG nor in its list of events")
            continue
        rows.append([f, name, current[s]["departement"], "", "", "", "", "", s])
    if errors:
        raise BuildError("\n  ".join(["rows:"] + errors))
    rows.sort(key=lambda r: r[0])

    # --- postal codes
    pairs = set()
    for entry in postal:
        succ = cog.resolve(cog.arrondissements.get(entry["codeCommune"], entry["codeCommune"]))
        if succ is None:
            errors.append(
                f"codes-postaux: commune `{entry['codeCommune']}` ({entry['nomCommune']}) resolves to no current commune"
            )
        elif succ in current:
            pairs.add((entry["codePostal"], succ))
    if errors:
        raise BuildError("\n  ".join(["postal codes:"] + errors))
    # codes-postaux (built from INSEE COG + DGFiP FIMOCT, no longer produced since 2023) does not know
    # communes restored since; for them only, take the postal codes the COG package lists (La Poste).
    postal_fallback = sorted(set(current) - {c for _, c in pairs})
    for c in postal_fallback:
        pairs.update((cp, c) for cp in current[c].get("codesPostaux", []))
    without_postal = sorted(set(current) - {c for _, c in pairs})
    pkg_pairs = {(cp, c) for c, v in current.items() for cp in v.get("codesPostaux", [])}

    # --- write
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "communes.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(rows)
    with (out / "postal_codes.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["postal_code", "commune"])
        w.writerows(sorted(pairs))

    deps_simplified = simplify_coverage(
        [dep_outlines_full[d] for d in selected if d in dep_outlines_full], DEPARTEMENT_TOLERANCE
    )
    dep_feats = [
        ({"code": d, "nom": dep_names[d]}, g)
        for d, g in zip([d for d in selected if d in dep_outlines_full], deps_simplified, strict=True)
    ]
    dep_size = write_geojson(out / "departements.geojson", dep_feats)
    sizes = {"departements.geojson": dep_size}
    for dep in args.communes_geojson.split(","):
        dep = dep.strip()
        if not dep:
            continue
        if dep not in sel:
            raise BuildError(f"--communes-geojson {dep}: département not selected")
        codes = sorted(c for c in current if current[c]["departement"] == dep)
        simplified = simplify_coverage([outline[c] for c in codes], COMMUNES_TOLERANCE)
        name = f"communes-{dep}.geojson"
        sizes[name] = write_geojson(
            out / name, [({"code": c, "nom": current[c]["nom"]}, g) for c, g in zip(codes, simplified, strict=True)]
        )

    # --- report
    by_dep = Counter(current[c]["departement"] for c in current)
    pop_dep = Counter()
    for v in current.values():
        pop_dep[v["departement"]] += v["population"]
    former_dep = Counter(current[s]["departement"] for s in former.values())
    report = [
        f"départements ({len(selected)}): {', '.join(selected)}",
        "seed network locations by département: " + "; ".join(f"{d}: {', '.join(v)}" for d, v in sorted(seeds.items())),
        "dep  communes  population  former",
    ]
    for d in selected:
        report.append(f"{d:<4} {by_dep[d]:>8} {pop_dep[d]:>11} {former_dep[d]:>7}")
    report += [
        f"total: {len(current)} current communes, population {sum(pop_dep.values())}, {len(former)} former codes",
        f"former codes left out (renumbered by a change of département before {RENUMBERING_CUTOFF}): {len(left_out)}"
        + (f", e.g. {', '.join(left_out[:5])}" if left_out else ""),
        f"geometry: {Counter(method.values())}",
        f"points: {dict(points)}",
        f"postal pairs: {len(pairs)} ({len({p for p, _ in pairs})} postal codes); communes unknown to codes-postaux, "
        f"postal codes from decoupage-administratif: {', '.join(postal_fallback) or 'none'}; "
        f"communes without a postal code: {', '.join(without_postal) or 'none'}",
        f"postal pairs vs the decoupage package's codesPostaux: {len(pairs - pkg_pairs)} only in codes-postaux, "
        f"{len(pkg_pairs - pairs)} only in decoupage-administratif",
        "COG parent used over anciensCodes (conflicts): "
        + (", ".join(f"{c} parent {p} / anciensCodes {a}" for c, p, a in cog.conflicts) or "none"),
        f"left out for lack of any outline (--skip-missing-geometry): {', '.join(skipped) or 'none'}",
        "sizes: " + ", ".join(f"{k} {v} bytes" for k, v in sizes.items()),
    ]
    print("\n".join(report))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--france-geojson", required=True, help="checkout or git dir of github:gregoiredavid/france-geojson"
    )
    parser.add_argument(
        "--decoupage-repo", required=True, help="checkout or git dir of github:datagouv/decoupage-administratif"
    )
    parser.add_argument(
        "--departements",
        default="seed",
        help="`seed` (default: the issue's list plus every département of a seed network location), "
        "`all` (metropolitan France, Corsica, DROM) or a comma-separated list of COG codes",
    )
    parser.add_argument("--out", default=str(ROOT / "examples" / "reference"), help="output directory")
    parser.add_argument("--scratch", default=str(HERE / ".scratch"), help="where npm ci installs the pinned packages")
    parser.add_argument(
        "--communes-geojson",
        default="52",
        help="départements whose commune outlines are written (comma-separated; empty for none)",
    )
    parser.add_argument(
        "--skip-missing-geometry",
        action="store_true",
        help="leave out (with a warning) current communes that have no outline at all, instead of failing",
    )
    args = parser.parse_args(argv[1:])
    try:
        build(args)
    except BuildError as exc:
        print(f"build_communes: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
