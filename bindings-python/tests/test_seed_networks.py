"""Every seed network loads through the binding and summarises like the Rust core."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest

import parcours
from conftest import SEED_FILES, expected_summary


def test_there_are_seed_networks() -> None:
    assert len(SEED_FILES) >= 1, "no examples/networks/*.json"


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_seed_loads_with_the_counts_of_the_file(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    net = parcours.Network.from_file(path)
    assert net.id == data["id"]
    assert net.name == data["name"]
    summary = net.summary()
    assert dict(summary) == expected_summary(data)
    assert list(summary)[:2] == ["id", "name"], "keys keep the order of the Rust type"


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_seed_summary_equals_the_rust_summary(path: Path, rust_summaries: dict[str, Any]) -> None:
    assert rust_summaries[path.name] == {"summary": parcours.Network.from_file(path).summary()}


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_every_constructor_gives_the_same_network(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    net = parcours.Network.from_file(str(path))
    assert parcours.Network.from_json(text) == net
    assert parcours.Network.from_dict(json.loads(text)) == net
    assert parcours.Network.from_json(net.to_json()) == net
    assert parcours.Network.from_dict(net.to_dict()) == net
    assert pickle.loads(pickle.dumps(net)) == net


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_seed_displays(path: Path) -> None:
    net = parcours.Network.from_file(path)
    s = net.summary()
    assert repr(net).startswith("<parcours.Network ")
    assert f"{s['sites']} sites" in repr(net)
    html = net._repr_html_()
    assert html.startswith("<table") and html.endswith("</table>")
    assert f"<td>{s['sites']}</td>" in html
