//! Counts of what a network holds, for listings and notebooks.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::network::Network;

/// How many entities of each kind a network holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Network id.
    pub id: String,
    /// Network name.
    pub name: String,
    /// Legal entities.
    pub legal_entities: usize,
    /// Sites.
    pub sites: usize,
    /// Locations.
    pub locations: usize,
    /// Filières.
    pub filieres: usize,
    /// Groupings, all kinds.
    pub groupings: usize,
    /// Groupings by kind (`ght`, `gcs_moyens`…), sorted by kind.
    pub groupings_by_kind: BTreeMap<String, usize>,
    /// Memberships.
    pub memberships: usize,
    /// Capabilities.
    pub capabilities: usize,
    /// Routing rules.
    pub rules: usize,
    /// Shared services.
    pub shared_services: usize,
    /// Tele-services.
    pub tele_services: usize,
    /// Sources cited.
    pub sources: usize,
}

impl Network {
    /// Counts the entities of the network.
    ///
    /// ```
    /// let net = parcours::Network::from_json_str(r#"{"id": "n", "name": "N"}"#).unwrap();
    /// assert_eq!(net.summary().sites, 0);
    /// ```
    pub fn summary(&self) -> Summary {
        let mut groupings_by_kind = BTreeMap::new();
        for g in &self.groupings {
            let kind = serde_json::to_value(g.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            *groupings_by_kind.entry(kind).or_insert(0) += 1;
        }
        Summary {
            id: self.id.clone(),
            name: self.name.clone(),
            legal_entities: self.legal_entities.len(),
            sites: self.sites.len(),
            locations: self.locations.len(),
            filieres: self.filieres.len(),
            groupings: self.groupings.len(),
            groupings_by_kind,
            memberships: self.memberships.len(),
            capabilities: self.capabilities.len(),
            rules: self.rules.len(),
            shared_services: self.shared_services.len(),
            tele_services: self.tele_services.len(),
            sources: self.sources.len(),
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} ({})", self.name, self.id)?;
        write!(
            f,
            "  {} sites of {} legal entities, {} filières, {} capabilities, {} rules\n  \
             {} groupings with {} memberships",
            self.sites,
            self.legal_entities,
            self.filieres,
            self.capabilities,
            self.rules,
            self.groupings,
            self.memberships
        )?;
        if !self.groupings_by_kind.is_empty() {
            let kinds: Vec<String> = self
                .groupings_by_kind
                .iter()
                .map(|(k, n)| format!("{n} {k}"))
                .collect();
            write!(f, " ({})", kinds.join(", "))?;
        }
        write!(
            f,
            "\n  {} shared services, {} tele-services, {} sources",
            self.shared_services, self.tele_services, self.sources
        )
    }
}
