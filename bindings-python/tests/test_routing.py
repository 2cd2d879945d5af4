"""Routing one case: the shared case vectors, decisions, errors, pickling and threads."""

from __future__ import annotations

import datetime
import multiprocessing
import pickle
import threading
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import parcours
from conftest import CASE_FILES, NETWORKS, load_case_file

CASE = {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02"}


def actual(engine: parcours.Engine, case: dict[str, Any]) -> dict[str, Any]:
    """What the engine says for a vector, in the shape of `expect` (as core/tests/cases.rs)."""
    d = engine.route(case, explain=True)
    plain = engine.route(case)
    explained = d.to_dict()
    assert {k: v for k, v in explained.items() if k not in ("via", "dead_ends", "trace", "alternatives")} == (
        plain.to_dict()
    ), "explained and plain routing disagree"
    got = plain.to_dict()
    got["via"] = d.via
    got["dead_ends"] = d.dead_ends
    got["alternatives"] = [
        {"site": a["site"], "rejection": a["rejection"]} for a in d.alternatives or []
    ]
    return got


def test_there_are_case_files() -> None:
    assert len(CASE_FILES) >= 5


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_shared_case_vectors(path: Path) -> None:
    """The shared test files run through the core's runner (``Network.run_tests``), as
    ``parcours test`` and the Rust and JS suites run them."""
    engine, data = load_case_file(path)
    report = engine.network.run_tests(path)
    assert report.ok, str(report)
    assert report.passed == len(data["cases"]) + len(data.get("questions", []))
    assert data["cases"]
    # Beyond the runner: explained and plain routing agree on every case.
    for v in data["cases"]:
        actual(engine, v["case"])


def test_decision_attributes(shm: parcours.Engine) -> None:
    d = shm.route({**CASE, "level": "reference"})
    assert (d.outcome, d.target, d.step, d.rule) == (
        "routed",
        "clinique-compassion-langres",
        "partner",
        "shm-chirurgie-gcs",
    )
    assert d.target_name == "Clinique de la Compassion (Langres)"
    assert (d.level, d.target_level) == ("reference", "reference")
    assert d.distance_km == pytest.approx(0.0)
    assert d.minutes is None and d.reason is None and d.tele_service is None
    assert d.trace is None and d.alternatives is None and d.via is None
    assert repr(d).startswith('<parcours.Decision outcome="routed" target="clinique-compassion')
    assert str(d).startswith("Clinique de la Compassion (Langres) (clinique-compassion-langres)")
    assert d == shm.route({**CASE, "level": "reference"})
    assert "trace" not in d.to_dict()


def test_explained_decision(shm: parcours.Engine) -> None:
    d = shm.route({**CASE, "flags": ["most_acute"]}, explain=True)
    assert d.target == "chu-dijon" and d.level == "recours"
    assert d.trace and d.trace[0]["kind"] == "case"
    assert any(t.get("source") for t in d.trace)
    assert d.via == []
    assert isinstance(d.alternatives, list)
    assert "→ CHU Dijon Bourgogne" in str(d)


def test_via_is_the_path_of_the_target_and_dead_ends_apart() -> None:
    """CH-O's first recourse partner CH-X escalates nowhere; CH-B leads to the CHU: the path
    of the target is CH-B alone (issue 16: it used to say "escalated via ch-x → ch-b")."""
    engine = parcours.Network.from_file(NETWORKS / "fixtures" / "escalation.json").compile()
    case = {"filiere": "medecine", "origin": "ch-o", "date": "2020-01-01", "level": "recours"}
    d = engine.route(case, explain=True)
    assert (d.target, d.rule) == ("chu-c", "b-recours-c")
    assert (d.via, d.dead_ends) == (["ch-b"], ["ch-x"])
    assert "escalated via ch-b\n" in str(d)
    cycle = engine.route({**case, "origin": "ch-d"}, explain=True)
    assert (cycle.outcome, cycle.via, cycle.dead_ends) == ("no_route", [], ["ch-e"])


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"filiere": "astrologie"}, "unknown_filiere"),
        ({"level": "galactique"}, "unknown_level"),
        ({"origin": "nowhere"}, "unknown_origin"),
        ({"origin": {"lat": 95.0, "lon": 5.0}}, "invalid_coordinates"),
    ],
)
def test_unknown_values_are_invalid_decisions(
    shm: parcours.Engine, change: dict[str, Any], reason: str
) -> None:
    d = shm.route({**CASE, **change})
    assert (d.outcome, d.reason, d.target) == ("invalid", reason, None)


@pytest.mark.parametrize(
    ("change", "reason", "message", "help"),
    [
        (
            {"flags": ["most-acute"]},
            "unknown_flag",
            "unknown flag `most-acute`: no filière or rule of the network uses it",
            "did you mean `most_acute`?",
        ),
        (
            {"filiere": "chirugie"},
            "unknown_filiere",
            "unknown filière `chirugie`",
            "did you mean `chirurgie`?",
        ),
        (
            {"level": "recour"},
            "unknown_level",
            "unknown level `recour` for the filière `chirurgie`",
            "did you mean `recours`?",
        ),
        (
            {"origin": "ch-langre"},
            "unknown_origin",
            "unknown origin `ch-langre`: neither a site nor a location of the network",
            "did you mean `ch-langres`?",
        ),
    ],
)
def test_mistakes_are_invalid_naming_the_value_and_the_closest_one(
    shm: parcours.Engine, change: dict[str, Any], reason: str, message: str, help: str
) -> None:
    """Issue 16: a misspelt flag used to be ignored (the case routed at the lowest level);
    an unknown filière, level or origin said "unknown" without naming it."""
    d = shm.route({**CASE, **change})
    assert (d.outcome, d.reason, d.message, d.help) == ("invalid", reason, message, help)
    assert d.to_dict()["message"] == message
    assert message in str(d)
    explained = shm.route({**CASE, **change}, explain=True)
    assert help in str(explained)


@pytest.mark.parametrize("case_id", ["stay-1", 42, None])
def test_the_case_id_is_echoed_whatever_its_type(
    shm: parcours.Engine, case_id: str | int | None
) -> None:
    case = {**CASE} if case_id is None else {**CASE, "id": case_id}
    for d in (shm.route(case), shm.route(case, explain=True), shm.route({**case, "level": "x"})):
        assert d.id == case_id
        assert d.to_dict().get("id") == case_id


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ({"origin": "ch-langres", "date": "2017-10-02"}, "missing field `filiere`"),
        ({**CASE, "date": "2017-13-02"}, "invalid date `2017-13-02`"),
        ({**CASE, "colour": "blue"}, "unknown field `colour`"),
        ({**CASE, "age": -3}, "expected an age in whole years"),
        ({**CASE, "max_distance_km": "far"}, "expected a distance in km"),
        ({**CASE, "origin": {"lat": 47.8}}, "an origin object is"),
        ({**CASE, "lat": 47.8, "lon": 5.3}, "give the origin once: `origin`"),
        ({"filiere": "chirurgie", "date": "2017-10-02"}, "give the origin once"),
        ({**CASE, "id": 1.5}, "expected an id: text or a whole number"),
    ],
)
def test_bad_case_dicts_raise_case_error(
    shm: parcours.Engine, case: dict[str, Any], message: str
) -> None:
    with pytest.raises(parcours.CaseError) as info:
        shm.route(case)
    assert message in str(info.value)
    for rust in ("u16", "f64", "i64", "untagged", "enum "):
        assert rust not in str(info.value), "messages say what is expected in the case's terms"
    assert isinstance(info.value, ValueError) and isinstance(info.value, parcours.ParcoursError)


def test_a_single_case_takes_the_shape_of_a_batch_row(shm: parcours.Engine) -> None:
    """Issue 16: `route()` took `origin: {lat, lon}` while batches take `lat`/`lon` columns,
    and refused the plain-string flag batches accept."""
    rest = {k: v for k, v in CASE.items() if k != "origin"}
    point = shm.route({**rest, "origin": {"lat": 47.86, "lon": 5.33}})
    assert shm.route({**rest, "lat": 47.86, "lon": 5.33}) == point
    acute = shm.route({**CASE, "flags": ["most_acute"]})
    assert acute.level == "recours"
    assert shm.route({**CASE, "flags": "most_acute"}) == acute
    assert shm.route({**CASE, "flags": "most_acute; "}) == acute
    frame = pd.DataFrame([{**rest, "lat": 47.86, "lon": 5.33, "flags": "most_acute"}])
    row = shm.route_batch(frame).iloc[0]
    single = shm.route({**rest, "lat": 47.86, "lon": 5.33, "flags": "most_acute"})
    assert (row["target"], row["level"]) == (single.target, single.level)


def test_values_json_cannot_hold_raise_type_error(shm: parcours.Engine) -> None:
    with pytest.raises(TypeError):
        shm.route({**CASE, "flags": [object()]})


def test_dates_may_be_date_objects(shm: parcours.Engine) -> None:
    as_text = shm.route(CASE)
    assert shm.route({**CASE, "date": datetime.date(2017, 10, 2)}) == as_text
    assert shm.route({**CASE, "date": datetime.datetime(2017, 10, 2, 13, 5)}) == as_text


def test_shared_service(shm: parcours.Engine) -> None:
    [who] = shm.shared_service("sterilisation", "ch-langres", "2018-01-01")
    assert who["provider"] == "ch-chaumont" and who["service"]
    assert shm.shared_service("sterilisation", "ch-langres", datetime.date(2018, 1, 1)) == [who]
    assert shm.shared_service("sterilisation", "nowhere", "2018-01-01") == []
    # Bad arguments (Q004), no longer case errors.
    with pytest.raises(parcours.QueryError, match="invalid `kind`: unknown variant `astrology`"):
        shm.shared_service("astrology", "ch-langres", "2018-01-01")
    with pytest.raises(parcours.QueryError, match="invalid date"):
        shm.shared_service("sterilisation", "ch-langres", "2018-02-30")


def test_engine_constructors_and_display(shm: parcours.Engine) -> None:
    net = parcours.Network.from_file(NETWORKS / "sud-haut-marnais.json")
    engine = parcours.Engine(net)
    assert engine.network == net and engine.network_id == net.id
    assert engine.site_count == net.summary()["sites"]
    assert engine.rule_count == net.summary()["rules"]
    assert repr(engine).startswith('<parcours.Engine "sud-haut-marnais": ')
    html = engine._repr_html_()
    assert html.startswith("<table") and f"<td>{engine.site_count}</td>" in html
    assert engine.route(CASE) == shm.route(CASE)


def test_bad_travel_matrix(shm: parcours.Engine) -> None:
    with pytest.raises(parcours.NetworkError):
        shm.network.compile([{"from": "nowhere", "to": "ch-langres", "km": 3}])
    with pytest.raises(parcours.TravelMatrixError, match="invalid travel matrix: missing field `to`"):
        shm.network.compile([{"from": "ch-langres"}])  # type: ignore[typeddict-item]


def every_case() -> list[tuple[parcours.Engine, dict[str, Any]]]:
    out: list[tuple[parcours.Engine, dict[str, Any]]] = []
    for path in CASE_FILES:
        engine, data = load_case_file(path)
        out.extend((engine, v["case"]) for v in data["cases"])
    return out


def test_pickled_engines_route_identically() -> None:
    for path in CASE_FILES:
        engine, data = load_case_file(path)
        back = pickle.loads(pickle.dumps(engine))
        assert back.travel == engine.travel and back.network == engine.network
        for v in data["cases"]:
            assert back.route(v["case"], explain=True) == engine.route(v["case"], explain=True)


def _route_in_worker(args: tuple[parcours.Engine, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    engine, cases = args
    return [engine.route(c).to_dict() for c in cases]


def test_engine_in_a_multiprocessing_worker() -> None:
    path = next(p for p in CASE_FILES if "fixtures" in p.name)  # has a travel matrix
    engine, data = load_case_file(path)
    cases = [v["case"] for v in data["cases"]]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        [remote] = pool.map(_route_in_worker, [(engine, cases)])
    assert remote == [engine.route(c).to_dict() for c in cases]


def test_threads_share_one_engine() -> None:
    pairs = every_case()
    expected = [e.route(c, explain=True) for e, c in pairs]
    results: list[list[parcours.Decision]] = [[] for _ in range(8)]
    barrier = threading.Barrier(8)

    def work(k: int) -> None:
        barrier.wait()
        for _ in range(20):
            results[k] = [e.route(c, explain=True) for e, c in pairs]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results)


def test_a_panic_becomes_parcours_error() -> None:
    with pytest.raises(parcours.ParcoursError, match="internal error in parcours"):
        parcours._core._panic_for_tests()
