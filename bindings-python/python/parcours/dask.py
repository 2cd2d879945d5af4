"""Routing Dask DataFrames (``pip install 'parcours[dask]'``).

::

    import dask.dataframe as dd
    from distributed import Client
    from parcours.dask import route_dask

    client = Client(n_workers=4)                     # or a cluster's scheduler address
    stays = dd.read_parquet("stays/")                # Arrow-backed partitions (string[pyarrow])
    routed = route_dask(stays, engine, date="2024-01-01")
    routed.groupby("target", observed=True).size().compute()

``route_dask`` is ``map_partitions(Engine.route_batch)``: each pandas partition goes to the
binding's Arrow path (its Arrow-backed columns are handed to Rust as Arrow buffers, the results
come back as categorical columns built from Rust's buffers: no Python per row). The engine is one
key of the task graph (``dask.delayed``), so the scheduler ships it once to each worker, which
unpickles (recompiles) it once. ``meta`` comes from routing the empty ``ddf._meta``: a missing
or mistyped column raises ``parcours.CaseError`` when ``route_dask`` is called, as in-process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from parcours._scale import require

if TYPE_CHECKING:
    from parcours._core import Engine

__all__ = ["route_dask"]


def _route_partition(part: Any, engine: Engine, date: Any, explain: bool) -> Any:
    return engine.route_batch(part, date=date, explain=explain)


def route_dask(ddf: Any, engine: Engine, *, date: Any = None, explain: bool = False) -> Any:
    """Routes every row of the Dask DataFrame ``ddf``: a Dask DataFrame with the result columns
    of ``Engine.route_batch`` appended (categoricals of unknown categories, ``distance_km``
    float), lazily, partition by partition.

    Columns and meaning are those of ``Engine.route_batch``. Rows that cannot be routed carry
    their ``error`` (or ``outcome == "invalid"``) and do not stop the computation.
    """
    dask = require("dask", "dask", "parcours.dask.route_dask")
    utils = require("dask.dataframe.utils", "dask", "parcours.dask.route_dask")
    meta = engine.route_batch(ddf._meta, date=date, explain=explain)
    meta = utils.clear_known_categories(meta, cols=_categoricals(meta))
    shipped = dask.delayed(engine, pure=False, traverse=False)
    return ddf.map_partitions(
        _route_partition, shipped, date, explain, meta=meta, align_dataframes=False
    )


def _categoricals(frame: Any) -> list[str]:
    return [str(c) for c, t in frame.dtypes.items() if str(t) == "category"]
