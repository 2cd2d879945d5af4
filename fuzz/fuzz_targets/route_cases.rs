//! Hostile cases on the real seed networks: the input is a case in JSON (seeded with the cases
//! of examples/cases), routed on every seed network. A case that parses routes without
//! panicking, deterministically, and `route_explained` agrees with `route`.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use parcours::{Case, Engine, Network};

const SEEDS: [&str; 6] = [
    include_str!("../../examples/networks/sud-haut-marnais.json"),
    include_str!("../../examples/networks/alliance-ouest-parisien.json"),
    include_str!("../../examples/networks/groupe-sos.json"),
    include_str!("../../examples/networks/hpsm.json"),
    include_str!("../../examples/networks/sos-medecins.json"),
    include_str!("../../examples/networks/fixtures/escalation.json"),
];

fn engines() -> &'static [Engine] {
    static ENGINES: OnceLock<Vec<Engine>> = OnceLock::new();
    ENGINES.get_or_init(|| {
        SEEDS
            .iter()
            .map(|text| {
                let network = Network::from_json_str(text).expect("seed network loads");
                Engine::compile(&network).expect("seed network compiles")
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(case) = serde_json::from_slice::<Case>(data) else {
        return;
    };
    for engine in engines() {
        let decision = engine.route(&case);
        assert_eq!(decision, engine.route(&case), "routing is deterministic");
        let explained = engine.route_explained(&case);
        assert_eq!(
            explained.decision, decision,
            "route_explained agrees with route"
        );
        let _ = explained.to_string();
        let _ = serde_json::to_string(&explained).expect("an explanation serialises");
    }
});
