//! The Rust side of `engine.routeColumns` run natively, for profilers (cachegrind's counts per
//! function show the binding's share of a row next to the core's): the national cases of
//! `examples/national.rs` as pre-encoded columns, routed ROUNDS times (default 10).
//!
//! `cargo build --profile bench -p parcours-wasm --example columns_profile`, then
//! `valgrind --tool=cachegrind target/release/examples/columns_profile target/national 10`

use std::collections::HashMap;

use parcours::{Case, Origin};
use parcours_wasm::{CaseColumns, Network};

fn dictionary(values: impl Iterator<Item = Option<String>>) -> (Vec<i32>, Vec<String>) {
    let mut index: HashMap<String, i32> = HashMap::new();
    let mut distinct = Vec::new();
    let codes = values
        .map(|v| {
            v.map_or(-1, |v| {
                *index.entry(v.clone()).or_insert_with(|| {
                    distinct.push(v);
                    i32::try_from(distinct.len() - 1).unwrap_or(i32::MAX)
                })
            })
        })
        .collect();
    (codes, distinct)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().ok_or("usage: columns_profile DIR [ROUNDS]")?);
    let rounds: usize = args.next().map_or(Ok(10), |n| n.parse())?;
    let text = std::fs::read_to_string(dir.join("national.json"))?;
    let cases: Vec<Case> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("national-cases.json"))?)?;
    let engine = Network::from_json(&text, "en")
        .and_then(|n| n.compile(None, None, None, "en"))
        .map_err(|_| "the network does not compile")?;
    let columns = || -> Result<CaseColumns, wasm_bindgen::JsValue> {
        let mut cols = CaseColumns::new(cases.len());
        let id = |c: &Case| match &c.origin {
            Origin::Id(id) => Some(id.clone()),
            _ => None,
        };
        let point = |c: &Case, f: fn(f64, f64) -> f64| match c.origin {
            Origin::Point { lat, lon } => f(lat, lon),
            _ => f64::NAN,
        };
        for (name, column) in [
            (
                "filiere",
                dictionary(cases.iter().map(|c| Some(c.filiere.clone()))),
            ),
            ("level", dictionary(cases.iter().map(|c| c.level.clone()))),
            ("origin", dictionary(cases.iter().map(id))),
            (
                "flags",
                dictionary(cases.iter().map(|c| Some(c.flags.join(";")))),
            ),
        ] {
            cols.text(name, column.0, column.1)?;
        }
        cols.numbers(
            "lat",
            cases.iter().map(|c| point(c, |lat, _| lat)).collect(),
        )?;
        cols.numbers(
            "lon",
            cases.iter().map(|c| point(c, |_, lon| lon)).collect(),
        )?;
        let age = cases.iter().map(|c| c.age.map_or(f64::NAN, f64::from));
        cols.numbers("age", age.collect())?;
        cols.days(cases.iter().map(|c| c.date.epoch_day()).collect())?;
        Ok(cols)
    };
    let cols = columns().map_err(|_| "bad columns")?;
    let t = std::time::Instant::now();
    let mut rows = 0;
    for _ in 0..rounds {
        let mut out = engine
            .route_columns(&cols)
            .map_err(|_| "routeColumns failed")?;
        rows += out.take_codes("outcome").len();
    }
    println!(
        "{rows} rows, {:?} per row",
        t.elapsed() / u32::try_from(rows.max(1))?
    );
    Ok(())
}
