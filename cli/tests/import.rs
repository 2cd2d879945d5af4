//! `parcours import finess` end to end on the public example files and hostile inputs.

mod common;
use common::{parcours, refused_saying, repo, stderr};

fn fixture(name: &str) -> String {
    repo(&format!("examples/registers/finess/{name}"))
}

#[test]
fn example_flux_imports_checks_and_routes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fragment.json");
    let report = dir.path().join("report.json");
    let o = parcours(&[
        "import",
        "finess",
        &fixture("structures-excerpt-20260309.json"),
        &fixture("activites-excerpt-20260401.json"),
        "--report",
        report.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("imported 5 legal entities, 3 sites, 19 groupings"),
        "{err}"
    );
    assert!(
        err.contains("warning[R013]") && err.contains("`14967` as its support"),
        "{err}"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("21-52 Côte d'Or-Haute-Marne"));
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(r["stats"]["sites_read"], 7);
    assert!(r["warnings"].as_array().unwrap().len() > 10);

    // The fragment checks (exit 1: the excerpt's GHTs have no member in the file) and routes.
    let check = parcours(&["check", out.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stdout).contains("P020"));
    let cases = dir.path().join("cases.csv");
    std::fs::write(
        &cases,
        "id,filiere,origin,date\nc1,cancer,et-010780195,2024-01-01\n",
    )
    .unwrap();
    let route = parcours(&["route", out.to_str().unwrap(), cases.to_str().unwrap()]);
    assert!(route.status.success(), "{}", stderr(&route));
    assert!(String::from_utf8_lossy(&route.stdout).contains("c1,routed,et-010780195"));
}

#[test]
fn filters_mapping_and_merge() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("merged.json");
    let o = parcours(&[
        "import",
        "finess",
        &fixture("structures-excerpt-20260309.json"),
        "--departement",
        "01",
        "--category",
        "365,109",
        "--open-only",
        "--merge-into",
        &repo("examples/networks/sud-haut-marnais.json"),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("added 1 legal entities, 1 sites"),
        "{}",
        stderr(&o)
    );
    let merged = std::fs::read_to_string(&out).unwrap();
    assert!(merged.contains("et-010780195") && merged.contains("ch-langres"));
    assert_eq!(
        parcours(&["check", out.to_str().unwrap()]).status.code(),
        Some(0)
    );

    let table = dir.path().join("bad.csv");
    std::fs::write(
        &table,
        "filiere;x;X;a\nactivite;AMF;01;*;*;x;b;;bad level\n",
    )
    .unwrap();
    let o = parcours(&[
        "import",
        "finess",
        &fixture("structures-excerpt-20260309.json"),
        "--mapping",
        table.to_str().unwrap(),
    ]);
    refused_saying(&o, "level `b` is not a level of filière `x`");
}

#[test]
fn extract_is_detected_and_reprojected() {
    let o = parcours(&[
        "import",
        "finess",
        &fixture("extract-2026-geolocalisation.csv"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let net: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let lat = net["locations"][1]["lat"].as_f64().unwrap();
    assert!((lat - 16.27).abs() < 0.1, "{lat}");
}

#[test]
fn hostile_inputs_exit_2_with_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.json");
    let text = std::fs::read_to_string(fixture("structures-excerpt-20260309.json")).unwrap();
    std::fs::write(&cut, &text[..5000]).unwrap();
    let o = parcours(&["import", "finess", cut.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("[R001]") && err.contains("line"), "{err}");

    let latin1 = dir.path().join("latin1.csv");
    let mut bytes = b"finess;etalab;111;2026-05-12\nstructureet;010000024;010780054;CH;CH DE BOURG \xc9;;;;;;;;451;01;AIN;01440 VIRIAT;;;355;x;;;;;;;1;;1979-02-13;\n".to_vec();
    bytes.extend_from_slice(
        b"geolocalisation;010000024;870262.2;6571540.8;1,ATLASANTE,96,BAN,EPSG:2154;2026-05-04\n",
    );
    std::fs::write(&latin1, bytes).unwrap();
    let o = parcours(&["import", "finess", latin1.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("CH DE BOURG É"));

    let o = parcours(&[
        "import",
        "finess",
        &fixture("extract-2016-ain.csv"),
        "x.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = parcours(&["import", "finess", "/nonexistent/flux.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read `/nonexistent/flux.json`"));
}
