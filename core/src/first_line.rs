//! Where a case comes from, and how a person enters the network: origins as people have them
//! (site id, FINESS number, commune, postal code, location, point) and the choice of the
//! first-line site (catchment, territory, entry policy). The semantics are documented in
//! [`crate::route`] ("First-line entry").

use crate::engine::{Engine, SiteIx};
use crate::entry::Covered;
use crate::geo::unit_vector;
use crate::network::Finess;
use crate::route::{Case, Origin, ReasonCode};

/// The commune a person comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Home {
    /// An entry of the commune reference (a current commune).
    Reference(u32),
    /// The INSEE code of a location of the network (index of the location), without reference
    /// or not in it.
    Location(u32),
}

/// How a first-line site was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryBasis {
    /// A catchment of the site lists the person's commune.
    Catchment,
    /// The site is a member of a grouping whose territory covers the person's commune.
    Territory(u32),
    /// The network's entry policy: the nearest site within its limits.
    Policy,
}

/// Where a case comes from: the origin node (site or location), the origin site, the position
/// (unit vector) and the person's commune.
pub(crate) type Place = (Option<usize>, Option<SiteIx>, [f64; 3], Option<Home>);

impl Engine {
    /// Resolves a case's origin to a place.
    pub(crate) fn place(&self, case: &Case) -> Result<Place, ReasonCode> {
        match &case.origin {
            Origin::Id(id) => {
                let (node, site) = self
                    .sites
                    .origin_node(id)
                    .ok_or(ReasonCode::UnknownOrigin)?;
                self.node_place(node, site)
            }
            Origin::Point { lat, lon } => {
                if !(lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0)
                {
                    return Err(ReasonCode::InvalidCoordinates);
                }
                let at = unit_vector(lat.to_radians(), lon.to_radians());
                Ok((
                    None,
                    None,
                    at,
                    self.entry.nearest_commune(at).map(Home::Reference),
                ))
            }
            Origin::Commune { commune } => {
                let refs = self
                    .entry
                    .communes
                    .as_deref()
                    .ok_or(ReasonCode::NoCommuneReference)?;
                let r = refs
                    .resolve(commune.trim())
                    .map_err(|_| ReasonCode::UnknownCommune)?;
                let at = commune_xyz(r.commune).ok_or(ReasonCode::UnknownCommune)?;
                Ok((None, None, at, Some(Home::Reference(r.index))))
            }
            Origin::PostalCode { postal_code } => {
                let refs = self
                    .entry
                    .communes
                    .as_deref()
                    .ok_or(ReasonCode::NoCommuneReference)?;
                let (r, _) = refs
                    .postal_code(postal_code.trim())
                    .map_err(|_| ReasonCode::UnknownPostalCode)?;
                let at = commune_xyz(r.commune).ok_or(ReasonCode::UnknownPostalCode)?;
                Ok((None, None, at, Some(Home::Reference(r.index))))
            }
            Origin::Finess { finess } => {
                let site = self.finess_site(finess)?;
                self.node_place(site as usize, Some(site))
            }
        }
    }

    /// The site of a FINESS number: an establishment's (ET), or a legal entity's (EJ) with a
    /// single site.
    pub(crate) fn finess_site(&self, finess: &str) -> Result<SiteIx, ReasonCode> {
        let number = Finess::new(finess.trim()).map_err(|_| ReasonCode::InvalidFiness)?;
        if number.luhn_ok() == Some(false) {
            return Err(ReasonCode::InvalidFiness);
        }
        if let Some(&s) = self.entry.finess_et.get(number.as_str()) {
            return Ok(s);
        }
        match self.entry.finess_ej.get(number.as_str()).map(Vec::as_slice) {
            Some([s]) => Ok(*s),
            Some([_, _, ..]) => Err(ReasonCode::AmbiguousFiness),
            Some([]) | None => Err(ReasonCode::UnknownFiness),
        }
    }

    fn node_place(&self, node: usize, site: Option<SiteIx>) -> Result<Place, ReasonCode> {
        let at = match site {
            Some(s) => self.sites.xyz.get(s as usize),
            None => self.sites.location_xyz.get(node - self.sites.len()),
        };
        let at = *at.ok_or(ReasonCode::UnknownOrigin)?;
        let home = if site.is_some() {
            None
        } else {
            let l = node - self.sites.len();
            let code = self
                .entry
                .location_commune
                .get(l)
                .and_then(Option::as_deref);
            code.and_then(|c| {
                let refs = self.entry.communes.as_deref();
                match refs.map(|r| r.resolve(c)) {
                    Some(Ok(r)) => Some(Home::Reference(r.index)),
                    _ => u32::try_from(l).ok().map(Home::Location),
                }
            })
        };
        Ok((Some(node), site, at, home))
    }

    /// The INSEE code of a person's commune.
    pub(crate) fn home_code(&self, home: Option<Home>) -> Option<&str> {
        match home? {
            Home::Reference(i) => self
                .entry
                .communes
                .as_deref()?
                .get_index(i)
                .map(|c| c.code.as_str()),
            Home::Location(l) => self.entry.location_commune.get(l as usize)?.as_deref(),
        }
    }

    /// The first-line site of a person: the nearest site working in the filière at the date
    /// (a) among the sites whose catchment lists the person's commune; else (b) among the
    /// members of groupings whose territory covers the commune; else (c) within the network's
    /// entry policy. Sites in `skip` were tried already. `None`: the person does not enter.
    #[allow(clippy::too_many_arguments)] // the routing context, unpacked
    pub(crate) fn first_line(
        &self,
        filiere: u32,
        day: i32,
        planned: bool,
        at: [f64; 3],
        patient_node: Option<usize>,
        home: Option<Home>,
        skip: &[SiteIx],
    ) -> Option<(SiteIx, EntryBasis)> {
        let works = |s: SiteIx| {
            !skip.contains(&s)
                && self
                    .sites
                    .hot
                    .get(s as usize)
                    .is_some_and(|d| d.span.in_force(day, planned))
                && self.capabilities.level(s, filiere, day, planned).is_some()
        };
        let nearest = |sites: &mut dyn Iterator<Item = SiteIx>| -> Option<(f64, u32, SiteIx)> {
            let mut best: Option<(f64, u32, SiteIx)> = None;
            for s in sites {
                let Some(order) = self.sites.site(s).map(|d| d.order) else {
                    continue;
                };
                if best.is_some_and(|(_, _, b)| b == s) || !works(s) {
                    continue;
                }
                let (km, minutes) = self.distance_from(at, patient_node, s);
                let key = minutes.unwrap_or(km);
                if best.is_none_or(|(k, o, _)| key < k || (key <= k && order < o)) {
                    best = Some((key, order, s));
                }
            }
            best
        };
        if let Some(code) = self.home_code(home) {
            let mut catch = self
                .entry
                .catchments(code)
                .filter(|c| {
                    c.span.in_force(day, planned)
                        && (c.filieres.is_empty() || c.filieres.contains(&filiere))
                })
                .map(|c| c.site);
            if let Some((_, _, s)) = nearest(&mut catch) {
                return Some((s, EntryBasis::Catchment));
            }
            let mut best: Option<(f64, u32, SiteIx, u32)> = None;
            for cover in self.entry.covers(code) {
                let Covered::Grouping(g) = cover.what else {
                    continue;
                };
                let Some(gd) = self.groupings.get(g as usize) else {
                    continue;
                };
                if !cover.span.in_force(day, planned)
                    || !gd.span.in_force(day, planned)
                    || !(gd.filieres.is_empty() || gd.filieres.contains(&filiere))
                {
                    continue;
                }
                let mut members = gd
                    .members
                    .iter()
                    .filter(|m| m.span.in_force(day, planned))
                    .map(|m| m.site);
                if let Some((k, o, s)) = nearest(&mut members) {
                    if best.is_none_or(|(bk, bo, _, _)| k < bk || (k <= bk && o < bo)) {
                        best = Some((k, o, s, cover.territory));
                    }
                }
            }
            if let Some((_, _, s, t)) = best {
                return Some((s, EntryBasis::Territory(t)));
            }
        }
        let (max_km, max_minutes) = self.entry.policy?;
        let s = self.entry_site(filiere, day, planned, at, patient_node, skip)?;
        let (km, minutes) = self.distance_from(at, patient_node, s);
        (km <= max_km && minutes.is_none_or(|m| m <= max_minutes))
            .then_some((s, EntryBasis::Policy))
    }

    /// The tele-services offered without a rule to a person at `home` (national ones, and those
    /// whose territory covers the commune) in the filière at the date, in id order.
    pub(crate) fn covering_teles(
        &self,
        filiere: u32,
        day: i32,
        planned: bool,
        home: Option<Home>,
    ) -> Vec<u32> {
        let serves = |t: u32| {
            self.services.teles.get(t as usize).is_some_and(|d| {
                d.span.in_force(day, planned)
                    && (d.filieres.is_empty() || d.filieres.contains(&filiere))
            })
        };
        let mut out: Vec<u32> = (0..self.services.teles.len())
            .filter_map(|t| u32::try_from(t).ok())
            .filter(|&t| {
                self.services
                    .teles
                    .get(t as usize)
                    .is_some_and(|d| d.national)
                    && serves(t)
            })
            .collect();
        if let Some(code) = self.home_code(home) {
            for cover in self.entry.covers(code) {
                if let Covered::Tele(t) = cover.what {
                    if cover.span.in_force(day, planned) && serves(t) && !out.contains(&t) {
                        out.push(t);
                    }
                }
            }
        }
        crate::order::sort_by(&mut out, |a, b| {
            let id = |t: &u32| self.services.teles.get(*t as usize).map(|d| d.id.as_str());
            id(a).cmp(&id(b))
        });
        out
    }
}

/// The unit vector of a commune's representative point.
fn commune_xyz(c: &crate::reference::Commune) -> Option<[f64; 3]> {
    Some(unit_vector(c.lat?.to_radians(), c.lon?.to_radians()))
}
