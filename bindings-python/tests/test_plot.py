"""parcours.plot draws on the given Axes (or a new one) and returns it."""

from __future__ import annotations

import pandas as pd
import pytest

import parcours
from conftest import NETWORKS

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from parcours.plot import plot_flows, plot_sites  # noqa: E402


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


def test_plot_sites() -> None:
    net = parcours.Network.from_file(NETWORKS / "sud-haut-marnais.json")
    ax = plot_sites(net)
    texts = {t.get_text() for t in ax.texts}
    assert {s["id"] for s in net.to_dict()["sites"]} <= texts
    assert ax.get_title() == net.name
    assert ax.get_legend() is not None
    plt.close("all")
