//! How a case is read: one shape for a single case and a row of a batch.
//!
//! A case gives its origin as `origin` (a site or location id, or `{lat, lon}`, `{commune}`,
//! `{postal_code}`, `{finess}`), or as the batch columns do: `lat` and `lon`, `commune`,
//! `postal_code` or `finess` beside the other fields. Flags and exclusions are a list of text,
//! or one text of `;`-separated values (a spreadsheet cell), as in batches. The id is text or a
//! whole number. Every message says what is expected in the terms of the case format, never in
//! Rust types.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::route::{Case, CaseId, Origin};

/// A case as files, dicts and JSON give it; becomes a [`Case`].
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Case")]
/// A case to route. Only `filiere`, the origin (`origin`, or `lat` and `lon`, `commune`,
/// `postal_code` or `finess`) and `date` are required.
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
    /// INSEE code of the patient's commune, instead of `origin`.
    #[serde(default)]
    pub commune: Option<String>,
    /// Postal code of the patient's place, instead of `origin`.
    #[serde(default)]
    pub postal_code: Option<String>,
    /// FINESS number of the origin establishment, instead of `origin`.
    #[serde(default)]
    pub finess: Option<String>,
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
        let mut given: Vec<(&str, Origin)> = Vec::new();
        if let Some(o) = c.origin {
            given.push(("origin", o));
        }
        match (c.lat, c.lon) {
            (Some(lat), Some(lon)) => given.push(("lat` and `lon", Origin::Point { lat, lon })),
            (Some(_), None) => return Err("`lat` without `lon`: give both".into()),
            (None, Some(_)) => return Err("`lon` without `lat`: give both".into()),
            (None, None) => {}
        }
        if let Some(commune) = c.commune {
            given.push(("commune", Origin::Commune { commune }));
        }
        if let Some(postal_code) = c.postal_code {
            given.push(("postal_code", Origin::PostalCode { postal_code }));
        }
        if let Some(finess) = c.finess {
            given.push(("finess", Origin::Finess { finess }));
        }
        let origin = match given.len() {
            0 => {
                return Err(
                    "missing the origin: give `origin` (a site or location id, or \
                            {lat, lon}), or `lat` and `lon`, `commune`, `postal_code` or `finess`"
                        .into(),
                );
            }
            1 => given.pop().map(|(_, o)| o),
            _ => {
                let names: Vec<String> = given.iter().map(|(n, _)| format!("`{n}`")).collect();
                return Err(format!(
                    "the origin is given twice ({}): keep one",
                    names.join(" and ")
                ));
            }
        };
        let Some(origin) = origin else {
            return Err("missing the origin".into());
        };
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

/// A number, or nothing (`null`), said in the field's own terms.
struct Number(&'static str);

impl<'de> Visitor<'de> for Number {
    type Value = Option<f64>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    #[allow(clippy::cast_precision_loss)] // a degree or km count far below 2^53
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }
    #[allow(clippy::cast_precision_loss)] // a degree or km count far below 2^53
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }
}

fn degrees<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_any(Number("a number of degrees (WGS84)"))
}

fn kilometres<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_any(Number("a distance in km"))
}

/// An age in whole years, or nothing.
struct Age;

impl<'de> Visitor<'de> for Age {
    type Value = Option<u16>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an age in whole years, from 0 to {}", u16::MAX)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        u16::try_from(v)
            .map(Some)
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        u16::try_from(v)
            .map(Some)
            .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if v.fract() == 0.0 && (0.0..=f64::from(u16::MAX)).contains(&v) {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // checked above
            Ok(Some(v as u16))
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }
}

fn age<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u16>, D::Error> {
    d.deserialize_any(Age)
}

/// A list of text, or one text of `;`-separated values (as a batch column's cell).
struct List;

impl<'de> Visitor<'de> for List {
    type Value = Vec<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of text, or one text of `;`-separated values")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(crate::batch::split_list(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element::<Text>()? {
            out.push(item.0);
        }
        Ok(out)
    }
}

fn list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    d.deserialize_any(List)
}

/// One text item of a list.
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Text)
    }
}

impl<'de> Deserialize<'de> for CaseId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Id;
        impl Visitor<'_> for Id {
            type Value = CaseId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id: text or a whole number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CaseId, E> {
                Ok(CaseId::from(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<CaseId, E> {
                Ok(CaseId::Number(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<CaseId, E> {
                i64::try_from(v)
                    .map(CaseId::Number)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
        }
        d.deserialize_any(Id)
    }
}

impl<'de> Deserialize<'de> for Origin {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(OriginVisitor)
    }
}

struct OriginVisitor;

const ORIGIN_FIELDS: &[&str] = &["lat", "lon", "commune", "postal_code", "finess"];

impl<'de> Visitor<'de> for OriginVisitor {
    type Value = Origin;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "an origin: a site or location id, or {\"lat\", \"lon\"}, {\"commune\"}, \
             {\"postal_code\"} or {\"finess\"}",
        )
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Origin, E> {
        Ok(Origin::Id(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Origin, E> {
        Ok(Origin::Id(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Origin, A::Error> {
        let (mut lat, mut lon) = (None, None);
        let mut place: Option<(String, String)> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "lat" => lat = map.next_value_seed(NumberSeed("a latitude in degrees"))?,
                "lon" => lon = map.next_value_seed(NumberSeed("a longitude in degrees"))?,
                "commune" | "postal_code" | "finess" => {
                    let value: String = map.next_value()?;
                    if let Some((first, _)) = &place {
                        return Err(de::Error::custom(format!(
                            "the origin gives both `{first}` and `{key}`: keep one"
                        )));
                    }
                    place = Some((key, value));
                }
                other => return Err(de::Error::unknown_field(other, ORIGIN_FIELDS)),
            }
        }
        match (lat, lon, place) {
            (Some(lat), Some(lon), None) => Ok(Origin::Point { lat, lon }),
            (None, None, Some((key, value))) => Ok(match key.as_str() {
                "commune" => Origin::Commune { commune: value },
                "postal_code" => Origin::PostalCode { postal_code: value },
                _ => Origin::Finess { finess: value },
            }),
            _ => Err(de::Error::custom(
                "an origin object is {\"lat\", \"lon\"} (both), {\"commune\"}, {\"postal_code\"} \
                 or {\"finess\"}",
            )),
        }
    }
}

/// Reads a number in the terms of [`Number`].
struct NumberSeed(&'static str);

impl<'de> de::DeserializeSeed<'de> for NumberSeed {
    type Value = Option<f64>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<f64>, D::Error> {
        d.deserialize_any(Number(self.0))
    }
}
