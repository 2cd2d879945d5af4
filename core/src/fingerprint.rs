//! Audit fingerprints: which network (and which travel matrix) a result came from.
//!
//! A [`Fingerprint`] names a network by its id and by a content hash, so a routed extract can
//! be traced to the exact version of the network months later, whatever file it was read from.
//!
//! # What is hashed
//!
//! - `hash`: the SHA-256 of the network's canonical JSON text ([`Network::to_canonical_json`],
//!   UTF-8, final newline included), written `sha256:<64 lowercase hex digits>`. It is
//!   therefore the `sha256sum` of the file `parcours fmt` writes for the network's `.json`
//!   form: the same for the JSON and TOML forms of a network, for any key order, white space
//!   or list order that the canonical form sorts (see [`crate::canonical`]), and different as
//!   soon as one fact changes (a date, a role, a note, a source).
//! - `travel_hash`: when the engine was compiled with a travel matrix
//!   ([`crate::CompileOptions::travel`]), the SHA-256 of its entries sorted by origin and
//!   destination (entries of one pair, of which the last counts, keep their order), written
//!   as a pretty JSON array (two-space indent, no final newline) of `{"from", "to", "km",
//!   "minutes"}` objects (absent values left out), whatever the file they came from.
//! - `communes_hash`: with a commune reference ([`crate::CompileOptions::communes`]), the hash of
//!   its canonical content ([`crate::reference::Communes::canonical_bytes`]), set by
//!   [`crate::Engine::compile_with`].
//!
//! ```
//! let json = r#"{"id": "n", "name": "N", "locations": [{"id": "l", "name": "L", "lat": 48.1, "lon": 5.1}]}"#;
//! let a = parcours::Network::from_json_str(json)?;
//! let f = a.fingerprint();
//! assert_eq!(f.network_id, "n");
//! assert!(f.hash.starts_with("sha256:"));
//! // Key order and white space do not matter; facts do.
//! let b = parcours::Network::from_json_str(r#"{"name": "N", "locations": [{"lon": 5.1, "lat": 48.1, "name": "L", "id": "l"}], "id": "n"}"#)?;
//! assert_eq!(b.fingerprint(), f);
//! let c = parcours::Network::from_json_str(&json.replace("48.1", "48.2"))?;
//! assert_ne!(c.fingerprint().hash, f.hash);
//! assert_eq!(parcours::Engine::compile(&a)?.fingerprint(), &f);
//! # Ok::<(), parcours::Error>(())
//! ```

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::engine::TravelEntry;
use crate::network::Network;

/// Hex digits of the hash shown by [`Fingerprint::short`] (48 bits: a collision between two
/// versions of one network is out of reach in practice; the full hash is always kept).
pub const SHORT_HEX: usize = 12;

/// Which network, and which reference data, a result came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Fingerprint {
    /// Id of the network.
    pub network_id: String,
    /// SHA-256 of the canonical network, `sha256:<hex>` (see the module docs).
    pub hash: String,
    /// SHA-256 of the travel matrix the engine was compiled with, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub travel_hash: Option<String>,
    /// SHA-256 of the commune reference used, when the caller sets it (see the module docs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communes_hash: Option<String>,
}

/// `sha256:` and the lowercase hex SHA-256 of `bytes`: the form of every hash of a
/// [`Fingerprint`].
///
/// ```
/// assert_eq!(
///     parcours::fingerprint::sha256(b""),
///     "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/// );
/// ```
pub fn sha256(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in digest {
        // Writing to a String cannot fail.
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The hash of a travel matrix (see the module docs); `None` when it is empty.
pub(crate) fn travel_hash(travel: &[TravelEntry]) -> Option<String> {
    if travel.is_empty() {
        return None;
    }
    // By origin and destination; entries for one pair (the last one counts) keep their order,
    // so the sort never changes what the matrix means. Ids hold no `\0`.
    let keys: Vec<String> = travel
        .iter()
        .map(|t| format!("{}\0{}", t.from, t.to))
        .collect();
    let order = crate::canonical::order_of_keys(&keys);
    let sorted: Vec<&TravelEntry> = order.iter().filter_map(|&i| travel.get(i)).collect();
    // Pretty JSON, as the network's: one serialiser in the WebAssembly module.
    Some(sha256(
        serde_json::to_string_pretty(&sorted)
            .unwrap_or_default()
            .as_bytes(),
    ))
}

impl Fingerprint {
    /// The fingerprint of a network alone (no travel matrix, no commune reference).
    pub fn of(network: &Network) -> Self {
        Self {
            network_id: network.id.clone(),
            hash: sha256(network.to_canonical_json().as_bytes()),
            travel_hash: None,
            communes_hash: None,
        }
    }

    /// Sets the hash of the commune reference (a `sha256:<hex>` from [`sha256`]).
    #[must_use]
    pub fn with_communes_hash(mut self, hash: impl Into<String>) -> Self {
        self.communes_hash = Some(hash.into());
        self
    }

    /// The first [`SHORT_HEX`] hex digits of a `sha256:<hex>` hash.
    fn short_hex(hash: &str) -> &str {
        let hex = hash.strip_prefix("sha256:").unwrap_or(hash);
        hex.get(..SHORT_HEX).unwrap_or(hex)
    }

    /// A short form for display: `network-id@<12 hex digits>`, plus `+travel@<12 hex>` and
    /// `+communes@<12 hex>` when set.
    ///
    /// ```
    /// let f = parcours::Network::from_json_str(r#"{"id": "n", "name": "N"}"#)?.fingerprint();
    /// assert_eq!(f.short(), format!("n@{}", &f.hash[7..19]));
    /// # Ok::<(), parcours::Error>(())
    /// ```
    pub fn short(&self) -> String {
        let mut s = format!("{}@{}", self.network_id, Self::short_hex(&self.hash));
        if let Some(t) = &self.travel_hash {
            s.push_str("+travel@");
            s.push_str(Self::short_hex(t));
        }
        if let Some(c) = &self.communes_hash {
            s.push_str("+communes@");
            s.push_str(Self::short_hex(c));
        }
        s
    }
}

impl fmt::Display for Fingerprint {
    /// The short form ([`Fingerprint::short`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.short())
    }
}

impl Network {
    /// The network's fingerprint: its id and the SHA-256 of its canonical form (see
    /// [`crate::fingerprint`]).
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(from: &str, to: &str, km: Option<f64>) -> TravelEntry {
        TravelEntry {
            from: from.into(),
            to: to.into(),
            km,
            minutes: None,
        }
    }

    #[test]
    fn travel_hash_ignores_order_and_sees_values() {
        let a = vec![entry("x", "b", Some(3.0)), entry("x", "a", Some(1.0))];
        let b = vec![entry("x", "a", Some(1.0)), entry("x", "b", Some(3.0))];
        assert_eq!(travel_hash(&a), travel_hash(&b));
        let c = vec![entry("x", "a", Some(1.5)), entry("x", "b", Some(3.0))];
        assert_ne!(travel_hash(&a), travel_hash(&c));
        assert_eq!(travel_hash(&[]), None);
    }

    #[test]
    fn short_form_names_every_part() {
        let f = Fingerprint {
            network_id: "n".into(),
            hash: sha256(b"a"),
            travel_hash: Some(sha256(b"b")),
            communes_hash: None,
        }
        .with_communes_hash(sha256(b"c"));
        let s = f.short();
        assert!(
            s.starts_with("n@ca978112ca1b+travel@3e23e8160039+communes@2e7d2c03a950"),
            "{s}"
        );
        assert_eq!(f.to_string(), s);
    }
}
