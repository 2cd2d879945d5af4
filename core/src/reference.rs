//! The commune reference: INSEE communes with their population, a representative point, the
//! successor of merged communes, and postal codes.
//!
//! The engine takes a reference beside the network ([`crate::CompileOptions::communes`]) so that
//! a case can come from a commune (`{"commune": "52269"}`) or a postal code
//! (`{"postal_code": "52200"}`), and coverage can run over every commune of a territory. The
//! project ships one for the départements of the seed networks, built from public sources by a
//! committed script (`examples/reference/`); a user can bring the whole country's in the same
//! format.
//!
//! # Format
//!
//! `communes.csv`: UTF-8, comma-separated, a header naming at least
//! `code,name,departement,population,population_year,lat,lon,point,successor` (any order; other
//! columns are ignored). A current commune has a population, a year and a point
//! (`lat`/`lon`, WGS84; `point` says how it was obtained: `centroid`, `interior`,
//! `chef_lieu`…) and no successor. A former code (a commune merged into a commune nouvelle) has
//! a `successor`, the current code it resolves to, and nothing else required.
//!
//! `postal_codes.csv`: header `postal_code,commune`, one row per (postal code, current commune)
//! pair. A postal code that covers several communes enters by its **most populated** commune
//! (ties to the smaller code): a documented, deterministic choice that the decision reports
//! (the resolved `commune`).
//!
//! ```
//! let communes = parcours::reference::Communes::from_csv(
//!     "code,name,departement,population,population_year,lat,lon,point,successor\n\
//!      52269,Langres,52,7421,2023,47.86,5.33,centroid,\n\
//!      52001,Ancienne,52,,,,,,52269\n",
//!     "communes.csv",
//! )?;
//! let r = communes.resolve("52001").unwrap();
//! assert_eq!(r.commune.name, "Langres");
//! assert_eq!(r.merged_from, Some("52001"));
//! # Ok::<(), parcours::Error>(())
//! ```

use crate::engine::HashMap;

use serde::Serialize;

use crate::error::{Error, Problem, codes};
use crate::messages::{Msg, Text, text};

/// One commune of the reference, current or former.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commune {
    /// INSEE code (5 characters).
    pub code: String,
    /// Official name.
    pub name: String,
    /// Département code (`52`, `2A`, `971`).
    pub departement: String,
    /// Population municipale (current communes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub population: Option<u64>,
    /// Year of the population (its vintage).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub population_year: Option<u16>,
    /// Latitude of the representative point (WGS84 degrees).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Longitude of the representative point (WGS84 degrees).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// How the point was obtained (`centroid`, `interior`, `chef_lieu`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub point: Option<String>,
    /// For a former code: the current commune it was merged into.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
}

impl Commune {
    /// Whether this is a current commune (not a former code).
    pub fn is_current(&self) -> bool {
        self.successor.is_none()
    }
}

/// A commune code resolved to a current commune.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resolved<'r> {
    /// The current commune.
    pub commune: &'r Commune,
    /// Its index in the reference ([`Communes::get_index`]).
    pub index: u32,
    /// The former code asked for, when it was merged into `commune`.
    pub merged_from: Option<&'r str>,
}

/// Why a commune code or postal code does not resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LookupError {
    /// Not 5 characters of an INSEE code (or a postal code's 5 digits).
    Malformed,
    /// Well formed, but not in the reference.
    Unknown,
}

/// The commune reference: current and former communes, and postal codes.
#[derive(Debug, Clone, Default, PartialEq)]
#[allow(clippy::struct_field_names)] // `communes` is the list, the rest index it
pub struct Communes {
    communes: Vec<Commune>,
    index: HashMap<String, u32>,
    /// Postal code → current communes, most populated first (ties: smaller code).
    postal: HashMap<String, Vec<u32>>,
    /// Current index for each entry (itself for current ones, its final successor otherwise).
    current: Vec<u32>,
}

/// Whether `code` has the shape of an INSEE commune code: 2 digits, or `2A`/`2B`, then 3 digits
/// (overseas: `97` then 3 digits).
pub fn is_commune_code(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 5
        && match b {
            [b'2', b'A' | b'B', rest @ ..] => rest.iter().all(u8::is_ascii_digit),
            _ => b.iter().all(u8::is_ascii_digit),
        }
}

/// Whether `code` has the shape of a département code: 2 digits but `20`, `2A`, `2B`, or 3 digits
/// overseas (`971`…`976`).
pub fn is_departement_code(code: &str) -> bool {
    match code.as_bytes() {
        [b'2', b'A' | b'B'] => true,
        [a, b] => a.is_ascii_digit() && b.is_ascii_digit() && code != "20" && code != "00",
        [b'9', b'7', c] => (b'1'..=b'8').contains(c),
        _ => false,
    }
}

/// The département of a commune code (`52` for `52269`, `971` for `97101`).
pub fn departement_of(code: &str) -> &str {
    if code.starts_with("97") || code.starts_with("98") {
        code.get(..3).unwrap_or(code)
    } else {
        code.get(..2).unwrap_or(code)
    }
}

/// Splits one CSV line into fields (RFC 4180 quotes, `""` inside quotes).
fn split_csv(line: &str) -> Result<Vec<String>, Msg> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    let mut was_quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else if c == '"' && field.is_empty() && !was_quoted {
            quoted = true;
            was_quoted = true;
        } else if c == ',' {
            out.push(std::mem::take(&mut field));
            was_quoted = false;
        } else if was_quoted {
            return Err(Msg::CsvAfterQuote);
        } else {
            field.push(c);
        }
    }
    if quoted {
        return Err(Msg::CsvUnclosed);
    }
    out.push(field);
    Ok(out)
}

/// A CSV table: header positions and rows with their line numbers.
struct Table<'t> {
    file: &'t str,
    columns: HashMap<String, usize>,
    rows: Vec<(usize, Vec<String>)>,
}

impl<'t> Table<'t> {
    fn parse(text: &str, file: &'t str, required: &[&str]) -> Result<Self, Error> {
        let fail = |line: usize, message: Text, hint: Text| {
            Error::reference(
                file.to_owned(),
                vec![
                    Problem::tr(codes::SYNTAX, "", message)
                        .place(text!(PtrLine, line.to_string()))
                        .at(line, 1)
                        .help(hint),
                ],
            )
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text.lines().enumerate();
        let Some((_, header)) = lines.next() else {
            return Err(fail(1, text!(CsvEmpty), text!(CsvEmptyHint)));
        };
        let header = split_csv(header.trim_end_matches('\r'))
            .map_err(|e| fail(1, text!(CsvHeader, e), text!(CsvFixHeader)))?;
        let columns: HashMap<String, usize> = header
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().to_owned(), i))
            .collect();
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|c| !columns.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            return Err(fail(
                1,
                text!(CsvMissingColumns, missing.join("`, `")),
                text!(CsvColumnsHint, required.join(",")),
            ));
        }
        let mut rows = Vec::new();
        for (i, line) in lines {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            let fields =
                split_csv(line).map_err(|e| fail(i + 1, Text::new(e, &[]), text!(CsvFixLine)))?;
            rows.push((i + 1, fields));
        }
        Ok(Self {
            file,
            columns,
            rows,
        })
    }

    fn get<'r>(&self, row: &'r [String], column: &str) -> &'r str {
        self.columns
            .get(column)
            .and_then(|&i| row.get(i))
            .map_or("", |s| s.trim())
    }
}

fn problem(line: usize, column: &str, message: Text, hint: Text) -> Problem {
    Problem::tr(codes::INVALID_VALUE, "", message)
        .place(text!(PtrLineColumn, line.to_string(), column))
        .at(line, 1)
        .help(hint)
}

const COMMUNE_COLUMNS: &[&str] = &[
    "code",
    "name",
    "departement",
    "population",
    "population_year",
    "lat",
    "lon",
    "point",
    "successor",
];

impl Communes {
    /// Reads `communes.csv` (see the module docs), reporting every bad line at once.
    ///
    /// # Errors
    /// [`Error::Reference`] with one problem per bad value (line and column named).
    pub fn from_csv(text: &str, file: &str) -> Result<Self, Error> {
        let table = Table::parse(text, file, COMMUNE_COLUMNS)?;
        let mut problems = Vec::new();
        let mut communes = Vec::with_capacity(table.rows.len());
        for (line, row) in &table.rows {
            let line = *line;
            let g = |c: &str| table.get(row, c);
            let code = g("code");
            if !is_commune_code(code) {
                problems.push(problem(
                    line,
                    "code",
                    text!(NotCommune, code),
                    text!(CommuneCodeHint),
                ));
                continue;
            }
            let opt = |c: &str| Some(g(c)).filter(|s| !s.is_empty());
            let successor = opt("successor").map(str::to_owned);
            let mut number = |c: &str| -> Option<f64> {
                let s = opt(c)?;
                // serde_json's number reader: the module already holds it (core's float
                // parser would add its own tables to the WebAssembly build).
                match serde_json::from_str::<f64>(s) {
                    Ok(v) if v.is_finite() => Some(v),
                    _ => {
                        problems.push(problem(
                            line,
                            c,
                            text!(CommuneNotNumber, s, code),
                            text!(CommuneNumberHint),
                        ));
                        None
                    }
                }
            };
            let lat = number("lat");
            let lon = number("lon");
            let population = number("population");
            let year = number("population_year");
            if lat.is_some_and(|l| l.abs() > 90.0) || lon.is_some_and(|l| l.abs() > 180.0) {
                problems.push(problem(
                    line,
                    "lat",
                    text!(CommuneCoordinates, code),
                    text!(CommuneCoordinatesHint),
                ));
            }
            if population.is_some_and(|p| p < 0.0 || p.fract() != 0.0) {
                problems.push(problem(
                    line,
                    "population",
                    text!(CommunePopulation, code),
                    text!(CommunePopulationHint),
                ));
            }
            if successor.is_none() && (lat.is_none() || lon.is_none()) {
                problems.push(problem(
                    line,
                    "lat",
                    text!(CommuneNoPoint, code),
                    text!(CommuneNoPointHint),
                ));
            }
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            communes.push(Commune {
                code: code.to_owned(),
                name: g("name").to_owned(),
                departement: opt("departement")
                    .map_or_else(|| departement_of(code).to_owned(), str::to_owned),
                population: population.filter(|p| *p >= 0.0).map(|p| p as u64),
                population_year: year.map(|y| y.clamp(0.0, f64::from(u16::MAX)) as u16),
                lat,
                lon,
                point: opt("point").map(str::to_owned),
                successor,
            });
        }
        Self::build(communes, table.file, problems)
    }

    /// A reference from records (current communes and former codes).
    ///
    /// # Errors
    /// [`Error::Reference`] on duplicate codes, successors that are unknown or circular.
    pub fn from_records(communes: Vec<Commune>, file: &str) -> Result<Self, Error> {
        Self::build(communes, file, Vec::new())
    }

    fn build(
        mut communes: Vec<Commune>,
        file: &str,
        mut problems: Vec<Problem>,
    ) -> Result<Self, Error> {
        crate::order::sort_by(&mut communes, |a, b| a.code.cmp(&b.code));
        let mut index: HashMap<String, u32> = HashMap::default();
        index.reserve(communes.len());
        for (i, c) in communes.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            if index.insert(c.code.clone(), i).is_some() {
                problems.push(
                    Problem::tr(codes::DUPLICATE_ID, "", text!(CommuneTwice, c.code))
                        .place(text!(PtrCode, c.code))
                        .help(text!(CommuneTwiceHint)),
                );
            }
        }
        // Follow successors to a current commune, at most a few hops (chains of mergers).
        let mut current = Vec::with_capacity(communes.len());
        for (i, c) in communes.iter().enumerate() {
            let mut at = c;
            let mut ix = u32::try_from(i).unwrap_or(u32::MAX);
            let mut hops = 0;
            while let Some(next) = &at.successor {
                hops += 1;
                match index.get(next) {
                    Some(&n) if hops <= 16 => {
                        ix = n;
                        at = communes.get(n as usize).unwrap_or(at);
                    }
                    Some(_) => {
                        problems.push(
                            Problem::tr(codes::INVALID_VALUE, "", text!(SuccessorCycle, c.code))
                                .place(text!(PtrCode, c.code))
                                .help(text!(SuccessorCycleHint)),
                        );
                        break;
                    }
                    None => {
                        problems.push(
                            Problem::tr(
                                codes::UNKNOWN_REFERENCE,
                                "",
                                text!(SuccessorUnknown, c.code, next),
                            )
                            .place(text!(PtrCode, c.code))
                            .help(text!(SuccessorUnknownHint)),
                        );
                        break;
                    }
                }
            }
            current.push(ix);
        }
        if problems.is_empty() {
            Ok(Self {
                communes,
                index,
                postal: HashMap::default(),
                current,
            })
        } else {
            Err(Error::reference(file.to_owned(), problems))
        }
    }

    /// Adds postal codes from `postal_codes.csv` (`postal_code,commune`). A row naming a former
    /// commune maps to its successor; a commune not in the reference is an error.
    ///
    /// # Errors
    /// [`Error::Reference`] naming each bad line.
    pub fn with_postal_codes(mut self, text: &str, file: &str) -> Result<Self, Error> {
        let table = Table::parse(text, file, &["postal_code", "commune"])?;
        let mut problems = Vec::new();
        let mut postal: HashMap<String, Vec<u32>> = HashMap::default();
        for (line, row) in &table.rows {
            let pc = table.get(row, "postal_code");
            let code = table.get(row, "commune");
            if pc.len() != 5 || !pc.bytes().all(|b| b.is_ascii_digit()) {
                problems.push(problem(
                    *line,
                    "postal_code",
                    text!(NotPostalCode, pc),
                    text!(NotPostalCodeHint),
                ));
                continue;
            }
            match self.resolve(code) {
                Ok(r) => {
                    let list = postal.entry(pc.to_owned()).or_default();
                    if !list.contains(&r.index) {
                        list.push(r.index);
                    }
                }
                Err(_) => problems.push(problem(
                    *line,
                    "commune",
                    text!(PostalUnknownCommune, pc, code),
                    text!(PostalUnknownCommuneHint),
                )),
            }
        }
        if !problems.is_empty() {
            return Err(Error::reference(table.file.to_owned(), problems));
        }
        for list in postal.values_mut() {
            crate::order::sort_by(list, |&a, &b| {
                let (ca, cb) = (self.communes.get(a as usize), self.communes.get(b as usize));
                let pa = ca.and_then(|c| c.population).unwrap_or(0);
                let pb = cb.and_then(|c| c.population).unwrap_or(0);
                pb.cmp(&pa).then(a.cmp(&b))
            });
        }
        self.postal = postal;
        Ok(self)
    }

    /// Number of entries (current communes and former codes).
    pub fn len(&self) -> usize {
        self.communes.len()
    }

    /// Whether the reference is empty.
    pub fn is_empty(&self) -> bool {
        self.communes.is_empty()
    }

    /// Every entry, current and former, by code.
    pub fn all(&self) -> &[Commune] {
        &self.communes
    }

    /// The current communes, by code.
    pub fn current(&self) -> impl Iterator<Item = &Commune> {
        self.communes.iter().filter(|c| c.is_current())
    }

    /// The entry at an index.
    pub fn get_index(&self, index: u32) -> Option<&Commune> {
        self.communes.get(index as usize)
    }

    /// The entry of a code, current or former, without following successors.
    pub fn get(&self, code: &str) -> Option<&Commune> {
        self.index
            .get(code)
            .and_then(|&i| self.communes.get(i as usize))
    }

    /// Index of a code, current or former.
    pub fn index_of(&self, code: &str) -> Option<u32> {
        self.index.get(code).copied()
    }

    /// Resolves a commune code to a current commune, following mergers.
    ///
    /// # Errors
    /// [`LookupError::Malformed`] for a code of the wrong shape, [`LookupError::Unknown`] for a
    /// code the reference does not know.
    pub fn resolve(&self, code: &str) -> Result<Resolved<'_>, LookupError> {
        let Some(&i) = self.index.get(code) else {
            return Err(if is_commune_code(code) {
                LookupError::Unknown
            } else {
                LookupError::Malformed
            });
        };
        let cur = self.current.get(i as usize).copied().unwrap_or(i);
        let commune = self
            .communes
            .get(cur as usize)
            .ok_or(LookupError::Unknown)?;
        Ok(Resolved {
            commune,
            index: cur,
            merged_from: (cur != i)
                .then(|| self.communes.get(i as usize).map(|c| c.code.as_str()))
                .flatten(),
        })
    }

    /// The commune a postal code enters by (its most populated commune), and how many communes
    /// the postal code covers.
    ///
    /// # Errors
    /// [`LookupError::Malformed`] for anything but 5 digits, [`LookupError::Unknown`] for a
    /// postal code the reference does not list.
    pub fn postal_code(&self, postal_code: &str) -> Result<(Resolved<'_>, usize), LookupError> {
        if postal_code.len() != 5 || !postal_code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(LookupError::Malformed);
        }
        let list = self.postal.get(postal_code).ok_or(LookupError::Unknown)?;
        let &first = list.first().ok_or(LookupError::Unknown)?;
        let commune = self
            .communes
            .get(first as usize)
            .ok_or(LookupError::Unknown)?;
        Ok((
            Resolved {
                commune,
                index: first,
                merged_from: None,
            },
            list.len(),
        ))
    }

    /// The current communes of a postal code, most populated first.
    pub fn communes_of_postal_code(&self, postal_code: &str) -> Vec<&Commune> {
        self.postal
            .get(postal_code)
            .map(|l| {
                l.iter()
                    .filter_map(|&i| self.communes.get(i as usize))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Number of postal codes known.
    pub fn postal_code_count(&self) -> usize {
        self.postal.len()
    }

    /// The current communes of a département.
    pub fn in_departement<'a>(
        &'a self,
        departement: &'a str,
    ) -> impl Iterator<Item = &'a Commune> + 'a {
        self.current().filter(move |c| c.departement == departement)
    }

    /// The reference's content as bytes, in a canonical order (communes by code, postal codes
    /// sorted), for its fingerprint ([`crate::fingerprint::Fingerprint::communes_hash`]).
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut eat = |s: &str| {
            out.extend_from_slice(s.as_bytes());
            out.push(0x1f);
        };
        for c in &self.communes {
            eat(&c.code);
            eat(&c.name);
            eat(&c.departement);
            for bits in [
                c.population.unwrap_or(u64::MAX),
                c.lat.map_or(u64::MAX, f64::to_bits),
                c.lon.map_or(u64::MAX, f64::to_bits),
            ] {
                eat(&format!("{bits:x}"));
            }
            eat(c.successor.as_deref().unwrap_or(""));
        }
        let mut pcs: Vec<(&String, &Vec<u32>)> = self.postal.iter().collect();
        crate::order::sort(&mut pcs);
        for (pc, list) in pcs {
            eat(pc);
            for i in list {
                eat(&format!("{i:x}"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "code,name,departement,population,population_year,lat,lon,point,successor\n";

    fn sample() -> Communes {
        let text = format!(
            "{HEADER}52269,Langres,52,7421,2023,47.86552,5.33145,centroid,\n\
             52121,Chaumont,52,20827,2023,48.11095,5.13948,centroid,\n\
             52002,Old,52,,,,,,52003\n52003,Older,52,,,,,,52269\n\
             2A004,Ajaccio,2A,70000,2023,41.93,8.73,centroid,\n"
        );
        Communes::from_csv(&text, "c.csv")
            .unwrap()
            .with_postal_codes(
                "postal_code,commune\n52200,52269\n52200,52121\n52000,52002\n",
                "p.csv",
            )
            .unwrap()
    }

    #[test]
    fn resolves_current_former_and_chains() {
        let c = sample();
        assert_eq!(c.resolve("52269").unwrap().commune.name, "Langres");
        let r = c.resolve("52002").unwrap();
        assert_eq!(r.commune.code, "52269");
        assert_eq!(r.merged_from, Some("52002"));
        assert_eq!(c.resolve("52999").unwrap_err(), LookupError::Unknown);
        assert_eq!(c.resolve("5226").unwrap_err(), LookupError::Malformed);
        assert_eq!(c.resolve("2A004").unwrap().commune.departement, "2A");
    }

    #[test]
    fn postal_codes_enter_by_the_most_populated_commune() {
        let c = sample();
        let (r, n) = c.postal_code("52200").unwrap();
        assert_eq!((r.commune.code.as_str(), n), ("52121", 2));
        // A former commune in the postal file maps to its successor.
        assert_eq!(c.postal_code("52000").unwrap().0.commune.code, "52269");
        assert_eq!(c.postal_code("5200").unwrap_err(), LookupError::Malformed);
        assert_eq!(c.postal_code("75001").unwrap_err(), LookupError::Unknown);
    }

    #[test]
    fn bad_lines_are_all_reported_with_their_line() {
        let text = format!(
            "{HEADER}5226,Bad,52,1,2023,47,5,centroid,\n52269,Langres,52,x,2023,47,5,,\n\
             52121,Chaumont,52,1,2023,,,,\n52001,Old,52,,,,,,52999\n"
        );
        let e = Communes::from_csv(&text, "c.csv").unwrap_err();
        let msgs: Vec<String> = e
            .problems()
            .iter()
            .map(|p| format!("{} {}", p.pointer, p.message))
            .collect();
        assert_eq!(msgs.len(), 4, "{msgs:?}");
        assert!(msgs[0].starts_with("line 2, column `code`"), "{msgs:?}");
        assert!(msgs[1].contains("`x` is not a number"), "{msgs:?}");
        assert!(
            msgs[2].contains("current commune `52121` has no point"),
            "{msgs:?}"
        );
        assert!(msgs[3].contains("unknown successor `52999`"), "{msgs:?}");
        assert!(
            e.to_string()
                .starts_with("cannot load commune reference `c.csv`"),
            "{e}"
        );
        // The unknown successor is found once the lines read.
        let text = format!("{HEADER}52001,Old,52,,,,,,52999\n");
        let e = Communes::from_csv(&text, "c.csv").unwrap_err();
        assert!(e.to_string().contains("unknown successor `52999`"), "{e}");
    }

    #[test]
    fn header_and_quotes() {
        let e = Communes::from_csv("code,name\n", "c.csv").unwrap_err();
        assert!(
            e.to_string().contains("missing column(s) `departement`"),
            "{e}"
        );
        let text = format!("{HEADER}52269,\"Langres, ville\",52,7421,2023,47.8,5.3,centroid,\n");
        assert_eq!(
            Communes::from_csv(&text, "c")
                .unwrap()
                .get("52269")
                .unwrap()
                .name,
            "Langres, ville"
        );
        let text = format!("{HEADER}52269,\"Langres,52,7421,2023,47.8,5.3,centroid,\n");
        assert!(Communes::from_csv(&text, "c").is_err());
    }

    #[test]
    fn code_shapes() {
        for ok in ["52269", "2A004", "2B120", "97101", "01004"] {
            assert!(is_commune_code(ok), "{ok}");
        }
        for bad in ["5226", "522690", "2C004", "52 69", "", "2A0A4"] {
            assert!(!is_commune_code(bad), "{bad}");
        }
        for ok in ["52", "2A", "2B", "971", "01"] {
            assert!(is_departement_code(ok), "{ok}");
        }
        for bad in ["20", "5", "521", "979", "2C", "00"] {
            assert!(!is_departement_code(bad), "{bad}");
        }
        assert_eq!(departement_of("97101"), "971");
        assert_eq!(departement_of("2A004"), "2A");
    }
}
