"""route_batch: pandas, polars and pyarrow frames route like row-by-row `route`."""

from __future__ import annotations

import datetime
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import parcours
from conftest import CASE_FILES, CASES, load_case_file

# The result columns a decision fills (all but the echoed `id` and the row's `error`).
NAMES = [c.name for c in parcours.RESULT_COLUMNS]
RESULT = [n for n in NAMES if n not in ("id", "error")]


def rows_of(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Case dicts as flat rows: coordinates in lat/lon, `{commune}`, `{postal_code}` and
    `{finess}` origins in their own column, lists `;`-joined or kept as lists."""
    rows = []
    for c in cases:
        row = {k: v for k, v in c.items() if k != "origin"}
        origin = c["origin"]
        if isinstance(origin, str):
            row["origin"] = origin
        elif "lat" in origin:
            row["lat"], row["lon"] = origin["lat"], origin["lon"]
        else:
            ((column, value),) = origin.items()
            row[column] = value
        rows.append(row)
    return rows


def by_origin_column(cases: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The cases in groups of one origin column each (a frame has one: `origin` with `lat` and
    `lon`, `commune`, `postal_code` or `finess`), in order."""
    def column(c: dict[str, Any]) -> str:
        o = c["origin"]
        return "origin" if isinstance(o, str) or "lat" in o else next(iter(o))

    groups: dict[str, list[dict[str, Any]]] = {}
    for c in cases:
        groups.setdefault(column(c), []).append(c)
    return list(groups.values())


def frame_of(cases: list[dict[str, Any]]) -> pd.DataFrame:
    rows = rows_of(cases)
    cols = sorted({k for r in rows for k in r})
    return pd.DataFrame({c: [r.get(c) for r in rows] for c in cols})


def expected(engine: parcours.Engine, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [engine.route(c).to_dict() for c in cases]


def records(out: Any) -> list[dict[str, Any]]:
    """The result columns of a pandas frame as dicts without the absent values."""
    result = []
    for row in out[RESULT].to_dict("records"):
        result.append(
            {k: v for k, v in row.items() if v is not None and not (isinstance(v, float) and math.isnan(v))}
        )
    return result


def same(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> None:
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        w = {k: v for k, v in w.items() if k in RESULT}
        assert g.keys() == w.keys(), (g, w)
        for k in g:
            if k == "distance_km":
                assert g[k] == pytest.approx(w[k])
            else:
                assert g[k] == w[k]


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_pandas_batch_routes_like_route(path: Path) -> None:
    engine, data = load_case_file(path)
    for cases in by_origin_column([v["case"] for v in data["cases"]]):
        df = frame_of(cases)
        out = engine.route_batch(df)
        assert list(out.columns) == [c for c in df.columns if c not in NAMES] + NAMES
        assert out["error"].isna().all()
        same(records(out), expected(engine, cases))
        assert len(df.columns) == len(frame_of(cases).columns), "the input frame is left alone"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_arrow_batch_routes_like_route(path: Path) -> None:
    engine, data = load_case_file(path)
    for cases in by_origin_column([v["case"] for v in data["cases"]]):
        table = pa.Table.from_pandas(frame_of(cases), preserve_index=False)
        out = engine.route_batch(table)
        assert isinstance(out, pa.Table)
        same(records(out.to_pandas()), expected(engine, cases))
        batch = table.to_batches()[0]
        assert engine.route_batch(batch).column("target").to_pylist() == out.column("target").to_pylist()


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_polars_batch_routes_like_route(path: Path) -> None:
    pl = pytest.importorskip("polars")
    engine, data = load_case_file(path)
    for cases in by_origin_column([v["case"] for v in data["cases"]]):
        df = pl.from_pandas(frame_of(cases))
        out = engine.route_batch(df)
        assert isinstance(out, pl.DataFrame)
        same(records(out.to_pandas()), expected(engine, cases))


def test_arrow_c_stream_objects(shm: parcours.Engine) -> None:
    table = pa.table({"filiere": ["chirurgie"], "origin": ["ch-langres"], "date": ["2017-10-02"]})

    class Stream:
        def __arrow_c_stream__(self, requested_schema: object = None) -> object:
            return table.__arrow_c_stream__(requested_schema)

    out = shm.route_batch(Stream())
    assert isinstance(out, pa.Table)
    assert out.column("target").to_pylist() == [shm.route(
        {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02"}
    ).target]


def test_threads_and_progress_give_the_same_result(shm: parcours.Engine) -> None:
    pytest.importorskip("tqdm")
    origins = ["ch-langres", "ch-chaumont", "ch-bourbonne", "nowhere", None]
    n = 70_000  # more than one progress chunk
    df = pd.DataFrame(
        {
            "filiere": ["chirurgie"] * n,
            "origin": [origins[i % len(origins)] for i in range(n)],
            "flags": [["most_acute"] if i % 7 == 0 else [] for i in range(n)],
        }
    )
    one = shm.route_batch(df, date="2017-10-02")
    four = shm.route_batch(df, date="2017-10-02", threads=4, progress=True)
    pd.testing.assert_frame_equal(one, four)
    assert (one["error"].notna()).sum() == n // 5
    assert set(one["target"].dropna()) <= {
        "chu-dijon", "clinique-compassion-langres", "ch-chaumont", "cmc-chaumont"
    }


def test_column_types(shm: parcours.Engine) -> None:
    base = {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02"}
    want = shm.route({**base, "level": "reference", "flags": ["most_acute"]}).target
    dates: list[Any] = [
        pa.array(["2017-10-02"]),
        pa.array([datetime.date(2017, 10, 2)], pa.date32()),
        pa.array([datetime.date(2017, 10, 2)], pa.date64()),
        pa.array([datetime.datetime(2017, 10, 2, 15)], pa.timestamp("us")),
        pa.array([datetime.datetime(2017, 10, 2, 15)], pa.timestamp("s", tz="Europe/Paris")),
        pa.array(["2017-10-02"], pa.large_string()),
        pa.array(["2017-10-02"]).dictionary_encode(),
    ]
    for date in dates:
        for flags in (pa.array([["most_acute"]]), pa.array(["most_acute; most_acute"])):
            t = pa.table({
                "filiere": pa.array(["chirurgie"]).dictionary_encode(),
                "origin": ["ch-langres"],
                "date": date,
                "level": ["reference"],
                "flags": flags,
                "age": pa.array([80], pa.int8()),
                "ehpad_resident": pa.array([1], pa.int64()),
            })
            out = shm.route_batch(t)
            assert out.column("target").to_pylist() == [want], (date.type, flags.type)
            assert out.column("error").to_pylist() == [None]


def test_date_argument_fills_missing_dates(shm: parcours.Engine) -> None:
    df = pd.DataFrame({"filiere": ["chirurgie"] * 2, "origin": ["ch-langres"] * 2,
                       "date": ["2017-09-15", None]})
    out = shm.route_batch(df, date=datetime.date(2017, 10, 2))
    assert list(out["target"]) == [
        shm.route({**dict(df.iloc[0]), "date": "2017-09-15"}).target,
        shm.route({"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02"}).target,
    ]
    without = shm.route_batch(df)
    assert without["error"].iloc[1].startswith("missing `date`")


def test_row_errors_do_not_stop_the_batch(shm: parcours.Engine) -> None:
    df = pd.DataFrame({
        "filiere": ["chirurgie", None, "chirurgie", "chirurgie", "astrologie"],
        "origin": ["ch-langres", "ch-langres", None, "ch-langres", "ch-langres"],
        "date": ["2017-10-02", "2017-10-02", "2017-10-02", "2017-02-30", "2017-10-02"],
        "age": [40, 40, 40, 40, 2.5],
    })
    out = shm.route_batch(df)
    errors = list(out["error"].astype(object).where(out["error"].notna(), None))
    assert errors[0] is None
    assert errors[1] == "missing `filiere`"
    assert errors[2] == "missing `origin` (or `lat` and `lon`)"
    assert errors[3] == "invalid date `2017-02-30`: no such day in the calendar"
    assert errors[4] == "invalid `age`: expected a whole number of years"
    assert out["outcome"].iloc[0] == "routed"


def test_unknown_values_are_invalid_rows_not_errors(shm: parcours.Engine) -> None:
    df = pd.DataFrame({"filiere": ["astrologie", "chirurgie"], "origin": ["ch-langres", "nowhere"],
                       "date": "2017-10-02"})
    out = shm.route_batch(df)
    assert list(out["outcome"]) == ["invalid", "invalid"]
    assert list(out["reason"]) == ["unknown_filiere", "unknown_origin"]
    assert out["error"].isna().all()


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"origin": ["ch-langres"], "date": ["2017-10-02"]}, "missing column `filiere`"),
        ({"filiere": ["chirurgie"], "date": ["2017-10-02"]}, "missing column `origin`"),
        ({"filiere": ["chirurgie"], "origin": ["ch-langres"]}, "missing column `date`"),
        ({"filiere": [3], "origin": ["ch-langres"], "date": ["2017-10-02"]},
         "column `filiere` must hold text, not int64"),
        ({"filiere": ["chirurgie"], "origin": ["ch-langres"], "date": [3.5]},
         "column `date` must hold dates"),
        ({"filiere": ["chirurgie"], "origin": ["ch-langres"], "date": ["2017-10-02"],
          "age": ["old"]}, "column `age` must hold numbers, not string"),
        ({"filiere": ["chirurgie"], "origin": ["ch-langres"], "date": ["2017-10-02"],
          "time_critical": ["yes"]}, "column `time_critical` must hold booleans"),
        ({"filiere": ["chirurgie"], "origin": ["ch-langres"], "date": ["2017-10-02"],
          "flags": [[1]]}, "column `flags` must hold lists of text"),
    ],
)
def test_schema_problems_raise_case_error(
    shm: parcours.Engine, columns: dict[str, list[Any]], message: str
) -> None:
    with pytest.raises(parcours.CaseError, match=message.replace("(", r"\(")):
        shm.route_batch(pa.table(columns))


def test_mixed_object_column_raises_case_error(shm: parcours.Engine) -> None:
    df = pd.DataFrame({"filiere": ["chirurgie", 3], "origin": "ch-langres", "date": "2017-10-02"})
    with pytest.raises(parcours.CaseError, match="column `filiere`"):
        shm.route_batch(df)


def test_not_a_frame(shm: parcours.Engine) -> None:
    with pytest.raises(TypeError, match="pandas or polars DataFrame"):
        shm.route_batch([{"filiere": "chirurgie"}])


def test_explain_adds_an_explanation_column(shm: parcours.Engine) -> None:
    df = pd.DataFrame({"filiere": ["chirurgie"], "origin": ["ch-langres"], "date": ["2017-10-02"]})
    out = shm.route_batch(df, explain=True)
    case = {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02"}
    assert out["explanation"].iloc[0] == str(shm.route(case, explain=True))


def test_empty_frame(shm: parcours.Engine) -> None:
    df = pd.DataFrame({"filiere": pd.Series([], dtype=str), "origin": pd.Series([], dtype=str),
                       "date": pd.Series([], dtype=str)})
    out = shm.route_batch(df)
    assert len(out) == 0 and "target" in out.columns


text = st.one_of(st.none(), st.text(max_size=12),
                 st.sampled_from(["chirurgie", "ch-langres", "chu-dijon", "reference",
                                  "2017-10-02", "2017-13-40", "most_acute;x", ""]))
COLUMN_VALUES: dict[str, Any] = {
    "filiere": text, "origin": text, "level": text, "preferred_site": text, "flags": text,
    "date": st.one_of(text, st.dates().map(lambda d: d.isoformat())),
    "lat": st.one_of(st.none(), st.floats()),
    "lon": st.one_of(st.none(), st.floats()),
    "age": st.one_of(st.none(), st.floats(allow_nan=True)),
    "max_distance_km": st.one_of(st.none(), st.floats()),
    "ehpad_resident": st.one_of(st.none(), st.booleans()),
    "include_planned": st.one_of(st.none(), st.booleans()),
    "extra": text,
}


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(0, 8))
    names = draw(st.sets(st.sampled_from(sorted(COLUMN_VALUES)), max_size=len(COLUMN_VALUES)))
    return pd.DataFrame(
        {c: draw(st.lists(COLUMN_VALUES[c], min_size=n, max_size=n)) for c in sorted(names)},
        index=range(n),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames(), st.sampled_from([None, "2017-10-02"]))
def test_random_frames_never_crash(shm: parcours.Engine, df: pd.DataFrame, date: str | None) -> None:
    try:
        out = shm.route_batch(df, date=date)
    except parcours.CaseError as err:
        assert "column `" in str(err)
        return
    assert len(out) == len(df)
    for outcome, error in zip(out["outcome"], out["error"], strict=True):
        assert isinstance(outcome, str), "outcome is never null"
        assert error is None or error != error or outcome == "invalid"


def test_progress_without_tqdm_is_a_clear_error(
    shm: parcours.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    df = pd.DataFrame({"filiere": ["chirurgie"], "origin": ["ch-langres"], "date": ["2017-10-02"]})
    with pytest.raises(ImportError, match="needs tqdm: pip install tqdm"):
        shm.route_batch(df, progress=True)
    assert shm.route_batch(df)["outcome"].iloc[0] == "routed"


def test_python_threads_share_one_engine_for_batches(shm: parcours.Engine) -> None:
    import threading

    origins = ["ch-langres", "ch-chaumont", "ch-bourbonne", "loc-dijon"]
    df = pd.DataFrame({
        "filiere": "chirurgie",
        "origin": [origins[i % 4] for i in range(20_000)],
        "level": [["proximite", "reference", "recours"][i % 3] for i in range(20_000)],
        "date": [["2017-09-15", "2017-10-02"][i % 2] for i in range(20_000)],
    })
    want = shm.route_batch(df)
    got: list[Any] = [None] * 8

    def work(k: int) -> None:
        got[k] = shm.route_batch(df)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for g in got:
        pd.testing.assert_frame_equal(g, want)


def repeated_frame(shm_cases: list[dict[str, Any]], copies: int) -> pd.DataFrame:
    """The cases `copies` times over, interleaved with near neighbours that differ in one value."""
    rows = []
    for k in range(copies):
        for c in shm_cases:
            rows.append(c)
            rows.append({**c, "age": 30 + k % 3})
            rows.append({**c, "flags": "most_acute" if k % 2 else "most_acute;not-a-flag"})
            rows.append({**c, "date": "2017-09-15" if k % 2 else "2017-10-02"})
            rows.append({**c, "max_distance_km": 50.0 + k % 2 * 40})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("copies", [2, 1200])
def test_repeated_rows_route_like_route(shm: parcours.Engine, copies: int) -> None:
    """Identical rows are routed once (row cache, then the core's memo): results still equal
    row-by-row `route`, near neighbours included, past the cache's trial window."""
    base = [
        {"filiere": "chirurgie", "origin": o, "level": lv, "date": "2017-10-02", "flags": ""}
        for o in ["ch-langres", "ch-chaumont", "ch-bourbonne", "loc-dijon", "loc-auxonne"]
        for lv in ["proximite", "recours"]
    ]
    df = repeated_frame(base, copies)
    out = shm.route_batch(df)
    threaded = shm.route_batch(df, threads=2)
    # Category columns (their codes are used as they are), with an unused category and a null.
    cat = df.astype({c: "category" for c in ("filiere", "origin", "level", "date")})
    cat["origin"] = cat["origin"].cat.add_categories(["never-used"])
    cat.loc[0, "level"] = None
    categorical = shm.route_batch(cat)
    want = []
    for row in df.to_dict("records"):
        case = {str(k): v for k, v in row.items() if not (isinstance(v, float) and math.isnan(v))}
        case["flags"] = [f for f in case.get("flags", "").split(";") if f]
        if "age" in case:
            case["age"] = int(case["age"])
        want.append(shm.route(case).to_dict())
    same(records(out), want)
    same(records(threaded), want)
    want[0] = shm.route({**base[0], "flags": [], "level": None}).to_dict()
    same(records(categorical), want)


def _tiled_table(rows: int) -> pa.Table:
    """Surgery cases over every origin, level and two dates, with null origins and levels."""
    origins = ["ch-langres", "ch-chaumont", "ch-bourbonne", "loc-dijon", "loc-auxonne",
               "clinique-compassion-langres", "not-a-site"]
    return pa.table({
        "filiere": ["chirurgie"] * rows,
        "origin": [None if i % 11 == 3 else origins[i % 7] for i in range(rows)],
        "level": [None if i % 13 == 5 else ["proximite", "reference", "recours"][i % 3]
                  for i in range(rows)],
        "date": ["2017-09-15" if i % 5 else "2017-10-02" for i in range(rows)],
        "flags": ["most_acute" if i % 17 == 0 else "" for i in range(rows)],
    })


def test_text_columns_in_every_arrow_layout(shm: parcours.Engine) -> None:
    """Text columns are read from their Arrow buffers (string, large_string, string_view;
    sliced, so with offsets and validity bits not starting at 0; in several chunks; longer
    than one chunk of the reader): every layout routes as the dictionary-encoded columns do,
    and those as `route` does."""
    table = _tiled_table(70_001)
    text = [n for n in table.column_names]
    encoded = pa.table({n: table.column(n).dictionary_encode() for n in text})
    want = shm.route_batch(encoded).to_pandas()[RESULT + ["error"]]
    for i in (0, 3, 5, 70_000):
        row = table.slice(i, 1).to_pylist()[0]
        if row["origin"] is None:
            assert want["error"][i] == "missing `origin` (or `lat` and `lon`)"
            continue
        case = {**{k: v for k, v in row.items() if v is not None}, "flags": [f for f in [row["flags"]] if f]}
        same(records(want.iloc[[i]]), [shm.route(case).to_dict()])

    def cast(t: pa.Table, kind: Any) -> pa.Table:
        return pa.table({n: t.column(n).cast(kind) for n in text})

    chunked = pa.concat_tables([table.slice(0, 20_000), table.slice(20_000, 45_000),
                                table.slice(65_000)])
    layouts = {
        "large_string": cast(table, pa.large_string()),
        "string": cast(table, pa.string()),
        "string_view": cast(table, pa.string_view()),
        "chunked": chunked,
    }
    def values(frame: pd.DataFrame) -> dict[str, list[Any]]:
        return {c: frame[c].astype(object).where(frame[c].notna(), None).tolist()
                for c in RESULT + ["error"]}

    for name, t in layouts.items():
        assert values(shm.route_batch(t).to_pandas()) == values(want), name
    for start in (1, 7, 9):
        sliced = cast(table, pa.large_string()).slice(start, 66_000)
        assert values(shm.route_batch(sliced).to_pandas()) == values(
            want.iloc[start:start + 66_000]), f"slice from {start}"


def test_text_that_is_not_utf8_is_a_clear_error(shm: parcours.Engine) -> None:
    """Bytes that are not UTF-8 in a text column (possible in an Arrow array built from raw
    buffers) refuse the batch with the column and the row, never a crash."""
    good = pa.array(["ch-langres", "ch-langres", "xx"], pa.string())
    data = bytearray(good.buffers()[2].to_pybytes())
    data[-1] = 0xFF
    bad = pa.Array.from_buffers(pa.string(), 3, [None, good.buffers()[1], pa.py_buffer(bytes(data))])
    table = pa.table({"filiere": ["chirurgie"] * 3, "origin": bad, "date": ["2017-10-02"] * 3})
    with pytest.raises(parcours.CaseError, match=r"^row 2 of column `origin` is not UTF-8 text$"):
        shm.route_batch(table)


def test_result_codes_widen_with_their_dictionary() -> None:
    """Result columns hold the narrowest integer codes for their dictionary: past 127 targets
    (the synthetic national network) they are 16-bit, and still route as `route` does."""
    from parcours import _core

    net = _core._synthetic_network(42)
    engine = net.compile()
    cases = json.loads(_core._synthetic_cases(net, 3_000, 7))
    out = engine.route_batch(frame_of(cases))
    assert len(out["target"].cat.categories) > 127
    assert out["target"].cat.codes.dtype == "int16"
    same(records(out), expected(engine, cases))
    table = engine.route_batch(pa.Table.from_pandas(frame_of(cases), preserve_index=False))
    assert table.column("target").type.index_type == pa.int16()
    assert table.column("target").to_pylist() == list(out["target"].astype(object).where(
        out["target"].notna(), None))


def test_result_columns_are_writable(shm: parcours.Engine) -> None:
    """The result columns come from Rust without a copy, yet an analyst can edit them."""
    out = shm.route_batch(_tiled_table(50).to_pandas())
    out.loc[0, "distance_km"] = 1.5
    out.loc[1, "target"] = out.loc[2, "target"]
    out["distance_km"] *= 2
    assert out.loc[0, "distance_km"] == 3.0
    assert out.loc[1, "target"] == out.loc[2, "target"]


TEXT_VALUES = st.one_of(
    st.none(),
    st.sampled_from(["chirurgie", "ch-langres", "ch-chaumont", "loc-dijon-la-chartreuse",
                     "clinique-compassion-langres", "recours", "proximite", "most_acute",
                     "2017-10-02", "2017-09-15", ""]),
    st.text(max_size=40),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, 40).flatmap(lambda n: st.tuples(
        st.just(n),
        st.fixed_dictionaries(
            {"filiere": st.lists(TEXT_VALUES, min_size=n, max_size=n),
             "origin": st.lists(TEXT_VALUES, min_size=n, max_size=n)},
            optional={c: st.lists(TEXT_VALUES, min_size=n, max_size=n)
                      for c in ("level", "date", "flags", "exclude")}),
    )),
    st.sampled_from([pa.string(), pa.large_string(), pa.string_view()]),
    st.integers(0, 5),
    st.integers(1, 3),
)
def test_text_read_from_arrow_buffers_equals_dictionary_encoding(
    shm: parcours.Engine, data: tuple[int, dict[str, list[str | None]]], kind: Any,
    skip: int, chunks: int,
) -> None:
    """Differential: text columns of random values (empty, long, non-ASCII; nulls), in any
    string layout, sliced and chunked, route as the same columns dictionary-encoded by pyarrow."""
    n, columns = data
    table = pa.table({name: pa.array(values, kind) for name, values in columns.items()})
    table = table.slice(min(skip, n))
    if chunks > 1 and table.num_rows > 1:
        cut = table.num_rows // chunks
        table = pa.concat_tables([table.slice(0, cut), table.slice(cut)])
    encoded = pa.table({name: table.column(name).cast(pa.string()).dictionary_encode()
                        for name in table.column_names})

    def run(t: pa.Table) -> Any:
        try:
            return shm.route_batch(t, date="2017-10-02").to_pylist()
        except parcours.CaseError as err:
            return str(err)

    got = run(table)
    assert got == run(encoded)
    if isinstance(got, list):
        for row in got:
            assert row["outcome"] is not None
            assert row["error"] is None or row["outcome"] == "invalid"


def test_arrow_results_carry_validity_bitmaps(shm: parcours.Engine) -> None:
    """pyarrow results come with Arrow validity bitmaps written in Rust (no pass over the
    codes in Python): valid arrays (`validate(full=True)`), with the nulls the pandas results
    have, past a bitmap byte boundary."""
    table = _tiled_table(1_003)
    out = shm.route_batch(table)
    out.validate(full=True)
    frame = shm.route_batch(table.to_pandas())
    for name in RESULT + ["error"]:
        col = out.column(name)
        assert col.null_count == int(frame[name].isna().sum()), name
        assert col.to_pylist() == frame[name].astype(object).where(frame[name].notna(), None).tolist()
    assert 0 < out.column("error").null_count < out.num_rows
    assert out.column("outcome").null_count == 0


def _mixed_frame() -> pd.DataFrame:
    """Rows of every kind: routed, no route, invalid (unknown origin), unread (bad date), with
    an `id` column of integers and an input `level` column."""
    return pd.DataFrame({
        "id": [10, 11, 12, 13],
        "filiere": ["chirurgie"] * 4,
        "origin": ["ch-langres", "ch-bourbonne", "nowhere", "ch-langres"],
        "level": ["reference", "recours", None, None],
        "max_distance_km": [None, 1.0, None, None],
        "date": ["2017-10-02", "2017-10-02", "2017-10-02", "2017-13-45"],
        "note": ["a", "b", "c", "d"],
    })


def test_every_flavour_returns_the_core_result_columns(shm: parcours.Engine) -> None:
    """pandas, pyarrow and polars results end with exactly the core's `RESULT_COLUMNS` (names,
    order, kind, nullability), after the input columns whose names are not result columns;
    `id` is the input's, unchanged; `outcome` is never null, `invalid` for an unread row."""
    from parcours import _core

    assert [tuple(c) for c in parcours.RESULT_COLUMNS] == _core._result_columns()
    assert NAMES[:2] == ["id", "outcome"] and NAMES[-1] == "error"
    for name in ("tele_service", "fallback_target", "target_level", "minutes", "entry", "commune"):
        assert name in NAMES
    df = _mixed_frame()
    frames: dict[str, Any] = {
        "pandas": shm.route_batch(df),
        "pyarrow": shm.route_batch(pa.Table.from_pandas(df, preserve_index=False)).to_pandas(),
    }
    try:
        import polars as pl

        frames["polars"] = shm.route_batch(pl.from_pandas(df)).to_pandas()
    except ImportError:  # pragma: no cover - polars is a test dependency
        pass
    for flavour, out in frames.items():
        assert list(out.columns) == ["filiere", "origin", "max_distance_km", "date", "note",
                                     *NAMES], flavour
        assert out["id"].tolist() == [10, 11, 12, 13], flavour
        assert out["outcome"].astype(object).tolist() == ["routed", "no_route", "invalid", "invalid"]
        assert out["error"].astype(object).tolist()[3].startswith("invalid date")
        assert out["reason"].astype(object).tolist()[2] == "unknown_origin"
        for column in parcours.RESULT_COLUMNS:
            values = out[column.name]
            if not column.nullable:
                assert values.notna().all(), (flavour, column.name)
            if column.kind == "text":
                assert str(values.dtype) == "category", (flavour, column.name)
            elif column.kind == "number":
                assert values.dtype == "float64", (flavour, column.name)
    table = shm.route_batch(pa.Table.from_pandas(df, preserve_index=False))
    for column in parcours.RESULT_COLUMNS:
        field = table.schema.field(column.name)
        if column.kind == "text":
            assert pa.types.is_dictionary(field.type) and field.type.value_type == pa.string()
        elif column.kind == "number":
            assert field.type == pa.float64()
        else:
            assert field.type == pa.int64()  # the input's id column, as given
    no_id = shm.route_batch(df.drop(columns=["id"]))
    assert no_id["id"].isna().all() and list(no_id.columns[-len(NAMES):]) == NAMES
    assert shm.route_batch(pa.table({"filiere": ["chirurgie"], "origin": ["ch-langres"],
                                     "date": ["2017-10-02"]})).column("id").type == pa.string()


def test_a_tele_service_first_decision_shows_its_tele_service_in_a_frame() -> None:
    """The EHPAD pathway of the Alliance: tele-expertise at Foch first, a transfer to Foch if
    still needed; a frame shows both, as `route` does."""
    engine, data = load_case_file(CASES / "alliance-ouest-parisien.json")
    cases = [v["case"] for v in data["cases"][:3]]
    out = engine.route_batch(frame_of(cases))
    first = out.iloc[0]
    assert first["step"] == "tele_service"
    assert first["tele_service"] == "tele-foch-urgences-ehpad"
    assert first["fallback_target"] == "hopital-foch"
    assert first["target_level"] == engine.route(cases[0]).to_dict().get("target_level")
    assert out["tele_service"].isna().tolist() == [False, True, True]
    assert out["fallback_target"].isna().tolist() == [False, True, True]
    table = engine.route_batch(pa.Table.from_pandas(frame_of(cases), preserve_index=False))
    assert table.column("tele_service").to_pylist() == ["tele-foch-urgences-ehpad", None, None]


def test_a_misspelt_flag_makes_the_row_invalid_not_routed_lower(shm: parcours.Engine) -> None:
    """Issue 16: `most-acute` used to be ignored, the row routed at the lowest level."""
    frame = pd.DataFrame({
        "filiere": ["chirurgie"] * 3,
        "origin": ["ch-langres"] * 3,
        "date": ["2017-10-02"] * 3,
        "flags": ["most-acute", "most_acute", ""],
    })
    out = shm.route_batch(frame)
    assert list(out["outcome"]) == ["invalid", "routed", "routed"]
    assert out["reason"][0] == "unknown_flag"
    assert list(out["level"])[1:] == ["recours", "proximite"]


def test_distinct_and_repeated_rows_give_the_frames_of_route(shm: parcours.Engine) -> None:
    """No two rows alike (past the memo's and the row cache's trial windows of 4,096 rows, so
    both step aside and many decisions are met again by the result writer), then the same rows
    tiled three times and shuffled (so the caches serve them): every row equals `route`."""
    import random

    rng = random.Random(16)
    origins = ["ch-langres", "ch-chaumont", "ch-bourbonne", "loc-dijon", "loc-auxonne",
               "clinique-compassion-langres", "not-a-site"]
    start = datetime.date(2016, 1, 1)
    seen: set[tuple[Any, ...]] = set()
    cases: list[dict[str, Any]] = []
    while len(cases) < 6_000:
        case: dict[str, Any] = {"id": len(cases), "filiere": "chirurgie"}
        if rng.random() < 0.1:
            case["origin"] = {"lat": round(rng.uniform(47.1, 48.2), 4),
                              "lon": round(rng.uniform(4.3, 5.8), 4)}
        else:
            case["origin"] = rng.choice(origins)
        case["level"] = rng.choice(["proximite", "reference", "recours"])
        case["flags"] = ["most_acute"] if rng.random() < 0.1 else []
        case["date"] = (start + datetime.timedelta(days=rng.randrange(9 * 365))).isoformat()
        key = (json.dumps(case["origin"]), case["level"], tuple(case["flags"]), case["date"])
        if key not in seen:
            seen.add(key)
            cases.append(case)
    want = [shm.route(c).to_dict() for c in cases]

    def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
        df = frame_of(rows)
        df["flags"] = [";".join(c["flags"]) for c in rows]
        return df

    distinct = shm.route_batch(frame(cases))
    same(records(distinct), want)
    order = [k % len(cases) for k in range(3 * len(cases))]
    rng.shuffle(order)
    repeated = shm.route_batch(frame([cases[k] for k in order]))
    same(records(repeated), [want[k] for k in order])
    assert list(repeated["id"]) == order


def test_route_batch_doc_is_the_stub_s() -> None:
    """``Engine.route_batch`` is written in Python (parcours/_batch.py) and typed in the stub
    (_core.pyi): both carry the same docstring, word for word, so help() and the editor agree."""
    import ast
    import inspect
    from pathlib import Path

    stub = Path(parcours._core.__file__).with_name("_core.pyi")
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    engine = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Engine")
    method = next(
        n for n in engine.body if isinstance(n, ast.FunctionDef) and n.name == "route_batch"
    )
    assert inspect.cleandoc(ast.get_docstring(method) or "") == inspect.cleandoc(
        parcours.Engine.route_batch.__doc__ or ""
    )
