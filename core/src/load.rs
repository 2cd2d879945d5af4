//! Reading networks from JSON (canonical) or TOML (hand authoring).
//!
//! The core does no I/O: callers read the file and pass its text and name, so that errors can
//! name the file. Both formats go through the same serde model, then through
//! [`Network::validate`], so a network loads the same whatever its format.
//!
//! # Limits
//!
//! No input, however it was made, may crash the library, overflow its stack or exhaust memory,
//! and loading takes linear time: past each limit below, loading (and [`Network::validate`],
//! which [`crate::Engine::compile`] and [`crate::check()`] call) fails with a located problem.
//! `core/tests/hostile.rs` tests each of them, and `fuzz/` fuzzes the loaders, the engine and
//! the checks.
//!
//! | what | limit | past it |
//! |---|---|---|
//! | input size | [`MAX_INPUT_BYTES`] (64 MiB), checked before parsing | `L008` |
//! | nesting of JSON arrays and objects | 128 levels (serde_json's limit) | `L001`, line and column |
//! | nesting of TOML arrays, inline tables, dotted keys | 80 levels (toml's limit) | `L001`, line and column |
//! | numbers | finite `f64`: `1e999` does not parse; TOML's `nan` and `inf` are refused where a number goes | `L001`; `L006` |
//! | integers | the field's type (`priority` an `i32`, ages a `u16`) | `L002` |
//! | dates | real days of the years 1000 to 9999 | `L002` |
//! | ids | at most [`crate::MAX_ID_BYTES`] (200) bytes, not blank, no surrounding spaces, no control or invisible characters (zero-width, direction marks and overrides, BOM) | `L006` |
//! | levels of a filière | [`MAX_LEVELS`] (64) | `L008` |
//! | (site or location) × filière pairs | [`MAX_NODE_FILIERE_PAIRS`] (10 million) | `L008` |
//! | member entries of nested groupings | [`MAX_MEMBER_EXPANSION`] (10 million) | `L008` |
//! | depth of nested groupings | [`crate::engine::MAX_NESTING`] (8): deeper members are ignored | `check` warns |
//!
//! A byte order mark at the start of the text is skipped. Names may hold any text (any script,
//! combining marks, emoji). Problems are all reported (10,000 duplicate ids give 10,000
//! problems), but the "did you mean" hints of unknown references stop after a fixed amount of
//! work, so a file with 100,000 broken references is reported in linear time. Cases are not
//! loaded by this module: a case with an unknown filière, level or origin, a distance limit
//! that is negative or not a number, or coordinates out of range is routed to an `invalid`
//! decision with its reason (see [`crate::route`]).
//!
//! One known case is still quadratic: [`crate::check()`] compares the mandatory rules of a
//! filière pairwise (P010 conflicts, P011 shadowing). Real networks have tens of rules per
//! filière. (Compiling memberships that name legal entities was quadratic too, each scanning
//! every site; the engine now indexes the sites of each legal entity once.)
//!
//! Measured in a release build on the shared 2-core development machine (`cargo test --release
//! -p parcours --test hostile timings -- --ignored --nocapture`), with N sites, each with its
//! location, legal entity, capability and membership, in GHTs of 100 with a mandatory rule each
//! (5 N entities; `check` compiles too):
//!
//! | N | JSON | load | compile | check | compile, memberships naming legal entities |
//! |---|---|---|---|---|---|
//! | 10,000 | 3.3 MB | 0.06 s | 0.04 s | 0.05 s | 0.04 s |
//! | 20,000 | 6.7 MB | 0.13 s | 0.09 s | 0.12 s | 0.11 s |
//! | 40,000 | 13.5 MB | 0.27 s | 0.23 s | 0.27 s | 0.24 s |
//!
//! Checking 1,000, 2,000 and 4,000 rules of one filière takes 0.03 s, 0.19 s and 1.3 s.

use serde::de::DeserializeOwned;

use crate::error::{Error, Problem, codes};
use crate::messages::text;
use crate::network::Network;
pub use crate::objects::Objects;

/// Largest input accepted, in bytes (64 MiB). Larger inputs are refused with code `L008` before
/// parsing, so a host never spends unbounded memory on a file by mistake.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// Most levels a filière may have. The engine ranks levels in a byte; real scales have 3 to 5.
pub const MAX_LEVELS: usize = 64;

/// Most (site or location, filière) pairs a network may have: the engine keeps a table of
/// capabilities and rules per pair, so this bounds its memory (about 32 bytes a pair). The
/// national benchmark network has 120,000 pairs (4,000 sites, 30 filières).
pub const MAX_NODE_FILIERE_PAIRS: usize = 10_000_000;

/// Most member entries nested groupings may expand to. A grouping listed as a member brings
/// all of its members, at every level of nesting (up to [`crate::engine::MAX_NESTING`]), so
/// a few hundred memberships between groupings could otherwise expand to billions of entries.
/// Counted as the engine expands: every grouping, and every rule target, tele-service requester
/// and shared-service beneficiary that names a grouping or a legal entity.
pub const MAX_MEMBER_EXPANSION: usize = 10_000_000;

/// Text format of a network file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// JSON, the canonical format.
    Json,
    /// TOML, for hand authoring.
    Toml,
}

impl Format {
    /// Guesses the format from a file name: `.toml` is TOML, anything else JSON.
    pub fn from_path(path: &str) -> Self {
        if std::path::Path::new(path)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        {
            Self::Toml
        } else {
            Self::Json
        }
    }
}

impl Network {
    /// Loads a network from JSON text, naming it `<json>` in errors.
    ///
    /// # Errors
    /// [`Error::Load`] with the problems found; see [`Network::load`].
    ///
    /// ```
    /// let net = parcours::Network::from_json_str(r#"{"id": "n", "name": "Empty network"}"#).unwrap();
    /// assert_eq!(net.name, "Empty network");
    /// let err = parcours::Network::from_json_str(r#"{"id": "n", "name": "x", "sitez": []}"#).unwrap_err();
    /// assert_eq!(err.code(), "L002");
    /// ```
    pub fn from_json_str(text: &str) -> Result<Self, Error> {
        Self::load(text, Format::Json, "<json>")
    }

    /// Loads a network from TOML text, naming it `<toml>` in errors.
    ///
    /// # Errors
    /// [`Error::Load`] with the problems found; see [`Network::load`].
    pub fn from_toml_str(text: &str) -> Result<Self, Error> {
        Self::load(text, Format::Toml, "<toml>")
    }

    /// Loads a network from text in `format`; `file` names the input in errors.
    ///
    /// Syntax and format errors stop loading and give the JSON pointer and line/column of the
    /// offending value. A well-formed network is then [validated](Network::validate) and every
    /// reference or value problem is reported at once.
    ///
    /// # Errors
    /// [`Error::Load`]: codes `L001` (syntax), `L002` (format), `L003`–`L007` (validation, see
    /// [`crate::error::codes`]), `L008` (input larger than [`MAX_INPUT_BYTES`]).
    pub fn load(text: &str, format: Format, file: &str) -> Result<Self, Error> {
        if text.len() > MAX_INPUT_BYTES {
            return Err(Error::load(
                file.to_owned(),
                vec![
                    Problem::tr(
                        codes::LIMIT,
                        "",
                        text!(TooBig, text.len().to_string(), MAX_INPUT_BYTES.to_string()),
                    )
                    .help(text!(TooBigHint)),
                ],
            ));
        }
        // Editors on Windows often start UTF-8 files with a byte order mark; it is not text.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let network: Network = match format {
            Format::Json => top_level_array(text).map_or_else(|| parse_json(text), Err),
            Format::Toml => parse_toml(text),
        }
        .map_err(|p| Error::load(file.to_owned(), vec![*p]))?;
        network.validate_named(file).map_err(|e| match format {
            Format::Json => locate(e, text),
            Format::Toml => e,
        })?;
        Ok(network)
    }

    /// Loads a network from the bytes of a file: like [`Network::load`], after checking that
    /// they are UTF-8 text ([`crate::text::utf8`]).
    ///
    /// ```
    /// use parcours::{Format, Network};
    /// let err = Network::load_bytes(b"{\"id\": \"n\", \"name\": \"H\xf4pital\"}", Format::Json, "n.json")
    ///     .unwrap_err();
    /// assert_eq!(err.code(), "L001");
    /// assert!(err.to_string().contains("byte 0xF4 is not UTF-8 text (at line 1 column 23)"));
    /// ```
    ///
    /// # Errors
    /// [`Error::Load`]: `L001` at the first byte that is not UTF-8, then as [`Network::load`].
    pub fn load_bytes(bytes: &[u8], format: Format, file: &str) -> Result<Self, Error> {
        let text = crate::text::utf8(bytes).map_err(|p| Error::load(file.to_owned(), vec![*p]))?;
        Self::load(text, format, file)
    }

    /// Serialises the network as pretty JSON, the canonical format.
    pub fn to_json_pretty(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Turns a serde path (`sites[3].finess_et`) into a JSON pointer (`/sites/3/finess_et`).
#[cfg(feature = "toml")]
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path {
        out.push('/');
        match seg {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                out.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Segment::Unknown => out.push('?'),
        }
    }
    out
}

/// The validation error `e` with the line and column in `text` of each problem's pointer
/// (the member's key, or the array element), as syntax errors have them.
fn locate(e: Error, text: &str) -> Error {
    let Error::Load { file, mut problems } = e else {
        return e;
    };
    let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
    let found = crate::pointer::positions(text, &pointers);
    for (p, at) in problems.iter_mut().zip(found) {
        if let (None, Some((line, column))) = (p.line, at) {
            (p.line, p.column) = (Some(line), Some(column));
        }
    }
    Error::load(file, problems)
}

/// A format problem (`L002`) from a reader's message: its text and hint from the catalogue.
fn format_problem(message: &str, pointer: String) -> Problem {
    let p = Problem::tr(codes::FORMAT, pointer, crate::serde_text::text_of(message));
    match crate::serde_text::hint_of(message) {
        Some(h) => p.help(h),
        None => p,
    }
}

/// serde reads a struct from a JSON array too (its fields in order), so a network written as
/// an array would get a puzzling "expected u32 at /0": say what is wrong instead.
fn top_level_array(text: &str) -> Option<Box<Problem>> {
    // JSON white space only: anything else before the bracket is a syntax error.
    let start = text.len() - text.trim_start_matches([' ', '\t', '\n', '\r']).len();
    if !text.get(start..)?.starts_with('[') {
        return None;
    }
    let before = text.get(..start)?;
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, str::len) + 1;
    Some(Box::new(
        Problem::tr(codes::FORMAT, "", text!(NetArray))
            .at(line, column)
            .help(text!(NetArrayHint)),
    ))
}

/// Reads `text` as a `T`, its structs from JSON objects only ([`Objects`]); the problem has
/// the JSON pointer, line and column of the value at fault.
pub(crate) fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T, Box<Problem>> {
    crate::ffi::json::read::<T>(text).map_err(|e| {
        let message = crate::serde_text::text_of(&e.message);
        let p = if e.trailing {
            Problem::tr(codes::SYNTAX, "", message).help(text!(HintTrailing))
        } else if e.syntax {
            Problem::tr(codes::SYNTAX, e.pointer, message).help(text!(HintJsonSyntax))
        } else {
            format_problem(&e.message, e.pointer)
        };
        Box::new(p.at(e.line, e.column))
    })
}

#[cfg(feature = "toml")]
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Without the `toml` feature: every TOML load fails with a clear problem.
#[cfg(not(feature = "toml"))]
#[allow(clippy::unnecessary_wraps)]
fn parse_toml<T: DeserializeOwned>(_text: &str) -> Result<T, Box<Problem>> {
    Err(Box::new(
        Problem::tr(codes::FORMAT, "", text!(NoToml)).help(text!(NoTomlHint)),
    ))
}

#[cfg(feature = "toml")]
fn parse_toml<T: DeserializeOwned>(text: &str) -> Result<T, Box<Problem>> {
    let located = |e: &toml::de::Error, p: Problem| -> Box<Problem> {
        match e.span() {
            Some(span) => {
                let (l, c) = line_col(text, span.start);
                Box::new(p.at(l, c))
            }
            None => Box::new(p),
        }
    };
    let de = toml::Deserializer::parse(text).map_err(|e| {
        let p = Problem::tr(
            codes::SYNTAX,
            "",
            crate::serde_text::text_of(e.message().trim()),
        )
        .help(text!(HintTomlSyntax));
        located(&e, p)
    })?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let pointer = pointer_of(e.path());
        let inner = e.into_inner();
        let p = format_problem(inner.message().trim(), pointer);
        located(&inner, p)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_syntax_error_has_position() {
        let e = Network::from_json_str("{\"id\": \"n\",\n \"name\": }").unwrap_err();
        let p = &e.problems()[0];
        assert_eq!(p.code, codes::SYNTAX);
        assert_eq!((p.line, p.column), (Some(2), Some(10)));
    }

    #[test]
    fn json_trailing_garbage_is_a_syntax_error() {
        let e = Network::from_json_str(r#"{"id": "n", "name": "x"} x"#).unwrap_err();
        assert_eq!(e.code(), codes::SYNTAX);
    }

    #[test]
    fn unknown_field_has_pointer_and_hint() {
        let text = r#"{"id": "n", "name": "x",
            "locations": [{"id": "l", "name": "L", "lat": 1, "lon": 2, "altitude": 3}]}"#;
        let e = Network::from_json_str(text).unwrap_err();
        let p = &e.problems()[0];
        assert_eq!(p.code, codes::FORMAT);
        assert_eq!(p.pointer, "/locations/0/altitude");
        assert!(
            p.message.contains("unknown field `altitude`"),
            "{}",
            p.message
        );
        assert!(p.help.is_some());
        assert_eq!(p.line, Some(2));
    }

    #[test]
    #[cfg(feature = "toml")]
    fn toml_errors_have_line_and_pointer() {
        let text = "id = \"n\"\nname = \"x\"\n[[locations]]\nid = \"l\"\nname = \"L\"\nlat = 1.0\nlon = \"east\"\n";
        let e = Network::from_toml_str(text).unwrap_err();
        let p = &e.problems()[0];
        assert_eq!(p.code, codes::FORMAT);
        assert_eq!(p.pointer, "/locations/0/lon");
        assert_eq!(p.line, Some(7));
        let e = Network::from_toml_str("id = \"n\"\nname = [\n").unwrap_err();
        assert_eq!(e.code(), codes::SYNTAX);
        assert_eq!(e.problems()[0].line, Some(2));
    }

    #[test]
    fn format_is_guessed_from_extension() {
        assert_eq!(Format::from_path("a/b.TOML"), Format::Toml);
        assert_eq!(Format::from_path("a/b.json"), Format::Json);
    }
}
