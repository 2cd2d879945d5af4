"""Network checks through the Python binding: the same diagnostics as the Rust core."""

from __future__ import annotations

from pathlib import Path

import pytest

import parcours

NETWORKS = Path(__file__).resolve().parents[2] / "examples" / "networks"

# The same expectations as core/tests/check.rs: seeds have no errors, only warnings their
# sources justify.
SEED_CODES = {
    "sud-haut-marnais": [],
    "hpsm": ["P001", "P040"],
    "alliance-ouest-parisien": ["P001"],
    "groupe-sos": [],
    "sos-medecins": [],
}


@pytest.mark.parametrize("name", sorted(SEED_CODES))
def test_seed_networks_check_as_in_rust(name: str) -> None:
    net = parcours.Network.from_file(NETWORKS / f"{name}.json")
    report = net.check()
    assert isinstance(report, parcours.CheckReport)
    assert not report.has_errors(), str(report)
    assert report.codes() == SEED_CODES[name]
    assert report.network == net.id
    assert report.counts["errors"] == 0
    # Engine.check gives the same report as Network.check.
    assert net.compile().check() == report


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
