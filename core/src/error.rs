//! Errors of loading and compiling a network.
//!
//! Loading stops at the first syntax or format error (the rest of the text cannot be trusted),
//! but reports every reference and value problem at once, so that a planner can fix a file in
//! one pass. Each [`Problem`] (a [`Diagnostic`]) says where (file, JSON pointer, line and column
//! when known, entity id), what is wrong, and what to do.

use crate::diagnostic::{Code, Diagnostic};
use crate::messages::{Lang, Msg, tr};

/// Stable codes of load problems, as [`Code`] values.
pub mod codes {
    use crate::diagnostic::Code;

    /// The text is not well-formed JSON or TOML.
    pub const SYNTAX: Code = Code::L001;
    /// The text does not match the format: unknown field, missing field, wrong type, invalid
    /// date, invalid FINESS number, unknown enum value.
    pub const FORMAT: Code = Code::L002;
    /// Two entities share an id.
    pub const DUPLICATE_ID: Code = Code::L003;
    /// A reference names no entity.
    pub const UNKNOWN_REFERENCE: Code = Code::L004;
    /// A reference names an entity of the wrong kind (a site where a grouping is expected).
    pub const WRONG_KIND: Code = Code::L005;
    /// A value is out of range or inconsistent (latitude > 90, `from` after `to`, unknown level).
    pub const INVALID_VALUE: Code = Code::L006;
    /// The file declares a format version this library does not read.
    pub const UNSUPPORTED_VERSION: Code = Code::L007;
    /// An input exceeds a documented limit (size, nesting, count).
    pub const LIMIT: Code = Code::L008;
    /// Every load code, in order; [`Code::summary`] says what each means.
    pub const ALL: &[Code] = &[
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

/// One thing wrong with a network file: the former name of [`Diagnostic`], which load
/// problems and check diagnostics now share (severity `error` for every load problem).
pub type Problem = Diagnostic;

/// Errors of loading and compiling networks. Per-case outcomes (no route, invalid case) are not
/// errors: they are part of the decision.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
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
        .map(|mut p| {
            (p.line, p.column) = (None, None);
            p
        })
        .collect()
}

/// `problems`, each naming `file`.
fn in_file(mut problems: Vec<Problem>, file: &str) -> Vec<Problem> {
    for p in &mut problems {
        file.clone_into(p.file.get_or_insert_with(String::new));
    }
    problems
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
    /// A network (or another input of the network format) that does not load: `problems`,
    /// never empty, each naming `file`.
    pub fn load(file: impl Into<String>, problems: Vec<Problem>) -> Self {
        let file = file.into();
        Self::Load {
            problems: in_file(problems, &file),
            file,
        }
    }

    /// A commune reference that does not read: `problems`, never empty, each naming `file`.
    pub fn reference(file: impl Into<String>, problems: Vec<Problem>) -> Self {
        let file = file.into();
        Self::Reference {
            problems: in_file(problems, &file),
            file,
        }
    }

    /// The same error about `file`: the error and each of its problems name it.
    ///
    /// ```
    /// use parcours::Network;
    /// let e = Network::from_json_str("{").unwrap_err().in_file("a.json");
    /// assert_eq!((e.file(), e.problems()[0].file.as_deref()), ("a.json", Some("a.json")));
    /// ```
    #[must_use]
    pub fn in_file(self, file: impl Into<String>) -> Self {
        match self {
            Self::Load { problems, .. } => Self::load(file, problems),
            Self::Reference { problems, .. } => Self::reference(file, problems),
        }
    }

    /// The problems behind the error, each with code, message, location, help and the
    /// error's file (when the error was made by [`Error::load`] or [`Error::reference`], as
    /// every error of this crate is).
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

    /// The same error with the messages and help of its problems in `lang`.
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
    pub fn code(&self) -> Code {
        self.problems().first().map_or(codes::FORMAT, |p| p.code)
    }
}

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_file_and_each_problem() {
        let p = Problem::new(
            codes::UNKNOWN_REFERENCE,
            "/sites/0/location",
            "unknown location `chaumon`",
        );
        let e = Error::load("a.json", vec![p]);
        assert!(
            e.to_string()
                .starts_with("cannot load network `a.json`: [L004]")
        );
        assert_eq!(e.code(), "L004");
        assert_eq!(e.problems()[0].file.as_deref(), Some("a.json"));
        let e = e.in_file("b.json");
        assert_eq!(
            e.localized(Lang::Fr).problems()[0].file.as_deref(),
            Some("b.json")
        );
    }
}
