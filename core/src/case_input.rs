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

use crate::date::Date;
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

/// A value that does not fit, shown as its JSON text.
fn invalid(v: &Value, expected: &str) -> String {
    format!("invalid value `{v}`, expected {expected}")
}

fn number(v: Value, expected: &str) -> Result<Option<f64>, String> {
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

const DEGREES: &str = "a number of degrees (WGS84)";

fn degrees<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    read(d, |v| number(v, DEGREES))
}

fn kilometres<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    read(d, |v| number(v, "a distance in km"))
}

fn age<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u16>, D::Error> {
    read(d, |v| {
        let expected = "an age in whole years, from 0 to 65535";
        let Some(x) = number(v.clone(), expected)? else {
            return Ok(None);
        };
        if x.fract() == 0.0 && (0.0..=f64::from(u16::MAX)).contains(&x) {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // checked above
            Ok(Some(x as u16))
        } else {
            Err(invalid(&v, expected))
        }
    })
}

fn list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    read(d, |v| {
        let expected = "a list of text, or one text of `;`-separated values";
        match v {
            Value::Null => Ok(Vec::new()),
            Value::String(s) => Ok(crate::batch::split_list(&s)),
            Value::Array(items) => items
                .into_iter()
                .map(|item| match item {
                    Value::String(s) => Ok(s),
                    other => Err(invalid(&other, "text")),
                })
                .collect(),
            other => Err(invalid(&other, expected)),
        }
    })
}

impl<'de> Deserialize<'de> for CaseId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read(d, |v| match v {
            Value::String(s) => Ok(CaseId::from(s)),
            Value::Number(n) if n.is_i64() => Ok(CaseId::Number(n.as_i64().unwrap_or_default())),
            other => Err(invalid(&other, "an id: text or a whole number")),
        })
    }
}

impl<'de> Deserialize<'de> for Origin {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read(d, origin)
    }
}

const ORIGIN_SHAPES: &str = "an origin: a site or location id, or {\"lat\", \"lon\"}, \
                             {\"commune\"}, {\"postal_code\"} or {\"finess\"}";

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
            other => Err(invalid(&other, "text")),
        };
        match key.as_str() {
            "lat" => parts.lat = number(value, DEGREES)?,
            "lon" => parts.lon = number(value, DEGREES)?,
            "commune" => parts.commune = text(value)?,
            "postal_code" => parts.postal_code = text(value)?,
            "finess" => parts.finess = text(value)?,
            other => {
                return Err(format!(
                    "unknown field `{other}`, expected one of `lat`, `lon`, `commune`, \
                     `postal_code`, `finess`"
                ));
            }
        }
    }
    parts.origin(None).map_err(|_| {
        "an origin object is {\"lat\", \"lon\"} (both), {\"commune\"}, {\"postal_code\"} or \
         {\"finess\"}"
            .to_owned()
    })
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
            _ => return Err("give both `lat` and `lon`, or neither".into()),
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
            _ => Err(
                "give the origin once: `origin` (a site or location id, or {lat, lon}), or `lat` and `lon`"
                .into(),
            ),
        }
    }
}
