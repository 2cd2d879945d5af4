//! Reading the command line's inputs: networks, cases, origins, changes and travel matrices.
//! Every error names the file and, where it can, the line or JSON pointer.

use std::path::Path;
use std::sync::Arc;

use parcours::reference::Communes;

use parcours::analysis::{Change, CoverageOrigin};
use parcours::messages::CliMsg;
use parcours::{Case, CompileOptions, Date, Engine, Format, Network, Origin, TravelEntry};

pub use crate::error::InputError;
use crate::error::{Part, Said, csv_reason, help_line, io_reason, said};
use crate::table::{self, Delimiter};
use serde_json::{Map, Value};

/// The language of `--lang`, set once by `main` when the arguments are read: errors, notes and
/// every readable output are written in it.
static LANG: std::sync::OnceLock<parcours::Lang> = std::sync::OnceLock::new();

/// Sets the language of errors and notes (the first call wins).
pub fn set_lang(lang: parcours::Lang) {
    let _ = LANG.set(lang);
}

/// The language of errors and notes: `--lang`; before the arguments are read (an argument's
/// value that does not read), the `--lang` found among them; English by default.
pub fn lang() -> parcours::Lang {
    LANG.get().copied().unwrap_or_else(|| {
        let args: Vec<String> = std::env::args().collect();
        let value = args.iter().enumerate().find_map(|(i, a)| match a.as_str() {
            "--lang" => args.get(i + 1).map(String::as_str),
            _ => a.strip_prefix("--lang="),
        });
        value.and_then(|v| v.parse().ok()).unwrap_or_default()
    })
}

pub type Result<T> = std::result::Result<T, InputError>;

/// The bytes of a file, or an error naming it and saying why.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| {
        said!(
            InCannotRead,
            path.display().to_string(),
            io_reason(&e, false)
        )
        .into()
    })
}

/// The text of a file; bytes that are not UTF-8 are an error at their line and column (core
/// `parcours::text::utf8`).
pub fn read(path: &Path) -> Result<String> {
    parcours::text::utf8_owned(read_bytes(path)?)
        .map_err(|p| said!(InCannotRead, path.display().to_string(), p.text(lang())).into())
}

/// `{name}: line {line}: {what}`.
fn at_line(name: &str, line: usize, what: impl Into<Part>) -> Said {
    said!(InLine, name, line, what)
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
pub fn named(e: parcours::Error, placeholder: &str, name: &str) -> parcours::Error {
    if e.file() == placeholder {
        e.in_file(name)
    } else {
        e
    }
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
            &said!(
                InChangedName,
                before_path.display().to_string(),
                changes.display().to_string()
            )
            .text(),
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
        .map_err(|e| at_line(name, 1, csv_reason(&e)))?
        .clone();
    let col = |c: &str| headers.iter().position(|h| h == c);
    let (Some(from), Some(to)) = (col("from"), col("to")) else {
        return Err(at_line(name, 1, said!(InTravelColumns)).into());
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
        let r = record.map_err(|e| at_line(name, i + 2, csv_reason(&e)))?;
        let line = r
            .position()
            .map_or(i + 2, |p| usize::try_from(p.line()).unwrap_or(i + 2));
        let text = |c: usize| r.get(c).map(str::trim).unwrap_or_default().to_owned();
        let number = |c: Option<usize>, column: &str| -> Result<Option<f64>> {
            match c.and_then(|c| r.get(c)).map(str::trim) {
                None | Some("") => Ok(None),
                Some(v) => table::decimal(v, delimiter)
                    .map(Some)
                    .map_err(|why| at_line(name, line, said!(InColumn, column, why)).into()),
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

impl TableArgs {
    /// The delimiter of `source`: `--delimiter`, or the one its header line holds.
    pub fn delimiter_of(&self, source: &table::Source) -> Result<Delimiter> {
        match self.delimiter {
            Some(d) => Ok(d),
            None => table::detect(&source.name, &source.text, Some("--delimiter")),
        }
    }
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

/// Reads cases from CSV or JSON (by the extension: `.csv`, `.tsv`, `.txt` or `.json`; for `-`,
/// standard input, or another extension, by the first character: `[` or `{` is JSON): an array
/// of cases, one case, or a case file of `examples/cases/` (`{"cases": [{"case": …}]}`). A
/// record that cannot be read is kept with its error; a file that cannot be read at all is an
/// error.
pub fn cases(path: &Path, args: &CaseArgs) -> Result<Vec<CaseRecord>> {
    let source = table::read(path)?;
    let first = source.text.trim_start().chars().next();
    let Some(first) = first else {
        return Err(said!(InCasesEmpty, &source.name).into());
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
        let delimiter = args.table.delimiter_of(&source)?;
        cases_csv(&source.name, &source.text, delimiter, date.as_ref())
    } else {
        cases_json(&source.name, &source.text, date.as_ref())
    }
}

fn cases_json(name: &str, text: &str, date: Option<&Value>) -> Result<Vec<CaseRecord>> {
    let value = parcours::text::json(text).map_err(|p| said!(At, name, p.text(lang())))?;
    let (items, prefix, inner): (Vec<Value>, &str, bool) = match value {
        Value::Array(items) => (items, "", false),
        Value::Object(mut map) if map.contains_key("cases") => match map.remove("cases") {
            Some(Value::Array(items)) => (items, "/cases", true),
            _ => return Err(said!(At, name, said!(InCasesNotArray)).into()),
        },
        v @ Value::Object(_) => (vec![v], "", false),
        _ => return Err(said!(At, name, said!(InCasesShape)).into()),
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
                    None => Err(said!(At, format!("{name}{at}/date"), said!(InNoDate)).text()),
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
                    // The case reader's own text (core `case_input`).
                    let why = Part::case(&e.inner().to_string());
                    said!(At, format!("{name}{at}{pointer}"), why).text()
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
    let headers = header(name, &mut reader)?;
    if !headers.iter().any(|h| h == "filiere") {
        let missing = said!(
            InMissingColumn,
            "filiere",
            delimiter_hint(&headers, delimiter)
        );
        return Err(at_line(name, 1, missing).into());
    }
    if date.is_none() && !headers.iter().any(|h| h == "date") {
        return Err(at_line(name, 1, said!(InMissingDate)).into());
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
        // `at` is a place in the JSON output (as a pointer is), the same in every language.
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
                    .map_err(|e| at_line(name, line, e).text());
                (id, case)
            }
            Err(e) => (None, Err(at_line(name, line, csv_reason(&e)).text())),
        };
        out.push(CaseRecord { at, id, case });
    }
    Ok(out)
}

/// The header line of a table, trimmed; an error naming the file at line 1 when it cannot be
/// read, or when a column appears twice.
fn header(name: &str, reader: &mut csv::Reader<&[u8]>) -> Result<csv::StringRecord> {
    let headers = reader
        .headers()
        .map_err(|e| at_line(name, 1, csv_reason(&e)))?
        .clone();
    if let Some(twice) = table::duplicate_column(&headers) {
        return Err(at_line(name, 1, said!(InColumnTwice, twice)).into());
    }
    Ok(headers)
}

/// A help line for a header that reads as one column holding another delimiter: the file was
/// split with the wrong one (`--delimiter ,` on a `;` file).
fn delimiter_hint(headers: &csv::StringRecord, delimiter: Delimiter) -> Part {
    let other = [b',', b';', b'\t']
        .into_iter()
        .find(|&d| d != delimiter.0 && headers.iter().any(|h| h.as_bytes().contains(&d)));
    help_line(other.map(|d| match d {
        b'\t' => said!(InHintTabs).into(),
        d => said!(InHintDelimiter, char::from(d).to_string()).into(),
    }))
}

/// One CSV record to a case, through the case's own JSON form (one reader, one set of rules).
/// Columns that are not case columns are skipped; a case without a date takes `date`.
fn csv_case(
    headers: &csv::StringRecord,
    record: &csv::StringRecord,
    delimiter: Delimiter,
    date: Option<&Value>,
) -> std::result::Result<Case, Part> {
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
                    serde_json::Number::from_f64(x).ok_or_else(|| table::not_a_number(v, delimiter))
                })
                .map(Value::Number)
                .map_err(|why| Part::from(said!(InColumn, h, why)))
        };
        let boolean = |v: &str| match v.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "oui" => Ok(Value::Bool(true)),
            "false" | "0" | "no" | "non" => Ok(Value::Bool(false)),
            _ => Err(Part::from(said!(InColumn, h, said!(InNotBool, v)))),
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
                    .map_err(|_| Part::from(said!(InColumn, "age", said!(InNotAge, v))))?
                    .into(),
            ),
            "max_distance_km" => number(v)?,
            "ehpad_resident" | "time_critical" | "include_planned" => boolean(v)?,
            "flags" | "exclude" => list(v),
            "commune" | "postal_code" | "finess" => {
                if let Some(first) = origin_from.replace(h) {
                    return Err(said!(InTwoOrigins, first, h).into());
                }
                let mut origin = Map::new();
                origin.insert(h.to_owned(), Value::String(v.to_owned()));
                obj.insert("origin".into(), Value::Object(origin));
                continue;
            }
            "origin" => {
                if let Some(first) = origin_from.replace(h) {
                    return Err(said!(InTwoOrigins, first, h).into());
                }
                Value::String(v.to_owned())
            }
            _ => Value::String(v.to_owned()),
        };
        obj.insert(h.to_owned(), value);
    }
    if !obj.contains_key("date") {
        let date = date.cloned().ok_or_else(|| Part::from(said!(InNoDate)))?;
        obj.insert("date".into(), date);
    }
    if !obj.contains_key("origin") {
        match (lat, lon) {
            (Some(lat), Some(lon)) => {
                let mut point = Map::new();
                point.insert("lat".into(), lat);
                point.insert("lon".into(), lon);
                obj.insert("origin".into(), Value::Object(point));
            }
            _ => return Err(said!(InNoOrigin).into()),
        }
    }
    // The case reader's own text (core `case_input`), after the column.
    serde_path_to_error::deserialize::<_, Case>(Value::Object(obj)).map_err(|e| {
        let path = e.path().to_string();
        let why = Part::case(&e.inner().to_string());
        if path == "." {
            why
        } else {
            said!(InColumn, path, why).into()
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
        return Err(said!(InOriginsEmpty, name, ORIGIN_COLUMNS.join(",")).into());
    }
    let delimiter = args.delimiter_of(&source)?;
    let mut reader = table::reader(&source.text, delimiter);
    let headers = header(name, &mut reader)?;
    let col = |c: &str| headers.iter().position(|h| h == c);
    let Some(id_col) = col("id") else {
        let missing = said!(
            InMissingOriginId,
            delimiter_hint(&headers, delimiter),
            ORIGIN_COLUMNS.join(", ")
        );
        return Err(at_line(name, 1, missing).into());
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
        let r = record.map_err(|e| at_line(name, i + 2, csv_reason(&e)))?;
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
                    table::decimal(v, delimiter)
                        .map_err(|why| at_line(name, line, said!(InColumn, column, why)).into())
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
    let wrong = if !has("origin") && has("site") {
        said!(InSiteColumn)
    } else if has("origin") && has("commune") {
        said!(InOriginAndCommune)
    } else if !has("origin") && !has("commune") && (!has("lat") || !has("lon")) {
        said!(InMissingOrigin, delimiter_hint(headers, delimiter))
    } else {
        return Ok(());
    };
    Err(at_line(name, 1, wrong).into())
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
