"""Fingerprints: which network a result came from (core ``parcours::fingerprint``)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pytest

import parcours
from conftest import NETWORKS, SEED_FILES

TOML_FILES = sorted((NETWORKS / "toml").glob("*.toml"))
KEY = "parcours.fingerprint"
CASES = [
    {"id": "a", "filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02", "level": "reference"},
    {"id": "b", "filiere": "chirurgie", "origin": "ch-langres", "date": "2017-13-45"},
]


def sha256(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_the_fingerprint_is_the_sha256_of_the_canonical_json(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    net = parcours.Network.from_json(text)
    f = net.fingerprint()
    assert f["network_id"] == net.id
    assert net.to_canonical_json() == text, "the committed seed is canonical (parcours fmt)"
    assert f["hash"] == sha256(text)
    assert set(f) == {"network_id", "hash"}
    assert net.compile().fingerprint() == f


def test_there_is_a_toml_seed() -> None:
    assert TOML_FILES, "examples/networks/toml/*.toml"


@pytest.mark.parametrize("path", TOML_FILES, ids=lambda p: p.name)
def test_json_and_toml_forms_have_one_fingerprint(path: Path) -> None:
    toml = parcours.Network.from_file(path)
    json_twin = parcours.Network.from_file(NETWORKS / path.with_suffix(".json").name)
    assert toml.fingerprint() == json_twin.fingerprint()
    assert toml.to_canonical_json() == json_twin.to_canonical_json()
    assert toml.compile().fingerprint() == json_twin.compile().fingerprint()


def relaid(data: dict[str, Any]) -> str:
    """The same facts in another layout: lists reversed (not rules), keys reversed, compact."""

    def reverse_keys(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: reverse_keys(v[k]) for k in reversed(list(v))}
        if isinstance(v, list):
            return [reverse_keys(x) for x in v]
        return v

    out = json.loads(json.dumps(data))
    for key in ("sources", "locations", "legal_entities", "sites", "groupings", "memberships", "capabilities"):
        out.get(key, []).reverse()
    return json.dumps(reverse_keys(out), separators=(",", ":"))


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_layout_does_not_change_it_and_one_fact_does(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    f = parcours.Network.from_dict(data).fingerprint()
    assert parcours.Network.from_json(relaid(data)).fingerprint() == f
    renamed = dict(data, name=data["name"] + " (bis)")
    assert parcours.Network.from_dict(renamed).fingerprint()["hash"] != f["hash"]
    if data.get("memberships"):
        ended = json.loads(json.dumps(data))
        ended["memberships"][0].setdefault("validity", {})["to"] = "2099-12-31"
        assert parcours.Network.from_dict(ended).fingerprint()["hash"] != f["hash"]


def test_batch_results_carry_the_fingerprint(shm: parcours.Engine) -> None:
    f = shm.fingerprint()
    out = shm.route_batch(pd.DataFrame(CASES))
    assert out.attrs[KEY] == f
    assert out["outcome"][0] == "routed"
    assert "date" in out["error"][1]
    table = shm.route_batch(pa.Table.from_pylist(CASES))
    assert json.loads(table.schema.metadata[KEY.encode()]) == f
    batch = shm.route_batch(pa.RecordBatch.from_pylist(CASES))
    assert json.loads(batch.schema.metadata[KEY.encode()]) == f
    # The input frame keeps its own metadata.
    frame = pd.DataFrame(CASES)
    shm.route_batch(frame)
    assert KEY not in frame.attrs


def test_arrow_metadata_survives_parquet(shm: parcours.Engine, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    table = shm.route_batch(pa.Table.from_pylist(CASES))
    pq.write_table(table, tmp_path / "routed.parquet")
    back = pq.read_table(tmp_path / "routed.parquet")
    assert json.loads(back.schema.metadata[KEY.encode()]) == shm.fingerprint()


def test_polars_results_route_and_the_fingerprint_goes_alongside(shm: parcours.Engine, tmp_path: Path) -> None:
    pl = pytest.importorskip("polars")
    out = shm.route_batch(pl.DataFrame(CASES))
    assert out["outcome"][0] == "routed"
    assert "date" in out["error"][1]
    # No metadata slot in polars: the documented way, Parquet file metadata.
    path = tmp_path / "routed.parquet"
    out.write_parquet(path, metadata={KEY: json.dumps(shm.fingerprint())})
    assert json.loads(pl.read_parquet_metadata(path)[KEY]) == shm.fingerprint()


def test_travel_matrix_hash(shm: parcours.Engine) -> None:
    travel: list[Any] = [
        {"from": "ch-langres", "to": "clinique-compassion-langres", "km": 1.5, "minutes": 4.0},
        {"from": "ch-langres", "to": "chu-dijon", "km": 70.0},
    ]
    a = shm.network.compile(travel).fingerprint()
    b = shm.network.compile(list(reversed(travel))).fingerprint()
    assert a == b
    assert a["hash"] == shm.fingerprint()["hash"]
    assert a["travel_hash"].startswith("sha256:") and len(a["travel_hash"]) == 71
    changed: list[Any] = [dict(travel[0], km=2.0), travel[1]]
    c = shm.network.compile(changed).fingerprint()
    assert c["travel_hash"] != a["travel_hash"]
    assert "travel_hash" not in shm.fingerprint()


def test_coverage_and_diff_name_their_networks(shm: parcours.Engine) -> None:
    cov = shm.coverage(pd.DataFrame({"id": ["l"], "origin": ["ch-langres"]}), filiere="chirurgie", date="2018-01-01")
    assert cov.fingerprint == shm.fingerprint()
    assert cov.rows.attrs[KEY] == shm.fingerprint()
    after = shm.network.apply_changes([{"change": "remove_grouping", "grouping": "gcs-chirurgie-shm"}]).compile()
    d = parcours.diff(shm, after, pd.DataFrame(CASES[:1]))
    assert d.fingerprint_before == shm.fingerprint()
    assert d.fingerprint_after == after.fingerprint()
    assert d.fingerprint_after["hash"] != d.fingerprint_before["hash"]
