"""parcours.dask on a distributed LocalCluster of 2 worker processes (so the engine is pickled
and rebuilt for real): route_dask equals in-process route_batch, rows with errors and null
origins included."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pytest
from scale_cases import assert_same, input_then_results, block_import, need, cases, engine, kinds, results, with_date_type

import parcours

dd = need("dask.dataframe", "dask")
distributed = need("distributed", "dask")
from parcours.dask import route_dask  # noqa: E402


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        memory_limit="2GiB", silence_logs=logging.ERROR,
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def eng() -> parcours.Engine:
    return engine()


def arrow_frame(table: pa.Table) -> pd.DataFrame:
    """Arrow-backed pandas columns, as ``dd.read_parquet`` gives them."""
    frame: pd.DataFrame = table.to_pandas(types_mapper=pd.ArrowDtype)
    return frame


def to_arrow(df: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(df, preserve_index=False)


def test_route_dask_equals_in_process(client: Any, eng: parcours.Engine) -> None:
    stays = cases(840)
    ddf = dd.from_pandas(arrow_frame(stays), npartitions=4)
    routed = route_dask(ddf, eng)
    out = routed.compute()
    assert list(out.columns) == input_then_results(stays.column_names)
    assert str(out["target"].dtype) == "category"
    want = results(eng.route_batch(stays))
    assert_same(results(to_arrow(out)), want)
    assert {"routed", "invalid", "error"} <= kinds(want)
    # The partitions ran in two other processes: the engine crossed to them pickled.
    workers = client.run(os.getpid)
    assert len(set(workers.values())) == 2 and os.getpid() not in workers.values()


def test_route_dask_meta_matches_partitions(client: Any, eng: parcours.Engine) -> None:
    stays = with_date_type(cases(420))
    ddf = dd.from_pandas(arrow_frame(stays), npartitions=3)
    routed = route_dask(ddf, eng, date="2018-01-01")
    out = routed.compute()
    assert list(routed.columns) == list(out.columns)
    for name in routed.columns:
        assert str(routed.dtypes[name]) == str(out.dtypes[name]), name
    assert_same(results(to_arrow(out)), results(eng.route_batch(stays, date="2018-01-01")))


def test_route_dask_plain_pandas_partitions(client: Any, eng: parcours.Engine) -> None:
    stays = cases(300)
    ddf = dd.from_pandas(stays.to_pandas(), npartitions=2)
    out = route_dask(ddf, eng).compute()
    assert_same(results(to_arrow(out)), results(eng.route_batch(stays)))


def test_route_dask_bad_input_raises_as_in_process(client: Any, eng: parcours.Engine) -> None:
    stays = arrow_frame(cases(10))
    bad = {
        "missing column": stays.drop(columns=["filiere"]),
        "wrong type": stays.assign(filiere=range(10)),
        "wrong date type": stays.assign(date=1.5),
    }
    for what, df in bad.items():
        with pytest.raises(parcours.CaseError) as in_process:
            eng.route_batch(df)
        with pytest.raises(parcours.CaseError) as through_dask:
            route_dask(dd.from_pandas(df, npartitions=2), eng)
        assert str(through_dask.value) == str(in_process.value), what


def test_helpers_name_the_extra_without_dask(
    eng: parcours.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    block_import(monkeypatch, "dask")
    with pytest.raises(ImportError, match=r"pip install 'parcours\[dask\]'"):
        route_dask(object(), eng)
