//! Errors of loading and compiling a network.
//!
//! Loading stops at the first syntax or format error (the rest of the text cannot be trusted),
//! but reports every reference and value problem at once, so that a planner can fix a file in
//! one pass. Each [`Problem`] says where (file, JSON pointer, line and column when known, entity
//! id), what is wrong, and what to do.

use std::fmt;

use serde::Serialize;

use crate::messages::{Lang, Msg, Text, tr};

/// Stable codes of load problems.
pub mod codes {
    /// The text is not well-formed JSON or TOML.
    pub const SYNTAX: &str = "L001";
    /// The text does not match the format: unknown field, missing field, wrong type, invalid
    /// date, invalid FINESS number, unknown enum value.
    pub const FORMAT: &str = "L002";
    /// Two entities share an id.
    pub const DUPLICATE_ID: &str = "L003";
    /// A reference names no entity.
    pub const UNKNOWN_REFERENCE: &str = "L004";
    /// A reference names an entity of the wrong kind (a site where a grouping is expected).
    pub const WRONG_KIND: &str = "L005";
    /// A value is out of range or inconsistent (latitude > 90, `from` after `to`, unknown level).
    pub const INVALID_VALUE: &str = "L006";
    /// The file declares a format version this library does not read.
    pub const UNSUPPORTED_VERSION: &str = "L007";
    /// An input exceeds a documented limit (size, nesting, count).
    pub const LIMIT: &str = "L008";
    /// Every load code, in order; [`crate::messages::code_summary`] says what each means.
    pub const ALL: &[&str] = &[
        SYNTAX,
        FORMAT,
        DUPLICATE_ID,
        UNKNOWN_REFERENCE,
        WRONG_KIND,
        INVALID_VALUE,
        UNSUPPORTED_VERSION,
        LIMIT,
    ];
}

/// One thing wrong with a network file, with its location and a hint.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Problem {
    /// Stable code, see [`codes`].
    pub code: &'static str,
    /// What is wrong, in one lowercase line.
    pub message: String,
    /// JSON pointer to the offending value (`/sites/3/legal_entity`); empty for the whole file.
    pub pointer: String,
    /// 1-based line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// Id of the entity the problem is in, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// `message` in the catalogue, for other languages (`None` for a text made elsewhere).
    #[serde(skip)]
    text: Option<Text>,
    /// `hint` in the catalogue, for other languages.
    #[serde(skip)]
    hint_text: Option<Text>,
    /// `pointer` in the catalogue when it is words (`line 3` of a commune reference).
    #[serde(skip)]
    pointer_text: Option<Text>,
    /// `message` and `hint` in the importers' table (FINESS register, FHIR), for other
    /// languages.
    #[cfg(any(feature = "registers", feature = "fhir"))]
    #[serde(skip)]
    import: Option<Box<ImportTexts>>,
}

/// A problem's message and hint in the importers' table.
#[cfg(any(feature = "registers", feature = "fhir"))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
struct ImportTexts {
    message: Option<crate::messages::ImportText>,
    hint: Option<crate::messages::ImportText>,
}

impl Problem {
    /// A problem at a pointer, without position.
    pub fn new(code: &'static str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            pointer: pointer.into(),
            line: None,
            column: None,
            entity: None,
            hint: None,
            text: None,
            hint_text: None,
            pointer_text: None,
            #[cfg(any(feature = "registers", feature = "fhir"))]
            import: None,
        }
    }

    /// A problem whose message comes from the importers' table (rendered in English here).
    #[cfg(any(feature = "registers", feature = "fhir"))]
    pub(crate) fn import(
        code: &'static str,
        pointer: impl Into<String>,
        text: crate::messages::ImportText,
    ) -> Self {
        let mut p = Self::new(code, pointer, text.render(Lang::En));
        p.import = Some(Box::new(ImportTexts {
            message: Some(text),
            hint: None,
        }));
        p
    }

    /// Adds a hint from the importers' table.
    #[cfg(any(feature = "registers", feature = "fhir"))]
    #[must_use]
    pub(crate) fn import_hint(mut self, hint: crate::messages::ImportText) -> Self {
        self.hint = Some(hint.render(Lang::En));
        self.hint_text = None;
        self.import.get_or_insert_with(Box::default).hint = Some(hint);
        self
    }

    /// The message in the importers' table, if it comes from there.
    #[cfg(any(feature = "registers", feature = "fhir"))]
    fn import_message(&self, lang: Lang) -> Option<String> {
        let t = self.import.as_ref()?.message.as_ref()?;
        Some(t.render(lang))
    }

    #[cfg(not(any(feature = "registers", feature = "fhir")))]
    #[allow(clippy::unused_self)]
    fn import_message(&self, _lang: Lang) -> Option<String> {
        None
    }

    /// The hint in the importers' table, if it comes from there.
    #[cfg(any(feature = "registers", feature = "fhir"))]
    fn import_hint_in(&self, lang: Lang) -> Option<String> {
        let t = self.import.as_ref()?.hint.as_ref()?;
        Some(t.render(lang))
    }

    #[cfg(not(any(feature = "registers", feature = "fhir")))]
    #[allow(clippy::unused_self)]
    fn import_hint_in(&self, _lang: Lang) -> Option<String> {
        None
    }

    /// A problem whose message comes from the catalogue (rendered in English here; see
    /// [`Problem::localized`]).
    pub(crate) fn tr(code: &'static str, pointer: impl Into<String>, text: Text) -> Self {
        let mut p = Self::new(code, pointer, text.render(Lang::En));
        p.text = Some(text);
        p
    }

    /// Adds a hint from the catalogue.
    #[must_use]
    pub(crate) fn help(mut self, hint: Text) -> Self {
        self.hint = Some(hint.render(Lang::En));
        self.hint_text = Some(hint);
        self
    }

    /// Sets a pointer made of words (`line 3`), from the catalogue.
    #[must_use]
    pub(crate) fn place(mut self, pointer: Text) -> Self {
        self.pointer = pointer.render(Lang::En);
        self.pointer_text = Some(pointer);
        self
    }

    /// Adds a hint (a text that is not in the catalogue: the same in every language).
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self.hint_text = None;
        #[cfg(any(feature = "registers", feature = "fhir"))]
        if let Some(i) = &mut self.import {
            i.hint = None;
        }
        self
    }

    /// Words the message again with a text of the importers' table that holds it
    /// (`wrap(message)`): the FHIR importer adds where a problem of the network validation
    /// comes from, and the message still reads in every language.
    #[cfg(feature = "fhir")]
    pub(crate) fn reword(
        &mut self,
        wrap: impl FnOnce(crate::messages::IArg) -> crate::messages::ImportText,
    ) {
        use crate::messages::IArg;
        let inner = match (
            &self.text,
            self.import.as_ref().and_then(|i| i.message.clone()),
        ) {
            (Some(t), _) => IArg::Core(t.clone()),
            (None, Some(t)) => IArg::Text(t),
            (None, None) => IArg::Plain(self.message.clone()),
        };
        let text = wrap(inner);
        self.message = text.render(Lang::En);
        self.text = None;
        self.import.get_or_insert_with(Box::default).message = Some(text);
    }

    /// What is wrong, in `lang`.
    pub fn message_in(&self, lang: Lang) -> String {
        match &self.text {
            Some(t) => t.render(lang),
            None => self
                .import_message(lang)
                .unwrap_or_else(|| self.message.clone()),
        }
    }

    /// What to do about it, in `lang`.
    pub fn hint_in(&self, lang: Lang) -> Option<String> {
        match &self.hint_text {
            Some(t) => Some(t.render(lang)),
            None => self.import_hint_in(lang).or_else(|| self.hint.clone()),
        }
    }

    /// The same problem with its message, hint and place in `lang`.
    ///
    /// ```
    /// use parcours::{Lang, Network};
    /// let e = Network::from_json_str(r#"{"id": "n", "name": "x", "sitez": []}"#).unwrap_err();
    /// let p = e.problems()[0].localized(Lang::Fr);
    /// assert!(p.message.starts_with("champ inconnu `sitez`"), "{}", p.message);
    /// ```
    #[must_use]
    pub fn localized(&self, lang: Lang) -> Self {
        Self {
            message: self.message_in(lang),
            hint: self.hint_in(lang),
            pointer: self
                .pointer_text
                .as_ref()
                .map_or_else(|| self.pointer.clone(), |t| t.render(lang)),
            ..self.clone()
        }
    }

    /// The problem as one text in `lang`: `[code] message (at place)` and the help on the next
    /// line; [`fmt::Display`] gives it in English.
    pub fn text(&self, lang: Lang) -> String {
        let p = self.localized(lang);
        let mut places: Vec<String> = Vec::new();
        if !p.pointer.is_empty() {
            places.push(tr(lang, Msg::LocAt, &[&p.pointer]));
        }
        if let (Some(l), Some(c)) = (p.line, p.column) {
            let key = if places.is_empty() {
                Msg::LocAtLine
            } else {
                Msg::LocLine
            };
            places.push(tr(lang, key, &[&l.to_string(), &c.to_string()]));
        }
        if let Some(e) = &p.entity {
            places.push(tr(lang, Msg::LocIn, &[e]));
        }
        let mut out = format!("[{}] {}", p.code, p.message);
        if !places.is_empty() {
            out.push_str(" (");
            out.push_str(&places.join(", "));
            out.push(')');
        }
        if let Some(h) = &p.hint {
            out.push_str("\n  ");
            out.push_str(&tr(lang, Msg::HelpLine, &[h]));
        }
        out
    }

    /// Names the entity the problem is in.
    #[must_use]
    pub fn with_entity(mut self, entity: impl Into<String>) -> Self {
        self.entity = Some(entity.into());
        self
    }

    /// Sets the 1-based line and column.
    #[must_use]
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// Errors of loading and compiling networks. Per-case outcomes (no route, invalid case) are not
/// errors: they are part of the decision.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A network could not be loaded: see `problems`, never empty.
    #[error("{}", render_load(file, problems))]
    Load {
        /// Name of the file or input the network came from.
        file: String,
        /// What is wrong, in document order for format errors, then by check.
        problems: Vec<Problem>,
    },
    /// A commune reference (communes, postal codes) could not be read: see `problems`, never
    /// empty. Pointers are `line N` / column names.
    #[error("{}", render_reference(file, problems))]
    Reference {
        /// Name of the file or input the reference came from.
        file: String,
        /// What is wrong, in line order.
        problems: Vec<Problem>,
    },
}

fn strip_positions(problems: Vec<Problem>) -> Vec<Problem> {
    problems
        .into_iter()
        .map(|p| Problem {
            line: None,
            column: None,
            ..p
        })
        .collect()
}

fn render_reference(file: &str, problems: &[Problem]) -> String {
    render_problems(Msg::LoadReference, file, problems, Lang::En)
}

fn render_load(file: &str, problems: &[Problem]) -> String {
    render_problems(Msg::LoadNetwork, file, problems, Lang::En)
}

fn render_problems(what: Msg, file: &str, problems: &[Problem], lang: Lang) -> String {
    let mut out = tr(lang, what, &[file]);
    if problems.len() != 1 {
        out.push_str(&tr(lang, Msg::LoadCount, &[&problems.len().to_string()]));
        out.push('\n');
    }
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&p.text(lang));
    }
    out
}

impl Error {
    /// The problems behind the error, each with code, message, location and hint.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Self::Load { problems, .. } | Self::Reference { problems, .. } => problems,
        }
    }

    /// The file or input name the error is about.
    pub fn file(&self) -> &str {
        match self {
            Self::Load { file, .. } | Self::Reference { file, .. } => file,
        }
    }

    /// The same error without line and column numbers: for input that was not text the caller
    /// wrote (a Python dict or a JS object serialised by a binding), where positions would
    /// point into text the caller never saw.
    #[must_use]
    pub fn without_positions(self) -> Self {
        match self {
            Self::Load { file, problems } => Self::Load {
                file,
                problems: strip_positions(problems),
            },
            Self::Reference { file, problems } => Self::Reference {
                file,
                problems: strip_positions(problems),
            },
        }
    }

    /// The same error with the messages and hints of its problems in `lang`.
    #[must_use]
    pub fn localized(&self, lang: Lang) -> Self {
        let each = |problems: &[Problem]| problems.iter().map(|p| p.localized(lang)).collect();
        match self {
            Self::Load { file, problems } => Self::Load {
                file: file.clone(),
                problems: each(problems),
            },
            Self::Reference { file, problems } => Self::Reference {
                file: file.clone(),
                problems: each(problems),
            },
        }
    }

    /// The error as one text in `lang` (what [`fmt::Display`] gives in English).
    ///
    /// ```
    /// use parcours::{Lang, Network};
    /// let e = Network::from_json_str("{\"id\": \"n\",\n \"name\": }").unwrap_err();
    /// assert!(e.text(Lang::Fr).starts_with(
    ///     "impossible de charger le réseau `<json>` : [L001] valeur attendue (en /name, ligne 2, colonne 10)"
    /// ));
    /// assert_eq!(e.text(Lang::En), e.to_string());
    /// ```
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Self::Load { file, problems } => {
                render_problems(Msg::LoadNetwork, file, problems, lang)
            }
            Self::Reference { file, problems } => {
                render_problems(Msg::LoadReference, file, problems, lang)
            }
        }
    }

    /// Stable code of the first problem (`L001`…), handy for bindings.
    pub fn code(&self) -> &'static str {
        self.problems().first().map_or(codes::FORMAT, |p| p.code)
    }
}

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_and_hint() {
        let p = Problem::new(
            codes::UNKNOWN_REFERENCE,
            "/sites/0/location",
            "unknown location `chaumon`",
        )
        .with_entity("ch-chaumont")
        .with_hint("did you mean `chaumont`?");
        assert_eq!(
            p.to_string(),
            "[L004] unknown location `chaumon` (at /sites/0/location, in `ch-chaumont`)\n  help: did you mean `chaumont`?"
        );
        let e = Error::Load {
            file: "a.json".into(),
            problems: vec![p],
        };
        assert!(
            e.to_string()
                .starts_with("cannot load network `a.json`: [L004]")
        );
        assert_eq!(e.code(), "L004");
    }

    #[test]
    fn renders_each_part_of_the_location_alone() {
        let p = Problem::new(codes::INVALID_VALUE, "", "empty name");
        assert_eq!(p.to_string(), "[L006] empty name");
        assert_eq!(
            p.clone().with_entity("x").to_string(),
            "[L006] empty name (in `x`)"
        );
        let mut q = p.with_entity("x");
        (q.line, q.column) = (Some(3), Some(7));
        assert_eq!(
            q.to_string(),
            "[L006] empty name (at line 3 column 7, in `x`)"
        );
    }
}
