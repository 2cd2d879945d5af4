"""Bad inputs raise `NetworkError` with the code, location and hint the core gives."""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import parcours

ROOT = Path(__file__).resolve().parents[2]
# test-data/load-errors.json: the load errors every runtime must give (core/tests/load_errors.rs
# and bindings-wasm/tests/load_errors.test.mjs read it too).
SHARED = json.loads((ROOT / "test-data" / "load-errors.json").read_text(encoding="utf-8"))
# The small valid network the vectors change.
BASE: dict[str, Any] = SHARED["base"]


def broken(change: Callable[[dict[str, Any]], None]) -> str:
    data = copy.deepcopy(BASE)
    change(data)
    return json.dumps(data, indent=2)


def load_error(text: str) -> parcours.NetworkError:
    with pytest.raises(parcours.NetworkError) as info:
        parcours.Network.from_json(text)
    return info.value


def test_base_network_loads() -> None:
    assert parcours.Network.from_dict(BASE).summary()["sites"] == 1


def shared_text(vector: dict[str, Any]) -> str:
    """The vector's JSON text, or the shared base with its `set` applied, as indented JSON."""
    if "text" in vector:
        return str(vector["text"])
    doc = copy.deepcopy(SHARED["base"])
    for pointer, value in vector["set"].items():
        *parents, last = pointer.split("/")[1:]
        target = doc
        for token in parents:
            target = target[int(token)] if isinstance(target, list) else target[token]
        if isinstance(target, list):
            if last == "-":
                target.append(copy.deepcopy(value))
            else:
                target[int(last)] = value
        else:
            target[last] = value
    return json.dumps(doc, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("vector", SHARED["vectors"], ids=[v["name"] for v in SHARED["vectors"]])
def test_shared_load_errors(vector: dict[str, Any]) -> None:
    err = load_error(shared_text(vector))
    got = err.errors()
    assert len(got) == len(vector["problems"]), str(err)
    assert err.code == got[0]["code"]
    for e, want in zip(got, vector["problems"]):
        assert e["code"] == want["code"], str(err)
        if "pointer" in want:
            assert e["pointer"] == want["pointer"], str(err)
        if "line" in want:
            assert (e["line"], e["column"]) == (want["line"], want["column"]), str(err)
        if want.get("located"):
            assert e["line"] is not None and e["column"] is not None, str(err)
        if "entities" in want:
            assert e["entities"] == want["entities"], str(err)
        if "message" in want:
            assert e["message"] == want["message"], str(err)
        if "message_starts" in want:
            assert e["message"].startswith(want["message_starts"]), str(err)
        if "help" in want:
            assert e["help"] == want["help"], str(err)
        if "help_contains" in want:
            assert want["help_contains"] in (e["help"] or ""), str(err)


def test_load_error_text_names_the_source_and_the_place() -> None:
    err = load_error('{"id": "demo",\n "name": }')
    assert isinstance(err, parcours.ParcoursError)
    assert isinstance(err, ValueError)
    assert err.file == "<json>"
    assert str(err).startswith("cannot load network `<json>`: [L001] expected value")
    assert "line 2 column 10" in str(err)
    err = load_error(broken(lambda d: d["sites"][0].update(altitude=3)))
    assert "(at /sites/0/altitude, line" in str(err)
    err = load_error(broken(lambda d: d["sites"][0].update(location="chaumon")))
    assert "help: did you mean `chaumont`?" in str(err)

    def two_refs(d: dict[str, Any]) -> None:
        d["sites"][0].update(location="chaumon", legal_entity="ej-ch-chaumon")

    err = load_error(broken(two_refs))
    assert str(err).startswith("cannot load network `<json>`: 2 problems\n")


def test_errors_returns_a_copy() -> None:
    err = load_error("{")
    err.errors()[0]["code"] = "changed"
    assert err.errors()[0]["code"] == "L001"


def test_error_pickles() -> None:
    err = load_error(broken(lambda d: d["sites"][0].update(location="chaumon")))
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is parcours.NetworkError
    assert (str(back), back.errors(), back.file) == (str(err), err.errors(), err.file)


def test_from_dict_errors_have_pointers_but_no_positions() -> None:
    data = copy.deepcopy(BASE)
    data["sites"][0]["altitude"] = 3
    with pytest.raises(parcours.NetworkError) as info:
        parcours.Network.from_dict(data)
    [e] = info.value.errors()
    assert (e["code"], e["pointer"], e["line"], e["column"]) == ("L002", "/sites/0/altitude", None, None)
    assert info.value.file == "<dict>"
    assert "line" not in str(info.value)


def test_from_dict_rejects_values_json_cannot_hold() -> None:
    with pytest.raises(TypeError):
        parcours.Network.from_dict({"id": "n", "name": {1, 2}})


def test_missing_file_is_a_clear_os_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    with pytest.raises(FileNotFoundError) as info:
        parcours.Network.from_file(missing)
    assert info.value.filename == str(missing)
    assert "No such file or directory" in str(info.value)


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"id": "n"}', encoding="utf-8")
    with pytest.raises(parcours.NetworkError) as info:
        parcours.Network.from_file(path)
    assert info.value.file == str(path)
    assert str(info.value).startswith(f"cannot load network `{path}`: [L002] missing field `name`")


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"id": "n",\n "name": "Hôpital"}'.encode("latin-1"))
    with pytest.raises(parcours.NetworkError) as info:
        parcours.Network.from_file(path)
    [e] = info.value.errors()
    assert (e["code"], e["line"], e["column"]) == ("L001", 2, 12)
    assert e["message"] == "byte 0xF4 is not UTF-8 text"
    assert e["help"] and "iconv" in e["help"]
    assert info.value.file == str(path)


@pytest.mark.parametrize("load", [parcours.Network.from_json, parcours.Network.from_toml])
def test_a_lone_surrogate_is_a_network_error(load: Callable[[str], parcours.Network]) -> None:
    # A UTF-16 string cut in the middle of a character: Python keeps the lone half.
    text = '{"id": "n", "name": "H\ud83cpital"}' if load is parcours.Network.from_json else (
        'id = "n"\nname = "H\ud83cpital"\n'
    )
    with pytest.raises(parcours.NetworkError) as info:
        load(text)
    [e] = info.value.errors()
    assert e["code"] == "L001"
    assert e["message"] == "lone surrogate U+D83C is not a character"
    assert (e["line"], e["column"]) == ((1, 23) if load is parcours.Network.from_json else (2, 10))


def test_a_test_file_that_is_not_utf8_is_a_test_file_error(tmp_path: Path) -> None:
    path = tmp_path / "tests.json"
    path.write_bytes('{"network": "x.json", "cases": [{"name": "Hôpital"}]}'.encode("latin-1"))
    net = parcours.Network.from_dict(BASE)
    with pytest.raises(parcours.TestFileError, match=r"byte 0xF4 is not UTF-8 text") as info:
        net.compile().run_tests(path)
    assert isinstance(info.value, parcours.ParcoursError)


TOML = """\
id = "demo"
name = "Demo"

[[locations]]
id = "chaumont"
name = "Chaumont"
insee = "52121"
lat = 48.1117
lon = 5.1389

[[legal_entities]]
id = "ej-ch-chaumont"
name = "CH de Chaumont"
legal_status = "public"
finess_ej = "520780032"

[[sites]]
id = "ch-chaumont"
name = "Centre hospitalier de Chaumont"
legal_entity = "ej-ch-chaumont"
kind = "hospital"
location = "chaumont"
"""


def test_toml_file_loads_like_its_json(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text(TOML, encoding="utf-8")
    net = parcours.Network.from_file(path)
    assert net == parcours.Network.from_dict(BASE)
    assert parcours.Network.from_toml(TOML) == net


def test_toml_errors_have_line_and_pointer(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text(TOML.replace('location = "chaumont"', 'location = "chaumont"\naltitude = 3'))
    with pytest.raises(parcours.NetworkError) as info:
        parcours.Network.from_file(path)
    [e] = info.value.errors()
    assert (e["code"], e["pointer"], e["line"]) == ("L002", "/sites/0/altitude", 23)


def test_schema_is_the_core_schema() -> None:
    committed = json.loads((ROOT / "core/schema/network.schema.json").read_text(encoding="utf-8"))
    assert parcours.network_schema() == committed


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_loads_or_raises_network_error(text: str) -> None:
    try:
        parcours.Network.from_json(text)
    except parcours.NetworkError as err:
        assert err.errors() and all(e["code"].startswith("L") for e in err.errors())


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from([*BASE, "sites", "rules", "groupings", "x"]), json_values))
def test_any_dict_loads_or_raises_network_error(data: dict[str, Any]) -> None:
    try:
        parcours.Network.from_dict(data)
    except parcours.NetworkError as err:
        assert err.errors()
