//! What each site can do: its capability levels per filière, and the capable sites of each
//! filière (by site order, and by position for the entry-site search).

use super::filieres::Filieres;
use super::sites::Sites;
use super::{SiteIx, Span, ix32, rank8};
use crate::network::Network;

/// [`Capabilities::quick`]: no capability in the filière.
pub(crate) const CAP_NONE: u8 = u8::MAX;
/// [`Capabilities::quick`]: dated or several capabilities; the entries tell.
pub(crate) const CAP_DATED: u8 = u8::MAX - 1;

/// A site capable in a filière, with its position, for the entry-site search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct GeoSite {
    pub xyz: [f64; 3],
    pub site: SiteIx,
    /// The site's tie-break order.
    pub order: u32,
}

/// Capabilities per (filière, site).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Capabilities {
    /// Number of sites: (filière `f`, site `s`) is at `f * n_sites + s`.
    n_sites: usize,
    /// CSR layout: entries of site `s` in filière `f` are
    /// `entries[offsets[f * S + s]..offsets[f * S + s + 1]]`, as (level rank, span).
    offsets: Vec<u32>,
    entries: Vec<(u8, Span)>,
    /// One byte per (filière, site), same index as `offsets`: the level of a single
    /// capability in force at every date, [`CAP_NONE`], or [`CAP_DATED`] (look at the entries).
    /// 120 KB for the national network, so a candidate's capability is usually one cache hit.
    quick: Vec<u8>,
    /// Sites with any capability per filière, sorted by site order.
    pub capable: Vec<Vec<SiteIx>>,
    /// The same sites with their positions, sorted by the position's `z` (the sine of the
    /// latitude): the entry-site search sweeps outwards from the origin's `z`.
    pub capable_geo: Vec<Vec<GeoSite>>,
}

impl Capabilities {
    /// Indexes the capabilities of a network per (filière, site).
    pub fn build(n: &Network, sites: &Sites, filieres: &Filieres) -> Capabilities {
        let n_sites = sites.len();
        let mut caps: Vec<Vec<(u8, Span)>> = vec![Vec::new(); filieres.len() * n_sites];
        let mut capable: Vec<Vec<SiteIx>> = vec![Vec::new(); filieres.len()];
        for c in &n.capabilities {
            let (Some(&f), Some(&s)) = (filieres.ix.get(&c.filiere), sites.ix.get(&c.site)) else {
                continue;
            };
            let rank = filieres
                .get(f as usize)
                .and_then(|fd| fd.levels.iter().position(|l| *l == c.level))
                .map_or(0, rank8);
            if let Some(list) = caps.get_mut(f as usize * n_sites + s as usize) {
                if list.is_empty() {
                    if let Some(cl) = capable.get_mut(f as usize) {
                        cl.push(s);
                    }
                }
                list.push((rank, Span::of(&c.validity)));
            }
        }
        let mut offsets = Vec::with_capacity(caps.len() + 1);
        let mut entries = Vec::new();
        offsets.push(0);
        for list in &caps {
            entries.extend_from_slice(list);
            offsets.push(ix32(entries.len()));
        }
        let quick = caps
            .iter()
            .map(|list| match list.as_slice() {
                [] => CAP_NONE,
                [(level, span)] if *span == Span::ALWAYS && *level < CAP_DATED => *level,
                _ => CAP_DATED,
            })
            .collect();
        drop(caps);
        for list in &mut capable {
            crate::order::sort_by_key(list, |&s| sites.site(s).map_or(0, |d| d.order));
        }
        let capable_geo = capable
            .iter()
            .map(|list| {
                let mut g: Vec<GeoSite> = list
                    .iter()
                    .filter_map(|&site| {
                        let d = sites.site(site)?;
                        Some(GeoSite {
                            xyz: d.xyz,
                            site,
                            order: d.order,
                        })
                    })
                    .collect();
                crate::order::sort_by(&mut g, |a, b| a.xyz[2].total_cmp(&b.xyz[2]));
                g
            })
            .collect();
        Capabilities {
            n_sites,
            offsets,
            entries,
            quick,
            capable,
            capable_geo,
        }
    }

    /// Best capability level of a site in a filière at a date, if any.
    #[inline]
    pub fn level(&self, s: SiteIx, f: u32, day: i32, planned: bool) -> Option<u8> {
        let k = f as usize * self.n_sites + s as usize;
        match self.quick.get(k) {
            None | Some(&CAP_NONE) => return None,
            Some(&level) if level < CAP_DATED => return Some(level),
            Some(_) => {}
        }
        let (Some(&a), Some(&b)) = (self.offsets.get(k), self.offsets.get(k + 1)) else {
            return None;
        };
        self.entries
            .get(a as usize..b as usize)?
            .iter()
            .filter(|(_, span)| span.in_force(day, planned))
            .map(|(r, _)| *r)
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    fn day(y: u16) -> i32 {
        Date::new(y, 6, 1).map_or(0, Date::epoch_day)
    }

    #[test]
    fn capabilities_answer_per_site_filiere_and_date() {
        let n = super::super::tests::network();
        let (sites, filieres) = (Sites::build(&n), Filieres::build(&n));
        let caps = Capabilities::build(&n, &sites, &filieres);
        // Sites b, a, c are 0, 1, 2; filières chir, card are 0, 1.
        assert_eq!(
            caps.quick,
            vec![CAP_DATED, 2, CAP_NONE, CAP_NONE, CAP_NONE, 1]
        );
        assert_eq!(caps.level(1, 0, day(2010), false), Some(2));
        // Site b is "prox" always and "ref" from 2020: the best level in force.
        assert_eq!(caps.level(0, 0, day(2010), false), Some(0));
        assert_eq!(caps.level(0, 0, day(2021), false), Some(1));
        assert_eq!(caps.level(2, 0, day(2021), false), None);
        assert_eq!(caps.level(2, 1, day(2021), false), Some(1));
        assert_eq!(caps.level(7, 9, day(2021), false), None);
        // By site order (a before b), and by latitude (a is south of b).
        assert_eq!(caps.capable, vec![vec![1, 0], vec![2]]);
        let by_z: Vec<SiteIx> = caps
            .capable_geo
            .first()
            .map(|g| g.iter().map(|s| s.site).collect())
            .unwrap_or_default();
        assert_eq!(by_z, vec![1, 0]);
    }
}
