//! The compiled index of territories, catchments, the entry policy, the commune reference and
//! FINESS numbers: what the engine needs to let a person enter the network from where they live
//! (see "First-line entry" in [`crate::route`]).

use crate::engine::HashMap;
use std::sync::Arc;

use crate::engine::{SiteIx, Span};
use crate::network::Network;
use crate::reference::{Communes, departement_of};

/// What a territory that covers a commune is the territory of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Covered {
    /// A grouping (index in the engine's groupings).
    Grouping(u32),
    /// A tele-service (index in the engine's tele-services).
    Tele(u32),
}

/// One territory covering a commune (directly, by its département, or through an included
/// territory).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Cover {
    pub territory: u32,
    pub what: Covered,
    pub span: Span,
}

/// One catchment covering a commune.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CatchEntry {
    pub site: SiteIx,
    /// Filière indexes; empty means all.
    pub filieres: Vec<u32>,
    pub span: Span,
}

/// The compiled territories, catchments, entry policy, commune reference and FINESS index.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct EntryIndex {
    pub territory_ids: Vec<String>,
    pub territory_derived: Vec<bool>,
    /// Commune code → covers; département code → covers.
    pub by_commune: HashMap<String, Vec<Cover>>,
    pub by_departement: HashMap<String, Vec<Cover>>,
    /// Catchments by commune code and by département code.
    pub catch_commune: HashMap<String, Vec<CatchEntry>>,
    pub catch_departement: HashMap<String, Vec<CatchEntry>>,
    /// The network's entry policy: (max km, max minutes), `None` without a policy.
    pub policy: Option<(f64, f64)>,
    /// The commune reference, when given.
    pub communes: Option<Arc<Communes>>,
    /// Current communes with a point, as unit vectors sorted by `z` (for locating points).
    pub commune_geo: Vec<([f64; 3], u32)>,
    /// FINESS ET number → site; FINESS EJ number → sites of the legal entity.
    pub finess_et: HashMap<String, SiteIx>,
    pub finess_ej: HashMap<String, Vec<SiteIx>>,
    /// Location index → INSEE commune code, when the location gives one.
    pub location_commune: Vec<Option<String>>,
}

/// What compiling the entry index needs of the engine's other indexes.
#[allow(clippy::struct_field_names)] // the engine's own names for them
pub(crate) struct Indexes<'a> {
    pub site_ix: &'a HashMap<String, SiteIx>,
    pub grouping_ix: &'a HashMap<String, u32>,
    pub tele_ix: &'a HashMap<String, u32>,
    pub filiere_ix: &'a HashMap<String, u32>,
}

impl EntryIndex {
    /// Compiles the index. The network has been validated, so references resolve.
    #[allow(clippy::too_many_lines)] // one pass per kind of fact, in file order
    pub fn build(n: &Network, ix: &Indexes<'_>, communes: Option<Arc<Communes>>) -> Self {
        let mut out = EntryIndex {
            territory_ids: n.territories.iter().map(|t| t.id.clone()).collect(),
            territory_derived: n.territories.iter().map(|t| t.derived).collect(),
            ..Self::default()
        };
        let t_ix: HashMap<&str, usize> = n
            .territories
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i))
            .collect();
        // Each territory's communes and départements, with included territories flattened
        // (validation rejects cycles; the depth bound guards anyway).
        let flat: Vec<(Vec<&str>, Vec<&str>)> = (0..n.territories.len())
            .map(|i| flatten(n, &t_ix, i))
            .collect();
        for (i, t) in n.territories.iter().enumerate() {
            let span = Span::of(&t.validity);
            let territory = u32::try_from(i).unwrap_or(u32::MAX);
            let whats = t
                .groupings
                .iter()
                .filter_map(|g| ix.grouping_ix.get(g).map(|&g| Covered::Grouping(g)))
                .chain(
                    t.tele_services
                        .iter()
                        .filter_map(|s| ix.tele_ix.get(s).map(|&s| Covered::Tele(s))),
                );
            let Some((communes_of, deps)) = flat.get(i) else {
                continue;
            };
            for what in whats {
                let cover = Cover {
                    territory,
                    what,
                    span,
                };
                for c in communes_of {
                    push_unique(
                        out.by_commune
                            .entry(resolve_code(communes.as_deref(), c))
                            .or_default(),
                        cover,
                    );
                }
                for d in deps {
                    push_unique(
                        out.by_departement.entry((*d).to_owned()).or_default(),
                        cover,
                    );
                }
            }
        }
        for c in &n.catchments {
            let Some(&site) = ix.site_ix.get(&c.site) else {
                continue;
            };
            let entry = CatchEntry {
                site,
                filieres: c
                    .filieres
                    .iter()
                    .filter_map(|f| ix.filiere_ix.get(f).copied())
                    .collect(),
                span: Span::of(&c.validity),
            };
            let (mut cs, mut ds): (Vec<&str>, Vec<&str>) =
                (c.communes.iter().map(String::as_str).collect(), Vec::new());
            if let Some(&t) = c.territory.as_deref().and_then(|t| t_ix.get(t)) {
                if let Some((tc, td)) = flat.get(t) {
                    cs.extend(tc);
                    ds.extend(td);
                }
            }
            for code in cs {
                out.catch_commune
                    .entry(resolve_code(communes.as_deref(), code))
                    .or_default()
                    .push(entry.clone());
            }
            for d in ds {
                out.catch_departement
                    .entry(d.to_owned())
                    .or_default()
                    .push(entry.clone());
            }
        }
        out.policy = n.entry.as_ref().map(|p| {
            (
                p.max_distance_km.unwrap_or(f64::INFINITY),
                p.max_minutes.unwrap_or(f64::INFINITY),
            )
        });
        for (i, s) in n.sites.iter().enumerate() {
            let site = SiteIx::try_from(i).unwrap_or(SiteIx::MAX);
            if let Some(f) = &s.finess_et {
                out.finess_et.insert(f.as_str().to_owned(), site);
            }
        }
        for e in &n.legal_entities {
            let Some(f) = &e.finess_ej else { continue };
            let sites: Vec<SiteIx> = n
                .sites
                .iter()
                .enumerate()
                .filter(|(_, s)| s.legal_entity == e.id)
                .filter_map(|(i, _)| SiteIx::try_from(i).ok())
                .collect();
            out.finess_ej.insert(f.as_str().to_owned(), sites);
        }
        out.location_commune = n.locations.iter().map(|l| l.insee.clone()).collect();
        if let Some(c) = &communes {
            let mut geo: Vec<([f64; 3], u32)> = c
                .all()
                .iter()
                .enumerate()
                .filter(|(_, c)| c.is_current())
                .filter_map(|(i, c)| {
                    let (lat, lon) = (c.lat?, c.lon?);
                    Some((
                        crate::geo::unit_vector(lat.to_radians(), lon.to_radians()),
                        u32::try_from(i).ok()?,
                    ))
                })
                .collect();
            crate::order::sort_by(&mut geo, |a, b| {
                a.0[2].total_cmp(&b.0[2]).then(a.1.cmp(&b.1))
            });
            out.commune_geo = geo;
        }
        out.communes = communes;
        out
    }

    /// The territories covering a commune (by code and by département), in force or not.
    pub fn covers<'s>(&'s self, code: &'s str) -> impl Iterator<Item = &'s Cover> + 's {
        let a = self.by_commune.get(code).map_or(&[][..], Vec::as_slice);
        let b = self
            .by_departement
            .get(departement_of(code))
            .map_or(&[][..], Vec::as_slice);
        a.iter().chain(b.iter())
    }

    /// The catchments covering a commune, in force or not.
    pub fn catchments<'s>(&'s self, code: &'s str) -> impl Iterator<Item = &'s CatchEntry> + 's {
        let a = self.catch_commune.get(code).map_or(&[][..], Vec::as_slice);
        let b = self
            .catch_departement
            .get(departement_of(code))
            .map_or(&[][..], Vec::as_slice);
        a.iter().chain(b.iter())
    }

    /// The current commune whose representative point is nearest to `at` (a unit vector): the
    /// commune a point is taken to lie in. `None` without a reference.
    pub fn nearest_commune(&self, at: [f64; 3]) -> Option<u32> {
        let list = &self.commune_geo;
        let z = at[2];
        let split = list.partition_point(|g| g.0[2] < z);
        let (mut down, mut up) = (split, split);
        let mut best: Option<(f64, u32)> = None;
        loop {
            let below = down.checked_sub(1).and_then(|i| list.get(i));
            let above = list.get(up);
            let g = match (below, above) {
                (None, None) => break,
                (Some(b), Some(a)) if z - b.0[2] <= a.0[2] - z => {
                    down -= 1;
                    b
                }
                (Some(b), None) => {
                    down -= 1;
                    b
                }
                (_, Some(a)) => {
                    up += 1;
                    a
                }
            };
            let dz = g.0[2] - z;
            if best.is_some_and(|(k, _)| dz * dz > k) {
                break;
            }
            let (dx, dy) = (at[0] - g.0[0], at[1] - g.0[1]);
            let key = dx * dx + dy * dy + dz * dz;
            if best.is_none_or(|(k, c)| key < k || (key <= k && g.1 < c)) {
                best = Some((key, g.1));
            }
        }
        best.map(|(_, c)| c)
    }
}

fn push_unique(list: &mut Vec<Cover>, cover: Cover) {
    if !list.contains(&cover) {
        list.push(cover);
    }
}

/// A commune code as the reference knows it now: a former code becomes its successor.
fn resolve_code(communes: Option<&Communes>, code: &str) -> String {
    communes
        .and_then(|c| c.resolve(code).ok())
        .map_or_else(|| code.to_owned(), |r| r.commune.code.clone())
}

/// The communes and départements of territory `i`, included territories flattened.
fn flatten<'n>(
    n: &'n Network,
    t_ix: &HashMap<&str, usize>,
    i: usize,
) -> (Vec<&'n str>, Vec<&'n str>) {
    let mut communes = Vec::new();
    let mut deps = Vec::new();
    let mut stack = vec![(i, 0usize)];
    let mut seen = vec![false; n.territories.len()];
    while let Some((t, depth)) = stack.pop() {
        if depth > 32 || seen.get(t).copied().unwrap_or(true) {
            continue;
        }
        if let Some(s) = seen.get_mut(t) {
            *s = true;
        }
        let Some(ter) = n.territories.get(t) else {
            continue;
        };
        communes.extend(ter.communes.iter().map(String::as_str));
        deps.extend(ter.departements.iter().map(String::as_str));
        for o in &ter.territories {
            if let Some(&j) = t_ix.get(o.as_str()) {
                stack.push((j, depth + 1));
            }
        }
    }
    (communes, deps)
}
