//! Canonical form and fingerprints: round trips on the seed networks, routing unchanged by
//! canonical order, comments kept in TOML, fingerprints stable across formats and sensitive to
//! every fact.

use parcours_testkit::strategies as common;

use std::path::{Path, PathBuf};

use parcours::canonical::format_toml;
use parcours::{Case, CompileOptions, Engine, Format, Network, TravelEntry};
use proptest::prelude::*;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The seed networks and the fixtures (not the deliberately broken ones).
fn seeds() -> Vec<(String, Network)> {
    let mut out = Vec::new();
    for dir in [
        "examples/networks",
        "examples/networks/fixtures",
        "examples/networks/toml",
    ] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "toml"))
            .collect();
        paths.sort();
        for p in paths {
            let text = std::fs::read_to_string(&p).unwrap();
            let name = p.display().to_string();
            let n = Network::load(&text, Format::from_path(&name), &name).unwrap();
            out.push((name, n));
        }
    }
    assert!(out.len() >= 6, "seed networks not found");
    out
}

/// Every case of the shared case files, with the network each names.
fn seed_cases() -> Vec<(Network, Vec<TravelEntry>, Vec<Case>)> {
    let dir = root().join("examples/cases");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        let file: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let net_path = dir.join(file["network"].as_str().unwrap());
        let net = Network::from_json_str(&std::fs::read_to_string(net_path).unwrap()).unwrap();
        let travel: Vec<TravelEntry> =
            serde_json::from_value(file.get("travel").cloned().unwrap_or_default())
                .unwrap_or_default();
        let cases = file["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| serde_json::from_value(c["case"].clone()).unwrap())
            .collect();
        out.push((net, travel, cases));
    }
    assert!(out.len() >= 5);
    out
}

/// The network with every list reversed, rules included only across strengths and priorities
/// (their order within one strength and priority is meaningful).
fn shuffled(n: &Network) -> Network {
    let mut s = n.clone();
    s.sources.reverse();
    s.locations.reverse();
    s.legal_entities.reverse();
    s.sites.reverse();
    s.filieres.reverse();
    s.groupings.reverse();
    s.memberships.reverse();
    s.capabilities.reverse();
    s.shared_services.reverse();
    s.tele_services.reverse();
    s.events.reverse();
    s.rules
        .sort_by_key(|r| std::cmp::Reverse((r.strength, std::cmp::Reverse(r.priority))));
    s
}

#[test]
fn canonical_json_round_trips_and_is_idempotent() {
    for (name, n) in seeds() {
        let once = n.to_canonical_json();
        let back = Network::from_json_str(&once).unwrap();
        assert_eq!(back, n.canonical(), "{name}: load(fmt(x)) differs from x");
        assert_eq!(
            back.to_canonical_json(),
            once,
            "{name}: fmt(fmt(x)) != fmt(x)"
        );
        assert!(back.is_canonical(), "{name}");
        assert_eq!(
            shuffled(&n).to_canonical_json(),
            once,
            "{name}: order leaks"
        );
    }
}

#[test]
fn canonical_toml_round_trips_and_gives_the_json_fingerprint() {
    for (name, n) in seeds() {
        let toml = format_toml("", &n).unwrap();
        let back = Network::from_toml_str(&toml).unwrap();
        assert_eq!(back, n.canonical(), "{name}: TOML round trip");
        assert_eq!(
            format_toml(&toml, &back).unwrap(),
            toml,
            "{name}: TOML fmt twice"
        );
        assert_eq!(back.fingerprint(), n.fingerprint(), "{name}");
        // From TOML back to JSON: the same text.
        assert_eq!(back.to_canonical_json(), n.to_canonical_json(), "{name}");
        // The layout is plain TOML 1.0: no inline table spans lines.
        for line in toml.lines().filter(|l| l.contains("= {")) {
            let end = line.trim_end_matches(',');
            assert!(end.ends_with('}') || line.contains("} #"), "{name}: {line}");
        }
    }
}

#[test]
fn canonical_order_routes_every_seed_case_the_same() {
    let mut routed = 0;
    for (net, travel, cases) in seed_cases() {
        let options = CompileOptions::default().travel(travel);
        let a = Engine::compile_with(&net, &options).unwrap();
        let b = Engine::compile_with(&net.canonical(), &options).unwrap();
        let c = Engine::compile_with(&shuffled(&net), &options).unwrap();
        for case in &cases {
            let want = a.route_explained(case);
            assert_eq!(b.route_explained(case), want, "{}: {case:?}", net.id);
            assert_eq!(c.route_explained(case), want, "{}: {case:?}", net.id);
            routed += 1;
        }
        assert_eq!(a.fingerprint(), b.fingerprint());
        assert_eq!(a.fingerprint(), c.fingerprint());
    }
    assert!(routed > 50, "{routed}");
}

#[test]
fn the_toml_seeds_have_the_fingerprint_of_their_json_twins() {
    let dir = root().join("examples/networks/toml");
    let mut checked = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let toml = Network::from_toml_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let twin = root()
            .join("examples/networks")
            .join(path.with_extension("json").file_name().unwrap());
        let json = Network::from_json_str(&std::fs::read_to_string(&twin).unwrap()).unwrap();
        assert_eq!(toml.fingerprint(), json.fingerprint(), "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 1);
}

#[test]
fn the_fingerprint_is_the_sha256_of_the_canonical_json() {
    for (name, n) in seeds() {
        let f = n.fingerprint();
        assert_eq!(f.network_id, n.id);
        assert_eq!(
            f.hash,
            parcours::fingerprint::sha256(n.to_canonical_json().as_bytes()),
            "{name}"
        );
        assert_eq!(f.hash.len(), "sha256:".len() + 64);
        assert!(f.short().starts_with(&format!("{}@", n.id)));
        assert_eq!(Engine::compile(&n).unwrap().fingerprint(), &f);
    }
}

#[test]
fn one_changed_fact_changes_the_fingerprint() {
    for (name, n) in seeds() {
        let base = n.fingerprint().hash;
        let mut edits: Vec<Network> = Vec::new();
        let mut e = n.clone();
        e.name.push('.');
        edits.push(e);
        if !n.memberships.is_empty() {
            let mut e = n.clone();
            e.memberships[0].validity.to = Some("2099-12-31".parse().unwrap());
            edits.push(e);
            let mut e = n.clone();
            e.memberships.remove(0);
            edits.push(e);
        }
        if let Some(i) = n.locations.iter().position(|_| true) {
            let mut e = n.clone();
            e.locations[i].lat += 1e-6;
            edits.push(e);
        }
        if !n.rules.is_empty() {
            let mut e = n.clone();
            e.rules[0].priority += 1;
            edits.push(e);
        }
        assert!(edits.len() >= 3, "{name}");
        for (i, e) in edits.iter().enumerate() {
            assert_ne!(e.fingerprint().hash, base, "{name}: edit {i} kept the hash");
        }
    }
}

#[test]
fn swapping_two_rules_of_one_strength_and_priority_changes_the_fingerprint() {
    let n = seeds()
        .into_iter()
        .map(|(_, n)| n)
        .find(|n| {
            n.rules
                .windows(2)
                .any(|w| w[0].strength == w[1].strength && w[0].priority == w[1].priority)
        })
        .expect("a seed with two rules of one strength and priority");
    let i = n
        .rules
        .windows(2)
        .position(|w| w[0].strength == w[1].strength && w[0].priority == w[1].priority)
        .unwrap();
    let mut swapped = n.clone();
    swapped.rules.swap(i, i + 1);
    assert_ne!(swapped.fingerprint(), n.fingerprint());
    assert_ne!(swapped.to_canonical_json(), n.to_canonical_json());
}

#[test]
fn the_travel_matrix_has_its_own_hash() {
    let (net, travel, _) = seed_cases()
        .into_iter()
        .find(|(_, t, _)| !t.is_empty())
        .expect("a case file with a travel matrix");
    let plain = Engine::compile(&net).unwrap();
    assert_eq!(plain.fingerprint().travel_hash, None);
    let with =
        Engine::compile_with(&net, &CompileOptions::default().travel(travel.clone())).unwrap();
    let t = with.fingerprint().travel_hash.clone().unwrap();
    assert!(t.starts_with("sha256:"));
    assert_eq!(with.fingerprint().hash, plain.fingerprint().hash);
    let mut reversed = travel.clone();
    reversed.reverse();
    let again = Engine::compile_with(&net, &CompileOptions::default().travel(reversed)).unwrap();
    assert_eq!(again.fingerprint(), with.fingerprint());
    let mut changed = travel;
    let first = &mut changed[0];
    first.km = Some(first.km.unwrap_or(0.0) + 1.0);
    let other = Engine::compile_with(&net, &CompileOptions::default().travel(changed)).unwrap();
    assert_ne!(other.fingerprint().travel_hash, Some(t));
    assert!(with.fingerprint().short().contains("+travel@"));
}

const COMMENTED: &str = r#"# Header comment of the file
# second line

id = "n" # the id
name = "N"

# About the sources
[[sources]]
# the second source in canonical order
id = "zz"
url = "https://z.example" # trailing on url

[[sources]]
id = "aa"
url = "https://a.example"

[[locations]]
id = "l"
name = "L"
lat = 48.0
lon = 5.0

[[sites]]
id = "s"
name = "S"
legal_entity = "e"
kind = "hospital"
location = "l"
tags = [
  "a", # tag a
  "b",
]
# validity block
[sites.validity]
from = "2017" # the year only
precision = "year"

[[legal_entities]]
id = "e"
name = "E"
legal_status = "public"
# dropped default
note = "kept"

# end of file
"#;

#[test]
fn toml_comments_follow_their_records() {
    let n = Network::from_toml_str(COMMENTED).unwrap();
    let out = format_toml(COMMENTED, &n).unwrap();
    assert!(
        out.starts_with("# Header comment of the file\n# second line\n\n"),
        "{out}"
    );
    assert!(out.contains("id = \"n\" # the id\n"), "{out}");
    // `zz` moved after `aa`, with its comments.
    let aa = out.find("id = \"aa\"").unwrap();
    let zz = out
        .find(
            "# About the sources\n[[sources]]\n# the second source in canonical order\nid = \"zz\"",
        )
        .unwrap();
    assert!(aa < zz, "{out}");
    assert!(
        out.contains("url = \"https://z.example\" # trailing on url\n"),
        "{out}"
    );
    // Comments inside an array or a nested table go above its (inline) key.
    assert!(out.contains("# tag a\ntags = ["), "{out}");
    assert!(
        out.contains("# validity block\n# the year only\nvalidity = { from = \"2017-01-01\", precision = \"year\" }"),
        "{out}"
    );
    assert!(out.contains("# dropped default\nnote = \"kept\""), "{out}");
    assert!(out.ends_with("# end of file\n"), "{out}");
    // Same facts, and formatting twice changes nothing.
    let back = Network::from_toml_str(&out).unwrap();
    assert_eq!(back, n.canonical());
    assert_eq!(format_toml(&out, &back).unwrap(), out);
    assert_eq!(back.fingerprint(), n.fingerprint());
}

#[test]
fn toml_formatting_reports_an_original_that_is_not_toml() {
    let n = Network::from_toml_str(COMMENTED).unwrap();
    let e = format_toml("id = [\n", &n).unwrap_err();
    assert_eq!(e.code(), "L001");
    assert!(e.problems()[0].line.is_some());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// On random networks: canonical order routes every case the same, the fingerprint ignores
    /// list order, and the canonical JSON round-trips.
    #[test]
    fn canonical_order_keeps_routing((n, cases) in common::network_and_cases(common::network(), 12)) {
        let a = Engine::compile(&n).unwrap();
        let c = n.canonical();
        let b = Engine::compile(&c).unwrap();
        let s = Engine::compile(&shuffled(&n)).unwrap();
        for case in &cases {
            prop_assert_eq!(b.route(case), a.route(case));
            prop_assert_eq!(s.route(case), a.route(case));
        }
        prop_assert_eq!(a.fingerprint(), s.fingerprint());
        let json = n.to_canonical_json();
        prop_assert_eq!(&json, &format!("{}\n", c.to_json_pretty()));
        prop_assert_eq!(Network::from_json_str(&json).unwrap(), c.clone());
        let toml = format_toml("", &n).unwrap();
        prop_assert_eq!(Network::from_toml_str(&toml).unwrap(), c);
    }
}
