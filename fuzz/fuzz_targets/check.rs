//! Checks (`parcours::check`) of an arbitrary structured network: never panic, fail only when
//! the network does not load, and every counterexample case routes without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parcours::Engine;
use parcours_fuzz::FuzzNetwork;

fuzz_target!(|input: FuzzNetwork| {
    let network = input.network();
    match parcours::check(&network) {
        Ok(report) => {
            let _ = report.to_string();
            let engine = Engine::compile(&network).expect("a checked network compiles");
            for d in &report.diagnostics {
                assert!(d.code.family() == parcours::Family::Check, "diagnostic code {}", d.code);
                if let Some(case) = &d.counterexample {
                    let _ = engine.route_explained(case).to_string();
                }
            }
        }
        Err(e) => assert!(!e.problems().is_empty(), "an error names its problems"),
    }
});
