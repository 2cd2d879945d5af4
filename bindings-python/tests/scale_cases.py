"""Cases shared by the Spark, Dask and DuckDB tests, and the comparison with in-process routing.

The rows mix what routes and what does not: known origins, a null origin, an unknown origin,
an unknown filière, an unknown level, a null level, dates before and after the surgery GCS,
a bad date, a null date, clinical flags. Each distributed path must give, row for row, what
``Engine.route_batch`` gives in this process.
"""

from __future__ import annotations

import datetime
import importlib
import os
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pytest

import parcours
from parcours._batch import OUTPUT_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
NETWORK = ROOT / "examples" / "networks" / "sud-haut-marnais.json"

ORIGINS = [
    "ch-chaumont", "ch-langres", "ch-bourbonne", "cmc-chaumont", "clinique-compassion-langres",
    None, "nowhere", "loc-langres",
]
FILIERES = ["chirurgie", "chirurgie", "chirurgie", "chirurgie", "cardiologie-inconnue"]
LEVELS = ["proximite", "reference", "recours", None, "niveau-inconnu", "reference"]
DATES = ["2017-09-15", "2017-10-02", "2018-01-01", "soon", None, "2017-10-02", "2019-06-30"]
FLAGS = ["", "most_acute", "", ""]


def engine() -> parcours.Engine:
    """The Sud Haut-Marnais seed network, compiled."""
    return parcours.Network.from_file(NETWORK).compile()


def cases(rows: int = 420) -> pa.Table:
    """``rows`` cases cycling through the lists above with co-prime periods (every combination
    of origin, filière, level and date appears once ``rows`` reaches their product, 1,680)."""
    col: dict[str, Any] = {
        "id": list(range(rows)),
        "filiere": [FILIERES[i % len(FILIERES)] for i in range(rows)],
        "origin": [ORIGINS[i % len(ORIGINS)] for i in range(rows)],
        "level": [LEVELS[i % len(LEVELS)] for i in range(rows)],
        "date": [DATES[i % len(DATES)] for i in range(rows)],
        "flags": [FLAGS[i % len(FLAGS)] for i in range(rows)],
    }
    return pa.table(
        col,
        schema=pa.schema(
            [("id", pa.int64()), ("filiere", pa.string()), ("origin", pa.string()),
             ("level", pa.string()), ("date", pa.string()), ("flags", pa.string())]
        ),
    )


def with_date_type(table: pa.Table) -> pa.Table:
    """``table`` with ``date`` as a date32 column: the bad date becomes null, as a SQL cast
    with ``TRY_CAST`` makes it."""
    days = []
    for d in table.column("date").to_pylist():
        try:
            days.append(datetime.date.fromisoformat(d) if d is not None else None)
        except ValueError:
            days.append(None)
    return table.set_column(table.column_names.index("date"), "date", pa.array(days, pa.date32()))


def input_then_results(names: list[str]) -> list[str]:
    """The columns of a routed frame: the input's whose names are not result columns, then the
    core's result columns (``parcours.RESULT_COLUMNS``), in order."""
    return [n for n in names if n not in OUTPUT_COLUMNS] + list(OUTPUT_COLUMNS)


def results(table: pa.Table, key: str = "id") -> dict[str, list[Any]]:
    """The result columns of a routed table as lists, rows in ``key`` order."""
    if key in table.column_names:
        table = table.sort_by(key)
    out: dict[str, list[Any]] = {}
    for name in OUTPUT_COLUMNS:
        col = table.column(name)
        if pa.types.is_dictionary(col.type):
            col = col.cast(col.type.value_type)
        out[name] = col.to_pylist()
    return out


def assert_same(got: dict[str, list[Any]], want: dict[str, list[Any]]) -> None:
    """Row-for-row equality of every result column, naming the first difference."""
    assert list(got) == list(want)
    for name in want:
        assert len(got[name]) == len(want[name]), name
        for i, (g, w) in enumerate(zip(got[name], want[name], strict=True)):
            assert g == w, f"column `{name}`, row {i}: {g!r} != {w!r} (in-process)"


def kinds(res: dict[str, list[Any]]) -> set[str]:
    """What sorts of rows a result holds: routed, no_route, invalid, error."""
    seen = {o for o in res["outcome"] if o is not None}
    if any(e is not None for e in res["error"]):
        seen.add("error")
    return seen


def block_import(monkeypatch: pytest.MonkeyPatch, top: str) -> None:
    """Makes ``import top`` (and its submodules) fail as if the package were not installed:
    a ``None`` entry in ``sys.modules`` stops both ``import`` and ``importlib``."""
    for name in list(sys.modules):
        if name.startswith(top + "."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, top, None)


def need(module: str, extra: str) -> Any:
    """``module``, or a skip naming the extra when it is not installed. test.sh sets
    ``PARCOURS_REQUIRE_EXTRAS=1``: there a missing engine fails the tests instead of skipping
    them."""
    if os.environ.get("PARCOURS_REQUIRE_EXTRAS") == "1":
        return importlib.import_module(module)
    return pytest.importorskip(module, reason=f"the [{extra}] extra is not installed")
