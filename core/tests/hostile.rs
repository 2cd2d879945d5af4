//! Hostile inputs: every one gives a clear error (code, and pointer or line/column where that
//! means something) or a correct result, never a panic, never an unbounded allocation.
//!
//! Small inputs are committed under `tests/hostile/`; big ones (100,000 entities, 50 MB, more
//! than the 64 MiB limit, deep nesting) are generated here. No test asserts a duration: the
//! timings measured for the big inputs are in the "Limits" section of the `load` module docs.

use std::fmt::Write as _;

use parcours::error::codes;
use parcours::route::{Case, Origin, ReasonCode};
use parcours::{
    Date, Engine, Error, Format, MAX_ID_BYTES, MAX_INPUT_BYTES, Network, Outcome, Problem,
};
use serde_json::{Value, json};

fn path(name: &str) -> String {
    format!("{}/tests/hostile/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn read(name: &str) -> String {
    std::fs::read_to_string(path(name)).unwrap()
}

fn load(name: &str) -> Result<Network, Error> {
    Network::load(&read(name), Format::from_path(name), name)
}

fn load_err(name: &str) -> Error {
    match load(name) {
        Ok(_) => panic!("{name} loaded"),
        Err(e) => e,
    }
}

/// The only problem of `e`, which must have `code`.
fn only(e: &Error, code: parcours::Code) -> Problem {
    assert_eq!(e.problems().len(), 1, "{e}");
    let p = e.problems()[0].clone();
    assert_eq!(p.code, code, "{e}");
    p
}

/// The problem of `e` at `pointer`, which must have `code`.
fn at(e: &Error, pointer: &str, code: parcours::Code) -> Problem {
    let p = e
        .problems()
        .iter()
        .find(|p| p.pointer == pointer)
        .unwrap_or_else(|| panic!("no problem at {pointer}: {e}"))
        .clone();
    assert_eq!(p.code, code, "{e}");
    p
}

fn mini() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/tests/data/mini.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap()
}

fn json_err(v: &Value) -> Error {
    Network::from_json_str(&v.to_string()).unwrap_err()
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

// ---------------------------------------------------------------------------------------------
// Nesting

#[test]
fn deep_json_nesting_stops_at_the_parsers_limit_with_a_position() {
    // Arrays nested a million deep where a string is expected, and where anything may come
    // (a case's origin is an untagged enum, which buffers what it reads).
    let depth = 1_000_000;
    let text = format!(
        r#"{{"id": "n", "name": "x", "description": {}{}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let e = Network::from_json_str(&text).unwrap_err();
    let p = only(&e, codes::FORMAT);
    assert_eq!(p.pointer, "/description");
    assert!(p.message.contains("expected a string"), "{p}");
    assert_eq!((p.line, p.column), (Some(1), Some(40)));

    let case = format!(
        r#"{{"filiere": "f", "date": "2020-01-01", "origin": {}{}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let e = serde_json::from_str::<Case>(&case).unwrap_err();
    assert!(e.to_string().contains("recursion limit exceeded"), "{e}");
    // serde_json stops at depth 128 (the case is the first level): at the 127th bracket.
    assert_eq!(e.column(), 49 + 127);

    // The whole document nested: a network is an object, not an array of arrays.
    let e = Network::from_json_str(&format!("\n  {}", "[".repeat(depth))).unwrap_err();
    let p = only(&e, codes::FORMAT);
    assert_eq!(p.message, "a network is a JSON object, not an array");
    assert_eq!((p.line, p.column), (Some(2), Some(3)), "{p}");
}

#[test]
fn deep_toml_nesting_stops_at_the_parsers_limit_with_a_position() {
    let depth = 100_000;
    let head = "id = \"n\"\nname = \"x\"\n";
    let arrays = format!(
        "{head}description = {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let tables = format!(
        "{head}description = {}{}\n",
        "{ a = ".repeat(depth),
        "}".repeat(depth)
    );
    let dotted = format!("{head}{} = 1\n", vec!["a"; depth].join("."));
    // toml gives no position for a dotted key too long.
    for (text, line) in [(arrays, Some(3)), (tables, Some(3)), (dotted, None)] {
        let e = Network::from_toml_str(&text).unwrap_err();
        let p = only(&e, codes::SYNTAX);
        assert!(p.message.contains("recursion"), "{p}");
        assert_eq!(p.line, line, "{p}");
    }
}

// ---------------------------------------------------------------------------------------------
// Numbers

#[test]
fn a_number_too_big_for_a_float_is_located() {
    let e = load_err("huge-latitude.json");
    let p = only(&e, codes::SYNTAX);
    assert!(p.message.contains("number out of range"), "{p}");
    assert_eq!(p.pointer, "/locations/1/lat");
    assert!(p.line.is_some() && p.column.is_some());
}

#[test]
fn finite_but_huge_coordinates_are_invalid_values() {
    let e = load_err("finite-huge-coordinates.json");
    assert_eq!(e.problems().len(), 2, "{e}");
    let p = at(&e, "/locations/1/lat", codes::INVALID_VALUE);
    assert!(p.message.contains("not between -90 and 90"), "{p}");
    assert_eq!(p.entities.first().map(String::as_str), Some("loc-b"));
    at(&e, "/locations/1/lon", codes::INVALID_VALUE);
}

#[test]
fn an_integer_too_big_for_its_field_is_a_format_error() {
    let e = load_err("huge-priority.json");
    let p = only(&e, codes::FORMAT);
    assert_eq!(p.pointer, "/rules/0/priority");
    // In words, not Rust types (`i32`).
    assert!(
        p.message
            .contains("expected a whole number from -2147483648 to 2147483647"),
        "{p}"
    );

    let mut v = mini();
    v["rules"][0]["when"] = json!({"age_min": 65536});
    let p = only(&json_err(&v), codes::FORMAT);
    assert_eq!(p.pointer, "/rules/0/when/age_min");
    v["rules"][0]["when"] = json!({"age_min": -1});
    let p = only(&json_err(&v), codes::FORMAT);
    assert_eq!(p.pointer, "/rules/0/when/age_min");
}

#[test]
fn nan_spelt_as_a_string_is_a_format_error() {
    let e = load_err("nan-string-latitude.json");
    let p = only(&e, codes::FORMAT);
    assert_eq!(p.pointer, "/locations/0/lat");
    assert!(p.message.contains("expected a number"), "{p}");
}

#[test]
fn toml_nan_and_inf_are_refused_wherever_a_number_goes() {
    let e = load_err("nan-inf.toml");
    assert_eq!(e.problems().len(), 4, "{e}");
    let p = at(&e, "/locations/0/lat", codes::INVALID_VALUE);
    assert!(p.message.contains("NaN"), "{p}");
    at(&e, "/locations/1/lon", codes::INVALID_VALUE);
    let p = at(
        &e,
        "/legal_entities/0/figures/0/value",
        codes::INVALID_VALUE,
    );
    assert!(p.message.contains("not a finite number"), "{p}");
    let p = at(&e, "/rules/0/max_distance_km", codes::INVALID_VALUE);
    assert!(p.message.contains("inf"), "{p}");
}

#[test]
fn nan_and_inf_built_in_code_are_refused_by_validate_and_compile() {
    let mut n = Network::from_json_str(&mini().to_string()).unwrap();
    n.locations[0].lat = f64::NAN;
    n.locations[1].lon = f64::NEG_INFINITY;
    n.rules[0].max_distance_km = Some(f64::NAN);
    let e = Engine::compile(&n).unwrap_err();
    at(&e, "/locations/0/lat", codes::INVALID_VALUE);
    at(&e, "/locations/1/lon", codes::INVALID_VALUE);
    at(&e, "/rules/0/max_distance_km", codes::INVALID_VALUE);
    assert!(parcours::check(&n).is_err());
}

// ---------------------------------------------------------------------------------------------
// Dates

#[test]
fn dates_out_of_range_are_format_errors_with_the_date_hint() {
    for (file, pointer) in [
        ("date-before-year-1000.json", "/sites/0/validity/from"),
        ("date-february-29-2017.json", "/sites/1/validity/to"),
        ("date-year-10000.json", "/memberships/0/validity/from"),
    ] {
        let e = load_err(file);
        let p = only(&e, codes::FORMAT);
        assert_eq!(p.pointer, pointer, "{file}");
        assert!(p.message.starts_with("invalid date"), "{file}: {p}");
        assert!(p.help.as_deref().unwrap().contains("YYYY-MM-DD"), "{file}");
        assert!(p.line.is_some(), "{file}");
    }
    for bad in [
        "2020-1-01",
        "+2020-01-01",
        "２０２０-01-01",
        "2020-01-01T00:00",
        "",
    ] {
        assert!(bad.parse::<Date>().is_err(), "{bad}");
    }
}

#[test]
fn dates_at_the_limits_load_compile_and_route() {
    let n = load("dates-at-the-limits.json").unwrap();
    let engine = Engine::compile(&n).unwrap();
    for day in ["1000-01-01", "2020-02-29", "9999-12-31"] {
        let case = Case::new("chirurgie", "ch-b", date(day));
        let d = engine.route(&case);
        assert_eq!(d.outcome, Outcome::Routed, "{day}");
        assert_eq!(d.target, Some("chu-a"), "{day}");
    }
    parcours::check(&n).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Names and ids

#[test]
fn empty_and_blank_names_are_invalid_values_naming_the_entity() {
    let e = load_err("empty-names.json");
    let entities: Vec<_> = e
        .problems()
        .iter()
        .map(|p| {
            assert_eq!(p.code, codes::INVALID_VALUE, "{e}");
            assert!(p.message.contains("empty name"), "{p}");
            // Located at the name itself (it had no pointer and printed "(at in `…`)"), and at
            // its line and column in the file.
            assert!(p.pointer.ends_with("/name"), "{p}");
            let (line, column) = (p.line.unwrap(), p.column.unwrap());
            assert!(
                p.to_string().contains(&format!(
                    "(at {}, line {line} column {column}, in `",
                    p.pointer
                )),
                "{p}"
            );
            p.entities[0].clone()
        })
        .collect();
    // The zero-width space is not white space: a name of one invisible character is kept.
    assert_eq!(entities, ["ej-b", "chu-a"], "{e}");
}

#[test]
fn empty_and_padded_ids_are_invalid_values() {
    let e = load_err("empty-ids.json");
    at(&e, "/id", codes::INVALID_VALUE);
    let p = at(&e, "/locations/2/id", codes::INVALID_VALUE);
    assert!(p.message.contains("` padded `"), "{p}");
    at(&e, "/filieres/1/id", codes::INVALID_VALUE);

    let mut v = mini();
    v["sites"][0]["id"] = json!("x".repeat(MAX_ID_BYTES + 1));
    let e = json_err(&v);
    at(&e, "/sites/0/id", codes::INVALID_VALUE);
}

#[test]
fn duplicate_ids_are_reported_with_both_places() {
    let e = load_err("duplicate-ids.json");
    let p = at(&e, "/locations/2/id", codes::DUPLICATE_ID);
    assert!(
        p.message
            .contains("already used by the location at /locations/0"),
        "{p}"
    );
    let p = at(&e, "/groupings/1/id", codes::DUPLICATE_ID);
    assert!(p.message.contains("the site at /sites/0"), "{p}");
    assert_eq!(p.entities.first().map(String::as_str), Some("chu-a"));
}

#[test]
fn ten_thousand_duplicates_are_each_reported_once() {
    let mut v = mini();
    let extra: Vec<Value> = (0..10_000)
        .map(|i| json!({"id": "loc-a", "name": format!("Copy {i}"), "lat": 1, "lon": 1}))
        .collect();
    v["locations"].as_array_mut().unwrap().extend(extra);
    let e = json_err(&v);
    assert_eq!(e.problems().len(), 10_000);
    assert!(e.problems().iter().all(|p| p.code == codes::DUPLICATE_ID));
    assert_eq!(e.problems()[9_999].pointer, "/locations/10001/id");
}

// ---------------------------------------------------------------------------------------------
// Unicode
//
// The core takes `&str`, never bytes: invalid UTF-8 is refused by whoever turns bytes into
// text (`std::str::from_utf8`, Python's and JavaScript's strings) before parcours sees it.

#[test]
fn a_byte_order_mark_is_skipped() {
    assert!(read("bom.json").starts_with('\u{feff}'));
    let n = load("bom.json").unwrap();
    assert_eq!(n.id, "mini");
    let toml = "\u{feff}id = \"n\"\nname = \"x\"\n";
    assert_eq!(Network::from_toml_str(toml).unwrap().id, "n");
    // A BOM anywhere else is text like any other: here, before a field name.
    let e = Network::from_json_str("{\u{feff}\"id\": \"n\", \"name\": \"x\"}").unwrap_err();
    assert_eq!(e.code(), codes::SYNTAX);
}

#[test]
fn invisible_and_bidirectional_control_characters_are_refused_in_ids() {
    let e = load_err("invisible-characters-in-ids.json");
    let p = at(&e, "/sites/1/id", codes::INVALID_VALUE);
    assert!(p.message.contains("U+200B"), "{p}");
    assert!(p.help.as_deref().unwrap().contains("invisible"), "{p}");
    let p = at(&e, "/locations/0/id", codes::INVALID_VALUE);
    assert!(p.message.contains("U+202E"), "{p}");
    // A name may hold any text: the Arabic name with its override is not reported.
    assert!(
        e.problems().iter().all(|p| !p.pointer.contains("name")),
        "{e}"
    );
    for bad in [
        "a\u{0}b",
        "a\nb",
        "a\u{7f}",
        "\u{2066}x\u{2069}",
        "x\u{feff}",
        "x\u{2060}",
    ] {
        let mut v = mini();
        v["sites"][0]["id"] = json!(bad);
        let e = json_err(&v);
        at(&e, "/sites/0/id", codes::INVALID_VALUE);
    }
}

#[test]
fn combining_marks_make_distinct_ids_and_the_hint_names_the_lookalike() {
    let e = load_err("combining-marks.json");
    let p = only(&e, codes::UNKNOWN_REFERENCE);
    assert_eq!(p.pointer, "/capabilities/1/site");
    assert!(p.message.contains("unknown site `ch-b\u{e9}`"), "{p}");
    assert_eq!(p.help.as_deref(), Some("did you mean `ch-be\u{301}`?"));

    // Names in any script, with emoji sequences and stacked marks, load and show unchanged.
    let mut v: Value = serde_json::from_str(&read("combining-marks.json")).unwrap();
    v["capabilities"].as_array_mut().unwrap().pop();
    let n = Network::from_json_str(&v.to_string()).unwrap();
    let engine = Engine::compile(&n).unwrap();
    let d = engine.route(&Case::new("chirurgie", "ch-be\u{301}", date("2020-01-01")));
    assert_eq!(d.target, Some("chu-a"));
    assert!(
        d.target_name
            .unwrap()
            .ends_with("\u{1F469}\u{200D}\u{2695}\u{FE0F}")
    );
    parcours::check(&n).unwrap();
}

#[test]
fn escaped_lone_surrogates_are_syntax_errors() {
    for (text, message) in [
        (
            r#"{"id": "n", "name": "\ud800"}"#,
            "unexpected end of hex escape",
        ),
        (
            r#"{"id": "n", "name": "\ud800\u0041"}"#,
            "lone leading surrogate",
        ),
        (r#"{"id": "n", "name": "\udc00"}"#, "lone leading surrogate"),
    ] {
        let e = Network::from_json_str(text).unwrap_err();
        let p = only(&e, codes::SYNTAX);
        assert!(p.message.contains(message), "{text}: {p}");
        assert_eq!(p.pointer, "/name");
        assert_eq!(p.line, Some(1));
    }
}

// ---------------------------------------------------------------------------------------------
// Size

/// How memberships name their members.
#[derive(Clone, Copy, Debug)]
enum Members {
    Sites,
    LegalEntities,
}

/// A JSON network of `n` sites (each with its location and legal entity), `n` capabilities,
/// `n / 100` GHTs of 100 sites each (the first of each a CHU, their support), `n`
/// memberships naming sites or legal entities, and `n / 100` rules sending level `b` to the
/// GHT's support.
fn big_network(n: usize, members: Members) -> String {
    let mut s = String::with_capacity(n * 400);
    s.push_str(r#"{"id": "big", "name": "Big", "filieres": [{"id": "f", "name": "F", "levels": [{"id": "a"}, {"id": "b"}]}], "locations": ["#);
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        // A grid of about 1,000 km x 700 km, so distances are all different.
        let (row, column) = (
            u32::try_from(i % 317).unwrap(),
            u32::try_from(i / 317).unwrap(),
        );
        let (lat, lon) = (43.0 + f64::from(row) * 0.02, f64::from(column) * 0.03);
        write!(
            s,
            r#"{sep}{{"id": "l{i}", "name": "L{i}", "lat": {lat:.4}, "lon": {lon:.4}}}"#
        )
        .unwrap();
    }
    s.push_str(r#"], "legal_entities": ["#);
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        write!(
            s,
            r#"{sep}{{"id": "e{i}", "name": "E{i}", "legal_status": "public"}}"#
        )
        .unwrap();
    }
    s.push_str(r#"], "sites": ["#);
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        let kind = if i % 100 == 0 { "chu" } else { "hospital" };
        write!(
            s,
            r#"{sep}{{"id": "s{i}", "name": "S{i}", "legal_entity": "e{i}", "kind": "{kind}", "location": "l{i}"}}"#
        )
        .unwrap();
    }
    s.push_str(r#"], "capabilities": ["#);
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        let level = if i % 100 == 0 { "b" } else { "a" };
        write!(
            s,
            r#"{sep}{{"site": "s{i}", "filiere": "f", "level": "{level}"}}"#
        )
        .unwrap();
    }
    let groups = n / 100;
    s.push_str(r#"], "groupings": ["#);
    for g in 0..groups {
        let sep = if g == 0 { "" } else { "," };
        write!(s, r#"{sep}{{"id": "g{g}", "name": "G{g}", "kind": "ght"}}"#).unwrap();
    }
    s.push_str(r#"], "memberships": ["#);
    for i in 0..groups * 100 {
        let sep = if i == 0 { "" } else { "," };
        let role = if i % 100 == 0 { "support" } else { "party" };
        let member = match members {
            Members::Sites => format!("s{i}"),
            Members::LegalEntities => format!("e{i}"),
        };
        write!(
            s,
            r#"{sep}{{"grouping": "g{}", "member": "{member}", "role": "{role}"}}"#,
            i / 100
        )
        .unwrap();
    }
    s.push_str(r#"], "rules": ["#);
    for g in 0..groups {
        let sep = if g == 0 { "" } else { "," };
        write!(
            s,
            r#"{sep}{{"id": "r{g}", "filieres": ["f"], "origin": {{"member_of": "g{g}"}}, "when": {{"level_at_least": "b"}}, "target": {{"grouping_role": {{"grouping": "g{g}", "role": "support"}}}}, "strength": "mandatory", "step": "recourse"}}"#
        )
        .unwrap();
    }
    s.push_str("]}");
    s
}

/// Loads, compiles, routes and checks `big_network(n, members)`.
fn big(n: usize, members: Members) {
    let text = big_network(n, members);
    let t = std::time::Instant::now();
    let net = Network::from_json_str(&text).unwrap();
    let load = t.elapsed();
    let t = std::time::Instant::now();
    assert_eq!(net.sites.len(), n);
    let engine = Engine::compile(&net).unwrap();
    let compile = t.elapsed();
    assert_eq!(engine.site_count(), n);
    // Site 12,345 needs level b: its GHT's support (site 12,300) holds it.
    let (origin, support) = (n / 2 + 45, n / 2);
    let d = engine.route(&Case::new("f", format!("s{origin}"), date("2020-01-01")).level("b"));
    assert_eq!(d.outcome, Outcome::Routed);
    assert_eq!(d.target, Some(format!("s{support}").as_str()));
    let d = engine.route(&Case::new("f", format!("s{origin}"), date("2020-01-01")));
    assert_eq!(d.target, Some(format!("s{origin}").as_str()));
    let t = std::time::Instant::now();
    let report = parcours::check(&net).unwrap();
    let check = t.elapsed();
    assert!(!report.has_errors(), "{report}");
    // Printed for the Limits section of the load module docs; never asserted.
    eprintln!(
        "{n} sites, members {members:?}, {} bytes: load {load:.1?}, compile {compile:.1?}, check {check:.1?}",
        text.len()
    );
}

#[test]
fn a_hundred_thousand_entities_load_compile_route_and_check() {
    // 20,000 each of locations, legal entities, sites, capabilities and memberships, with 200
    // groupings and 200 rules: 100,400 entities, 6.7 MB of JSON.
    big(20_000, Members::Sites);
}

#[test]
fn a_hundred_thousand_entities_with_legal_entity_members() {
    big(20_000, Members::LegalEntities);
}

#[test]
#[ignore = "measurement, not a test: cargo test --release -p parcours --test hostile timings -- \
            --ignored --nocapture"]
fn timings() {
    for n in [10_000, 20_000, 40_000] {
        big(n, Members::Sites);
        big(n, Members::LegalEntities);
    }
    // The checks compare the mandatory rules of a filière pairwise (P010, P011).
    for k in [1_000, 2_000, 4_000] {
        let mut v = mini();
        for i in 0..k {
            let strength = if i % 2 == 0 { "mandatory" } else { "preferred" };
            v["rules"]
                .as_array_mut()
                .unwrap()
                .push(json!({"id": format!("r{i}"),
                "filieres": ["chirurgie"], "target": {"site": "chu-a"},
                "strength": strength, "step": "recourse"}));
        }
        let n = Network::from_json_str(&v.to_string()).unwrap();
        let engine = Engine::compile(&n).unwrap();
        let t = std::time::Instant::now();
        let report = engine.check(&n);
        eprintln!(
            "{k} rules on one filière: check {:.1?}, {} diagnostics",
            t.elapsed(),
            report.len()
        );
    }
}

#[test]
fn fifty_megabytes_load() {
    // Under the limit: a 50 MB description loads.
    let text = format!(
        r#"{{"id": "n", "name": "x", "description": "{}"}}"#,
        "a".repeat(50_000_000)
    );
    assert!(text.len() < MAX_INPUT_BYTES);
    let n = Network::from_json_str(&text).unwrap();
    assert_eq!(n.description.map(|d| d.len()), Some(50_000_000));
    // 50 MB of white space around an empty network.
    let text = format!(
        "{}{{\"id\": \"n\", \"name\": \"x\"}}",
        " ".repeat(50_000_000)
    );
    assert_eq!(Network::from_json_str(&text).unwrap().id, "n");
}

#[test]
fn more_than_sixty_four_mebibytes_is_refused_before_parsing() {
    // Not JSON at all: the size is checked first, so the error is the limit, not the syntax.
    let text = "x".repeat(MAX_INPUT_BYTES + 1);
    for format in [Format::Json, Format::Toml] {
        let e = Network::load(&text, format, "huge.json").unwrap_err();
        let p = only(&e, codes::LIMIT);
        assert_eq!(p.pointer, "");
        assert!(
            p.message.contains(&format!("{}", MAX_INPUT_BYTES + 1)),
            "{p}"
        );
        assert!(p.help.is_some());
        assert_eq!(e.file(), "huge.json");
    }
    // Exactly the limit is accepted by the size check (and then fails as the syntax error it is).
    let e = Network::from_json_str(&text[1..]).unwrap_err();
    assert_eq!(e.code(), codes::SYNTAX);
}

// ---------------------------------------------------------------------------------------------
// Limits on counts

#[test]
fn a_filiere_with_too_many_levels_is_refused() {
    // Level ranks are small integers in the engine: past the limit, levels would merge.
    let mut v = mini();
    let levels: Vec<Value> = (0..300).map(|i| json!({"id": format!("l{i}")})).collect();
    v["filieres"][0]["levels"] = Value::Array(levels);
    v["capabilities"][0]["level"] = json!("l299");
    let e = json_err(&v);
    let p = only(&e, codes::LIMIT);
    assert_eq!(p.pointer, "/filieres/0/levels");
    assert!(p.message.contains("300 levels"), "{p}");
}

#[test]
fn too_many_site_filiere_pairs_are_refused() {
    // 1,001 sites and locations x 10,000 filières: the engine's tables would hold 10 million
    // cells. The file is 600 KB.
    let mut v = mini();
    let filieres: Vec<Value> = (0..10_000)
        .map(|i| json!({"id": format!("f{i}"), "name": "F", "levels": [{"id": "a"}]}))
        .collect();
    v["filieres"] = Value::Array(filieres);
    v["capabilities"] = json!([]);
    v["rules"] = json!([]);
    let locations: Vec<Value> = (0..997)
        .map(|i| json!({"id": format!("x{i}"), "name": "X", "lat": 1, "lon": 1}))
        .collect();
    v["locations"].as_array_mut().unwrap().extend(locations);
    let e = json_err(&v);
    let p = only(&e, codes::LIMIT);
    assert_eq!(p.pointer, "/filieres");
    assert!(p.message.contains("10010000 pairs"), "{p}");
    // One location fewer fits.
    v["locations"].as_array_mut().unwrap().pop();
    v["locations"].as_array_mut().unwrap().pop();
    Network::from_json_str(&v.to_string()).unwrap();
}

/// Groupings in `layers` layers of `width`, each grouping a member of every grouping of the
/// layer above, and one site in each grouping of the last layer.
fn layered_groupings(layers: usize, width: usize) -> Value {
    let mut v = mini();
    let mut groupings = vec![];
    let mut memberships = vec![];
    for l in 0..layers {
        for w in 0..width {
            groupings.push(json!({"id": format!("g{l}-{w}"), "name": "G", "kind": "federation"}));
            if l + 1 < layers {
                for x in 0..width {
                    memberships.push(json!({"grouping": format!("g{l}-{w}"),
                        "member": format!("g{}-{x}", l + 1), "role": "member"}));
                }
            } else {
                memberships.push(json!({"grouping": format!("g{l}-{w}"),
                    "member": "ch-b", "role": "member"}));
            }
        }
    }
    v["groupings"] = Value::Array(groupings);
    v["memberships"] = Value::Array(memberships);
    v["rules"] = json!([]);
    v
}

#[test]
fn nested_groupings_that_multiply_their_members_are_refused() {
    // 8 layers of 12 groupings, 876 memberships in 80 KB: the top grouping alone would expand
    // to 12^7 = 35 million member entries, and all of them to 470 million.
    let v = layered_groupings(8, 12);
    assert!(v.to_string().len() < 100_000);
    let e = json_err(&v);
    let p = only(&e, codes::LIMIT);
    assert_eq!(p.pointer, "/memberships");
    assert_eq!(p.entities.first().map(String::as_str), Some("g0-0"));
    // 8 layers of 6 expand to 6^7 + 6^6 + ... = 335,923 entries per top grouping, 2.4 million
    // in all: accepted, compiled and routed.
    let n = Network::from_json_str(&layered_groupings(8, 6).to_string()).unwrap();
    let engine = Engine::compile(&n).unwrap();
    let d = engine.route(&Case::new("chirurgie", "ch-b", date("2020-01-01")));
    assert_eq!(d.outcome, Outcome::NoRoute);
}

#[test]
fn did_you_mean_hints_stop_at_a_budget_so_broken_files_report_in_linear_time() {
    // 20,000 sites, each naming a legal entity that does not exist among 20,000 others: each
    // hint compares the reference with every legal entity id.
    let mut v = mini();
    let entities: Vec<Value> = (0..20_000)
        .map(|i| json!({"id": format!("entity-{i}"), "name": "E", "legal_status": "public"}))
        .collect();
    let sites: Vec<Value> = (0..20_000)
        .map(|i| {
            json!({"id": format!("s{i}"), "name": "S", "legal_entity": format!("entity-{i}x"),
                   "kind": "hospital", "location": "loc-a"})
        })
        .collect();
    v["legal_entities"].as_array_mut().unwrap().extend(entities);
    v["sites"].as_array_mut().unwrap().extend(sites);
    let e = json_err(&v);
    assert_eq!(e.problems().len(), 20_000);
    let hinted: Vec<bool> = e
        .problems()
        .iter()
        .map(|p| p.help.as_deref().unwrap().starts_with("did you mean"))
        .collect();
    // The first few get a suggestion (each compares with 20,000 ids), then the budget is spent
    // and the rest say what to add: 20,000 full searches would be 400 million comparisons.
    assert_eq!(
        e.problems()[0].help.as_deref(),
        Some("did you mean `entity-0`?")
    );
    let first_without = hinted.iter().position(|h| !h).unwrap();
    assert!((2..=50).contains(&first_without), "{first_without}");
    assert!(hinted[first_without..].iter().all(|h| !h));
    assert_eq!(
        e.problems()[19_999].help.as_deref(),
        Some("add a legal entity with this id, or fix the reference")
    );
}

#[test]
fn twenty_thousand_planned_memberships_are_each_reported() {
    // 20,000 sites in one GHT whose mandatory rule sends them to its support, each joining
    // it later. Two checks were quadratic here (13 s of a debug build, 0.3 s now): P041
    // scanned every membership for each planned one, and the escalation graph scanned every
    // member of the GHT for each origin to find its support.
    let mut v = mini();
    v["rules"][0]["strength"] = json!("mandatory");
    for i in 0..20_000 {
        v["sites"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": format!("s{i}"), "name": "S",
            "legal_entity": "ej-b", "kind": "ehpad", "location": "loc-b"}));
        v["memberships"]
            .as_array_mut()
            .unwrap()
            .push(json!({"grouping": "ght",
            "member": format!("s{i}"), "role": "partner",
            "validity": {"from": "2030-01-01", "status": "planned"}}));
    }
    let n = Network::from_json_str(&v.to_string()).unwrap();
    let report = parcours::check(&n).unwrap();
    let planned: Vec<_> = report.with_code("P041").collect();
    assert_eq!(planned.len(), 20_000);
    let first = planned
        .iter()
        .find(|d| d.pointer == "/memberships/2/validity/status")
        .unwrap();
    assert!(
        first.message.contains("`s0` in `ght` is planned"),
        "{first}"
    );
    assert!(first.message.contains("recours-ght"), "{first}");
}

// ---------------------------------------------------------------------------------------------
// Hostile cases

fn mini_engine() -> Engine {
    Engine::compile(&Network::from_json_str(&mini().to_string()).unwrap()).unwrap()
}

#[test]
fn distance_limits_that_are_no_distance_make_the_case_invalid() {
    let engine = mini_engine();
    let base = Case::new("chirurgie", "ch-b", date("2020-01-01"));
    for km in [
        f64::NAN,
        -1.0,
        (-0.0_f64).next_down(),
        f64::INFINITY,
        f64::NEG_INFINITY,
    ] {
        let case = Case {
            max_distance_km: Some(km),
            ..base.clone()
        };
        let d = engine.route(&case);
        assert_eq!(d.outcome, Outcome::Invalid, "{km}");
        assert_eq!(d.reason, Some(ReasonCode::InvalidDistance), "{km}");
        assert_eq!(engine.route_explained(&case).decision, d);
    }
    for km in [f64::MAX, 1e300, 0.0] {
        let case = Case {
            max_distance_km: Some(km),
            ..base.clone()
        };
        let d = engine.route(&case);
        // CHU A is about 63 km from CH B: any huge limit lets it through, zero does not.
        if km == 0.0 {
            assert_eq!(d.outcome, Outcome::NoRoute, "{km}");
        } else {
            assert_eq!(d.target, Some("chu-a"), "{km}");
        }
    }
}

#[test]
fn distance_limits_through_serde_are_refused_or_located() {
    let base =
        r#"{"filiere": "chirurgie", "origin": "ch-b", "date": "2020-01-01", "max_distance_km": "#;
    for bad in ["1e999", "\"NaN\"", "NaN", "Infinity", "-"] {
        let e = serde_json::from_str::<Case>(&format!("{base}{bad}}}")).unwrap_err();
        assert!(e.line() == 1 && e.column() > 0, "{bad}: {e}");
    }
    let case: Case = serde_json::from_str(&format!("{base}-1e308}}")).unwrap();
    assert_eq!(
        mini_engine().route(&case).reason,
        Some(ReasonCode::InvalidDistance)
    );
}

#[test]
fn coordinates_that_are_no_place_make_the_case_invalid() {
    let engine = mini_engine();
    for (lat, lon) in [
        (f64::NAN, 5.0),
        (47.0, f64::INFINITY),
        (90.000_001, 5.0),
        (47.0, -180.5),
        (f64::MAX, f64::MIN),
    ] {
        let mut case = Case::new("chirurgie", "", date("2020-01-01"));
        case.origin = Origin::Point { lat, lon };
        let d = engine.route(&case);
        assert_eq!(d.outcome, Outcome::Invalid, "{lat} {lon}");
        assert_eq!(d.reason, Some(ReasonCode::InvalidCoordinates));
    }
    let mut case = Case::new("chirurgie", "", date("2020-01-01"));
    case.origin = Origin::Point {
        lat: -90.0,
        lon: 180.0,
    };
    let d = engine.route(&case);
    assert_ne!(d.outcome, Outcome::Invalid);
}

#[test]
fn unknown_ids_in_a_case_are_invalid_or_ignored() {
    let engine = mini_engine();
    let day = date("2020-01-01");
    let d = engine.route(&Case::new("nope", "ch-b", day));
    assert_eq!(d.reason, Some(ReasonCode::UnknownFiliere));
    let d = engine.route(&Case::new("chirurgie", "nope", day));
    assert_eq!(d.reason, Some(ReasonCode::UnknownOrigin));
    let d = engine.route(&Case::new("chirurgie", "ch-b", day).level("nope"));
    assert_eq!(d.reason, Some(ReasonCode::UnknownLevel));
    // Ids of the wrong kind: a grouping as origin, a site as filière.
    let d = engine.route(&Case::new("chirurgie", "ght", day));
    assert_eq!(d.reason, Some(ReasonCode::UnknownOrigin));
    let d = engine.route(&Case::new("chu-a", "ch-b", day));
    assert_eq!(d.reason, Some(ReasonCode::UnknownFiliere));
    // An unknown flag is invalid, named in the message (the network uses no flags).
    let d = engine.route(&Case::new("chirurgie", "ch-b", day).flag("\u{202e}x"));
    assert_eq!(d.reason, Some(ReasonCode::UnknownFlag));
    assert_eq!(
        d.message.as_deref(),
        Some("unknown flag `\u{202e}x`: no filière or rule of the network uses it")
    );
    assert_eq!(
        d.help.as_deref(),
        Some("this network uses no clinical flags: leave `flags` empty")
    );
    // Unknown exclusions and a preferred site are simply not matched.
    let mut case = Case::new("chirurgie", "ch-b", day);
    case.exclude = vec!["nope".into(), String::new()];
    case.preferred_site = Some("nope".into());
    assert_eq!(engine.route(&case).target, Some("chu-a"));
}

#[test]
fn ten_thousand_exclusions_and_flags_route_the_same() {
    let engine = mini_engine();
    let mut case = Case::new("chirurgie", "ch-b", date("2020-01-01"));
    case.exclude = (0..10_000).map(|i| format!("site-{i}")).collect();
    case.age = Some(u16::MAX);
    assert_eq!(engine.route(&case).target, Some("chu-a"));
    // Ten thousand unknown flags: invalid, the first one named.
    let mut flagged = case.clone();
    flagged.flags = (0..10_000).map(|i| format!("flag-{i}")).collect();
    let d = engine.route(&flagged);
    assert_eq!(d.reason, Some(ReasonCode::UnknownFlag));
    assert!(
        d.message
            .as_deref()
            .is_some_and(|m| m.starts_with("unknown flag `flag-0`"))
    );
    case.exclude.push("chu-a".into());
    let d = engine.route(&case);
    assert_eq!(d.outcome, Outcome::NoRoute);
    let x = engine.route_explained(&case);
    assert_eq!(x.decision, d);
    assert!(x.to_string().contains("excluded"), "{x}");
}

#[test]
fn a_batch_of_hostile_cases_is_routed_case_by_case() {
    let engine = mini_engine();
    let day = date("2020-01-01");
    let mut cases = vec![
        Case::new("chirurgie", "ch-b", day),
        Case::new("", "", day),
        Case::new("chirurgie", "ch-b", date("9999-12-31")).level("recours"),
    ];
    cases[0].max_distance_km = Some(f64::NAN);
    let decisions = engine.route_batch(&cases);
    assert_eq!(decisions[0].reason, Some(ReasonCode::InvalidDistance));
    assert_eq!(decisions[1].reason, Some(ReasonCode::UnknownFiliere));
    assert_eq!(decisions[2].target, Some("chu-a"));
    assert_eq!(engine.route_batch_parallel(&cases, 64), decisions);
}
