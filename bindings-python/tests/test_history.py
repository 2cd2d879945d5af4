"""Network.history() and parcours.diff_structure() on the seed networks."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import NETWORKS, SEED_FILES
from hypothesis import given, settings
from hypothesis import strategies as st

import parcours

ALLIANCE = NETWORKS / "alliance-ouest-parisien.json"


def load(path: Path) -> tuple[parcours.Network, dict[str, Any]]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return parcours.Network.from_dict(data), data


def membership_id(m: dict[str, Any]) -> str:
    return f"{m['grouping']}/{m['member']}/{m['role']}"


def test_alliance_history_lists_the_joins_of_its_members_in_date_order() -> None:
    net, data = load(ALLIANCE)
    history = net.history()
    joins = [e for e in history if e["entity"] == "membership" and e["change"] in ("starts", "planned_start")]
    assert sorted(e["id"] for e in joins) == sorted(membership_id(m) for m in data["memberships"])
    dates = [e["date"] for e in joins if e["date"] is not None]
    assert len(dates) == len(joins)
    assert dates == sorted(dates)
    for e in joins:
        m = data["memberships"][int(e["pointer"].rsplit("/", 1)[1])]
        assert e["id"] == membership_id(m)
        assert e["source"] == m.get("source")
        assert e["precision"] == m["validity"].get("precision", "day")
        assert e["status"] == m["validity"].get("status", "active")
        assert " joins " in e["description"]


def test_every_entry_has_the_same_keys_and_a_data_frame_holds_them() -> None:
    pd = pytest.importorskip("pandas")
    for path in SEED_FILES:
        net, _ = load(path)
        history = net.history()
        assert history, path.name
        keys = set(parcours.HistoryEntry.__annotations__)
        assert all(set(e) == keys for e in history), path.name
        frame = pd.DataFrame(history)
        assert list(frame.columns) == list(history[0])
        assert len(frame) == len(history)


def test_since_and_until_are_inclusive_and_take_dates_or_text() -> None:
    net, _ = load(ALLIANCE)
    everything = net.history()
    window = net.history(since="2019-01-01", until=datetime.date(2019, 12, 31))
    expected = [e for e in everything if e["date"] is not None and "2019-01-01" <= e["date"] <= "2019-12-31"]
    assert window == expected
    assert window, "the alliance has 2019 changes"
    assert net.history(since=datetime.datetime(2100, 1, 1, 12, 0)) == []


@pytest.mark.parametrize("bad", ["2019-02-30", "soon", 20190101])
def test_a_bad_date_raises_query_error(bad: Any) -> None:
    net, _ = load(ALLIANCE)
    with pytest.raises(parcours.QueryError, match="`since`") as info:
        net.history(since=bad)
    assert info.value.code == "Q004"


def test_diff_structure_of_a_network_against_itself_is_empty() -> None:
    for path in SEED_FILES:
        net, _ = load(path)
        diff = parcours.diff_structure(net, net)
        assert diff["entries"] == [], path.name
        assert (diff["added"], diff["removed"], diff["changed"]) == (0, 0, 0)


@settings(max_examples=25, deadline=None)
@given(index=st.integers(min_value=0, max_value=10_000))
def test_diff_structure_names_exactly_the_removed_membership(index: int) -> None:
    net, data = load(ALLIANCE)
    index %= len(data["memberships"])
    gone = data["memberships"].pop(index)
    after = parcours.Network.from_dict(data)
    diff = parcours.diff_structure(net, after)
    assert len(diff["entries"]) == 1
    entry = diff["entries"][0]
    assert entry["change"] == "removed"
    assert entry["entity"] == "membership"
    assert entry["id"] == membership_id(gone)
    assert entry.get("pointer_before") == f"/memberships/{index}"
    assert entry.get("value", {}).get("member") == gone["member"]
    back = parcours.diff_structure(after, net)
    assert [(e["change"], e["id"]) for e in back["entries"]] == [("added", membership_id(gone))]


def test_diff_structure_lists_changed_fields_with_old_and_new_values() -> None:
    net, data = load(ALLIANCE)
    site = data["sites"][0]
    old_name = site["name"]
    site["name"] = "Renamed"
    data["rules"][0]["priority"] = data["rules"][0].get("priority", 0) + 5
    diff = parcours.diff_structure(net, parcours.Network.from_dict(data))
    changed = {(e["entity"], e["id"]): e.get("fields", []) for e in diff["entries"]}
    assert changed == {
        ("site", site["id"]): [{"field": "name", "before": old_name, "after": "Renamed"}],
        ("rule", data["rules"][0]["id"]): [
            {
                "field": "priority",
                "before": data["rules"][0]["priority"] - 5,
                "after": data["rules"][0]["priority"],
            }
        ],
    }
    assert diff["changed"] == 2


def test_diff_structure_wants_networks() -> None:
    net, _ = load(ALLIANCE)
    with pytest.raises(TypeError):
        parcours.diff_structure(net, net.to_dict())  # type: ignore[arg-type]
