"""Optional plotting helpers (matplotlib, imported lazily: ``pip install matplotlib``).

Each function draws on ``ax`` (a new figure when ``None``) and returns the Axes.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from parcours._core import Network

__all__ = ["plot_flows", "plot_sites"]


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError("parcours.plot needs matplotlib: pip install matplotlib") from None
    if ax is not None:
        return ax
    _, new = plt.subplots(figsize=size)
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


def plot_sites(network: Network, ax: Axes | None = None, *, labels: bool = True) -> Axes:
    """Scatter of the network's sites at their location's coordinates, coloured by site kind
    and labelled with the site id; locations without a site are small grey points."""
    data = network.to_dict()
    where = {loc["id"]: (loc["lon"], loc["lat"]) for loc in data.get("locations", [])}
    kinds = sorted({s["kind"] for s in data.get("sites", [])})
    ax = _axes(ax, (7.0, 6.0))
    import matplotlib as mpl

    cmap = mpl.colormaps["tab10"]
    used = {s.get("location") for s in data.get("sites", [])}
    free = [xy for lid, xy in where.items() if lid not in used]
    if free:
        ax.scatter([x for x, _ in free], [y for _, y in free], s=8, c="#bbbbbb",
                   label="other locations")
    markers = "osD^vP*X"
    placed: Counter[str] = Counter()  # sites already labelled at each location
    for i, kind in enumerate(kinds):
        sites = [s for s in data["sites"] if s["kind"] == kind and s.get("location") in where]
        xs = [where[s["location"]][0] for s in sites]
        ys = [where[s["location"]][1] for s in sites]
        ax.scatter(xs, ys, s=60 - 8 * i, color=cmap(i % 10), marker=markers[i % len(markers)],
                   label=kind, edgecolors="black", linewidths=0.4, zorder=3 + i)
        if labels:
            for s, x, y in zip(sites, xs, ys, strict=True):
                k = placed[s["location"]]
                placed[s["location"]] += 1
                ax.annotate(s["id"], (x, y), xytext=(5, 3 - 9 * k), textcoords="offset points",
                            fontsize=7)
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_title(network.name)
    ax.legend(fontsize=8, loc="best")
    return ax
