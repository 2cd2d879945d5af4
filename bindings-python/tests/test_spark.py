"""parcours.spark on a local[2] Spark session: mapInArrow routing and the applyInArrow what-if
equal in-process route_batch, rows with errors and null origins included.

One Spark session for the module (its JVM takes seconds to start); the Python workers are the
interpreter running the tests, so they import this build of parcours.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pytest
from scale_cases import assert_same, input_then_results, block_import, need, cases, engine, kinds, results, with_date_type

import parcours

need("pyspark", "spark")
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import types as T  # noqa: E402

from parcours.spark import route_spark, what_if_spark  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("parcours-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def eng() -> parcours.Engine:
    return engine()


def frame(spark: Any, table: pa.Table, partitions: int = 3) -> Any:
    return spark.createDataFrame(table).repartition(partitions)


def collect(df: Any) -> pa.Table:
    return df.toArrow()


def test_route_spark_equals_in_process(spark: Any, eng: parcours.Engine) -> None:
    stays = cases(840)
    routed = route_spark(frame(spark, stays), eng)
    schema = {f.name: f.dataType for f in routed.schema.fields}
    assert schema["target"] == T.StringType() and schema["distance_km"] == T.DoubleType()
    assert routed.columns == input_then_results(stays.column_names)
    got = results(collect(routed))
    want = results(eng.route_batch(stays))
    assert_same(got, want)
    assert {"routed", "invalid", "error"} <= kinds(want)


def test_route_spark_date_column_and_default_date(spark: Any, eng: parcours.Engine) -> None:
    stays = with_date_type(cases(420))
    routed = route_spark(frame(spark, stays), eng, date="2018-01-01")
    assert_same(results(collect(routed)), results(eng.route_batch(stays, date="2018-01-01")))


def test_what_if_spark_per_territory(spark: Any, eng: parcours.Engine) -> None:
    changed = eng.network.apply_changes(
        [{"change": "remove_grouping", "grouping": "gcs-chirurgie-shm"}]
    ).compile()
    stays = cases(840)
    # Both territories hold rows that the change would reroute (the 840 rows give 16).
    territory = pa.array(["52" if i % 5 < 3 else "21" for i in range(stays.num_rows)])
    stays = stays.append_column("territory", territory)
    # Territory 52 loses the GCS; territory 21 keeps the network as it is.
    out = collect(what_if_spark(frame(spark, stays), eng, {"52": changed}, by="territory"))
    assert out.column_names == ["territory", "before", "after", "cases", "mean_delta_km"]
    got = {
        (r["territory"], r["before"], r["after"]): (r["cases"], r["mean_delta_km"])
        for r in out.to_pylist()
    }
    want: dict[tuple[Any, ...], list[Any]] = {}
    for key in ("21", "52"):
        part = stays.filter(pa.compute.equal(stays.column("territory"), key))
        a = results(eng.route_batch(part))
        b = results((changed if key == "52" else eng).route_batch(part))
        for t0, t1, d0, d1 in zip(a["target"], b["target"], a["distance_km"], b["distance_km"],
                                  strict=True):
            entry = want.setdefault((key, t0, t1), [0, []])
            entry[0] += 1
            if d0 is not None and d1 is not None:
                entry[1].append(d1 - d0)
    assert set(got) == set(want)
    for k, (n, deltas) in want.items():
        assert got[k][0] == n
        mean = sum(deltas) / len(deltas) if deltas else None
        assert got[k][1] == pytest.approx(mean) if mean is not None else got[k][1] is None
    assert any(k[0] == "52" and k[1] != k[2] for k in got)
    assert not any(k[0] == "21" and k[1] != k[2] for k in got)


def test_route_spark_bad_input_raises_as_in_process(spark: Any, eng: parcours.Engine) -> None:
    stays = cases(10)
    bad = {
        "missing column": stays.drop_columns(["filiere"]),
        "wrong type": stays.set_column(1, "filiere", pa.array(range(10), pa.int64())),
        "wrong date type": stays.set_column(4, "date", pa.array([1.5] * 10)),
    }
    for what, table in bad.items():
        with pytest.raises(parcours.CaseError) as in_process:
            eng.route_batch(table)
        with pytest.raises(parcours.CaseError) as through_spark:
            route_spark(spark.createDataFrame(table), eng)
        assert str(through_spark.value) == str(in_process.value), what


def test_helpers_name_the_extra_without_pyspark(
    eng: parcours.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    block_import(monkeypatch, "pyspark")
    with pytest.raises(ImportError, match=r"pip install 'parcours\[spark\]'"):
        route_spark(object(), eng)
    with pytest.raises(ImportError, match=r"parcours\[spark\]"):
        what_if_spark(object(), eng, eng, by="territory")
