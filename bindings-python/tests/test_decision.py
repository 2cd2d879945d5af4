"""`Decision` with native fields and the case read field by field (issue 16, item 9): the same
answers, dicts, texts and errors as the core's JSON of a decision and serde's reader of a whole
case (``parcours._core._decision_json``, the path `route()` took before), pickling, the HTML
view, and agreement with `route_batch`."""

from __future__ import annotations

import copy
import datetime
import html
import json
import math
import pickle
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import parcours
from conftest import CASE_FILES, NETWORKS, load_case_file
from parcours._core import _decision_json

# Every field a decision has, besides the explanation's.
FIELDS = [
    "id", "outcome", "target", "target_name", "level", "target_level", "step", "rule",
    "tele_service", "fallback_target", "distance_km", "minutes", "reason", "message", "help",
    "commune", "entry",
]
EXPLANATION = ["via", "dead_ends", "trace", "alternatives"]


def vectors() -> list[tuple[parcours.Engine, dict[str, Any]]]:
    """Every case of the shared case files, with its engine."""
    out: list[tuple[parcours.Engine, dict[str, Any]]] = []
    for path in CASE_FILES:
        engine, data = load_case_file(path)
        out.extend((engine, v["case"]) for v in data["cases"])
    return out


VECTORS = vectors()


def core_dict(engine: parcours.Engine, case: dict[str, Any], explain: bool) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(_decision_json(engine, case, explain))
    return result


def test_to_dict_is_the_core_json_of_every_case_vector() -> None:
    seen: set[str] = set()
    for engine, case in VECTORS:
        for explain in (False, True):
            d = engine.route(case, explain=explain)
            want = core_dict(engine, case, explain)
            assert d.to_dict() == want, case
            assert list(d.to_dict()) == list(want), "the keys keep the core's order"
            seen.update(want)
    # The vectors reach every field, so the comparison above covers them all.
    assert seen >= set(FIELDS) - {"id"} | set(EXPLANATION), set(FIELDS) - seen


def test_attributes_are_the_dict_fields() -> None:
    for engine, case in VECTORS:
        for explain in (False, True):
            d = engine.route({**case, "id": "row-1"}, explain=explain)
            fields = d.to_dict()
            for name in FIELDS + EXPLANATION:
                want = fields.get(name)
                if name in EXPLANATION and not explain:
                    want = None
                assert getattr(d, name) == want, (name, case)
            assert d.id == "row-1"


def test_the_text_is_the_core_text() -> None:
    """A plain decision's text is worked out from its fields; an explained one's is the
    core's explanation, whose first line is the decision's text."""
    for engine, case in VECTORS:
        plain = engine.route(case)
        explained = engine.route(case, explain=True)
        assert str(explained).splitlines()[0] == f"→ {plain}"
        assert str(plain) == str(plain)


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_pickle_round_trip(protocol: int) -> None:
    for engine, case in VECTORS:
        for explain in (False, True):
            d = engine.route({**case, "id": 7}, explain=explain)
            back = pickle.loads(pickle.dumps(d, protocol=protocol))
            assert type(back) is parcours.Decision
            assert back == d and back.to_dict() == d.to_dict()
            assert (str(back), repr(back)) == (str(d), repr(d))
            assert back.trace == d.trace and back.via == d.via
    d = VECTORS[0][0].route(VECTORS[0][1])
    assert copy.copy(d) == d and copy.deepcopy(d) == d


def test_decisions_are_frozen_and_compare_by_value(shm: parcours.Engine) -> None:
    case = {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02"}
    d = shm.route(case)
    with pytest.raises(AttributeError):
        d.target = "chu-dijon"  # type: ignore[misc]
    with pytest.raises(TypeError):
        hash(d)
    assert d == shm.route(dict(case))
    assert d != shm.route({**case, "level": "recours"})
    assert d != shm.route(case, explain=True), "an explained decision has more fields"
    assert d != shm.route({**case, "id": 1}) and shm.route({**case, "id": 1}) != shm.route(
        {**case, "id": "1"}
    )
    assert (d == "routed") is False


def test_repr_html_shows_the_decision(shm: parcours.Engine) -> None:
    case = {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02"}
    d = shm.route({**case, "level": "reference"}, explain=True)
    page = d._repr_html_()
    assert page.startswith('<table class="parcours-decision">') and page.endswith("</table>")
    assert f"<td style=\"text-align:left\">{d.target}</td>" in page
    assert html.escape(str(d.target_name), quote=False) in page
    invalid = shm.route({**case, "filiere": "chirugie"})
    assert html.escape(str(invalid.message), quote=False) in invalid._repr_html_()
    odd = shm.route({**case, "level": "<b>"})
    caption = odd._repr_html_().split("<caption>")[1].split("</caption>")[0]
    assert "&lt;b&gt;" in caption and "<b>" not in caption, "texts are escaped"


BAD_CASES: list[dict[str, Any]] = [
    {"origin": "ch-langres", "date": "2017-10-02"},
    {"filiere": "chirurgie", "origin": "ch-langres"},
    {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-13-02"},
    {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-02-30"},
    {"filiere": "chirurgie", "origin": "ch-langres", "date": "0999-01-01"},
    {"filiere": "chirurgie", "origin": "ch-langres", "date": "17-10-02"},
    {"filiere": "chirurgie", "origin": "ch-langres", "date": 20171002},
    {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02", "colour": "blue"},
    {"filiere": 3, "origin": "ch-langres", "date": "2017-10-02"},
    {"filiere": None, "origin": "ch-langres", "date": "2017-10-02"},
    {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02", "age": -3},
    {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02", "age": "83"},
    {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02", "age": 1.5},
    {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02", "max_distance_km": "far"},
    {"filiere": "chirurgie", "origin": {"lat": 47.8}, "date": "2017-10-02"},
    {"filiere": "chirurgie", "origin": {"lat": 47.8, "lon": 5.3, "x": 1}, "date": "2017-10-02"},
    {"filiere": "chirurgie", "origin": 7, "date": "2017-10-02"},
    {"filiere": "chirurgie", "origin": "ch-langres", "lat": 47.8, "lon": 5.3, "date": "2017-10-02"},
    {"filiere": "chirurgie", "lat": 47.8, "date": "2017-10-02"},
    {"filiere": "chirurgie", "date": "2017-10-02"},
    {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02", "id": 1.5},
    {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02", "id": True},
    {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02", "id": 2**63},
    {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02", "flags": [1]},
    {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02", "flags": 1},
    {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02", "ehpad_resident": None},
    {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02", "ehpad_resident": "yes"},
    {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02", "level": 2},
]


@pytest.mark.parametrize("case", BAD_CASES, ids=lambda c: json.dumps(c, default=str)[:60])
def test_bad_cases_raise_what_the_whole_case_reader_raises(
    shm: parcours.Engine, case: dict[str, Any]
) -> None:
    with pytest.raises(parcours.CaseError) as want:
        _decision_json(shm, case, False)
    with pytest.raises(parcours.CaseError) as got:
        shm.route(case)
    assert str(got.value) == str(want.value)
    assert type(got.value) is type(want.value)
    assert isinstance(got.value, parcours.ParcoursError) and isinstance(got.value, ValueError)


def test_values_with_no_json_form_raise_type_error(shm: parcours.Engine) -> None:
    base = {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02"}
    odd: list[dict[Any, Any]] = [{**base, "flags": [object()]}, {**base, 3: "x"}, {**base, "age": {1}}]
    for case in odd:
        with pytest.raises(TypeError):
            _decision_json(shm, case, False)
        with pytest.raises(TypeError):
            shm.route(case)


# Random cases on the Sud Haut-Marnais network: mostly well formed, with mistakes now and then.
SHM = json.loads((NETWORKS / "sud-haut-marnais.json").read_text(encoding="utf-8"))
ORIGINS = [s["id"] for s in SHM["sites"]] + [loc["id"] for loc in SHM["locations"]]
ids = st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1), st.text(max_size=8))
days = st.dates(datetime.date(2015, 1, 1), datetime.date(2025, 12, 31)).map(str)
flags = st.lists(st.sampled_from(["most_acute", "most-acute"]), max_size=2, unique=True)


@st.composite
def cases(draw: st.DrawFn, mistakes: bool = True) -> dict[str, Any]:
    case: dict[str, Any] = {"filiere": draw(st.sampled_from(["chirurgie", "chirugie"]))}
    if draw(st.booleans()):
        case["id"] = draw(ids)
    if draw(st.integers(0, 9)) == 0:
        case["lat"] = draw(st.floats(46.5, 48.5))
        case["lon"] = draw(st.floats(4.0, 6.0))
    else:
        case["origin"] = draw(st.sampled_from([*ORIGINS, "nowhere"]))
    level = draw(st.sampled_from([None, "proximite", "reference", "recours", "x", "absent"]))
    if level != "absent":
        case["level"] = level
    chosen = draw(flags)
    if chosen:
        case["flags"] = "; ".join(chosen) if draw(st.booleans()) else chosen
    case["date"] = draw(days)
    if draw(st.booleans()):
        case["max_distance_km"] = draw(st.one_of(st.none(), st.floats(0, 300)))
    if mistakes and draw(st.integers(0, 7)) == 0:
        key = draw(st.sampled_from(["date", "age", "colour", "ehpad_resident", "exclude"]))
        case[key] = draw(st.one_of(st.text(max_size=10), st.integers(-5, 200), st.none()))
    return case


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.booleans())
def test_random_cases_route_as_the_core_json_says(
    shm: parcours.Engine, case: dict[str, Any], explain: bool
) -> None:
    try:
        want = core_dict(shm, case, explain)
    except parcours.CaseError as err:
        with pytest.raises(parcours.CaseError) as got:
            shm.route(case, explain=explain)
        assert str(got.value) == str(err)
        return
    d = shm.route(case, explain=explain)
    assert d.to_dict() == want
    assert d.id == (case.get("id") if case.get("id") is not None else None)
    assert pickle.loads(pickle.dumps(d)) == d


# The batch columns that hold a decision's field, under the same name.
COMPARABLE = [
    "outcome", "target", "target_name", "level", "target_level", "step", "rule",
    "tele_service", "fallback_target", "entry", "commune", "distance_km", "minutes", "reason",
]


def missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cases(mistakes=False), min_size=1, max_size=12))
def test_route_agrees_with_route_batch(shm: parcours.Engine, batch: list[dict[str, Any]]) -> None:
    rows = []
    for i, case in enumerate(batch):
        row = {k: v for k, v in case.items() if k != "id"}
        if isinstance(row.get("flags"), list):
            row["flags"] = ";".join(row["flags"])
        rows.append({**row, "id": i})
    frame = pd.DataFrame(rows)
    # Columns typed as a frame of such cases would be (a column of nulls only has no type).
    for name in frame.columns:
        if name in ("level", "origin", "flags"):
            frame[name] = frame[name].astype("string")
        elif name in ("lat", "lon", "max_distance_km"):
            frame[name] = frame[name].astype(float)
    out = shm.route_batch(frame)
    for i, case in enumerate(batch):
        d = shm.route({**case, "id": i})
        got = out.iloc[i]
        assert got["id"] == d.id == i
        for name in COMPARABLE:
            single, batched = getattr(d, name), got[name]
            if missing(single) or missing(batched):
                assert missing(single) and missing(batched), (name, case, single, batched)
            elif isinstance(single, float):
                assert batched == pytest.approx(single), (name, case)
            else:
                assert str(batched) == single, (name, case)
