//! Territory analysis benchmarks: coverage of one origin per French commune (35,000 synthetic
//! communes) against the synthetic national network.
//!
//! `cargo bench -p parcours-benches --bench analysis`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use parcours::analysis::CoverageQuery;
use parcours::synthetic::{self, Params};
use parcours::{Date, Engine};

fn bench_coverage(c: &mut Criterion) {
    let net = synthetic::national(&Params::national(), 42);
    let engine = Engine::compile(&net).expect("national network compiles");
    let communes = synthetic::communes(35_000, 3);
    let filiere = net.filieres.first().expect("filières").id.clone();
    let date: Date = "2022-06-01".parse().expect("date");
    let mut g = c.benchmark_group("national");
    g.sample_size(10);
    for level in [None, Some(2)] {
        let mut query = CoverageQuery::new(filiere.clone(), date);
        query.level = level.and_then(|l| net.filieres.first()?.levels.get(l).map(|l| l.id.clone()));
        let name = format!(
            "coverage_35000/level_{}",
            query.level.as_deref().unwrap_or("lowest")
        );
        let report = engine.coverage(&communes, &query);
        eprintln!(
            "{name}: {} rows, {:.1} % of the population beyond {} km, {:.1} % with no route",
            report.rows.len(),
            100.0 * report.beyond_threshold / report.population,
            query.threshold,
            100.0 * report.no_route / report.population,
        );
        g.bench_function(&name, |b| {
            b.iter(|| {
                black_box(
                    engine
                        .coverage(black_box(&communes), black_box(&query))
                        .rows
                        .len(),
                )
            });
        });
    }
    g.finish();
}

criterion_group!(benches, bench_coverage);
criterion_main!(benches);
