//! Times the FINESS import of the generated national-size flux, phase by phase, once each
//! (a quick reading besides the criterion bench `registers`).
//!
//! `cargo run --profile bench -p parcours-benches --example finess_import`

use std::time::Instant;

use parcours::registers::{ImportOptions, read_finess_json};
use parcours_benches::finess::{FluxSize, national_flux};

/// CPU seconds (user + system) this process has used, from `/proc/self/stat` (Linux; 0 if
/// unreadable): on a shared machine, wall-clock time counts the other processes' turns too.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&k| f.get(k).and_then(|x| x.parse::<u64>().ok()))
        .sum();
    #[allow(clippy::cast_precision_loss)] // a few thousand ticks
    let secs = ticks as f64 / 100.0;
    secs
}

#[allow(clippy::cast_precision_loss)] // megabytes, for the log line
fn main() {
    let t = Instant::now();
    let (s, a) = national_flux(FluxSize::national(), 7);
    println!(
        "generate: {:.2?} ({:.1} MB + {:.1} MB)",
        t.elapsed(),
        s.len() as f64 / 1e6,
        a.len() as f64 / 1e6
    );
    let t = Instant::now();
    let v: Result<serde::de::IgnoredAny, _> = serde_json::from_str(&s);
    println!(
        "skim structures (IgnoredAny): {:.2?} {}",
        t.elapsed(),
        v.is_ok()
    );
    let t = Instant::now();
    let none = read_finess_json(
        &s,
        "s",
        None,
        "",
        &ImportOptions::default().departements(["ZZ"]),
    )
    .expect("reads");
    println!(
        "structures, every site filtered out: {:.2?} ({} sites)",
        t.elapsed(),
        none.network.sites.len()
    );
    let opts = ImportOptions::default();
    for round in 0..3 {
        let (t, c) = (Instant::now(), cpu_seconds());
        let i = read_finess_json(&s, "s", None, "", &opts).expect("reads");
        let (structures, structures_cpu) = (t.elapsed(), cpu_seconds() - c);
        let (t, c) = (Instant::now(), cpu_seconds());
        let j = read_finess_json(&s, "s", Some(&a), "a", &opts).expect("reads");
        let (both, both_cpu) = (t.elapsed(), cpu_seconds() - c);
        let t = Instant::now();
        let valid = j.network.validate();
        let validate = t.elapsed();
        println!(
            "round {round}: structures {structures:.2?} wall, {structures_cpu:.2} s CPU ({} \
             sites); structures + activities {both:.2?} wall, {both_cpu:.2} s CPU ({} \
             capabilities); validate {validate:.2?} ({})",
            i.network.sites.len(),
            j.network.capabilities.len(),
            match &valid {
                Ok(()) => "valid".to_string(),
                Err(e) => e
                    .to_string()
                    .lines()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join(" | "),
            }
        );
    }
}
