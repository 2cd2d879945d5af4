//! Which network a result came from (`parcours::fingerprint`) and the canonical JSON text it
//! hashes (`parcours::canonical`).

use wasm_bindgen::prelude::*;

use crate::{Engine, Network, json};

#[wasm_bindgen(typescript_custom_section)]
const TS_FINGERPRINT: &str = r#"
/** Which network (and reference data) a result came from (core `parcours::Fingerprint`). */
export interface Fingerprint {
  /** Id of the network. */
  network_id: string;
  /** `sha256:<hex>` of the network's canonical JSON (`Network.toCanonicalJson()`): the same
   *  for the JSON and TOML forms of a network, different when one fact changes. */
  hash: string;
  /** `sha256:<hex>` of the travel matrix the engine was compiled with, when it has one. */
  travel_hash?: string;
  /** `sha256:<hex>` of the commune reference used, when set. */
  communes_hash?: string;
}
"#;

#[wasm_bindgen]
impl Network {
    /// The network's fingerprint, as JSON text of a `Fingerprint`.
    #[wasm_bindgen(js_name = fingerprintJson)]
    pub fn fingerprint_json(&self) -> String {
        json(&self.inner.fingerprint())
    }

    /// The network's canonical JSON text (what `parcours fmt` writes), whose SHA-256 is the
    /// fingerprint's `hash`.
    #[wasm_bindgen(js_name = toCanonicalJson)]
    pub fn to_canonical_json(&self) -> String {
        self.inner.to_canonical_json()
    }
}

#[wasm_bindgen]
impl Engine {
    /// The fingerprint of the network (and travel matrix) the engine was compiled from, as JSON
    /// text of a `Fingerprint`.
    #[wasm_bindgen(js_name = fingerprintJson)]
    pub fn fingerprint_json(&self) -> String {
        json(self.inner.fingerprint())
    }
}
