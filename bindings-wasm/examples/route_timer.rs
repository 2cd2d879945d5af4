//! The native side of the paired Node/native benchmark (`bench/ratio.mjs`): loads the network
//! and cases that `examples/national.rs` wrote, compiles the engine and builds the `Case`s once,
//! then, for each line read on stdin, routes every case with `Engine::route` (what the criterion
//! bench `national/route` times, one case after the other) and prints the elapsed nanoseconds
//! and the number of routed cases. A line holding a number `k` routes them `k` times and times
//! the last pass only (the first ones warm the caches); an empty line is `1`. It ends at the
//! end of stdin.
//!
//! `cargo build --release -p parcours-wasm --example route_timer`, then
//! `target/release/examples/route_timer target/national`. Given two paths instead of a
//! directory, it reads the network and the cases (a JSON array) from them:
//! `route_timer NETWORK.json CASES.json` (the Python single-call benchmark,
//! `benches/python/bench_route_single.py`, runs it that way).

use std::hint::black_box;
use std::io::{BufRead, Write};

use parcours::{Case, Engine, Network, Outcome};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<std::path::PathBuf> = std::env::args_os().skip(1).map(Into::into).collect();
    let (network_path, cases_path) = match args.as_slice() {
        [dir] => (dir.join("national.json"), dir.join("national-cases.json")),
        [network, cases] => (network.clone(), cases.clone()),
        _ => {
            return Err(
                "usage: route_timer DATA_DIR (from examples/national.rs), or route_timer \
                 NETWORK.json CASES.json"
                    .into(),
            );
        }
    };
    let network = Network::from_json_str(&std::fs::read_to_string(network_path)?)?;
    let engine = Engine::compile(&network)?;
    let cases: Vec<Case> = serde_json::from_str(&std::fs::read_to_string(cases_path)?)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready {}", cases.len())?;
    out.flush()?;
    for line in std::io::stdin().lock().lines() {
        let passes: u32 = line?.trim().parse().unwrap_or(1);
        let (mut ns, mut routed) = (0, 0u32);
        for _ in 0..passes.max(1) {
            let t = std::time::Instant::now();
            routed = 0;
            for case in &cases {
                routed += u32::from(engine.route(black_box(case)).outcome == Outcome::Routed);
            }
            ns = t.elapsed().as_nanos();
        }
        writeln!(out, "{ns} {}", black_box(routed))?;
        out.flush()?;
    }
    Ok(())
}
