//! Reading a value from JSON text with the JSON pointer of any error, for every reader of the
//! core (networks, test files) and of the bindings (cases, questions, options): one reader
//! type, so the visitors of the shared types are compiled once.

use serde::Deserialize;
use serde::de::DeserializeOwned;

/// Why JSON text did not read as the value asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// serde's message, without serde_json's " at line L column C" (kept apart below).
    pub message: String,
    /// JSON pointer of the value at fault (`/sites/3/finess_et`), empty for the whole text.
    pub pointer: String,
    /// 1-based line of the error in the text.
    pub line: usize,
    /// 1-based column (in bytes) of the error in the line.
    pub column: usize,
    /// The text is not well-formed JSON (rather than JSON of the wrong shape).
    pub syntax: bool,
    /// Something follows the value (a second document, stray characters).
    pub trailing: bool,
}

/// Reads `text` as a `T`, its structs from JSON objects only ([`crate::load::Objects`]: no
/// struct of the formats is written as an array, and the array readers serde would derive
/// cost the WebAssembly module 9 KB gzipped); the error has the JSON pointer of the value at
/// fault, found from the error's position (see the `pointer` module of the core).
///
/// ```
/// #[derive(Debug, serde::Deserialize)]
/// struct Site { id: String, lat: f64 }
/// let e = parcours::ffi::json::read::<Vec<Site>>(r#"[{"id": "a", "lat": 1}, {"id": "b", "lat": "x"}]"#)
///     .unwrap_err();
/// assert_eq!(e.pointer, "/1/lat");
/// assert_eq!(e.message, "invalid type: string \"x\", expected f64");
/// assert!(!e.syntax);
/// // A struct is an object, never an array of its fields.
/// assert!(parcours::ffi::json::read::<Site>(r#"["a", 1]"#).is_err());
/// ```
///
/// # Errors
/// [`ReadError`] when the text is not JSON, not a `T`, or has something after the value.
pub fn read<T: DeserializeOwned>(text: &str) -> Result<T, ReadError> {
    // The error's text (written once), without serde_json's " at line L column C".
    let message_of = |e: &serde_json::Error| {
        let message = e.to_string();
        match message.rfind(" at line ") {
            Some(i) => message.get(..i).unwrap_or(&message).to_owned(),
            None => message,
        }
    };
    let fail =
        |e: &serde_json::Error, message: String, pointer: String, trailing: bool| ReadError {
            message,
            pointer,
            line: e.line(),
            column: e.column(),
            syntax: e.is_syntax() || e.is_eof(),
            trailing,
        };
    let mut de = serde_json::Deserializer::from_str(text);
    let value = crate::load::Objects::<T>::deserialize(&mut de).map_err(|e| {
        let message = message_of(&e);
        let kind = crate::pointer::Kind::of(&e, &message);
        let pointer = crate::pointer::at(text, e.line(), e.column(), kind);
        fail(&e, message, pointer, false)
    })?;
    de.end()
        .map_err(|e| fail(&e, message_of(&e), String::new(), true))?;
    Ok(value.0)
}
