//! Reading the command line's inputs: networks, cases, origins, changes and travel matrices.
//! Every error names the file and, where it can, the line or JSON pointer.

use std::path::Path;
use std::sync::Arc;

use parcours::reference::Communes;

use parcours::analysis::{Change, CoverageOrigin};
use parcours::{Case, CompileOptions, Engine, Format, Network, Origin, TravelEntry};
use serde_json::{Map, Value};

/// An input error: printed as `error: …` and exit code 2.
#[derive(Debug)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<parcours::Error> for InputError {
    fn from(e: parcours::Error) -> Self {
        Self(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, InputError>;

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path)
        .map_err(|e| InputError(format!("error: cannot read `{}`: {e}", path.display())))
}

/// Loads a network file, JSON or TOML by its extension.
pub fn network(path: &Path) -> Result<Network> {
    let text = read(path)?;
    let name = path.display().to_string();
    Ok(Network::load(&text, Format::from_path(&name), &name)?)
}

/// Compiles a network, with a travel matrix when given.
pub fn engine(
    network: &Network,
    travel: Option<&Path>,
    communes: Option<&Arc<Communes>>,
) -> Result<Engine> {
    let mut options = match travel {
        Some(path) => CompileOptions::default().travel(travel_matrix(path)?),
        None => CompileOptions::default(),
    };
    if let Some(communes) = communes {
        options = options.communes(Arc::clone(communes));
    }
    Ok(Engine::compile_with(network, &options)?)
}

/// The commune reference files given on the command line.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Reference {
    /// Commune reference CSV (code,name,departement,population,population_year,lat,lon,point,
    /// successor), e.g. examples/reference/communes.csv: lets cases come from a `commune` or a
    /// `postal_code`, and places people in territories.
    #[arg(long, value_name = "COMMUNES.csv", global = false)]
    pub communes: Option<std::path::PathBuf>,
    /// Postal codes CSV (postal_code,commune), e.g. examples/reference/postal_codes.csv; needs
    /// --communes.
    #[arg(long, value_name = "POSTAL_CODES.csv", requires = "communes")]
    pub postal_codes: Option<std::path::PathBuf>,
}

impl Reference {
    /// Reads the reference, if given.
    pub fn load(&self) -> Result<Option<Arc<Communes>>> {
        let Some(path) = &self.communes else {
            return Ok(None);
        };
        let name = path.display().to_string();
        let mut communes = Communes::from_csv(&read(path)?, &name)?;
        if let Some(p) = &self.postal_codes {
            communes = communes.with_postal_codes(&read(p)?, &p.display().to_string())?;
        }
        Ok(Some(Arc::new(communes)))
    }
}

/// A travel matrix CSV: columns `from`, `to`, and `km` and/or `minutes`.
pub fn travel_matrix(path: &Path) -> Result<Vec<TravelEntry>> {
    let text = read(path)?;
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, record) in reader.deserialize::<TravelEntry>().enumerate() {
        let entry = record.map_err(|e| {
            InputError(format!(
                "error: {}: line {}: {e}\n  = help: columns are from,to,km,minutes (km or minutes may be empty)",
                path.display(),
                i + 2
            ))
        })?;
        out.push(entry);
    }
    Ok(out)
}

/// One case read from a file: the case, or why its record could not be read.
pub struct CaseRecord {
    /// Where the record is (`line 4`, `/cases/2`).
    pub at: String,
    /// The record's `id` column or field, when readable.
    pub id: Option<String>,
    pub case: std::result::Result<Case, String>,
}

/// The CSV columns of a case file, in the order the help lists them.
pub const CASE_COLUMNS: &[&str] = &[
    "id",
    "filiere",
    "level",
    "origin",
    "commune",
    "postal_code",
    "finess",
    "lat",
    "lon",
    "date",
    "age",
    "flags",
    "ehpad_resident",
    "time_critical",
    "max_distance_km",
    "exclude",
    "preferred_site",
    "include_planned",
];

/// Reads cases from CSV (by extension `.csv`) or JSON: an array of cases, one case, or a case
/// file of `examples/cases/` (`{"cases": [{"case": …}]}`). A record that cannot be read is kept
/// with its error; a file that cannot be read at all is an error.
pub fn cases(path: &Path) -> Result<Vec<CaseRecord>> {
    let text = read(path)?;
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        cases_csv(path, &text)
    } else {
        cases_json(path, &text)
    }
}

fn cases_json(path: &Path, text: &str) -> Result<Vec<CaseRecord>> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        InputError(format!(
            "error: {}: invalid JSON at line {}, column {}: {e}",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    let (items, prefix, inner): (Vec<Value>, &str, bool) = match value {
        Value::Array(items) => (items, "", false),
        Value::Object(mut map) if map.contains_key("cases") => match map.remove("cases") {
            Some(Value::Array(items)) => (items, "/cases", true),
            _ => {
                return Err(InputError(format!(
                    "error: {}: `/cases` must be an array",
                    path.display()
                )));
            }
        },
        v @ Value::Object(_) => (vec![v], "", false),
        _ => {
            return Err(InputError(format!(
                "error: {}: expected an array of cases, a case, or a case file with `cases`",
                path.display()
            )));
        }
    };
    let single = prefix.is_empty() && items.len() == 1;
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let (item, at) = if inner {
                let mut item = item;
                let case = item.get_mut("case").map(Value::take).unwrap_or(item);
                (case, format!("{prefix}/{i}/case"))
            } else if single {
                (item, String::new())
            } else {
                (item, format!("/{i}"))
            };
            // Text or a whole number, as the case reader takes it.
            let id = item.get("id").and_then(|v| match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) if n.is_i64() => Some(n.to_string()),
                _ => None,
            });
            let case = serde_path_to_error::deserialize::<_, Case>(item).map_err(|e| {
                let inner = e.path().to_string();
                let pointer = if inner == "." {
                    String::new()
                } else {
                    format!("/{}", inner.replace('.', "/"))
                };
                format!("{}{at}{pointer}: {}", path.display(), e.inner())
            });
            CaseRecord {
                at: if at.is_empty() { "/".into() } else { at },
                id,
                case,
            }
        })
        .collect())
}

fn cases_csv(path: &Path, text: &str) -> Result<Vec<CaseRecord>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| InputError(format!("error: {}: {e}", path.display())))?
        .clone();
    for h in &headers {
        if !CASE_COLUMNS.contains(&h) {
            return Err(InputError(format!(
                "error: {}: line 1: unknown column `{h}`\n  = help: case columns are {}",
                path.display(),
                CASE_COLUMNS.join(", ")
            )));
        }
    }
    for required in ["filiere", "date"] {
        if !headers.iter().any(|h| h == required) {
            return Err(InputError(format!(
                "error: {}: line 1: missing column `{required}`",
                path.display()
            )));
        }
    }
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = record
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map_or(i + 2, |p| usize::try_from(p.line()).unwrap_or(i + 2));
        let at = format!("line {line}");
        let (id, case) = match record {
            Ok(r) => {
                let id = headers
                    .iter()
                    .position(|h| h == "id")
                    .and_then(|k| r.get(k))
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned);
                let case =
                    csv_case(&headers, &r).map_err(|e| format!("{}: {at}: {e}", path.display()));
                (id, case)
            }
            Err(e) => (None, Err(format!("{}: {at}: {e}", path.display()))),
        };
        out.push(CaseRecord { at, id, case });
    }
    Ok(out)
}

/// One CSV record to a case, through the case's own JSON form (one reader, one set of rules).
fn csv_case(
    headers: &csv::StringRecord,
    record: &csv::StringRecord,
) -> std::result::Result<Case, String> {
    let mut obj = Map::new();
    let (mut lat, mut lon) = (None, None);
    let mut origin_from: Option<&str> = None;
    for (h, v) in headers.iter().zip(record.iter()) {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        let number = |v: &str| {
            v.parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .ok_or_else(|| format!("column `{h}`: `{v}` is not a number"))
        };
        let boolean = |v: &str| match v.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "oui" => Ok(Value::Bool(true)),
            "false" | "0" | "no" | "non" => Ok(Value::Bool(false)),
            _ => Err(format!("column `{h}`: `{v}` is not true or false")),
        };
        let list = |v: &str| {
            Value::Array(
                v.split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| Value::String(s.to_owned()))
                    .collect(),
            )
        };
        let value = match h {
            "lat" => {
                lat = Some(number(v)?);
                continue;
            }
            "lon" => {
                lon = Some(number(v)?);
                continue;
            }
            "age" => Value::Number(
                v.parse::<u16>()
                    .map_err(|_| format!("column `age`: `{v}` is not an age in years"))?
                    .into(),
            ),
            "max_distance_km" => number(v)?,
            "ehpad_resident" | "time_critical" | "include_planned" => boolean(v)?,
            "flags" | "exclude" => list(v),
            "commune" | "postal_code" | "finess" => {
                if let Some(first) = origin_from.replace(h) {
                    return Err(format!(
                        "columns `{first}` and `{h}` both give the origin: leave one empty"
                    ));
                }
                let mut origin = Map::new();
                origin.insert(h.to_owned(), Value::String(v.to_owned()));
                obj.insert("origin".into(), Value::Object(origin));
                continue;
            }
            "origin" => {
                if let Some(first) = origin_from.replace(h) {
                    return Err(format!(
                        "columns `{first}` and `{h}` both give the origin: leave one empty"
                    ));
                }
                Value::String(v.to_owned())
            }
            _ => Value::String(v.to_owned()),
        };
        obj.insert(h.to_owned(), value);
    }
    if !obj.contains_key("origin") {
        match (lat, lon) {
            (Some(lat), Some(lon)) => {
                let mut point = Map::new();
                point.insert("lat".into(), lat);
                point.insert("lon".into(), lon);
                obj.insert("origin".into(), Value::Object(point));
            }
            _ => {
                return Err(
                    "no origin: give `origin` (a site or location id), `commune`, `postal_code`, \
                     `finess`, or `lat` and `lon`"
                        .into(),
                );
            }
        }
    }
    serde_path_to_error::deserialize::<_, Case>(Value::Object(obj)).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            e.inner().to_string()
        } else {
            format!("column `{path}`: {}", e.inner())
        }
    })
}

/// Reads a coverage origins CSV: `id`, optional `name`, `lat` + `lon` or `site` (a site or
/// location id), optional `population`; other columns (`insee`, `source`…) are ignored. A row
/// with unreadable coordinates becomes an origin the engine reports as invalid.
pub fn origins(path: &Path) -> Result<Vec<CoverageOrigin>> {
    let text = read(path)?;
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| InputError(format!("error: {}: {e}", path.display())))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let Some(id_col) = col("id") else {
        return Err(InputError(format!(
            "error: {}: line 1: missing column `id`\n  = help: origin columns are id, name, lat, lon, site, population",
            path.display()
        )));
    };
    let (name_col, lat_col, lon_col, site_col, pop_col) = (
        col("name"),
        col("lat"),
        col("lon"),
        col("site"),
        col("population"),
    );
    if site_col.is_none() && (lat_col.is_none() || lon_col.is_none()) {
        return Err(InputError(format!(
            "error: {}: line 1: give columns `lat` and `lon`, or `site`",
            path.display()
        )));
    }
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let r = record
            .map_err(|e| InputError(format!("error: {}: line {}: {e}", path.display(), i + 2)))?;
        let get = |c: Option<usize>| {
            c.and_then(|c| r.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let number = |c: Option<usize>| get(c).map_or(f64::NAN, |v| v.parse().unwrap_or(f64::NAN));
        let origin = match get(site_col) {
            Some(site) => Origin::Id(site.to_owned()),
            None => Origin::Point {
                lat: number(lat_col),
                lon: number(lon_col),
            },
        };
        out.push(CoverageOrigin {
            id: get(Some(id_col)).unwrap_or_default().to_owned(),
            name: get(name_col).map(str::to_owned),
            origin,
            population: get(pop_col).and_then(|p| p.parse().ok()),
        });
    }
    Ok(out)
}

/// Reads a JSON array of changes (`{"change": "remove_grouping", "grouping": …}`…).
pub fn changes(path: &Path) -> Result<Vec<Change>> {
    let text = read(path)?;
    let de = &mut serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let inner = e.inner();
        InputError(format!(
            "error: {}: at `{}` (line {}, column {}): {inner}\n  = help: a changes file is a JSON array such as [{{\"change\": \"remove_grouping\", \"grouping\": \"gcs-x\"}}]",
            path.display(),
            e.path(),
            inner.line(),
            inner.column()
        ))
    })
}
