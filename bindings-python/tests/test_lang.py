"""``lang="fr"``: explanations, invalid-case messages, rejection reasons, diagnostics, histories
and the words for codes (``parcours.labels``) in French, the core's texts (one catalogue for every
surface). The seed networks are routed and checked in
each language and the texts scanned for the other language's words, with the marker list the
Rust and JS tests share (``examples/lang/markers.json``)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import parcours
from parcours.types import TravelEntry

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
MARKERS: dict[str, Any] = json.loads((EXAMPLES / "lang" / "markers.json").read_text())
NETWORK_FILES = sorted(
    p
    for d in ("networks", "networks/broken", "networks/fixtures")
    for p in (EXAMPLES / d).glob("*.json")
)


def _strings(v: Any, out: list[str]) -> None:
    if isinstance(v, str) and len(v) > 1:
        out.append(v)
    elif isinstance(v, list):
        for x in v:
            _strings(x, out)
    elif isinstance(v, dict):
        for x in v.values():
            _strings(x, out)


def _cases_by_network() -> dict[Path, list[dict[str, Any]]]:
    out: dict[Path, list[dict[str, Any]]] = {}
    for f in sorted((EXAMPLES / "cases").glob("*.json")):
        tf = json.loads(f.read_text())
        if "network" in tf:
            net = (f.parent / tf["network"]).resolve()
            out.setdefault(net, []).extend(c["case"] for c in tf.get("cases", []))
    return out


def _values() -> list[str]:
    """Every string of the networks and case files: ids, names, values."""
    out: list[str] = []
    for p in [*NETWORK_FILES, *sorted((EXAMPLES / "cases").glob("*.json"))]:
        _strings(json.loads(p.read_text()), out)
    return sorted(set(out), key=len, reverse=True)


VALUES = _values()


def scrub(text: str) -> str:
    """The text without values in backticks, network and case values, domain terms, pointers."""
    text = " ".join(part for i, part in enumerate(text.split("`")) if i % 2 == 0)
    for v in [*VALUES, *MARKERS["terms"]]:
        text = text.replace(v, " ")
    return " ".join(w for w in text.split() if "/" not in w)


def found(text: str, markers: list[str]) -> list[str]:
    words = [w for w in re.split(r"[^\w'’]+", text.lower()) if w and not w.isdigit()]
    hits: list[str] = []
    for w in words:
        for m in markers:
            if (w.startswith(m) if m.endswith("'") else w == m) and m not in hits:
                hits.append(m)
    return hits


def invalid_variants(case: dict[str, Any]) -> list[dict[str, Any]]:
    """Cases invalid in the ways the engine names, from a valid one."""
    return [
        {**case, "filiere": "chirugie"},
        {**case, "level": "nope"},
        {**case, "flags": ["most-acute"]},
        {**case, "origin": "nowhere"},
        {**case, "max_distance_km": -1},
        {**case, "origin": {"commune": "52269"}},
        {**case, "origin": {"lat": 91.0, "lon": 0.0}},
    ]


def texts(lang: str) -> list[tuple[str, str]]:
    cases = _cases_by_network()
    out: list[tuple[str, str]] = []
    for path in NETWORK_FILES:
        network = parcours.Network.from_file(str(path))
        report = network.check(lang=lang)
        out.append((f"{path.name}: check", str(report)))
        for d in report.to_dicts():
            out.append((f"{path.name}: {d['code']}", f"{d['message']}\n{d['help']}"))
        for e in network.history(lang=lang):
            out.append((f"{path.name}: history {e['change']} {e['id']}", e["description"]))
        engine = network.compile()
        seed = cases.get(path.resolve(), [])
        extra = invalid_variants(seed[0]) if seed else []
        for case in [*seed, *extra]:
            explained = engine.route(case, explain=True, lang=lang)
            out.append((f"{path.name}: {case}", str(explained)))
            plain = engine.route(case, lang=lang)
            out.append((f"{path.name}: {case}", f"{plain}\n{plain.message or ''}\n{plain.help or ''}"))
    labels = parcours.labels(lang)
    for group, words in (("step", labels["step"]), ("reason", labels["reason"]),
                         ("rejection", labels["rejection"]), ("site_kind", labels["site_kind"]),
                         ("role", labels["role"])):
        out.extend((f"labels {group}.{code}", text) for code, text in words.items())
    return out


def load_error_texts(lang: str) -> list[tuple[str, str]]:
    """The error of every vector of ``test-data/load-errors.json`` loaded with ``lang``: the
    message and each problem's message and hint (their values in backticks are taken out)."""
    from test_load_errors import SHARED, shared_text

    out: list[tuple[str, str]] = []
    for vector in SHARED["vectors"]:
        with pytest.raises(parcours.NetworkError) as info:
            parcours.Network.from_json(shared_text(vector), lang=lang)
        out.append((f"load error {vector['name']}", str(info.value)))
        for e in info.value.errors():
            out.append((f"load error {vector['name']}: {e['code']}", f"{e['message']}\n{e['help'] or ''}"))
    return out


def bad_travel(network: parcours.Network) -> list[TravelEntry]:
    """A travel matrix with each of the entries compiling refuses: an unknown origin, an
    unknown site, a negative distance."""
    site = network.to_dict()["sites"][0]["id"]
    return [
        {"from": "nowhere", "to": site, "km": 1.0},
        {"from": site, "to": "nowhere", "km": 1.0},
        {"from": site, "to": site, "km": -1.0},
    ]


def compile_error_texts(lang: str) -> list[tuple[str, str]]:
    """The error of compiling each seed network with :func:`bad_travel` in ``lang``: the
    message and each problem's message and hint."""
    out: list[tuple[str, str]] = []
    for path in NETWORK_FILES:
        network = parcours.Network.from_file(str(path))
        if not network.to_dict().get("sites"):
            continue
        with pytest.raises(parcours.NetworkError) as info:
            network.compile(bad_travel(network), lang=lang)
        out.append((f"{path.name}: compile", str(info.value)))
        errors = info.value.errors()
        assert len(errors) == 3, errors
        for e in errors:
            out.append((f"{path.name}: compile {e['pointer']}", f"{e['message']}\n{e['help'] or ''}"))
    return out


@pytest.mark.parametrize(("lang", "other"), [("fr", "en"), ("en", "fr")])
def test_no_word_of_the_other_language_remains(lang: str, other: str) -> None:
    all_texts = texts(lang) + load_error_texts(lang) + compile_error_texts(lang)
    assert sum(": compile " in what for what, _ in all_texts) >= 3
    assert len(all_texts) > 100
    assert sum(": history " in what for what, _ in all_texts) > 50
    bad = [
        f"{what}: {hits} in {text}"
        for what, text in all_texts
        if (hits := found(scrub(text), MARKERS[other]))
    ]
    assert not bad, "\n".join(bad[:5])


def test_the_scan_finds_the_other_language() -> None:
    assert found(scrub("→ no route: rules apply, but none of their targets qualifies"), MARKERS["en"])
    assert found(scrub("la règle `x` ne s'applique pas : pas en vigueur"), MARKERS["fr"])


def test_french_route_and_check_in_words_planners_use() -> None:
    network = parcours.Network.from_file(str(EXAMPLES / "networks" / "sud-haut-marnais.json"))
    engine = network.compile()
    case = {"filiere": "chirurgie", "level": "reference", "origin": "ch-langres", "date": "2017-09-15"}
    text = str(engine.route(case, explain=True, lang="fr"))
    assert "par recours" in text
    assert "cas : filière Chirurgie, niveau référence, au 2017-09-15" in text
    bad = engine.route({**case, "flags": ["most-acute"]}, lang="fr")
    assert bad.outcome == "invalid"
    assert bad.help == "vouliez-vous dire `most_acute` ?"
    assert str(bad).startswith("cas invalide : indicateur clinique inconnu `most-acute`")
    # The default stays English.
    assert engine.route({**case, "flags": ["most-acute"]}).help == "did you mean `most_acute`?"
    broken = parcours.Network.from_file(str(EXAMPLES / "networks" / "broken" / "hpsm.json"))
    fr = broken.check(lang="fr")
    assert any(d["message"].startswith("le GHT") for d in fr.to_dicts())
    assert "erreur[P022]" in str(fr)
    assert "error[P022]" in str(broken.check())


def test_batch_explanations_in_french() -> None:
    pa = pytest.importorskip("pyarrow")
    network = parcours.Network.from_file(str(EXAMPLES / "networks" / "sud-haut-marnais.json"))
    engine = network.compile()
    table = pa.table(
        {
            "filiere": ["chirurgie", "chirurgie"],
            "origin": ["ch-langres", "ch-langres"],
            "date": ["2017-09-15", "2017-10-02"],
            "level": ["reference", "reference"],
        }
    )
    out = engine.route_batch(table, explain=True, lang="fr")
    texts = [str(t) for t in out.column("explanation").to_pylist()]
    assert all("cas : filière" in t for t in texts), texts
    assert not any(found(scrub(t), MARKERS["en"]) for t in texts)


def test_history_and_labels_in_french() -> None:
    network = parcours.Network.from_file(str(EXAMPLES / "networks" / "sud-haut-marnais.json"))
    fr = network.history(until="2017-12-31", lang="fr")
    en = network.history(until="2017-12-31")
    assert [(e["date"], e["id"], e["change"]) for e in fr] == [
        (e["date"], e["id"], e["change"]) for e in en
    ]
    assert any(" rejoint " in e["description"] for e in fr), fr
    assert any(" joins " in e["description"] for e in en), en
    labels = parcours.labels("fr")
    assert labels["step"]["recourse"] == "recours"
    assert labels["site_kind"]["hospital"] == "Centre hospitalier"
    assert parcours.labels()["rejection"]["too_far"] == "too far"
    # The plots label site kinds with the catalogue's words.
    from parcours.plot import SITE_KINDS

    assert {k: v[2] for k, v in SITE_KINDS.items()} == labels["site_kind"]



def test_compile_errors_in_french() -> None:
    network = parcours.Network.from_file(str(EXAMPLES / "networks" / "sud-haut-marnais.json"))
    travel: list[TravelEntry] = [{"from": "nowhere", "to": "ch-langres", "km": 1.0}]
    with pytest.raises(parcours.NetworkError) as info:
        network.compile(travel, lang="fr")
    assert "origine inconnue `nowhere` dans la matrice de trajets" in str(info.value)
    with pytest.raises(parcours.NetworkError) as info:
        parcours.Engine(network, travel, lang="fr")
    assert info.value.errors()[0]["message"] == "origine inconnue `nowhere` dans la matrice de trajets"
    # The default stays English.
    with pytest.raises(parcours.NetworkError, match="unknown origin `nowhere` in the travel matrix"):
        network.compile(travel)
    with pytest.raises(ValueError, match="unknown language `de`"):
        network.compile(lang="de")


def register_texts(lang: str) -> list[tuple[str, str]]:
    """The warnings of reading the FINESS examples and an extract with a bad line of each
    kind, and the error of a file that is not an extract, in ``lang``."""
    from parcours import registers

    finess = EXAMPLES / "registers" / "finess"
    lines = (finess / "extract-2026-geolocalisation.csv").read_text().splitlines()
    lines[2] = lines[2][:60]
    lines += [
        'structureet;"010780054;x',
        "geolocalisation;010000024;1;2;unknown system;2026-05-04",
        "bogus;line",
    ]
    imports = {
        "hostile extract": registers.read_finess("\n".join(lines) + "\n", format="extract", lang=lang),
        "example flux": registers.read_finess(
            finess / "structures-excerpt-20260309.json",
            activities=finess / "activites-excerpt-20260401.json",
            lang=lang,
        ),
        "extract 2016": registers.read_finess(finess / "extract-2016-ain.csv", lang=lang),
    }
    out = [
        (f"{name}: {w['code']}", f"{w['message']}\n{w['help'] or ''}")
        for name, imp in imports.items()
        for w in imp.warnings
    ]
    with pytest.raises(parcours.NetworkError) as info:
        registers.read_finess("a;b;c\n", format="extract", lang=lang)
    out.append(("not an extract", str(info.value)))
    return out


@pytest.mark.parametrize(("lang", "other"), [("fr", "en"), ("en", "fr")])
def test_register_warnings_hold_no_word_of_the_other_language(lang: str, other: str) -> None:
    texts = register_texts(lang)
    codes = {what.split(": ")[1] for what, _ in texts if ": R" in what}
    assert {"R015", "R016"} <= codes, codes
    finess = EXAMPLES / "registers" / "finess"
    values: list[str] = []
    for f in ("structures-excerpt-20260309.json", "activites-excerpt-20260401.json"):
        _strings(json.loads((finess / f).read_text()), values)
    for f in ("extract-2016-ain.csv", "extract-2026-geolocalisation.csv"):
        values += [v.strip('"') for v in re.split(r"[;\n]", (finess / f).read_text()) if len(v) > 1]
    values.sort(key=len, reverse=True)
    bad = []
    for what, text in texts:
        for v in values:
            text = text.replace(v, " ")
        if hits := found(scrub(text), MARKERS[other]):
            bad.append(f"{what}: {hits} in {text}")
    assert not bad, "\n".join(bad[:5])


def test_register_warnings_in_french() -> None:
    from parcours import registers

    imp = registers.read_finess("finess;etalab;1;2026-01-01\nbogus;line\nstructureet;1\n",
                                format="extract", lang="fr")
    assert [w["message"] for w in imp.warnings][:1] == [
        "type de ligne inconnu `bogus` ; seules `structureet` et `geolocalisation` sont lues"
    ]
    assert imp.warnings[0]["pointer"] == "ligne 2"
    en = registers.read_finess("finess;etalab;1;2026-01-01\nbogus;line\nstructureet;1\n", format="extract")
    assert en.warnings[0]["pointer"] == "line 2"
    with pytest.raises(ValueError, match="unknown language `de`"):
        registers.read_finess("a;b\n", format="extract", lang="de")


HOSTILE_FHIR = ROOT / "core" / "tests" / "data" / "fhir-hostile.json"


def _without(text: str, values: list[str]) -> str:
    for v in sorted(values, key=len, reverse=True):
        text = text.replace(v, " ")
    return text


def fhir_texts(lang: str) -> list[tuple[str, str]]:
    """The load error of the hostile FHIR bundle (the core tests' file: the ``mini`` network's
    export broken in about forty ways), given as text and as a dict, in ``lang``."""
    text = HOSTILE_FHIR.read_text()
    out: list[tuple[str, str]] = []
    for name, bundle in (("text", text), ("dict", json.loads(text))):
        with pytest.raises(parcours.NetworkError) as info:
            parcours.Network.from_fhir(bundle, lang=lang)
        errors = info.value.errors()
        assert len(errors) >= 40, str(info.value)
        out.append((f"bundle as {name}", str(info.value)))
        out += [(f"{name} {e['pointer']}", f"{e['message']}\n{e['help'] or ''}") for e in errors]
    return out


def merge_texts(lang: str) -> list[tuple[str, str]]:
    """The conflicts of merging the example FINESS fragment into the Sud Haut-Marnais seed edited
    to contradict it (facts of a legal entity and of a site matched by FINESS number, ids taken,
    a grouping of another kind, a filière with other levels, a capability at another level)."""
    from parcours import registers

    finess = EXAMPLES / "registers" / "finess"
    frag = registers.read_finess(
        finess / "structures-excerpt-20260309.json",
        activities=finess / "activites-excerpt-20260401.json",
    ).network
    seed = parcours.Network.from_file(str(EXAMPLES / "networks" / "sud-haut-marnais.json"))
    base = registers.merge(seed, frag).network.to_dict()

    def one(kind: str, id: str) -> dict[str, Any]:
        return next(x for x in base[kind] if x["id"] == id)

    one("legal_entities", "ej-010000156").update(legal_status="public", siren="123456789")
    del one("legal_entities", "ej-010000164")["finess_ej"]
    site = one("sites", "et-010780195")
    site.update(category="355", legal_entity="ej-010000016")
    one("locations", site["location"])["insee"] = "52269"
    del one("sites", "et-010780310")["finess_et"]
    one("groupings", "gcc-2")["kind"] = "gcs_moyens"
    one("filieres", "cancer")["levels"] = one("filieres", "cancer")["levels"][:2]
    cap = next(c for c in base["capabilities"] if c["site"] == "et-010780195" and c["filiere"] == "cancer")
    cap["level"] = "proximite"
    m = registers.merge(parcours.Network.from_dict(base), frag, lang=lang)
    kinds = {(c["kind"], c.get("field")) for c in m.conflicts}
    assert {("different_fact", f) for f in ("legal_status", "siren", "category", "commune", "legal_entity")} <= kinds
    assert {("id_clash", None), ("id_clash", "kind"), ("filiere_levels", "levels"), ("capability", "level")} <= kinds
    return [(f"{c['kind']} {c.get('field')}", c["message"]) for c in m.conflicts]


@pytest.mark.parametrize(("lang", "other"), [("fr", "en"), ("en", "fr")])
def test_fhir_import_and_merge_texts_hold_no_word_of_the_other_language(lang: str, other: str) -> None:
    values: list[str] = []
    _strings(json.loads(HOSTILE_FHIR.read_text()), values)
    finess = EXAMPLES / "registers" / "finess"
    for f in ("structures-excerpt-20260309.json", "activites-excerpt-20260401.json"):
        _strings(json.loads((finess / f).read_text()), values)
    bad = [
        f"{what}: {hits} in {text}"
        for what, text in [*fhir_texts(lang), *merge_texts(lang)]
        if (hits := found(scrub(_without(text, values)), MARKERS[other]))
    ]
    assert not bad, "\n".join(bad[:5])


def test_fhir_import_and_merge_in_french() -> None:
    from parcours import registers

    with pytest.raises(parcours.NetworkError) as info:
        parcours.Network.from_fhir('{"resourceType": "Patient"}', lang="fr")
    assert info.value.errors()[0]["message"] == "il faut un `Bundle` FHIR, pas un `Patient`"
    assert str(info.value).startswith("impossible de charger le réseau `<fhir>` : [L002]")
    with pytest.raises(parcours.NetworkError, match="expected a FHIR `Bundle`, found a `Patient`"):
        parcours.Network.from_fhir({"resourceType": "Patient"})
    conflicts = merge_texts("fr")
    assert "entité juridique `ej-010000156` (FINESS EJ 010000156) : le réseau dit `public`, " \
        "le registre `private_for_profit`" in [t for _, t in conflicts]
    # The default stays English, and the structured fields are the same in both languages.
    en = merge_texts("en")
    assert [w for w, _ in en] == [w for w, _ in conflicts]
    assert en[0][1].startswith("legal entity `ej-010000156` (FINESS EJ 010000156): the network says")
    with pytest.raises(ValueError, match="unknown language `de`"):
        registers.merge(parcours.Network.from_json('{"id": "n", "name": "N"}'),
                        parcours.Network.from_json('{"id": "f", "name": "F"}'), lang="de")


def test_load_errors_in_french() -> None:
    with pytest.raises(parcours.NetworkError) as info:
        parcours.Network.from_json('{"id": "n",\n "name": }', lang="fr")
    assert str(info.value).startswith("impossible de charger le réseau `<json>` : [L001] valeur attendue")
    assert (info.value.errors()[0]["help"] or "").startswith("le fichier n'est pas du JSON bien formé")
    # The default stays English.
    with pytest.raises(parcours.NetworkError, match=r"\[L001\] expected value"):
        parcours.Network.from_json('{"id": "n",\n "name": }')
    with pytest.raises(parcours.NetworkError, match="demi-code isolé U\\+D800"):
        parcours.Network.from_json('{"id": "\ud800"}', lang="fr")
    with pytest.raises(parcours.NetworkError, match="ligne 2, colonne `code`"):
        parcours.Communes.from_csv(
            "code,name,departement,population,population_year,lat,lon,point,successor\nxx,Nowhere,,,,,,,\n",
            lang="fr",
        )



@pytest.mark.parametrize(
    "call", ["route", "check", "batch", "network_check", "history", "labels", "load", "fhir", "merge"]
)
def test_an_unknown_language_names_the_value_and_the_accepted_ones(call: str) -> None:
    network = parcours.Network.from_file(str(EXAMPLES / "networks" / "sud-haut-marnais.json"))
    engine = network.compile()
    case = {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-09-15"}
    with pytest.raises(ValueError, match=r"unknown language `de`: expected `en` or `fr`"):
        if call == "route":
            engine.route(case, lang="de")
        elif call == "check":
            engine.check(lang="de")
        elif call == "network_check":
            network.check(lang="de")
        elif call == "history":
            network.history(lang="de")
        elif call == "labels":
            parcours.labels("de")
        elif call == "load":
            parcours.Network.from_json("{}", lang="de")
        elif call == "fhir":
            parcours.Network.from_fhir(network.to_fhir(), lang="de")
        elif call == "merge":
            from parcours import registers

            registers.merge(network, network, lang="de")
        else:
            pa = pytest.importorskip("pyarrow")
            engine.route_batch(pa.table({k: [v] for k, v in case.items()}), lang="de")


# Frames whose columns do not fit route_batch (first) or coverage (second), one per frame error.
BAD_BATCH_FRAMES: list[dict[str, list[Any]]] = [
    {"origin": ["ch-langres"], "date": ["2017-10-02"]},
    {"filiere": ["chirurgie"], "date": ["2017-10-02"]},
    {"filiere": ["chirurgie"], "origin": ["ch-langres"]},
    {"filiere": ["chirurgie"], "origin": ["ch-langres"], "commune": ["52269"], "date": ["2017-10-02"]},
    {"filiere": [3], "origin": ["ch-langres"], "date": ["2017-10-02"]},
    {"filiere": ["chirurgie"], "origin": ["ch-langres"], "date": [3.5]},
    {"filiere": ["chirurgie"], "origin": ["ch-langres"], "date": ["2017-10-02"], "age": ["old"]},
    {"filiere": ["chirurgie"], "origin": ["ch-langres"], "date": ["2017-10-02"],
     "time_critical": ["yes"]},
    {"filiere": ["chirurgie"], "origin": ["ch-langres"], "date": ["2017-10-02"], "flags": [[1]]},
]
BAD_COVERAGE_FRAMES: list[dict[str, list[Any]]] = [
    {"origin": ["ch-langres"]},
    {"id": [1]},
    {"id": [1], "origin": ["ch-langres"], "commune": ["52269"]},
    {"id": [1], "origin": ["ch-langres"], "name": [1.5]},
]


def frame_error_texts(lang: str) -> list[tuple[str, parcours.CaseError]]:
    pa = pytest.importorskip("pyarrow")
    engine = parcours.Network.from_file(str(EXAMPLES / "networks" / "sud-haut-marnais.json")).compile()
    out: list[tuple[str, parcours.CaseError]] = []
    for i, columns in enumerate(BAD_BATCH_FRAMES):
        with pytest.raises(parcours.CaseError) as err:
            engine.route_batch(pa.table(columns), lang=lang)
        out.append((f"route_batch {i}", err.value))
    for i, columns in enumerate(BAD_COVERAGE_FRAMES):
        with pytest.raises(parcours.CaseError) as err:
            engine.coverage(pa.table(columns), filiere="chirurgie", date="2017-10-02", lang=lang)
        out.append((f"coverage {i}", err.value))
    # A pandas column pyarrow cannot read.
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"filiere": ["chirurgie", 3], "origin": "ch-langres", "date": "2017-10-02"})
    with pytest.raises(parcours.CaseError) as err:
        engine.route_batch(frame, lang=lang)
    out.append(("route_batch mixed object column", err.value))
    return out


@pytest.mark.parametrize(("lang", "other"), [("fr", "en"), ("en", "fr")])
def test_frame_column_errors_hold_no_word_of_the_other_language(lang: str, other: str) -> None:
    errors = frame_error_texts(lang)
    assert len(errors) == len(BAD_BATCH_FRAMES) + len(BAD_COVERAGE_FRAMES) + 1
    # pyarrow's own text (why it cannot convert a column) stays as pyarrow gives it.
    def ours(what: str, e: parcours.CaseError) -> str:
        return str(e).split(" : ")[0].split(": ")[0] if "mixed" in what else str(e)

    bad = [
        f"{what}: {hits} in {e}"
        for what, e in errors
        if (hits := found(scrub(ours(what, e)), MARKERS[other]))
    ]
    assert not bad, "\n".join(bad[:5])
    assert all(e.code in ("C001", "C002", "C003") for _, e in errors)


def test_frame_column_errors_in_french() -> None:
    by_what = dict(frame_error_texts("fr"))
    assert str(by_what["route_batch 0"]) == "colonne `filiere` manquante"
    missing_date = by_what["route_batch 2"]
    assert str(missing_date) == "colonne `date` manquante (ou passez date=...)"
    assert missing_date.code == "C002"
    assert str(by_what["route_batch 4"]) == "la colonne `filiere` doit contenir du texte, pas int64"
    two = by_what["route_batch 3"]
    assert two.code == "C003" and "donnent toutes deux l'origine" in str(two)
    assert "ne se lit pas" in str(by_what["route_batch mixed object column"])
    assert str(by_what["coverage 0"]) == "colonne `id` manquante"


def test_unreadable_rows_say_why_in_the_language_asked() -> None:
    pd = pytest.importorskip("pandas")
    engine = parcours.Network.from_file(str(EXAMPLES / "networks" / "sud-haut-marnais.json")).compile()
    frame = pd.DataFrame({
        "filiere": ["chirurgie", None, "chirurgie", "chirurgie"],
        "origin": ["ch-langres", "ch-langres", None, "ch-langres"],
        "date": ["2017-10-02", "2017-10-02", "2017-10-02", None],
    })
    fr = engine.route_batch(frame, lang="fr")
    en = engine.route_batch(frame, lang="en")
    assert list(fr["outcome"]) == ["routed", "invalid", "invalid", "invalid"]
    assert list(fr["error"])[1:] == [
        "`filiere` manquante",
        "`origin` manquant (ou `lat` et `lon`)",
        "`date` manquante (donnez une colonne de dates, ou une date pour toutes les lignes)",
    ]
    assert list(en["error"])[1] == "missing `filiere`"
    for text in list(fr["error"])[1:]:
        assert not found(scrub(text), MARKERS["en"]), text
