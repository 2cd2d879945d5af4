//! Loading networks from JSON text: the seed networks and the synthetic national network
//! (about 4,000 sites and 20,000 rules, 14 MB of pretty JSON).
//!
//! `cargo bench -p parcours-benches --bench load`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use parcours::{Format, Network};
use parcours_testkit::synthetic::{self, Params};

fn bench_load(c: &mut Criterion) {
    let mut g = c.benchmark_group("load");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/networks");
    for name in ["sud-haut-marnais", "alliance-ouest-parisien"] {
        let text = std::fs::read_to_string(format!("{dir}/{name}.json")).expect("seed network");
        g.bench_function(name, |b| {
            b.iter(|| Network::load(black_box(&text), Format::Json, name).expect("loads"));
        });
    }
    let national = synthetic::national(&Params::national(), 42).to_json_pretty();
    g.sample_size(10);
    g.bench_function("national", |b| {
        b.iter(|| Network::load(black_box(&national), Format::Json, "national").expect("loads"));
    });
    g.finish();
}

criterion_group!(benches, bench_load);
criterion_main!(benches);
