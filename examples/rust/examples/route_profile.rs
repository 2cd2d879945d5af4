//! Routes the national synthetic network in a loop, for profilers (`perf record`).
fn main() {
    let net = parcours::synthetic::national(&parcours::synthetic::Params::national(), 42);
    let engine = parcours::Engine::compile(&net).expect("compiles");
    let cases = parcours::synthetic::cases(&net, 100_000, 7);
    let t = std::time::Instant::now();
    let mut routed = 0;
    for _ in 0..20 {
        routed += engine
            .route_batch(&cases)
            .iter()
            .filter(|d| d.outcome == parcours::Outcome::Routed)
            .count();
    }
    println!("{routed} routed, {:?} per case", t.elapsed() / 2_000_000);
}
