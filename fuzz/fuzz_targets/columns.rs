//! The column readers of the Python `route_batch` and the WebAssembly `routeColumns`:
//! arbitrary rows (text as bytes, UTF-8 or not; days, numbers, booleans, nulls) are interned by
//! `TextColumnBuilder`, read by `CaseColumns` and looked up in a `RowCache` (dense table when
//! every column is a code, keyed map otherwise), on the Sud Haut-Marnais network. No panic; a
//! non-UTF-8 value refuses its column naming a row that holds it; every interned row gives back
//! its value; a row the cache says equals an earlier one fills the same case and gets the same
//! decision; the memo agrees with `route`.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use parcours::batch::{CaseColumns, ColumnError, Memo, RowCache, TextColumnBuilder, blank_case};
use parcours::{Engine, Network};

const IDS: [&str; 8] = [
    "chirurgie", "ch-langres", "ch-chaumont", "loc-dijon-la-chartreuse", "recours",
    "proximite", "most_acute", "2017-10-02",
];

#[derive(Arbitrary, Debug)]
enum Text {
    Known(u8),
    Bytes(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
struct Row {
    filiere: Option<Text>,
    origin: Option<Text>,
    level: Option<Text>,
    date: Option<Text>,
    days: i32,
    flags: Option<Text>,
    age: f64,
    lat: f64,
    ehpad: i8,
}

#[derive(Arbitrary, Debug)]
struct Input {
    rows: Vec<Row>,
    days_column: bool,
    age_column: bool,
    lat_column: bool,
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let text = include_str!("../../examples/networks/sud-haut-marnais.json");
        Engine::compile(&Network::from_json_str(text).expect("seed loads")).expect("compiles")
    })
}

fn bytes(t: &Text) -> &[u8] {
    match t {
        Text::Known(i) => IDS[usize::from(*i) % IDS.len()].as_bytes(),
        Text::Bytes(b) => b,
    }
}

fuzz_target!(|input: Input| {
    let rows = &input.rows[..input.rows.len().min(64)];
    let n = rows.len();
    let mut cols = CaseColumns::new(n);
    let texts: [(&str, fn(&Row) -> &Option<Text>); 4] = [
        ("filiere", |r| &r.filiere),
        ("origin", |r| &r.origin),
        ("level", |r| &r.level),
        ("flags", |r| &r.flags),
    ];
    let mut texts: Vec<_> = texts.to_vec();
    if !input.days_column {
        texts.push(("date", |r| &r.date));
    }
    for (name, field) in texts {
        let mut b = TextColumnBuilder::with_capacity(n);
        for r in rows {
            b.push(field(r).as_ref().map(bytes));
        }
        let col = match b.finish(name) {
            Ok(col) => col,
            Err(ColumnError::NotText { name: col, row }) => {
                assert_eq!(col, name);
                let value = field(&rows[row]).as_ref().map(bytes).expect("a value");
                assert!(std::str::from_utf8(value).is_err(), "row {row} is UTF-8");
                return;
            }
            Err(e) => panic!("unexpected {e}"),
        };
        for (r, &code) in rows.iter().zip(&col.codes) {
            let want = field(r).as_ref().map(bytes);
            let got = usize::try_from(code).ok().map(|c| col.values[c].as_bytes());
            assert_eq!(got, want, "column {name} gives back its rows");
        }
        cols.set_text(name, col).expect("interned codes are in range");
    }
    if input.days_column {
        cols.set_days(rows.iter().map(|r| r.days).collect()).expect("length");
    }
    if input.age_column {
        cols.set_numbers("age", rows.iter().map(|r| r.age).collect()).expect("length");
    }
    if input.lat_column {
        cols.set_numbers("lat", rows.iter().map(|r| r.lat).collect()).expect("length");
        cols.set_numbers("lon", rows.iter().map(|r| r.lat / 2.0).collect()).expect("length");
    }
    cols.set_booleans("ehpad_resident", rows.iter().map(|r| r.ehpad).collect()).expect("length");
    cols.set_default_date("2017-09-15".parse().ok());

    let engine = engine();
    let mut memo = Memo::new(engine);
    let mut cache: RowCache<usize> = RowCache::for_columns(&cols);
    let mut cases = Vec::with_capacity(n);
    for i in 0..n {
        let mut case = blank_case();
        let filled = cols.fill(i, &mut case).map(|()| case);
        let decision = filled.as_ref().ok().map(|c| engine.route(c));
        if let Some(c) = filled.as_ref().ok() {
            assert_eq!(Some(memo.route(c)), decision, "the memo agrees with route");
        }
        match cache.lookup(&cols, i) {
            Ok(j) => {
                let (earlier, earlier_decision): &(Result<_, String>, _) = &cases[j];
                assert_eq!(earlier, &filled, "row {i} equals row {j}");
                assert_eq!(earlier_decision, &decision);
            }
            Err(slot) => cache.insert_row(slot, i),
        }
        cases.push((filled, decision));
    }
});
