//! Routing and compile benchmarks: seed networks and the synthetic national network.
//!
//! `cargo bench -p parcours-benches --bench route`

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use parcours::{Case, Engine, Network};
use parcours_testkit::synthetic::{self, Params};

fn seeds() -> Vec<(String, Network)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/networks");
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    for p in paths {
        if p.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&p).expect("read seed network");
            let name = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let net = Network::load(&text, parcours::Format::Json, &p.to_string_lossy())
                .expect("seed network loads");
            out.push((name, net));
        }
    }
    out
}

fn bench_national(c: &mut Criterion) {
    let net = synthetic::national(&Params::national(), 42);
    let engine = Engine::compile(&net).expect("national network compiles");
    let cases: Vec<Case> = synthetic::cases(&net, 10_000, 7);
    let mut g = c.benchmark_group("national");
    g.sample_size(10);
    g.bench_function("compile", |b| {
        b.iter(|| Engine::compile(black_box(&net)).expect("compiles"));
    });
    g.finish();
    let mut g = c.benchmark_group("national");
    let mut i = 0;
    g.bench_function("route", |b| {
        b.iter(|| {
            i = (i + 1) % cases.len();
            black_box(engine.route(black_box(&cases[i])).outcome)
        });
    });
    g.bench_function("route_explained", |b| {
        b.iter(|| {
            i = (i + 1) % cases.len();
            black_box(
                engine
                    .route_explained(black_box(&cases[i]))
                    .alternatives
                    .len(),
            )
        });
    });
    g.bench_function("route_batch_10k", |b| {
        b.iter_batched(
            || (),
            |()| black_box(engine.route_batch(&cases).len()),
            BatchSize::SmallInput,
        );
    });
    g.finish();
}

fn bench_seeds(c: &mut Criterion) {
    let mut g = c.benchmark_group("seeds");
    for (name, net) in seeds() {
        let engine = Engine::compile(&net).expect("seed compiles");
        let cases = synthetic::cases(&net, 1_000, 3);
        if cases.is_empty() {
            continue;
        }
        let mut i = 0;
        g.bench_function(format!("{name}/route"), |b| {
            b.iter(|| {
                i = (i + 1) % cases.len();
                black_box(engine.route(black_box(&cases[i])).outcome)
            });
        });
        g.bench_function(format!("{name}/route_explained"), |b| {
            b.iter(|| {
                i = (i + 1) % cases.len();
                black_box(engine.route_explained(black_box(&cases[i])).trace.len())
            });
        });
    }
    g.finish();
}

criterion_group!(benches, bench_national, bench_seeds);
criterion_main!(benches);
