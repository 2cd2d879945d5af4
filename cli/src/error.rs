//! The command line's own errors: texts of the catalogue (`parcours::messages::CliMsg`, in
//! English and French) with their values, rendered in the language of `--lang`; and the core's
//! load errors, which render themselves. Each names the file, the line and the column where it
//! can, and says what to do.

use parcours::Lang;
use parcours::messages::CliMsg;

/// A text of the command line's catalogue with its values, rendered in a language when asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    msg: CliMsg,
    args: Vec<Part>,
}

/// A value of a [`Said`]: as given (a path, a number, a value read; or a text the core or a
/// library already wrote), or itself a text of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// A value, the same in every language.
    Plain(String),
    /// A text rendered in the language asked for.
    Said(Said),
    /// Why a case does not read: the core's coded case error (`C…`), rendered in the
    /// language asked for.
    Case(Box<parcours::CaseError>),
}

impl Part {
    /// The case reader's error from serde's message (what `serde_path_to_error` gives the
    /// command line), in the core's catalogue.
    pub fn case(message: &str) -> Self {
        Self::Case(Box::new(parcours::CaseError::from_message(message)))
    }
}

impl From<String> for Part {
    fn from(s: String) -> Self {
        Self::Plain(s)
    }
}

impl From<&str> for Part {
    fn from(s: &str) -> Self {
        Self::Plain(s.to_owned())
    }
}

impl From<&String> for Part {
    fn from(s: &String) -> Self {
        Self::Plain(s.clone())
    }
}

impl From<usize> for Part {
    fn from(n: usize) -> Self {
        Self::Plain(n.to_string())
    }
}

impl From<Said> for Part {
    fn from(s: Said) -> Self {
        Self::Said(s)
    }
}

/// `said!(Key, a, b)`: the text `CliMsg::Key` with the values `a` and `b` (anything a
/// [`Part`] is made from).
macro_rules! said {
    ($key:ident $(, $arg:expr)* $(,)?) => {
        $crate::error::Said::new(
            parcours::messages::CliMsg::$key,
            vec![$(Into::<$crate::error::Part>::into($arg)),*],
        )
    };
}
pub(crate) use said;

impl Said {
    /// The text `msg` with the values `args`, for its numbered holes in order.
    pub fn new(msg: CliMsg, args: Vec<Part>) -> Self {
        Self { msg, args }
    }

    /// The text in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let args: Vec<String> = self.args.iter().map(|a| a.render(lang)).collect();
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        self.msg.fill(lang, &refs)
    }

    /// The text in the language of `--lang`.
    pub fn text(&self) -> String {
        self.render(crate::input::lang())
    }
}

impl Part {
    /// The value in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Self::Plain(s) => s.clone(),
            Self::Said(s) => s.render(lang),
            Self::Case(e) => e.message_in(lang),
        }
    }

    /// The value in the language of `--lang`.
    pub fn text(&self) -> String {
        self.render(crate::input::lang())
    }
}

/// `help` as the help line under an error (`\n  = help: …`), or nothing.
pub fn help_line(help: Option<Part>) -> Part {
    help.map_or_else(|| Part::Plain(String::new()), |h| said!(Help, h).into())
}

/// An error of the command line: printed on standard error, exit code 2.
#[derive(Debug)]
pub enum InputError {
    /// The command line's own: `error: ` and the text.
    Said(Said),
    /// A load or reference error of the core (`cannot load network …`), in its own words.
    Load(parcours::Error),
    /// A text the core wrote (a question that cannot be answered): `error: ` and the text as
    /// it is.
    Core(String),
}

impl InputError {
    /// The error in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Self::Said(s) => CliMsg::Error.fill(lang, &[&s.render(lang)]),
            Self::Load(e) => e.text(lang),
            Self::Core(text) => CliMsg::Error.fill(lang, &[text]),
        }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(crate::input::lang()))
    }
}

impl From<Said> for InputError {
    fn from(s: Said) -> Self {
        Self::Said(s)
    }
}

impl From<parcours::Error> for InputError {
    fn from(e: parcours::Error) -> Self {
        Self::Load(e)
    }
}

/// Why a file cannot be read (`writing` false) or written: the common kinds in the catalogue's
/// words, with what to do; another kind keeps the operating system's own text (its language is
/// the system's, not `--lang`'s).
pub fn io_reason(e: &std::io::Error, writing: bool) -> Part {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound if writing => said!(IoNoDirectory).into(),
        K::NotFound => said!(IoNotFound).into(),
        K::PermissionDenied | K::ReadOnlyFilesystem => said!(IoDenied).into(),
        K::IsADirectory => said!(IoIsDirectory).into(),
        _ => Part::Plain(e.to_string()),
    }
}

/// Why a CSV record cannot be read: a record with another number of fields than the header
/// in the catalogue's words; another error keeps the csv reader's text.
pub fn csv_reason(e: &csv::Error) -> Part {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => said!(InFieldCount, len.to_string(), expected_len.to_string()).into(),
        csv::ErrorKind::Io(io) => io_reason(io, false),
        _ => Part::Plain(e.to_string()),
    }
}
