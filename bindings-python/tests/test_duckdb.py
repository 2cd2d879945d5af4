"""parcours.duckdb: the SQL function and whole-relation routing equal in-process route_batch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest
from scale_cases import assert_same, input_then_results, block_import, need, cases, engine, kinds, results, with_date_type

import parcours

duckdb = need("duckdb", "duckdb")
from parcours.duckdb import register, route_relation  # noqa: E402


@pytest.fixture(scope="module")
def eng() -> parcours.Engine:
    return engine()


@pytest.fixture
def con() -> Iterator[Any]:
    c = duckdb.connect()
    yield c
    c.close()


def udf_rows(con: Any, table: pa.Table, source: str = "stays") -> dict[str, list[Any]]:
    out = con.sql(
        f"SELECT id, parcours_route(filiere, origin, date, level) AS r FROM {source} ORDER BY id"
    ).to_arrow_table()
    struct = out.column("r").combine_chunks()
    # The struct holds the result columns but the echoed `id`, which is the query's own column.
    return results(pa.Table.from_arrays([out.column("id"), *struct.flatten()],
                                        names=["id", *[f.name for f in struct.type]]))


def test_udf_equals_in_process_with_errors_and_null_origins(eng: parcours.Engine, con: Any) -> None:
    stays = with_date_type(cases(840)).drop_columns(["flags"])
    con.register("stays", stays)
    register(con, eng)
    got = udf_rows(con, stays)
    want = results(eng.route_batch(stays))
    assert_same(got, want)
    assert {"routed", "invalid", "error"} <= kinds(want)
    assert None in stays.column("origin").to_pylist()


def test_udf_default_date_fills_null_dates(eng: parcours.Engine, con: Any) -> None:
    stays = with_date_type(cases(210)).drop_columns(["flags"])
    con.register("stays", stays)
    register(con, eng, date="2018-01-01")
    assert_same(udf_rows(con, stays), results(eng.route_batch(stays, date="2018-01-01")))


def test_udf_on_a_parquet_file(eng: parcours.Engine, con: Any, tmp_path: Path) -> None:
    stays = with_date_type(cases(300)).drop_columns(["flags"])
    path = tmp_path / "stays.parquet"
    pq.write_table(stays, path, row_group_size=64)
    register(con, eng)
    got = udf_rows(con, stays, source=f"'{path}'")
    assert_same(got, results(eng.route_batch(stays)))


def test_udf_over_many_vectors(eng: parcours.Engine, con: Any) -> None:
    # DuckDB calls the function once per vector of 2,048 rows: 10,000 rows take several calls.
    stays = with_date_type(cases(10_000)).drop_columns(["flags"])
    con.register("stays", stays)
    register(con, eng)
    assert_same(udf_rows(con, stays), results(eng.route_batch(stays)))


def test_two_engines_in_one_query(eng: parcours.Engine, con: Any) -> None:
    changed = eng.network.apply_changes(
        [{"change": "remove_grouping", "grouping": "gcs-chirurgie-shm"}]
    ).compile()
    stays = with_date_type(cases(420)).drop_columns(["flags"])
    con.register("stays", stays)
    register(con, eng, name="route_before")
    register(con, changed, name="route_after")
    out = con.sql(
        "SELECT count(*) FILTER (WHERE route_before(filiere, origin, date, level).target "
        "IS DISTINCT FROM route_after(filiere, origin, date, level).target) FROM stays"
    ).fetchall()
    want = sum(
        a != b
        for a, b in zip(
            results(eng.route_batch(stays))["target"],
            results(changed.route_batch(stays))["target"],
            strict=True,
        )
    )
    assert out[0][0] == want > 0


def test_udf_wrong_argument_type_is_a_binder_error(eng: parcours.Engine, con: Any) -> None:
    register(con, eng)
    with pytest.raises(duckdb.BinderException, match="parcours_route"):
        con.sql("SELECT parcours_route(filiere, origin, 42, level) FROM "
                "(VALUES ('chirurgie', 'ch-langres', 'recours')) t(filiere, origin, level)")
    with pytest.raises(duckdb.BinderException, match="origin"):
        con.sql("SELECT parcours_route(filiere, origin, DATE '2018-01-01', NULL) FROM "
                "(VALUES ('chirurgie')) t(filiere)")


def test_route_relation_equals_in_process(eng: parcours.Engine, con: Any) -> None:
    stays = cases(840)  # text dates: the bad one is that row's error, flags as `;` text
    con.register("stays", stays)
    reader = route_relation(con.sql("SELECT * FROM stays ORDER BY id"), eng, batch_rows=200)
    routed = reader.read_all()
    assert_same(results(routed), results(eng.route_batch(stays)))
    assert "error" in kinds(results(routed))
    assert routed.column_names == input_then_results(stays.column_names)


def test_route_relation_is_queried_from_sql(eng: parcours.Engine, con: Any) -> None:
    stays = cases(420)
    con.register("stays", stays)
    routed = route_relation(con.table("stays"), eng)  # noqa: F841  (DuckDB finds it by name)
    # The stream reads from `con`: it is queried from another cursor of the same database.
    got = dict(con.cursor().sql("SELECT outcome, count(*) FROM routed GROUP BY ALL").fetchall())
    want: dict[Any, int] = {}
    for o in results(eng.route_batch(stays))["outcome"]:
        want[o] = want.get(o, 0) + 1
    assert got == want


def test_route_relation_bad_input_raises_as_in_process(eng: parcours.Engine, con: Any) -> None:
    stays = cases(10)
    con.register("stays", stays)
    for sql in ("SELECT origin, date FROM stays",
                "SELECT id AS filiere, origin, date FROM stays",
                "SELECT filiere, origin, 42 AS date FROM stays"):
        with pytest.raises(parcours.CaseError) as in_process:
            eng.route_batch(con.sql(sql).to_arrow_table())
        with pytest.raises(parcours.CaseError) as through_duckdb:
            route_relation(con.sql(sql), eng)
        assert str(through_duckdb.value) == str(in_process.value)


def test_helpers_name_the_extra_without_duckdb(
    eng: parcours.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    block_import(monkeypatch, "duckdb")
    with pytest.raises(ImportError, match=r"pip install 'parcours\[duckdb\]'"):
        register(object(), eng)
    with pytest.raises(ImportError, match=r"parcours\[duckdb\]"):
        route_relation(object(), eng)
