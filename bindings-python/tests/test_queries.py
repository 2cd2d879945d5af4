"""Questions at a date (``Engine.members``, ``Engine.ask``...) and test files
(``Network.run_tests``). The shared question vectors of examples/cases run in
test_routing.py through the runner; here, the Python shapes: frames, errors, reports."""

from __future__ import annotations

import datetime
import json
import pickle
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import parcours
from conftest import CASE_FILES, CASES, NETWORKS, load_case_file


@pytest.fixture(scope="module")
def hpsm() -> parcours.Engine:
    return parcours.Network.from_file(NETWORKS / "hpsm.json").compile()


def question_vectors() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(case file, question, expect) of every question vector, read from the shared files."""
    out = []
    for path in CASE_FILES:
        data = json.loads(path.read_text(encoding="utf-8"))
        for v in data.get("questions", []):
            out.append((str(path), v["question"], v["expect"]))
    return out


def test_there_are_question_vectors() -> None:
    assert len(question_vectors()) >= 30


@pytest.mark.parametrize("network,question,expect", question_vectors(),
                         ids=lambda x: x.get("question", "") if isinstance(x, dict) else None)
def test_ask_frames_hold_the_rows_the_runner_compares(
    network: str, question: dict[str, Any], expect: dict[str, Any]
) -> None:
    """The frame of every question vector has the expected rows, read from the frame itself
    (the engine compiled with the file's travel matrix and commune reference)."""
    engine, _ = load_case_file(Path(network))
    if "error" in expect:
        with pytest.raises(parcours.QueryError) as e:
            engine.ask(question)
        assert expect["error"] in str(e.value)
        return
    frame = engine.ask(question)
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == len(expect["rows"])
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    for want, have in zip(expect["rows"], records, strict=True):
        for col, value in want.items():
            assert have[col] == value, (col, have)
    assert engine.ask(question, frame=False) == [
        {k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()} for r in records
    ]


def test_methods_equal_ask_and_take_dates(hpsm: parcours.Engine) -> None:
    day = datetime.date(2020, 1, 1)
    pairs = [
        (hpsm.members("gcs-hpsm", date=day), {"question": "members", "grouping": "gcs-hpsm"}),
        (hpsm.groupings("oscar-lambret", date="2020-01-01"),
         {"question": "groupings", "member": "oscar-lambret"}),
        (hpsm.capabilities("ch-seclin", date=day, filiere="maternite"),
         {"question": "capabilities", "site": "ch-seclin", "filiere": "maternite"}),
    ]
    for frame, q in pairs:
        pd.testing.assert_frame_equal(frame, hpsm.ask({**q, "date": "2020-01-01"}))
    f = hpsm.sites_by_finess("590780193")
    assert f["site"].tolist() == ["chru-lille"]
    assert f["match"].tolist() == ["ej"]
    assert list(f.columns) == ["site", "name", "kind", "match", "finess_et", "legal_entity",
                               "finess_ej", "insee"]


def test_empty_answers_keep_their_columns(hpsm: parcours.Engine) -> None:
    f = hpsm.members("gcs-hpsm", date="2009-05-31")
    assert f.empty
    assert list(f.columns)[:4] == ["member", "kind", "name", "role"]


def test_tele_services_origin_as_id_tuple_or_dict() -> None:
    sos = parcours.Network.from_file(NETWORKS / "sos-medecins.json").compile()
    near_capbreton = (43.64, -1.43)
    a = sos.tele_services(near_capbreton, date="2023-01-10", include_planned=True)
    b = sos.tele_services({"lat": 43.64, "lon": -1.43}, date="2023-01-10", include_planned=True)
    pd.testing.assert_frame_equal(a, b)
    assert a["fallback"].tolist() == ["sos-medecins-capbreton"]
    c = sos.tele_services("sos-medecins-caen", date="2023-01-10", include_planned=True)
    assert c["fallback"].tolist() == ["sos-medecins-caen"]
    # An origin argument of the wrong shape is a bad parameter (Q004), in the language asked.
    with pytest.raises(parcours.QueryError) as info:
        sos.tele_services([1, 2, 3], date="2023-01-10", lang="fr")  # type: ignore[arg-type]
    assert info.value.code == "Q004"
    assert info.value.message.startswith("`origin` invalide : valeur invalide `[1,2,3]`")


def test_unknown_ids_raise_query_error_with_the_closest_id(hpsm: parcours.Engine) -> None:
    with pytest.raises(parcours.QueryError, match="unknown grouping `gcs-hpms`") as e:
        hpsm.members("gcs-hpms", date="2020-01-01")
    assert "did you mean `gcs-hpsm`?" in str(e.value)
    assert isinstance(e.value, ValueError) and isinstance(e.value, parcours.ParcoursError)
    with pytest.raises(parcours.QueryError, match="check digit"):
        hpsm.sites_by_finess("590780194")
    with pytest.raises(parcours.QueryError, match="invalid question"):
        hpsm.ask({"question": "who", "date": "2020-01-01"})
    with pytest.raises(parcours.QueryError, match="unknown field"):
        hpsm.ask({"question": "members", "grouping": "gcs-hpsm", "date": "2020-01-01", "at": 1})
    # A bad date argument is a parameter that cannot take its value (Q004), no longer a case.
    with pytest.raises(parcours.QueryError, match="2020-02-30") as bad_date:
        hpsm.members("gcs-hpsm", date="2020-02-30")
    assert bad_date.value.code == "Q004"
    err = pickle.loads(pickle.dumps(e.value))
    assert str(err) == str(e.value)


def shm_copy(tmp_path: Path, edit: Any) -> Path:
    data = json.loads((CASES / "sud-haut-marnais.json").read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "shm.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_run_tests_reports_a_changed_expectation_with_the_explanation(tmp_path: Path) -> None:
    net = parcours.Network.from_file(NETWORKS / "sud-haut-marnais.json")
    report = net.run_tests(CASES / "sud-haut-marnais.json")
    assert report.ok and bool(report) and report.failed == 0
    assert report.passed == len(report.results)

    def change(data: dict[str, Any]) -> None:
        data["cases"][0]["expect"]["target"] = "ch-chaumont"
        data["questions"][2]["expect"]["rows"][0]["role"] = "party"

    report = net.compile().run_tests(shm_copy(tmp_path, change))
    assert not report.ok
    assert report.failed == 2
    case, question = report.failures
    assert case["kind"] == "case"
    assert case["mismatches"] == [{"field": "target", "expected": "ch-chaumont", "actual": "chu-dijon"}]
    assert "shm-chirurgie-recours-ght" in case["explanation"]
    assert question["kind"] == "question"
    assert question["mismatches"][0]["field"] == "rows/0/role"
    text = str(report)
    assert "FAILED case `Langres surgery before the surgery GCS" in text
    assert text.endswith(f"{report.passed} passed, 2 failed")


def test_bad_test_files_raise_test_file_error(tmp_path: Path) -> None:
    net = parcours.Network.from_file(NETWORKS / "sud-haut-marnais.json")
    path = shm_copy(tmp_path, lambda d: d["cases"][1]["expect"].update(targt="x"))
    with pytest.raises(parcours.TestFileError) as e:
        net.run_tests(path)
    assert e.value.pointer == "/cases/1/expect/targt"
    assert "cannot read test file" in str(e.value)
    assert pickle.loads(pickle.dumps(e.value)).pointer == e.value.pointer
    with pytest.raises(FileNotFoundError):
        net.run_tests(tmp_path / "missing.json")


def test_a_test_file_reads_the_commune_reference_it_names(tmp_path: Path) -> None:
    """Relative to the file, as ``parcours test`` reads it; a missing file is an ``OSError``
    naming its path, not a silent run without the reference."""
    net = parcours.Network.from_file(NETWORKS / "sud-haut-marnais.json")
    report = net.run_tests(CASES / "sud-haut-marnais-residents.json")
    assert report.ok, str(report)
    data = json.loads((CASES / "sud-haut-marnais-residents.json").read_text(encoding="utf-8"))
    assert report.passed == len(data["cases"]) + len(data["questions"])
    path = tmp_path / "residents.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(FileNotFoundError) as e:
        net.run_tests(path)
    assert "communes.csv" in str(e.value)


def test_commune_gives_its_territories_and_first_line_sites() -> None:
    """The `commune` question (core `parcours::query`): a former code answers for its
    successor, with the GHT territory covering it and the first-line site routing enters by."""
    root = Path(__file__).resolve().parents[2] / "examples"
    net = parcours.Network.from_file(root / "networks" / "sud-haut-marnais.json")
    communes = parcours.Communes.from_files(root / "reference" / "communes.csv")
    engine = net.compile(communes=communes)
    frame = engine.commune("52020", date="2018-03-01", filiere="chirurgie")
    assert list(frame.columns) == ["fact", "commune", "name", "territory", "grouping", "filiere",
                                   "site", "basis", "state"]
    assert frame["fact"].tolist() == ["territory", "first_line"]
    assert set(frame["commune"]) == {"52273"}
    first = frame.iloc[1]
    entry = engine.route({"filiere": "chirurgie", "origin": {"commune": "52020"},
                          "date": "2018-03-01"}).to_dict()["entry"]
    assert (first["site"], first["basis"]) == (entry, "territory")
    with pytest.raises(parcours.QueryError, match="no commune reference"):
        net.compile().commune("52269", date="2018-03-01")
    with pytest.raises(parcours.QueryError, match="`52999` is not in the commune reference"):
        engine.commune("52999", date="2018-03-01")


def test_a_commune_reference_that_is_not_utf8_is_located(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2] / "examples"
    lines = (root / "reference" / "communes.csv").read_text(encoding="utf-8").splitlines()[:3]
    # A spreadsheet saved as Windows-1252: the third line's name gets a non-UTF-8 byte.
    path = tmp_path / "communes.csv"
    path.write_bytes(("\n".join(lines) + "\n").replace("Ablon", "Ablön").encode("cp1252"))
    with pytest.raises(parcours.NetworkError) as info:
        parcours.Communes.from_files(path)
    [e] = info.value.errors()
    assert (e["code"], e["line"], e["column"]) == ("L001", 3, 10)
    assert e["message"] == "byte 0xF6 is not UTF-8 text"
    assert info.value.file == str(path)
