//! FINESS import of a national-size flux (about 100,000 entities, generated in the real format
//! by `parcours_benches::finess`).
//!
//! `cargo bench -p parcours-benches --bench registers`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use parcours::registers::{ImportOptions, read_finess_json};
use parcours_benches::finess::{FluxSize, national_flux};

#[allow(clippy::cast_precision_loss)] // megabytes, for the log line
fn bench_import(c: &mut Criterion) {
    let (structures, activities) = national_flux(FluxSize::national(), 7);
    let opts = ImportOptions::default();
    let import = read_finess_json(&structures, "s", Some(&activities), "a", &opts)
        .expect("the generated flux reads");
    eprintln!(
        "generated flux: structures {:.1} MB, activities {:.1} MB; {} legal entities + {} \
         establishments read; fragment: {} sites, {} groupings, {} memberships, {} capabilities, \
         {} warnings",
        structures.len() as f64 / 1e6,
        activities.len() as f64 / 1e6,
        import.stats.legal_entities_read,
        import.stats.sites_read,
        import.network.sites.len(),
        import.network.groupings.len(),
        import.network.memberships.len(),
        import.network.capabilities.len(),
        import.warnings.len()
    );
    let mut g = c.benchmark_group("finess");
    g.sample_size(10);
    g.bench_function("import_structures_national", |b| {
        b.iter(|| {
            black_box(
                read_finess_json(black_box(&structures), "s", None, "", &opts).map(|i| i.stats),
            )
        });
    });
    g.bench_function("import_structures_and_activities_national", |b| {
        b.iter(|| {
            black_box(
                read_finess_json(black_box(&structures), "s", Some(&activities), "a", &opts)
                    .map(|i| i.stats),
            )
        });
    });
    g.bench_function("import_and_validate_national", |b| {
        b.iter(|| {
            let i = read_finess_json(black_box(&structures), "s", Some(&activities), "a", &opts)
                .expect("reads");
            black_box(i.network.validate().is_ok())
        });
    });
    g.finish();
}

criterion_group!(benches, bench_import);
criterion_main!(benches);
