"""parcours.registers: the FINESS register on the public example files and hostile inputs."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import parcours
from parcours import registers

ROOT = Path(__file__).resolve().parents[2]
DIR = ROOT / "examples" / "registers" / "finess"
STRUCTURES = DIR / "structures-excerpt-20260309.json"
ACTIVITIES = DIR / "activites-excerpt-20260401.json"


def test_example_flux_gives_a_fragment_that_checks_and_routes() -> None:
    imp = registers.read_finess(STRUCTURES, activities=ACTIVITIES)
    net = imp.network
    assert isinstance(net, parcours.Network)
    assert net.summary()["sites"] == 3
    assert imp.stats["sites_read"] == 7
    missing = [w for w in imp.warnings if w["code"] == "R013" and w["entities"][:1] == ["gcc-1"]]
    assert len(missing) == 9
    assert any("`14967` as its support" in w["message"] for w in missing)
    assert missing[1]["pointer"] == "/gcc/0/pmejDuGcc/1"
    ght = next(g for g in net.to_dict()["groupings"] if g["id"] == "gcc-1")
    assert ght["name"] == "21-52 Côte d'Or-Haute-Marne" and ght["kind"] == "ght"
    assert "P020" in net.check().codes()
    d = net.compile().route({"filiere": "cancer", "origin": "et-010780195", "date": "2024-01-01"})
    assert (d.outcome, d.target) == ("routed", "et-010780195")
    # The fragment is a plain Network: it pickles.
    assert pickle.loads(pickle.dumps(net)) == net


def test_text_bytes_and_filters() -> None:
    text = STRUCTURES.read_text(encoding="utf-8")
    a = registers.read_finess(text, departements=["1"], categories=["365"])
    b = registers.read_finess(STRUCTURES.read_bytes(), departements=["01"], categories=["365"])
    # The same facts; only the input's name (in the fragment's description) differs.
    assert a.network.to_dict()["sites"] == b.network.to_dict()["sites"]
    assert [s["id"] for s in a.network.to_dict()["sites"]] == ["et-010780195"]
    assert registers.read_finess(str(STRUCTURES), include_closed=False).network.summary()["sites"] == 1


def test_extract_latin1_and_reprojection() -> None:
    imp = registers.read_finess(DIR / "extract-2016-ain.csv")
    locs = imp.network.to_dict()["locations"]
    assert len(locs) == 3
    assert all(abs(loc["lat"] - 45.9686) < 0.03 and loc["insee"] == "01004" for loc in locs)
    raw = (DIR / "extract-2026-geolocalisation.csv").read_bytes()
    latin1 = raw.decode("utf-8").encode("latin-1")
    imp = registers.read_finess(latin1, format="extract")
    names = [s["name"] for s in imp.network.to_dict()["sites"]]
    assert "CENTRE HOSPITALIER DE BOURG-EN-BRESSE FLEYRIAT" in names


def test_mapping_table(tmp_path: Path) -> None:
    table = tmp_path / "mapping.csv"
    table.write_text(
        "filiere;soins_palliatifs;Soins palliatifs;proximite\n"
        "activite;ASR;R4;*;*;soins_palliatifs;proximite;;Soins palliatifs\n",
        encoding="utf-8",
    )
    imp = registers.read_finess(STRUCTURES, ACTIVITIES, mapping=table)
    caps = imp.network.to_dict()["capabilities"]
    assert [c["filiere"] for c in caps] == ["soins_palliatifs"]
    table.write_text("filiere;x;X;a\nactivite;AMF;01;*;*;y;a;;bad\n", encoding="utf-8")
    with pytest.raises(parcours.NetworkError) as e:
        registers.read_finess(STRUCTURES, mapping=table)
    assert e.value.errors()[0]["code"] == "R003"
    assert e.value.errors()[0]["line"] == 2


def test_hostile_inputs() -> None:
    text = STRUCTURES.read_text(encoding="utf-8")
    with pytest.raises(parcours.NetworkError) as e:
        registers.read_finess(text[: len(text) // 3])
    err = e.value.errors()[0]
    assert err["code"] == "R001" and err["line"] is not None
    assert isinstance(e.value, ValueError)
    with pytest.raises(parcours.NetworkError) as e:
        registers.read_finess('{"pmej": [{"informationsGeneralesPMEJ": {"numFinessPm": 1}}]}')
    assert e.value.errors()[0]["pointer"] == "/pmej/0/informationsGeneralesPMEJ/numFinessPm"
    with pytest.raises(ValueError):
        registers.read_finess(STRUCTURES, format="xml")
    with pytest.raises(FileNotFoundError):
        registers.read_finess(DIR / "no-such-file.json")
    bad = b"finess;etalab;1;2026-01-01\nstructureet;\"010000024;x\nstructureet;0100;short\n"
    imp = registers.read_finess(bad)
    assert [w["line"] for w in imp.warnings if w["code"] == "R016"] == [2, 3]


def test_merge_into_seed_network() -> None:
    base = parcours.Network.from_file(ROOT / "examples" / "networks" / "sud-haut-marnais.json")
    frag = registers.read_finess(STRUCTURES, ACTIVITIES).network
    m = registers.merge(base, frag)
    assert m.added["sites"] == 3
    assert m.network.summary()["rules"] == base.summary()["rules"]
    again = registers.merge(m.network, frag)
    assert again.network == m.network and sum(again.added.values()) == 0
    # A seed site given the FINESS ET of the register's Clinique Convert: matched, and its
    # commune differs.
    data = base.to_dict()
    # By id: the seed's order is its canonical order (`parcours fmt`), not its history.
    chaumont = next(s for s in data["sites"] if s["id"] == "ch-chaumont")
    chaumont["finess_et"] = "010780195"
    hand = parcours.Network.from_dict(data)
    m = registers.merge(hand, frag)
    assert m.matched_sites == [("ch-chaumont", "et-010780195")]
    assert any(c["kind"] == "different_fact" and c["field"] == "commune" for c in m.conflicts)
