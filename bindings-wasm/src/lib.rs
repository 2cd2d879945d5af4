//! WebAssembly bindings of parcours.
use wasm_bindgen::prelude::*;

/// A network.
#[wasm_bindgen]
pub struct Network {
    inner: parcours::Network,
}

#[wasm_bindgen]
impl Network {
    /// Id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }
}
