//! The older FINESS semicolon extract (`etalab-cs1100502` and its predecessors): a first line
//! `finess;etalab;VERSION;DATE`, then `structureet` lines (one establishment each) and
//! `geolocalisation` lines (its projected coordinates and the system they are in).
//!
//! Fields of a `structureet` line, 0-based: 1 FINESS ET, 2 FINESS EJ, 3 short name, 4 long
//! name, 12 commune number, 13 département code, 15 routing line (postal code and town),
//! 18 category, 26 public-hospital code (`1` = établissement public de santé), 28 opening date.
//! A `geolocalisation` line gives the FINESS ET, X, Y, then the source and the coordinate system,
//! named either as `EPSG:NNNN ...` (recent files) or as `LAMBERT_93` (older files).
//!
//! Coordinates are reprojected to WGS84 with the maintained `proj4rs` crate and the EPSG
//! definitions of `crs-definitions`; no formula is written here.

use std::borrow::Cow;
use std::collections::HashMap;

use proj4rs::Proj;

use crate::error::{Error, Problem};
use crate::messages::{ImportText, itext};

use super::build::{Place, Raw, RawEntity, RawSite, build, date};
use super::{Import, ImportOptions, codes, input_error};

/// WGS84 latitude and longitude, or why a line gives none.
type Position = Result<(f64, f64), ImportText>;

/// Fewest fields of a `structureet` line that the reader uses (up to the opening date).
const MIN_STRUCTURE_FIELDS: usize = 29;

/// Decodes an extract's bytes: UTF-8 when valid (a byte order mark is dropped), else Latin-1,
/// the encoding of the historical FINESS extracts.
///
/// ```
/// use parcours::registers::decode_text;
/// assert_eq!(decode_text(b"CH DE S\xc9LESTAT"), "CH DE SÉLESTAT");
/// assert_eq!(decode_text("Sélestat".as_bytes()), "Sélestat");
/// ```
pub fn decode_text(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

/// Splits one semicolon line into fields. Fields may be quoted with `"`, a quote inside a
/// quoted field doubled. `None` when a quote is not closed.
fn split_fields(line: &str) -> Option<Vec<Cow<'_, str>>> {
    let mut out = Vec::new();
    let mut rest = line;
    loop {
        if let Some(q) = rest.strip_prefix('"') {
            let mut field = String::new();
            let mut chars = q.char_indices();
            let end = loop {
                match chars.next() {
                    None => return None,
                    Some((i, '"')) => {
                        if q.get(i + 1..).is_some_and(|r| r.starts_with('"')) {
                            field.push('"');
                            chars.next();
                        } else {
                            break i + 1;
                        }
                    }
                    Some((_, c)) => field.push(c),
                }
            };
            out.push(Cow::Owned(field));
            let after = q.get(end..).unwrap_or("");
            match after.strip_prefix(';') {
                Some(r) => rest = r,
                None => return Some(out), // end of line (or junk after the quote, ignored)
            }
        } else {
            let Some(i) = rest.find(';') else {
                out.push(Cow::Borrowed(rest));
                return Some(out);
            };
            out.push(Cow::Borrowed(rest.get(..i).unwrap_or("")));
            rest = rest.get(i + 1..).unwrap_or("");
        }
    }
}

/// INSEE commune code from the extract's département and commune number: `01` + `451` ->
/// `01451`; overseas départements are coded `9A`…`9F` (`97x`) and `9J`… (`98x`), with the
/// commune number carrying the third digit (`9D` + `411` -> `97411`).
fn insee(dep: &str, commune: &str) -> Option<String> {
    let dep = dep.trim();
    let commune = commune.trim();
    if commune.is_empty() || dep.is_empty() {
        return None;
    }
    let commune = if commune.bytes().all(|b| b.is_ascii_digit()) && commune.len() < 3 {
        format!("{commune:0>3}")
    } else {
        commune.to_owned()
    };
    let prefix = match dep {
        "9A" | "9B" | "9C" | "9D" | "9E" | "9F" => "97".to_owned(),
        d if d.starts_with('9') && d.len() == 2 && !d.bytes().all(|b| b.is_ascii_digit()) => {
            "98".to_owned()
        }
        d if d.len() == 1 => format!("0{d}"),
        d => d.to_owned(),
    };
    let code = format!("{prefix}{commune}");
    (code.len() == 5).then_some(code)
}

/// The EPSG code a `geolocalisation` line names for its coordinates.
fn epsg_of(fields: &[Cow<'_, str>]) -> Option<u16> {
    for f in fields {
        if let Some(i) = f.find("EPSG:") {
            let digits: String = f
                .get(i + 5..)
                .unwrap_or("")
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            return digits.parse().ok();
        }
        if f.trim() == "LAMBERT_93" {
            return Some(2154);
        }
    }
    None
}

/// Reprojects (x, y) in `epsg` to WGS84 latitude and longitude in degrees.
fn to_wgs84(
    projs: &mut HashMap<u16, Option<Proj>>,
    wgs84: &Proj,
    epsg: u16,
    x: f64,
    y: f64,
) -> Result<(f64, f64), ImportText> {
    let src = projs
        .entry(epsg)
        .or_insert_with(|| Proj::from_epsg_code(epsg).ok())
        .as_ref()
        .ok_or_else(|| itext!(UnknownEpsg, epsg.to_string()))?;
    let mut p = (x, y, 0.0);
    proj4rs::transform::transform(src, wgs84, &mut p).map_err(|e| {
        itext!(
            CannotReproject,
            x.to_string(),
            y.to_string(),
            epsg.to_string(),
            e.to_string()
        )
    })?;
    let (lon, lat) = (p.0.to_degrees(), p.1.to_degrees());
    if lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0 {
        Ok((lat, lon))
    } else {
        Err(itext!(
            NotWgs84,
            x.to_string(),
            y.to_string(),
            epsg.to_string()
        ))
    }
}

/// Reads the older FINESS semicolon extract into a network fragment.
///
/// The extract has no legal-entity lines: each FINESS EJ becomes a legal entity named after
/// it, `public` when its establishments are établissements publics de santé (field 26 = `1`),
/// else `private_non_profit` with a note saying the extract does not give the status.
///
/// # Errors
/// [`Error::Load`] (`R001`) when the text holds no `structureet` line at all: it is not a
/// FINESS extract. Bad lines are warnings (`R016`), see the [module documentation](super).
///
/// ```
/// use parcours::registers::{read_finess_extract, ImportOptions};
/// let text = "finess;etalab;111;2026-05-12\n\
///   structureet;010000024;010780054;CH DE FLEYRIAT;CENTRE HOSPITALIER DE BOURG-EN-BRESSE FLEYRIAT;;;900;RTE;DE PARIS;;;451;01;AIN;01440 VIRIAT;0474454647;0474454114;355;Centre Hospitalier (C.H.);1102;Centres Hospitaliers;26010004500012;8610Z;03;ARS établissements Publics de santé dotation globale;1;Etablissement public de santé;1979-02-13;1979-02-13;2020-02-04;\n\
///   geolocalisation;010000024;870262.2;6571540.8;1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole);2026-05-04\n";
/// let import = read_finess_extract(text, "extract.csv", &ImportOptions::default()).unwrap();
/// let loc = &import.network.locations[0];
/// assert_eq!(loc.insee.as_deref(), Some("01451"));
/// assert!((loc.lat - 46.2).abs() < 0.1 && (loc.lon - 5.2).abs() < 0.2);
/// ```
#[allow(clippy::too_many_lines)] // one match arm per line kind, then the joins
pub fn read_finess_extract(text: &str, file: &str, opts: &ImportOptions) -> Result<Import, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut raw = Raw::default();
    let mut header_date = None;
    let mut header_version = None;
    let mut positions: HashMap<String, (usize, Position)> = HashMap::new();
    let mut projs: HashMap<u16, Option<Proj>> = HashMap::new();
    let wgs84 = Proj::from_epsg_code(4326)
        .map_err(|e| input_error(file, Problem::new(codes::FORMAT, "", format!("{e}"))))?;
    let mut entities: HashMap<String, usize> = HashMap::new();
    let mut structure_lines = 0usize;
    let bad_line = |line: usize, msg: ImportText| {
        Place::Line(line)
            .problem(codes::BAD_LINE, msg)
            .at(line, 1)
            .import_help(itext!(LineLeftOut))
    };
    for (i, l) in text.lines().enumerate() {
        let line = i + 1;
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() {
            continue;
        }
        let Some(f) = split_fields(l) else {
            raw.warnings.push(bad_line(line, itext!(UnclosedQuote)));
            continue;
        };
        let g = |k: usize| f.get(k).map_or("", |c| c.trim());
        match g(0) {
            "finess" => {
                // `finess;etalab;VERSION;DATE`; a spreadsheet copy may have a column header.
                if g(1) == "etalab" {
                    header_version = Some(g(2).to_owned());
                    header_date = date(Some(g(3)));
                }
            }
            "structureet" => {
                structure_lines += 1;
                if f.len() < MIN_STRUCTURE_FIELDS {
                    raw.warnings.push(bad_line(
                        line,
                        itext!(ShortStructure, f.len(), MIN_STRUCTURE_FIELDS),
                    ));
                    continue;
                }
                let (et, ej) = (g(1), g(2));
                if !entities.contains_key(ej) {
                    entities.insert(ej.to_owned(), raw.entities.len());
                    raw.entities.push(RawEntity {
                        pointer: Place::Line(line),
                        key: ej.to_owned(),
                        finess: ej.to_owned(),
                        name: format!("Entité juridique FINESS {ej}"),
                        statut: None,
                        note: Some(
                            "from the FINESS establishment extract, which names the legal \
                             entity only by number and does not give its legal status"
                                .into(),
                        ),
                        ..RawEntity::default()
                    });
                }
                if g(26) == "1" {
                    if let Some(e) = entities.get(ej).and_then(|&k| raw.entities.get_mut(k)) {
                        e.statut = Some("public-hospital".into());
                    }
                }
                let name = if g(4).is_empty() { g(3) } else { g(4) };
                raw.sites.push(RawSite {
                    pointer: Place::Line(line),
                    key: et.to_owned(),
                    entity_key: ej.to_owned(),
                    finess: et.to_owned(),
                    name: name.to_owned(),
                    category: (!g(18).is_empty()).then(|| g(18).to_owned()),
                    commune: insee(g(13), g(12)),
                    place: (!g(15).is_empty()).then(|| g(15).to_owned()),
                    position: None,
                    opened: date(Some(g(28))),
                    closed: None,
                });
            }
            "geolocalisation" => {
                if f.len() < 5 {
                    raw.warnings
                        .push(bad_line(line, itext!(ShortGeo, f.len(), 5)));
                    continue;
                }
                let et = g(1).to_owned();
                let pos = match (
                    g(2).parse::<f64>(),
                    g(3).parse::<f64>(),
                    epsg_of(f.get(4..).unwrap_or(&[])),
                ) {
                    (Ok(x), Ok(y), Some(epsg)) => to_wgs84(&mut projs, &wgs84, epsg, x, y),
                    (Ok(_), Ok(_), None) => Err(itext!(NoCrs, line, g(4))),
                    _ => Err(itext!(CoordsNotNumbers, line, g(2), g(3))),
                };
                positions.insert(et, (line, pos));
            }
            other => raw
                .warnings
                .push(bad_line(line, itext!(UnknownLineKind, other))),
        }
    }
    if structure_lines == 0 {
        return Err(input_error(
            file,
            Problem::import(codes::SYNTAX, "", itext!(NotAnExtract))
                .import_help(itext!(NotAnExtractHint)),
        ));
    }
    for s in &mut raw.sites {
        if let Some((_, pos)) = positions.remove(&s.key) {
            s.position = Some(pos);
        }
    }
    for (et, (line, _)) in positions {
        raw.warnings.push(
            Place::Line(line)
                .problem(codes::MISSING_MEMBER, itext!(OrphanGeo, et))
                .at(line, 1),
        );
    }
    raw.warnings.sort_by_key(|p| p.line.unwrap_or(0));
    raw.source_title = format!(
        "FINESS establishment extract{}{}",
        header_version
            .map(|v| format!(" version {v}"))
            .unwrap_or_default(),
        header_date.map(|d| format!(" of {d}")).unwrap_or_default()
    );
    raw.published = header_date;
    let mut opts = opts.clone();
    opts.mapping = with_public_hospital(opts.mapping);
    Ok(build(raw, &opts))
}

/// The extract's only legal-status fact, `public-hospital`, as a row of the mapping.
fn with_public_hospital(m: super::Mapping) -> super::Mapping {
    m.with_status_alias("public-hospital", crate::network::LegalStatus::Public)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_quotes() {
        let f = split_fields(r#"a;"b;c";"d ""e""";;x"#).unwrap();
        let f: Vec<&str> = f.iter().map(AsRef::as_ref).collect();
        assert_eq!(f, vec!["a", "b;c", "d \"e\"", "", "x"]);
        assert!(split_fields(r#"a;"b;c"#).is_none());
        assert_eq!(split_fields("").unwrap().len(), 1);
    }

    #[test]
    fn insee_codes() {
        assert_eq!(insee("01", "451").as_deref(), Some("01451"));
        assert_eq!(insee("1", "53").as_deref(), Some("01053"));
        assert_eq!(insee("9D", "411").as_deref(), Some("97411"));
        assert_eq!(insee("9J", "613").as_deref(), Some("98613"));
        assert_eq!(insee("2A", "004").as_deref(), Some("2A004"));
        assert_eq!(insee("", "004"), None);
    }

    #[test]
    fn latin1_fallback() {
        assert_eq!(decode_text(b"\xef\xbb\xbfabc"), "abc");
        assert_eq!(decode_text(b"caf\xe9"), "café");
    }
}
