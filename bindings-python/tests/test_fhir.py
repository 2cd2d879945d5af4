"""FHIR R4 export and import (``Network.to_fhir`` / ``Network.from_fhir``).

Every seed network's export is validated twice:

* against the FHIR R4 (4.0.1) structures, with the ``fhir.resources`` 6.4.0 models (pydantic
  models generated from the R4 specification, unknown elements forbidden);
* against the constraints of the FR Core profiles it claims in ``meta.profile``, read from the
  profiles' StructureDefinitions copied in ``fixtures/fr-core/`` (``hl7.fhir.fr.core``
  2.2.0-ballot-2, CC0; see the README there): cardinalities of the resource's elements, the
  identifier slices (FINESS, SIREN) with their fixed systems and type codes, the types of the
  extensions' values, required bindings, reference target profiles, and that every code written
  in an FR Core code system exists in it.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_FILES

import fhir.resources  # type: ignore[import-untyped]
from fhir.resources import construct_fhir_element
from parcours import Network, NetworkError

FR_CORE = Path(__file__).parent / "fixtures" / "fr-core"
PARCOURS = "https://example.invalid/parcours/fhir"

Json = dict[str, Any]


def load_fixture(name: str) -> Json:
    data: Json = json.loads((FR_CORE / f"{name}.json").read_text(encoding="utf-8"))
    return data


PROFILES: dict[str, Json] = {}
for path in sorted(FR_CORE.glob("StructureDefinition-*.json")):
    sd = load_fixture(path.stem)
    PROFILES[sd["url"]] = sd
CODE_SYSTEMS: dict[str, dict[str, str | None]] = {}
for path in sorted(FR_CORE.glob("CodeSystem-*.json")):
    cs = load_fixture(path.stem)
    CODE_SYSTEMS[cs["url"]] = {c["code"]: c.get("display") for c in cs["concept"]}
VALUE_SETS: dict[str, set[tuple[str, str]]] = {}
for path in sorted(FR_CORE.glob("ValueSet-*.json")):
    vs = load_fixture(path.stem)
    VALUE_SETS[vs["url"]] = {
        (inc["system"], c["code"]) for inc in vs["compose"]["include"] for c in inc["concept"]
    }


def strip_version(url: str) -> str:
    return url.split("|")[0]


def seeds() -> list[Path]:
    assert len(SEED_FILES) >= 5
    return SEED_FILES


def bundle_of(path: Path) -> Json:
    result: Json = Network.from_file(path).to_fhir()
    return result


def resources(bundle: Json) -> list[Json]:
    return [e["resource"] for e in bundle["entry"]]


# ---- FHIR R4 structures -------------------------------------------------------------------


def test_the_model_library_is_fhir_r4() -> None:
    assert fhir.resources.__fhir_version__ == "4.0.1"


@pytest.mark.parametrize("path", seeds(), ids=lambda p: p.stem)
def test_export_validates_against_fhir_r4(path: Path) -> None:
    bundle = bundle_of(path)
    parsed = construct_fhir_element("Bundle", copy.deepcopy(bundle))
    assert parsed.type == "collection"
    # Each resource on its own too, by its own model (the Bundle model checks them as well).
    kinds = set()
    for r in resources(bundle):
        construct_fhir_element(r["resourceType"], copy.deepcopy(r))
        kinds.add(r["resourceType"])
    assert {"Organization", "Location", "OrganizationAffiliation"} <= kinds


def test_the_r4_validation_rejects_what_r4_does_not_have() -> None:
    """The validator is strict: an element R4 lacks, or a wrong type, fails."""
    bundle = bundle_of(seeds()[0])
    bad = copy.deepcopy(bundle)
    bad["entry"][1]["resource"]["colour"] = "blue"
    with pytest.raises(Exception, match="colour"):
        construct_fhir_element("Bundle", bad)
    bad = copy.deepcopy(bundle)
    for r in resources(bad):
        if r["resourceType"] == "Location":
            r["position"]["latitude"] = "north"
            break
    with pytest.raises(Exception, match="latitude"):
        construct_fhir_element("Bundle", bad)


# ---- FR Core profiles ----------------------------------------------------------------------


def matches_pattern(value: Any, pattern: Any) -> bool:
    """FHIR pattern matching: every element of the pattern is in the value."""
    if isinstance(pattern, dict):
        return isinstance(value, dict) and all(
            matches_pattern(value.get(k), v) for k, v in pattern.items()
        )
    if isinstance(pattern, list):
        return isinstance(value, list) and all(
            any(matches_pattern(v, p) for v in value) for p in pattern
        )
    return bool(value == pattern)


def pattern_of(element: Json) -> Any:
    for key, value in element.items():
        if key.startswith(("pattern", "fixed")):
            return value
    return None


def elements(sd: Json) -> list[Json]:
    result: list[Json] = sd["snapshot"]["element"]
    return result


def top_level_cardinalities(resource: Json, sd: Json) -> list[str]:
    """Elements directly under the resource: min and max of the profile's snapshot."""
    problems = []
    root = sd["type"]
    for el in elements(sd):
        path = el["path"]
        if el["id"] != path or path.count(".") != 1:
            continue  # slices and nested elements are checked elsewhere
        name = path.split(".", 1)[1].replace("[x]", "")
        value = resource.get(name)
        count = 0 if value is None else len(value) if isinstance(value, list) else 1
        if count < el.get("min", 0):
            problems.append(f"{root}.{name}: {count} < min {el['min']}")
        if el.get("max", "*") != "*" and count > int(el["max"]):
            problems.append(f"{root}.{name}: {count} > max {el['max']}")
    return problems


def identifier_slices(resource: Json, sd: Json) -> list[str]:
    """The identifier slices of the profile: which identifiers match them, and whether those
    carry what the slice requires (system, type patterns; required children)."""
    problems = []
    root = sd["type"]
    slices: dict[str, list[Json]] = {}
    for el in elements(sd):
        prefix = f"{root}.identifier:"
        if el["id"].startswith(prefix):
            name = el["id"][len(prefix) :].split(".")[0]
            slices.setdefault(name, []).append(el)
    for name, els in slices.items():
        system = next(
            (pattern_of(e) for e in els if e["id"].endswith(f":{name}.system") and pattern_of(e)),
            None,
        )
        if system is None:
            continue
        members = [i for i in resource.get("identifier", []) if i.get("system") == system]
        head = next(e for e in els if e["id"] == f"{root}.identifier:{name}")
        if head.get("max", "*") != "*" and len(members) > int(head["max"]):
            problems.append(f"identifier:{name} appears {len(members)} times")
        for ident in members:
            for e in els:
                sub = e["id"][len(f"{root}.identifier:{name}") :]
                if not sub.startswith("."):
                    continue
                keys = sub[1:].split(".")
                value: Any = ident
                for k in keys:
                    if isinstance(value, list):
                        value = value[0] if value else None
                    value = value.get(k) if isinstance(value, dict) else None
                if e.get("min", 0) >= 1 and value is None and len(keys) == 1:
                    problems.append(f"identifier:{name} lacks {sub[1:]}")
                pattern = pattern_of(e)
                if pattern is not None and value is not None and not matches_pattern(value, pattern):
                    problems.append(f"identifier:{name}{sub} = {value!r}, profile wants {pattern!r}")
    return problems


def extension_types(resource: Json, sd: Json) -> list[str]:
    """Extensions the profile slices in: the value type their own definition allows."""
    problems = []
    declared = {}
    for el in elements(sd):
        if el["path"].endswith(".extension") and el.get("sliceName"):
            for t in el.get("type", []):
                for p in t.get("profile", []):
                    declared[strip_version(p)] = el["sliceName"]
    for ext in resource.get("extension", []):
        ext_sd = PROFILES.get(ext["url"])
        if ext["url"] in declared and ext_sd is not None:
            value_keys = [k for k in ext if k.startswith("value")]
            allowed = [
                "value" + t["code"][0].upper() + t["code"][1:]
                for el in elements(ext_sd)
                if el["path"] == "Extension.value[x]"
                for t in el.get("type", [])
            ]
            if allowed and not any(k in allowed for k in value_keys):
                problems.append(f"extension {ext['url']}: {value_keys} not in {allowed}")
            for el in elements(ext_sd):
                binding = el.get("binding", {})
                if el["path"] == "Extension.value[x]" and binding.get("strength") == "required":
                    allowed_codes = VALUE_SETS.get(strip_version(binding["valueSet"]))
                    if allowed_codes is None:
                        continue
                    for key in value_keys:
                        value = ext[key]
                        codings = value.get("coding", [value])
                        for c in codings:
                            if (c.get("system"), c.get("code")) not in allowed_codes:
                                problems.append(f"extension {ext['url']}: {c} not in the value set")
    return problems


def reference_targets(resource: Json, sd: Json, by_ref: dict[str, Json]) -> list[str]:
    """References must resolve in the bundle to a resource claiming an allowed profile."""
    problems = []
    root = sd["type"]
    for el in elements(sd):
        if el["id"] != el["path"] or el["path"].count(".") != 1:
            continue
        targets = [
            strip_version(p)
            for t in el.get("type", [])
            if t.get("code") == "Reference"
            for p in t.get("targetProfile", [])
        ]
        if not targets:
            continue
        name = el["path"].split(".", 1)[1]
        value = resource.get(name)
        refs = value if isinstance(value, list) else [value] if value else []
        for ref in refs:
            target = by_ref.get(ref["reference"])
            if target is None:
                problems.append(f"{root}.{name}: {ref['reference']} not in the bundle")
                continue
            claimed = {strip_version(p) for p in target.get("meta", {}).get("profile", [])}
            # The base resource's definition admits any resource of that type.
            claimed.add(f"http://hl7.org/fhir/StructureDefinition/{target['resourceType']}")
            # A profile derived from an allowed one is allowed too.
            claimed |= {
                strip_version(PROFILES[p]["baseDefinition"]) for p in claimed if p in PROFILES
            }
            if not claimed & set(targets):
                problems.append(f"{root}.{name}: {ref['reference']} claims {claimed}, wants {targets}")
    return problems


def fr_core_codes(resource: Any, where: str = "") -> list[str]:
    """Every coding in an FR Core code system names a code of that system, with its display."""
    problems = []
    if isinstance(resource, dict):
        system, code = resource.get("system"), resource.get("code")
        if isinstance(code, str) and system in CODE_SYSTEMS:
            if code not in CODE_SYSTEMS[system]:
                problems.append(f"{where}: `{code}` is not a code of {system}")
            elif "display" in resource and resource["display"] != CODE_SYSTEMS[system][code]:
                problems.append(
                    f"{where}: display {resource['display']!r} of `{code}`, "
                    f"the code system says {CODE_SYSTEMS[system][code]!r}"
                )
        for k, v in resource.items():
            problems += fr_core_codes(v, f"{where}/{k}")
    elif isinstance(resource, list):
        for i, v in enumerate(resource):
            problems += fr_core_codes(v, f"{where}/{i}")
    return problems


def profile_problems(bundle: Json) -> list[str]:
    by_ref = {f"{r['resourceType']}/{r['id']}": r for r in resources(bundle)}
    problems = fr_core_codes(bundle)
    for r in resources(bundle):
        for url in r.get("meta", {}).get("profile", []):
            sd = PROFILES.get(strip_version(url))
            assert sd is not None, f"{r['resourceType']}/{r['id']} claims {url}, not in fixtures"
            assert sd["type"] == r["resourceType"]
            # The profile and the profiles it derives from (etablissement -> organization).
            chain = [sd]
            while strip_version(chain[-1]["baseDefinition"]) in PROFILES:
                chain.append(PROFILES[strip_version(chain[-1]["baseDefinition"])])
            for profile in chain:
                where = f"{r['resourceType']}/{r['id']} ({profile['id']})"
                for p in (
                    top_level_cardinalities(r, profile)
                    + identifier_slices(r, profile)
                    + extension_types(r, profile)
                    + reference_targets(r, profile, by_ref)
                ):
                    problems.append(f"{where}: {p}")
    return problems


@pytest.mark.parametrize("path", seeds(), ids=lambda p: p.stem)
def test_export_meets_the_fr_core_profiles(path: Path) -> None:
    bundle = bundle_of(path)
    assert profile_problems(bundle) == []


def test_every_profiled_resource_claims_a_profile_we_checked() -> None:
    bundle = bundle_of(NETWORKS_SHM)
    claimed = {
        (r["resourceType"], strip_version(p))
        for r in resources(bundle)
        for p in r.get("meta", {}).get("profile", [])
    }
    assert ("Organization", "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-organization-etablissement") in claimed
    assert ("Organization", "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-organization") in claimed
    assert ("Location", "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-location") in claimed
    assert (
        "HealthcareService",
        "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-healthcare-service",
    ) in claimed


NETWORKS_SHM = next(p for p in SEED_FILES if p.stem == "sud-haut-marnais")


def first(bundle: Json, kind: str, pred: Any = lambda r: True) -> Json:
    return next(r for r in resources(bundle) if r["resourceType"] == kind and pred(r))


def test_the_profile_checks_catch_broken_exports() -> None:
    """Each check fails when the export breaks what it checks."""
    good = bundle_of(NETWORKS_SHM)
    assert profile_problems(good) == []
    finess = "https://finess.esante.gouv.fr"

    bad = copy.deepcopy(good)
    org = first(bad, "Organization", lambda r: any(i["system"] == finess for i in r["identifier"]))
    ident = next(i for i in org["identifier"] if i["system"] == finess)
    ident["type"]["coding"][0]["system"] = "http://terminology.hl7.org/CodeSystem/v2-0203"
    assert any("identifier:finess" in p for p in profile_problems(bad))

    bad = copy.deepcopy(good)
    first(bad, "HealthcareService")["category"].append({"text": "another"})
    assert any("category" in p and "max 1" in p for p in profile_problems(bad))

    bad = copy.deepcopy(good)
    first(bad, "Organization", lambda r: "partOf" in r)["partOf"]["reference"] = "Location/loc-1"
    assert any("partOf" in p for p in profile_problems(bad))

    bad = copy.deepcopy(good)
    site = first(
        bad, "Organization", lambda r: any("sae-category" in e["url"] for e in r.get("extension", []))
    )
    sae = next(e for e in site["extension"] if "sae-category" in e["url"])
    sae["valueCodeableConcept"]["coding"][0]["code"] = "999"
    assert any("not in the value set" in p for p in profile_problems(bad))

    bad = copy.deepcopy(good)
    first(bad, "Organization")["type"][0]["coding"][0]["code"] = "HOSPITAL"
    assert any("is not a code of" in p for p in profile_problems(bad))

    bad = copy.deepcopy(good)
    first(bad, "Organization")["type"][0]["coding"][0]["display"] = "Entité juridique"
    assert any("the code system says" in p for p in profile_problems(bad))


def test_fr_core_codes_used_by_the_export() -> None:
    bundle = bundle_of(NETWORKS_SHM)
    ght = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-3307"
    org_types = VALUE_SETS["https://hl7.fr/ig/fhir/core/ValueSet/fr-core-vs-organization-type"]
    etab_types = VALUE_SETS[
        "https://hl7.fr/ig/fhir/core/ValueSet/fr-core-vs-organization-etablissement-type"
    ]
    for r in resources(bundle):
        if r["resourceType"] != "Organization":
            continue
        codes = {(c["system"], c["code"]) for t in r["type"] for c in t["coding"] if c["system"] == ght}
        profile = strip_version(r["meta"]["profile"][0])
        if profile.endswith("-etablissement"):
            assert codes and codes <= etab_types, r["id"]
        elif codes:
            assert codes <= org_types, r["id"]


# ---- import --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", seeds(), ids=lambda p: p.stem)
def test_round_trip_from_dict_and_text(path: Path) -> None:
    net = Network.from_file(path)
    bundle = net.to_fhir()
    back = Network.from_fhir(bundle)
    assert back.id == net.id and back.name == net.name
    # The export depends only on the facts FHIR carries: a second trip changes nothing.
    assert back.to_fhir() == bundle
    assert Network.from_fhir(json.dumps(bundle)) == back
    # What is not carried is gone: rules, sources.
    data = back.to_dict()
    assert "rules" not in data and "sources" not in data
    summary = back.summary()
    assert summary["sites"] == net.summary()["sites"]
    assert summary["memberships"] == net.summary()["memberships"]


def test_bad_bundles_raise_located_network_errors() -> None:
    bundle = bundle_of(NETWORKS_SHM)
    i = next(
        k for k, e in enumerate(bundle["entry"]) if e["resource"]["resourceType"] == "OrganizationAffiliation"
    )
    bundle["entry"][i]["resource"]["participatingOrganization"]["reference"] = "Organization/gone"
    with pytest.raises(NetworkError) as info:
        Network.from_fhir(bundle)
    err = info.value.errors()[0]
    assert err["code"] == "L004"
    assert err["pointer"] == f"/entry/{i}/resource/participatingOrganization/reference"
    assert err["help"]
    assert err["line"] is None  # a dict has no lines
    with pytest.raises(NetworkError) as info:
        Network.from_fhir('{"resourceType": "Bundle", "type": "collection",\n oops}')
    assert info.value.errors()[0]["line"] == 2
    with pytest.raises(TypeError):
        Network.from_fhir(42)  # type: ignore[arg-type]
