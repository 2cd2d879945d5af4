//! One diagnostic model for everything the library reports about its inputs: a network or a
//! commune reference that does not load (`L…`), a diagnostic of the checks (`P…`), a case that
//! does not read (`C…`), a question or an argument that cannot be answered (`Q…`) and a record
//! of a national register left out or kept with a warning (`R…`).
//!
//! A [`Diagnostic`] has a stable [`Code`], a [`Severity`] fixed by its code, a one-line
//! message, a location (file, JSON pointer, line and column when known), the ids of the
//! entities involved (most relevant first), a help text and, for some checks, a
//! counterexample. Load problems ([`crate::Problem`], the former name of this type) and check
//! diagnostics ([`crate::check::Diagnostic`]) are this one type, so they serialise with the
//! same keys on every surface (JSON, Python, JavaScript, CLI): `code`, `severity`, `message`,
//! `file`, `pointer`, `line`, `column`, `entities`, `help`, `counterexample`, each always
//! present (`null` or `[]` when unknown).
//!
//! ```
//! use parcours::{Code, Lang, Network, Severity};
//! let e = Network::from_json_str(r#"{"id": "n", "name": "x", "sitez": []}"#).unwrap_err();
//! let d = &e.problems()[0];
//! assert_eq!(d.code, Code::L002);
//! assert_eq!(d.code, "L002");
//! assert_eq!(d.severity, Severity::Error);
//! assert_eq!(d.code.summary(Lang::Fr), "le texte ne respecte pas le format des réseaux");
//! ```

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::messages::{Lang, Msg, Text, tr};
use crate::route::{Case, Origin};

/// How serious a diagnostic is. Ordered from the most serious.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Severity {
    /// The input cannot be used (every load problem), or the network contradicts the law or
    /// its own rules: routing results cannot be trusted.
    Error,
    /// Probably a mistake, or a hole the source data leaves.
    Warning,
    /// Worth knowing (data quality).
    Info,
}

impl Severity {
    /// The word rustc would print: `error`, `warning`, `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }

    /// The word in `lang`: `error` / `erreur`, `warning` / `avertissement`, `info`.
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Self::Error => Msg::SevError,
            Self::Warning => Msg::SevWarning,
            Self::Info => Msg::SevInfo,
        }
        .template(lang)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a code comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Family {
    /// A network or commune reference that does not load (`L…`, [`crate::Error`]).
    Load,
    /// A diagnostic of [`crate::check()`] (`P…`).
    Check,
    /// A case that does not read (`C…`, [`crate::CaseError`]).
    Case,
    /// A question or an argument that cannot be answered (`Q…`, [`crate::query::QueryError`]).
    Query,
    /// A record of a national register left out or kept with a warning, or a register that
    /// cannot be read (`R…`, `parcours::registers`).
    Register,
}

/// Declares [`Code`] from one table: each code with its family, its severity and the
/// catalogue key of its summary, so that nothing about a code is written twice.
macro_rules! code_table {
    ($($(#[doc = $doc:literal])+ $code:ident: $family:ident, $severity:ident, $msg:ident;)+) => {
        /// A stable code (`L001`, `P010`, `C002`, `Q001`, `R013`…): its family, severity and
        /// what it means ([`Code::summary`]). It serialises as its text, and compares with
        /// one (`code == "L004"`). Every code is listed in [`crate::codes()`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $($(#[doc = $doc])+ $code,)+
        }

        impl Code {
            /// Every code: load, check, case, question, register codes, each family in code
            /// order.
            pub const ALL: &'static [Code] = &[$(Code::$code),+];

            /// The code as text: `L004`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code),)+
                }
            }

            /// Where the code comes from.
            pub const fn family(self) -> Family {
                match self {
                    $(Code::$code => Family::$family,)+
                }
            }

            /// How serious every diagnostic of the code is: every load, case and question
            /// code is an error; a check or register code has its own severity.
            pub const fn severity(self) -> Severity {
                match self {
                    $(Code::$code => Severity::$severity,)+
                }
            }

            /// The catalogue key of what the code means.
            const fn msg(self) -> Msg {
                match self {
                    $(Code::$code => Msg::$msg,)+
                }
            }
        }
    };
}

code_table! {
    /// The text is not well-formed JSON or TOML (or not UTF-8).
    L001: Load, Error, L001;
    /// The text does not match the format: unknown field, missing field, wrong type, invalid
    /// date, invalid FINESS number, unknown enum value.
    L002: Load, Error, L002;
    /// Two entities share an id.
    L003: Load, Error, L003;
    /// A reference names no entity.
    L004: Load, Error, L004;
    /// A reference names an entity of the wrong kind (a site where a grouping is expected).
    L005: Load, Error, L005;
    /// A value is out of range or inconsistent (latitude > 90, `from` after `to`, unknown
    /// level).
    L006: Load, Error, L006;
    /// The file declares a format version this library does not read.
    L007: Load, Error, L007;
    /// An input exceeds a documented limit (size, nesting, count).
    L008: Load, Error, L008;
    /// No site holds a filière level that a grouping organises.
    P001: Check, Warning, P001;
    /// A member of a grouping gets no route for a filière level of the grouping's scope.
    P002: Check, Warning, P002;
    /// Recourse rules form a cycle.
    P003: Check, Error, P003;
    /// An escalation chain never reaches a site with the level needed.
    P004: Check, Warning, P004;
    /// Two mandatory rules of equal priority apply to a case and name different targets.
    P010: Check, Error, P010;
    /// A rule can never fire: an earlier rule always wins.
    P011: Check, Warning, P011;
    /// A rule's target is not in force during part of the rule's validity.
    P012: Check, Error, P012;
    /// A rule without start date targets something that starts later.
    P013: Check, Warning, P013;
    /// A GHT does not have exactly one support.
    P020: Check, Error, P020;
    /// A GHT support or party is not public.
    P021: Check, Error, P021;
    /// A GHT is not associated with a CHU.
    P022: Check, Error, P022;
    /// A GCS has no health-establishment member.
    P023: Check, Error, P023;
    /// A GCS établissement de santé holds no authorisation.
    P024: Check, Error, P024;
    /// Legal personality contradicts the kind of grouping.
    P025: Check, Error, P025;
    /// An authorisation holder is not a GCS établissement de santé.
    P026: Check, Warning, P026;
    /// Groupings nest in a cycle or too deep.
    P027: Check, Error, P027;
    /// Malformed FINESS or SIREN number.
    P030: Check, Error, P030;
    /// Luhn key mismatch.
    P031: Check, Warning, P031;
    /// Duplicate FINESS number.
    P032: Check, Error, P032;
    /// A figure has no date or no source.
    P040: Check, Info, P040;
    /// A planned membership is used by a mandatory rule.
    P041: Check, Warning, P041;
    /// Status `ended` without an end date.
    P042: Check, Warning, P042;
    /// A commune is claimed by two GHT territories at the same date.
    P050: Check, Error, P050;
    /// A territory lists communes (or départements) the commune reference does not know.
    P051: Check, Warning, P051;
    /// A GHT member site lies outside its GHT's territory.
    P052: Check, Warning, P052;
    /// Communes of the reference, in the départements of the network's GHT territories, that
    /// no GHT territory covers.
    P053: Check, Info, P053;
    /// The case does not fit the case format: an unknown or missing field, a value of the
    /// wrong type, text that is not JSON.
    C001: Case, Error, CaseC001;
    /// The case's date is not a date.
    C002: Case, Error, CaseC002;
    /// The origin is missing, given twice, or not one of its shapes.
    C003: Case, Error, CaseC003;
    /// The question names what the network does not have (filière, level, site, grouping,
    /// origin, FINESS number, commune); the help suggests the closest known id.
    Q001: Query, Error, QueryQ001;
    /// An identifier is malformed: a FINESS number of the wrong shape or check digit, a text
    /// that is not an INSEE code.
    Q002: Query, Error, QueryQ002;
    /// Coordinates are not WGS84 degrees.
    Q003: Query, Error, QueryQ003;
    /// A parameter has a value it cannot take: a negative threshold, a bad date, an unknown
    /// kind or language.
    Q004: Query, Error, QueryQ004;
    /// The question does not fit the format of questions.
    Q005: Query, Error, QueryQ005;
    /// The question needs a commune reference the engine does not have.
    Q006: Query, Error, QueryQ006;
    /// A register input is not valid JSON (truncated, malformed) or not a FINESS extract.
    R001: Register, Error, R001;
    /// A register's JSON does not have the shape of the FINESS flux.
    R002: Register, Error, R002;
    /// A row of the mapping table is malformed.
    R003: Register, Error, R003;
    /// A malformed FINESS number (the record is left out).
    R010: Register, Warning, R010;
    /// A FINESS check key mismatch (the record is kept).
    R011: Register, Warning, R011;
    /// A FINESS number given twice (the second is left out).
    R012: Register, Warning, R012;
    /// A grouping member missing from the input (the membership is left out).
    R013: Register, Warning, R013;
    /// A code the mapping table does not know.
    R014: Register, Warning, R014;
    /// No usable coordinates (the site is left out).
    R015: Register, Warning, R015;
    /// A malformed extract line (left out).
    R016: Register, Warning, R016;
    /// An authorisation whose site cannot be told (no capability).
    R017: Register, Warning, R017;
}

impl Code {
    /// What the code means, in `lang`.
    ///
    /// ```
    /// use parcours::{Code, Lang};
    /// assert_eq!(Code::P003.summary(Lang::Fr), "des règles de recours forment un cycle");
    /// ```
    pub fn summary(self, lang: Lang) -> &'static str {
        self.msg().template(lang)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Code {
    type Err = UnknownCode;

    /// The code of a text (`"L004"`), exact case.
    fn from_str(s: &str) -> Result<Self, UnknownCode> {
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownCode(s.to_owned()))
    }
}

/// A text that is no code of [`Code::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown code `{0}`: see `parcours codes` for the list")]
pub struct UnknownCode(pub String);

/// Codes sort as their texts: `C001` < `L001` < `P001`.
impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Code {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Code> for str {
    fn eq(&self, other: &Code) -> bool {
        self == other.as_str()
    }
}

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl schemars::JsonSchema for Code {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Code".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Stable code: `L…` load, `P…` check, `C…` case, `Q…` question or argument, `R…` register (`parcours codes` lists them).",
            "type": "string",
            "pattern": "^[CLPQR][0-9]{3}$"
        })
    }
}

/// One thing wrong with an input: a network or commune reference that does not load, a
/// diagnostic of the checks, a register record. Every key is always present (`null` or `[]`
/// when unknown); `message`, `help` and a pointer made of words (`line 3`) are in English,
/// and `localized` gives them in another language.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Diagnostic {
    /// Stable code, see [`Code`].
    pub code: Code,
    /// Severity, fixed per code: `error` for every load problem.
    pub severity: Severity,
    /// What is wrong, in one lowercase line; ids in backticks.
    pub message: String,
    /// Name of the file (or input: `<json>`, `<dict>`) the problem is in, when known.
    pub file: Option<String>,
    /// JSON pointer to the value at fault (`/rules/3/target`); empty for the whole input. For
    /// a text file read line by line (a commune reference, a register extract): `line N`.
    pub pointer: String,
    /// 1-based line in the text, when known.
    pub line: Option<usize>,
    /// 1-based column in the text, when known.
    pub column: Option<usize>,
    /// Ids of the entities involved (the entity the problem is in, groupings, sites,
    /// rules…), most relevant first.
    pub entities: Vec<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// A concrete case, with its date, that shows the problem (some checks).
    pub counterexample: Option<Case>,
    /// `message` in the catalogue, for other languages (`None` for a text made elsewhere).
    #[serde(skip)]
    #[schemars(skip)]
    text: Option<Text>,
    /// `help` in the catalogue, for other languages.
    #[serde(skip)]
    #[schemars(skip)]
    help_text: Option<Text>,
    /// `pointer` in the catalogue when it is words (`line 3` of a commune reference).
    #[serde(skip)]
    #[schemars(skip)]
    pointer_text: Option<Text>,
    /// `message` and `help` in the importers' table (FINESS register, FHIR), for other
    /// languages.
    #[cfg(any(feature = "registers", feature = "fhir"))]
    #[serde(skip)]
    #[schemars(skip)]
    import: Option<Box<ImportTexts>>,
}

/// A diagnostic's message and help in the importers' table.
#[cfg(any(feature = "registers", feature = "fhir"))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
struct ImportTexts {
    message: Option<crate::messages::ImportText>,
    help: Option<crate::messages::ImportText>,
}

impl Diagnostic {
    /// A diagnostic at a pointer, without position; its severity is its code's.
    pub fn new(code: Code, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.severity(),
            message: message.into(),
            file: None,
            pointer: pointer.into(),
            line: None,
            column: None,
            entities: Vec::new(),
            help: None,
            counterexample: None,
            text: None,
            help_text: None,
            pointer_text: None,
            #[cfg(any(feature = "registers", feature = "fhir"))]
            import: None,
        }
    }

    /// A diagnostic whose message comes from the catalogue (rendered in English here; see
    /// [`Diagnostic::localized`]).
    pub(crate) fn tr(code: Code, pointer: impl Into<String>, text: Text) -> Self {
        let mut d = Self::new(code, pointer, text.render(Lang::En));
        d.text = Some(text);
        d
    }

    /// A diagnostic whose message comes from the importers' table (rendered in English here).
    #[cfg(any(feature = "registers", feature = "fhir"))]
    pub(crate) fn import(
        code: Code,
        pointer: impl Into<String>,
        text: crate::messages::ImportText,
    ) -> Self {
        let mut d = Self::new(code, pointer, text.render(Lang::En));
        d.import = Some(Box::new(ImportTexts {
            message: Some(text),
            help: None,
        }));
        d
    }

    /// Adds a help text from the importers' table.
    #[cfg(any(feature = "registers", feature = "fhir"))]
    #[must_use]
    pub(crate) fn import_help(mut self, help: crate::messages::ImportText) -> Self {
        self.help = Some(help.render(Lang::En));
        self.help_text = None;
        self.import.get_or_insert_with(Box::default).help = Some(help);
        self
    }

    /// The message in the importers' table, if it comes from there.
    #[cfg(any(feature = "registers", feature = "fhir"))]
    fn import_message(&self, lang: Lang) -> Option<String> {
        let t = self.import.as_ref()?.message.as_ref()?;
        Some(t.render(lang))
    }

    #[cfg(not(any(feature = "registers", feature = "fhir")))]
    #[allow(
        clippy::unused_self,
        reason = "the same signature with and without importers"
    )]
    fn import_message(&self, _lang: Lang) -> Option<String> {
        None
    }

    /// The help in the importers' table, if it comes from there.
    #[cfg(any(feature = "registers", feature = "fhir"))]
    fn import_help_in(&self, lang: Lang) -> Option<String> {
        let t = self.import.as_ref()?.help.as_ref()?;
        Some(t.render(lang))
    }

    #[cfg(not(any(feature = "registers", feature = "fhir")))]
    #[allow(
        clippy::unused_self,
        reason = "the same signature with and without importers"
    )]
    fn import_help_in(&self, _lang: Lang) -> Option<String> {
        None
    }

    /// Adds a help text from the catalogue.
    #[must_use]
    pub(crate) fn help(mut self, help: Text) -> Self {
        self.help = Some(help.render(Lang::En));
        self.help_text = Some(help);
        self
    }

    /// Sets a pointer made of words (`line 3`), from the catalogue.
    #[must_use]
    pub(crate) fn place(mut self, pointer: Text) -> Self {
        self.pointer = pointer.render(Lang::En);
        self.pointer_text = Some(pointer);
        self
    }

    /// Adds a help text (a text that is not in the catalogue: the same in every language).
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self.help_text = None;
        #[cfg(any(feature = "registers", feature = "fhir"))]
        if let Some(i) = &mut self.import {
            i.help = None;
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
    pub fn help_in(&self, lang: Lang) -> Option<String> {
        match &self.help_text {
            Some(t) => Some(t.render(lang)),
            None => self.import_help_in(lang).or_else(|| self.help.clone()),
        }
    }

    /// The same diagnostic with its message, help and place in `lang`.
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
            help: self.help_in(lang),
            pointer: self
                .pointer_text
                .as_ref()
                .map_or_else(|| self.pointer.clone(), |t| t.render(lang)),
            ..self.clone()
        }
    }

    /// The diagnostic as text in `lang`. A check diagnostic (`P…`) reads as rustc prints:
    /// `error[P020]: message`, then the location, entities, counterexample and help, each on
    /// its line. Any other reads as one line of its error's report: `[L004] message (at
    /// place)`, and the help on the next line. [`fmt::Display`] gives it in English.
    pub fn text(&self, lang: Lang) -> String {
        if self.code.family() == Family::Check {
            self.block(lang)
        } else {
            self.line(lang)
        }
    }

    /// `[code] message (at place)` and the help on the next line, in `lang`.
    fn line(&self, lang: Lang) -> String {
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
        if let Some(e) = p.entities.first() {
            places.push(tr(lang, Msg::LocIn, &[e]));
        }
        let mut out = format!("[{}] {}", p.code, p.message);
        if !places.is_empty() {
            out.push_str(" (");
            out.push_str(&places.join(", "));
            out.push(')');
        }
        if let Some(h) = &p.help {
            out.push_str("\n  ");
            out.push_str(&tr(lang, Msg::HelpLine, &[h]));
        }
        out
    }

    /// rustc style, in `lang`: `error[P020]: message`, then the location, entities,
    /// counterexample and help.
    fn block(&self, lang: Lang) -> String {
        use std::fmt::Write as _;
        let mut s = format!(
            "{}[{}]: {}\n",
            self.severity.word(lang),
            self.code,
            self.message_in(lang)
        );
        match (&self.file, self.pointer.is_empty()) {
            (Some(file), false) => {
                let _ = writeln!(s, "  --> {file}#{}", self.pointer);
            }
            (Some(file), true) => {
                let _ = writeln!(s, "  --> {file}");
            }
            (None, false) => {
                let _ = writeln!(s, "  --> #{}", self.pointer);
            }
            (None, true) => {}
        }
        if !self.entities.is_empty() {
            let ids: Vec<String> = self.entities.iter().map(|e| format!("`{e}`")).collect();
            s.push_str(&tr(lang, Msg::ShowEntities, &[&ids.join(", ")]));
            s.push('\n');
        }
        if let Some(case) = &self.counterexample {
            s.push_str(&tr(
                lang,
                Msg::ShowCounterexample,
                &[&describe_case(case, lang)],
            ));
            s.push('\n');
        }
        if let Some(help) = self.help_in(lang) {
            s.push_str(&tr(lang, Msg::ShowHelp, &[&help]));
        } else {
            s.pop();
        }
        s
    }

    /// Names the entity the problem is in (the most relevant, listed first).
    #[must_use]
    pub fn with_entity(mut self, entity: impl Into<String>) -> Self {
        let entity = entity.into();
        self.entities.retain(|e| *e != entity);
        self.entities.insert(0, entity);
        self
    }

    /// Adds the ids of entities involved, after those already named, each once.
    #[must_use]
    pub(crate) fn entities<I, S>(mut self, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        for id in ids {
            let id = id.into();
            if !self.entities.contains(&id) {
                self.entities.push(id);
            }
        }
        self
    }

    /// Sets the 1-based line and column.
    #[must_use]
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Names the file the problem is in.
    #[must_use]
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    #[must_use]
    pub(crate) fn counterexample(mut self, case: Option<Case>) -> Self {
        self.counterexample = case;
        self
    }
}

impl fmt::Display for Diagnostic {
    /// [`Diagnostic::text`] in English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// A case in one line, as the diagnostics print it, in `lang`.
fn describe_case(case: &Case, lang: Lang) -> String {
    let mut s = tr(lang, Msg::CaseFiliere, &[&case.filiere]);
    if let Some(l) = &case.level {
        s.push_str(&tr(lang, Msg::CaseAtLevel, &[l]));
    }
    let (msg, value) = match &case.origin {
        Origin::Id(id) => (Msg::CaseFrom, id.clone()),
        Origin::Point { lat, lon } => (Msg::CaseFromPoint, format!("{lat}, {lon}")),
        Origin::Commune { commune } => (Msg::CaseFromCommune, commune.clone()),
        Origin::PostalCode { postal_code } => (Msg::CaseFromPostalCode, postal_code.clone()),
        Origin::Finess { finess } => (Msg::CaseFromFiness, finess.clone()),
    };
    s.push_str(&tr(lang, msg, &[&value]));
    s.push_str(&tr(lang, Msg::CaseOn, &[&case.date.to_string()]));
    let mut extras = Vec::new();
    if !case.flags.is_empty() {
        let flags: Vec<String> = case.flags.iter().map(|f| format!("`{f}`")).collect();
        extras.push(tr(lang, Msg::CaseFlags, &[&flags.join(", ")]));
    }
    if let Some(a) = case.age {
        extras.push(tr(lang, Msg::CaseAge, &[&a.to_string()]));
    }
    for (on, msg) in [
        (case.ehpad_resident, Msg::CaseEhpad),
        (case.time_critical, Msg::CaseTimeCritical),
        (case.include_planned, Msg::CasePlanned),
    ] {
        if on {
            extras.push(msg.template(lang).to_owned());
        }
    }
    if !extras.is_empty() {
        s.push_str(" (");
        s.push_str(&extras.join("; "));
        s.push(')');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_within_their_family_and_read_back() {
        let mut prev: Option<Code> = None;
        for &c in Code::ALL {
            if let Some(p) = prev.filter(|p| p.family() == c.family()) {
                assert!(p < c, "{c} out of order");
            }
            prev = Some(c);
            assert_eq!(c.as_str().parse::<Code>(), Ok(c));
            assert!(
                c.summary(Lang::En)
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
            );
            assert_ne!(c.summary(Lang::En), c.summary(Lang::Fr), "{c}");
        }
        assert!("X001".parse::<Code>().is_err());
        assert_eq!(Code::L004, "L004");
        assert_eq!("P010", Code::P010);
        assert_eq!(serde_json::to_string(&Code::Q001).unwrap(), "\"Q001\"");
    }

    #[test]
    fn severity_is_the_codes() {
        assert!(Severity::Error < Severity::Warning);
        assert!(Severity::Warning < Severity::Info);
        assert_eq!(
            Diagnostic::new(Code::L004, "", "x").severity,
            Severity::Error
        );
        assert_eq!(Code::P040.severity(), Severity::Info);
        assert_eq!(Code::R013.severity(), Severity::Warning);
        for &c in Code::ALL {
            if matches!(c.family(), Family::Load | Family::Case | Family::Query) {
                assert_eq!(c.severity(), Severity::Error, "{c}");
            }
        }
    }

    #[test]
    fn a_load_problem_and_a_check_diagnostic_have_the_same_keys() {
        let keys = |d: &Diagnostic| -> Vec<String> {
            let v = serde_json::to_value(d).unwrap();
            v.as_object().unwrap().keys().cloned().collect()
        };
        let load = Diagnostic::new(Code::L004, "/sites/0/location", "unknown location `x`");
        let case: Case =
            serde_json::from_str(r#"{"filiere": "f", "origin": "a", "date": "2020-01-01"}"#)
                .unwrap();
        let check = Diagnostic::new(Code::P002, "/groupings/0", "gap")
            .entities(["g", "a"])
            .with_help("add a rule")
            .in_file("n.json")
            .counterexample(Some(case))
            .at(3, 4);
        let want = [
            "code",
            "severity",
            "message",
            "file",
            "pointer",
            "line",
            "column",
            "entities",
            "help",
            "counterexample",
        ];
        let mut sorted = want.map(str::to_owned).to_vec();
        sorted.sort();
        for d in [&load, &check] {
            let mut got = keys(d);
            got.sort();
            assert_eq!(got, sorted, "{d}");
        }
        let v = serde_json::to_value(&load).unwrap();
        assert_eq!(v["severity"], "error");
        assert_eq!(v["entities"], serde_json::json!([]));
        assert!(v["help"].is_null() && v["file"].is_null() && v["line"].is_null());
    }

    #[test]
    fn renders_location_and_help() {
        let p = Diagnostic::new(
            Code::L004,
            "/sites/0/location",
            "unknown location `chaumon`",
        )
        .with_entity("ch-chaumont")
        .with_help("did you mean `chaumont`?");
        assert_eq!(
            p.to_string(),
            "[L004] unknown location `chaumon` (at /sites/0/location, in `ch-chaumont`)\n  help: did you mean `chaumont`?"
        );
    }

    #[test]
    fn renders_each_part_of_the_location_alone() {
        let p = Diagnostic::new(Code::L006, "", "empty name");
        assert_eq!(p.to_string(), "[L006] empty name");
        assert_eq!(
            p.clone().with_entity("x").to_string(),
            "[L006] empty name (in `x`)"
        );
        let q = p.with_entity("x").at(3, 7);
        assert_eq!(
            q.to_string(),
            "[L006] empty name (at line 3 column 7, in `x`)"
        );
    }

    #[test]
    fn with_entity_puts_the_entity_first_once() {
        let d = Diagnostic::new(Code::P020, "", "x")
            .entities(["a", "b"])
            .with_entity("b");
        assert_eq!(d.entities, ["b", "a"]);
    }
}
