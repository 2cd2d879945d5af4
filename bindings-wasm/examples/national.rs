//! Writes the synthetic national network and cases as JSON, for the Node benchmark
//! (`bench/route.mjs`): the same data as the criterion bench `national/route`.
//!
//! `cargo run --release -p parcours-wasm --example national -- OUT_DIR [CASES]`

use parcours_testkit::synthetic::{self, Params};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().ok_or("usage: national OUT_DIR [CASES]")?);
    let count: usize = args.next().map_or(Ok(10_000), |n| n.parse())?;
    std::fs::create_dir_all(&dir)?;
    let network = synthetic::national(&Params::national(), 42);
    let cases = synthetic::cases(&network, count, 7);
    std::fs::write(dir.join("national.json"), serde_json::to_string(&network)?)?;
    std::fs::write(
        dir.join("national-cases.json"),
        serde_json::to_string(&cases)?,
    )?;
    println!(
        "{} sites, {} cases -> {}",
        network.sites.len(),
        cases.len(),
        dir.display()
    );
    Ok(())
}
