"""A synthetic extract of hospital stays on the synthetic national network, shared by the
Spark, Dask and DuckDB examples and benches (``scale_*.py``, ``benches/python/bench_scale.py``).

Everything here is invented by ``parcours_testkit::synthetic`` (seeded, deterministic): about 4,000
sites in 135 GHTs, 30 filières, 20,000 rules, and cases drawn from them. No patient data, no
real establishment. ``distinct`` different cases are tiled up to ``rows`` rows, as a national
extract repeats the same (place, filière, level, day) many times.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

import parcours
from parcours import _core

SITES_PER_GHT = 30  # parcours_testkit::synthetic::Params::national()


def network() -> parcours.Network:
    """The synthetic national network (seed 42, as in the benches)."""
    return _core._synthetic_network(42)


def stays(net: parcours.Network, rows: int, *, distinct: int = 100_000, seed: int = 7) -> pa.Table:
    """``rows`` synthetic stays: ``id``, ``territory`` (the GHT of the origin site, null for an
    origin given as coordinates), ``filiere``, ``level``, ``origin`` or ``lat``/``lon``,
    ``date`` (date32), ``age``, ``flags``."""
    distinct = max(1, min(rows, distinct))
    raw: list[dict[str, Any]] = json.loads(_core._synthetic_cases(net, distinct, seed))
    origin: list[str | None] = []
    lat: list[float | None] = []
    lon: list[float | None] = []
    territory: list[str | None] = []
    for c in raw:
        o = c["origin"]
        if isinstance(o, str):
            origin.append(o)
            lat.append(None)
            lon.append(None)
            territory.append(f"ght-{int(o[1:]) // SITES_PER_GHT:03d}" if o[:1] == "s" else None)
        else:
            origin.append(None)
            lat.append(o["lat"])
            lon.append(o["lon"])
            territory.append(None)
    base = pa.table(
        {
            "territory": pa.array(territory, pa.string()),
            "filiere": pa.array([c["filiere"] for c in raw], pa.string()),
            "level": pa.array([c.get("level") for c in raw], pa.string()),
            "origin": pa.array(origin, pa.string()),
            "lat": pa.array(lat, pa.float64()),
            "lon": pa.array(lon, pa.float64()),
            "date": pc.cast(pa.array([c["date"] for c in raw], pa.string()), pa.date32()),
            "age": pa.array([c.get("age") for c in raw], pa.int32()),
            "flags": pa.array([";".join(c.get("flags", [])) for c in raw], pa.string()),
        }
    )
    index = pc.remainder(pa.array(range(rows), pa.int64()), distinct)
    table = base.take(index)
    return table.add_column(0, "id", pa.array(range(rows), pa.int64()))


def write_parquet(table: pa.Table, path: Path, files: int = 8) -> Path:
    """``table`` as ``files`` Parquet files in the directory ``path`` (as a data platform
    stores an extract), row groups of 128 Ki rows."""
    path.mkdir(parents=True, exist_ok=True)
    for old in path.glob("*.parquet"):
        old.unlink()
    step = -(-table.num_rows // files)
    for i in range(files):
        part = table.slice(i * step, step)
        if part.num_rows:
            pq.write_table(part, path / f"part-{i:03d}.parquet", row_group_size=131_072)
    return path
