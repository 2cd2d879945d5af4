"""DuckDB: the SQL of ``scale_duckdb.sql`` on Parquet files of synthetic stays, with
``parcours_route(filiere, origin, date, level)`` registered by ``parcours.duckdb.register``
(a vectorised Arrow UDF), then the whole extract (coordinates, flags, age...) routed with
``parcours.duckdb.route_relation``.

    .venv/bin/python examples/python/scale_duckdb.py [ROWS]

Needs the ``[duckdb]`` extra (``scripts/setup.sh scale``). The SQL results are checked against
``Engine.route_batch`` in this process. Data: ``stays.py`` (invented).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import stays

from parcours.duckdb import register, route_relation

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
    import duckdb

    net = stays.network()
    engine = net.compile()
    table = stays.stays(net, rows)
    path = stays.write_parquet(table, ROOT / "out" / "stays-duckdb")

    con = duckdb.connect()
    con.sql(f"CREATE VIEW stays AS SELECT * FROM read_parquet('{path}/*.parquet')")
    register(con, engine)
    start = time.perf_counter()
    for statement in (HERE / "scale_duckdb.sql").read_text(encoding="utf-8").split(";"):
        sql = "\n".join(line for line in statement.splitlines() if not line.startswith("--"))
        if sql.strip():
            print(con.sql(sql))
    took = time.perf_counter() - start

    # The whole extract, every case column, and the same counts from route_batch.
    routed = route_relation(con.table("stays"), engine)  # noqa: F841  (queried by name below)
    got = dict(con.cursor().sql("SELECT outcome, count(*) FROM routed GROUP BY ALL").fetchall())
    want = Counter(engine.route_batch(table).column("outcome").to_pylist())
    via_udf = con.sql(
        "SELECT count(*) FROM (SELECT parcours_route(filiere, origin, date, level) AS r "
        "FROM stays WHERE origin IS NOT NULL) WHERE r.outcome = 'routed'"
    ).fetchall()[0][0]
    has_origin = table.filter(table.column("origin").is_valid())
    want_udf = Counter(engine.route_batch(has_origin.drop_columns(["lat", "lon", "age", "flags"]))
                       .column("outcome").to_pylist())["routed"]
    same = got == dict(want) and via_udf == want_udf
    print(f"{rows:,} synthetic stays: the SQL above took {took:.1f} s; route_relation and "
          f"parcours_route agree with in-process route_batch: {same}")
    con.close()
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
