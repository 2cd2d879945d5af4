//! Territory analysis benchmarks: coverage of one origin per French commune (35,000 synthetic
//! communes) against the synthetic national network.
//!
//! `cargo bench -p parcours-benches --bench analysis`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use parcours::analysis::CoverageQuery;
use parcours::{Date, Engine};
use parcours_testkit::synthetic::{self, Params};

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
        let report = engine.coverage(&communes, &query).unwrap();
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
                        .map(|r| r.rows.len()),
                )
            });
        });
    }
    g.finish();
}

/// Three levels of the first filière in one run: the target is 35,000 communes × 3 levels ≤ 1 s.
fn bench_coverage_three_levels(c: &mut Criterion) {
    let net = synthetic::national(&Params::national(), 42);
    let engine = Engine::compile(&net).expect("national network compiles");
    let communes = synthetic::communes(35_000, 3);
    let filiere = net.filieres.first().expect("filières");
    let date: Date = "2022-06-01".parse().expect("date");
    let queries: Vec<CoverageQuery> = filiere
        .levels
        .iter()
        .take(3)
        .map(|l| {
            let mut q = CoverageQuery::new(filiere.id.clone(), date);
            q.level = Some(l.id.clone());
            q
        })
        .collect();
    let mut g = c.benchmark_group("national");
    g.sample_size(10);
    g.bench_function("coverage_35000_x3_levels", |b| {
        b.iter(|| {
            queries
                .iter()
                .map(|q| {
                    engine
                        .coverage(black_box(&communes), q)
                        .map_or(0, |r| r.rows.len())
                })
                .sum::<usize>()
        });
    });
    g.finish();
}

/// People routed from their commune with the real reference (`examples/reference/`): 1,000,000
/// surgery cases of Haute-Marne residents, communes drawn by population, through a `Memo` (as
/// `route_batch` does).
fn bench_commune_origins(c: &mut Criterion) {
    use parcours::reference::Communes;
    use parcours::{Case, CompileOptions, Network, Origin};
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let read = |p: &str| std::fs::read_to_string(format!("{root}/{p}")).expect("reference file");
    let refs = Communes::from_csv(&read("examples/reference/communes.csv"), "communes.csv")
        .expect("reference");
    let net = Network::from_json_str(&read("examples/networks/sud-haut-marnais.json"))
        .expect("seed network");
    let engine = Engine::compile_with(&net, &CompileOptions::default().communes(refs.clone()))
        .expect("compiles");
    let pool: Vec<(&str, u64)> = refs
        .in_departement("52")
        .map(|c| (c.code.as_str(), c.population.unwrap_or(0)))
        .collect();
    let total: u64 = pool.iter().map(|p| p.1).sum();
    let mut rng = synthetic::Rng::new(52);
    let cases: Vec<Case> = (0..1_000_000)
        .map(|i| {
            let mut pick = rng.next_u64() % total;
            let code = pool
                .iter()
                .find(|(_, p)| {
                    let hit = pick < *p;
                    pick = pick.saturating_sub(*p);
                    hit
                })
                .map_or("52269", |(c, _)| *c);
            let date = if i % 2 == 0 {
                "2017-09-15"
            } else {
                "2018-03-01"
            };
            let mut case =
                Case::new("chirurgie", "", date.parse().expect("date")).level("reference");
            case.origin = Origin::Commune {
                commune: code.to_owned(),
            };
            case
        })
        .collect();
    let mut g = c.benchmark_group("communes");
    g.sample_size(10);
    g.bench_function("route_1m_commune_origins_memo", |b| {
        b.iter(|| black_box(engine.route_batch(black_box(&cases)).len()));
    });
    g.finish();
}

criterion_group!(
    benches,
    bench_coverage,
    bench_coverage_three_levels,
    bench_commune_origins
);
criterion_main!(benches);
