"""``parcours.codes()``: the core's table of stable codes, the same in every runtime
(``test-data/codes.json``, which the core's own test writes and checks)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import parcours

ROOT = Path(__file__).resolve().parents[2]


def test_codes_are_the_core_table() -> None:
    shared = json.loads((ROOT / "test-data" / "codes.json").read_text(encoding="utf-8"))
    assert parcours.codes() == shared
    families = {c["family"] for c in parcours.codes()}
    assert families == {"load", "check", "case", "query", "register"}


def test_a_load_error_code_is_in_the_table() -> None:
    with pytest.raises(parcours.NetworkError) as info:
        parcours.Network.from_json('{"id": "n", "name": "x", "sitez": []}')
    code = info.value.errors()[0]["code"]
    entry = next(c for c in parcours.codes() if c["code"] == code)
    assert entry["family"] == "load"
    assert entry["summary_fr"]
