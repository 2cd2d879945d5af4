//! The mapping table: FINESS codes to parcours data (filières and levels, site kinds, legal
//! statuses, grouping kinds), shipped as data and editable by the user.
//!
//! The default table is `core/data/finess-mapping.csv`, compiled in with `include_str!`; its
//! header comment documents the row kinds and the sources of the codes.

use std::collections::HashMap;

use crate::error::Problem;
use crate::messages::{ImportText, itext};
use crate::network::{Activity, Filiere, GroupingKind, LegalStatus, Level, SiteKind};

use super::build::Place;
use super::codes;

/// The default mapping table, as text (see the module documentation for the format).
pub const DEFAULT_MAPPING: &str = include_str!("../../data/finess-mapping.csv");

/// What an authorisation row of the table gives: a capability of `filiere` at `level`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRow {
    /// Nature of the authorisation in the activities flux (`AMF`, `ASR`…).
    pub nature: String,
    /// Activity code (NOS TRE_R274).
    pub activite: String,
    /// Modality code (TRE_R275), `None` for any.
    pub modalite: Option<String>,
    /// Form code (TRE_R276), `None` for any.
    pub forme: Option<String>,
    /// Filière of the capability.
    pub filiere: String,
    /// Level of the capability.
    pub level: String,
    /// Authorised activity recorded on the capability.
    pub activity: Option<Activity>,
    /// Label of the code, for messages.
    pub label: String,
}

/// A mapping table: which FINESS codes give which filière, level, site kind, legal status and
/// grouping kind.
///
/// ```
/// let m = parcours::registers::Mapping::default();
/// assert_eq!(m.site_kind("101"), Some(parcours::SiteKind::Chu));
/// assert!(m.activity("AMF", "02", "00", "01").is_some());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    /// Filières with their levels, in table order.
    pub filieres: Vec<Filiere>,
    /// Authorisation rows, in table order (the first match wins).
    pub activities: Vec<ActivityRow>,
    categories: HashMap<String, SiteKind>,
    statuses: Vec<(u32, u32, LegalStatus)>,
    gcc: HashMap<String, GroupingKind>,
    gco: HashMap<String, GroupingKind>,
    status_aliases: HashMap<String, LegalStatus>,
}

impl Default for Mapping {
    /// The table shipped with the crate.
    fn default() -> Self {
        // The shipped table is tested to parse; an empty table is the safe fallback.
        Self::parse(DEFAULT_MAPPING, "finess-mapping.csv").unwrap_or_else(|_| Self::empty())
    }
}

fn parse_enum<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
}

impl Mapping {
    fn empty() -> Self {
        Self {
            filieres: Vec::new(),
            activities: Vec::new(),
            categories: HashMap::new(),
            statuses: Vec::new(),
            gcc: HashMap::new(),
            gco: HashMap::new(),
            status_aliases: HashMap::new(),
        }
    }

    /// Reads a mapping table; `file` names it in errors.
    ///
    /// # Errors
    /// Every malformed row, with its line number: unknown row kind, missing fields, a site kind,
    /// legal status, grouping kind or activity name parcours does not know, an activity row
    /// naming a filière or level the table does not define.
    #[allow(clippy::too_many_lines)] // one arm per row kind
    pub fn parse(text: &str, file: &str) -> Result<Self, Vec<Problem>> {
        let mut m = Self::empty();
        let mut problems = Vec::new();
        let mut pending: Vec<(usize, ActivityRow)> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let row = raw.trim();
            if row.is_empty() || row.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = row.split(';').map(str::trim).collect();
            let bad = |msg: ImportText| {
                Place::Line(line)
                    .problem(codes::MAPPING, msg)
                    .at(line, 1)
                    .import_help(itext!(MappingHint, file))
            };
            let need = match f.first().copied() {
                Some("filiere" | "categorie" | "gcc" | "gco") => 4,
                Some("activite") => 9,
                Some("statut") => 5,
                other => {
                    problems.push(bad(itext!(MapUnknownRow, other.unwrap_or(""), file)));
                    continue;
                }
            };
            if f.len() < need {
                problems.push(bad(itext!(
                    MapShortRow,
                    f.first().copied().unwrap_or(""),
                    f.len(),
                    need
                )));
                continue;
            }
            let g = |k: usize| f.get(k).copied().unwrap_or("");
            match g(0) {
                "filiere" => {
                    let levels: Vec<Level> = g(3)
                        .split('|')
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(|l| Level {
                            id: l.to_owned(),
                            name: None,
                        })
                        .collect();
                    if g(1).is_empty() || levels.is_empty() {
                        problems.push(bad(itext!(MapFiliere)));
                        continue;
                    }
                    m.filieres.push(Filiere {
                        id: g(1).to_owned(),
                        name: g(2).to_owned(),
                        levels,
                        flag_levels: std::collections::BTreeMap::new(),
                        source: None,
                    });
                }
                "activite" => {
                    let activity = if g(7).is_empty() {
                        None
                    } else if let Some(a) = parse_enum::<Activity>(g(7)) {
                        Some(a)
                    } else {
                        problems.push(bad(itext!(MapActivity, g(7))));
                        continue;
                    };
                    let any = |s: &str| (s != "*" && !s.is_empty()).then(|| s.to_owned());
                    pending.push((
                        line,
                        ActivityRow {
                            nature: g(1).to_owned(),
                            activite: g(2).to_owned(),
                            modalite: any(g(3)),
                            forme: any(g(4)),
                            filiere: g(5).to_owned(),
                            level: g(6).to_owned(),
                            activity,
                            label: g(8).to_owned(),
                        },
                    ));
                }
                "categorie" => match parse_enum::<SiteKind>(g(2)) {
                    Some(k) => {
                        m.categories.insert(g(1).to_owned(), k);
                    }
                    None => problems.push(bad(itext!(MapSiteKind, g(2)))),
                },
                "statut" => {
                    let (Ok(from), Ok(to)) = (g(1).parse::<u32>(), g(2).parse::<u32>()) else {
                        problems.push(bad(itext!(MapRange, g(1), g(2))));
                        continue;
                    };
                    match parse_enum::<LegalStatus>(g(3)) {
                        Some(s) => m.statuses.push((from, to, s)),
                        None => problems.push(bad(itext!(MapLegalStatus, g(3)))),
                    }
                }
                kind => match parse_enum::<GroupingKind>(g(2)) {
                    Some(k) => {
                        let table = if kind == "gcc" {
                            &mut m.gcc
                        } else {
                            &mut m.gco
                        };
                        table.insert(g(1).to_owned(), k);
                    }
                    None => problems.push(bad(itext!(MapGroupingKind, g(2)))),
                },
            }
        }
        for (line, row) in pending {
            let Some(fil) = m.filieres.iter().find(|f| f.id == row.filiere) else {
                problems.push(
                    Place::Line(line)
                        .problem(codes::MAPPING, itext!(MapNoFiliere, &row.filiere))
                        .at(line, 1)
                        .import_help(itext!(MapNoFiliereHint)),
                );
                continue;
            };
            if !fil.levels.iter().any(|l| l.id == row.level) {
                problems.push(
                    Place::Line(line)
                        .problem(codes::MAPPING, itext!(MapNoLevel, &row.level, &row.filiere))
                        .at(line, 1),
                );
                continue;
            }
            m.activities.push(row);
        }
        if problems.is_empty() {
            Ok(m)
        } else {
            Err(problems)
        }
    }

    /// The first row matching an authorisation, if any.
    pub fn activity(
        &self,
        nature: &str,
        activite: &str,
        modalite: &str,
        forme: &str,
    ) -> Option<&ActivityRow> {
        self.activities.iter().find(|r| {
            r.nature == nature
                && r.activite == activite
                && r.modalite.as_deref().is_none_or(|m| m == modalite)
                && r.forme.as_deref().is_none_or(|f| f == forme)
        })
    }

    /// Site kind of an establishment category, when the table has it.
    pub fn site_kind(&self, category: &str) -> Option<SiteKind> {
        self.categories.get(category).copied()
    }

    /// The same table, reading the non-numeric status `alias` as `status` (readers use it for
    /// facts their input gives in words rather than codes).
    #[must_use]
    pub(crate) fn with_status_alias(mut self, alias: &str, status: LegalStatus) -> Self {
        self.status_aliases.insert(alias.to_owned(), status);
        self
    }

    /// Legal status of a FINESS legal-status code, when the table covers it.
    pub fn legal_status(&self, code: &str) -> Option<LegalStatus> {
        if let Some(s) = self.status_aliases.get(code) {
            return Some(*s);
        }
        let n: u32 = code.trim().parse().ok()?;
        self.statuses
            .iter()
            .find(|(from, to, _)| (*from..=*to).contains(&n))
            .map(|(_, _, s)| *s)
    }

    /// Grouping kind of an organic grouping type (TRE_r372), when the table has it.
    pub fn gco_kind(&self, type_gco: &str) -> Option<GroupingKind> {
        self.gco.get(type_gco).copied()
    }

    /// Grouping kind of a conventional grouping type, when the table has it.
    pub fn gcc_kind(&self, type_gcc: &str) -> Option<GroupingKind> {
        self.gcc.get(type_gcc).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_table_parses_and_maps_main_activities() {
        let m = Mapping::parse(DEFAULT_MAPPING, "default").unwrap();
        assert_eq!(
            m.activity("AMF", "02", "00", "01").unwrap().filiere,
            "chirurgie"
        );
        assert_eq!(m.activity("AMF", "10", "x", "y").unwrap().level, "recours");
        assert!(m.activity("AMF", "99", "00", "00").is_none());
        assert!(m.activity("ASR", "02", "00", "00").is_none());
        assert_eq!(m.legal_status("21"), Some(LegalStatus::Public));
        assert_eq!(m.legal_status("72"), Some(LegalStatus::PrivateForProfit));
        assert_eq!(m.legal_status("60"), Some(LegalStatus::Association));
        assert_eq!(m.legal_status("99"), None);
        assert_eq!(m.gcc_kind("001"), Some(GroupingKind::Ght));
        assert_eq!(m.site_kind("500"), Some(SiteKind::Ehpad));
        assert_eq!(m.site_kind("999"), None);
    }

    #[test]
    fn specific_rows_before_wildcards_win() {
        let t =
            "filiere;f;F;a|b\nactivite;AMF;01;07;*;f;b;;special\nactivite;AMF;01;*;*;f;a;;any\n";
        let m = Mapping::parse(t, "t").unwrap();
        assert_eq!(m.activity("AMF", "01", "07", "00").unwrap().level, "b");
        assert_eq!(m.activity("AMF", "01", "08", "00").unwrap().level, "a");
    }

    #[test]
    fn bad_rows_are_reported_with_their_line() {
        let t = "filiere;f;F;a\nfoo;bar\nactivite;AMF;01;*;*;g;a;;x\nactivite;AMF;01;*;*;f;z;;x\ncategorie;1;castle;x\nstatut;a;b;public;x\nactivite;AMF;01\n";
        let errs = Mapping::parse(t, "t").unwrap_err();
        let lines: Vec<Option<usize>> = errs.iter().map(|p| p.line).collect();
        assert_eq!(errs.len(), 6, "{errs:?}");
        assert!(lines.contains(&Some(2)) && lines.contains(&Some(7)));
        assert!(errs.iter().any(|p| p.message.contains("filière `g`")));
        assert!(errs.iter().any(|p| p.message.contains("level `z`")));
        assert!(
            errs.iter()
                .any(|p| p.message.contains("site kind `castle`"))
        );
    }
}
