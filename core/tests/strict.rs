//! Strict by default, clear always (issue 16): each mistake that used to give a silent wrong
//! answer is now an invalid case, or an error, whose message names the value and suggests the
//! closest known one; the case id is echoed in every decision.

use parcours::{Case, CaseId, Engine, Format, Network, Outcome, ReasonCode};

fn shm() -> Engine {
    let path = format!(
        "{}/../examples/networks/sud-haut-marnais.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let n = Network::load(
        &std::fs::read_to_string(&path).unwrap(),
        Format::Json,
        &path,
    )
    .unwrap();
    Engine::compile(&n).unwrap()
}

fn case(json: &str) -> Case {
    serde_json::from_str(json).unwrap()
}

const SURGERY: &str = r#""filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02""#;

/// The invalid decision of a case: its reason, message and help.
fn invalid(engine: &Engine, json: &str) -> (ReasonCode, String, String) {
    let d = engine.route(&case(json));
    assert_eq!(d.outcome, Outcome::Invalid, "{json}: {d:?}");
    let text = d.to_string();
    let (message, help) = (d.message.unwrap(), d.help.unwrap_or_default());
    assert!(text.contains(&message), "{text}");
    (d.reason.unwrap(), message, help)
}

#[test]
fn a_misspelt_flag_is_invalid_not_ignored() {
    let engine = shm();
    // `most-acute` used to be ignored: the case routed at the lowest level, to Langres.
    let (reason, message, help) = invalid(
        &engine,
        &format!(r#"{{{SURGERY}, "flags": ["most-acute"]}}"#),
    );
    assert_eq!(reason, ReasonCode::UnknownFlag);
    assert_eq!(
        message,
        "unknown flag `most-acute`: no filière or rule of the network uses it"
    );
    assert_eq!(help, "did you mean `most_acute`?");
    // The known flag still routes at the level it implies.
    let d = engine.route(&case(&format!(r#"{{{SURGERY}, "flags": ["most_acute"]}}"#)));
    assert_eq!((d.target, d.level), (Some("chu-dijon"), Some("recours")));
    // The explanation says it too.
    let e = engine.route_explained(&case(&format!(r#"{{{SURGERY}, "flags": ["most-acute"]}}"#)));
    assert!(e.to_string().contains("did you mean `most_acute`?"), "{e}");
}

#[test]
fn unknown_values_are_named_with_the_closest_known_one() {
    let engine = shm();
    let (reason, message, help) = invalid(
        &engine,
        r#"{"filiere": "chirugie", "origin": "ch-langres", "date": "2017-10-02"}"#,
    );
    assert_eq!(reason, ReasonCode::UnknownFiliere);
    assert_eq!(message, "unknown filière `chirugie`");
    assert_eq!(help, "did you mean `chirurgie`?");

    let (reason, message, help) = invalid(&engine, &format!(r#"{{{SURGERY}, "level": "recour"}}"#));
    assert_eq!(reason, ReasonCode::UnknownLevel);
    assert_eq!(
        message,
        "unknown level `recour` for the filière `chirurgie`"
    );
    assert_eq!(help, "did you mean `recours`?");

    let (_, _, help) = invalid(&engine, &format!(r#"{{{SURGERY}, "level": "3"}}"#));
    assert_eq!(
        help,
        "the levels of `chirurgie`, lowest first, are: `proximite`, `reference`, `recours`"
    );

    let (reason, message, help) = invalid(
        &engine,
        r#"{"filiere": "chirurgie", "origin": "ch-langre", "date": "2017-10-02"}"#,
    );
    assert_eq!(reason, ReasonCode::UnknownOrigin);
    assert_eq!(
        message,
        "unknown origin `ch-langre`: neither a site nor a location of the network"
    );
    assert_eq!(help, "did you mean `ch-langres`?");

    let (_, _, help) = invalid(
        &engine,
        r#"{"filiere": "cardiologie", "origin": "ch-langres", "date": "2017-10-02"}"#,
    );
    assert_eq!(help, "the network's filières are: `chirurgie`");
}

#[test]
fn the_case_id_is_echoed_whatever_its_type() {
    let engine = shm();
    for (json, id) in [
        (
            format!(r#"{{"id": "stay-1", {SURGERY}}}"#),
            Some(CaseId::from("stay-1")),
        ),
        (
            format!(r#"{{"id": 42, {SURGERY}}}"#),
            Some(CaseId::Number(42)),
        ),
        (format!("{{{SURGERY}}}"), None),
        // Invalid cases echo it too.
        (
            format!(r#"{{"id": 7, {SURGERY}, "level": "nope"}}"#),
            Some(CaseId::Number(7)),
        ),
    ] {
        let c = case(&json);
        assert_eq!(engine.route(&c).id, id, "{json}");
        assert_eq!(engine.route_explained(&c).decision.id, id, "{json}");
        let batch = engine.route_batch(&[c.clone(), c.clone()]);
        assert!(batch.iter().all(|d| d.id == id), "{json}");
        // The JSON of the decision gives it back as it came.
        let value = serde_json::to_value(engine.route(&c)).unwrap();
        let given: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value.get("id"), given.get("id"), "{json}");
    }
    // The memo gives a remembered decision back with each case's own id.
    let mut memo = parcours::Memo::new(&engine);
    let a = case(&format!(r#"{{"id": 1, {SURGERY}}}"#));
    let b = case(&format!(r#"{{"id": 2, {SURGERY}}}"#));
    assert_eq!(memo.route(&a).id, Some(CaseId::Number(1)));
    assert_eq!(memo.route(&b).id, Some(CaseId::Number(2)));
    assert_eq!(memo.stats().hits, 1);
}

/// Issue 16: a single case took `origin: {lat, lon}` while batches take `lat`/`lon` columns,
/// and refused the plain-string flag batches accept. One shape now.
#[test]
fn a_single_case_reads_in_the_shape_of_a_batch_row() {
    let engine = shm();
    let point = case(
        r#"{"filiere": "chirurgie", "origin": {"lat": 47.86, "lon": 5.33}, "date": "2017-10-02"}"#,
    );
    let row = case(r#"{"filiere": "chirurgie", "lat": 47.86, "lon": 5.33, "date": "2017-10-02"}"#);
    assert_eq!(row, point);
    assert_eq!(engine.route(&row), engine.route(&point));
    let listed = case(&format!(
        r#"{{{SURGERY}, "flags": ["most_acute"], "exclude": ["a", "b"]}}"#
    ));
    for text in [
        format!(r#"{{{SURGERY}, "flags": "most_acute", "exclude": "a;b"}}"#),
        format!(r#"{{{SURGERY}, "flags": " most_acute ; ", "exclude": "a ; b"}}"#),
    ] {
        assert_eq!(case(&text), listed, "{text}");
    }
    // Written back in the canonical shape.
    let json = serde_json::to_value(&row).unwrap();
    assert_eq!(
        json["origin"],
        serde_json::json!({"lat": 47.86, "lon": 5.33})
    );
    assert!(json.get("lat").is_none());
}

/// Messages say what is expected in the case format's terms, never Rust's (`expected u16`,
/// `untagged enum Origin`).
#[test]
fn case_errors_speak_the_case_format() {
    for (json, expected) in [
        (
            format!(r#"{{{SURGERY}, "age": -3}}"#),
            "invalid value `-3`, expected an age in whole years, from 0 to 65535",
        ),
        (
            format!(r#"{{{SURGERY}, "age": 12.5}}"#),
            "expected an age in whole years",
        ),
        (
            format!(r#"{{{SURGERY}, "max_distance_km": "far"}}"#),
            "invalid value `\"far\"`, expected a distance in km",
        ),
        (
            format!(r#"{{{SURGERY}, "id": 1.5}}"#),
            "expected an id: text or a whole number",
        ),
        (
            format!(r#"{{{SURGERY}, "flags": 3}}"#),
            "expected a list of text, or one text of `;`-separated values",
        ),
        (
            r#"{"filiere": "chirurgie", "origin": {"lat": 47.8}, "date": "2017-10-02"}"#.into(),
            "an origin object is {\"lat\", \"lon\"} (both)",
        ),
        (
            r#"{"filiere": "chirurgie", "origin": 52, "date": "2017-10-02"}"#.into(),
            "expected an origin: a site or location id, or {\"lat\", \"lon\"}",
        ),
        (
            r#"{"filiere": "chirurgie", "origin": {"insee": "52269"}, "date": "2017-10-02"}"#
                .into(),
            "unknown field `insee`, expected one of `lat`, `lon`, `commune`, `postal_code`, `finess`",
        ),
        (
            format!(r#"{{{SURGERY}, "lat": 47.8, "lon": 5.3}}"#),
            "give the origin once: `origin`",
        ),
        (
            r#"{"filiere": "chirurgie", "lat": 47.8, "date": "2017-10-02"}"#.into(),
            "give both `lat` and `lon`, or neither",
        ),
        (
            r#"{"filiere": "chirurgie", "date": "2017-10-02"}"#.into(),
            "give the origin once: `origin`",
        ),
    ] {
        let e = serde_json::from_str::<Case>(&json).unwrap_err().to_string();
        assert!(e.contains(expected), "{json}: {e}");
        for rust in ["u16", "f64", "i64", "untagged", "enum "] {
            assert!(!e.contains(rust), "{json}: {e}");
        }
    }
}
