//! National registers in: the FINESS register read into network fragments, and merged into
//! hand-written networks.
//!
//! Two inputs are read, both as text (the crate does no I/O):
//!
//! - the **official FINESS JSON flux** (schema v1, published by the Agence du Numérique en
//!   Santé, schemas in the public repository `ansforge/finess`, `flux/out/data.gouv/`): the
//!   `structures` file (legal entities `pmej`, geographic establishments `ege` with WGS84
//!   coordinates and INSEE commune, conventional groupings `gcc` such as GHTs, organic groupings
//!   `gco` such as GCSs) and, optionally, the `activites` file (authorised activities with
//!   activity, modality and form codes, dates, capacities) — [`read_finess_json`];
//! - the **older semicolon extract** (`structureet` and `geolocalisation` lines), whose projected
//!   coordinates (Lambert-93 in metropolitan France, UTM overseas, the system named in each line)
//!   are reprojected to WGS84 with the `proj4rs` crate — [`read_finess_extract`].
//!
//! Both give an [`Import`]: a [`Network`] fragment (legal entities, sites with their FINESS
//! numbers, locations, groupings with dated memberships, capabilities derived from authorisations
//! through a [`Mapping`] table, the filières they use) that loads and checks like any network,
//! and the [warnings](Import::warnings) met on the way. [`merge`] adds a fragment to a
//! hand-written network, matching legal entities and sites by FINESS number; the rules stay
//! hand-written.
//!
//! # What is an error, what is a warning
//!
//! A file that cannot be read at all (truncated or malformed JSON, a value of the wrong type, a
//! mapping table with a bad row) is an [`Error`] with the line, column and JSON pointer. A bad
//! *record* never loses the others: it is left out or kept with a [`Problem`] in
//! [`Import::warnings`], located by JSON pointer (`/pmej/12/ege/0`) or line (`line 40`):
//!
//! | code | what | the record |
//! |---|---|---|
//! | `R010` | malformed FINESS number (not 9 letters or digits) | left out |
//! | `R011` | FINESS check key (Luhn) does not match | kept, as `parcours check` does (`P031`) |
//! | `R012` | the same FINESS number twice | the second left out |
//! | `R013` | a grouping member not in the input | membership left out |
//! | `R014` | a code the mapping table does not know (category, legal status, grouping type, activity) | kept (activity: no capability), one warning per code |
//! | `R015` | no usable coordinates | site left out (a site needs a location) |
//! | `R016` | an extract line with too few fields or an unterminated quote | left out |
//! | `R017` | an authorisation whose site cannot be told | no capability |
//!
//! Identifiers are derived from FINESS numbers, so that importing the same register twice gives
//! the same ids: `ej-<FINESS EJ>`, `et-<FINESS ET>`, `loc-<FINESS ET>`, `gcc-<gccId>` for
//! conventional groupings and `gcs-<FINESS EJ>` for organic ones.

mod build;
mod finess_csv;
mod finess_json;
mod mapping;
mod merge;

use serde::Serialize;

use crate::error::{Error, Problem};
use crate::network::Network;

pub use finess_csv::{decode_text, read_finess_extract};
pub use finess_json::read_finess_json;
pub use mapping::{ActivityRow, DEFAULT_MAPPING, Mapping};
pub use merge::{Conflict, ConflictKind, Merged, merge};

/// Codes of register errors and warnings (see the [module documentation](self)).
pub mod codes {
    use crate::diagnostic::Code;

    /// The input is not valid JSON (truncated, malformed).
    pub const SYNTAX: Code = Code::R001;
    /// The JSON does not have the shape of the FINESS flux (a value of the wrong type).
    pub const FORMAT: Code = Code::R002;
    /// A row of the mapping table is malformed.
    pub const MAPPING: Code = Code::R003;
    /// A malformed FINESS number.
    pub const BAD_FINESS: Code = Code::R010;
    /// A FINESS check key mismatch.
    pub const FINESS_KEY: Code = Code::R011;
    /// A FINESS number given twice.
    pub const DUPLICATE: Code = Code::R012;
    /// A grouping member missing from the input.
    pub const MISSING_MEMBER: Code = Code::R013;
    /// A code the mapping table does not know.
    pub const UNKNOWN_CODE: Code = Code::R014;
    /// No usable coordinates.
    pub const NO_COORDINATES: Code = Code::R015;
    /// A malformed extract line.
    pub const BAD_LINE: Code = Code::R016;
    /// An authorisation that cannot be attached to one site.
    pub const UNATTACHED: Code = Code::R017;
}

/// Options of an import.
///
/// ```
/// let opts = parcours::registers::ImportOptions::default().departements(["52", "21"]);
/// assert_eq!(opts.departements, vec!["52".to_string(), "21".to_string()]);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ImportOptions {
    /// Keep only sites in these départements (`52`, `2A`, `971`); empty keeps all.
    pub departements: Vec<String>,
    /// Keep only sites of these establishment categories (`355`, `101`…); empty keeps all.
    pub categories: Vec<String>,
    /// Keep establishments that have closed (with their closing date as end of validity).
    pub include_closed: bool,
    /// The mapping table.
    pub mapping: Mapping,
    /// Id of the fragment network.
    pub network_id: String,
    /// Name of the fragment network.
    pub network_name: String,
    /// Name of the input, cited in the fragment's source (a file name).
    pub source_name: String,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            departements: Vec::new(),
            categories: Vec::new(),
            include_closed: true,
            mapping: Mapping::default(),
            network_id: "finess".into(),
            network_name: "FINESS register import".into(),
            source_name: "FINESS".into(),
        }
    }
}

impl ImportOptions {
    /// Keeps only sites in these départements.
    #[must_use]
    pub fn departements<I: IntoIterator<Item = S>, S: Into<String>>(mut self, d: I) -> Self {
        self.departements = d.into_iter().map(Into::into).collect();
        self
    }

    /// Keeps only sites of these establishment categories.
    #[must_use]
    pub fn categories<I: IntoIterator<Item = S>, S: Into<String>>(mut self, c: I) -> Self {
        self.categories = c.into_iter().map(Into::into).collect();
        self
    }

    /// Uses this mapping table.
    #[must_use]
    pub fn mapping(mut self, mapping: Mapping) -> Self {
        self.mapping = mapping;
        self
    }

    /// Keeps (or leaves out) closed establishments.
    #[must_use]
    pub fn include_closed(mut self, yes: bool) -> Self {
        self.include_closed = yes;
        self
    }

    /// Names the input in the fragment's source and in errors.
    #[must_use]
    pub fn source_name(mut self, name: impl Into<String>) -> Self {
        self.source_name = name.into();
        self
    }
}

/// Counts of what an import read and kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ImportStats {
    /// Legal entities read.
    pub legal_entities_read: usize,
    /// Establishments read.
    pub sites_read: usize,
    /// Establishments left out by the département or category filters, or closed.
    pub sites_filtered: usize,
    /// Establishments left out for want of coordinates.
    pub sites_without_coordinates: usize,
    /// Authorisations read.
    pub activities_read: usize,
    /// Authorisations that gave a capability.
    pub activities_mapped: usize,
    /// Authorisations not in force (`etatObjet` `I`), skipped.
    pub activities_inactive: usize,
    /// Authorisations of natures that are not care activities (social, medico-social,
    /// teaching…), skipped.
    pub activities_other_nature: usize,
    /// Authorisations of care natures whose code the mapping table does not know.
    pub activities_unmapped: usize,
}

/// The result of an import: the fragment, what went wrong on the way, and counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    /// The network fragment: loads and validates like any network.
    pub network: Network,
    /// Warnings (codes `R010`–`R017`), located; see the [module documentation](self).
    pub warnings: Vec<Problem>,
    /// Counts.
    pub stats: ImportStats,
}

/// Builds a load error about an input.
pub(crate) fn input_error(file: &str, problem: Problem) -> Error {
    Error::load(file.to_owned(), vec![problem])
}

/// The département of an INSEE commune code: 3 characters overseas (`971`…`989`), else 2.
pub(crate) fn departement_of(commune: &str) -> &str {
    let n = if commune.starts_with("97") || commune.starts_with("98") {
        3
    } else {
        2
    };
    commune.get(..n).unwrap_or(commune)
}

/// A département as users type it: `1` means `01`.
pub(crate) fn normalise_departement(d: &str) -> String {
    let d = d.trim();
    if d.len() == 1 && d.bytes().all(|b| b.is_ascii_digit()) {
        format!("0{d}")
    } else {
        d.to_ascii_uppercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departements_of_communes() {
        assert_eq!(departement_of("52121"), "52");
        assert_eq!(departement_of("2A004"), "2A");
        assert_eq!(departement_of("97411"), "974");
        assert_eq!(departement_of("98613"), "986");
        assert_eq!(departement_of("5"), "5");
        assert_eq!(normalise_departement("1"), "01");
        assert_eq!(normalise_departement("2a"), "2A");
    }
}
