//! The rule-set checks (`parcours::check`): every code fires on a small network built to
//! trigger it and stays silent on one that does not; the seed networks report exactly the
//! codes their vague sources justify; the broken copies of `examples/networks/broken/` report
//! the mistakes planted in them; reports render rustc-style and serialise to JSON.

use std::path::PathBuf;

use parcours::check::codes;
use parcours::{Case, Engine, Format, Network, Outcome, Report, Severity};
use serde_json::{Value, json};

fn path_of(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/networks")
        .join(format!("{name}.json"))
}

fn load(name: &str) -> Network {
    let path = path_of(name);
    let text = std::fs::read_to_string(&path).unwrap();
    match Network::load(&text, Format::Json, &path.to_string_lossy()) {
        Ok(n) => n,
        Err(e) => panic!("{name} does not load: {e}"),
    }
}

fn check_file(name: &str) -> Report {
    parcours::check_named(&load(name), &format!("examples/networks/{name}.json")).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Seeds and broken copies

/// `test-data/checks.json`: what `check` reports for each committed network, shared with
/// pytest and `node --test`.
fn shared_expectations() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../test-data/checks.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["networks"].as_array().unwrap().clone()
}

#[test]
fn committed_networks_report_the_shared_expectations() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut all: Vec<parcours::Code> = Vec::new();
    for want in shared_expectations() {
        let file = want["network"].as_str().unwrap();
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let net = Network::load(&text, Format::Json, file).unwrap();
        let report = parcours::check_named(&net, file).unwrap();
        let got = serde_json::to_value(&report).unwrap();
        assert_eq!(got["counts"], want["counts"], "{file}:\n{report}");
        let got: Vec<Value> = got["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                json!({"code": d["code"], "severity": d["severity"], "pointer": d["pointer"],
                       "entities": d["entities"]})
            })
            .collect();
        assert_eq!(
            &got,
            want["diagnostics"].as_array().unwrap(),
            "{file}:\n{report}"
        );
        // The seeds check clean of errors: only the warnings their sources justify.
        if !file.contains("/broken/") && !file.contains("/fixtures/") {
            assert!(!report.has_errors(), "{file}:\n{report}");
        }
        if file.contains("/broken/") {
            all.extend(report.codes());
        }
    }
    // Together the broken copies exercise every code that a loadable file can trigger (a
    // malformed FINESS cannot be loaded; `P030` fires on a SIREN there), but those that need a
    // commune reference beside the network (tests/territories.rs plants them).
    all.sort_unstable();
    all.dedup();
    let every: Vec<parcours::Code> = parcours::check::check_codes()
        .filter(|c| ![codes::TERRITORY_UNKNOWN_COMMUNE, codes::UNCOVERED_COMMUNES].contains(c))
        .collect();
    assert_eq!(all, every);
}

#[test]
fn broken_copy_diagnostics_name_the_planted_entities() {
    let report = check_file("broken/sud-haut-marnais");
    let cycle = report
        .with_code(codes::ESCALATION_CYCLE)
        .find(|d| {
            d.message
                .contains("`ch-langres` → `ch-bourbonne` → `ch-langres`")
        })
        .unwrap_or_else(|| panic!("{report}"));
    assert!(
        cycle
            .entities
            .contains(&"broken-recours-langres-bourbonne".to_owned())
    );
    let support = report
        .with_code(codes::GHT_SUPPORT)
        .find(|d| d.message.contains("`ght-21-52`"))
        .unwrap();
    assert!(
        support.message.contains("2 supports on 2016-07-01"),
        "{support}"
    );
    let dangling = report.with_code(codes::DANGLING_TARGET).next().unwrap();
    assert!(dangling.message.contains("on 2020-01-01"), "{dangling}");
    let case = dangling.counterexample.as_ref().unwrap();
    assert_eq!(case.origin, parcours::Origin::Id("ch-auxonne".into()));
}

// ---------------------------------------------------------------------------------------------
// A small network that checks clean, and one mutation per code

/// A CHU supporting a GHT of two CHs and a private partner clinic, and a surgery GCS of the
/// CHs and the clinic: checks clean.
fn base() -> Value {
    json!({
        "id": "t", "name": "Test network",
        "locations": [
            {"id": "loc-a", "name": "A", "lat": 47.32, "lon": 5.04},
            {"id": "loc-b", "name": "B", "lat": 47.86, "lon": 5.33},
            {"id": "loc-c", "name": "C", "lat": 47.95, "lon": 5.75}
        ],
        "legal_entities": [
            {"id": "ej-a", "name": "CHU A", "legal_status": "public", "finess_ej": "210780581"},
            {"id": "ej-b", "name": "CH B", "legal_status": "public"},
            {"id": "ej-c", "name": "CH C", "legal_status": "public"},
            {"id": "ej-k", "name": "Clinique K", "legal_status": "private_for_profit"}
        ],
        "sites": [
            {"id": "chu-a", "name": "CHU A", "legal_entity": "ej-a", "kind": "chu", "location": "loc-a"},
            {"id": "ch-b", "name": "CH B", "legal_entity": "ej-b", "kind": "hospital", "location": "loc-b"},
            {"id": "ch-c", "name": "CH C", "legal_entity": "ej-c", "kind": "hospital", "location": "loc-c"},
            {"id": "clin-k", "name": "Clinique K", "legal_entity": "ej-k", "kind": "clinic", "location": "loc-b"}
        ],
        "filieres": [
            {"id": "chirurgie", "name": "Chirurgie",
             "levels": [{"id": "proximite"}, {"id": "reference"}, {"id": "recours"}],
             "flag_levels": {"most_acute": "recours"}}
        ],
        "groupings": [
            {"id": "ght", "name": "GHT", "kind": "ght", "validity": {"from": "2016-07-01"}},
            {"id": "gcs", "name": "GCS", "kind": "gcs_moyens", "legal_personality": true,
             "scope": {"filieres": ["chirurgie"]}, "validity": {"from": "2017-01-01"}}
        ],
        "memberships": [
            {"grouping": "ght", "member": "ej-a", "role": "support", "validity": {"from": "2016-07-01"}},
            {"grouping": "ght", "member": "ej-b", "role": "party", "validity": {"from": "2016-07-01"}},
            {"grouping": "ght", "member": "ej-c", "role": "party", "validity": {"from": "2016-07-01"}},
            {"grouping": "ght", "member": "ej-k", "role": "partner", "validity": {"from": "2016-07-01"}},
            {"grouping": "gcs", "member": "ch-b", "role": "founding_member", "validity": {"from": "2017-01-01"}},
            {"grouping": "gcs", "member": "ch-c", "role": "founding_member", "validity": {"from": "2017-01-01"}},
            {"grouping": "gcs", "member": "clin-k", "role": "founding_member", "validity": {"from": "2017-01-01"}}
        ],
        "capabilities": [
            {"site": "chu-a", "filiere": "chirurgie", "level": "recours", "activity": "chirurgie"},
            {"id": "cap-b", "site": "ch-b", "filiere": "chirurgie", "level": "reference", "activity": "chirurgie"},
            {"site": "clin-k", "filiere": "chirurgie", "level": "reference", "activity": "chirurgie"}
        ],
        "rules": [
            {"id": "gcs-partner", "filieres": ["chirurgie"], "origin": {"member_of": "gcs"},
             "target": {"grouping_members": "gcs"}, "strength": "mandatory", "step": "partner",
             "priority": 10, "validity": {"from": "2017-01-01"}},
            {"id": "ght-recours", "filieres": ["chirurgie"], "origin": {"member_of": "ght"},
             "target": {"origin_grouping_role": {"kind": "ght", "role": "support"}},
             "strength": "fallback", "step": "recourse", "validity": {"from": "2016-07-01"}}
        ]
    })
}

fn network(v: &Value) -> Network {
    match Network::from_json_str(&v.to_string()) {
        Ok(n) => n,
        Err(e) => panic!("test network does not load: {e}"),
    }
}

fn run(v: &Value) -> Report {
    parcours::check(&network(v)).unwrap()
}

fn push(v: &mut Value, list: &str, item: Value) {
    v[list].as_array_mut().unwrap().push(item);
}

/// The element of `list` whose `key` is `id`.
fn at<'v>(v: &'v mut Value, list: &str, key: &str, id: &str) -> &'v mut Value {
    v[list]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|x| x[key] == id)
        .unwrap_or_else(|| panic!("no {list} with {key} {id}"))
}

fn membership<'v>(v: &'v mut Value, grouping: &str, member: &str) -> &'v mut Value {
    v["memberships"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|m| m["grouping"] == grouping && m["member"] == member)
        .unwrap()
}

#[track_caller]
fn assert_fires(report: &Report, code: parcours::Code) {
    assert!(report.codes().contains(&code), "{code} expected:\n{report}");
}

#[track_caller]
fn assert_silent(report: &Report, code: parcours::Code) {
    assert!(
        !report.codes().contains(&code),
        "{code} unexpected:\n{report}"
    );
}

#[test]
fn the_base_network_checks_clean() {
    let report = run(&base());
    assert!(report.is_empty(), "{report}");
    assert_eq!(report.to_string(), "`t`: no problem found");
}

#[test]
fn p001_a_scope_level_nobody_holds() {
    let mut v = base();
    push(
        &mut v,
        "filieres",
        json!({"id": "maternite", "name": "Maternité",
               "levels": [{"id": "1"}, {"id": "2A"}, {"id": "2B"}, {"id": "3"}]}),
    );
    push(
        &mut v,
        "capabilities",
        json!({"site": "ch-b", "filiere": "maternite", "level": "2A"}),
    );
    at(&mut v, "groupings", "id", "gcs")["scope"]["filieres"] = json!(["chirurgie", "maternite"]);
    let report = run(&v);
    let d = report
        .with_code(codes::NO_PROVIDER)
        .next()
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(d.severity, Severity::Warning);
    assert!(
        d.message
            .contains("`maternite` at level `2B` or above on 2017-01-01"),
        "{d}"
    );
    assert_eq!(d.pointer, "/groupings/1/scope/filieres/1");
    // Providing the top level silences it.
    push(
        &mut v,
        "capabilities",
        json!({"site": "chu-a", "filiere": "maternite", "level": "3"}),
    );
    assert_silent(&run(&v), codes::NO_PROVIDER);
}

#[test]
fn p002_a_member_without_route_with_its_first_date() {
    let mut v = base();
    // The GCS keeps partners within 1 km, and GHT recourse is for `recours` only: CH C (far
    // from every capable member, no capability itself) has no route at lower levels.
    at(&mut v, "rules", "id", "gcs-partner")["max_distance_km"] = json!(1);
    at(&mut v, "rules", "id", "ght-recours")["when"] = json!({"level_at_least": "recours"});
    let report = run(&v);
    let gaps: Vec<_> = report.with_code(codes::GAP).collect();
    assert_eq!(gaps.len(), 2, "{report}"); // proximité and référence, once each
    for d in &gaps {
        assert!(d.message.starts_with("`ch-c`, member of `gcs`"), "{d}");
        assert!(d.message.ends_with("on 2017-01-01"), "{d}");
        let case = d.counterexample.as_ref().unwrap();
        let engine = Engine::compile(&network(&v)).unwrap();
        assert_eq!(engine.route(case).outcome, Outcome::NoRoute, "{d}");
    }
    assert_silent(&run(&base()), codes::GAP);
}

#[test]
fn p002_a_level_reached_only_with_its_flag_is_not_a_gap() {
    let mut v = base();
    // Only most-acute cases reach the CHU: a `recours` case carrying the flag routes.
    at(&mut v, "rules", "id", "ght-recours")["when"] = json!({"flags": ["most_acute"]});
    let report = run(&v);
    assert_silent(&report, codes::GAP);
}

#[test]
fn p003_an_escalation_cycle() {
    let mut v = base();
    for (id, from, to) in [("b-to-c", "ch-b", "ch-c"), ("c-to-b", "ch-c", "ch-b")] {
        push(
            &mut v,
            "rules",
            json!({"id": id, "filieres": ["chirurgie"], "origin": {"origins": [from]},
                   "target": {"site": to}, "strength": "preferred", "step": "recourse",
                   "validity": {"from": "2018-01-01"}}),
        );
    }
    let report = run(&v);
    let d = report
        .with_code(codes::ESCALATION_CYCLE)
        .next()
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(d.severity, Severity::Error);
    assert!(d.message.contains("`ch-b` → `ch-c` → `ch-b`"), "{d}");
    assert!(d.message.contains("on 2018-01-01"), "{d}");
    assert!(d.entities.contains(&"b-to-c".to_owned()) && d.entities.contains(&"c-to-b".to_owned()));
    // One way only: no cycle.
    v["rules"].as_array_mut().unwrap().pop();
    assert_silent(&run(&v), codes::ESCALATION_CYCLE);
}

#[test]
fn p004_an_escalation_chain_that_never_reaches_the_level() {
    let mut v = base();
    push(
        &mut v,
        "sites",
        json!({"id": "ch-d", "name": "CH D", "legal_entity": "ej-c", "kind": "hospital", "location": "loc-c"}),
    );
    push(
        &mut v,
        "capabilities",
        json!({"site": "ch-d", "filiere": "chirurgie", "level": "reference"}),
    );
    // Recourse from CH C to CH D, which lacks `recours` and escalates nowhere (it belongs to
    // the GHT through its legal entity, but only the GCS rule and this rule would apply).
    push(
        &mut v,
        "rules",
        json!({"id": "c-to-d", "filieres": ["chirurgie"], "origin": {"origins": ["ch-c"]},
               "when": {"level_at_least": "recours"}, "target": {"site": "ch-d"},
               "strength": "mandatory", "step": "recourse", "priority": 5,
               "validity": {"from": "2017-01-01"}}),
    );
    at(&mut v, "rules", "id", "ght-recours")["origin"] =
        json!({"member_of": "ght", "roles": ["party"]});
    at(&mut v, "rules", "id", "ght-recours")["origin"]["origins"] = json!(["ch-b", "ch-c"]);
    let report = run(&v);
    let d = report
        .with_code(codes::DEAD_ESCALATION)
        .next()
        .unwrap_or_else(|| panic!("{report}"));
    assert!(
        d.message.contains("`c-to-d`") && d.message.contains("level `recours`"),
        "{d}"
    );
    assert_eq!(d.pointer, "/rules/2/target");
    // Targeting the CHU instead reaches the level.
    at(&mut v, "rules", "id", "c-to-d")["target"] = json!({"site": "chu-a"});
    assert_silent(&run(&v), codes::DEAD_ESCALATION);
}

#[test]
fn p010_two_mandatory_rules_of_equal_priority_with_different_targets() {
    let mut v = base();
    push(
        &mut v,
        "rules",
        json!({"id": "gcs-to-chu", "filieres": ["chirurgie"], "origin": {"member_of": "gcs"},
               "target": {"site": "chu-a"}, "strength": "mandatory", "step": "recourse",
               "priority": 10, "validity": {"from": "2017-01-01"}}),
    );
    let report = run(&v);
    let d = report
        .with_code(codes::CONFLICT)
        .next()
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.entities, ["gcs-partner", "gcs-to-chu"]);
    assert!(
        d.help
            .as_deref()
            .unwrap_or_default()
            .contains("the engine now picks `gcs-partner`"),
        "{d}"
    );
    let case = d.counterexample.as_ref().unwrap();
    assert_eq!(case.date.to_string(), "2017-01-01");
    let engine = Engine::compile(&network(&v)).unwrap();
    assert_eq!(engine.route(case).rule, Some("gcs-partner"));
    // A higher priority settles it (and then the GCS rule is shadowed: P011).
    at(&mut v, "rules", "id", "gcs-to-chu")["priority"] = json!(11);
    let report = run(&v);
    assert_silent(&report, codes::CONFLICT);
    assert_fires(&report, codes::SHADOWED);
    // Different case conditions: no case meets both.
    at(&mut v, "rules", "id", "gcs-to-chu")["priority"] = json!(10);
    at(&mut v, "rules", "id", "gcs-to-chu")["when"] = json!({"age_max": 15});
    at(&mut v, "rules", "id", "gcs-partner")["when"] = json!({"age_min": 16});
    assert_silent(&run(&v), codes::CONFLICT);
}

#[test]
fn p011_a_rule_that_can_never_fire() {
    let mut v = base();
    push(
        &mut v,
        "rules",
        json!({"id": "gcs-to-chu", "filieres": ["chirurgie"], "origin": {"member_of": "gcs"},
               "target": {"site": "chu-a"}, "strength": "mandatory", "step": "recourse",
               "priority": 20}),
    );
    let report = run(&v);
    let d = report
        .with_code(codes::SHADOWED)
        .next()
        .unwrap_or_else(|| panic!("{report}"));
    assert!(
        d.message
            .contains("rule `gcs-partner` can never fire: rule `gcs-to-chu` always wins first"),
        "{d}"
    );
    let engine = Engine::compile(&network(&v)).unwrap();
    assert_eq!(
        engine.route(d.counterexample.as_ref().unwrap()).rule,
        Some("gcs-to-chu")
    );
    // Limited to some levels, the earlier rule leaves cases to the GCS rule.
    at(&mut v, "rules", "id", "gcs-to-chu")["when"] = json!({"level_at_least": "recours"});
    assert_silent(&run(&v), codes::SHADOWED);
}

#[test]
fn p012_a_rule_outliving_its_target() {
    let mut v = base();
    at(&mut v, "sites", "id", "ch-c")["validity"] = json!({"to": "2019-12-31", "status": "ended"});
    push(
        &mut v,
        "rules",
        json!({"id": "b-to-c", "filieres": ["chirurgie"], "origin": {"origins": ["ch-b"]},
               "target": {"site": "ch-c"}, "strength": "preferred", "step": "partner",
               "validity": {"from": "2017-01-01"}}),
    );
    let report = run(&v);
    let d = report
        .with_code(codes::DANGLING_TARGET)
        .next()
        .unwrap_or_else(|| panic!("{report}"));
    assert!(
        d.message
            .contains("site `ch-c`, which is not in force on 2020-01-01"),
        "{d}"
    );
    assert_eq!(d.pointer, "/rules/2/target");
    assert_eq!(
        d.counterexample.as_ref().unwrap().date.to_string(),
        "2020-01-01"
    );
    // Ending the rule with its target silences it.
    at(&mut v, "rules", "id", "b-to-c")["validity"]["to"] = json!("2019-12-31");
    assert_silent(&run(&v), codes::DANGLING_TARGET);
}

#[test]
fn p012_a_role_nobody_holds() {
    let mut v = base();
    push(
        &mut v,
        "rules",
        json!({"id": "to-army", "filieres": ["chirurgie"],
               "target": {"grouping_role": {"grouping": "ght", "role": "associated_army"}},
               "strength": "fallback", "step": "recourse", "validity": {"from": "2017-01-01"}}),
    );
    let d = run(&v);
    let d = d.with_code(codes::DANGLING_TARGET).next().unwrap().clone();
    assert!(d.message.contains("never in force"), "{d}");
}

#[test]
fn p013_a_rule_without_start_date_whose_target_starts_later() {
    let mut v = base();
    push(
        &mut v,
        "rules",
        json!({"id": "to-support", "filieres": ["chirurgie"], "when": {"flags": ["most_acute"]},
               "target": {"grouping_role": {"grouping": "ght", "role": "support"}},
               "strength": "mandatory", "step": "recourse", "priority": 20}),
    );
    let report = run(&v);
    let d = report
        .with_code(codes::TARGET_STARTS_LATER)
        .next()
        .unwrap_or_else(|| panic!("{report}"));
    assert!(d.message.contains("in force only from 2016-07-01"), "{d}");
    assert!(
        d.help
            .as_deref()
            .unwrap_or_default()
            .contains(r#""from": "2016-07-01""#),
        "{d}"
    );
    assert_silent(&report, codes::DANGLING_TARGET);
    at(&mut v, "rules", "id", "to-support")["validity"] = json!({"from": "2016-07-01"});
    assert!(run(&v).is_empty());
}

#[test]
fn p020_a_ght_without_exactly_one_support() {
    let mut v = base();
    membership(&mut v, "ght", "ej-b")["role"] = json!("support");
    let report = run(&v);
    let d = report
        .with_code(codes::GHT_SUPPORT)
        .next()
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(
        d.message,
        "GHT `ght` has 2 supports on 2016-07-01: `ej-a`, `ej-b`"
    );
    assert_eq!(d.pointer, "/memberships/1/role");
    // No support at all before the support joins.
    let mut v = base();
    membership(&mut v, "ght", "ej-a")["validity"] = json!({"from": "2018-01-01"});
    let report = run(&v);
    let d = report.with_code(codes::GHT_SUPPORT).next().unwrap();
    assert_eq!(d.message, "GHT `ght` has no support on 2016-07-01");
}

#[test]
fn p021_a_private_party() {
    let mut v = base();
    membership(&mut v, "ght", "ej-k")["role"] = json!("party");
    let report = run(&v);
    let d = report
        .with_code(codes::GHT_PRIVATE_PARTY)
        .next()
        .unwrap_or_else(|| panic!("{report}"));
    assert!(
        d.message.contains("it is private for profit, not public"),
        "{d}"
    );
    assert!(d.help.as_deref().unwrap_or_default().contains("partner"));
}

#[test]
fn p022_a_ght_without_chu() {
    let mut v = base();
    at(&mut v, "sites", "id", "chu-a")["kind"] = json!("hospital");
    let report = run(&v);
    assert_fires(&report, codes::GHT_NO_CHU);
    // An associated CHU settles it.
    push(
        &mut v,
        "memberships",
        json!({"grouping": "ght", "member": "ch-b", "role": "associated_chu"}),
    );
    assert_silent(&run(&v), codes::GHT_NO_CHU);
}

#[test]
fn p023_a_gcs_without_health_establishment() {
    let mut v = base();
    push(
        &mut v,
        "sites",
        json!({"id": "ehpad-e", "name": "EHPAD E", "legal_entity": "ej-c", "kind": "ehpad", "location": "loc-c"}),
    );
    push(
        &mut v,
        "groupings",
        json!({"id": "gcs-e", "name": "GCS E", "kind": "gcs_moyens", "legal_personality": true}),
    );
    push(
        &mut v,
        "memberships",
        json!({"grouping": "gcs-e", "member": "ehpad-e", "role": "member"}),
    );
    let report = run(&v);
    assert_fires(&report, codes::GCS_NO_HEALTH_ESTABLISHMENT);
    push(
        &mut v,
        "memberships",
        json!({"grouping": "gcs-e", "member": "ch-c", "role": "member"}),
    );
    assert_silent(&run(&v), codes::GCS_NO_HEALTH_ESTABLISHMENT);
}

#[test]
fn p024_a_gcs_es_without_authorisation() {
    let mut v = base();
    at(&mut v, "groupings", "id", "gcs")["kind"] = json!("gcs_es");
    assert_fires(&run(&v), codes::GCS_ES_NO_AUTHORISATION);
    at(&mut v, "capabilities", "site", "clin-k")["holder"] = json!("gcs");
    let report = run(&v);
    assert_silent(&report, codes::GCS_ES_NO_AUTHORISATION);
    assert_silent(&report, codes::HOLDER_NOT_GCS_ES);
}

#[test]
fn p025_legal_personality_against_the_kind() {
    let mut v = base();
    at(&mut v, "groupings", "id", "ght")["legal_personality"] = json!(true);
    at(&mut v, "groupings", "id", "gcs")["legal_personality"] = json!(false);
    let report = run(&v);
    assert_eq!(
        report.with_code(codes::LEGAL_PERSONALITY).count(),
        2,
        "{report}"
    );
}

#[test]
fn p026_an_authorisation_held_by_a_gcs_de_moyens() {
    let mut v = base();
    at(&mut v, "capabilities", "site", "clin-k")["holder"] = json!("gcs");
    let report = run(&v);
    let d = report.with_code(codes::HOLDER_NOT_GCS_ES).next().unwrap();
    assert!(d.message.contains("a GCS de moyens"), "{d}");
}

#[test]
fn p027_nested_groupings_in_a_cycle_or_too_deep() {
    let mut v = base();
    push(
        &mut v,
        "groupings",
        json!({"id": "gcs-2", "name": "GCS 2", "kind": "gcs_moyens", "legal_personality": true}),
    );
    push(
        &mut v,
        "memberships",
        json!({"grouping": "gcs-2", "member": "gcs", "role": "member"}),
    );
    assert_silent(&run(&v), codes::NESTING);
    push(
        &mut v,
        "memberships",
        json!({"grouping": "gcs", "member": "gcs-2", "role": "member"}),
    );
    let report = run(&v);
    let d = report
        .with_code(codes::NESTING)
        .next()
        .unwrap_or_else(|| panic!("{report}"));
    assert!(d.message.contains("`gcs` ∋ `gcs-2` ∋ `gcs`"), "{d}");
    // A chain of 10 nested networks is deeper than routing expands.
    let mut v = base();
    for i in 0..10 {
        push(
            &mut v,
            "groupings",
            json!({"id": format!("net-{i}"), "name": "Network", "kind": "filiere_network"}),
        );
        if i > 0 {
            push(
                &mut v,
                "memberships",
                json!({"grouping": format!("net-{}", i - 1), "member": format!("net-{i}"), "role": "member"}),
            );
        }
    }
    let report = run(&v);
    let d: Vec<_> = report.with_code(codes::NESTING).collect();
    assert_eq!(d.len(), 1, "{report}");
    assert!(
        d[0].message.starts_with("grouping `net-0` nests groupings"),
        "{}",
        d[0]
    );
}

#[test]
fn p030_p031_identifiers() {
    let mut v = base();
    at(&mut v, "legal_entities", "id", "ej-b")["siren"] = json!("12345");
    at(&mut v, "legal_entities", "id", "ej-c")["siren"] = json!("732829321");
    at(&mut v, "legal_entities", "id", "ej-k")["finess_ej"] = json!("210780582");
    let report = run(&v);
    let malformed: Vec<_> = report.with_code(codes::MALFORMED_ID).collect();
    assert_eq!(malformed.len(), 1);
    assert_eq!(malformed[0].pointer, "/legal_entities/1/siren");
    let luhn: Vec<&str> = report
        .with_code(codes::LUHN)
        .map(|d| d.pointer.as_str())
        .collect();
    assert_eq!(
        luhn,
        ["/legal_entities/2/siren", "/legal_entities/3/finess_ej"]
    );
    at(&mut v, "legal_entities", "id", "ej-b")["siren"] = json!("542065479");
    at(&mut v, "legal_entities", "id", "ej-c")["siren"] = json!("732829320");
    at(&mut v, "legal_entities", "id", "ej-k")["finess_ej"] = json!("2A0000001");
    assert!(run(&v).is_empty());
    // A malformed FINESS cannot even be built, so P030 on a FINESS only guards values made
    // around the public constructors (its shape test is unit-tested in the core).
    assert!(parcours::Finess::new("21078058").is_err());
}

#[test]
fn p032_duplicate_finess() {
    let mut v = base();
    at(&mut v, "sites", "id", "ch-b")["finess_et"] = json!("210780581");
    at(&mut v, "sites", "id", "ch-c")["finess_et"] = json!("210780581");
    let report = run(&v);
    let d = report.with_code(codes::DUPLICATE_FINESS).next().unwrap();
    assert_eq!(d.pointer, "/sites/2/finess_et");
    assert_eq!(d.entities, ["ch-c", "ch-b"]);
    // An ET number equal to an EJ number is not a duplicate (distinct registers).
    at(&mut v, "sites", "id", "ch-c")["finess_et"] = json!("590780193");
    assert_silent(&run(&v), codes::DUPLICATE_FINESS);
}

#[test]
fn p040_figures_without_date_or_source() {
    let mut v = base();
    v["sources"] = json!([{"id": "src", "url": "https://example.invalid/report"}]);
    at(&mut v, "sites", "id", "ch-b")["figures"] = json!([
        {"name": "beds", "value": 300},
        {"name": "staff", "value": 900, "as_of": "2019-01-01"},
        {"name": "births_per_year", "value": 1200, "as_of": "2019-01-01", "source": "src"}
    ]);
    let report = run(&v);
    let messages: Vec<&str> = report
        .with_code(codes::FIGURE_UNSOURCED)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "figure `beds` of `ch-b` has neither date nor source",
            "figure `staff` of `ch-b` has no source"
        ]
    );
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Info)
    );
}

#[test]
fn p041_a_planned_membership_under_a_mandatory_rule() {
    let mut v = base();
    membership(&mut v, "gcs", "ch-c")["validity"]["status"] = json!("planned");
    let report = run(&v);
    let d = report
        .with_code(codes::PLANNED_MEMBERSHIP)
        .next()
        .unwrap_or_else(|| panic!("{report}"));
    assert!(
        d.message
            .contains("mandatory rule `gcs-partner` rests on it"),
        "{d}"
    );
    at(&mut v, "rules", "id", "gcs-partner")["strength"] = json!("preferred");
    assert_silent(&run(&v), codes::PLANNED_MEMBERSHIP);
}

#[test]
fn p042_ended_without_end_date() {
    let mut v = base();
    membership(&mut v, "ght", "ej-k")["validity"] = json!({"status": "ended"});
    let report = run(&v);
    let d = report.with_code(codes::ENDED_WITHOUT_END).next().unwrap();
    assert_eq!(d.pointer, "/memberships/3/validity");
    membership(&mut v, "ght", "ej-k")["validity"]["to"] = json!("2019-12-31");
    assert_silent(&run(&v), codes::ENDED_WITHOUT_END);
}

// ---------------------------------------------------------------------------------------------
// Reports

#[test]
fn reports_sort_render_and_serialise() {
    let report = check_file("broken/sud-haut-marnais");
    let keys: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.code, d.pointer.clone()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    // 6 planted in the rules and the GHT, 3 with the second GHT (no support, no CHU, a commune
    // claimed twice).
    assert_eq!(report.counts().errors, 9);
    assert!(report.has_errors());

    let text = report.to_string();
    let support = report
        .with_code(codes::GHT_SUPPORT)
        .find(|d| d.message.contains("`ght-21-52`"))
        .unwrap()
        .to_string();
    assert_eq!(
        support,
        "error[P020]: GHT `ght-21-52` has 2 supports on 2016-07-01: `ej-chu-dijon`, `ej-ch-chaumont`\n\
         \x20 --> examples/networks/broken/sud-haut-marnais.json#/memberships/19/role\n\
         \x20  = entities: `ght-21-52`, `ej-chu-dijon`, `ej-ch-chaumont`\n\
         \x20  = help: a GHT has exactly one établissement support, designated by its convention \
         among its parties (article L6132-3): give exactly one member the role `support`, with a \
         validity covering the GHT's, and the others `party`"
    );
    assert!(
        text.contains("   = counterexample: filière `chirurgie` at level"),
        "{text}"
    );
    assert!(text.ends_with(
        "`examples/networks/broken/sud-haut-marnais.json`: 9 errors, 3 warnings, 0 infos"
    ));

    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["network"], "sud-haut-marnais-broken");
    assert_eq!(json["counts"]["errors"], 9);
    let first = &json["diagnostics"][0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "P003");
    assert_eq!(
        first["file"],
        "examples/networks/broken/sud-haut-marnais.json"
    );
    // Counterexamples are cases: they deserialise and route as they are.
    let case: Case = serde_json::from_value(first["counterexample"].clone()).unwrap();
    let engine = Engine::compile(&load("broken/sud-haut-marnais")).unwrap();
    assert_ne!(engine.route(&case).outcome, Outcome::Invalid);
}

#[test]
fn engine_check_matches_check() {
    let net = load("broken/hpsm");
    let engine = Engine::compile(&net).unwrap();
    assert_eq!(engine.check(&net), parcours::check(&net).unwrap());
    assert_eq!(
        engine.check(&net).with_file("x.json"),
        parcours::check_named(&net, "x.json").unwrap()
    );
}

#[test]
fn checking_a_network_that_does_not_validate_is_a_load_error() {
    let mut net = load("hpsm");
    net.rules[0].target = parcours::Target::Site("nowhere".into());
    let err = parcours::check_named(&net, "hpsm-edited.json").unwrap_err();
    assert_eq!(err.code(), "L004");
    assert_eq!(err.file(), "hpsm-edited.json");
}

#[test]
fn counterexamples_on_synthetic_networks_show_what_they_claim() {
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..30 {
        let net = parcours_testkit::synthetic::national(
            &parcours_testkit::synthetic::Params::small(),
            seed,
        );
        let engine = Engine::compile(&net).unwrap();
        let report = engine.check(&net);
        for d in &report.diagnostics {
            assert!(
                !d.message.is_empty() && d.help.as_deref().is_some_and(|h| !h.is_empty()),
                "{d}"
            );
            seen.insert(d.code);
            let Some(case) = &d.counterexample else {
                continue;
            };
            let decision = engine.route(case);
            assert_ne!(decision.outcome, Outcome::Invalid, "{d}");
            match d.code {
                codes::GAP => assert_eq!(decision.outcome, Outcome::NoRoute, "{d}"),
                codes::SHADOWED => {
                    assert_eq!(decision.outcome, Outcome::Routed, "{d}");
                    assert_ne!(decision.rule, Some(d.entities[0].as_str()), "{d}");
                }
                _ => {}
            }
        }
    }
    println!("codes seen: {seen:?}");
}

/// Timing on the national synthetic network (4,050 sites, 30 filières, ~20,000 rules). Not a
/// test of speed (tests never assert timings): run it by hand in release,
/// `cargo test --release -p parcours --test check -- --ignored --nocapture national`.
#[test]
#[ignore = "timing, run by hand in release"]
fn national_timing() {
    let net =
        parcours_testkit::synthetic::national(&parcours_testkit::synthetic::Params::national(), 42);
    let t = std::time::Instant::now();
    let engine = Engine::compile(&net).unwrap();
    let compiled = t.elapsed();
    let t = std::time::Instant::now();
    let report = engine.check(&net);
    let checked = t.elapsed();
    println!(
        "compile {compiled:?}, check {checked:?}: {} ({:?})",
        report.counts(),
        report.codes()
    );
}
