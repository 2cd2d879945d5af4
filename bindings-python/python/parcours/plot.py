"""Optional plotting helpers (matplotlib, imported lazily: ``pip install parcours[plot]``).

Each function draws on ``ax`` (a new figure when ``None``) and returns the Axes.

* :func:`plot_flows`: the most frequent origin → target flows of a routed frame.
* :func:`plot_sites`: a map of a network: département and commune outlines (GeoJSON, e.g. the
  ``examples/reference/`` files, read with :func:`read_outlines`), sites by kind, groupings as
  hulls (their members at ``date``, from the core), labels that do not overlap.
* :func:`plot_coverage`: a :class:`parcours.Coverage` of communes as a map: each commune
  coloured by the distance (or time) to its target, the population per class and beyond the
  threshold.

Maps are plain matplotlib polygons in longitude/latitude with the aspect of an equirectangular
projection at the map's latitude (no GeoPandas, no tiles, nothing fetched). Labels are placed by
a greedy algorithm (the page's ``examples/web/labels.mjs``): by priority, each takes the first
free position of eight around its point, then the same farther out with a leader line; a label
with no free position is left out rather than drawn over another.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from os import PathLike
from typing import TYPE_CHECKING, Any

from parcours import _core

if TYPE_CHECKING:
    import datetime

    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.transforms import Bbox

    from parcours._core import Communes, Engine, Network
    from parcours.analysis import Coverage

__all__ = [
    "GROUPING_KINDS",
    "SITE_KINDS",
    "Outline",
    "plot_coverage",
    "plot_flows",
    "plot_sites",
    "read_outlines",
]

Ring = list[tuple[float, float]]

_MARKERS: dict[str, tuple[str, str]] = {
    "chu": ("D", "#7b3294"),
    "hospital": ("o", "#2166ac"),
    "clinic": ("s", "#d95f02"),
    "cancer_centre": ("D", "#c51b7d"),
    "smr_centre": ("^", "#1b7837"),
    "psychiatric_hospital": ("o", "#35978f"),
    "had": ("^", "#8c510a"),
    "ehpad": ("^", "#6a51a3"),
    "ssiad": ("s", "#807dba"),
    "gp_association": ("P", "#b2182b"),
    "health_centre": ("s", "#4d9221"),
    "training": ("o", "#878787"),
    "other": ("o", "#878787"),
}

_KIND_WORDS = _core.labels("fr")["site_kind"]
SITE_KINDS: dict[str, tuple[str, str, str]] = {
    kind: (marker, color, _KIND_WORDS[kind]) for kind, (marker, color) in _MARKERS.items()
}
"""Marker, colour and French label of each site kind: the markers and colours are the page's
(``map.mjs``), the labels the core's catalogue (``parcours.labels("fr")["site_kind"]``)."""

GROUPING_KINDS: dict[str, str] = {
    "ght": "GHT",
    "gcs_moyens": "GCS de moyens",
    "gcs_es": "GCS établissement de santé",
    "alliance_convention": "Convention, alliance",
    "federation": "Fédération",
    "cancer_network": "Réseau de cancérologie",
    "filiere_network": "Réseau de filière",
    "operator_group": "Groupe propriétaire ou gestionnaire",
}
"""French label of each grouping kind."""

_GROUPING_COLORS = ["#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628",
                    "#f781bf", "#999999"]
_COVERAGE_COLORS = ["#1a9850", "#91cf60", "#d9ef8b", "#fee08b", "#fc8d59", "#d73027"]
_NO_ROUTE = "#9e9e9e"
_LABEL_SIZE = 7.5


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError("parcours.plot needs matplotlib: pip install matplotlib") from None
    if ax is not None:
        return ax
    _, new = plt.subplots(figsize=size, layout="constrained")
    return new


def _column(frame: Any, name: str) -> list[Any]:
    """A column of a pandas / polars DataFrame or pyarrow Table as a Python list."""
    if hasattr(frame, "column_names"):  # pyarrow
        if name not in frame.column_names:
            raise KeyError(f"the frame has no column `{name}`")
        values: list[Any] = frame.column(name).to_pylist()
        return values
    if name not in list(frame.columns):
        raise KeyError(f"the frame has no column `{name}`")
    values = list(frame[name].to_list())
    return values


def _has_column(frame: Any, name: str) -> bool:
    names = frame.column_names if hasattr(frame, "column_names") else list(frame.columns)
    return name in names


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


# --- outlines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outline:
    """One area of a GeoJSON file: its ``code`` and ``name`` (properties ``code`` and ``nom``
    or ``name``) and its polygons, each a list of rings of (longitude, latitude), the first
    ring the exterior."""

    code: str
    name: str
    polygons: list[list[Ring]]

    def bounds(self) -> tuple[float, float, float, float]:
        """(min longitude, min latitude, max longitude, max latitude)."""
        xs = [x for poly in self.polygons for x, _ in poly[0]]
        ys = [y for poly in self.polygons for _, y in poly[0]]
        return min(xs), min(ys), max(xs), max(ys)


def read_outlines(source: str | PathLike[str] | Mapping[str, Any]) -> list[Outline]:
    """The areas of a GeoJSON FeatureCollection of (Multi)Polygons, given as a file path or
    as the parsed object: e.g. ``examples/reference/departements.geojson`` or
    ``communes-52.geojson``. A feature without a ``code`` property, or a geometry that is not a
    polygon, raises ``ValueError`` naming the feature."""
    if isinstance(source, Mapping):
        data: Any = source
        name = "<geojson>"
    else:
        with open(source, encoding="utf-8") as f:
            data = json.load(f)
        name = str(source)
    if data.get("type") != "FeatureCollection":
        raise ValueError(f"{name}: expected a GeoJSON FeatureCollection")
    out = []
    for i, feature in enumerate(data.get("features", [])):
        props = feature.get("properties") or {}
        code = props.get("code")
        if not isinstance(code, str):
            raise ValueError(f"{name}: feature {i} has no `code` property")
        geometry = feature.get("geometry") or {}
        kind = geometry.get("type")
        if kind == "Polygon":
            raw = [geometry["coordinates"]]
        elif kind == "MultiPolygon":
            raw = geometry["coordinates"]
        else:
            raise ValueError(f"{name}: feature {i} (`{code}`) is a {kind}, not a polygon")
        polygons = [[[(float(p[0]), float(p[1])) for p in ring] for ring in poly] for poly in raw]
        out.append(Outline(code, str(props.get("nom", props.get("name", code))), polygons))
    return out


def _outlines(source: Any) -> list[Outline]:
    if source is None:
        return []
    if isinstance(source, (str, PathLike, Mapping)):
        return read_outlines(source)
    return list(source)


def _signed_area(ring: Ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1],
                                                                 strict=True)) / 2


def _path(outline: Outline) -> Any:
    """A matplotlib Path of an outline: exteriors counter-clockwise, holes clockwise, so the
    default non-zero fill leaves the holes empty."""
    from matplotlib.path import Path

    parts = []
    for poly in outline.polygons:
        for k, ring in enumerate(poly):
            ccw = _signed_area(ring) > 0
            pts = ring if (ccw == (k == 0)) else ring[::-1]
            if len(pts) >= 3:
                parts.append(Path([*pts, pts[0]], closed=True))
    return Path.make_compound_path(*parts)


def _draw_outlines(ax: Axes, outlines: Sequence[Outline], *, face: str | Mapping[str, str],
                   edge: str, width: float, zorder: float) -> None:
    from matplotlib.collections import PathCollection

    if not outlines:
        return
    faces = [face.get(o.code, "none") if isinstance(face, Mapping) else face for o in outlines]
    ax.add_collection(PathCollection([_path(o) for o in outlines], facecolors=faces,
                                     edgecolors=edge, linewidths=width, zorder=zorder),
                      autolim=False)


def _in_box(outline: Outline, box: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = outline.bounds()
    return x0 < box[2] and x1 > box[0] and y0 < box[3] and y1 > box[1]


def _in_view(ax: Axes, x: float, y: float) -> bool:
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return bool(x0 < x < x1 and y0 < y < y1)


def _fr(value: float) -> str:
    """A whole number the French way: 168 331 (narrow no-break space)."""
    return f"{value:,.0f}".replace(",", "\u202f")


def _pct(share: float) -> str:
    """A share the French way: 56,2 %."""
    return f"{share * 100:.1f}\u202f%".replace(".", ",")


def _frame(ax: Axes, points: Iterable[tuple[float, float]], margin: float = 0.15,
           min_span: float = 0.25) -> tuple[float, float, float, float]:
    """Sets the limits around ``points`` (lon, lat) with a margin, and the aspect of an
    equirectangular projection at their mean latitude; returns the box."""
    pts = list(points) or [(2.35, 46.6)]
    x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
    y0, y1 = min(p[1] for p in pts), max(p[1] for p in pts)
    lat = (y0 + y1) / 2
    k = math.cos(math.radians(lat))
    w = max((x1 - x0) * k, min_span) * (1 + 2 * margin) / k
    h = max(y1 - y0, min_span) * (1 + 2 * margin)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    ax.set_xlim(cx - w / 2, cx + w / 2)
    ax.set_ylim(cy - h / 2, cy + h / 2)
    ax.set_aspect(1 / k, adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    return cx - w, cy - h, cx + w, cy + h


# --- labels -----------------------------------------------------------------------------------

_DIRECTIONS = [(1.0, 0.0), (-1.0, 0.0), (0.71, 0.71), (0.71, -0.71), (-0.71, 0.71),
               (-0.71, -0.71), (0.0, 1.0), (0.0, -1.0)]
_RINGS = [0.0, 8.0, 17.0, 28.0]  # points


@dataclass
class _Label:
    text: str
    x: float
    y: float
    priority: float
    radius: float = 5.0  # points: the marker's
    bold: bool = False
    color: str = "#1d2733"
    italic: bool = False
    leader: bool = True  # a line back to the point when the label had to move away


def _overlap(a: Bbox, b: Bbox, gap: float = 0.0) -> bool:
    return bool(a.x0 < b.x1 + gap and b.x0 < a.x1 + gap and a.y0 < b.y1 + gap
                and b.y0 < a.y1 + gap)


def _place_labels(ax: Axes, labels: Sequence[_Label],
                  obstacles: Sequence[tuple[float, float, float]]) -> list[Any]:
    """Adds the labels that fit (see the module docs); ``obstacles`` are markers (x, y in data
    coordinates, radius in points). Returns the Text artists placed."""
    from matplotlib.transforms import Bbox

    fig = ax.figure
    fig.canvas.draw()  # the layout and the aspect are final from here
    renderer: RendererBase = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    px: float = fig.dpi / 72.0  # pixels per point (what renderer.points_to_pixels gives)
    frame = ax.get_window_extent(renderer)
    to_px = ax.transData.transform
    blocked = []
    for x, y, r in obstacles:
        cx, cy = to_px((x, y))
        blocked.append(Bbox([[cx - r * px, cy - r * px], [cx + r * px, cy + r * px]]))
    placed: list[Bbox] = []
    texts = []
    for label in sorted(labels, key=lambda lab: -lab.priority):
        text = ax.annotate(label.text, (label.x, label.y), xytext=(0, 0),
                           textcoords="offset points", fontsize=_LABEL_SIZE,
                           fontweight="bold" if label.bold else "normal",
                           fontstyle="italic" if label.italic else "normal",
                           color=label.color, zorder=20, annotation_clip=False)
        text.set_in_layout(False)
        # A light box rather than a stroked halo: path effects draw the text as paths a few
        # per cent wider than the extent the placement measures.
        text.set_bbox({"boxstyle": "square,pad=0.12", "facecolor": "white", "alpha": 0.7,
                       "edgecolor": "none"})
        cx, cy = to_px((label.x, label.y))
        chosen = None
        for ring in _RINGS:
            for dx, dy in _DIRECTIONS:
                off = label.radius + 3.5 + ring
                text.set_horizontalalignment("left" if dx > 0.1 else "right" if dx < -0.1
                                             else "center")
                text.set_verticalalignment("bottom" if dy > 0.1 else "top" if dy < -0.1
                                           else "center")
                text.xyann = (dx * off, dy * off)
                box = text.get_window_extent(renderer)
                if (box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0
                        and box.y1 <= frame.y1
                        and not any(_overlap(box, p, 4 * px) for p in placed)
                        and not any(_overlap(box, o) for o in blocked)):
                    chosen = (box, ring)
                    break
            if chosen is not None:
                break
        if chosen is None:
            text.remove()
            continue
        box, ring = chosen
        placed.append(box)
        texts.append(text)
        if ring > 0 and label.leader:
            # A leader from the marker's edge to the nearest point of the label.
            nx = min(max(cx, box.x0), box.x1)
            ny = min(max(cy, box.y0), box.y1)
            d = math.hypot(nx - cx, ny - cy) or 1.0
            r = label.radius * px
            inv = ax.transData.inverted().transform
            (ax0, ay0), (ax1, ay1) = inv([(cx + (nx - cx) * r / d, cy + (ny - cy) * r / d),
                                          (nx, ny)])
            line = ax.plot([ax0, ax1], [ay0, ay1], color="#5b6b7c", lw=0.6, zorder=19)[0]
            line.set_in_layout(False)
    return texts


def _short(name: str) -> str:
    """Map labels: the usual French abbreviations of establishment kinds."""
    import re

    out = re.sub(r"^Centre hospitalier universitaire", "CHU", name, flags=re.I)
    out = re.sub(r"^Centre hospitalier r[ée]gional universitaire", "CHRU", out, flags=re.I)
    out = re.sub(r"^Centre hospitalier r[ée]gional", "CHR", out, flags=re.I)
    out = re.sub(r"^Centre hospitalier", "CH", out, flags=re.I)
    out = re.sub(r"^Centre m[ée]dico-chirurgical", "CMC", out, flags=re.I)
    out = re.sub(r"^(CHU?|CMC|CHRU?) (de la |de l'|de |du |d'|des )", r"\1 ", out)
    return re.sub(r" \(([^)]*)\)$", "", out)


# --- sites and groupings ----------------------------------------------------------------------


def _sites(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    where = {loc["id"]: (loc["lon"], loc["lat"]) for loc in data.get("locations", [])}
    return [{**s, "lon": where[s["location"]][0], "lat": where[s["location"]][1]}
            for s in data.get("sites", []) if s.get("location") in where]


def _members(data: Mapping[str, Any], engine: Engine | None, grouping: str,
             date: str | datetime.date | None) -> list[tuple[str, str]]:
    """(site id, role) of the members of ``grouping``: at ``date`` through the core's
    ``members`` question, else every membership of the network; legal entities stand for
    their sites and nested groupings for their members."""
    site_ids = {s["id"] for s in data.get("sites", [])}
    grouping_ids = {g["id"] for g in data.get("groupings", [])}
    by_entity: dict[str, list[str]] = {}
    for s in data.get("sites", []):
        by_entity.setdefault(s.get("legal_entity", ""), []).append(s["id"])

    def rows(g: str) -> list[tuple[str, str]]:
        if engine is not None and date is not None:
            answer = engine.ask({"question": "members", "grouping": g, "date": str(date)},
                                frame=False)
            return [(r["member"], r["role"]) for r in answer if r["state"] == "in_force"]
        return [(m["member"], m["role"]) for m in data.get("memberships", [])
                if m["grouping"] == g]

    out: list[tuple[str, str]] = []
    seen = {grouping}
    todo = rows(grouping)
    while todo:
        member, role = todo.pop(0)
        if member in site_ids:
            out.append((member, role))
        elif member in by_entity:
            out.extend((s, role) for s in by_entity[member])
        elif member in grouping_ids and member not in seen:
            seen.add(member)
            todo.extend((m, role) for m, _ in rows(member))
    return out


def _hull(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Convex hull (monotone chain), counter-clockwise."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _spread(sites: list[dict[str, Any]]) -> dict[str, tuple[float, float]]:
    """Positions of the sites; sites sharing a location on a small circle around it."""
    by_place: dict[tuple[float, float], list[str]] = {}
    for s in sites:
        by_place.setdefault((s["lon"], s["lat"]), []).append(s["id"])
    out = {}
    for (lon, lat), ids in by_place.items():
        n = len(ids)
        r = 0.012 if n > 1 else 0.0
        k = math.cos(math.radians(lat))
        for i, sid in enumerate(ids):
            a = 2 * math.pi * i / n + math.pi / 2
            out[sid] = (lon + r * math.cos(a) / k, lat + r * math.sin(a))
    return out


def _draw_sites(ax: Axes, sites: list[dict[str, Any]], xy: Mapping[str, tuple[float, float]],
                *, highlight: Mapping[str, int] | None = None) -> list[Any]:
    """Markers by kind; returns the legend handles."""
    from matplotlib.lines import Line2D

    handles = []
    for kind in dict.fromkeys(s["kind"] for s in sites):
        marker, color, label = SITE_KINDS.get(kind, SITE_KINDS["other"])
        of_kind = [s for s in sites if s["kind"] == kind]
        sizes = [60 + 40 * (highlight or {}).get(s["id"], 0) for s in of_kind]
        ax.scatter([xy[s["id"]][0] for s in of_kind], [xy[s["id"]][1] for s in of_kind],
                   s=sizes, marker=marker, color=color, edgecolors="white", linewidths=0.9,
                   zorder=10)
        handles.append(Line2D([], [], marker=marker, color=color, linestyle="none",
                              markeredgecolor="white", markersize=7, label=label))
    return handles


def _site_labels(sites: list[dict[str, Any]], xy: Mapping[str, tuple[float, float]],
                 extra: Mapping[str, float] | None = None) -> list[_Label]:
    rank = {"chu": 30, "hospital": 25, "cancer_centre": 22, "clinic": 20,
            "psychiatric_hospital": 15}
    return [_Label(_short(s["name"]), *xy[s["id"]],
                   priority=rank.get(s["kind"], 10) + (extra or {}).get(s["id"], 0),
                   bold=(extra or {}).get(s["id"], 0) >= 50)
            for s in sites]


def _departement_labels(ax: Axes, outlines: Sequence[Outline]) -> list[_Label]:
    out = []
    for o in outlines:
        x0, y0, x1, y1 = o.bounds()
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if _in_view(ax, cx, cy):
            out.append(_Label(f"{o.name} ({o.code})", cx, cy, priority=1, radius=0,
                              color="#7d8a97", italic=True, leader=False))
    return out


def plot_sites(
    network: Network,
    ax: Axes | None = None,
    *,
    labels: bool = True,
    departements: str | PathLike[str] | Mapping[str, Any] | Sequence[Outline] | None = None,
    communes: str | PathLike[str] | Mapping[str, Any] | Sequence[Outline] | None = None,
    groupings: bool | Sequence[str] = True,
    date: str | datetime.date | None = None,
) -> Axes:
    """A map of the network: outlines, sites by kind (marker and colour), groupings as hulls,
    labels that do not overlap.

    ``departements`` and ``communes`` are outlines (a GeoJSON path or object, or
    :func:`read_outlines`' list), drawn where they meet the map; ``groupings`` is ``True``
    (all but operator groups, which are ownership, not cooperation), ``False``, or the ids to
    draw; each hull joins the grouping's member sites at ``date`` (the core's ``members``
    question), or all its memberships without a date. The legend names the site kinds and the
    groupings with their kind. Longitude/latitude axes with an equirectangular aspect."""
    data = network.to_dict()
    sites = _sites(data)
    ax = _axes(ax, (9.0, 9.5))
    box = _frame(ax, [(s["lon"], s["lat"]) for s in sites])
    deps = [o for o in _outlines(departements) if _in_box(o, box)]
    _draw_outlines(ax, deps, face="#fbfaf6", edge="none", width=0, zorder=0)
    _draw_outlines(ax, [o for o in _outlines(communes) if _in_box(o, box)], face="none",
                   edge="#c9ced3", width=0.3, zorder=1)
    _draw_outlines(ax, deps, face="none", edge="#7d8a97", width=0.9, zorder=2)
    ax.set_facecolor("#eef3f7")
    xy = _spread(sites)

    from matplotlib.patches import Patch

    handles = _draw_sites(ax, sites, xy)
    engine = network.compile() if date is not None else None
    if groupings:
        wanted = [g for g in data.get("groupings", [])
                  if (g["kind"] != "operator_group" if groupings is True else g["id"] in groupings)]
        with_members = []
        for i, g in enumerate(data.get("groupings", [])):
            if g not in wanted:
                continue
            members = _members(data, engine, g["id"], date)
            pts = [xy[s] for s, _ in members if s in xy]
            if pts:
                with_members.append((g, _GROUPING_COLORS[i % len(_GROUPING_COLORS)], pts))
        # Largest first (drawn under), each padded a little more than the next.
        with_members.sort(key=lambda t: -len(set(t[2])))
        for order, (g, color, pts) in enumerate(with_members):
            hull = _hull(pts)
            width = 14 + 5 * max(0, 3 - order)
            closed = [*hull, hull[0]]
            ax.fill([p[0] for p in hull], [p[1] for p in hull], color=color, alpha=0.1,
                    zorder=4, lw=0)
            ax.plot([p[0] for p in closed], [p[1] for p in closed], color=color, alpha=0.18,
                    lw=width, solid_joinstyle="round", solid_capstyle="round", zorder=4)
        for g, color, _ in sorted(with_members, key=lambda t: data["groupings"].index(t[0])):
            handles.append(Patch(facecolor=color, alpha=0.35, edgecolor=color,
                                 label=f"{GROUPING_KINDS.get(g['kind'], g['kind'])} — "
                                       f"{_wrap(g['name'])}"))
    title = network.name if date is None else f"{network.name}, au {date}"
    ax.set_title(_wrap(title, 70), fontsize=10)
    ax.legend(handles=handles, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.01),
              ncols=2, frameon=False)
    if labels:
        shown = [s for s in sites if _in_view(ax, *xy[s["id"]])]
        _place_labels(ax, _site_labels(shown, xy) + _departement_labels(ax, deps),
                      [(x, y, 5.0) for x, y in xy.values()])
    return ax


def _wrap(text: str, width: int = 48) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


# --- coverage ---------------------------------------------------------------------------------


def plot_coverage(
    coverage: Coverage[Any],
    ax: Axes | None = None,
    *,
    communes: str | PathLike[str] | Mapping[str, Any] | Sequence[Outline],
    departements: str | PathLike[str] | Mapping[str, Any] | Sequence[Outline] | None = None,
    network: Network | None = None,
    reference: Communes | None = None,
    code: str | None = None,
    labels: bool = True,
    title: str | None = None,
) -> Axes:
    """A coverage of communes (:meth:`Engine.coverage` with a ``commune`` column) as a map:
    each commune coloured by the distance (or minutes) to its target, in classes bounded by
    the query's bands and threshold, grey without a route; the legend gives the population of
    each class, the title the population within the bands and beyond the threshold.

    ``communes`` are the outlines to colour (a GeoJSON path or object, or
    :func:`read_outlines`' list); a commune of the coverage without an outline is drawn as a
    dot at its point of ``reference`` (the commune reference), else left out. ``code`` names
    the column holding the INSEE code (default ``commune``, else ``id``). ``network`` adds the
    sites (the targets larger, labelled first); ``departements`` the département outlines."""
    rows = coverage.rows
    column = code or ("commune" if _has_column(rows, "commune") else "id")
    codes = [str(c) for c in _column(rows, column)]
    km = _column(rows, "distance_km")
    minutes = _column(rows, "minutes") if _has_column(rows, "minutes") else [None] * len(codes)
    outcome = _column(rows, "outcome")
    population = _column(rows, "population_used")
    targets = _column(rows, "target")
    timed = any(not _missing(m) for m in minutes)
    unit = "min" if timed else "km"
    threshold = float(coverage.query["threshold"])
    bands = [float(b) for b in coverage.query.get("bands", [])]
    limits = sorted({b for b in [15.0, *bands, threshold] if b <= threshold})
    colors = [_COVERAGE_COLORS[round(i * (len(_COVERAGE_COLORS) - 2) / max(1, len(limits) - 1))]
              for i in range(len(limits))] + [_COVERAGE_COLORS[-1]]
    fill: dict[str, str] = {}
    per_class = [0.0] * len(colors)
    no_route = 0.0
    for c, d, m, o, p in zip(codes, km, minutes, outcome, population, strict=True):
        value = m if timed else d
        weight = 0.0 if _missing(p) else float(p)
        if o != "routed" or _missing(value):
            fill[c] = _NO_ROUTE
            no_route += weight
            continue
        k = next((i for i, b in enumerate(limits) if value <= b), len(limits))
        fill[c] = colors[k]
        per_class[k] += weight

    outlines = [o for o in _outlines(communes) if o.code in fill]
    drawn = {o.code for o in outlines}
    dots: list[tuple[float, float, str]] = []
    if reference is not None:
        known = {r["code"]: r for r in reference.communes()}
        for c, color in fill.items():
            row = known.get(c)
            lon, lat = (row["lon"], row["lat"]) if row is not None else (None, None)
            if c not in drawn and lon is not None and lat is not None:
                dots.append((lon, lat, color))
    points = [p for o in outlines for poly in o.polygons for p in poly[0]]
    points += [(x, y) for x, y, _ in dots]
    ax = _axes(ax, (11.0, 8.5))
    box = _frame(ax, points, margin=0.03)
    ax.set_facecolor("#eef3f7")
    deps = [o for o in _outlines(departements) if _in_box(o, box)]
    _draw_outlines(ax, deps, face="#fbfaf6", edge="none", width=0, zorder=0)
    _draw_outlines(ax, outlines, face=fill, edge="white", width=0.25, zorder=1)
    _draw_outlines(ax, deps, face="none", edge="#5b6b7c", width=0.9, zorder=2)
    if dots:
        ax.scatter([x for x, _, _ in dots], [y for _, y, _ in dots], c=[c for _, _, c in dots],
                   s=10, edgecolors="white", linewidths=0.3, zorder=3)

    from matplotlib.patches import Patch

    handles = []
    for i, color in enumerate(colors):
        span = (f"≤ {limits[0]:g}" if i == 0 else
                f"{limits[i - 1]:g}–{limits[i]:g}" if i < len(limits) else f"> {limits[-1]:g}")
        handles.append(Patch(facecolor=color, edgecolor="white",
                             label=f"{span} {unit} : {_fr(per_class[i])} hab."))
    handles.append(Patch(facecolor=_NO_ROUTE, edgecolor="white",
                         label=f"sans orientation : {_fr(no_route)} hab."))
    label_items: list[_Label] = []
    obstacles: list[tuple[float, float, float]] = []
    if network is not None:
        data = network.to_dict()
        inside = [s for s in _sites(data) if _in_view(ax, s["lon"], s["lat"])]
        xy = _spread(inside)
        used = Counter(t for t in targets if isinstance(t, str))
        highlight = {s: 1 for s in used}
        handles += _draw_sites(ax, inside, xy, highlight=highlight)
        label_items += _site_labels(inside, xy, {s: 50.0 for s in used})
        obstacles += [(x, y, 5.5) for x, y in xy.values()]
    ax.legend(handles=handles, fontsize=7.5, loc="upper left", bbox_to_anchor=(1.01, 1.0),
              frameon=False, title=f"distance à la cible ({unit})", title_fontsize=8)
    q = coverage.query
    total = coverage.population

    def share(v: float) -> float:
        return v / total if total else 0.0

    band_text = ", ".join(f"≤ {float(w):g} {unit} : {_pct(share(float(p)))}"
                          for w, p in zip(_column(coverage.bands, "within"),
                                          _column(coverage.bands, "population"), strict=True))
    filiere_name, level_name = q["filiere"], q.get("level")
    if network is not None:
        f = next((f for f in network.to_dict().get("filieres", []) if f["id"] == q["filiere"]),
                 None)
        if f is not None:
            filiere_name = f.get("name", f["id"])
            level_name = next((lv.get("name", lv["id"]) for lv in f.get("levels", [])
                               if lv["id"] == level_name), level_name)
    heading = title or (filiere_name + (f", niveau {level_name}" if level_name else "")
                        + f", au {q['date']}")
    ax.set_title(f"{heading}\n{_fr(len(codes))} communes, {_fr(total)} habitants — {band_text}\n"
                 f"au-delà de {threshold:g} {unit} ou sans orientation : "
                 f"{_fr(coverage.beyond_threshold)} ({_pct(share(coverage.beyond_threshold))})",
                 fontsize=9)
    if labels:
        label_items += _departement_labels(ax, deps)
        _place_labels(ax, label_items, obstacles)
    return ax


# --- flows ------------------------------------------------------------------------------------


def plot_flows(
    decisions: Any,
    ax: Axes | None = None,
    *,
    origin: str = "origin",
    target: str = "target",
    top: int = 20,
) -> Axes:
    """Horizontal bar chart of the most frequent ``origin -> target`` flows of a frame returned
    by ``Engine.route_batch`` (pandas, polars or pyarrow); rows without a target count as
    ``(no route)``."""
    origins = _column(decisions, origin)
    targets = _column(decisions, target)
    counts = Counter(
        (str(o), str(t) if t is not None and t == t else "(no route)")
        for o, t in zip(origins, targets, strict=True)
    )
    flows = counts.most_common(top)[::-1]
    ax = _axes(ax, (8.0, max(2.5, 0.35 * len(flows) + 1)))
    labels = [f"{o} → {t}" for (o, t), _ in flows]
    ax.barh(range(len(flows)), [n for _, n in flows], color="#3b6ea8")
    ax.set_yticks(range(len(flows)), labels)
    ax.set_xlabel("cases")
    ax.set_title("Flows: origin → target")
    for i, (_, n) in enumerate(flows):
        ax.annotate(f"{n:,}", (n, i), xytext=(3, 0), textcoords="offset points", va="center",
                    fontsize=8)
    return ax
