"""examples/python/territory.ipynb runs end to end (nbclient, a fresh ipykernel), so the
planner's walk-through cannot rot: its cells assert the facts its text states, and its maps
must render."""

from __future__ import annotations

import os

import nbformat
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOK = ROOT / "examples" / "python" / "territory.ipynb"


def test_territory_notebook_runs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call]
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), (
        "commit the notebook without outputs (the test and ./run.sh execute it)"
    )
    # The kernel's matplotlib backend: Jupyter's inline one, as a planner would see it.
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute(env=env)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 3, "the territory, the coverage, and the what-if maps"
    text = "".join(o.get("text", "") for o in outputs)
    assert "94,637 with the GCS, 64,431 without" in text
