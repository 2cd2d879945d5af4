"""Coverage, what-if changes and diff through the Python binding.

The binding only converts: every row of ``Engine.coverage`` must be what ``Engine.route`` gives
for that origin, the totals what those rows add up to, and ``parcours.diff`` what routing each
case on both engines gives. The Sud Haut-Marnais figures are those of core/tests/analysis.rs
(and of bindings-wasm/tests/analysis.test.mjs).
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Any

import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import parcours
from conftest import NETWORKS, ROOT
from parcours.analysis import BAND_COLUMNS, CHANGED_COLUMNS, COVERAGE_COLUMNS, GROUP_COLUMNS

SHM = NETWORKS / "sud-haut-marnais.json"
WITHOUT_GCS = [{"change": "remove_grouping", "grouping": "gcs-chirurgie-shm"}]
SURGERY = {"filiere": "chirurgie", "level": "reference"}


def nan_to_none(v: Any) -> Any:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


def shm_origins() -> pd.DataFrame:
    """Every site and location of the network, some points, and rows that cannot be routed."""
    data = parcours.Network.from_file(SHM).to_dict()
    rows: list[dict[str, Any]] = [
        {"id": s["id"], "origin": s["id"], "population": 1000.0 * (i + 1)}
        for i, s in enumerate(data["sites"])
    ]
    rows += [{"id": loc["id"], "origin": loc["id"], "population": 500.0} for loc in data["locations"]]
    rows += [
        {"id": "point-langres-east", "lat": 47.86, "lon": 5.45, "population": 300.0},
        {"id": "point-far", "lat": 43.3, "lon": 5.4, "population": None},
        {"id": "unknown-site", "origin": "ch-nowhere", "population": 40.0},
        {"id": "nan-coordinates", "lat": math.nan, "lon": 5.0, "population": 10.0},
        {"id": "bad-latitude", "lat": 123.0, "lon": 5.0},
        {"id": "no-origin-at-all", "population": 7.0},
    ]
    return pd.DataFrame(
        {c: [r.get(c) for r in rows] for c in ("id", "origin", "lat", "lon", "population")}
    )


def expected_row(engine: parcours.Engine, row: dict[Any, Any], query: dict[str, Any]) -> dict[str, Any]:
    """The coverage row of one origin, from `Engine.route` (an independent path)."""
    origin: Any = nan_to_none(row.get("origin"))
    lat, lon = nan_to_none(row.get("lat")), nan_to_none(row.get("lon"))
    if origin is None:
        if lat is None or lon is None:
            return {"outcome": "invalid", "target": None, "distance_km": None, "minutes": None}
        origin = {"lat": lat, "lon": lon}
    d = engine.route({**query, "origin": origin})
    return {"outcome": d.outcome, "target": d.target, "distance_km": d.distance_km, "minutes": d.minutes,
            "target_name": d.target_name, "entry": d.entry}


def check_against_route(
    engine: parcours.Engine, origins: pd.DataFrame, rows: pd.DataFrame, query: dict[str, Any],
    threshold: float = 80.0, bands: tuple[float, ...] = (30.0, 45.0, 80.0),
) -> dict[str, Any]:
    """Each row is what `route` gives; returns the totals recomputed from the rows."""
    assert len(rows) == len(origins)
    assert list(rows.columns) == [*origins.columns, *COVERAGE_COLUMNS]
    totals: dict[str, Any] = {"population": 0.0, "beyond": 0.0, "no_route": 0.0, "within": [0.0] * len(bands)}
    for inp, out in zip(origins.to_dict("records"), rows.to_dict("records"), strict=True):
        want = expected_row(engine, inp, query)
        got = {k: nan_to_none(out[k]) for k in ("outcome", "target", "distance_km", "minutes")}
        assert got["outcome"] == want["outcome"], (inp, got, want)
        assert got["target"] == want["target"], (inp, got, want)
        assert got["distance_km"] == pytest.approx(want["distance_km"]), (inp, got, want)
        assert got["minutes"] == pytest.approx(want["minutes"]), (inp, got, want)
        assert nan_to_none(out["target_name"]) == want.get("target_name")
        assert nan_to_none(out["entry"]) == want.get("entry")
        pop = nan_to_none(inp.get("population"))
        assert out["population_used"] == (1.0 if pop is None else pop)
        routed = want["outcome"] == "routed"
        distance = want["minutes"] if want["minutes"] is not None else want["distance_km"]
        beyond = not routed or distance is None or distance > threshold
        assert out["beyond_threshold"] == beyond, inp
        totals["population"] += out["population_used"]
        totals["beyond"] += out["population_used"] if beyond else 0.0
        totals["no_route"] += out["population_used"] if not routed else 0.0
        for i, b in enumerate(bands):
            if routed and distance is not None and distance <= b:
                totals["within"][i] += out["population_used"]
    return totals


def check_totals(cov: parcours.Coverage[Any], totals: dict[str, Any], bands: pd.DataFrame) -> None:
    assert cov.population == pytest.approx(totals["population"])
    assert cov.beyond_threshold == pytest.approx(totals["beyond"])
    assert cov.no_route == pytest.approx(totals["no_route"])
    assert list(bands.columns) == list(BAND_COLUMNS)
    assert list(bands["population"]) == pytest.approx(totals["within"])
    assert list(bands["share"]) == pytest.approx([w / totals["population"] for w in totals["within"]])


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"filiere": "chirugie"}, "unknown filière `chirugie`\n  help: did you mean `chirurgie`?"),
        ({"level": "recour"}, "unknown level `recour` for the filière `chirurgie`"),
        ({"threshold": -5.0}, "the threshold or a band is negative or not a number"),
        ({"date": "2018-02-30"}, "2018-02-30"),
    ],
)
def test_a_bad_coverage_query_raises(
    shm: parcours.Engine, query: dict[str, Any], message: str
) -> None:
    """Issue 16: `coverage(filiere="chirugie")` reported 100 % of the population without a
    route instead of saying the filière is unknown."""
    args: dict[str, Any] = {"filiere": "chirurgie", "date": "2018-01-01", **query}
    with pytest.raises(parcours.ParcoursError) as info:
        shm.coverage(shm_origins(), **args)
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("date", ["2017-06-01", "2017-10-02", "2020-01-01"])
@pytest.mark.parametrize("level", [None, "reference", "recours"])
def test_coverage_rows_are_what_route_gives(shm: parcours.Engine, date: str, level: str | None) -> None:
    origins = shm_origins()
    query: dict[str, Any] = {"filiere": "chirurgie", "date": date}
    if level is not None:
        query["level"] = level
    cov = shm.coverage(origins, filiere="chirurgie", level=level, date=date)
    totals = check_against_route(shm, origins, cov.rows, query)
    check_totals(cov, totals, cov.bands)
    assert list(cov.bands["within"]) == [30.0, 45.0, 80.0]
    assert cov.query == {"filiere": "chirurgie", **({"level": level} if level else {}), "date": date,
                         "threshold": 80.0, "bands": [30.0, 45.0, 80.0], "include_planned": False}
    assert len(origins.columns) == 5, "the input frame is left alone"
    points = cov.rows[cov.rows["id"].str.startswith("point-") & (cov.rows["outcome"] == "routed")]
    assert len(points) > 0 and points["entry"].notna().all(), "points enter the network at a site"


def test_surgery_coverage_before_and_after_the_gcs_as_in_rust(shm: parcours.Engine) -> None:
    origins = pd.DataFrame({"id": ["ch-chaumont", "ch-langres", "ch-bourbonne"],
                            "origin": ["ch-chaumont", "ch-langres", "ch-bourbonne"],
                            "population": [22_000, 7_500, 2_000]})
    before = shm.coverage(origins, filiere="chirurgie", level="reference", date="2017-06-01")
    bourbonne = before.rows.iloc[2]
    assert bourbonne["target"] == "chu-dijon"
    assert bourbonne["target_name"] == shm.route({**SURGERY, "origin": "ch-bourbonne", "date": "2017-06-01"}).target_name
    assert bool(bourbonne["beyond_threshold"])
    assert before.beyond_threshold == pytest.approx(2_000.0)
    within = dict(zip(before.bands["within"], before.bands["population"], strict=True))
    assert within[45.0] == pytest.approx(22_000.0)
    after = shm.coverage(origins, filiere="chirurgie", level="reference", date=datetime.date(2017, 10, 2))
    assert not after.rows["beyond_threshold"].any()
    assert after.beyond_threshold == 0.0
    shares = dict(zip(after.bands["within"], after.bands["share"], strict=True))
    assert shares[45.0] == pytest.approx(1.0)


def test_threshold_and_bands_are_passed_to_the_core(shm: parcours.Engine) -> None:
    origins = shm_origins()
    cov = shm.coverage(origins, filiere="chirurgie", date="2018-01-01", threshold=40, bands=[10, 20.5, 100, 1000])
    totals = check_against_route(shm, origins, cov.rows, {"filiere": "chirurgie", "date": "2018-01-01"},
                                 threshold=40.0, bands=(10.0, 20.5, 100.0, 1000.0))
    check_totals(cov, totals, cov.bands)
    assert cov.query["threshold"] == 40.0 and cov.query["bands"] == [10.0, 20.5, 100.0, 1000.0]
    assert shm.coverage(origins, filiere="chirurgie", date="2018-01-01", bands=()).bands.empty


def test_minutes_from_a_travel_matrix(shm: parcours.Engine) -> None:
    sites = [s["id"] for s in shm.network.to_dict()["sites"]]
    travel: list[parcours.types.TravelEntry] = [
        {"from": "ch-langres", "to": s, "km": 5.0, "minutes": 10.0 if s == "clinique-compassion-langres" else 100.0}
        for s in sites
    ]
    engine = shm.network.compile(travel)
    origins = pd.DataFrame({"id": [1], "origin": ["ch-langres"]})
    cov = engine.coverage(origins, filiere="chirurgie", level="reference", date="2018-01-01", threshold=8, bands=[8, 60])
    row = cov.rows.iloc[0]
    assert (row["target"], row["distance_km"], row["minutes"]) == ("clinique-compassion-langres", 5.0, 10.0)
    assert bool(row["beyond_threshold"]), "minutes, not km, are compared with the threshold"
    assert list(cov.bands["population"]) == [0.0, 1.0]
    check_against_route(engine, origins, cov.rows, {**SURGERY, "date": "2018-01-01"},
                        threshold=8.0, bands=(8.0, 60.0))


def test_include_planned_is_passed_to_the_core(shm: parcours.Engine) -> None:
    origins = shm_origins()
    for planned in (False, True):
        cov = shm.coverage(origins, filiere="chirurgie", date="2018-01-01", include_planned=planned)
        assert cov.query["include_planned"] is planned
        check_against_route(shm, origins, cov.rows,
                            {"filiere": "chirurgie", "date": "2018-01-01", "include_planned": planned})


def test_polars_and_arrow_flavours(shm: parcours.Engine) -> None:
    pl = pytest.importorskip("polars")
    origins = shm_origins()
    want = shm.coverage(origins, filiere="chirurgie", date="2018-01-01")
    for frame in (pl.from_pandas(origins), pa.Table.from_pandas(origins, preserve_index=False)):
        got = shm.coverage(frame, filiere="chirurgie", date="2018-01-01")
        assert type(got.rows) is type(frame) and type(got.bands) is type(frame)
        assert (got.population, got.beyond_threshold, got.no_route) == (
            want.population, want.beyond_threshold, want.no_route)
        rows = got.rows.to_pandas()
        for c in COVERAGE_COLUMNS:
            assert [nan_to_none(v) for v in rows[c]] == [nan_to_none(v) for v in want.rows[c]], c
        assert got.bands.to_pandas().equals(want.bands)
    batch = pa.Table.from_pandas(origins, preserve_index=False).to_batches()[0]
    assert shm.coverage(batch, filiere="chirurgie", date="2018-01-01").rows.num_rows == len(origins)


def test_arrow_c_stream_objects(shm: parcours.Engine) -> None:
    table = pa.table({"id": ["a"], "origin": ["ch-langres"]})

    class Stream:
        def __arrow_c_stream__(self, requested_schema: object = None) -> object:
            return table.__arrow_c_stream__(requested_schema)

    cov = shm.coverage(Stream(), filiere="chirurgie", date="2018-01-01")
    assert isinstance(cov.rows, pa.Table) and isinstance(cov.bands, pa.Table)
    assert cov.rows.column("outcome").to_pylist() == ["routed"]


def test_bad_rows_are_invalid_rows_not_errors(shm: parcours.Engine) -> None:
    origins = shm_origins()
    cov = shm.coverage(origins, filiere="chirurgie", date="2018-01-01")
    outcome = dict(zip(origins["id"], cov.rows["outcome"], strict=True))
    for bad in ("unknown-site", "nan-coordinates", "bad-latitude", "no-origin-at-all"):
        assert outcome[bad] == "invalid", bad
    assert outcome["ch-langres"] == "routed"
    # Near Marseille (weight 1): outside the territory and beyond the 80 km entry distance.
    assert outcome["point-far"] == "no_route"
    assert cov.no_route == pytest.approx(40 + 10 + 1 + 7 + 1)
    # An unknown filière is a mistake of the query, not of the rows: an error naming it
    # (test_a_bad_coverage_query_raises), not every row invalid.
    with pytest.raises(parcours.QueryError, match="unknown filière `astrologie`"):
        shm.coverage(origins, filiere="astrologie", date="2018-01-01")


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"origin": ["ch-langres"]}, "missing column `id`"),
        ({"id": [1]}, "missing column `origin` or `commune` (or the columns `lat` and `lon`)"),
        ({"id": [1], "lat": [47.0]}, "missing column `origin`"),
        ({"id": [1], "origin": [3]}, "column `origin` must hold text, not int64"),
        ({"id": [1], "lat": ["north"], "lon": [5.0]}, "column `lat` must hold numbers, not string"),
        ({"id": [1], "origin": ["ch-langres"], "population": ["many"]},
         "column `population` must hold numbers, not string"),
        ({"id": [1], "origin": ["ch-langres"], "name": [1.5]}, "column `name` must hold text, not double"),
    ],
)
def test_bad_columns_raise_case_error_naming_them(
    shm: parcours.Engine, columns: dict[str, list[Any]], message: str
) -> None:
    with pytest.raises(parcours.CaseError, match=re.escape(message)):
        shm.coverage(pa.table(columns), filiere="chirurgie", date="2018-01-01")
    with pytest.raises(parcours.CaseError, match=re.escape(message.split(",")[0])):
        shm.coverage(pd.DataFrame(columns), filiere="chirurgie", date="2018-01-01")


def test_bad_arguments(shm: parcours.Engine) -> None:
    origins = pd.DataFrame({"id": [1], "origin": ["ch-langres"]})
    with pytest.raises(TypeError, match="Engine.coverage takes a pandas or polars DataFrame"):
        shm.coverage([{"id": 1, "origin": "ch-langres"}], filiere="chirurgie", date="2018-01-01")
    with pytest.raises(parcours.QueryError, match="2018-02-30") as bad_date:
        shm.coverage(origins, filiere="chirurgie", date="2018-02-30")
    assert bad_date.value.code == "Q004"
    with pytest.raises(TypeError):
        shm.coverage(origins, filiere="chirurgie", date="2018-01-01", bands=["near"])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        shm.coverage(origins, date="2018-01-01")  # type: ignore[call-arg]


def test_empty_frame(shm: parcours.Engine) -> None:
    origins = pd.DataFrame({"id": pd.Series([], dtype=object), "origin": pd.Series([], dtype=str)})
    cov = shm.coverage(origins, filiere="chirurgie", date="2018-01-01")
    assert len(cov.rows) == 0 and "target" in cov.rows.columns
    assert (cov.population, cov.beyond_threshold, cov.no_route) == (0.0, 0.0, 0.0)
    assert list(cov.bands["share"]) == [0.0, 0.0, 0.0]


def test_repr_and_html(shm: parcours.Engine) -> None:
    origins = pd.DataFrame({"id": [1, 2], "origin": ["ch-langres", "ch-<b>"], "population": [10, 5]})
    cov = shm.coverage(origins, filiere="chirurgie", level="reference", date="2017-06-01")
    assert repr(cov).startswith("<parcours.Coverage chirurgie (reference) at 2017-06-01: 2 origins")
    assert "no route: 5" in repr(cov)
    page = cov._repr_html_()
    assert "<table" in page and "within 45" in page and "66.7%" in page


origin_values = st.one_of(st.none(), st.sampled_from(["ch-langres", "loc-dijon", "chu-dijon", "x", ""]))
numbers = st.one_of(st.none(), st.floats(), st.integers(-1000, 1000).map(float))


@st.composite
def origin_frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(0, 8))
    cols: dict[str, Any] = {"id": list(range(n))}
    for name, values in (("origin", origin_values), ("lat", numbers), ("lon", numbers),
                         ("population", numbers)):
        if draw(st.booleans()):
            cols[name] = draw(st.lists(values, min_size=n, max_size=n))
    return pd.DataFrame(cols, index=range(n))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(origin_frames(), st.lists(st.floats(0, 500), max_size=4))
def test_random_origin_frames_never_crash(shm: parcours.Engine, df: pd.DataFrame, bands: list[float]) -> None:
    try:
        cov = shm.coverage(df, filiere="chirurgie", date="2018-01-01", bands=bands)
    except parcours.CaseError as err:
        assert "column `" in str(err)
        return
    assert len(cov.rows) == len(df)
    assert set(cov.rows["outcome"]) <= {"routed", "no_route", "invalid"}
    assert cov.population == pytest.approx(cov.rows["population_used"].sum())
    assert 0.0 <= cov.no_route <= cov.beyond_threshold <= cov.population + 1e-9
    assert len(cov.bands) == len(bands)


def test_threads_share_one_engine(shm: parcours.Engine) -> None:
    import threading

    origins = pd.concat([shm_origins()] * 200, ignore_index=True)
    want = shm.coverage(origins, filiere="chirurgie", date="2018-01-01")
    got: list[Any] = [None] * 4

    def work(k: int) -> None:
        got[k] = shm.coverage(origins, filiere="chirurgie", date="2018-01-01")

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for g in got:
        pd.testing.assert_frame_equal(g.rows, want.rows)


# ---- apply_changes ----------------------------------------------------------------------------


def test_apply_changes_returns_a_new_network() -> None:
    net = parcours.Network.from_file(SHM)
    after = net.apply_changes(WITHOUT_GCS)
    assert isinstance(after, parcours.Network)
    assert after != net and after.summary()["groupings"] == net.summary()["groupings"] - 1
    assert "gcs-chirurgie-shm" not in after.to_json()
    assert net.apply_changes([]) == net
    # Dates may be datetime.date; the change takes effect on its date.
    left = net.apply_changes([{"change": "remove_member", "grouping": "gcs-chirurgie-shm",
                               "member": "ej-clinique-compassion", "from": datetime.date(2019, 1, 1)}])
    engine = left.compile()
    case = {**SURGERY, "origin": "ch-langres"}
    assert engine.route({**case, "date": "2018-12-31"}).target == "clinique-compassion-langres"
    assert engine.route({**case, "date": "2019-01-01"}).target == "ch-chaumont"


def test_apply_changes_errors_are_network_errors() -> None:
    net = parcours.Network.from_file(SHM)
    with pytest.raises(parcours.NetworkError) as info:
        net.apply_changes([{"change": "remove_grouping", "grouping": "gcs-nope"},
                           {"change": "move_shared_service", "service": "sterilisation-shm",
                            "provider": "ch-langres"},
                           {"change": "close_capability", "site": "ch-langres", "filiere": "chirurgie"}])
    err = info.value
    assert err.file == "<changes>" and err.code == "L004"
    assert [e["pointer"] for e in err.errors()] == ["/changes/0", "/changes/2"]
    assert "gcs-nope" in err.errors()[0]["message"]
    # Malformed changes: L002 at the pointer into the list, with a hint (the core's reader,
    # the one of the CLI and JS: bindings-wasm/tests/changes.test.mjs has the same vectors).
    for changes, path, message in [
        ([{"change": "explode"}, WITHOUT_GCS[0]], "/0/change", "unknown change `explode`"),
        ([WITHOUT_GCS[0], {"change": "remove_grouping"}], "/1", "missing field `grouping`"),
        ([WITHOUT_GCS[0], {"change": "remove_grouping", "groupng": "x"}], "/1/groupng",
         "unknown field `groupng`"),
        ([{"change": "remove_member", "grouping": "g", "member": "m", "from": "2018-13-01"}],
         "/0/from", "invalid date `2018-13-01`"),
        ([{"grouping": "g"}], "/0", "missing field `change`"),
    ]:
        with pytest.raises(parcours.NetworkError) as info:
            net.apply_changes(changes)
        assert info.value.file == "<changes>"
        assert [(e["code"], e["pointer"]) for e in info.value.errors()] == [("L002", path)]
        assert message in info.value.errors()[0]["message"]
        assert info.value.errors()[0]["help"]
    # A change that breaks a reference is caught by the core's validation.
    with pytest.raises(parcours.NetworkError, match="ch-nowhere") as info:
        net.apply_changes([{"change": "move_shared_service", "service": "sterilisation-shm",
                            "provider": "ch-nowhere"}])
    assert info.value.code == "L004"
    with pytest.raises(TypeError, match="list of change dicts"):
        net.apply_changes(WITHOUT_GCS[0])  # type: ignore[arg-type]


# ---- diff -------------------------------------------------------------------------------------


def surgery_cases() -> list[dict[str, Any]]:
    """Surgery cases at level reference from every site, over dates around the GCS."""
    origins = ["ch-chaumont", "ch-langres", "ch-bourbonne", "cmc-chaumont", "loc-dijon"]
    dates = ["2017-06-01", "2018-01-01", "2021-05-05"]
    return [{"id": f"stay-{i}", **SURGERY, "origin": o, "date": d}
            for i, (o, d) in enumerate((o, d) for d in dates for o in origins)]


def engines() -> tuple[parcours.Engine, parcours.Engine]:
    net = parcours.Network.from_file(SHM)
    return net.compile(), net.apply_changes(WITHOUT_GCS).compile()


def expected_diff(before: parcours.Engine, after: parcours.Engine,
                  cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for i, c in enumerate(cases):
        case = {k: v for k, v in c.items() if k != "id"}  # frames may hold non-text ids
        a, b = before.route(case), after.route(case)
        if (a.target, a.outcome) != (b.target, b.outcome):
            out.append({"index": i, "id": c.get("id"), "from": a.target, "to": b.target,
                        "from_km": a.distance_km, "to_km": b.distance_km})
    return out


def check_diff(d: parcours.Diff[Any], cases: list[dict[str, Any]], changed: list[dict[Any, Any]],
               groups: list[dict[Any, Any]]) -> None:
    before, after = engines()
    want = expected_diff(before, after, cases)
    assert d.total == len(cases)
    assert len(changed) == len(want)
    for g, w in zip(changed, want, strict=True):
        assert {k: nan_to_none(v) for k, v in g.items() if k not in ("from_km", "to_km")} == {
            k: v for k, v in w.items() if k not in ("from_km", "to_km")}
        assert nan_to_none(g["from_km"]) == pytest.approx(w["from_km"])
        assert nan_to_none(g["to_km"]) == pytest.approx(w["to_km"])
    # Groups: what the changed cases add up to, largest first.
    pairs: dict[tuple[Any, Any], list[float]] = {}
    counts: dict[tuple[Any, Any], int] = {}
    for w in want:
        key = (w["from"], w["to"])
        counts[key] = counts.get(key, 0) + 1
        if w["from_km"] is not None and w["to_km"] is not None:
            pairs.setdefault(key, []).append(w["to_km"] - w["from_km"])
    assert len(groups) == len(counts)
    assert [g["count"] for g in groups] == sorted((g["count"] for g in groups), reverse=True)
    for g in groups:
        key = (nan_to_none(g["from"]), nan_to_none(g["to"]))
        assert g["count"] == counts[key]
        deltas = pairs.get(key)
        if deltas:
            assert g["mean_delta_km"] == pytest.approx(sum(deltas) / len(deltas))
        else:
            assert nan_to_none(g["mean_delta_km"]) is None


def test_diff_without_the_surgery_gcs_sends_langres_and_bourbonne_to_dijon() -> None:
    before, after = engines()
    cases = [{**SURGERY, "origin": o, "date": "2018-01-01"} for o in ("ch-chaumont", "ch-langres", "ch-bourbonne")]
    d = parcours.diff(before, after, cases)
    assert d.total == 3
    assert list(d.changed.columns) == list(CHANGED_COLUMNS)
    assert list(d.changed["index"]) == [1, 2]
    assert list(d.changed["to"]) == ["chu-dijon", "chu-dijon"]
    assert list(d.groups.columns) == list(GROUP_COLUMNS)
    assert d.groups.to_dict("records")[0] | {"mean_delta_km": 0} == {
        "from": "clinique-compassion-langres", "to": "chu-dijon", "count": 2, "mean_delta_km": 0}
    assert d.groups["mean_delta_km"].iloc[0] > 50
    assert repr(d) == "<parcours.Diff: 2 of 3 cases change target, 1 group>"
    assert "clinique-compassion-langres" in d._repr_html_()


def test_diff_of_case_dicts_is_what_route_gives() -> None:
    before, after = engines()
    cases = surgery_cases()
    d = parcours.diff(before, after, cases)
    assert isinstance(d.changed, pd.DataFrame)
    check_diff(d, cases, d.changed.to_dict("records"), d.groups.to_dict("records"))
    assert parcours.diff(before, before, cases).changed.empty


@pytest.mark.parametrize("flavour", ["pandas", "polars", "arrow"])
def test_diff_of_frames(flavour: str) -> None:
    before, after = engines()
    cases = surgery_cases()
    df = pd.DataFrame(cases).assign(id=range(100, 100 + len(cases)))  # integer ids stay integers
    frame: Any = df
    if flavour == "polars":
        pl = pytest.importorskip("polars")
        frame = pl.from_pandas(df)
    elif flavour == "arrow":
        frame = pa.Table.from_pandas(df, preserve_index=False)
    d = parcours.diff(before, after, frame)
    assert type(d.changed) is type(frame) and type(d.groups) is type(frame)
    changed = d.changed if flavour == "pandas" else d.changed.to_pandas()
    groups = d.groups if flavour == "pandas" else d.groups.to_pandas()
    want = [{**c, "id": 100 + i} for i, c in enumerate(cases)]
    check_diff(d, want, changed.to_dict("records"), groups.to_dict("records"))
    assert list(changed.columns) == list(CHANGED_COLUMNS)


def test_diff_date_argument_and_frames_without_id() -> None:
    before, after = engines()
    df = pd.DataFrame({"filiere": "chirurgie", "level": "reference", "origin": ["ch-langres", "ch-bourbonne"],
                       "date": [None, "2017-06-01"]})
    d = parcours.diff(before, after, df, date="2018-01-01")
    assert list(d.changed["index"]) == [0] and list(d.changed["id"]) == [None]
    dicts = [{**SURGERY, "origin": "ch-langres"}]
    assert parcours.diff(before, after, dicts, date=datetime.date(2018, 1, 1)).total == 1


def test_diff_unreadable_cases_raise_case_error_naming_them() -> None:
    before, after = engines()
    df = pd.DataFrame({"filiere": ["chirurgie", None, "chirurgie"], "origin": "ch-langres",
                       "date": ["2018-01-01", "2018-01-01", "2018-02-30"]})
    with pytest.raises(parcours.CaseError, match=r"row 1: missing `filiere` \(2 rows cannot be read") as many:
        parcours.diff(before, after, df)
    # The row's own code (C001: no filière), not a code guessed again from its English text.
    assert many.value.code == "C001"
    with pytest.raises(parcours.CaseError, match=r"^row 1: invalid date `2018-02-30`") as one:
        parcours.diff(before, after, df.iloc[[0, 2]].reset_index(drop=True))
    assert one.value.code == "C002" and "2 rows" not in str(one.value)
    with pytest.raises(parcours.CaseError, match="missing column `date`"):
        parcours.diff(before, after, df.drop(columns="date"))
    cases: list[Any] = [{**SURGERY, "origin": "ch-langres", "date": "2018-01-01"}, {**SURGERY, "date": "x"}]
    with pytest.raises(parcours.CaseError, match="row 1: invalid date `x`") as bad_case:
        parcours.diff(before, after, cases)
    assert bad_case.value.code == "C002"
    with pytest.raises(parcours.CaseError, match="invalid case 0: expected a dict, not str"):
        parcours.diff(before, after, ["chirurgie"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="must be a parcours.Engine"):
        parcours.diff(before, "after", cases)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="or a list of case dicts"):
        parcours.diff(before, after, "cases")
    # Unknown filières or origins are decisions like any other, compared as such.
    assert parcours.diff(before, after, [{**SURGERY, "origin": "ch-nowhere", "date": "2018-01-01"}]).total == 1


# ---- the binding follows the core's report types ----------------------------------------------


def rust_fields(struct: str) -> list[str]:
    source = (ROOT / "core" / "src" / "analysis.rs").read_text(encoding="utf-8")
    m = re.search(rf"pub struct {struct}(?:<'\w+>)? \{{(.*?)\n\}}", source, re.S)
    assert m, struct
    return re.findall(r"^\s*pub (\w+):", m.group(1), re.M)


def test_result_columns_follow_the_core_report_fields() -> None:
    # A field added to a core report must show up here, as a column or an attribute.
    row_columns = {"origin": "id", "population": "population_used"}
    assert sorted(row_columns.get(f, f) for f in rust_fields("CoverageRow")) == sorted(
        ("id", *COVERAGE_COLUMNS))
    assert rust_fields("Band") == list(BAND_COLUMNS)
    report_attrs = {"fingerprint", "rows", "bands", "population", "beyond_threshold", "no_route"}
    assert set(rust_fields("CoverageReport")) == report_attrs
    assert report_attrs <= set(parcours.Coverage.__annotations__)
    assert rust_fields("CaseDiff") == list(CHANGED_COLUMNS)
    assert rust_fields("DiffGroup") == list(GROUP_COLUMNS)
    diff_attrs = {"fingerprint_before", "fingerprint_after", "total", "changed", "groups"}
    assert set(rust_fields("DiffReport")) == diff_attrs
    assert diff_attrs <= set(parcours.Diff.__annotations__)

