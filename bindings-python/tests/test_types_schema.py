"""The TypedDicts of cases, decisions and diagnostics (parcours.types) mirror the JSON Schemas
the core generates from its Rust types (core/schema/): same keys, same required keys, same
enum values, compatible value types; and every key the engine really returns is declared."""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import Any

import pytest

import parcours
from parcours import types as pt

ROOT = Path(__file__).resolve().parents[2]


def schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "core" / "schema" / name).read_text(encoding="utf-8"))
    return data


CASE = schema("case.schema.json")
DECISION = schema("decision.schema.json")
REPORT = schema("check-report.schema.json")
DIAGNOSTIC = schema("diagnostic.schema.json")

# What Python's Decision.to_dict() gives: the decision's keys, and with explain=True the
# explanation's (the JSON form nests the decision under `decision` instead).
_EXPLANATION_KEYS = {k: v for k, v in DECISION["properties"].items() if k != "decision"}
DECISION_DICT = {
    "properties": {**DECISION["$defs"]["Decision"]["properties"], **_EXPLANATION_KEYS},
    "required": DECISION["$defs"]["Decision"]["required"],
}

OBJECTS: list[tuple[Any, dict[str, Any], dict[str, Any]]] = [
    (pt.CaseDict, CASE, CASE),
    (pt.DecisionDict, DECISION_DICT, DECISION),
    (pt.AlternativeDict, DECISION["$defs"]["Alternative"], DECISION),
    (pt.TraceEntryDict, DECISION["$defs"]["TraceEntry"], DECISION),
    (pt.DiagnosticDict, REPORT["$defs"]["Diagnostic"], REPORT),
    (pt.DiagnosticDict, DIAGNOSTIC, DIAGNOSTIC),
]

ENUMS: list[tuple[Any, dict[str, Any]]] = [
    (pt.Outcome, DECISION["$defs"]["Outcome"]),
    (pt.Step, DECISION["$defs"]["Step"]),
    (pt.ReasonCode, DECISION["$defs"]["ReasonCode"]),
    (pt.Rejection, DECISION["$defs"]["Rejection"]),
    (pt.Severity, REPORT["$defs"]["Severity"]),
]

_PYTHON_OF_JSON = {
    "string": str,
    "number": float,
    "integer": int,
    "boolean": bool,
    "array": list,
    "object": dict,
}


def values(s: dict[str, Any]) -> list[str]:
    """The values of a string-enum schema (``enum``, or ``oneOf`` of ``const``)."""
    found = s["enum"] if "enum" in s else [v["const"] for v in s["oneOf"]]
    return sorted(found)


def resolve(s: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in s:
        resolved: dict[str, Any] = root["$defs"][s["$ref"].rsplit("/", 1)[1]]
        return resolved
    return s


def json_types(s: dict[str, Any], root: dict[str, Any]) -> set[type]:
    """The Python types a schema's values can have (``null`` left out)."""
    s = resolve(s, root)
    if "anyOf" in s or "oneOf" in s:
        return set().union(*(json_types(x, root) for x in s.get("anyOf", s.get("oneOf", []))))
    if "const" in s or "enum" in s:
        return {str}
    kinds = s.get("type", [])
    kinds = [kinds] if isinstance(kinds, str) else kinds
    return {_PYTHON_OF_JSON[k] for k in kinds if k != "null"}


def python_types(annotation: Any) -> set[type]:
    """The runtime types an annotation admits (``None`` left out)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return set().union(*(python_types(a) for a in typing.get_args(annotation)))
    if origin in (typing.Required, typing.NotRequired):
        return python_types(typing.get_args(annotation)[0])
    if origin is typing.Literal:
        return {type(a) for a in typing.get_args(annotation)}
    if origin is not None:
        return {origin}
    if annotation is type(None):
        return set()
    if typing.is_typeddict(annotation):
        return {dict}
    return {annotation}


def keys(td: Any) -> dict[str, bool]:
    """A TypedDict's keys: name -> required? (read from the annotations: parcours.types uses
    postponed annotations, with which Python 3.11 leaves ``__required_keys__`` unreliable)."""
    out = {}
    for key, hint in typing.get_type_hints(td, include_extras=True).items():
        wrapper = typing.get_origin(hint)
        out[key] = wrapper is typing.Required or (td.__total__ and wrapper is not typing.NotRequired)
    return out


@pytest.mark.parametrize("td, s, root", OBJECTS, ids=[f"{o[0].__name__}-{i}" for i, o in enumerate(OBJECTS)])
def test_typed_dict_mirrors_its_schema(td: Any, s: dict[str, Any], root: dict[str, Any]) -> None:
    declared = keys(td)
    assert set(declared) == set(s["properties"])
    assert {k for k, required in declared.items() if required} == set(s.get("required", []))
    hints = typing.get_type_hints(td)
    for key, prop in s["properties"].items():
        want = json_types(prop, root)
        got = python_types(hints[key])
        # A date may also be given as a datetime.date in Python.
        got.discard(__import__("datetime").date)
        assert want == got, f"{td.__name__}.{key}: schema {want}, declared {got}"
        ref = resolve(prop, root) if "$ref" in prop else None
        if ref is not None and "oneOf" in ref and all("const" in v for v in ref["oneOf"]):
            assert sorted(typing.get_args(hints[key])) == values(ref), f"{td.__name__}.{key}"


@pytest.mark.parametrize("alias, s", ENUMS, ids=[str(i) for i in range(len(ENUMS))])
def test_literal_lists_the_schema_values(alias: Any, s: dict[str, Any]) -> None:
    assert sorted(typing.get_args(alias)) == values(s)


def test_every_key_the_engine_returns_is_declared() -> None:
    declared = set(keys(pt.DecisionDict))
    alternative = set(keys(pt.AlternativeDict))
    trace = set(keys(pt.TraceEntryDict))
    seen: set[str] = set()
    for path in sorted((ROOT / "examples" / "cases").glob("*.json")):
        vectors = json.loads(path.read_text(encoding="utf-8"))
        if "communes" in vectors:
            continue  # needs the commune reference: test_cases.py routes those
        network = parcours.Network.from_file(path.parent / vectors["network"])
        engine = network.compile(travel=vectors.get("travel"))
        for vector in vectors.get("cases", []):
            d = engine.route(vector["case"], explain=True).to_dict()
            seen |= set(d)
            assert set(d) <= declared, f"{path.name}: {set(d) - declared}"
            for a in d.get("alternatives", []):
                assert set(a) <= alternative
            for t in d.get("trace", []):
                assert set(t) <= trace
    assert {"distance_km", "tele_service", "alternatives", "trace"} <= seen
    diagnostic = set(keys(pt.DiagnosticDict))
    for path in sorted((ROOT / "examples" / "networks" / "broken").glob("*.json")):
        for diag in parcours.Network.from_file(path).check().to_dicts():
            assert set(diag) <= diagnostic, f"{path.name}: {set(diag) - diagnostic}"


def test_a_load_problem_a_check_diagnostic_and_a_coded_error_have_the_same_keys() -> None:
    """One diagnostic model: NetworkError.errors(), CheckReport.to_dicts() and
    CodedError.errors() give dicts with the keys of DiagnosticDict, all present."""
    with pytest.raises(parcours.NetworkError) as load:
        parcours.Network.from_json('{"id": "n", "name": "x", "sitez": []}')
    problem = load.value.errors()[0]
    assert problem["severity"] == "error" and problem["file"] == "<json>"
    broken = sorted((ROOT / "examples" / "networks" / "broken").glob("*.json"))
    diagnostic = parcours.Network.from_file(broken[0]).check().to_dicts()[0]
    with pytest.raises(parcours.QueryError) as query:
        parcours.Network.from_file(ROOT / "examples" / "networks" / "sud-haut-marnais.json").compile().members(
            "gcs-chirurgie-shmm", date="2018-01-01"
        )
    coded = query.value.errors()[0]
    declared = set(keys(pt.DiagnosticDict))
    assert set(problem) == set(diagnostic) == set(coded) == declared
    assert coded["help"] == query.value.help == "did you mean `gcs-chirurgie-shm`?"
    # `hint`, the former name of `help`, still answers on the exceptions.
    assert query.value.hint == query.value.help
