//! How a case is read: one shape for a single case and a row of a batch.
//!
//! A case gives its origin as `origin` (a site or location id, or `{lat, lon}`, `{commune}`,
//! `{postal_code}`, `{finess}`), or as the batch columns do: `lat` and `lon` beside the other
//! fields. Flags and exclusions are a list of text,
//! or one text of `;`-separated values (a spreadsheet cell), as in batches. The id is text or a
//! whole number. Every message says what is expected in the terms of the case format, never in
//! Rust types.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::code_table::case_codes as codes;
use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic};
use crate::ffi::json::ReadError;
use crate::messages::{Lang, Msg, Text, text, tr};
use crate::route::{Case, CaseId, Origin};

/// A case as files, dicts and JSON give it; becomes a [`Case`].
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Case")]
/// A case to route. Only `filiere`, the origin (`origin`, or `lat` and `lon`) and `date` are
/// required.
pub struct CaseInput {
    /// Caller's record id (text or a whole number), echoed in the decision; never interpreted.
    #[serde(default)]
    pub id: Option<CaseId>,
    /// The filière.
    pub filiere: String,
    /// Level needed; default the filière's lowest level (or what the flags imply).
    #[serde(default)]
    pub level: Option<String>,
    /// Where the patient is: a site or location id, `{lat, lon}`, `{commune}`,
    /// `{postal_code}` or `{finess}`. Or give one of the fields below instead.
    #[serde(default)]
    pub origin: Option<Origin>,
    /// Latitude of the patient's place (WGS84 degrees), with `lon`, instead of `origin`.
    #[serde(default, deserialize_with = "degrees")]
    #[schemars(with = "Option<f64>")]
    pub lat: Option<f64>,
    /// Longitude of the patient's place (WGS84 degrees), with `lat`, instead of `origin`.
    #[serde(default, deserialize_with = "degrees")]
    #[schemars(with = "Option<f64>")]
    pub lon: Option<f64>,
    /// Date of the case (`as_of`).
    pub date: Date,
    /// Patient age in whole years.
    #[serde(default, deserialize_with = "age")]
    #[schemars(with = "Option<u16>")]
    pub age: Option<u16>,
    /// Whether the patient lives in an EHPAD.
    #[serde(default)]
    pub ehpad_resident: bool,
    /// Whether the case is time-critical.
    #[serde(default)]
    pub time_critical: bool,
    /// Clinical flags (e.g. `most_acute`): a list, or one text of `;`-separated flags.
    #[serde(default, deserialize_with = "list")]
    #[schemars(with = "ListOrText")]
    pub flags: Vec<String>,
    /// No target farther than this (km).
    #[serde(default, deserialize_with = "kilometres")]
    #[schemars(with = "Option<f64>")]
    pub max_distance_km: Option<f64>,
    /// Sites that must not be chosen: a list, or one text of `;`-separated site ids.
    #[serde(default, deserialize_with = "list")]
    #[schemars(with = "ListOrText")]
    pub exclude: Vec<String>,
    /// Site the patient chose; wins over preferred rules when it qualifies.
    #[serde(default)]
    pub preferred_site: Option<String>,
    /// Count planned and in-progress facts as in force (what-if on announced changes).
    #[serde(default)]
    pub include_planned: bool,
}

/// The names of a case's fields, in the order of [`CaseInput`] (serde's own list for it).
const FIELDS: &[&str] = &[
    "id",
    "filiere",
    "level",
    "origin",
    "lat",
    "lon",
    "date",
    "age",
    "ehpad_resident",
    "time_critical",
    "flags",
    "max_distance_km",
    "exclude",
    "preferred_site",
    "include_planned",
];

/// A case read field by field, for a caller that holds the case as its own key-value data (a
/// Python dict, a JavaScript object) rather than as JSON text: no map is built, no key copied.
///
/// Each field's value is handed over as a JSON value ([`CaseFields::set`]), and read by the
/// same rules and with the same messages as a case read from JSON: an unknown field, a value of
/// the wrong type, an age that is not a whole number, flags as a list or one `;`-separated text,
/// the origin as `origin` or `lat` and `lon`. [`CaseFields::finish`] then checks the required
/// fields and the origin, as reading a whole case does. Only the order in which mistakes are
/// found differs: the first bad field in the order given, where a JSON object read by serde
/// reports the first in key order.
///
/// ```
/// use serde_json::json;
/// let mut fields = parcours::CaseFields::default();
/// fields.set("filiere", json!("chirurgie"))?;
/// fields.set("lat", json!(47.86))?;
/// fields.set("lon", json!(5.33))?;
/// fields.set("date", json!("2017-10-02"))?;
/// fields.set("flags", json!("most_acute; urgent"))?;
/// let case = fields.finish()?;
/// assert_eq!(case.origin, parcours::Origin::Point { lat: 47.86, lon: 5.33 });
/// assert_eq!(case.flags, ["most_acute", "urgent"]);
///
/// let mut bad = parcours::CaseFields::default();
/// let e = bad.set("colour", json!("blue")).unwrap_err();
/// assert!(e.starts_with("unknown field `colour`, expected one of `id`, `filiere`"));
/// assert_eq!(parcours::CaseFields::default().finish().unwrap_err(), "missing field `filiere`");
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Default)]
pub struct CaseFields {
    id: Option<CaseId>,
    filiere: Option<String>,
    level: Option<String>,
    origin: Option<Origin>,
    lat: Option<f64>,
    lon: Option<f64>,
    date: Option<Date>,
    age: Option<u16>,
    ehpad_resident: bool,
    time_critical: bool,
    flags: Vec<String>,
    max_distance_km: Option<f64>,
    exclude: Vec<String>,
    preferred_site: Option<String>,
    include_planned: bool,
}

impl CaseFields {
    /// The names of a case's fields, the keys [`CaseFields::set`] takes (any other is an
    /// unknown field), in the order of the case format.
    pub const FIELDS: &'static [&'static str] = FIELDS;

    /// Reads the field `key` from its value. A field set twice keeps its last value.
    ///
    /// # Errors
    /// An unknown key, or a value that does not fit the field: the message names the value and
    /// says what is expected (the message a case read from JSON gives).
    pub fn set(&mut self, key: &str, value: Value) -> Result<(), String> {
        self.read(key, value).map_err(|e| e.to_string())
    }

    /// [`CaseFields::set`] for a text value: the same as `set(key, Value::String(text.into()))`,
    /// without copying the text where the field does not keep it (a date, `;`-separated flags).
    ///
    /// # Errors
    /// As [`CaseFields::set`].
    pub fn set_text(&mut self, key: &str, text: &str) -> Result<(), String> {
        match key {
            "id" => self.id = Some(CaseId::from(text)),
            "filiere" => self.filiere = Some(text.to_owned()),
            "level" => self.level = Some(text.to_owned()),
            "origin" => self.origin = Some(Origin::Id(text.to_owned())),
            "date" => {
                let date = text.parse().map_err(|e: crate::date::DateError| {
                    <serde_json::Error as de::Error>::custom(e).to_string()
                })?;
                self.date = Some(date);
            }
            "flags" => self.flags = crate::batch::split_list(text),
            "exclude" => self.exclude = crate::batch::split_list(text),
            "preferred_site" => self.preferred_site = Some(text.to_owned()),
            // Fields that take no text: the message of `set`.
            _ => return self.set(key, Value::String(text.to_owned())),
        }
        Ok(())
    }

    fn read(&mut self, key: &str, v: Value) -> Result<(), serde_json::Error> {
        // The converters of the fields with their own reader are called on the value itself
        // (the serde path reads the value into a value again first); the messages are theirs.
        let custom = <serde_json::Error as de::Error>::custom;
        match key {
            "id" => self.id = optional(v, case_id).map_err(custom)?,
            "filiere" => self.filiere = Some(String::deserialize(v)?),
            "level" => self.level = Option::deserialize(v)?,
            "origin" => self.origin = optional(v, origin).map_err(custom)?,
            "lat" => self.lat = number(v, DEGREES).map_err(custom)?,
            "lon" => self.lon = number(v, DEGREES).map_err(custom)?,
            "date" => self.date = Some(Date::deserialize(v)?),
            "age" => self.age = age_of(v).map_err(custom)?,
            "ehpad_resident" => self.ehpad_resident = bool::deserialize(v)?,
            "time_critical" => self.time_critical = bool::deserialize(v)?,
            "flags" => self.flags = list_of(v).map_err(custom)?,
            "max_distance_km" => self.max_distance_km = number(v, KILOMETRES).map_err(custom)?,
            "exclude" => self.exclude = list_of(v).map_err(custom)?,
            "preferred_site" => self.preferred_site = Option::deserialize(v)?,
            "include_planned" => self.include_planned = bool::deserialize(v)?,
            other => return Err(de::Error::unknown_field(other, FIELDS)),
        }
        Ok(())
    }

    /// The case, once every field is set.
    ///
    /// # Errors
    /// A missing `filiere` or `date`, or an origin given twice or not at all: the message of a
    /// case read from JSON.
    pub fn finish(self) -> Result<Case, String> {
        let missing = |field| <serde_json::Error as de::Error>::missing_field(field).to_string();
        let filiere = self.filiere.ok_or_else(|| missing("filiere"))?;
        let date = self.date.ok_or_else(|| missing("date"))?;
        // What `Case::try_from(CaseInput)` does, without moving the fields twice.
        let origin = Parts {
            lat: self.lat,
            lon: self.lon,
            ..Parts::default()
        }
        .origin(self.origin)?;
        Ok(Case {
            id: self.id,
            filiere,
            level: self.level,
            origin,
            date,
            age: self.age,
            ehpad_resident: self.ehpad_resident,
            time_critical: self.time_critical,
            flags: self.flags,
            max_distance_km: self.max_distance_km,
            exclude: self.exclude,
            preferred_site: self.preferred_site,
            include_planned: self.include_planned,
        })
    }
}

/// The schema of a list field: a list of text, or one text of `;`-separated values.
#[derive(Serialize, schemars::JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)] // only its schema is used
enum ListOrText {
    /// A list.
    List(Vec<String>),
    /// `;`-separated values.
    Text(String),
}

impl TryFrom<CaseInput> for Case {
    type Error = String;

    fn try_from(c: CaseInput) -> Result<Self, String> {
        let origin = Parts {
            lat: c.lat,
            lon: c.lon,
            ..Parts::default()
        }
        .origin(c.origin)?;
        Ok(Case {
            id: c.id,
            filiere: c.filiere,
            level: c.level,
            origin,
            date: c.date,
            age: c.age,
            ehpad_resident: c.ehpad_resident,
            time_critical: c.time_critical,
            flags: c.flags,
            max_distance_km: c.max_distance_km,
            exclude: c.exclude,
            preferred_site: c.preferred_site,
            include_planned: c.include_planned,
        })
    }
}

// Each field below is read as a JSON value, then converted with a message in the case format's
// terms: one value reader serves every field (and already serves the rest of the module), so
// the WebAssembly module holds no visitor per field type.

/// A value that does not fit, shown as its JSON text: the English text of the catalogue
/// (read back into the catalogue by [`CaseError::from_message`]).
fn invalid(v: &Value, expected: Msg) -> String {
    tr(
        Lang::En,
        Msg::CaseInvalidValue,
        &[&v.to_string(), expected.template(Lang::En)],
    )
}

/// What a case field expects, in the catalogue: the values of [`invalid`]'s messages.
const EXPECTED: &[Msg] = &[
    Msg::CaseExpDegrees,
    Msg::CaseExpKm,
    Msg::CaseExpAge,
    Msg::CaseExpList,
    Msg::CaseExpText,
    Msg::CaseExpId,
    Msg::CaseExpOrigin,
];

fn number(v: Value, expected: Msg) -> Result<Option<f64>, String> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => n
            .as_f64()
            .map(Some)
            .ok_or_else(|| invalid(&Value::Number(n), expected)),
        other => Err(invalid(&other, expected)),
    }
}

fn read<'de, D: Deserializer<'de>, T>(
    d: D,
    convert: fn(Value) -> Result<T, String>,
) -> Result<T, D::Error> {
    convert(Value::deserialize(d)?).map_err(de::Error::custom)
}

const DEGREES: Msg = Msg::CaseExpDegrees;

fn degrees<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    read(d, |v| number(v, DEGREES))
}

const KILOMETRES: Msg = Msg::CaseExpKm;

fn kilometres<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    read(d, |v| number(v, KILOMETRES))
}

fn age<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u16>, D::Error> {
    read(d, age_of)
}

#[allow(clippy::needless_pass_by_value)] // the shape of `read`'s converters
fn age_of(v: Value) -> Result<Option<u16>, String> {
    let expected = Msg::CaseExpAge;
    let Some(x) = number(v.clone(), expected)? else {
        return Ok(None);
    };
    if x.fract() == 0.0 && (0.0..=f64::from(u16::MAX)).contains(&x) {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // checked above
        Ok(Some(x as u16))
    } else {
        Err(invalid(&v, expected))
    }
}

fn list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    read(d, list_of)
}

fn list_of(v: Value) -> Result<Vec<String>, String> {
    let expected = Msg::CaseExpList;
    match v {
        Value::Null => Ok(Vec::new()),
        Value::String(s) => Ok(crate::batch::split_list(&s)),
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::String(s) => Ok(s),
                other => Err(invalid(&other, Msg::CaseExpText)),
            })
            .collect(),
        other => Err(invalid(&other, expected)),
    }
}

impl<'de> Deserialize<'de> for CaseId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read(d, case_id)
    }
}

fn case_id(v: Value) -> Result<CaseId, String> {
    match v {
        Value::String(s) => Ok(CaseId::from(s)),
        Value::Number(n) if n.is_i64() => Ok(CaseId::Number(n.as_i64().unwrap_or_default())),
        other => Err(invalid(&other, Msg::CaseExpId)),
    }
}

/// An optional field's converter: `null` is `None`.
fn optional<T>(v: Value, convert: fn(Value) -> Result<T, String>) -> Result<Option<T>, String> {
    match v {
        Value::Null => Ok(None),
        v => convert(v).map(Some),
    }
}

impl<'de> Deserialize<'de> for Origin {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read(d, origin)
    }
}

const ORIGIN_SHAPES: Msg = Msg::CaseExpOrigin;

/// The fields of an origin object.
const ORIGIN_FIELDS: &[&str] = &["lat", "lon", "commune", "postal_code", "finess"];

fn origin(v: Value) -> Result<Origin, String> {
    let map = match v {
        Value::String(id) => return Ok(Origin::Id(id)),
        Value::Object(map) => map,
        other => return Err(invalid(&other, ORIGIN_SHAPES)),
    };
    let mut parts = Parts::default();
    for (key, value) in map {
        let text = |value: Value| match value {
            Value::String(s) => Ok(Some(s)),
            other => Err(invalid(&other, Msg::CaseExpText)),
        };
        match key.as_str() {
            "lat" => parts.lat = number(value, DEGREES)?,
            "lon" => parts.lon = number(value, DEGREES)?,
            "commune" => parts.commune = text(value)?,
            "postal_code" => parts.postal_code = text(value)?,
            "finess" => parts.finess = text(value)?,
            other => {
                return Err(
                    <serde_json::Error as de::Error>::unknown_field(other, ORIGIN_FIELDS)
                        .to_string(),
                );
            }
        }
    }
    parts
        .origin(None)
        .map_err(|_| Msg::CaseOriginObject.template(Lang::En).to_owned())
}

/// The ways of giving an origin, read from a case's fields or an origin object.
#[derive(Default)]
struct Parts {
    lat: Option<f64>,
    lon: Option<f64>,
    commune: Option<String>,
    postal_code: Option<String>,
    finess: Option<String>,
}

impl Parts {
    /// The one origin given (with `id`, an `origin` field), or a message.
    fn origin(self, id: Option<Origin>) -> Result<Origin, String> {
        let point = match (self.lat, self.lon) {
            (Some(lat), Some(lon)) => Some(Origin::Point { lat, lon }),
            (None, None) => None,
            _ => return Err(Msg::CaseLatLon.template(Lang::En).to_owned()),
        };
        let given = [
            id,
            point,
            self.commune.map(|commune| Origin::Commune { commune }),
            self.postal_code
                .map(|postal_code| Origin::PostalCode { postal_code }),
            self.finess.map(|finess| Origin::Finess { finess }),
        ];
        let mut given = given.into_iter().flatten();
        match (given.next(), given.next()) {
            (Some(origin), None) => Ok(origin),
            _ => Err(Msg::CaseOriginOnce.template(Lang::En).to_owned()),
        }
    }
}

/// Why a case does not read: a stable code (`C001`…, see
/// [`crate::code_table::case_codes`]), the message in English and, from the catalogue, in
/// any language, with the JSON pointer of the value at fault when known.
///
/// The readers of cases ([`CaseFields`], serde) write English messages; this type reads them
/// back into the catalogue, so that every binding gives the same code and texts.
///
/// ```
/// use parcours::{CaseError, CaseFields, Lang};
/// let e = CaseFields::default().set("age", serde_json::json!(-3)).unwrap_err();
/// let e = CaseError::from_message(&e);
/// assert_eq!(e.code, "C001");
/// assert_eq!(e.message, "invalid value `-3`, expected an age in whole years, from 0 to 65535");
/// assert_eq!(
///     e.message_in(Lang::Fr),
///     "valeur invalide `-3`, alors qu'il faut un âge en années entières, de 0 à 65535"
/// );
/// let e = CaseError::from_message("give both `lat` and `lon`, or neither");
/// assert_eq!(e.code, "C003");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CaseError {
    /// Stable code: `C001` (the case does not fit the format), `C002` (its date is not a
    /// date), `C003` (its origin is missing, given twice or of no known shape).
    pub code: Code,
    /// What is wrong, in English.
    pub message: String,
    /// JSON pointer of the value at fault (`/3/date` in an array of cases), empty when unknown.
    pub pointer: String,
    /// The message, from the catalogue.
    text: Text,
    /// What to do about it, from the catalogue.
    help: Option<Text>,
}

impl CaseError {
    /// The error of a row of case columns ([`crate::batch::CaseColumns::fill`]): `code` and
    /// the catalogue's text.
    pub(crate) fn of_row(code: Code, text: Text) -> Self {
        Self {
            code,
            message: text.render(Lang::En),
            pointer: String::new(),
            help: None,
            text,
        }
    }

    /// The error of a date text that is not a date (`C002`), with the help on how to write one.
    pub(crate) fn from_date(e: &crate::date::DateError) -> Self {
        let mut out = Self::of_row(codes::DATE, e.catalogue_text());
        out.help = Some(Text::new(Msg::HintDate, &[]));
        out
    }

    /// The error of a case reader's English message (what [`CaseFields::set`],
    /// [`CaseFields::finish`] or serde's reader of a [`Case`] give).
    pub fn from_message(message: &str) -> Self {
        let origin_text = |m: Msg| (m.template(Lang::En) == message).then(|| Text::new(m, &[]));
        let fixed = [Msg::CaseLatLon, Msg::CaseOriginOnce, Msg::CaseOriginObject]
            .into_iter()
            .find_map(origin_text);
        let (code, text) = if let Some(t) = fixed {
            (codes::ORIGIN, t)
        } else if let Some((value, expected)) = message
            .strip_prefix("invalid value `")
            .and_then(|rest| rest.rsplit_once("`, expected "))
            .and_then(|(v, e)| {
                let m = EXPECTED.iter().find(|m| m.template(Lang::En) == e)?;
                Some((v, *m))
            })
        {
            let code = if expected == Msg::CaseExpOrigin {
                codes::ORIGIN
            } else {
                codes::FORMAT
            };
            (code, text!(CaseInvalidValue, value, expected))
        } else {
            // serde's `unknown field` in an origin object lists the origin's fields.
            let origin_field = message.contains("`postal_code`, `finess`");
            let code = if message.starts_with("invalid date")
                || message.contains("expected a date written")
            {
                codes::DATE
            } else if origin_field {
                codes::ORIGIN
            } else {
                codes::FORMAT
            };
            (code, crate::serde_text::text_of(message))
        };
        Self {
            code,
            message: text.render(Lang::En),
            pointer: String::new(),
            help: crate::serde_text::hint_of(message),
            text,
        }
    }

    /// The error of a case (or an array of cases) read from JSON text, with its pointer.
    pub fn from_read(e: &ReadError) -> Self {
        let mut out = Self::from_message(&e.message);
        if e.syntax || e.trailing {
            out.code = codes::FORMAT;
        }
        out.pointer.clone_from(&e.pointer);
        out
    }

    /// The same error about a travel matrix (`invalid travel matrix: …`).
    #[must_use]
    pub fn in_travel_matrix(self) -> Self {
        let text = text!(QueryTravelMatrix, self.text);
        self.wrap(text)
    }

    /// The same error about the row `row` (counted from 0) of a batch (`row 3: …`).
    #[must_use]
    pub fn in_row(self, row: usize) -> Self {
        let text = text!(CaseRow, row.to_string(), self.text);
        self.wrap(text)
    }

    /// The same error about the row `row`, the first of `unreadable` rows of a batch that do
    /// not read (`row 3: … (12 rows cannot be read; …)`); [`Self::in_row`] when it is the only
    /// one.
    #[must_use]
    pub fn in_first_row_of(self, row: usize, unreadable: usize) -> Self {
        if unreadable <= 1 {
            return self.in_row(row);
        }
        let text = text!(
            CaseRowOfMany,
            row.to_string(),
            self.text,
            unreadable.to_string()
        );
        self.wrap(text)
    }

    fn wrap(self, text: Text) -> Self {
        Self {
            message: text.render(Lang::En),
            text,
            ..self
        }
    }

    /// The message and the hint, from the catalogue.
    pub(crate) fn into_texts(self) -> (Text, Option<Text>) {
        (self.text, self.help)
    }

    /// What is wrong, in `lang`.
    pub fn message_in(&self, lang: Lang) -> String {
        self.text.render(lang)
    }

    /// What to do about it, in `lang`.
    pub fn help_in(&self, lang: Lang) -> Option<String> {
        self.help.as_ref().map(|h| h.render(lang))
    }

    /// The error as a [`Diagnostic`]: its code, message, help and pointer, in every
    /// language through [`Diagnostic::localized`].
    ///
    /// ```
    /// use parcours::{CaseError, Lang};
    /// let d = CaseError::from_message("give both `lat` and `lon`, or neither").diagnostic();
    /// assert_eq!(d.code, "C003");
    /// assert_ne!(d.localized(Lang::Fr).message, d.message);
    /// ```
    pub fn diagnostic(&self) -> Diagnostic {
        let d = Diagnostic::tr(self.code, self.pointer.clone(), self.text.clone());
        match &self.help {
            Some(h) => d.help(h.clone()),
            None => d,
        }
    }

    /// The message as a sentence about a case in `lang`: `invalid case: …`
    /// (« cas invalide : … »).
    pub fn invalid_case_in(&self, lang: Lang) -> String {
        tr(lang, Msg::CaseInvalid, &[&self.message_in(lang)])
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::CaseFields;
    use crate::route::Case;

    /// The case (or message) of reading `value` field by field, with `set` only or with
    /// `set_text` for text values.
    fn by_fields(value: &Value, text: bool) -> Result<Case, String> {
        let mut fields = CaseFields::default();
        for (key, v) in value.as_object().into_iter().flatten() {
            match v {
                Value::String(s) if text => fields.set_text(key, s)?,
                _ => fields.set(key, v.clone())?,
            }
        }
        fields.finish()
    }

    #[test]
    fn fields_read_as_a_whole_case_reads() {
        let base = json!({"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02"});
        let changes = [
            json!({}),
            json!({"id": "stay-1", "level": "reference", "age": 83.0, "flags": ["most_acute"]}),
            json!({"id": 42, "flags": "most_acute; urgent", "exclude": "a;b", "ehpad_resident": true}),
            json!({"origin": {"lat": 47.8, "lon": 5.3}, "max_distance_km": 80}),
            json!({"origin": null, "lat": 47.8, "lon": 5.3, "preferred_site": null, "level": null}),
            json!({"origin": {"commune": "52269"}, "include_planned": true, "time_critical": false}),
            // Mistakes, one at a time: the same message as serde's reader of a whole case.
            json!({"filiere": 3}),
            json!({"filiere": null}),
            json!({"date": "2017-13-02"}),
            json!({"date": 20_171_002}),
            json!({"colour": "blue"}),
            json!({"age": -3}),
            json!({"age": 1.5}),
            json!({"age": true}),
            json!({"max_distance_km": "far"}),
            json!({"origin": {"lat": 47.8}}),
            json!({"origin": {"lat": 47.8, "lon": 5.3, "x": 1}}),
            json!({"origin": 7}),
            json!({"lat": 47.8, "lon": 5.3}),
            json!({"origin": null}),
            json!({"origin": null, "lat": 47.8}),
            json!({"id": 1.5}),
            json!({"id": [1]}),
            json!({"flags": [1]}),
            json!({"flags": 1}),
            json!({"ehpad_resident": null}),
            json!({"ehpad_resident": "yes"}),
            json!({"level": 2}),
            // Text where a field takes none, and odd texts.
            json!({"age": "83", "lat": "47.8", "max_distance_km": "80"}),
            json!({"ehpad_resident": "true"}),
            json!({"include_planned": "yes"}),
            json!({"date": "2017-02-30"}),
            json!({"date": ""}),
            json!({"flags": "", "exclude": " a ; ;b "}),
            json!({"id": "", "level": "", "preferred_site": "x"}),
            json!({"origin": ""}),
        ];
        for change in changes {
            let mut case = base.clone();
            for (k, v) in change.as_object().into_iter().flatten() {
                case[k] = v.clone();
            }
            let whole = serde_json::from_value::<Case>(case.clone()).map_err(|e| e.to_string());
            assert_eq!(by_fields(&case, false), whole, "{case}");
            assert_eq!(by_fields(&case, true), whole, "{case}");
        }
        for missing in ["filiere", "date"] {
            let mut case = base.clone();
            case.as_object_mut().map(|m| m.remove(missing));
            let whole = serde_json::from_value::<Case>(case.clone()).map_err(|e| e.to_string());
            assert_eq!(by_fields(&case, false), whole, "{case}");
            assert_eq!(by_fields(&case, true), whole, "{case}");
        }
    }
}
