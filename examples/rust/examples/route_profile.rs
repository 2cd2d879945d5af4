//! Routes 100,000 cases × ROUNDS (default 20) on the national synthetic network, for profilers:
//! `cargo build --release -p parcours-examples --example route_profile` then
//! `perf record target/release/examples/route_profile`. Criterion gives the real figures.
fn main() {
    let net = parcours::synthetic::national(&parcours::synthetic::Params::national(), 42);
    let engine = parcours::Engine::compile(&net).expect("the synthetic network compiles");
    let cases = parcours::synthetic::cases(&net, 100_000, 7);
    let rounds: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let t = std::time::Instant::now();
    let mut routed = 0;
    for _ in 0..rounds {
        routed += engine
            .route_batch(&cases)
            .iter()
            .filter(|d| d.outcome == parcours::Outcome::Routed)
            .count();
    }
    println!(
        "{routed} routed, {:?} per case",
        t.elapsed() / (rounds * 100_000).max(1)
    );
}
