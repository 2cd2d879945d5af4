"""Network checks through the Python binding: the same diagnostics as the Rust core."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import parcours

ROOT = Path(__file__).resolve().parents[2]
NETWORKS = ROOT / "examples" / "networks"

# test-data/checks.json: what `check` reports for each committed network, shared with
# core/tests/check.rs and bindings-wasm/tests/checks.test.mjs.
SHARED = json.loads((ROOT / "test-data" / "checks.json").read_text(encoding="utf-8"))["networks"]


@pytest.mark.parametrize("want", SHARED, ids=[n["network"] for n in SHARED])
def test_committed_networks_report_the_shared_expectations(want: dict[str, Any]) -> None:
    net = parcours.Network.from_file(ROOT / want["network"])
    report = net.check()
    assert isinstance(report, parcours.CheckReport)
    assert report.counts == want["counts"]
    got = [
        {"code": d.code, "severity": d.severity, "pointer": d.pointer, "entities": list(d.entities)}
        for d in report
    ]
    assert got == want["diagnostics"]
    assert report.network == net.id
    # Engine.check gives the same report as Network.check.
    assert net.compile().check() == report
    if "/broken/" not in want["network"] and "/fixtures/" not in want["network"]:
        # The seeds have no errors, only warnings their sources justify.
        assert not report.has_errors(), str(report)


def test_broken_copies_report_errors_with_located_diagnostics() -> None:
    for path in sorted((NETWORKS / "broken").glob("*.json")):
        report = parcours.Network.from_file(path).check()
        assert report.has_errors(), path.name
        for d in report:
            assert isinstance(d, parcours.Diagnostic)
            assert d.code.startswith("P") and len(d.code) == 4
            assert d.severity in {"error", "warning", "info"}
            assert d.message and d.help
        text = str(report)
        assert "error[" in text and "-->" in text


def test_counterexamples_are_routable_cases() -> None:
    net = parcours.Network.from_file(NETWORKS / "hpsm.json")
    engine = net.compile()
    cases = [d.counterexample for d in net.check() if d.counterexample is not None]
    assert cases, "P001 gives a counterexample"
    for case in cases:
        decision = engine.route(case)
        assert decision.outcome in {"routed", "no_route", "invalid"}


def test_report_renders_for_notebooks_and_dataframes() -> None:
    report = parcours.Network.from_file(NETWORKS / "alliance-ouest-parisien.json").check()
    html = report._repr_html_()
    assert "<table>" in html and "P001" in html
    assert "0 errors" in repr(report)
    dicts = report.to_dicts()
    assert dicts[0]["code"] == "P001" and "pointer" in dicts[0]
