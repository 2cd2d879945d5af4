"""parcours.plot draws on the given Axes (or a new one) and returns it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

import parcours
from conftest import NETWORKS, ROOT

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from parcours.plot import plot_coverage, plot_flows, plot_sites, read_outlines  # noqa: E402


def test_plot_flows(shm: parcours.Engine) -> None:
    df = pd.DataFrame({"filiere": "chirurgie",
                       "origin": ["ch-langres", "ch-chaumont", "ch-langres", "nowhere"]})
    out = shm.route_batch(df, date="2017-10-02")
    ax = plot_flows(out)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "ch-langres → clinique-compassion-langres" in labels
    assert "nowhere → (no route)" in labels
    assert sum(p.get_width() for p in ax.patches if isinstance(p, Rectangle)) == len(df)
    fig, given = plt.subplots()
    assert plot_flows(out, ax=given) is given
    import pyarrow as pa  # type: ignore[import-untyped]

    assert len(plot_flows(pa.Table.from_pandas(out)).patches) == len(ax.patches)
    with pytest.raises(KeyError, match="no column `nope`"):
        plot_flows(out, origin="nope")
    plt.close("all")


REFERENCE = ROOT / "examples" / "reference"


def _legend(ax: Any) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def _labels_overlap(ax: Any) -> list[tuple[str, str]]:
    """Pairs of placed labels (texts of the map) whose rendered boxes overlap."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts]
    return [(a, b) for i, (a, ra) in enumerate(boxes) for b, rb in boxes[i + 1:]
            if ra.x0 < rb.x1 and rb.x0 < ra.x1 and ra.y0 < rb.y1 and rb.y0 < ra.y1]


def test_read_outlines() -> None:
    deps = read_outlines(REFERENCE / "departements.geojson")
    assert {"21", "52", "92"} <= {o.code for o in deps}
    hm = next(o for o in deps if o.code == "52")
    assert hm.name == "Haute-Marne"
    x0, y0, x1, y1 = hm.bounds()
    assert 4.6 < x0 < x1 < 5.95 and 47.5 < y0 < y1 < 48.7
    assert len(read_outlines(REFERENCE / "communes-52.geojson")) == 426
    square = {"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"code": "x"},
        "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}
    assert read_outlines(square)[0].name == "x"
    with pytest.raises(ValueError, match="feature 0 has no `code`"):
        read_outlines({"type": "FeatureCollection", "features": [{"properties": {}}]})
    with pytest.raises(ValueError, match="is a Point, not a polygon"):
        read_outlines({"type": "FeatureCollection", "features": [
            {"properties": {"code": "p"}, "geometry": {"type": "Point", "coordinates": [0, 0]}}]})
    with pytest.raises(ValueError, match="FeatureCollection"):
        read_outlines({"type": "Feature"})


def test_plot_sites() -> None:
    net = parcours.Network.from_file(NETWORKS / "sud-haut-marnais.json")
    ax = plot_sites(net)
    texts = {t.get_text() for t in ax.texts}
    assert {"CH Langres", "Clinique de la Compassion", "CHU Dijon Bourgogne"} <= texts
    assert ax.get_title() == net.name
    legend = _legend(ax)
    assert "CHU / CHRU" in legend and "Clinique" in legend
    assert any(t.startswith("GHT — GHT 21-52") for t in legend)
    assert any(t.startswith("GCS établissement de santé") for t in legend)
    # Operator groups are ownership, not cooperation: not drawn unless asked for.
    assert not any("Elsan" in t for t in legend)
    assert _labels_overlap(ax) == []
    plt.close("all")


def test_plot_sites_groupings_follow_the_date() -> None:
    net = parcours.Network.from_file(NETWORKS / "sud-haut-marnais.json")
    before = _legend(plot_sites(net, date="2017-09-15", labels=False))
    after = _legend(plot_sites(net, date="2018-01-01", labels=False))
    gcs = "GCS établissement de santé — GCS de chirurgie du Sud Haut-Marnais"
    assert gcs not in before, "the surgery GCS has no member before 2017-10-01"
    assert gcs in after
    only = _legend(plot_sites(net, groupings=["elsan"], labels=False))
    assert [t for t in only if "—" in t] == ["Groupe propriétaire ou gestionnaire — Elsan"]
    plt.close("all")


@pytest.mark.parametrize("name", ["alliance-ouest-parisien", "sud-haut-marnais", "hpsm"])
def test_plot_sites_outlines_and_labels_apart(name: str) -> None:
    net = parcours.Network.from_file(NETWORKS / f"{name}.json")
    ax = plot_sites(net, departements=REFERENCE / "departements.geojson",
                    communes=REFERENCE / "communes-52.geojson", date="2018-01-01")
    assert _labels_overlap(ax) == []
    sites = len(net.to_dict()["sites"])
    placed = [t for t in ax.texts if not t.get_text().endswith(")") or "(" not in t.get_text()]
    assert len(placed) >= min(sites, 10), "most sites are labelled"
    from matplotlib.collections import PathCollection

    outlines = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert outlines, "the département outlines are drawn"
    plt.close("all")


def test_plot_coverage() -> None:
    net = parcours.Network.from_file(NETWORKS / "sud-haut-marnais.json")
    ref = parcours.Communes.from_files(REFERENCE / "communes.csv",
                                       REFERENCE / "postal_codes.csv")
    communes = ref.communes(["52"])
    origins = pd.DataFrame({"id": [c["code"] for c in communes],
                            "commune": [c["code"] for c in communes],
                            "population": [c["population"] for c in communes]})
    engine = net.compile(communes=ref)
    cov = engine.coverage(origins, filiere="chirurgie", level="reference", date="2018-01-01")
    ax = plot_coverage(cov, communes=REFERENCE / "communes-52.geojson",
                       departements=REFERENCE / "departements.geojson", network=net)
    from matplotlib.collections import PathCollection

    coloured = [c for c in ax.collections if isinstance(c, PathCollection)
                and len(c.get_paths()) == 426]
    assert len(coloured) == 1, "one path per commune"
    faces = {tuple(f) for f in np.asarray(coloured[0].get_facecolor())}
    assert len(faces) >= 3, "communes coloured by distance class"
    title = ax.get_title()
    # The CLI's figures (README): 168,331 inhabitants, 56.2 % within 30 km.
    assert "426 communes" in title and "168\u202f331 habitants" in title
    assert "≤ 30 km : 56,2\u202f%" in title
    assert title.startswith("Chirurgie, niveau référence, au 2018-01-01")
    legend = _legend(ax)
    per_class = [float(t.split(" : ")[1].split(" hab")[0].replace("\u202f", ""))
                 for t in legend if " hab." in t]
    assert sum(per_class) == cov.population, "the classes add up to the population"
    assert "Clinique de la Compassion" in {t.get_text() for t in ax.texts}
    assert _labels_overlap(ax) == []
    # Without outlines for them, communes of the reference are dots; else left out.
    cov21 = engine.coverage(
        pd.DataFrame({"commune": [c["code"] for c in ref.communes(["21"])][:50],
                      "id": [c["code"] for c in ref.communes(["21"])][:50]}),
        filiere="chirurgie", date="2018-01-01")
    ax = plot_coverage(cov21, communes=REFERENCE / "communes-52.geojson", reference=ref)
    sizes = [len(np.asarray(c.get_offsets())) for c in ax.collections]
    assert [n for n in sizes if n > 1] == [50]
    plt.close("all")
