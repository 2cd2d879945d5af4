//! Rough timing of the national synthetic network (criterion gives the real figures).
fn main() {
    let t = std::time::Instant::now();
    let net = parcours::synthetic::national(&parcours::synthetic::Params::national(), 42);
    println!(
        "generate: {:?} ({} sites, {} rules, {} memberships)",
        t.elapsed(),
        net.sites.len(),
        net.rules.len(),
        net.memberships.len()
    );
    let t = std::time::Instant::now();
    let engine = parcours::Engine::compile(&net).unwrap();
    println!("compile: {:?}", t.elapsed());
    let cases = parcours::synthetic::cases(&net, 200_000, 7);
    let t = std::time::Instant::now();
    let d = engine.route_batch(&cases);
    let el = t.elapsed();
    let routed = d
        .iter()
        .filter(|d| d.outcome == parcours::Outcome::Routed)
        .count();
    println!(
        "route: {:?} per case, routed {routed}/{}",
        el / cases.len() as u32,
        cases.len()
    );
    let mut steps = std::collections::BTreeMap::new();
    for x in &d {
        *steps.entry(format!("{:?}", x.step)).or_insert(0) += 1;
    }
    println!("{steps:?}");
    let t = std::time::Instant::now();
    let mut n = 0;
    for c in cases.iter().take(20_000) {
        n += engine.route_explained(c).trace.len();
    }
    println!(
        "explained: {:?} per case ({n} trace entries)",
        t.elapsed() / 20_000
    );
}
