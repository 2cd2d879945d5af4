"""Questions, coverage queries and cases that do not read (``test-data/input-errors.json``, the
vectors the Rust and JS tests run too): each raises ``QueryError`` or ``CaseError`` with its
stable code, the ``hint`` the file expects, texts in the ``lang`` asked for, and pickles."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import parcours
from test_lang import MARKERS, _strings, _without, found, scrub

ROOT = Path(__file__).resolve().parents[2]
VECTORS: dict[str, Any] = json.loads((ROOT / "test-data" / "input-errors.json").read_text())
ENGINE = parcours.Network.from_file(str(ROOT / VECTORS["network"])).compile()
ORIGINS = pd.DataFrame({"id": [1, 2], "origin": ["ch-langres", "ch-chaumont"]})


def provoke(section: str, v: dict[str, Any], lang: str) -> parcours.CodedError:
    """The error the vector `v` of `section` raises, in `lang`."""
    with pytest.raises(parcours.CodedError) as info:
        if section == "questions":
            ENGINE.ask(v["question"], frame=False, lang=lang)
        elif section == "coverage":
            ENGINE.coverage(ORIGINS, **v["query"], lang=lang)
        else:
            ENGINE.route(v["case"], lang=lang)
    return info.value


ALL = [(section, v) for section in ("questions", "coverage", "cases") for v in VECTORS[section]]


@pytest.mark.parametrize(("section", "v"), ALL, ids=[f"{s}: {v['name']}" for s, v in ALL])
def test_every_vector_raises_its_code_and_hint(section: str, v: dict[str, Any]) -> None:
    en, fr = provoke(section, v, "en"), provoke(section, v, "fr")
    kind = parcours.CaseError if section == "cases" else parcours.QueryError
    assert isinstance(en, kind) and isinstance(en, parcours.ParcoursError)
    assert isinstance(en, ValueError)
    assert en.code == fr.code == v["code"], en
    assert (en.help is not None) == v["help"], en
    assert en.hint == en.help  # the former name still answers
    assert en.message != fr.message
    assert str(en).startswith(en.message)
    if en.help is not None:
        assert str(fr).endswith(f"\n  aide : {fr.help}")
    # The code is in the table of every runtime.
    entry = next(c for c in parcours.codes() if c["code"] == en.code)
    assert entry["family"] == ("case" if section == "cases" else "query")
    back = pickle.loads(pickle.dumps(fr))
    assert type(back) is type(fr)
    assert (back.code, back.message, back.help, str(back)) == (fr.code, fr.message, fr.help, str(fr))


@pytest.mark.parametrize(("lang", "other"), [("fr", "en"), ("en", "fr")])
def test_no_word_of_the_other_language_remains(lang: str, other: str) -> None:
    values: list[str] = []
    for section, v in ALL:
        _strings(v.get("question", v.get("query", v.get("case"))), values)
    provoked = [(f"{s} {v['name']}", str(provoke(s, v, lang))) for s, v in ALL]
    bad = [
        f"{what}: {hits} in {text}"
        for what, text in provoked
        if (hits := found(scrub(_without(text, values)), MARKERS[other]))
    ]
    assert not bad, "\n".join(bad[:5])


def test_suggestions_in_french() -> None:
    with pytest.raises(parcours.QueryError) as info:
        ENGINE.members("gcs-chirurgie-shmm", date="2018-01-01", lang="fr")
    e = info.value
    assert (e.code, e.message, e.help) == (
        "Q001",
        "groupement inconnu `gcs-chirurgie-shmm`",
        "vouliez-vous dire `gcs-chirurgie-shm` ?",
    )
    with pytest.raises(parcours.QueryError) as info:
        ENGINE.coverage(ORIGINS, filiere="chirugie", date="2018-01-01", lang="fr")
    assert info.value.help == "vouliez-vous dire `chirurgie` ?"


def test_a_bad_date_argument_is_a_parameter_error() -> None:
    with pytest.raises(parcours.QueryError) as info:
        ENGINE.members("gcs-chirurgie-shm", date="2018-02-30", lang="fr")
    assert info.value.code == "Q004"
    assert info.value.message.startswith("`date` invalide : date invalide `2018-02-30`")
    not_a_date: Any = 20180101
    with pytest.raises(parcours.QueryError) as info:
        ENGINE.capabilities("ch-langres", date=not_a_date)
    assert info.value.code == "Q004"
    assert "`date`" in info.value.message and "int" in info.value.message
    with pytest.raises(parcours.QueryError) as info:
        ENGINE.shared_service("cuisine", "ch-langres", "2018-01-01", lang="fr")
    assert info.value.code == "Q004"
    assert info.value.message.startswith("`kind` invalide : valeur inconnue `cuisine`")


def test_a_bad_travel_matrix_is_a_coded_error_in_french() -> None:
    network = parcours.Network.from_file(str(ROOT / VECTORS["network"]))
    travel: Any = [{"from": "ch-langres", "to": "ch-chaumont", "km": "far"}]
    with pytest.raises(parcours.TravelMatrixError) as info:
        network.compile(travel, lang="fr")
    e = info.value
    assert isinstance(e, parcours.ParcoursError) and isinstance(e, ValueError)
    assert e.code == "L002"
    assert e.message == (
        'matrice de trajets invalide : type invalide : texte "far", alors qu\'il faut un nombre'
    ), e.message
    back = pickle.loads(pickle.dumps(e))
    assert (back.code, back.message) == (e.code, e.message)


def test_errors_raised_in_python_keep_a_code() -> None:
    assert parcours.CaseError("missing column `id`").code == "C001"
    assert parcours.QueryError("x").code == "Q004"
    assert parcours.CaseError("x", "C002").code == "C002"
