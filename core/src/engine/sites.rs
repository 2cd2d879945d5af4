//! The sites and locations of an engine: their data, id look-ups and positions.

use std::hash::BuildHasherDefault;

use super::{HashMap, SiteIx, Span, ix32};
use crate::geo::unit_vector;
use crate::network::{Network, SiteKind};

/// A site, compiled.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SiteData {
    pub id: String,
    pub name: String,
    pub kind: SiteKind,
    /// Latitude and longitude in radians, and cos(latitude).
    pub lat: f64,
    pub lon: f64,
    pub cos_lat: f64,
    /// Position as a unit vector (see [`crate::geo::unit_vector`]).
    pub xyz: [f64; 3],
    pub span: Span,
    /// Rank of the id in sorted order: the documented tie-break.
    pub order: u32,
    pub legal_entity: usize,
}

/// The hot part of a site: its validity and its rank in site-id order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SiteHot {
    pub span: Span,
    pub order: u32,
}

/// Sites and locations, indexed. Origin nodes number the sites first, then the locations
/// (offset by the site count).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sites {
    /// Sites in file order; a site's index is its [`SiteIx`].
    pub list: Vec<SiteData>,
    /// Site id -> index.
    pub ix: HashMap<String, SiteIx>,
    /// Location id -> index.
    pub location_ix: HashMap<String, u32>,
    /// Locations: (lat rad, lon rad, cos lat).
    pub locations: Vec<(f64, f64, f64)>,
    /// Site positions as unit vectors, hot on the routing path.
    pub xyz: Vec<[f64; 3]>,
    /// What qualifying a candidate reads of a site (same indexes as `list`): 16 bytes a site
    /// instead of a `SiteData`'s cache lines.
    pub hot: Vec<SiteHot>,
    /// Location positions as unit vectors, same indexes as `locations`.
    pub location_xyz: Vec<[f64; 3]>,
}

impl Sites {
    /// Indexes the locations and sites of a network, with each site's tie-break order (the
    /// rank of its id) and legal entity.
    pub fn build(n: &Network) -> Sites {
        let mut location_ix = HashMap::default();
        let mut locations = Vec::with_capacity(n.locations.len());
        for l in &n.locations {
            location_ix.insert(l.id.clone(), ix32(locations.len()));
            let (lat, lon) = (l.lat.to_radians(), l.lon.to_radians());
            locations.push((lat, lon, lat.cos()));
        }
        let le_ix = entity_ix(n);

        // The tie-break order of the sites' ids.
        let mut sorted: Vec<(&str, usize)> = n
            .sites
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        crate::order::sort(&mut sorted);
        let mut order = vec![0u32; n.sites.len()];
        for (rank, (_, i)) in sorted.iter().enumerate() {
            if let Some(o) = order.get_mut(*i) {
                *o = ix32(rank);
            }
        }
        let mut ix =
            HashMap::with_capacity_and_hasher(n.sites.len(), BuildHasherDefault::default());
        let mut list = Vec::with_capacity(n.sites.len());
        for (i, s) in n.sites.iter().enumerate() {
            let (lat, lon, cos_lat) = location_ix
                .get(&s.location)
                .and_then(|&l| locations.get(l as usize))
                .copied()
                .unwrap_or((0.0, 0.0, 1.0));
            ix.insert(s.id.clone(), ix32(i));
            list.push(SiteData {
                id: s.id.clone(),
                name: s.name.clone(),
                kind: s.kind,
                lat,
                lon,
                cos_lat,
                xyz: unit_vector(lat, lon),
                span: Span::of(&s.validity),
                order: order.get(i).copied().unwrap_or(0),
                legal_entity: le_ix.get(s.legal_entity.as_str()).copied().unwrap_or(0),
            });
        }
        let xyz = list.iter().map(|s| s.xyz).collect();
        let hot = list
            .iter()
            .map(|s| SiteHot {
                span: s.span,
                order: s.order,
            })
            .collect();
        let location_xyz = locations
            .iter()
            .map(|&(lat, lon, _)| unit_vector(lat, lon))
            .collect();
        Sites {
            list,
            ix,
            location_ix,
            locations,
            xyz,
            hot,
            location_xyz,
        }
    }

    /// Number of sites.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// The site at a position of the list, as a slice's `get`.
    pub fn get(&self, i: usize) -> Option<&SiteData> {
        self.list.get(i)
    }

    /// The site of an index.
    pub fn site(&self, s: SiteIx) -> Option<&SiteData> {
        self.list.get(s as usize)
    }

    /// The sites in index order.
    pub fn iter(&self) -> std::slice::Iter<'_, SiteData> {
        self.list.iter()
    }

    /// The origin node an id names: a site (its index, and the site), or a location (the
    /// sites' count plus its index, and no site).
    #[inline]
    pub fn origin_node(&self, id: &str) -> Option<(usize, Option<SiteIx>)> {
        if let Some(&s) = self.ix.get(id) {
            return Some((s as usize, Some(s)));
        }
        let l = *self.location_ix.get(id)?;
        Some((self.list.len() + l as usize, None))
    }
}

/// The sites of each legal entity, indexed once when compiling: memberships, requesters and
/// beneficiaries that name a legal entity stand for its sites.
pub(crate) struct LegalEntities<'n> {
    /// Legal entity id -> index.
    pub ix: HashMap<&'n str, usize>,
    sites: Vec<Vec<SiteIx>>,
}

impl<'n> LegalEntities<'n> {
    /// Indexes the legal entities of a network and the sites of each.
    pub fn build(n: &'n Network, sites: &Sites) -> Self {
        let ix = entity_ix(n);
        let mut by_entity: Vec<Vec<SiteIx>> = Vec::new();
        for (i, s) in sites.iter().enumerate() {
            if by_entity.len() <= s.legal_entity {
                by_entity.resize_with(s.legal_entity + 1, Vec::new);
            }
            if let Some(list) = by_entity.get_mut(s.legal_entity) {
                list.push(ix32(i));
            }
        }
        Self {
            ix,
            sites: by_entity,
        }
    }

    /// The sites of legal entity `le`.
    pub fn sites_of(&self, le: usize) -> &[SiteIx] {
        self.sites.get(le).map_or(&[], Vec::as_slice)
    }
}

/// Legal entity id -> index.
fn entity_ix(n: &Network) -> HashMap<&str, usize> {
    n.legal_entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_get_id_order_positions_and_origin_nodes() {
        let n = super::super::tests::network();
        let sites = Sites::build(&n);
        assert_eq!(sites.len(), 3);
        // File order is b, a, c: the tie-break order is the ids' order.
        let orders: Vec<u32> = sites.iter().map(|s| s.order).collect();
        assert_eq!(orders, vec![1, 0, 2]);
        assert_eq!(
            sites.hot.iter().map(|h| h.order).collect::<Vec<_>>(),
            orders
        );
        assert_eq!(sites.origin_node("a"), Some((1, Some(1))));
        // Locations come after the sites.
        assert_eq!(sites.origin_node("l-b"), Some((4, None)));
        assert_eq!(sites.origin_node("nowhere"), None);
        let b = sites.site(0).map(|s| s.xyz);
        assert_eq!(b, sites.xyz.first().copied());
        // Site b is at location l-b: the same position.
        assert_eq!(b, sites.location_xyz.get(1).copied());
        assert!(sites.site(3).is_none());
    }

    #[test]
    fn legal_entities_stand_for_their_sites() {
        let n = super::super::tests::network();
        let sites = Sites::build(&n);
        let entities = LegalEntities::build(&n, &sites);
        let chu = entities.ix.get("le-chu").copied();
        assert_eq!(chu.map(|le| entities.sites_of(le)), Some(&[0, 2][..]));
        assert!(entities.sites_of(99).is_empty());
    }
}
