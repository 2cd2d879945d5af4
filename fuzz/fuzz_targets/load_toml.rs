//! TOML loading: any bytes. Loading never panics; a loaded network serialises to JSON that loads
//! again with the same ids.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parcours::Network;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Network::from_toml_str(text) {
        Ok(network) => {
            let again = Network::from_json_str(&network.to_json_pretty())
                .expect("a network loaded from TOML serialises to JSON that loads");
            assert_eq!(again.id, network.id);
            assert_eq!(again.sites.len(), network.sites.len());
        }
        Err(e) => {
            assert!(!e.problems().is_empty(), "an error names its problems");
            let _ = e.to_string();
        }
    }
});
