//! Compile and route: an arbitrary structured network (`parcours_fuzz::FuzzNetwork`) and cases.
//!
//! Compiling never panics and fails only with load problems; routing never panics, is
//! deterministic, agrees with `route_explained` and `route_batch`, and a routed case names a
//! site of the network.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parcours::{Engine, Outcome};
use parcours_fuzz::{FuzzCase, FuzzNetwork};

fuzz_target!(|input: (FuzzNetwork, Vec<FuzzCase>)| {
    let (fuzz_network, fuzz_cases) = input;
    let network = fuzz_network.network();
    let engine = match Engine::compile(&network) {
        Ok(engine) => engine,
        Err(e) => {
            assert!(!e.problems().is_empty(), "an error names its problems");
            return;
        }
    };
    let cases: Vec<_> = fuzz_cases.iter().map(|c| c.case(&network)).collect();
    let decisions = engine.route_batch(&cases);
    assert_eq!(decisions.len(), cases.len());
    for (case, batch) in cases.iter().zip(&decisions) {
        let decision = engine.route(case);
        assert_eq!(&decision, batch, "route and route_batch agree");
        assert_eq!(decision, engine.route(case), "routing is deterministic");
        let explained = engine.route_explained(case);
        assert_eq!(
            explained.decision, decision,
            "route_explained agrees with route"
        );
        let _ = explained.to_string();
        match decision.outcome {
            Outcome::Routed => {
                let target = decision.target.expect("a routed case has a target");
                assert!(
                    network.sites.iter().any(|s| s.id == target),
                    "target `{target}` is a site"
                );
                assert!(!case.exclude.iter().any(|x| x == target), "excluded target");
            }
            Outcome::NoRoute | Outcome::Invalid => {
                assert!(decision.target.is_none());
                assert!(decision.reason.is_some(), "no route or invalid says why");
            }
        }
    }
});
