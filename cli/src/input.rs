//! Reading the command line's inputs: networks, cases, origins, changes and travel matrices.
//! Every error names the file and, where it can, the line or JSON pointer.

use std::path::Path;
use std::sync::Arc;

use parcours::reference::Communes;

use parcours::analysis::{Change, CoverageOrigin};
use parcours::messages::CliMsg;
use parcours::{Case, CompileOptions, Date, Engine, Format, Network, Origin, TravelEntry};

use crate::table::{self, Delimiter};
use serde_json::{Map, Value};

/// An input error: printed as `error: …` and exit code 2.
#[derive(Debug)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The language of `--lang`, set once by `main` before any command runs: load errors, which
/// every command may meet, are written in it.
static LANG: std::sync::OnceLock<parcours::Lang> = std::sync::OnceLock::new();

/// Sets the language of load errors (the first call wins).
pub fn set_lang(lang: parcours::Lang) {
    let _ = LANG.set(lang);
}

/// The language of load errors and input notes: `--lang`, English by default.
pub fn lang() -> parcours::Lang {
    LANG.get().copied().unwrap_or_default()
}

impl From<parcours::Error> for InputError {
    fn from(e: parcours::Error) -> Self {
        Self(e.text(lang()))
    }
}

pub type Result<T> = std::result::Result<T, InputError>;

/// The bytes of a file, or an error naming it.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path)
        .map_err(|e| InputError(format!("error: cannot read `{}`: {e}", path.display())))
}

/// The text of a file; bytes that are not UTF-8 are an error at their line and column (core
/// `parcours::text::utf8`).
fn read(path: &Path) -> Result<String> {
    parcours::text::utf8_owned(read_bytes(path)?).map_err(|p| {
        InputError(format!(
            "error: cannot read `{}`: {}",
            path.display(),
            p.text(lang())
        ))
    })
}

/// Loads a network file, JSON or TOML by its extension.
pub fn network(path: &Path) -> Result<Network> {
    let bytes = read_bytes(path)?;
    let name = path.display().to_string();
    Ok(Network::load_bytes(
        &bytes,
        Format::from_path(&name),
        &name,
    )?)
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
    Engine::compile_with(network, &options).map_err(|e| match travel {
        Some(path) => named(e, "<travel matrix>", &path.display().to_string()).into(),
        None => e.into(),
    })
}

/// `e`, naming the file `name` where the core named its input `placeholder` (`<changes>`,
/// `<travel matrix>`…), so that messages name the real file.
pub fn named(mut e: parcours::Error, placeholder: &str, name: &str) -> parcours::Error {
    match &mut e {
        parcours::Error::Load { file, .. } | parcours::Error::Reference { file, .. }
            if file == placeholder =>
        {
            name.clone_into(file);
        }
        _ => {}
    }
    e
}

/// The network `before` with the changes of the file `changes` applied: errors name the
/// changes file, and the changed network as `BEFORE with CHANGES`.
pub fn changed_network(before: &Network, before_path: &Path, changes: &Path) -> Result<Network> {
    let list = self::changes(changes)?;
    parcours::analysis::apply_changes(before, &list).map_err(|e| {
        let e = named(e, "<changes>", &changes.display().to_string());
        named(
            e,
            "<changed network>",
            &format!("{} with {}", before_path.display(), changes.display()),
        )
        .into()
    })
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

/// The columns of a travel matrix CSV.
const TRAVEL_COLUMNS: &[&str] = &["from", "to", "km", "minutes"];

/// A travel matrix CSV: columns `from`, `to`, and `km` and/or `minutes`, delimited by `,`, `;`
/// or tab (told from the header line), with decimal commas when not `,`-delimited; other
/// columns are ignored (one notice); `-` reads standard input.
pub fn travel_matrix(path: &Path) -> Result<Vec<TravelEntry>> {
    let source = table::read(path)?;
    let name = &source.name;
    let delimiter = table::detect(name, &source.text, None)?;
    let mut reader = table::reader(&source.text, delimiter);
    let headers = reader
        .headers()
        .map_err(|e| InputError(format!("error: {name}: line 1: {e}")))?
        .clone();
    let col = |c: &str| headers.iter().position(|h| h == c);
    let (Some(from), Some(to)) = (col("from"), col("to")) else {
        return Err(InputError(format!(
            "error: {name}: line 1: missing column `from` or `to`\n  = help: travel matrix columns are from,to,km,minutes (km or minutes may be empty)"
        )));
    };
    table::notice_ignored(
        name,
        &table::unknown_columns(&headers, TRAVEL_COLUMNS),
        CliMsg::NoteTravelColumns,
        TRAVEL_COLUMNS,
    );
    let (km, minutes) = (col("km"), col("minutes"));
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let r = record.map_err(|e| InputError(format!("error: {name}: line {}: {e}", i + 2)))?;
        let line = r
            .position()
            .map_or(i + 2, |p| usize::try_from(p.line()).unwrap_or(i + 2));
        let text = |c: usize| r.get(c).map(str::trim).unwrap_or_default().to_owned();
        let number = |c: Option<usize>, column: &str| -> Result<Option<f64>> {
            match c.and_then(|c| r.get(c)).map(str::trim) {
                None | Some("") => Ok(None),
                Some(v) => table::decimal(v, delimiter).map(Some).map_err(|why| {
                    InputError(format!(
                        "error: {name}: line {line}: column `{column}`: {why}"
                    ))
                }),
            }
        };
        out.push(TravelEntry {
            from: text(from),
            to: text(to),
            km: number(km, "km")?,
            minutes: number(minutes, "minutes")?,
        });
    }
    Ok(out)
}

/// One case read from a file: the case, or why its record could not be read.
pub struct CaseRecord {
    /// Where the record is (`line 4`, `/cases/2`).
    pub at: String,
    /// The record's `id` column or field, when readable.
    pub id: Option<String>,
    /// The case, or why the record could not be read (naming file, line or pointer, column).
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

/// How a table of cases or origins is read: the option `--delimiter`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TableArgs {
    /// Field delimiter of a CSV input: ',', ';' or tab (default: told from its header line).
    /// With ';' or tab, numbers may have a decimal comma (48,11).
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<Delimiter>,
}

/// How a table of cases is read: `--delimiter` and `--date`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct CaseArgs {
    /// The option `--delimiter`.
    #[command(flatten)]
    pub table: TableArgs,
    /// The date (YYYY-MM-DD) of the cases that have none (no `date` column, or an empty one);
    /// a case's own date wins. Without it, a case without a date is `invalid`.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<Date>,
}

/// The help for a case without a date.
const NO_DATE: &str =
    "no date: give the case a `date` (YYYY-MM-DD), or give --date for the cases without one";

/// Reads cases from CSV or JSON (by the extension: `.csv`, `.tsv`, `.txt` or `.json`; for `-`,
/// standard input, or another extension, by the first character: `[` or `{` is JSON): an array
/// of cases, one case, or a case file of `examples/cases/` (`{"cases": [{"case": …}]}`). A
/// record that cannot be read is kept with its error; a file that cannot be read at all is an
/// error.
pub fn cases(path: &Path, args: &CaseArgs) -> Result<Vec<CaseRecord>> {
    let source = table::read(path)?;
    let first = source.text.trim_start().chars().next();
    let Some(first) = first else {
        return Err(InputError(format!(
            "error: {} is empty\n  = help: give cases as CSV with a header line, or as JSON",
            source.name
        )));
    };
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let csv = match extension.as_deref() {
        Some("csv" | "tsv" | "txt") => true,
        Some("json") => false,
        _ => !matches!(first, '[' | '{'),
    };
    let date = args
        .date
        .map(|d| serde_json::to_value(d).unwrap_or(Value::Null));
    if csv {
        let delimiter = match args.table.delimiter {
            Some(d) => d,
            None => table::detect(&source.name, &source.text, Some("--delimiter"))?,
        };
        cases_csv(&source.name, &source.text, delimiter, date.as_ref())
    } else {
        cases_json(&source.name, &source.text, date.as_ref())
    }
}

fn cases_json(name: &str, text: &str, date: Option<&Value>) -> Result<Vec<CaseRecord>> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        InputError(format!(
            "error: {name}: invalid JSON at line {}, column {}: {e}",
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
                    "error: {name}: `/cases` must be an array"
                )));
            }
        },
        v @ Value::Object(_) => (vec![v], "", false),
        _ => {
            return Err(InputError(format!(
                "error: {name}: expected an array of cases, a case, or a case file with `cases`"
            )));
        }
    };
    let single = prefix.is_empty() && items.len() == 1;
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let (mut item, at) = if inner {
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
            let case = match item.as_object_mut() {
                Some(obj) if obj.get("date").is_none_or(Value::is_null) => match date {
                    Some(d) => {
                        obj.insert("date".into(), d.clone());
                        Ok(())
                    }
                    None => Err(format!("{name}{at}/date: {NO_DATE}")),
                },
                _ => Ok(()),
            }
            .and_then(|()| {
                serde_path_to_error::deserialize::<_, Case>(item).map_err(|e| {
                    let inner = e.path().to_string();
                    let pointer = if inner == "." {
                        String::new()
                    } else {
                        format!("/{}", inner.replace('.', "/"))
                    };
                    format!("{name}{at}{pointer}: {}", e.inner())
                })
            });
            CaseRecord {
                at: if at.is_empty() { "/".into() } else { at },
                id,
                case,
            }
        })
        .collect())
}

fn cases_csv(
    name: &str,
    text: &str,
    delimiter: Delimiter,
    date: Option<&Value>,
) -> Result<Vec<CaseRecord>> {
    let mut reader = table::reader(text, delimiter);
    let headers = reader
        .headers()
        .map_err(|e| InputError(format!("error: {name}: line 1: {e}")))?
        .clone();
    if let Some(twice) = table::duplicate_column(&headers) {
        return Err(InputError(format!(
            "error: {name}: line 1: column `{twice}` appears twice\n  = help: keep one"
        )));
    }
    if !headers.iter().any(|h| h == "filiere") {
        return Err(InputError(format!(
            "error: {name}: line 1: missing column `filiere`{}",
            delimiter_hint(&headers, delimiter)
        )));
    }
    if date.is_none() && !headers.iter().any(|h| h == "date") {
        return Err(InputError(format!(
            "error: {name}: line 1: missing column `date`\n  = help: add a `date` column \
             (YYYY-MM-DD), or give --date for every case"
        )));
    }
    table::notice_ignored(
        name,
        &table::unknown_columns(&headers, CASE_COLUMNS),
        CliMsg::NoteCaseColumns,
        CASE_COLUMNS,
    );
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
                let case = csv_case(&headers, &r, delimiter, date)
                    .map_err(|e| format!("{name}: {at}: {e}"));
                (id, case)
            }
            Err(e) => (None, Err(format!("{name}: {at}: {e}"))),
        };
        out.push(CaseRecord { at, id, case });
    }
    Ok(out)
}

/// A help line for a header that reads as one column holding another delimiter: the file was
/// split with the wrong one (`--delimiter ,` on a `;` file).
fn delimiter_hint(headers: &csv::StringRecord, delimiter: Delimiter) -> String {
    let other = [b',', b';', b'\t']
        .into_iter()
        .find(|&d| d != delimiter.0 && headers.iter().any(|h| h.as_bytes().contains(&d)));
    match other {
        Some(b'\t') => "\n  = help: the header holds tabs: give --delimiter tab".into(),
        Some(d) => format!(
            "\n  = help: the header holds `{}`: give --delimiter '{}'",
            char::from(d),
            char::from(d)
        ),
        None => String::new(),
    }
}

/// One CSV record to a case, through the case's own JSON form (one reader, one set of rules).
/// Columns that are not case columns are skipped; a case without a date takes `date`.
fn csv_case(
    headers: &csv::StringRecord,
    record: &csv::StringRecord,
    delimiter: Delimiter,
    date: Option<&Value>,
) -> std::result::Result<Case, String> {
    let mut obj = Map::new();
    let (mut lat, mut lon) = (None, None);
    let mut origin_from: Option<&str> = None;
    for (h, v) in headers.iter().zip(record.iter()) {
        let v = v.trim();
        if v.is_empty() || !CASE_COLUMNS.contains(&h) {
            continue;
        }
        let number = |v: &str| {
            table::decimal(v, delimiter)
                .and_then(|x| {
                    serde_json::Number::from_f64(x).ok_or_else(|| format!("`{v}` is not finite"))
                })
                .map(Value::Number)
                .map_err(|why| format!("column `{h}`: {why}"))
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
    if !obj.contains_key("date") {
        obj.insert("date".into(), date.cloned().ok_or(NO_DATE)?);
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

/// The columns of a coverage origins CSV: Python's `parcours.analysis.ORIGIN_COLUMNS`.
pub const ORIGIN_COLUMNS: &[&str] = &[
    "id",
    "name",
    "origin",
    "commune",
    "lat",
    "lon",
    "population",
];

/// Reads a coverage origins CSV, with the columns of Python's `Engine.coverage`: `id`, optional
/// `name`, where the origin is (`origin`, a site or location id; or `commune`, an INSEE code,
/// with --communes; or `lat` + `lon`), optional `population`. Other columns (`insee`,
/// `source`…) are ignored, with one notice. `-` reads standard input; the delimiter is
/// `delimiter` or told from the header line. A row with empty coordinates becomes an origin the
/// engine reports as invalid; a value that is not a number is an error naming its line.
pub fn origins(path: &Path, args: &TableArgs) -> Result<Vec<CoverageOrigin>> {
    let source = table::read(path)?;
    let name = &source.name;
    if source.text.trim().is_empty() {
        return Err(InputError(format!(
            "error: {name} is empty\n  = help: give origins as CSV with a header line: {}",
            ORIGIN_COLUMNS.join(",")
        )));
    }
    let delimiter = match args.delimiter {
        Some(d) => d,
        None => table::detect(name, &source.text, Some("--delimiter"))?,
    };
    let mut reader = table::reader(&source.text, delimiter);
    let headers = reader
        .headers()
        .map_err(|e| InputError(format!("error: {name}: line 1: {e}")))?
        .clone();
    if let Some(twice) = table::duplicate_column(&headers) {
        return Err(InputError(format!(
            "error: {name}: line 1: column `{twice}` appears twice\n  = help: keep one"
        )));
    }
    let col = |c: &str| headers.iter().position(|h| h == c);
    let Some(id_col) = col("id") else {
        return Err(InputError(format!(
            "error: {name}: line 1: missing column `id`{}\n  = help: origin columns are {}",
            delimiter_hint(&headers, delimiter),
            ORIGIN_COLUMNS.join(", ")
        )));
    };
    let (name_col, origin_col, commune_col, lat_col, lon_col, pop_col) = (
        col("name"),
        col("origin"),
        col("commune"),
        col("lat"),
        col("lon"),
        col("population"),
    );
    origin_headers(name, &headers, delimiter)?;
    table::notice_ignored(
        name,
        &table::unknown_columns(&headers, ORIGIN_COLUMNS),
        CliMsg::NoteOriginColumns,
        ORIGIN_COLUMNS,
    );
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let r = record.map_err(|e| InputError(format!("error: {name}: line {}: {e}", i + 2)))?;
        let line = r
            .position()
            .map_or(i + 2, |p| usize::try_from(p.line()).unwrap_or(i + 2));
        let get = |c: Option<usize>| {
            c.and_then(|c| r.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let number = |c: Option<usize>, column: &str| -> Result<Option<f64>> {
            get(c)
                .map(|v| {
                    table::decimal(v, delimiter).map_err(|why| {
                        InputError(format!(
                            "error: {name}: line {line}: column `{column}`: {why}"
                        ))
                    })
                })
                .transpose()
        };
        let origin = match (get(origin_col), get(commune_col)) {
            (Some(id), _) => Origin::Id(id.to_owned()),
            (None, Some(code)) => Origin::Commune {
                commune: code.to_owned(),
            },
            (None, None) => Origin::Point {
                lat: number(lat_col, "lat")?.unwrap_or(f64::NAN),
                lon: number(lon_col, "lon")?.unwrap_or(f64::NAN),
            },
        };
        out.push(CoverageOrigin {
            id: get(Some(id_col)).unwrap_or_default().to_owned(),
            name: get(name_col).map(str::to_owned),
            origin,
            population: number(pop_col, "population")?,
        });
    }
    Ok(out)
}

/// Checks that the header of an origins file says where each origin is, in one way.
fn origin_headers(name: &str, headers: &csv::StringRecord, delimiter: Delimiter) -> Result<()> {
    let has = |c: &str| headers.iter().any(|h| h == c);
    if !has("origin") && has("site") {
        return Err(InputError(format!(
            "error: {name}: line 1: the column `site` is now `origin` (a site or location id), \
             as in Python's Engine.coverage\n  = help: rename the column `site` to `origin`"
        )));
    }
    if has("origin") && has("commune") {
        return Err(InputError(format!(
            "error: {name}: line 1: columns `origin` and `commune` both give the origin: keep one"
        )));
    }
    if !has("origin") && !has("commune") && (!has("lat") || !has("lon")) {
        return Err(InputError(format!(
            "error: {name}: line 1: missing column `origin` or `commune` (or the columns `lat` \
             and `lon`){}",
            delimiter_hint(headers, delimiter)
        )));
    }
    Ok(())
}

/// Reads a JSON array of changes (`{"change": "remove_grouping", "grouping": …}`…) with the
/// core's reader (`parcours::analysis::read_changes`, the one of Python and JS): errors name
/// the file and the pointer (`/0/grouping`).
pub fn changes(path: &Path) -> Result<Vec<Change>> {
    let text = read(path)?;
    Ok(parcours::analysis::read_changes(
        &text,
        &path.display().to_string(),
    )?)
}
