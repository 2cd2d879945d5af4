"""Shared fixtures: the seed networks of examples/networks/, as used by the Rust and JS tests."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
NETWORKS = ROOT / "examples" / "networks"
SEED_FILES = sorted(NETWORKS.glob("*.json"))


def expected_summary(data: dict[str, Any]) -> dict[str, Any]:
    """Counts computed straight from the file, independently of parcours."""

    def count(key: str) -> int:
        return len(data.get(key, []))

    by_kind: dict[str, int] = {}
    for g in data.get("groupings", []):
        by_kind[g["kind"]] = by_kind.get(g["kind"], 0) + 1
    return {
        "id": data["id"],
        "name": data["name"],
        "legal_entities": count("legal_entities"),
        "sites": count("sites"),
        "locations": count("locations"),
        "filieres": count("filieres"),
        "groupings": count("groupings"),
        "groupings_by_kind": dict(sorted(by_kind.items())),
        "memberships": count("memberships"),
        "capabilities": count("capabilities"),
        "rules": count("rules"),
        "shared_services": count("shared_services"),
        "tele_services": count("tele_services"),
        "sources": count("sources"),
    }


@pytest.fixture(scope="session")
def rust_summaries() -> dict[str, Any]:
    """What `summarise --json` (the Rust example) printed; test.sh sets the variable."""
    path = os.environ.get("PARCOURS_RUST_SUMMARIES")
    if not path:
        pytest.skip("PARCOURS_RUST_SUMMARIES is not set (./test.sh sets it)")
    result: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return result


CASES = ROOT / "examples" / "cases"
CASE_FILES = sorted(CASES.glob("*.json"))


def load_case_file(path: Path) -> tuple[Any, dict[str, Any]]:
    """The engine a case file names (with its travel matrix and commune reference) and the
    parsed file."""
    import parcours

    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    net = parcours.Network.from_file(path.parent / data["network"])
    named = data.get("communes")
    if named is None:
        return net.compile(data.get("travel")), data
    postal = named.get("postal_codes")
    communes = parcours.Communes.from_files(
        path.parent / named["communes"], path.parent / postal if postal else None
    )
    return net.compile(data.get("travel"), communes=communes), data


@pytest.fixture(scope="session")
def shm() -> Any:
    """The Sud Haut-Marnais engine."""
    import parcours

    return parcours.Network.from_file(NETWORKS / "sud-haut-marnais.json").compile()
