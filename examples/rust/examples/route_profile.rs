//! Routes 100,000 cases × ROUNDS (default 20) for profilers, on the national synthetic network
//! or on a network file: `route_profile [ROUNDS] [NETWORK.json]`. Build with
//! `cargo build --release -p parcours-examples --example route_profile`, then run it under
//! `perf record` or `valgrind --tool=cachegrind`. Criterion gives the real figures.
fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let net = match args.next() {
        Some(path) => {
            let text = std::fs::read_to_string(&path).expect("network file readable");
            parcours::Network::load(&text, parcours::Format::from_path(&path), &path)
                .expect("network loads")
        }
        None => parcours_testkit::synthetic::national(
            &parcours_testkit::synthetic::Params::national(),
            42,
        ),
    };
    let engine = parcours::Engine::compile(&net).expect("the network compiles");
    let cases = parcours_testkit::synthetic::cases(&net, 100_000, 7);
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
