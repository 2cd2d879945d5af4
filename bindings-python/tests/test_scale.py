"""What the Spark, Dask and DuckDB helpers rely on, without any of them: engines travel with
every compile input, the extras stay optional, batches keep one schema."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pyarrow as pa  # type: ignore[import-untyped]
import pytest
from scale_cases import NETWORK, ROOT, assert_same, cases, engine, results

import parcours
from parcours._scale import result_schema, route_arrow
from parcours.types import TravelEntry

REFERENCE = ROOT / "examples" / "reference"
TRAVEL: list[TravelEntry] = [
    {"from": "ch-langres", "to": "chu-dijon", "km": 70.0, "minutes": 55.0},
    {"from": "ch-langres", "to": "clinique-compassion-langres", "km": 1.2, "minutes": 4.0},
    {"from": "ch-bourbonne", "to": "chu-dijon", "minutes": 80.0},
]


def test_pickled_engine_carries_its_compile_inputs() -> None:
    """The travel matrix and the commune reference travel with the engine (what Spark's
    broadcast and Dask's workers get), and the rebuilt engine routes every row the same."""
    net = parcours.Network.from_file(NETWORK)
    communes = parcours.Communes.from_files(REFERENCE / "communes.csv",
                                            REFERENCE / "postal_codes.csv")
    eng = net.compile(TRAVEL, communes=communes)
    back = pickle.loads(pickle.dumps(eng))
    assert back.travel == eng.travel == TRAVEL
    assert back.communes is not None and len(back.communes) == len(communes) > 0
    assert back.network == net
    stays = cases(420)
    assert_same(results(back.route_batch(stays)), results(eng.route_batch(stays)))
    # the same rows from a commune (Langres, Chaumont: INSEE codes of the reference) or none
    commune = pa.array([["52269", "52121", None][i % 3] for i in range(stays.num_rows)])
    from_communes = stays.set_column(stays.column_names.index("origin"), "commune", commune)
    got = results(back.route_batch(from_communes))
    assert_same(got, results(eng.route_batch(from_communes)))
    # both inputs change decisions, so the equalities above are not vacuous: rows from a
    # commune route only with the reference, and the travel matrix changes distances
    assert any(o == "routed" for o, c in zip(got["outcome"], commune.to_pylist(), strict=True)
               if c is not None)
    plain = results(net.compile(communes=communes).route_batch(stays))
    assert results(back.route_batch(stays))["distance_km"] != plain["distance_km"]


def test_pickled_network_is_compact_json() -> None:
    net = parcours.Network.from_file(NETWORK)
    _, (text,) = net.__reduce__()
    assert "\n" not in text
    assert parcours.Network.from_json(text) == net


def test_import_parcours_without_the_engines() -> None:
    code = (
        "import sys\n"
        "for m in ('pyspark', 'dask', 'distributed', 'duckdb'):\n"
        "    sys.modules[m] = None\n"
        "import parcours, parcours.spark, parcours.dask, parcours.duckdb\n"
        "eng = parcours.Network.from_file(sys.argv[1]).compile()\n"
        "try:\n"
        "    parcours.dask.route_dask(None, eng)\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(NETWORK)], capture_output=True, text=True, check=True
    )
    assert "pip install 'parcours[dask]'" in out.stdout


def test_route_arrow_schema_is_fixed_across_batches() -> None:
    eng = engine()
    stays = cases(420)
    schema = result_schema(eng, stays.schema)
    # Batches with few and many distinct values get different dictionary index types from
    # route_batch; route_arrow gives them all the one schema.
    small = route_arrow(eng, stays.slice(0, 3), schema=schema)
    large = route_arrow(eng, stays, schema=schema)
    assert small.schema == large.schema == schema
    assert all(not pa.types.is_dictionary(f.type) for f in schema)
    assert_same(results(large), results(eng.route_batch(stays)))


def test_result_schema_raises_like_route_batch() -> None:
    eng = engine()
    stays = cases(5).drop_columns(["filiere"])
    with pytest.raises(parcours.CaseError, match="missing column `filiere`"):
        result_schema(eng, stays.schema)
