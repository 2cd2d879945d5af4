//! WebAssembly bindings of parcours (wasm-bindgen).
//!
//! This crate converts and delegates: every rule, check and message comes from the `parcours`
//! core. Use it through the hand-written wrapper `js/index.mjs`, which turns the error payloads
//! thrown here into `ParcoursError` instances (an `Error` subclass with `code` and `details`)
//! and loads the module in Node and browsers.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use parcours::{Error, Format, Problem};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** How many entities of each kind a network holds. */
export interface Summary {
  id: string;
  name: string;
  legal_entities: number;
  sites: number;
  locations: number;
  filieres: number;
  groupings: number;
  /** Groupings by kind (`ght`, `gcs_moyens`…), sorted by kind. */
  groupings_by_kind: Record<string, number>;
  memberships: number;
  capabilities: number;
  rules: number;
  shared_services: number;
  tele_services: number;
  sources: number;
}

/** One thing wrong with a network file. */
export interface Problem {
  /** Stable code: `L001` syntax, `L002` format, `L003` duplicate id, `L004` unknown reference,
   *  `L005` wrong kind, `L006` invalid value, `L007` version, `L008` limit. */
  code: string;
  /** What is wrong, in one lowercase line. */
  message: string;
  /** JSON pointer to the offending value (`/sites/3/legal_entity`); empty for the whole file. */
  pointer: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
  /** Id of the entity the problem is in, when it has one. */
  entity?: string;
  /** What to do about it. */
  hint?: string;
}

/** What the compiled module throws when a network does not load; js/index.mjs turns it into a
 *  `ParcoursError`. */
export interface LoadErrorPayload {
  name: "ParcoursError";
  message: string;
  code: string;
  file: string;
  details: Problem[];
}
"#;

/// The error payload thrown to JS (see `LoadErrorPayload` above).
#[derive(Serialize)]
struct LoadErrorPayload<'a> {
    name: &'static str,
    message: String,
    code: &'static str,
    file: &'a str,
    details: &'a [Problem],
}

/// Converts serialisable data to plain JS objects (maps become objects, not `Map`s).
fn to_js<T: Serialize + ?Sized>(data: &T) -> Result<JsValue, JsValue> {
    data.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(JsValue::from)
}

fn load_error(err: &Error) -> JsValue {
    let payload = LoadErrorPayload {
        name: "ParcoursError",
        message: err.to_string(),
        code: err.code(),
        file: err.file(),
        details: err.problems(),
    };
    to_js(&payload).unwrap_or_else(|e| e)
}

/// The error without lines and columns, which would point into text the caller never saw.
fn without_positions(err: Error) -> Error {
    match err {
        Error::Load { file, problems } => Error::Load {
            file,
            problems: problems
                .into_iter()
                .map(|p| Problem {
                    line: None,
                    column: None,
                    ..p
                })
                .collect(),
        },
        other => other,
    }
}

/// A cooperation network, loaded and validated. Immutable.
#[wasm_bindgen]
pub struct Network {
    inner: parcours::Network,
}

impl Network {
    fn load(text: &str, format: Format, file: &str) -> Result<Network, JsValue> {
        Self::load_with(text, format, file, |e| e)
    }

    /// Like `load`, passing a load error through `adapt` before throwing it.
    fn load_with(
        text: &str,
        format: Format,
        file: &str,
        adapt: impl FnOnce(Error) -> Error,
    ) -> Result<Network, JsValue> {
        parcours::Network::load(text, format, file)
            .map(|inner| Network { inner })
            .map_err(|e| load_error(&adapt(e)))
    }

    /// The wrapped core network.
    pub fn network(&self) -> &parcours::Network {
        &self.inner
    }
}

#[wasm_bindgen]
impl Network {
    /// Loads a network from JSON text, the canonical format.
    ///
    /// # Errors
    /// Throws a `LoadErrorPayload` when the network does not load.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<Network, JsValue> {
        Self::load(text, Format::Json, "<json>")
    }

    /// Loads a network from TOML text.
    ///
    /// # Errors
    /// Throws a `LoadErrorPayload` when the network does not load.
    #[wasm_bindgen(js_name = fromToml)]
    pub fn from_toml(text: &str) -> Result<Network, JsValue> {
        Self::load(text, Format::Toml, "<toml>")
    }

    /// Loads a network from a plain object shaped like the JSON format (what `JSON.parse`
    /// returns). Problems carry JSON pointers but no line or column: those would point into text
    /// the caller never saw.
    ///
    /// # Errors
    /// Throws a `LoadErrorPayload` when the network does not load, a `TypeError` when the value
    /// cannot be written as JSON (cycles, `BigInt`, `undefined`).
    #[wasm_bindgen(js_name = fromObject)]
    pub fn from_object(
        #[wasm_bindgen(unchecked_param_type = "object")] data: &JsValue,
    ) -> Result<Network, JsValue> {
        let text = js_sys::JSON::stringify(data)?
            .as_string()
            .ok_or_else(|| js_sys::TypeError::new("expected a plain object"))?;
        Self::load_with(&text, Format::Json, "<object>", without_positions)
    }

    /// Stable identifier of the network.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// Human-readable name of the network.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.inner.name.clone()
    }

    /// Counts of what the network holds, by kind, as a plain object.
    ///
    /// # Errors
    /// None in practice: plain data always converts.
    #[wasm_bindgen(unchecked_return_type = "Summary")]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.summary())
    }

    /// The network as pretty JSON, the canonical format.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json_pretty()
    }
}

/// The JSON Schema (draft 2020-12) of the network format, as pretty JSON text.
///
/// This is the committed copy, which `core/tests/schema.rs` keeps equal to the schema generated
/// from the Rust types; embedding it costs 46 kB where linking the generator cost 175 kB of code.
#[wasm_bindgen(js_name = networkSchema)]
pub fn network_schema() -> String {
    include_str!("../../core/schema/network.schema.json").to_owned()
}

/// Version of the parcours library.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
