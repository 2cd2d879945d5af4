//! The core's batch readers, which the Python `route_batch` and the WebAssembly
//! `routeColumns` run for every row: text interning (`TextColumnBuilder`) and the row cache
//! (`RowCache`, dense table and keyed map), on 100,000 rows shaped like the Python bench's
//! extract (surgery stays of the Sud Haut-Marnais network over six months).
//!
//! `cargo bench -p parcours-benches --bench columns`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use parcours::batch::{CaseColumns, RowCache, TextColumn, TextColumnBuilder};

const ROWS: usize = 100_000;

/// A small deterministic generator (xorshift), so that the rows are the same in every run.
fn picks(n: usize, choices: usize, seed: u64) -> Vec<usize> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            usize::try_from(x % choices as u64).unwrap_or(0)
        })
        .collect()
}

fn origins() -> Vec<String> {
    [
        "ch-chaumont",
        "ch-langres",
        "ch-bourbonne",
        "cmc-chaumont",
        "clinique-compassion-langres",
        "loc-chaumont",
        "loc-langres",
        "loc-bourbonne",
        "loc-dijon",
        "loc-dijon-la-chartreuse",
        "loc-semur-en-auxois",
        "loc-chatillon-sur-seine",
        "loc-auxonne",
        "loc-is-sur-tille",
    ]
    .map(str::to_owned)
    .to_vec()
}

fn days() -> Vec<String> {
    (0..184)
        .map(|d| {
            let date = parcours::Date::from_epoch_day(17_348 + d).expect("a 2017 date");
            date.to_string()
        })
        .collect()
}

fn text(values: &[String], seed: u64) -> TextColumn {
    let codes = picks(ROWS, values.len(), seed)
        .into_iter()
        .map(|c| i32::try_from(c).unwrap_or(0))
        .collect();
    TextColumn {
        codes,
        values: values.to_vec(),
    }
}

fn columns(with_age: bool) -> CaseColumns {
    let mut c = CaseColumns::new(ROWS);
    c.set_text("filiere", text(&["chirurgie".to_owned()], 1))
        .unwrap();
    c.set_text("origin", text(&origins(), 2)).unwrap();
    let levels = ["proximite", "reference", "recours"].map(str::to_owned);
    c.set_text("level", text(&levels, 3)).unwrap();
    c.set_text("date", text(&days(), 4)).unwrap();
    if with_age {
        let ages = picks(ROWS, 3, 5)
            .into_iter()
            .map(|a| 60.0 + f64::from(u8::try_from(a).unwrap_or(0)))
            .collect();
        c.set_numbers("age", ages).unwrap();
    }
    c
}

fn bench_columns(c: &mut Criterion) {
    let mut g = c.benchmark_group("columns");
    g.throughput(Throughput::Elements(ROWS as u64));
    let (origins, days) = (origins(), days());
    let origin_rows: Vec<&[u8]> = picks(ROWS, origins.len(), 2)
        .into_iter()
        .map(|i| origins[i].as_bytes())
        .collect();
    let day_rows: Vec<&[u8]> = picks(ROWS, days.len(), 4)
        .into_iter()
        .map(|i| days[i].as_bytes())
        .collect();
    for (name, rows) in [
        ("intern_origins", &origin_rows),
        ("intern_dates", &day_rows),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut builder = TextColumnBuilder::with_capacity(ROWS);
                for &v in rows {
                    builder.push(Some(v));
                }
                black_box(builder.finish("x").unwrap())
            });
        });
    }
    for (name, cols) in [
        ("row_cache_dense", columns(false)),
        ("row_cache_keyed", columns(true)),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut cache: RowCache<u32> = RowCache::for_columns(&cols);
                let mut hits = 0u32;
                for i in 0..ROWS {
                    match cache.lookup(&cols, i) {
                        Ok(_) => hits += 1,
                        Err(slot) => cache.insert_row(slot, 0),
                    }
                }
                black_box(hits)
            });
        });
    }
    g.finish();
}

criterion_group!(benches, bench_columns);
criterion_main!(benches);
